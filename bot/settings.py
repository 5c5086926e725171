"""Settings of the whole local stack, read once at start-up.

Every process builds one frozen :class:`Settings` with :meth:`Settings.from_env` and
passes it down. Nothing reads ``os.environ`` at import time. A ``.env`` file at the
project root is read too; real environment variables win over it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Twilio's auth token stands in for these in the local stack so that it starts
#: without an account; :meth:`Settings.require_production_secrets` refuses them.
PLACEHOLDER_TWILIO_SID = "AC00000000000000000000000000000000"
PLACEHOLDER_TWILIO_TOKEN = "local-placeholder-twilio-token"
PLACEHOLDER_SECRET_KEY = "local-placeholder-secret-key-change-me"

SmtpTls = Literal["none", "starttls", "tls"]
LogFormat = Literal["text", "json"]


class SettingsError(ValueError):
    """A setting is missing or malformed; the process must not start."""


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
class SmtpSettings:
    """The mail relay that hand-offs go through."""

    host: str = "localhost"
    port: int = 1025
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: SmtpTls = "none"

    @property
    def is_local_capture(self) -> bool:
        return self.host in {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Settings:
    """Everything a process of the stack needs to know about its environment."""

    public_url: str = "http://localhost:5005"
    portal_url: str = "http://localhost:8088"
    database_url: str = ""
    portal_database_url: str = ""
    redis_url: str | None = None
    smtp: SmtpSettings = SmtpSettings()
    handoff_to: str = "hz12333@hz.gov.cn"
    handoff_from: str = "12333-bot@localhost"
    twilio_account_sid: str = PLACEHOLDER_TWILIO_SID
    twilio_auth_token: str = field(default=PLACEHOLDER_TWILIO_TOKEN, repr=False)
    secret_key: str = field(default=PLACEHOLDER_SECRET_KEY, repr=False)
    bot_port: int = 5005
    actions_port: int = 5055
    portal_port: int = 8088
    var_dir: Path = PROJECT_ROOT / "var"
    voice_transfer_number: str = "12333"
    voice_zero_action: Literal["dial", "handoff"] = "dial"
    retention_days: int = 180
    log_format: LogFormat = "text"
    production: bool = False

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, dotenv: Path | None = None
    ) -> Settings:
        """Build the settings from ``env`` (default ``os.environ``) over ``.env``."""
        merged: dict[str, str] = dict(read_dotenv(dotenv or PROJECT_ROOT / ".env"))
        merged.update(os.environ if env is None else env)

        def get(name: str, default: str | None = None) -> str | None:
            value = merged.get(name)
            return value if value not in (None, "") else default

        def get_int(name: str, default: int) -> int:
            raw = get(name)
            if raw is None:
                return default
            try:
                return int(raw)
            except ValueError as exc:
                raise SettingsError(f"{name} must be a whole number, not {raw!r}") from exc

        var_dir = Path(get("VAR_DIR", str(PROJECT_ROOT / "var")) or "var")
        bot_port = get_int("BOT_PORT", 5005)
        smtp_host = get("SMTP_HOST", "localhost") or "localhost"
        tls = (get("SMTP_TLS", "none") or "none").lower()
        if tls in {"1", "true", "yes"}:
            tls = "starttls"
        if tls in {"0", "false", "no", ""}:
            tls = "none"
        if tls not in {"none", "starttls", "tls"}:
            raise SettingsError(f"SMTP_TLS must be none, starttls or tls, not {tls!r}")
        zero_action = get("VOICE_ZERO_ACTION", "dial")
        if zero_action not in {"dial", "handoff"}:
            raise SettingsError(f"VOICE_ZERO_ACTION must be dial or handoff, not {zero_action!r}")
        log_format = (get("LOG_FORMAT", "text") or "text").lower()
        if log_format not in {"text", "json"}:
            raise SettingsError(f"LOG_FORMAT must be text or json, not {log_format!r}")

        settings = cls(
            public_url=(get("PUBLIC_URL", f"http://localhost:{bot_port}") or "").rstrip("/"),
            portal_url=(
                get("PORTAL_URL", f"http://localhost:{get_int('PORTAL_PORT', 8088)}") or ""
            ).rstrip("/"),
            database_url=get("DATABASE_URL", f"sqlite:///{var_dir / 'bot.db'}") or "",
            portal_database_url=get("PORTAL_DATABASE_URL", f"sqlite:///{var_dir / 'portal.db'}")
            or "",
            redis_url=get("REDIS_URL"),
            smtp=SmtpSettings(
                host=smtp_host,
                port=get_int("SMTP_PORT", 1025),
                user=get("SMTP_USER"),
                password=get("SMTP_PASSWORD"),
                tls=tls,  # type: ignore[arg-type]
            ),
            handoff_to=get("HANDOFF_TO", "hz12333@hz.gov.cn") or "",
            handoff_from=get("HANDOFF_FROM", "12333-bot@localhost") or "",
            twilio_account_sid=get("TWILIO_ACCOUNT_SID", PLACEHOLDER_TWILIO_SID) or "",
            twilio_auth_token=get("TWILIO_AUTH_TOKEN", PLACEHOLDER_TWILIO_TOKEN) or "",
            secret_key=get("SECRET_KEY", PLACEHOLDER_SECRET_KEY) or "",
            bot_port=bot_port,
            actions_port=get_int("ACTIONS_PORT", 5055),
            portal_port=get_int("PORTAL_PORT", 8088),
            var_dir=var_dir,
            voice_transfer_number=get("VOICE_TRANSFER_NUMBER", "12333") or "12333",
            voice_zero_action=zero_action,  # type: ignore[arg-type]
            retention_days=get_int("RETENTION_DAYS", 180),
            log_format=log_format,  # type: ignore[arg-type]
            production=(get("APP_ENV", "local") or "local").lower() == "production",
        )
        if settings.production:
            settings.require_production_secrets()
        return settings

    def require_production_secrets(self) -> None:
        """Fail fast when a production process would run on a placeholder secret."""
        missing = []
        if self.twilio_auth_token == PLACEHOLDER_TWILIO_TOKEN:
            missing.append("TWILIO_AUTH_TOKEN")
        if self.twilio_account_sid == PLACEHOLDER_TWILIO_SID:
            missing.append("TWILIO_ACCOUNT_SID")
        if self.secret_key == PLACEHOLDER_SECRET_KEY or len(self.secret_key) < 32:
            missing.append("SECRET_KEY (at least 32 characters)")
        if not self.public_url.startswith("https://"):
            missing.append("PUBLIC_URL (https)")
        if missing:
            raise SettingsError("production needs real values for: " + ", ".join(missing))

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"
