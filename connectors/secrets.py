"""Secrets (components spec §7.1): ``!secret NAME`` providers, the encrypted file, masking.

Resolution order for a name (**Decision**: an explicit process setting beats a stored one):

1. the process environment variable ``DATAWAY_SECRET_<NAME>`` (the default provider);
2. the environment's encrypted secrets file ``.dataway/secrets-<env>.enc`` in the app directory,
   then in its parent (the project directory). The file is a Fernet token (``cryptography``:
   AES-128-CBC + HMAC-SHA256, authenticated) of a JSON object ``{name: value}``; the key is the
   Fernet key in ``DATAWAY_SECRETS_KEY`` (``dataway secret keygen`` prints a new one).

Every resolved value is remembered for :func:`mask`, which replaces it by ``***`` in text bound
for logs, run records, error descriptions and CLI output.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import Any, Iterable, Optional

from dataway.engine.yamlsrc import Secret

__all__ = ["SecretMissing", "SecretsFileError", "Provider", "SecretsFile", "provider_for",
           "resolve", "resolve_tree", "mask", "remember", "KEY_ENV", "ENV_PREFIX",
           "secrets_path", "MaskingFilter"]

ENV_PREFIX = "DATAWAY_SECRET_"
KEY_ENV = "DATAWAY_SECRETS_KEY"
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}\Z")
# Values shorter than this are not masked in free text: masking "a" or "1" everywhere would
# make logs unreadable while hiding nothing (such a value is not a real secret anyway).
MIN_MASKED = 4

_known: set[str] = set()
_known_lock = threading.Lock()
_pattern: Optional[re.Pattern[str]] = None


class SecretMissing(KeyError):
    """A ``!secret`` name no provider knows."""

    def __str__(self) -> str:
        return str(self.args[0])


class SecretsFileError(Exception):
    """The secrets file cannot be read: wrong or missing key, corrupt file."""


def remember(value: str) -> None:
    """Add ``value`` to the masked values."""
    global _pattern
    if not isinstance(value, str) or len(value) < MIN_MASKED:
        return
    with _known_lock:
        if value not in _known:
            _known.add(value)
            # Longest first, so a secret containing another one is masked whole.
            _pattern = re.compile("|".join(re.escape(v) for v in
                                           sorted(_known, key=len, reverse=True)))


def mask(text: str) -> str:
    """``text`` with every known secret value replaced by ``***``."""
    pattern = _pattern
    if pattern is None or not isinstance(text, str):
        return text
    return pattern.sub("***", text)


def mask_value(value: Any, depth: int = 0) -> Any:
    """A copy of a JSON-like tree with secret values masked in every string."""
    if _pattern is None or depth > 200:
        return value
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: mask_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(v, depth + 1) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks secret values in formatted records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _pattern is not None:
            text = record.getMessage()
            masked = mask(text)
            if masked != text:
                record.msg, record.args = masked, None
        return True


def secrets_path(root: Path, environment: str) -> Path:
    """The encrypted secrets file of ``environment`` under a project or app directory."""
    return Path(root) / ".dataway" / f"secrets-{environment}.enc"


class SecretsFile:
    """One encrypted secrets file: read, change and write it with the key of ``KEY_ENV``."""

    def __init__(self, path: Path, key: Optional[str] = None) -> None:
        self.path = Path(path)
        self._key = key if key is not None else os.environ.get(KEY_ENV)

    def _fernet(self) -> Any:
        from cryptography.fernet import Fernet

        if not self._key:
            raise SecretsFileError(f"{KEY_ENV} is not set; create a key with "
                                   "'dataway secret keygen'")
        try:
            return Fernet(self._key.encode("ascii") if isinstance(self._key, str) else self._key)
        except (ValueError, UnicodeEncodeError):
            raise SecretsFileError(f"{KEY_ENV} is not a valid key (32 url-safe base64-encoded "
                                   "bytes, as printed by 'dataway secret keygen')") from None

    def read(self) -> dict[str, str]:
        """All secrets of the file (empty when it does not exist)."""
        if not self.path.exists():
            return {}
        from cryptography.fernet import InvalidToken

        try:
            data = self._fernet().decrypt(self.path.read_bytes())
        except InvalidToken:
            raise SecretsFileError(f"{self.path}: cannot decrypt (wrong {KEY_ENV} or a "
                                   "damaged file)") from None
        except OSError as exc:
            raise SecretsFileError(f"{self.path}: {exc.strerror}") from None
        try:
            values = json.loads(data.decode("utf-8"))
        except ValueError:
            raise SecretsFileError(f"{self.path}: not a secrets file") from None
        if not isinstance(values, dict):
            raise SecretsFileError(f"{self.path}: not a secrets file")
        return {str(k): str(v) for k, v in values.items()}

    def write(self, values: dict[str, str]) -> None:
        """Replace the file's content (atomically, readable by the owner only)."""
        token = self._fernet().encrypt(json.dumps(values, sort_keys=True).encode("utf-8"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(token)
        os.replace(tmp, self.path)


class Provider:
    """Resolves secret names for one environment: process environment, then secrets files."""

    def __init__(self, environment: str = "sandbox", files: Iterable[Path] = (),
                 env: Optional[dict[str, str]] = None) -> None:
        self.environment = environment
        self.files = [Path(f) for f in files]
        self._env = env
        self._stored: Optional[dict[str, str]] = None

    def _file_values(self) -> dict[str, str]:
        if self._stored is None:
            stored: dict[str, str] = {}
            # The nearest file wins: the app's own overrides the project's.
            for path in reversed(self.files):
                if path.exists():
                    stored.update(SecretsFile(path).read())
            self._stored = stored
        return self._stored

    def get(self, name: str) -> str:
        """The value of secret ``name``; SecretMissing when no provider has it."""
        env = os.environ if self._env is None else self._env
        value = env.get(ENV_PREFIX + name)
        if value is None:
            try:
                value = self._file_values().get(name)
            except SecretsFileError as exc:
                raise SecretMissing(f"secret {name!r}: {exc}") from None
        if value is None:
            raise SecretMissing(f"secret {name!r} is not set (environment variable "
                                f"{ENV_PREFIX}{name}, or 'dataway secret set' for the "
                                f"{self.environment} environment)")
        remember(value)
        return value


def provider_for(engine: Any, app: Any = None) -> Provider:
    """The provider of ``engine``'s environment, looking in ``app``'s directory and its parent."""
    environment = getattr(getattr(engine, "settings", None), "environment", "sandbox")
    root = getattr(app, "root", None)
    key = ("connectors.secrets", environment, str(root))
    shared = getattr(engine, "shared", None)
    if shared is not None and key in shared:
        return shared[key]
    files = []
    if root is not None:
        files = [secrets_path(Path(root), environment), secrets_path(Path(root).parent,
                                                                     environment)]
    provider = Provider(environment, files)
    if shared is not None:
        shared[key] = provider
    return provider


def resolve(value: Any, provider: Optional[Provider] = None) -> Any:
    """``value`` itself, or the secret's value when it is a ``!secret``."""
    if isinstance(value, Secret):
        return (provider or Provider()).get(value.name)
    return value


def resolve_tree(value: Any, provider: Optional[Provider] = None, depth: int = 0) -> Any:
    """A copy of a config tree (dicts and lists) with every ``!secret`` resolved."""
    if isinstance(value, Secret):
        return resolve(value, provider)
    if depth > 50:
        return value
    if isinstance(value, dict):
        return {k: resolve_tree(v, provider, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_tree(v, provider, depth + 1) for v in value]
    return value
