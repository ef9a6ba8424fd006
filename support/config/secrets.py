"""Secrets: literal, ``env:NAME`` or ``vault:<mount>/<path>#<key>`` values, resolved on first use.

Files hold references, never secrets, so that environment files can be committed (SEC-001.3).
A reference is only dereferenced when a client needs the value, which keeps ``test:config`` and
runs that never log in independent of Vault. Every secret value the process learns goes into the
registry of support.clients.masking, so ``mask()``, ``MaskingFilter`` and the clients' own
masking scrub logs and reports of it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, SecretStr
from pydantic_core import PydanticCustomError

from support.clients.masking import mask_text, register_secret
from support.config import tree
from support.config.errors import ConfigError, invalid
from support.errors import VaultUnreachable

if TYPE_CHECKING:
    import hvac

    from support.config.models import FrameworkSettings

ENV_PREFIX = "env:"
VAULT_PREFIX = "vault:"


@dataclass(frozen=True)
class VaultRef:
    """``vault:secret/jump/staging/accounts#admin``; ``vault:/jump/...#k`` uses ``vault.mount``."""

    mount: str | None
    path: str
    key: str

    @classmethod
    def parse(cls, raw: str) -> VaultRef:
        location, sep, key = raw.removeprefix(VAULT_PREFIX).partition("#")
        mount, slash, path = location.partition("/")
        if not (sep and key and slash and path.strip("/")):
            raise ValueError("a Vault reference reads vault:<mount>/<path>#<key>")
        return cls(mount or None, path.strip("/"), key)


def is_reference(raw: str) -> bool:
    return raw.startswith((ENV_PREFIX, VAULT_PREFIX))


def _check_reference(value: SecretStr) -> SecretStr:
    """Refuses malformed references at load time rather than at first login."""
    raw = value.get_secret_value()
    try:
        if raw.startswith(VAULT_PREFIX):
            VaultRef.parse(raw)
        elif raw.startswith(ENV_PREFIX) and not raw.removeprefix(ENV_PREFIX):
            raise ValueError("an environment reference reads env:NAME")
    except ValueError as exc:
        raise PydanticCustomError("secret_reference", str(exc)) from None
    return value


Secret = Annotated[SecretStr, AfterValidator(_check_reference)]
"""A literal secret or a reference to one; the type of every password and token setting."""


# -- the registry of known secret values (one per process, shared with the clients) ------------
def register(value: str | SecretStr | None) -> None:
    """Remembers a secret so ``mask()`` scrubs it from any text (logs, reports, attachments)."""
    raw = value.get_secret_value() if isinstance(value, SecretStr) else value
    if raw and not is_reference(raw) and raw != "auto":  # "auto" is taken from the local stack, not a secret
        register_secret(raw)


def mask(text: str) -> str:
    """``text`` with every registered secret (and any JWT) replaced by ``********``."""
    return mask_text(text)


