"""bot/settings.py: what a local run derives, and what production refuses (issue 10, finding 6)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from bot.settings import (
    DEFAULT_BIND_HOST,
    PLACEHOLDER_SECRET_KEY,
    Settings,
    SettingsError,
    derive_action_token,
    looks_like_template,
    read_dotenv,
    weak_secret_reason,
)
from scripts.servers import ROOT

NO_DOTENV = Path("/nonexistent/.env")


def production_env(**overrides: str) -> dict[str, str]:
    """A production environment that passes every check; secrets are made at run time."""
    env = {
        "APP_ENV": "production",
        "PUBLIC_URL": "https://bot.hz12333.gov.cn",
        "PORTAL_URL": "https://portal.hz12333.gov.cn/api",
        "DATABASE_URL": f"postgresql://bot:{secrets.token_urlsafe(24)}@127.0.0.1:5432/bot",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(48),
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "SMTP_HOST": "smtp.hz.gov.cn",
        "SMTP_PORT": "587",
        "SMTP_TLS": "starttls",
        "HANDOFF_FROM": "12333-bot@hz.gov.cn",
        "IMAP_HOST": "imap.hz.gov.cn",
        "REPLY_DOMAIN": "reply.12333.hz.gov.cn",
        "IMAP_USER": "reply",
        "IMAP_PASSWORD": secrets.token_urlsafe(24),
    }
    env.update(overrides)
    return env


def refusal(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(env, dotenv=NO_DOTENV)
    return str(raised.value)


# --- local runs -----------------------------------------------------------------------


def test_a_local_run_needs_no_setting_and_listens_on_loopback() -> None:
    settings = Settings.from_env({}, dotenv=NO_DOTENV)
    assert settings.bind_host == DEFAULT_BIND_HOST == "127.0.0.1"
    assert settings.action_server_token == ""
    assert settings.action_token == derive_action_token(PLACEHOLDER_SECRET_KEY)


def test_the_derived_action_token_is_stable_and_follows_the_secret_key() -> None:
    key = secrets.token_urlsafe(48)
    a = Settings.from_env({"SECRET_KEY": key}, dotenv=NO_DOTENV)
    b = Settings.from_env({"SECRET_KEY": key}, dotenv=NO_DOTENV)
    other = Settings.from_env({"SECRET_KEY": secrets.token_urlsafe(48)}, dotenv=NO_DOTENV)
    assert a.action_token == b.action_token != other.action_token
    assert key not in a.action_token and len(a.action_token) == 64


def test_an_explicit_action_token_and_bind_host_win() -> None:
    token = secrets.token_urlsafe(32)
    settings = Settings.from_env(
        {"ACTION_SERVER_TOKEN": token, "BIND_HOST": "0.0.0.0"}, dotenv=NO_DOTENV
    )
    assert settings.action_token == token
    assert settings.bind_host == "0.0.0.0"


def test_the_action_token_is_not_in_the_repr() -> None:
    token = secrets.token_urlsafe(32)
    settings = Settings.from_env({"ACTION_SERVER_TOKEN": token}, dotenv=NO_DOTENV)
    assert token not in repr(settings)


def test_a_local_run_still_accepts_placeholders() -> None:
    Settings.from_env({"SMTP_TLS": "none", "SMTP_HOST": "smtp.hz.gov.cn"}, dotenv=NO_DOTENV)


# --- production -----------------------------------------------------------------------


def test_a_real_production_environment_starts() -> None:
    settings = Settings.from_env(production_env(), dotenv=NO_DOTENV)
    assert settings.production
    assert settings.action_token == settings.action_server_token


@pytest.mark.parametrize(
    "value",
    [
        "CHANGE-ME-to-at-least-32-random-characters",
        "change-me-to-at-least-32-random-characters-0123456789",
        PLACEHOLDER_SECRET_KEY,
        "Q7v" + "_Change_Me_" + secrets.token_hex(16),
        secrets.token_hex(16) + "placeholder",
        "an-EXAMPLE-secret-" + secrets.token_hex(16),
        "xxxxxxxx" + secrets.token_hex(16),
    ],
    # Named, not shown: the random parts would differ between pytest-xdist's workers.
    ids=[
        "change-me",
        "change-me-long",
        "placeholder",
        "change_me-inside",
        "placeholder-tail",
        "example",
        "xxxxxxxx",
    ],
)
def test_production_refuses_a_template_secret_key(value: str) -> None:
    assert "SECRET_KEY is a template value" in refusal(production_env(SECRET_KEY=value))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (secrets.token_hex(8), "shorter than 32 characters"),
        ("a" * 48, "fewer than 8 different characters"),
        ("abcdefghij" * 4, "a repeated pattern"),
    ],
    ids=["short", "monotonous", "repeated"],
)
def test_production_refuses_a_short_or_monotonous_secret(value: str, reason: str) -> None:
    assert f"SECRET_KEY is {reason}" in refusal(production_env(SECRET_KEY=value))


@pytest.mark.parametrize("value", ["change-me", "CHANGE-ME", "local-placeholder-twilio-token"])
def test_production_refuses_a_template_twilio_token(value: str) -> None:
    assert "TWILIO_AUTH_TOKEN is a template value" in refusal(
        production_env(TWILIO_AUTH_TOKEN=value)
    )


@pytest.mark.parametrize(
    "sid", ["ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "AC" + "0" * 32, "AC123", "SK" + "ab12" * 8]
)
def test_production_refuses_a_template_or_malformed_twilio_sid(sid: str) -> None:
    assert "TWILIO_ACCOUNT_SID" in refusal(production_env(TWILIO_ACCOUNT_SID=sid))


def test_production_requires_its_own_action_server_token() -> None:
    env = production_env()
    del env["ACTION_SERVER_TOKEN"]
    assert "ACTION_SERVER_TOKEN is not set" in refusal(env)
    same = production_env()
    same["ACTION_SERVER_TOKEN"] = same["SECRET_KEY"]
    assert "ACTION_SERVER_TOKEN must differ from SECRET_KEY" in refusal(same)
    assert "ACTION_SERVER_TOKEN is a template value" in refusal(
        production_env(ACTION_SERVER_TOKEN="CHANGE-ME-to-another-32-random-characters")
    )


def test_production_refuses_to_start_without_the_reply_mailbox() -> None:
    # Without IMAP_HOST nobody reads REPLY_DOMAIN's mail: every agent's reply would be lost.
    assert "IMAP_HOST is not set" in refusal(production_env(IMAP_HOST=""))
    # A .localhost Reply-To is undeliverable from an agent's mail client.
    assert "REPLY_DOMAIN is the local default" in refusal(production_env(REPLY_DOMAIN=""))
    assert "IMAP_USER and IMAP_PASSWORD" in refusal(production_env(IMAP_PASSWORD=""))
    # Locally the capture takes the replies: no mailbox needed.
    assert not Settings.from_env({}, dotenv=NO_DOTENV).imap.enabled


def test_production_refuses_clear_smtp_to_a_remote_relay_only() -> None:
    assert "SMTP_TLS=none" in refusal(production_env(SMTP_TLS="none"))
    for loopback in ("localhost", "127.0.0.1", "::1"):
        Settings.from_env(production_env(SMTP_TLS="none", SMTP_HOST=loopback), dotenv=NO_DOTENV)


@pytest.mark.parametrize(
    "url", ["http://portal.hz12333.gov.cn/api", "http://10.0.0.8:8088", "ftp://portal.hz.gov.cn"]
)
def test_production_refuses_a_portal_that_is_not_https(url: str) -> None:
    assert "PORTAL_URL must be https" in refusal(production_env(PORTAL_URL=url))


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8088", "http://localhost:8088", "http://[::1]:8088"]
)
def test_production_allows_an_http_portal_on_this_host(url: str) -> None:
    Settings.from_env(production_env(PORTAL_URL=url), dotenv=NO_DOTENV)


def test_production_refuses_template_addresses_and_passwords() -> None:
    message = refusal(
        production_env(
            PUBLIC_URL="https://bot.example.gov.cn",
            SMTP_PASSWORD="change-me",
            DATABASE_URL="postgresql://hz12333:CHANGE-ME@127.0.0.1:5432/hz12333",
            HANDOFF_FROM="12333-bot@example.gov.cn",
        )
    )
    for name in ("PUBLIC_URL", "SMTP_PASSWORD", "DATABASE_URL", "HANDOFF_FROM"):
        assert name in message


def test_one_error_lists_every_problem() -> None:
    message = refusal(
        production_env(
            SECRET_KEY="short",
            TWILIO_AUTH_TOKEN="change-me",
            SMTP_TLS="none",
            PORTAL_URL="http://portal.hz12333.gov.cn",
            PUBLIC_URL="http://bot.hz12333.gov.cn",
        )
    )
    assert message.startswith("APP_ENV=production refuses to start")
    for problem in (
        "SECRET_KEY is shorter",
        "TWILIO_AUTH_TOKEN is a template value",
        "SMTP_TLS=none",
        "PORTAL_URL must be https",
        "PUBLIC_URL must be https",
    ):
        assert problem in message
    assert message.count("\n- ") == 5


# --- the shipped templates --------------------------------------------------------------

SECRET_NAMES = ("SECRET_KEY", "ACTION_SERVER_TOKEN", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID")


def test_the_systemd_env_template_is_refused_as_shipped() -> None:
    env = read_dotenv(ROOT / "deploy" / "env" / "hz12333.env")
    assert env["APP_ENV"] == "production"
    message = refusal(env)
    for name in (*SECRET_NAMES, "DATABASE_URL", "PUBLIC_URL", "PORTAL_URL", "SMTP_HOST"):
        assert name in message, name


def test_the_compose_env_template_is_refused_as_shipped() -> None:
    env = read_dotenv(ROOT / "deploy" / "compose.env.example")
    # What docker-compose.yml makes of it.
    env.update(
        APP_ENV="production",
        DATABASE_URL=f"postgresql://hz12333:{env['POSTGRES_PASSWORD']}@postgres:5432/hz12333",
        PORTAL_URL="http://portal:8088",
    )
    message = refusal(env)
    for name in (*SECRET_NAMES, "DATABASE_URL", "PORTAL_URL", "PUBLIC_URL"):
        assert name in message, name


def test_the_local_env_example_is_refused_in_production() -> None:
    env = read_dotenv(ROOT / ".env.example")
    message = refusal({**env, "APP_ENV": "production"})
    for name in ("SECRET_KEY", "ACTION_SERVER_TOKEN", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"):
        assert name in message, name


def test_every_value_of_the_templates_is_recognised() -> None:
    for path in (
        ROOT / "deploy" / "env" / "hz12333.env",
        ROOT / "deploy" / "compose.env.example",
        ROOT / ".env.example",
    ):
        env = read_dotenv(path)
        for name in ("SECRET_KEY", "ACTION_SERVER_TOKEN", "TWILIO_AUTH_TOKEN", "POSTGRES_PASSWORD"):
            if env.get(name):
                assert looks_like_template(env[name]), f"{path.name}: {name}"


def test_a_random_secret_passes_the_strength_check() -> None:
    for _ in range(50):
        assert weak_secret_reason(secrets.token_urlsafe(32)) is None
        assert weak_secret_reason(secrets.token_hex(16)) is None
