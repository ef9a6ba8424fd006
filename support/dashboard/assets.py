"""The browser libraries, pinned through npm in tools/package.json and served by the dashboard itself.

Never from a CDN: the dashboard must work on a machine with no internet, and a page loads only
what this checkout pinned. `make setup` (npm ci --prefix tools) installs them.
"""

from __future__ import annotations

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "tools" / "node_modules"
VENDOR: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "Sortable.min.js": "sortablejs/Sortable.min.js",
}
AXE = "axe-core/axe.min.js"  # injected by the browser tests only, never served to users


def vendor_file(name: str) -> Path | None:
    relative = VENDOR.get(name)
    path = NODE_MODULES / relative if relative else None
    return path if path and path.is_file() else None


def missing() -> list[str]:
    """Pinned browser libraries that are not installed (the command line says to run make setup)."""
    return [relative.split("/")[0] for relative in VENDOR.values() if not (NODE_MODULES / relative).is_file()]
