"""Settings of the portal sandbox, read once by the command line and passed down.

The sandbox stands alone: it does not import ``bot/``. It reads the same variables as
the rest of the stack (``PORTAL_DATABASE_URL``, ``PORTAL_PORT``) and the ``.env`` file
at the project root; real environment variables win over the file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8088
#: A session token expires after this many seconds without a request.
DEFAULT_SESSION_IDLE_SECONDS = 1800


#: Where events go by default: the bot's webhook under its PUBLIC_URL (issue 16).
EVENTS_PATH = "/webhooks/portal/events"
DEFAULT_PUBLIC_URL = "http://localhost:5005"
#: The bot's local SECRET_KEY (bot/settings.py PLACEHOLDER_SECRET_KEY), repeated here
#: because the sandbox never imports the bot: with neither SECRET_KEY nor
#: PORTAL_EVENTS_SECRET set, both sides derive the same key and `make run` works.
LOCAL_SECRET_KEY = "local-placeholder-secret-key-change-me"


def derive_events_secret(secret_key: str) -> str:
    """PORTAL_EVENTS_SECRET when unset: the same derivation as bot/settings.py's."""
    return hmac.new(secret_key.encode(), b"portal-events-secret", hashlib.sha256).hexdigest()


class SettingsError(ValueError):
    """A setting is malformed; the sandbox must not start."""


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a ``KEY=value`` file; blank lines and ``#`` comments are skipped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@dataclass(frozen=True)
class SandboxSettings:
    """Where the sandbox keeps its data, where it listens, how long sessions live."""

    database_url: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    session_idle_seconds: int = DEFAULT_SESSION_IDLE_SECONDS
    #: Where status-change events are POSTed, and the key that signs them.
    events_url: str = DEFAULT_PUBLIC_URL + EVENTS_PATH
    events_secret: str = field(default="", repr=False)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, dotenv: Path | None = None
    ) -> SandboxSettings:
        """Build the settings from ``env`` (default ``os.environ``) over ``.env``."""
        merged: dict[str, str] = dict(read_dotenv(dotenv or PROJECT_ROOT / ".env"))
        merged.update(os.environ if env is None else env)

        def get(name: str, default: str) -> str:
            value = merged.get(name)
            return value if value else default

        def get_int(name: str, default: int, *, minimum: int) -> int:
            raw = merged.get(name)
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError as exc:
                raise SettingsError(f"{name} must be a whole number, not {raw!r}") from exc
            if value < minimum:
                raise SettingsError(f"{name} must be at least {minimum}, not {value}")
            return value

        var_dir = Path(get("VAR_DIR", str(PROJECT_ROOT / "var")))
        return cls(
            database_url=get("PORTAL_DATABASE_URL", f"sqlite:///{var_dir / 'portal.db'}"),
            host=get("PORTAL_HOST", DEFAULT_HOST),
            port=get_int("PORTAL_PORT", DEFAULT_PORT, minimum=0),
            session_idle_seconds=get_int(
                "PORTAL_SESSION_IDLE_SECONDS", DEFAULT_SESSION_IDLE_SECONDS, minimum=1
            ),
            events_url=get(
                "PORTAL_EVENTS_URL", get("PUBLIC_URL", DEFAULT_PUBLIC_URL).rstrip("/") + EVENTS_PATH
            ),
            events_secret=get(
                "PORTAL_EVENTS_SECRET", derive_events_secret(get("SECRET_KEY", LOCAL_SECRET_KEY))
            ),
        )
