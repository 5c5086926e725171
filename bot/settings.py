"""Settings of the whole local stack, read once at start-up.

Every process builds one frozen :class:`Settings` with :meth:`Settings.from_env` and
passes it down. Nothing reads ``os.environ`` at import time. A ``.env`` file at the
project root is read too; real environment variables win over it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Twilio's auth token stands in for these in the local stack so that it starts
#: without an account; :meth:`Settings.require_production_secrets` refuses them.
PLACEHOLDER_TWILIO_SID = "AC00000000000000000000000000000000"
PLACEHOLDER_TWILIO_TOKEN = "local-placeholder-twilio-token"
PLACEHOLDER_SECRET_KEY = "local-placeholder-secret-key-change-me"
#: Where every service listens unless BIND_HOST says otherwise: nginx (or a container
#: network) is the only way in, and the action server must not be reachable at all.
DEFAULT_BIND_HOST = "127.0.0.1"

#: Values shipped in deploy/env/, deploy/compose.env.example and .env.example: an
#: operator who copied a template without filling it in must not get a running server.
TEMPLATE_VALUES = frozenset(
    value.lower()
    for value in (
        PLACEHOLDER_TWILIO_SID,
        PLACEHOLDER_TWILIO_TOKEN,
        PLACEHOLDER_SECRET_KEY,
        "CHANGE-ME",
        "CHANGE-ME-to-at-least-32-random-characters",
        "change-me-to-at-least-32-random-characters-0123456789",
        "change-me-to-a-long-random-password",
        "CHANGE-ME-to-another-32-random-characters",
        "change-me-to-another-32-random-characters-0123456789",
        "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    )
)
#: Words that only a template or a documentation example contains, compared after
#: lower-casing and dropping separators, so "CHANGE_ME" and "change me" match too.
TEMPLATE_MARKERS = ("changeme", "replaceme", "placeholder", "example", "xxxx", "yoursecret")
#: A secret shorter than this, or with fewer distinct characters, is refused in production.
#: Twilio's auth token is 32 hex digits; 32 random ones show fewer than 8 distinct
#: digits about once in 30 million, so a real token is never refused.
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT_CHARS = 8
#: Twilio's account SID: "AC" and 32 hex digits.
TWILIO_SID_PATTERN = re.compile(r"AC[0-9a-f]{32}")

SmtpTls = Literal["none", "starttls", "tls"]
LogFormat = Literal["text", "json"]


class SettingsError(ValueError):
    """A setting is missing or malformed; the process must not start."""


def derive_action_token(secret_key: str) -> str:
    """The action server's token when ACTION_SERVER_TOKEN is unset (local runs only).

    Both the Rasa server (through the environment that bot/stack.py passes) and the
    action server compute the same value, so `make run` needs no setting.
    """
    return hmac.new(secret_key.encode(), b"action-server-token", hashlib.sha256).hexdigest()


def derive_events_secret(secret_key: str) -> str:
    """PORTAL_EVENTS_SECRET when unset (local runs only); portal_sandbox/settings.py
    derives the same from the same SECRET_KEY, so `make run` needs no setting."""
    return hmac.new(secret_key.encode(), b"portal-events-secret", hashlib.sha256).hexdigest()


def parse_quiet_hours(raw: str) -> tuple[int, int] | None:
    """``"21-8"`` → ``(21, 8)`` (Beijing hours, start inclusive, end exclusive); ``off`` → None."""
    value = raw.strip().lower()
    if value in {"off", "0", "false", "no", "none"}:
        return None
    start, sep, end = value.partition("-")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit():
        raise SettingsError(f"QUIET_HOURS must be like 21-8 (Beijing hours) or off, not {raw!r}")
    hours = int(start), int(end)
    if not all(0 <= hour <= 23 for hour in hours) or hours[0] == hours[1]:
        raise SettingsError(f"QUIET_HOURS hours must be 0-23 and differ, not {raw!r}")
    return hours


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or an address in 127.0.0.0/8 or ::1: traffic that never leaves the host."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def looks_like_template(value: str) -> bool:
    """True for a value copied from a template or documentation, not chosen by an operator."""
    folded = value.strip().lower()
    if folded in TEMPLATE_VALUES:
        return True
    squeezed = re.sub(r"[\s_.\-]+", "", folded)
    return any(marker in squeezed for marker in TEMPLATE_MARKERS)


def weak_secret_reason(value: str) -> str | None:
    """Why ``value`` can't be a production secret, or None when it can."""
    if looks_like_template(value):
        return "a template value"
    if len(value) < MIN_SECRET_LENGTH:
        return f"shorter than {MIN_SECRET_LENGTH} characters"
    if len(set(value)) < MIN_SECRET_DISTINCT_CHARS:
        return f"fewer than {MIN_SECRET_DISTINCT_CHARS} different characters"
    for period in range(1, len(value) // 2 + 1):
        if value == (value[:period] * (len(value) // period + 1))[: len(value)]:
            return "a repeated pattern"
    return None


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


#: The bureau's 12333 line as Twilio would show it; production sets its own number.
DEFAULT_TWILIO_SMS_FROM = "+8657112333"
#: Locally the capture takes every mail to this domain as an agent's reply.
DEFAULT_REPLY_DOMAIN = "reply.12333-bot.localhost"
DEFAULT_AGENT_SENDERS = ("hz.gov.cn",)


def parse_agent_senders(raw: str) -> tuple[str, ...]:
    """``"hz.gov.cn, a@b.cn"`` → ``("hz.gov.cn", "a@b.cn")``, lower-cased, without blanks."""
    return tuple(part.strip().lower() for part in re.split(r"[,\s]+", raw) if part.strip())


@dataclass(frozen=True)
class ImapSettings:
    """The mailbox that REPLY_DOMAIN's mail lands in, read over IMAP (TLS) with IDLE."""

    host: str | None = None
    port: int = 993
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    folder: str = "INBOX"
    #: TLS from the first byte (port 993); plain IMAP only to a loopback test server.
    tls: bool = True

    @property
    def enabled(self) -> bool:
        return bool(self.host)


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
    #: The number (or alphanumeric sender) that notifications by SMS come from.
    twilio_sms_from: str = DEFAULT_TWILIO_SMS_FROM
    secret_key: str = field(default=PLACEHOLDER_SECRET_KEY, repr=False)
    #: As configured; empty means "derive it from SECRET_KEY" (see :attr:`action_token`).
    action_server_token: str = field(default="", repr=False)
    bind_host: str = DEFAULT_BIND_HOST
    bot_port: int = 5005
    actions_port: int = 5055
    portal_port: int = 8088
    var_dir: Path = PROJECT_ROOT / "var"
    voice_transfer_number: str = "12333"
    voice_zero_action: Literal["dial", "handoff"] = "dial"
    retention_days: int = 180
    log_format: LogFormat = "text"
    #: Per-address and per-username limits (bot.ratelimit); off only for load benchmarks,
    #: whose simulated users all come from one address.
    rate_limits: bool = True
    #: Hand-off tickets one client network, and all of them together, may open per hour
    #: (bot/handoff/quota.py); a service hall shares one address among many citizens.
    handoff_max_per_network: int = 10
    handoff_max_per_hour: int = 200
    #: The operators' console (python -m bot.console): its port, and the hours within
    #: which a hand-off ticket must reach the agents before it counts as an SLA breach.
    console_port: int = 8090
    handoff_sla_hours: int = 24
    #: The domain of the per-ticket reply addresses (reply+<ticket>.<mac>@REPLY_DOMAIN)
    #: that agents answer to, and the addresses or domains whose replies reach citizens.
    reply_domain: str = DEFAULT_REPLY_DOMAIN
    agent_senders: tuple[str, ...] = DEFAULT_AGENT_SENDERS
    #: The reply mailbox in production (bot/handoff/imap.py); unset locally, where the
    #: mail capture takes REPLY_DOMAIN mail as inbound at once.
    imap: ImapSettings = ImapSettings()
    #: The key the portal signs status-change events with (issue 16), as configured;
    #: empty means "derive it from SECRET_KEY" (see :attr:`portal_events_secret`).
    events_secret: str = field(default="", repr=False)
    #: Alerts are held from the first hour to the second, Beijing time; None: never.
    quiet_hours: tuple[int, int] | None = (21, 8)
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
            twilio_sms_from=get("TWILIO_SMS_FROM", DEFAULT_TWILIO_SMS_FROM)
            or DEFAULT_TWILIO_SMS_FROM,
            secret_key=get("SECRET_KEY", PLACEHOLDER_SECRET_KEY) or "",
            action_server_token=get("ACTION_SERVER_TOKEN", "") or "",
            bind_host=get("BIND_HOST", DEFAULT_BIND_HOST) or DEFAULT_BIND_HOST,
            bot_port=bot_port,
            actions_port=get_int("ACTIONS_PORT", 5055),
            portal_port=get_int("PORTAL_PORT", 8088),
            var_dir=var_dir,
            voice_transfer_number=get("VOICE_TRANSFER_NUMBER", "12333") or "12333",
            voice_zero_action=zero_action,  # type: ignore[arg-type]
            retention_days=get_int("RETENTION_DAYS", 180),
            log_format=log_format,  # type: ignore[arg-type]
            rate_limits=(get("RATE_LIMITS", "on") or "on").lower() not in {"off", "0", "false"},
            handoff_max_per_network=get_int("HANDOFF_MAX_PER_NETWORK", 10),
            handoff_max_per_hour=get_int("HANDOFF_MAX_PER_HOUR", 200),
            console_port=get_int("CONSOLE_PORT", 8090),
            handoff_sla_hours=get_int("HANDOFF_SLA_HOURS", 24),
            reply_domain=(get("REPLY_DOMAIN", DEFAULT_REPLY_DOMAIN) or "").strip().lower(),
            agent_senders=parse_agent_senders(get("AGENT_SENDERS", "hz.gov.cn") or "")
            or DEFAULT_AGENT_SENDERS,
            imap=ImapSettings(
                host=get("IMAP_HOST"),
                port=get_int("IMAP_PORT", 993),
                user=get("IMAP_USER"),
                password=get("IMAP_PASSWORD"),
                folder=get("IMAP_FOLDER", "INBOX") or "INBOX",
                tls=(get("IMAP_TLS", "tls") or "tls").lower() not in {"none", "0", "false", "no"},
            ),
            events_secret=get("PORTAL_EVENTS_SECRET", "") or "",
            quiet_hours=parse_quiet_hours(get("QUIET_HOURS", "21-8") or "21-8"),
            production=(get("APP_ENV", "local") or "local").lower() == "production",
        )
        if settings.production:
            settings.require_production_secrets()
        return settings

    def require_production_secrets(self) -> None:
        """Refuse to run production on a template secret, plain SMTP, an http portal, or
        without the reply mailbox (IMAP_HOST), where agents' replies would be lost.

        Every problem is listed in one :class:`SettingsError`, so an operator fixes the
        file once. An http ``PORTAL_URL`` and ``SMTP_TLS=none`` are allowed only to a
        loopback host (a sandbox or relay on the same machine): the traffic never
        leaves it.
        """
        problems = []
        secret_values = {
            "SECRET_KEY": self.secret_key,
            "ACTION_SERVER_TOKEN": self.action_server_token,
            "TWILIO_AUTH_TOKEN": self.twilio_auth_token,
        }
        for name, value in secret_values.items():
            if not value:
                problems.append(f"{name} is not set")
            elif reason := weak_secret_reason(value):
                problems.append(f"{name} is {reason}")
        # Unset, it is derived from SECRET_KEY, which is checked above.
        if self.events_secret and (reason := weak_secret_reason(self.events_secret)):
            problems.append(f"PORTAL_EVENTS_SECRET is {reason}")
        elif self.events_secret and self.events_secret == self.secret_key:
            problems.append("PORTAL_EVENTS_SECRET must differ from SECRET_KEY")
        if self.action_server_token and self.action_server_token == self.secret_key:
            problems.append("ACTION_SERVER_TOKEN must differ from SECRET_KEY")
        sid = self.twilio_account_sid
        if looks_like_template(sid) or not TWILIO_SID_PATTERN.fullmatch(sid) or len(set(sid)) < 4:
            problems.append("TWILIO_ACCOUNT_SID is not a real account SID (AC + 32 hex digits)")
        if self.smtp.password and looks_like_template(self.smtp.password):
            problems.append("SMTP_PASSWORD is a template value")
        if looks_like_template(urlsplit(self.database_url).password or ""):
            problems.append("DATABASE_URL has a template password")
        for name, value in (
            ("PUBLIC_URL", self.public_url),
            ("PORTAL_URL", self.portal_url),
            ("SMTP_HOST", self.smtp.host),
            ("HANDOFF_FROM", self.handoff_from),
        ):
            if looks_like_template(value):
                problems.append(f"{name} is a template value ({value})")
        if not self.public_url.startswith("https://"):
            problems.append("PUBLIC_URL must be https")
        portal = urlsplit(self.portal_url)
        if portal.scheme != "https" and not (
            portal.scheme == "http" and is_loopback_host(portal.hostname)
        ):
            problems.append("PORTAL_URL must be https (http only to a loopback address)")
        if self.smtp.tls == "none" and not is_loopback_host(self.smtp.host):
            problems.append(
                "SMTP_TLS=none sends mail in clear to a remote relay: use starttls or tls"
            )
        if not self.rate_limits:
            problems.append("RATE_LIMITS=off is for load benchmarks only")
        if looks_like_template(self.reply_domain):
            problems.append(f"REPLY_DOMAIN is a template value ({self.reply_domain})")
        elif self.reply_domain == DEFAULT_REPLY_DOMAIN or self.reply_domain.endswith(".localhost"):
            # A .localhost Reply-To is undeliverable from an agent's mail client.
            problems.append(f"REPLY_DOMAIN is the local default ({self.reply_domain})")
        if not self.imap.host:
            # Every hand-off mail's Reply-To is a reply address at REPLY_DOMAIN: without
            # the mailbox those land in, agents' replies would never reach a citizen.
            problems.append("IMAP_HOST is not set: agents' replies to REPLY_DOMAIN would be lost")
        elif not (self.imap.user and self.imap.password):
            problems.append("IMAP_USER and IMAP_PASSWORD must be set with IMAP_HOST")
        if self.imap.host and looks_like_template(self.imap.host):
            problems.append(f"IMAP_HOST is a template value ({self.imap.host})")
        if self.imap.password and looks_like_template(self.imap.password):
            problems.append("IMAP_PASSWORD is a template value")
        if self.imap.host and not self.imap.tls and not is_loopback_host(self.imap.host):
            problems.append("IMAP_TLS=none reads mail in clear from a remote server: use tls")
        if problems:
            raise SettingsError("APP_ENV=production refuses to start:\n- " + "\n- ".join(problems))

    @property
    def action_token(self) -> str:
        """The shared token of the action server: ACTION_SERVER_TOKEN, or derived locally."""
        return self.action_server_token or derive_action_token(self.secret_key)

    @property
    def portal_events_secret(self) -> str:
        """The key of the portal's events: PORTAL_EVENTS_SECRET, or derived locally."""
        return self.events_secret or derive_events_secret(self.secret_key)

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def sms_dir(self) -> Path:
        """Where the local stack writes the SMS it would send (placeholder credentials)."""
        return self.var_dir / "sms"
