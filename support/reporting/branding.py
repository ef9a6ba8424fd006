"""A company's look for the reports: title, Allure language, logo (reporting.title/.language/.logo).

Why the logo travels as bytes: ``./jump test:report`` rebuilds a run's reports from its event stream
alone (support/run/events.py ``ReportSettings``), so the image the run was reported with is kept in
the stream, not a path that may have changed since. A logo is small; a cap keeps the stream lean.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel

# what this Allure's --lang accepts (allure-commandline 2.46.1, io.qameta.allure.validator.LanguageValidator);
# check again when tools/package.json moves Allure
AllureLanguage = Literal["en", "ru", "zh", "de", "nl", "he", "br", "pl", "ja", "es", "kr", "fr", "az", "tr", "sv", "isv"]
ALLURE_LANGUAGES: tuple[str, ...] = get_args(AllureLanguage)

LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
MAX_LOGO_BYTES = 512 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Logo(BaseModel):
    """The logo's bytes (base64) and type, as the stream keeps them."""

    media_type: Literal["image/png", "image/svg+xml"]
    data: str  # base64

    @property
    def file_name(self) -> str:
        return "logo.png" if self.media_type == "image/png" else "logo.svg"

    @property
    def content(self) -> bytes:
        return base64.b64decode(self.data)

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{self.data}"


def read_look_file(path: Path) -> bytes:
    """A logo's or categories file's bytes; ValueError when it is missing, a folder or unreadable (a setting's one line, not a crash)."""
    if not path.exists():
        raise ValueError("no such file")
    if not path.is_file():
        raise ValueError("not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or exc})") from None


def _logo_content(path: Path) -> tuple[str, bytes]:
    """The logo's media type and bytes when it is a readable PNG or SVG of at most 512 KiB; ValueError says what is wrong."""
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise ValueError("a logo must be a .png or .svg file")
    content = read_look_file(path)
    if len(content) > MAX_LOGO_BYTES:
        raise ValueError(f"{len(content)} bytes, a logo may have at most {MAX_LOGO_BYTES}")
    if kind == "image/png" and not content.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    if kind == "image/svg+xml" and b"<svg" not in content[:4096]:
        raise ValueError("not an SVG image (no <svg> element)")
    return kind, content


def check_logo(path: Path) -> Path:
    """The file when it is a readable PNG or SVG of at most 512 KiB; ValueError says what is wrong."""
    _logo_content(path)
    return path


def check_logo_or_none(path: Path | None) -> Path | None:
    return None if path is None else check_logo(path)


def load_logo(path: Path) -> Logo:
    """The checked logo, read once."""
    kind, content = _logo_content(path)
    return Logo(media_type=kind, data=base64.b64encode(content).decode("ascii"))  # type: ignore[arg-type]


def logo_css(logo: Logo) -> str:
    """The custom-logo plugin's stylesheet: the company's image instead of Allure's, top left of every page."""
    return (".side-nav__brand-icon {\n"
            f"  background: url('{logo.file_name}') no-repeat left center !important;\n"
            "  background-size: contain !important;\n"
            "}\n")
