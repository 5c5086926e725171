"""`make run`: the whole local stack in the foreground, stopped cleanly by Ctrl-C.

Starts the mail capture, the portal sandbox, the action server, the hand-off
outbox worker, the follow-up worker (agents' replies, SLA reminders), the retention job, the operators' console and the Rasa server,
each as a child process with the settings passed down through its environment. The action server and the Rasa server listen
on BIND_HOST (127.0.0.1 by default) and share ACTION_SERVER_TOKEN, derived from
SECRET_KEY when unset, so a local run needs neither setting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings, SettingsError

#: How long a child may take to stop after SIGTERM before it is killed: longer than
#: Sanic's graceful shutdown (SANIC_GRACEFUL_SHUTDOWN_TIMEOUT, 15 s), in which the Rasa
#: server finishes the turns in flight.
STOP_TIMEOUT = 20.0
#: How long to wait for the Rasa server to load the model and answer.
READY_TIMEOUT = 180.0
READY_POLL_INTERVAL = 0.5


@dataclass(frozen=True)
class Child:
    """One process of the stack."""

    name: str
    argv: list[str]
    ready_url: str | None = None


def latest_model() -> Path:
    models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("no trained model in models/: run `make run` (it trains first)")
    return models[-1]


def local_host(settings: Settings) -> str:
    """The address the stack's own probes and the Rasa server reach a child at."""
    if settings.bind_host in {"0.0.0.0", "::"}:
        return "127.0.0.1"
    return f"[{settings.bind_host}]" if ":" in settings.bind_host else settings.bind_host


def child_env(settings: Settings) -> dict[str, str]:
    """The environment every child reads its settings from."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(PROJECT_ROOT),
            "PUBLIC_URL": settings.public_url,
            "PORTAL_URL": settings.portal_url,
            "DATABASE_URL": settings.database_url,
            "PORTAL_DATABASE_URL": settings.portal_database_url,
            "ACTION_ENDPOINT_URL": f"http://{local_host(settings)}:{settings.actions_port}/webhook",
            # endpoints.yml sends it; the action server checks it.
            "ACTION_SERVER_TOKEN": settings.action_token,
            "BIND_HOST": settings.bind_host,
            "REDIS_URL": settings.redis_url or "",
            "SMTP_HOST": settings.smtp.host,
            "SMTP_PORT": str(settings.smtp.port),
            "LOG_FORMAT": settings.log_format,
            "CONSOLE_PORT": str(settings.console_port),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
    )
    return env


def rasa_logging_args(settings: Settings) -> list[str]:
    """JSON from Rasa's first line on, when LOG_FORMAT=json."""
    if settings.log_format != "json":
        return []
    return ["--logging-config-file", str(PROJECT_ROOT / "deploy" / "logging.yml")]


def children(settings: Settings) -> list[Child]:
    py = sys.executable
    rasa = str(Path(py).parent / "rasa")
    host = local_host(settings)
    stack = []
    if settings.smtp.is_local_capture:
        stack.append(Child("mail", [py, "-m", "bot.handoff.capture"]))
    stack += [
        Child(
            "portal",
            [py, "-m", "portal_sandbox", "serve"],
            ready_url=f"http://127.0.0.1:{settings.portal_port}/healthz",
        ),
        Child(
            "actions",
            [py, "-m", "actions"],
            ready_url=f"http://{host}:{settings.actions_port}/health",
        ),
        Child("outbox", [py, "-m", "bot.handoff.worker"]),
        # Agents' replies to citizens, citizens' answers, SLA reminders (issue 13).
        Child("followup", [py, "-m", "bot.handoff.followup"]),
        Child("retention", [py, "-m", "bot.retention", "run"]),
        Child(
            "console",
            [py, "-m", "bot.console"],
            ready_url=f"http://{host}:{settings.console_port}/healthz",
        ),
        Child(
            "rasa",
            [
                rasa,
                "run",
                "--model",
                str(latest_model()),
                "--interface",
                settings.bind_host,
                "--port",
                str(settings.bot_port),
                "--credentials",
                str(PROJECT_ROOT / "credentials.yml"),
                "--endpoints",
                str(PROJECT_ROOT / "endpoints.yml"),
                *rasa_logging_args(settings),
            ],
            ready_url=f"http://{host}:{settings.bot_port}/",
        ),
    ]
    return stack


async def wait_ready(url: str, proc: asyncio.subprocess.Process) -> bool:
    import aiohttp

    deadline = asyncio.get_running_loop().time() + READY_TIMEOUT
    timeout = aiohttp.ClientTimeout(total=2)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while asyncio.get_running_loop().time() < deadline and proc.returncode is None:
            try:
                async with session.get(url) as resp:
                    if resp.status < 500:
                        return True
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(READY_POLL_INTERVAL)
    return False


async def stop_all(procs: dict[str, asyncio.subprocess.Process]) -> None:
    # The Rasa server first and alone: its turns in flight still call the action
    # server and the portal, which must outlive them.
    first = [name for name in procs if name == "rasa"]
    rest = [name for name in reversed(list(procs)) if name != "rasa"]
    for group in (first, rest):
        for name in group:
            if procs[name].returncode is None:
                procs[name].send_signal(signal.SIGTERM)
        for name in group:
            try:
                await asyncio.wait_for(procs[name].wait(), STOP_TIMEOUT)
            except asyncio.TimeoutError:
                print(f"[stack] {name} did not stop in {STOP_TIMEOUT:.0f}s; killing it", flush=True)
                procs[name].kill()
                await procs[name].wait()


async def run(settings: Settings) -> int:
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    settings.mail_dir.mkdir(parents=True, exist_ok=True)
    env = child_env(settings)
    procs: dict[str, asyncio.subprocess.Process] = {}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    try:
        for child in children(settings):
            print(f"[stack] starting {child.name}", flush=True)
            procs[child.name] = await asyncio.create_subprocess_exec(
                # A session of its own: Ctrl-C reaches only the stack, which stops the
                # children in order (see stop_all) instead of all at once.
                *child.argv,
                cwd=PROJECT_ROOT,
                env=env,
                start_new_session=True,
            )
            if child.ready_url and not await wait_ready(child.ready_url, procs[child.name]):
                print(f"[stack] {child.name} did not become ready; stopping", flush=True)
                return 1
        print(
            f"[stack] ready: web chat {settings.public_url}/ · REST "
            f"{settings.public_url}/webhooks/rest/webhook · portal {settings.portal_url} · "
            f"mail in {settings.mail_dir} · operators' console "
            f"http://{local_host(settings)}:{settings.console_port}/ · Ctrl-C stops everything",
            flush=True,
        )
        exits = [asyncio.create_task(p.wait()) for p in procs.values()]
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait([*exits, stopper], return_when=asyncio.FIRST_COMPLETED)
        if stopper not in done:
            dead = [name for name, p in procs.items() if p.returncode is not None]
            print(f"[stack] {', '.join(dead)} exited; stopping the rest", flush=True)
            return 1
        return 0
    finally:
        await stop_all(procs)
        print("[stack] stopped", flush=True)


def main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise SystemExit(f"[stack] not started: {exc}") from None
    return asyncio.run(run(settings))


if __name__ == "__main__":
    sys.exit(main())
