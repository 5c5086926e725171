"""The systemd units, the Procfile and the Docker Compose file, checked as far as this machine can."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.servers import ROOT

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
#: Sanic's graceful shutdown: every stop timeout must be longer.
GRACEFUL_SECONDS = 15


def skip_loudly(reason: str) -> None:
    print(f"\n*** SKIPPED: {reason}", file=sys.stderr)
    pytest.skip(reason)


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """Section → key → every value (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        skip_loudly("systemd-analyze not found (apt-get install systemd): units unverified")
    # The units point at /opt/hz12333; here the project and its .venv stand in for it,
    # so that verify can also check that every ExecStart is executable.
    for path in UNITS.iterdir():
        (tmp_path / path.name).write_text(
            path.read_text(encoding="utf-8").replace("/opt/hz12333", str(ROOT)), encoding="utf-8"
        )
    names = [
        "hz12333.target",
        "hz12333-bot@1.service",
        "hz12333-actions@1.service",
        "hz12333-worker.service",
        "hz12333-retention.service",
        "hz12333-retention.timer",
        "hz12333-portal.service",
    ]
    done = subprocess.run(
        [analyze, "verify", *(f"./{name}" for name in names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # verify exits 0 on unknown keys and bad values, so its words are the verdict.
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), (
        done.stdout + done.stderr
    )


@pytest.mark.parametrize("path", sorted(UNITS.glob("*.service")), ids=lambda p: p.name)
def test_each_service_is_safe_to_stop_and_restart(path: Path) -> None:
    service = unit(path)["Service"]
    assert service["User"] not in (["root"], [""])
    assert "/etc/hz12333/env" in service["EnvironmentFile"]
    if service.get("Type") == ["oneshot"]:
        return
    assert service["Restart"] == ["on-failure"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert int(service["TimeoutStopSec"][0]) > GRACEFUL_SECONDS


def test_each_bot_stops_before_its_action_server() -> None:
    # systemd stops units in the reverse order of After=.
    (after,) = unit(UNITS / "hz12333-bot@.service")["Unit"]["After"]
    assert "hz12333-actions@%i.service" in after.split()


def test_the_pair_env_files_match_nginx_and_each_other() -> None:
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    for n in (1, 2):
        env = dict(
            line.split("=", 1)
            for line in (DEPLOY / "env" / f"pair-{n}.env").read_text().splitlines()
            if line and not line.startswith("#")
        )
        assert f"server 127.0.0.1:{env['BOT_PORT']} " in nginx
        assert env["ACTION_ENDPOINT_URL"] == f"http://127.0.0.1:{env['ACTIONS_PORT']}/webhook"


def procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (DEPLOY / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name] = shlex.split(command)
    return entries


def test_every_procfile_command_runs_something_that_exists() -> None:
    entries = procfile()
    assert set(entries) == {"actions1", "actions2", "bot1", "bot2", "worker", "retention"}
    for name, argv in entries.items():
        if argv[0] == "env":
            argv = [a for a in argv[1:] if "=" not in a or a.startswith("-")]
        assert (ROOT / argv[0]).name in ("python", "rasa"), name
        assert (ROOT / argv[0]).exists() or argv[0].startswith(".venv/"), name
        if "-m" in argv:
            module = argv[argv.index("-m") + 1]
            assert importlib.util.find_spec(module) is not None, f"{name}: no module {module}"
        for flag in ("--credentials", "--endpoints", "--logging-config-file"):
            if flag in argv:
                assert (ROOT / argv[argv.index(flag) + 1]).is_file(), f"{name}: {flag}"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def test_docker_compose_config() -> None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        argv = [docker, "compose"]
    elif shutil.which("docker-compose"):
        argv = [str(shutil.which("docker-compose"))]
    else:
        skip_loudly(
            "neither `docker compose` (the plugin) nor docker-compose is installed: "
            "deploy/docker-compose.yml is checked only by the structural tests"
        )
    done = subprocess.run(
        [*argv, "--env-file", "compose.env.example", "-f", "docker-compose.yml", "config", "-q"],
        cwd=DEPLOY,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_compose_runs_two_balanced_bots_each_with_its_own_action_server() -> None:
    services = compose()["services"]
    assert {"postgres", "redis", "bot1", "bot2", "actions1", "actions2", "worker", "nginx"} <= set(
        services
    )
    for bot, actions in (("bot1", "actions1"), ("bot2", "actions2")):
        env = services[bot]["environment"]
        assert env["ACTION_ENDPOINT_URL"] == f"http://{actions}:5055/webhook"
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert env["DATABASE_URL"].startswith("postgresql://")
        assert "/readyz" in " ".join(services[bot]["healthcheck"]["test"])
        assert services[actions]["command"] == ["python", "-m", "actions"]
    nginx = services["nginx"]
    assert nginx["volumes"] == ["./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro"]
    assert set(nginx["depends_on"]) == {"bot1", "bot2"}


def test_compose_stops_slower_than_the_graceful_shutdown() -> None:
    for name, service in compose()["services"].items():
        if service.get("image", "").startswith("hz12333"):
            seconds = int(re.fullmatch(r"(\d+)s", service["stop_grace_period"]).group(1))  # type: ignore[union-attr]
            assert seconds > GRACEFUL_SECONDS, name


def test_the_compose_env_example_sets_every_required_variable() -> None:
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", text))
    example = {
        line.split("=", 1)[0]
        for line in (DEPLOY / "compose.env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert required <= example


def test_the_dockerfile_copies_only_what_exists() -> None:
    for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            *sources, _ = line.split()[1:]
            for source in sources:
                assert (ROOT / source).exists(), source


def interface_of(argv: list[str]) -> str | None:
    for flag in ("-i", "--interface"):
        if flag in argv:
            return argv[argv.index(flag) + 1]
    return None


def test_every_host_process_listens_on_loopback_only() -> None:
    # rasa run listens on 0.0.0.0 unless told; the action server reads BIND_HOST.
    (exec_start,) = unit(UNITS / "hz12333-bot@.service")["Service"]["ExecStart"]
    assert interface_of(shlex.split(exec_start)) == "127.0.0.1"
    for name, argv in procfile().items():
        if any(a.endswith("rasa") for a in argv):
            assert interface_of(argv) == "127.0.0.1", name
    env = dict(
        line.split("=", 1)
        for line in (DEPLOY / "env" / "hz12333.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["BIND_HOST"] == "127.0.0.1"
    assert "ACTION_SERVER_TOKEN" in env


def test_compose_listens_on_its_own_network_and_shares_the_action_token() -> None:
    services = compose()["services"]
    for bot in ("bot1", "bot2"):
        assert interface_of(services[bot]["command"]) == "0.0.0.0", bot
    for name in ("bot1", "bot2", "actions1", "actions2"):
        env = services[name]["environment"]
        assert env["BIND_HOST"] == "0.0.0.0", name
        assert env["ACTION_SERVER_TOKEN"] == "${ACTION_SERVER_TOKEN:?set ACTION_SERVER_TOKEN}"
