"""`python -m actions`: rasa_sdk's app with our health, readiness and metrics endpoints."""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import logging
import urllib.error
import urllib.request
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web
from sanic import Sanic

from actions import runtime
from actions.__main__ import create_app
from bot.logs import conversation_id
from bot.settings import Settings
from tests.bot.channels.twilio_helpers import free_socket

_names = itertools.count()


@asynccontextmanager
async def serving(app: Sanic) -> AsyncIterator[str]:
    sock = free_socket()
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()
        await server.after_stop()
        sock.close()


@pytest.fixture
async def portal_url() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/healthz", lambda _: web.json_response({"status": "ok"}))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.fixture
async def base(tmp_path: Path, portal_url: str, monkeypatch) -> AsyncIterator[str]:
    settings = Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PORTAL_URL": portal_url},
        dotenv=tmp_path / "none",
    )
    runtime.configure(settings)
    Sanic.test_mode = True
    # rasa_sdk names every app "rasa_sdk"; Sanic refuses a second app of one name.
    monkeypatch.setattr(Sanic, "_app_registry", {})
    async with serving(create_app(settings)) as url:
        yield url


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def test_health_readiness_and_metrics(base: str) -> None:
    for path in ("/health", "/healthz"):
        assert (await asyncio.to_thread(fetch, base + path))[0] == 200
    status, body = await asyncio.to_thread(fetch, base + "/readyz")
    assert status == 200
    assert json.loads(body)["checks"] == {"database": "ok", "portal": "ok"}
    status, body = await asyncio.to_thread(fetch, base + "/metrics")
    assert status == 200
    assert "# TYPE hz12333_portal_errors_total counter" in body
    assert "# TYPE hz12333_portal_call_duration_seconds histogram" in body
    assert "# TYPE hz12333_gc_pause_seconds histogram" in body
    assert gc.get_freeze_count() > 0


class Remember(logging.Handler):
    """Notes the conversation id in force when each line is logged."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str | None] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.ids.append(conversation_id.get())


@pytest.mark.parametrize("deflate", [False, True])
async def test_action_calls_tag_their_log_lines_with_the_conversation(
    base: str, deflate: bool
) -> None:
    remember = Remember()
    sdk_logger = logging.getLogger("rasa_sdk.endpoint")
    sdk_logger.addHandler(remember)
    body = json.dumps(
        {
            "next_action": "action_that_does_not_exist",
            "sender_id": "+8613800138000",
            "tracker": {},
            "version": "3.6.21",
        }
    ).encode()
    # The token the Rasa server sends (the fixture's settings derive it from SECRET_KEY).
    token = Settings.from_env({}, dotenv=Path("/nonexistent")).action_token
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if deflate:
        body, headers["Content-Encoding"] = zlib.compress(body), "deflate"
    try:
        status, _ = await asyncio.to_thread(fetch, base + "/webhook", body, headers)
    finally:
        sdk_logger.removeHandler(remember)
    assert status == 404  # rasa_sdk logs "no registered action found" at ERROR
    assert remember.ids == ["…8000"]
