"""The operators' endpoints of the Rasa server, mounted by Rasa's own channel registration."""

from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from prometheus_client import REGISTRY
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from bot.channels.ops import OpsInput
from bot.channels.rest import RestInput
from bot.settings import Settings
from tests.bot.channels.twilio_helpers import free_socket

_names = itertools.count()


class FakeAgent:
    """What the ops channel and Rasa's channel handler use of ``app.ctx.agent``."""

    def __init__(self, ready: bool) -> None:
        self.ready = ready

    def is_ready(self) -> bool:
        return self.ready

    async def handle_message(self, message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "好的")


@asynccontextmanager
async def rasa_like(channels: list[Any], agent: FakeAgent) -> AsyncIterator[str]:
    """A Sanic app with the channels registered as ``rasa run`` does, on a free port."""
    Sanic.test_mode = True
    app = Sanic(f"ops_test_{next(_names)}")
    app.ctx.agent = agent
    register(channels, app, route="/webhooks/")
    sock = free_socket()
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None
    await server.startup()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        await server.before_stop()
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
def settings(tmp_path: Path, portal_url: str) -> Settings:
    return Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PORTAL_URL": portal_url},
        dotenv=tmp_path / "none",
    )


def fetch(url: str, body: dict | None = None) -> tuple[int, str, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


async def aget(url: str, body: dict | None = None) -> tuple[int, str, str]:
    import asyncio

    return await asyncio.to_thread(fetch, url, body)


async def test_routes_are_at_the_root_not_under_webhooks(settings: Settings) -> None:
    async with rasa_like([OpsInput(settings)], FakeAgent(ready=True)) as base:
        assert (await aget(f"{base}/healthz"))[0] == 200
        assert (await aget(f"{base}/webhooks/ops/healthz"))[0] == 404


async def test_ready_when_model_database_and_portal_are(settings: Settings) -> None:
    async with rasa_like([OpsInput(settings)], FakeAgent(ready=True)) as base:
        status, _, body = await aget(f"{base}/readyz")
    assert status == 200
    assert json.loads(body)["checks"] == {"model": "ok", "database": "ok", "portal": "ok"}


async def test_not_ready_without_a_model(settings: Settings) -> None:
    async with rasa_like([OpsInput(settings)], FakeAgent(ready=False)) as base:
        status, _, body = await aget(f"{base}/readyz")
    assert status == 503
    assert json.loads(body)["not_ready"] == ["model"]


async def test_not_ready_when_the_portal_is_down(tmp_path: Path) -> None:
    from tests.bot.test_observability import closed_port

    settings = Settings.from_env(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "PORTAL_URL": f"http://127.0.0.1:{closed_port()}",
        },
        dotenv=tmp_path / "none",
    )
    async with rasa_like([OpsInput(settings)], FakeAgent(ready=True)) as base:
        status, _, body = await aget(f"{base}/readyz")
    assert status == 503
    assert json.loads(body)["not_ready"] == ["portal"]


async def test_metrics_count_the_turns_of_our_channels(settings: Settings) -> None:
    before = REGISTRY.get_sample_value("hz12333_turns_total", {"channel": "rest"}) or 0.0
    channels = [RestInput(settings), OpsInput(settings)]
    async with rasa_like(channels, FakeAgent(ready=True)) as base:
        status, _, replies = await aget(
            f"{base}/webhooks/rest/webhook", {"sender": "ops-test", "message": "你好"}
        )
        assert status == 200 and json.loads(replies)[0]["text"] == "好的"
        status, content_type, body = await aget(f"{base}/metrics")
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    assert f'hz12333_turns_total{{channel="rest"}} {before + 1}' in body
    assert 'hz12333_handoffs{state="queued"} 0.0' in body
    assert "hz12333_handoff_outbox_up 1.0" in body
