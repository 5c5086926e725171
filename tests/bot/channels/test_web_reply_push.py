"""An agent's reply reaches an open web page through Redis (bot/notify/web.py, bot/channels/web.py).

A real Redis, a real Sanic server with the web channel on it, real socket.io clients,
and the reply received as the capture or the IMAP reader receives it: the page must
hear it because of the nudge through Redis, since with REDIS_URL no server polls. The
two-process version, with two real bot servers, is tests/scale/test_reply_push_two_servers.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from bot.channels.inbound import client_binding
from bot.channels.web import WebChatInput, session_id_for
from bot.handoff import Outbox
from bot.handoff.delivery import ReplyDelivery
from bot.handoff.replies import ReplyStore
from bot.notify.web import REDIS_CHANNEL, WebReplySignal
from tests.bot.channels.test_web_channel import (
    SECRET_KEY,
    Client,
    new_secret,
    serve,
    settings,
)
from tests.bot.handoff.handoff_helpers import (
    HANDOFF_FROM,
    HANDOFF_TO,
    REPLY_DOMAIN,
    REPLY_SECRET,
    agent_mail,
    make_case,
)
from tests.infra import running_redis

AGENT_TEXT = "您好，离职证明请在网上办事补传后重新提交。"
#: A reply on a busy machine; a reply that never comes costs this much.
PUSH_TIMEOUT = 10.0


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    return dist


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with running_redis(tmp_path) as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
async def replies(database_url: str) -> AsyncIterator[ReplyStore]:
    store = ReplyStore(
        database_url,
        secret_key=REPLY_SECRET,
        reply_domain=REPLY_DOMAIN,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
    )
    await store.create_schema()
    yield store


async def web_ticket(database_url: str, secret: str) -> str:
    """A ticket the page holding ``secret`` opened, as the hand-off action stores it."""
    outbox = Outbox(
        database_url,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        reply_secret=REPLY_SECRET,
        reply_domain=REPLY_DOMAIN,
    )
    await outbox.create_schema()
    try:
        queued = await outbox.enqueue(
            make_case(
                conversation_id=session_id_for(SECRET_KEY, secret),
                client_binding=client_binding(SECRET_KEY, WebChatInput.name(), secret),
            )
        )
    finally:
        await outbox.close()
    return queued.ticket_no


async def subscribed(redis_url: str, servers: int) -> None:
    """Until ``servers`` managers listen on the channel (each starts at its first socket)."""
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        for _ in range(100):
            [(_, count)] = await client.pubsub_numsub(REDIS_CHANNEL)
            if count >= servers:
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the web channel never subscribed to Redis")
    finally:
        await client.close()


async def texts_until(client: Client, wanted: str, timeout: float = PUSH_TIMEOUT) -> list[str]:
    seen: list[str] = []
    while not any(wanted in text for text in seen):
        seen.append(str((await client.reply(timeout))["text"]))
    return seen


async def test_the_nudge_through_redis_pushes_the_reply_to_the_open_page(
    web_dist, redis_url, database_url, replies
):
    secret, stranger = new_secret(), new_secret()
    ticket = await web_ticket(database_url, secret)
    signal = WebReplySignal(redis_url)
    delivery = ReplyDelivery(replies, agent_senders=("hz.gov.cn",), web_signal=signal)
    # A first reply while no page is open: the page gets it when it comes back, and
    # hearing it tells the test that the page's joining is over.
    assert (await delivery.receive(agent_mail(ticket, "第一条答复"))).accepted
    channel = WebChatInput(settings(database_url=database_url, redis_url=redis_url), dist=web_dist)
    async with serve(channel) as server:
        page, other_page = Client(), Client()
        await page.connect(server.url, secret)
        await other_page.connect(server.url, stranger)
        await page.session()
        await other_page.session()
        assert len(await texts_until(page, "第一条答复")) == 1
        await subscribed(redis_url, 1)

        assert (await delivery.receive(agent_mail(ticket, AGENT_TEXT))).accepted
        [pushed] = await texts_until(page, AGENT_TEXT)
        assert ticket in pushed
        # Taken once: the thread says it was shown, and nobody else heard it.
        binding = client_binding(SECRET_KEY, WebChatInput.name(), secret)
        assert await replies.take_unshown(session_id_for(SECRET_KEY, secret), binding) == []
        assert other_page.bot.empty()
        await page.close()
        await other_page.close()


async def test_without_a_nudge_the_reply_comes_with_the_pages_next_message(
    web_dist, redis_url, database_url, replies
):
    # A nudge lost (Redis down when the mail came): the page's next message brings it.
    secret = new_secret()
    ticket = await web_ticket(database_url, secret)
    channel = WebChatInput(settings(database_url=database_url, redis_url=redis_url), dist=web_dist)
    async with serve(channel) as server:
        page = Client()
        await page.connect(server.url, secret)
        session_id = await page.session()
        delivery = ReplyDelivery(replies, agent_senders=("hz.gov.cn",))
        assert (await delivery.receive(agent_mail(ticket, AGENT_TEXT))).accepted
        await page.say("你好", session_id)
        seen = await texts_until(page, AGENT_TEXT)
        assert ticket in seen[-1]
        # With REDIS_URL no server looks for replies itself: pushes come from the nudges.
        assert channel._pusher is None
        await page.close()


async def test_a_page_that_comes_back_gets_the_reply_at_once(
    web_dist, redis_url, database_url, replies
):
    secret = new_secret()
    ticket = await web_ticket(database_url, secret)
    signal = WebReplySignal(redis_url)
    delivery = ReplyDelivery(replies, agent_senders=("hz.gov.cn",), web_signal=signal)
    # Nobody holds the page: the nudge is heard by no one and the reply waits.
    assert (await delivery.receive(agent_mail(ticket, AGENT_TEXT))).accepted
    channel = WebChatInput(settings(database_url=database_url, redis_url=redis_url), dist=web_dist)
    async with serve(channel) as server:
        page = Client()
        await page.connect(server.url, secret)
        await page.session()
        [pushed] = await texts_until(page, AGENT_TEXT)
        assert ticket in pushed
        await page.close()
