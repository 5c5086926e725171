"""Real processes for the tests: the action server and the Rasa server on free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.settings import DEFAULT_BIND_HOST, Settings

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
#: Loading the TensorFlow model dominates; on a busy 2-core CI machine it can take a minute.
SERVER_START_TIMEOUT = 240.0


def free_port() -> int:
    """A port that was free a moment ago (Rasa's CLI can't bind port 0 and report it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model: run `make train` first")
    return models[-1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = SERVER_START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {timeout:.0f}s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def spawn(
    argv: list[str], env: dict[str, str], ready_url: str, log: Path, *, append: bool = False
) -> subprocess.Popen:
    """Start a process and return it once ``ready_url`` answers; stop it if it never does."""
    with log.open("ab" if append else "wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_http(ready_url, proc)
    except BaseException as exc:
        stop(proc)
        if isinstance(exc, RuntimeError):
            tail = log.read_bytes()[-3000:].decode("utf-8", "replace")
            raise RuntimeError(f"{exc}\n--- {log.name} ---\n{tail}") from None
        raise
    return proc


@contextmanager
def process(argv: list[str], env: dict[str, str], ready_url: str, log: Path) -> Iterator[None]:
    proc = spawn(argv, env, ready_url, log)
    try:
        yield
    finally:
        stop(proc)


def wait_tcp(port: int, proc: subprocess.Popen, timeout: float = SERVER_START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} not open after {timeout:.0f}s")


@contextmanager
def process_tcp(
    argv: list[str], env: dict[str, str], port: int | None, log: Path
) -> Iterator[subprocess.Popen]:
    """A process that is ready when ``port`` accepts connections (or at once, for None)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            if port is not None:
                wait_tcp(port, proc)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def stack_env(workdir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
            "REDIS_URL": "",
        }
    )
    env.update(extra)
    # What bot/stack.py passes too: the token endpoints.yml sends and the action
    # server checks, derived from SECRET_KEY unless a test chose one.
    if not env.get("ACTION_SERVER_TOKEN"):
        env["ACTION_SERVER_TOKEN"] = Settings.from_env(env).action_token
    return env


@contextmanager
def running_portal(workdir: Path) -> Iterator[str]:
    """The portal sandbox as its own process, with the demo data; yields its base URL."""
    port = free_port()
    env = stack_env(
        workdir,
        PORTAL_PORT=str(port),
        PORTAL_DATABASE_URL=f"sqlite:///{workdir / 'portal.db'}",
    )
    with process(
        [sys.executable, "-m", "portal_sandbox", "serve"],
        env,
        f"http://127.0.0.1:{port}/healthz",
        workdir / "portal.log",
    ):
        yield f"http://127.0.0.1:{port}"


@dataclass
class BotServer:
    """An action server and a Rasa server from :func:`running_bot_server`.

    The Rasa server can be killed and started again on the same port, model and
    environment, as a crash and a supervisor's restart would.
    """

    url: str
    env: dict[str, str]
    rasa_argv: list[str]
    rasa_log: Path
    rasa: subprocess.Popen
    actions: subprocess.Popen

    def kill_rasa(self) -> None:
        """SIGKILL the Rasa server: no shutdown handler runs, as in a crash."""
        self.rasa.kill()
        self.rasa.wait()

    def restart_rasa(self) -> None:
        """Start the Rasa server again; returns once it answers (its log is appended to)."""
        if self.rasa.poll() is None:
            self.kill_rasa()
        at = self.rasa_argv.index("--model") + 1
        if not Path(self.rasa_argv[at]).exists():
            # A newer training run replaced the model since the first start.
            self.rasa_argv[at] = str(latest_model())
        self.rasa = spawn(self.rasa_argv, self.env, f"{self.url}/", self.rasa_log, append=True)


@contextmanager
def running_bot_server(
    workdir: Path, *, credentials: Path | None = None, **extra_env: str
) -> Iterator[BotServer]:
    """Start an action server and a Rasa server; yield both processes and the base URL."""
    actions_port, bot_port = free_port(), free_port()
    env = stack_env(
        workdir,
        ACTIONS_PORT=str(actions_port),
        BOT_PORT=str(bot_port),
        PUBLIC_URL=extra_env.pop("PUBLIC_URL", f"http://127.0.0.1:{bot_port}"),
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{actions_port}/webhook",
        **extra_env,
    )
    rasa_argv = [
        str(VENV_BIN / "rasa"),
        "run",
        "--model",
        str(latest_model()),
        "--interface",
        env.get("BIND_HOST") or DEFAULT_BIND_HOST,
        "--port",
        str(bot_port),
        "--credentials",
        str(credentials or ROOT / "credentials.yml"),
        "--endpoints",
        str(ROOT / "endpoints.yml"),
    ]
    url = f"http://127.0.0.1:{bot_port}"
    actions = spawn(
        [sys.executable, "-m", "actions"],
        env,
        f"http://127.0.0.1:{actions_port}/health",
        workdir / "actions.log",
    )
    try:
        server = BotServer(
            url=url,
            env=env,
            rasa_argv=rasa_argv,
            rasa_log=workdir / "rasa.log",
            rasa=spawn(rasa_argv, env, f"{url}/", workdir / "rasa.log"),
            actions=actions,
        )
        try:
            yield server
        finally:
            stop(server.rasa)
    finally:
        stop(actions)


@contextmanager
def running_bot(
    workdir: Path, *, credentials: Path | None = None, **extra_env: str
) -> Iterator[str]:
    """Start an action server and a Rasa server; yield the Rasa server's base URL."""
    with running_bot_server(workdir, credentials=credentials, **extra_env) as server:
        yield server.url
