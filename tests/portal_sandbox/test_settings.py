"""Sandbox settings: read once from the environment, over .env."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_sandbox.settings import PROJECT_ROOT, SandboxSettings, SettingsError


def test_defaults(tmp_path: Path) -> None:
    settings = SandboxSettings.from_env({}, dotenv=tmp_path / "missing.env")
    assert settings.port == 8088
    assert settings.host == "127.0.0.1"
    assert settings.session_idle_seconds == 1800
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'portal.db'}"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# local\nPORTAL_PORT=9000\nPORTAL_DATABASE_URL='sqlite:///x.db'\n")
    settings = SandboxSettings.from_env(
        {"PORTAL_PORT": "9100", "PORTAL_SESSION_IDLE_SECONDS": "60"}, dotenv=dotenv
    )
    assert (settings.port, settings.database_url, settings.session_idle_seconds) == (
        9100,
        "sqlite:///x.db",
        60,
    )


def test_var_dir_moves_the_default_database(tmp_path: Path) -> None:
    settings = SandboxSettings.from_env({"VAR_DIR": str(tmp_path)}, dotenv=tmp_path / "none")
    assert settings.database_url == f"sqlite:///{tmp_path / 'portal.db'}"


@pytest.mark.parametrize(
    "env", [{"PORTAL_PORT": "eighty"}, {"PORTAL_SESSION_IDLE_SECONDS": "0"}, {"PORTAL_PORT": "-1"}]
)
def test_bad_values_stop_the_start(env: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        SandboxSettings.from_env(env, dotenv=tmp_path / "none")
