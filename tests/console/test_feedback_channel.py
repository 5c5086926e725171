"""The feedback channel on a real Sanic server: verdicts only for the caller's own conversation."""

from __future__ import annotations

import secrets
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import register
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from sanic import Sanic

from bot.channels.feedback import FeedbackInput
from bot.channels.inbound import client_binding
from bot.channels.web import session_id_for
from bot.feedback import FeedbackStore
from bot.settings import Settings
from tests.console.trackers import save, store

SECRET_KEY = "k" * 40


@asynccontextmanager
async def serve(channel: FeedbackInput) -> AsyncIterator[str]:
    Sanic.test_mode = True  # several apps in one process (see test_web_channel.py)
    app = Sanic(f"feedback_test_{uuid.uuid4().hex[:10]}")
    register([channel], app, route="/webhooks/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks/feedback/"
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()
        sock.close()


async def post(url: str, body: dict[str, Any], secret: str | None = None) -> int:
    headers = {"X-Client-Secret": secret} if secret else {}
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as resp:
        return resp.status


def answered(sender: str, binding: str | None, ts: float) -> list[Any]:
    metadata = {"client_binding": binding} if binding else {}
    return [
        UserUttered(
            "密码忘了怎么办",
            intent={"name": "faq", "confidence": 0.9},
            parse_data={"intent": {"name": "faq", "confidence": 0.9}, "entities": [], "text": "x"},
            metadata=metadata,
            timestamp=ts,
        ),
        ActionExecuted("action_answer_faq", timestamp=ts + 0.1),
        BotUttered(
            "请到…", metadata={"utter_action": "utter_faq/password_lost"}, timestamp=ts + 0.2
        ),
    ]


@pytest.fixture
def settings_(database_url: str) -> Settings:
    return Settings(secret_key=SECRET_KEY, database_url=database_url)


async def test_rest_verdicts_need_the_conversations_own_client_secret(settings_, database_url):
    mine, other = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await save(
        store(database_url),
        "rest:alice",
        answered("rest:alice", client_binding(SECRET_KEY, "rest", mine), time.time()),
    )
    async with serve(FeedbackInput(settings_)) as url:
        assert await post(url, {"sender": "alice", "helpful": False}, other) == 403
        assert await post(url, {"sender": "alice", "helpful": False}) == 403
        assert await post(url, {"sender": "alice"}, mine) == 400
        assert (
            await post(url, {"sender": "alice", "helpful": False, "saved_call": True}, mine) == 200
        )
        assert await post(url, {"sender": "nobody", "helpful": True}, mine) == 403
    rows = await FeedbackStore(database_url).rows()
    assert [(r.conversation_id, r.kind, r.positive, r.response, r.intent) for r in rows] == [
        ("rest:alice", "helpful", False, "utter_faq/password_lost", "faq"),
        ("rest:alice", "saved_call", True, None, None),
    ]


async def test_web_verdicts_go_to_the_conversation_the_secret_derives(settings_, database_url):
    page_secret = secrets.token_urlsafe(32)
    conversation = session_id_for(SECRET_KEY, page_secret)
    await save(store(database_url), conversation, answered(conversation, None, time.time()))
    await save(store(database_url), "web:victim", answered("web:victim", None, time.time()))
    async with serve(FeedbackInput(settings_)) as url:
        # Naming another conversation does nothing: only the secret decides.
        body = {
            "client_secret": page_secret,
            "helpful": True,
            "conversation": "web:victim",
            "sender": "victim",
        }
        assert await post(url, body) == 200
        assert await post(url, {"client_secret": secrets.token_urlsafe(32), "helpful": True}) == 404
        assert await post(url, {"client_secret": "short", "helpful": True}) == 403
    [row] = await FeedbackStore(database_url).rows()
    assert row.conversation_id == conversation and row.positive


async def test_feedback_is_rate_limited_per_address(settings_, database_url, monkeypatch):
    monkeypatch.setattr("bot.channels.feedback.FEEDBACK_PER_ADDRESS", "3/minute")
    async with serve(FeedbackInput(settings_)) as url:
        codes = [
            await post(url, {"client_secret": secrets.token_urlsafe(32), "helpful": True})
            for _ in range(4)
        ]
    assert codes == [404, 404, 404, 429]