class MaskingFilter(logging.Filter):
    """A logging filter that scrubs registered secrets from every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask(record.getMessage()), None
        return True


def register_literals(settings: BaseModel) -> None:
    """Registers the literal secrets of loaded settings, and passwords embedded in URLs/DSNs."""
    for _, value in tree.leaves(settings.model_dump()):
        if isinstance(value, SecretStr):
            register(value)
        elif isinstance(value, str) and "://" in value:
            register(urlsplit(value).password)


# -- resolution --------------------------------------------------------------------------------
class SecretResolver:
    """Dereferences the secrets of one FrameworkSettings, each once, through env vars or Vault."""

    def __init__(self, settings: FrameworkSettings, environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.environ = os.environ if environ is None else environ
        self._cache: dict[str, SecretStr] = {}
        self._vault_reads: dict[tuple[str, str], Mapping[str, Any]] = {}
        self._client: hvac.Client | None = None

    def resolve(self, key: str) -> SecretStr:
        """The secret at dotted ``key`` (e.g. ``auth.credentials.admin.password``) as a SecretStr."""
        if key not in self._cache:
            value = tree.lookup(self.settings, key)
            if not isinstance(value, SecretStr):
                raise ConfigError(f"{key} is not set in {self.settings.source_of(key)}")
            resolved = self._dereference(key, value.get_secret_value())
            register(resolved)
            self._cache[key] = resolved
        return self._cache[key]

    def credentials(self, role: str) -> tuple[str, SecretStr]:
        """(username, password) of a role, the password resolved."""
        account = self.settings.auth.credentials.get(role)
        if account is None:
            raise ConfigError(f"auth.credentials.{role} is missing in {self.settings.source_of('auth.credentials')}")
        if account.provider != "jump":
            raise ConfigError(f"auth.credentials.{role} uses provider {account.provider!r}: it has no username and password")
        return account.username, self.resolve(f"auth.credentials.{role}.password")

    def _dereference(self, key: str, raw: str) -> SecretStr:
        if raw.startswith(ENV_PREFIX):
            name = raw.removeprefix(ENV_PREFIX)
            if not self.environ.get(name):
                raise invalid(key, raw, self.settings.source_of(key), f"environment variable {name} is not set: export it")
            return SecretStr(self.environ[name])
        if raw.startswith(VAULT_PREFIX):
            if key == "vault.token":
                raise invalid(key, raw, self.settings.source_of(key), "the Vault token cannot come from Vault")
            return SecretStr(self._read_vault(key, raw, VaultRef.parse(raw)))
        return SecretStr(raw)

    def _read_vault(self, key: str, raw: str, ref: VaultRef) -> str:
        mount = ref.mount or self.settings.vault.mount
        where = f"{mount}/{ref.path}"

        def fail(reason: str) -> ConfigError:
            return invalid(key, raw, self.settings.source_of(key), reason)

        if (mount, ref.path) not in self._vault_reads:
            # imported here: hvac and requests cost ~0.2 s, and most commands never read Vault
            import hvac.exceptions
            import requests

            try:
                response = self._vault(fail).secrets.kv.v2.read_secret_version(
                    path=ref.path, mount_point=mount, raise_on_deleted_version=True
                )
            except hvac.exceptions.Forbidden:
                raise fail(f"Vault at {self.settings.vault.url} denied access (403: the token expired or lacks "
                           f"read on {where}): renew the token in vault.token") from None
            except hvac.exceptions.InvalidPath:
                raise fail(f"Vault has no secret at {where} (404): check the path in the reference") from None
            except (requests.ConnectionError, requests.Timeout, hvac.exceptions.VaultDown,
                    hvac.exceptions.InternalServerError, hvac.exceptions.BadGateway) as exc:
                raise VaultUnreachable(f"Vault unreachable at {self.settings.vault.url} ({exc.__class__.__name__}) "
                                       f"while reading {key}: check vault.url and that Vault is up") from None
            except (hvac.exceptions.VaultError, requests.RequestException) as exc:
                raise fail(f"Vault at {self.settings.vault.url} refused the read ({exc.__class__.__name__})") from None
            self._vault_reads[(mount, ref.path)] = response["data"]["data"]
        data = self._vault_reads[(mount, ref.path)]
        if ref.key not in data:
            raise fail(f"Vault secret {where} has no key '{ref.key}'")
        return str(data[ref.key])

    def _vault(self, fail: Callable[[str], ConfigError]) -> hvac.Client:
        """One client per resolver, built on first use so runs without vault: references never need it."""
        if self._client is None:
            import hvac

            vault = self.settings.vault
            if vault.url is None or vault.token is None:
                raise fail("vault.url and vault.token must be set to read vault: references")
            token = self.resolve("vault.token").get_secret_value()
            self._client = hvac.Client(
                url=vault.url, token=token, namespace=vault.namespace, timeout=vault.timeout_s,
                verify=str(vault.ca_file) if vault.ca_file else True,
            )
        return self._client
