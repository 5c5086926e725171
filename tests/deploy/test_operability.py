"""One real bot with LOG_FORMAT=json: what its logs hold, and how it stops.

The shutdown test stops the server, so it runs last in this module.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import re
import secrets
import signal
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

from bot.channels.inbound import client_binding
from bot.login.store import LoginStore
from bot.settings import PLACEHOLDER_SECRET_KEY
from scripts.servers import ROOT, BotServer, running_bot_server

pytestmark = pytest.mark.slow

#: Longer than the actions' portal deadline (4.5 s): a look-up turn takes that long.
PORTAL_STALL = 10.0
#: How long the test waits for the turn to reach the portal; only a hang reaches it.
TURN_REACHES_PORTAL = 120.0


class SlowPortal:
    """A portal that is up (/healthz) but takes PORTAL_STALL seconds over every API call."""

    def __init__(self) -> None:
        #: Set when an API call arrives: a turn is then in flight, inside an action.
        self.called = threading.Event()
        called = self.called

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                if self.path != "/healthz":
                    called.set()
                    time.sleep(PORTAL_STALL)
                self.send_response(200 if self.path == "/healthz" else 503)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "ok"}')

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("operability")


@pytest.fixture(scope="module")
def slow_portal() -> Iterator[SlowPortal]:
    portal = SlowPortal()
    yield portal
    portal.close()


@pytest.fixture(scope="module")
def bot(workdir: Path, slow_portal: SlowPortal) -> Iterator[BotServer]:
    with running_bot_server(
        workdir,
        PORTAL_URL=slow_portal.url,
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        # Libraries at INFO too: Sanic, socket.io and engine.io must not leak texts either.
        LOG_LEVEL_LIBRARIES="INFO",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    ) as server:
        # Again as the units start it: with deploy/logging.yml, JSON from the first line.
        server.rasa_argv += ["--logging-config-file", str(ROOT / "deploy" / "logging.yml")]
        server.kill_rasa()
        server.rasa_log.unlink()
        server.restart_rasa()
        yield server


def rest(bot: BotServer, sender: str, text: str, secret: str | None = None) -> list[dict]:
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Client-Secret"] = secret
    request = urllib.request.Request(
        f"{bot.url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers=headers,
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        assert resp.status == 200
        return json.loads(resp.read())


def socketio_turn(bot: BotServer, text: str) -> None:
    async def chat() -> None:
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue[dict] = asyncio.Queue()
        client.on("bot_uttered", replies.put)
        await client.connect(bot.url, transports=["polling"])
        try:
            await client.emit("user_uttered", {"message": text})
            await asyncio.wait_for(replies.get(), 30)
        finally:
            await client.eio.disconnect(abort=True)

    asyncio.run(chat())


def test_info_logs_are_json_and_never_hold_what_users_type(bot: BotServer, workdir: Path) -> None:
    marker, sender = secrets.token_hex(6), f"logs-{secrets.token_hex(4)}"
    # The first needs a custom action (FAQ answers may not reach the action server).
    texts = [f"查我的办事进度{marker}", f"社保卡挂失{marker}"]
    rest(bot, sender, texts[0])
    socketio_turn(bot, texts[1])
    time.sleep(0.5)
    rasa_log = (workdir / "rasa.log").read_text(encoding="utf-8")
    actions_log = (workdir / "actions.log").read_text(encoding="utf-8")
    for name, log in (("rasa.log", rasa_log), ("actions.log", actions_log)):
        assert marker not in log, f"{name} holds a user's message text"
    for name, log in (("rasa.log", rasa_log), ("actions.log", actions_log)):
        for line in log.splitlines():
            assert line.startswith("{"), f"{name}: not a JSON line: {line[:200]}"
            assert {"time", "level", "logger", "message"} <= json.loads(line).keys()
    actions = [json.loads(line) for line in actions_log.splitlines()]
    assert any(e.get("conversation_id") == f"rest:{sender}" for e in actions)


def test_metrics_and_readiness_of_the_running_server(bot: BotServer) -> None:
    with urllib.request.urlopen(f"{bot.url}/readyz", timeout=10) as resp:
        assert json.loads(resp.read())["checks"]["model"] == "ok"
    with urllib.request.urlopen(f"{bot.url}/metrics", timeout=10) as resp:
        body = resp.read().decode()
    assert 'hz12333_turns_total{channel="rest"}' in body
    assert 'hz12333_turns_total{channel="socketio"}' in body
    assert 'hz12333_turn_duration_seconds_bucket{channel="rest",le="6.0"}' in body
    # The model loaded at start-up is out of the collector's walks (bot.heap).
    frozen = re.search(r"^hz12333_gc_frozen_objects (\S+)$", body, re.M)
    assert frozen and float(frozen.group(1)) > 100_000


def bind_login(workdir: Path, sender: str, secret: str) -> None:
    """A logged-in conversation, as the login page would leave it (the portal is stalled)."""

    async def bind() -> None:
        store = LoginStore(f"sqlite:///{workdir / 'bot.db'}", PLACEHOLDER_SECRET_KEY)
        ticket = await store.issue_ticket(
            f"rest:{sender}", client_binding(PLACEHOLDER_SECRET_KEY, "rest", secret), "rest"
        )
        await store.redeem(
            ticket,
            token="t" * 32,
            username="demo-person",
            display_name="测试",
            account_kind="individual",
        )
        store.dispose()

    asyncio.run(bind())


def test_sigterm_lets_the_turn_in_flight_finish(
    bot: BotServer, workdir: Path, slow_portal: SlowPortal
) -> None:
    sender, secret = f"drain-{secrets.token_hex(4)}", secrets.token_hex(16)
    bind_login(workdir, sender, secret)
    outcome: dict = {}

    def slow_turn() -> None:
        try:
            outcome["replies"] = rest(bot, sender, "查我的办事进度", secret)
        except Exception as exc:  # reported by the asserts below
            outcome["error"] = exc

    slow_portal.called.clear()
    turn = threading.Thread(target=slow_turn)
    turn.start()
    # SIGTERM while the turn waits on the portal, whenever that is on a busy machine.
    assert slow_portal.called.wait(TURN_REACHES_PORTAL), "the turn never reached the portal"
    assert bot.rasa.poll() is None
    bot.rasa.send_signal(signal.SIGTERM)
    turn.join(timeout=30)
    code = bot.rasa.wait(timeout=30)

    assert "error" not in outcome, outcome.get("error")
    # The turn was inside the portal call when SIGTERM came; the actions gave up on the
    # stalled portal and said so: the turn ran to its end instead of being cut off.
    text = "\n".join(r.get("text", "") for r in outcome["replies"])
    assert "暂时无法访问" in text
    assert code == 0
