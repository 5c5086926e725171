"""An agent's reply reaches a web page on whichever of two bot servers holds its socket.

Two real bot servers share one PostgreSQL and one Redis, as deploy/README.md sets them
up; the local mail capture (a third process, holding no socket) reads the agent's
reply, as the IMAP reader does in production. A citizen opens a ticket through the web
channel on server B, then comes back with the same page secret on server A. The
agent answers by SMTP; the capture stores the reply and emits "replies waiting" to the
conversation's room through Redis (bot/notify/web.py). With REDIS_URL no server polls
for replies, so the page on A hears the reply only if the emit crossed Redis to A's
socket.io manager (bot/channels/web.py, ``SharedRoomsManager``). A stranger's page on B
hears nothing of it.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import smtplib
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
import redis
import socketio
import sqlalchemy

from bot.handoff.reply_address import reply_address
from bot.notify.web import REDIS_CHANNEL
from bot.settings import Settings
from scripts.servers import free_port, process_tcp, running_bot_server, running_portal, stack_env
from tests.infra import running_postgres, running_redis

pytestmark = pytest.mark.slow

REPLY_DOMAIN = "reply.12333.test"
FIRST_TEXT = "您好，已收到您的问题，正在核实。"
AGENT_TEXT = "您好，灵活就业参保登记退回是因为缺少离职证明，补传后重新提交即可。"
TICKET = re.compile(r"HZ-\d{8}-[0-9A-Z]{6}")
#: One turn of the real model on a busy 2-core machine, or one push; a bound, not a target.
TURN_TIMEOUT = 90.0
#: Long enough for the rest of a turn's messages to arrive after its first.
TURN_SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Cluster:
    a: str
    b: str
    smtp_port: int
    redis_url: str
    settings: Settings


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("reply-push")
    with ExitStack() as stack:
        database_url = stack.enter_context(running_postgres(base))
        redis_url = stack.enter_context(running_redis(base))
        portal_url = stack.enter_context(running_portal(base))
        smtp_port = free_port()
        shared = dict(
            PORTAL_URL=portal_url,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp_port),
            REPLY_DOMAIN=REPLY_DOMAIN,
            AGENT_SENDERS="hz.gov.cn",
        )
        capture_dir = base / "capture"
        capture_dir.mkdir()
        capture_env = stack_env(capture_dir, **shared)
        stack.enter_context(
            process_tcp(
                [sys.executable, "-m", "bot.handoff.capture"],
                capture_env,
                smtp_port,
                capture_dir / "capture.log",
            )
        )
        urls = []
        for name in ("a", "b"):
            workdir = base / name
            workdir.mkdir()
            urls.append(stack.enter_context(running_bot_server(workdir, **shared)).url)
        yield Cluster(
            a=urls[0],
            b=urls[1],
            smtp_port=smtp_port,
            redis_url=redis_url,
            settings=Settings.from_env(capture_env),
        )


class Page:
    """What the web page does over socket.io: its secret, a session, messages.

    It polls: python-engineio's websocket client needs aiohttp 3.10, and Rasa 3.6
    pins 3.9 (tests/bot/channels/test_web_channel.py).
    """

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.sio = socketio.AsyncClient(reconnection=False)
        self.heard: asyncio.Queue[str] = asyncio.Queue()
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.sio.on("bot_uttered", self._bot)
        self.sio.on("session_confirm", self.confirmed.put)
        self.session_id = ""

    async def _bot(self, message: Any) -> None:
        await self.heard.put(str(message.get("text") or "") if isinstance(message, dict) else "")

    async def open(self, url: str) -> str:
        await self.sio.connect(url, transports=["polling"], auth={"client_secret": self.secret})
        await self.sio.emit("session_request", {})
        self.session_id = await asyncio.wait_for(self.confirmed.get(), TURN_TIMEOUT)
        return self.session_id

    async def hear(self, wanted: str | re.Pattern[str]) -> str:
        """The first message that holds ``wanted`` (skipping the rest of earlier turns)."""
        while True:
            text = await asyncio.wait_for(self.heard.get(), TURN_TIMEOUT)
            if (wanted in text) if isinstance(wanted, str) else wanted.search(text):
                return text

    async def say(self, text: str, expect: str | re.Pattern[str]) -> str:
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        return await self.hear(expect)

    def everything_heard(self) -> list[str]:
        texts = []
        while not self.heard.empty():
            texts.append(self.heard.get_nowait())
        return texts

    async def leave(self) -> None:
        """Close the page as a browser does: the server hears it go and forgets it."""
        await self.sio.disconnect()

    async def close(self) -> None:
        # Not waiting for the long-poll the server holds for a ping interval.
        await self.sio.eio.disconnect(abort=True)


def agent_replies(cluster: Cluster, ticket: str, text: str = AGENT_TEXT) -> None:
    """An agent answers from a mail client, through the capture on SMTP_PORT."""
    message = EmailMessage()
    message["From"] = "12333 坐席 <agent@hz.gov.cn>"
    message["To"] = reply_address(
        ticket, secret_key=cluster.settings.secret_key, domain=REPLY_DOMAIN
    )
    message["Subject"] = f"Re: [12333 转人工] {ticket}"
    message["Message-ID"] = make_msgid(domain="hz.gov.cn")
    message.set_content(f"{text}\n\n在 2026年12月1日，12333 网上办事助手 写道：\n> 市民诉求：……")
    with smtplib.SMTP("127.0.0.1", cluster.smtp_port, timeout=30) as smtp:
        smtp.send_message(message)


async def both_servers_listen(redis_url: str) -> None:
    """Each server's manager subscribes at its first socket; both must hear Redis."""
    client = redis.Redis.from_url(redis_url)
    try:
        for _ in range(300):
            [(_, count)] = client.pubsub_numsub(REDIS_CHANNEL)
            if count >= 2:
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the two servers never both subscribed to the socket.io channel")
    finally:
        client.close()


def test_the_reply_is_pushed_to_the_page_on_the_server_that_holds_it(cluster: Cluster) -> None:
    async def scenario() -> tuple[str, str, list[str]]:
        secret = secrets.token_urlsafe(32)
        # The ticket is opened on B.
        on_b = Page(secret)
        session_id = await on_b.open(cluster.b)
        first = await on_b.say(
            "我个人的灵活就业参保登记被退回了，看不懂审核意见", re.compile(r"\S")
        )
        await asyncio.sleep(TURN_SETTLE_SECONDS)
        first += "".join(on_b.everything_heard())
        if "需要转人工吗" in first:
            # A disputed result is offered a person at once: 我要转人工 is the yes to it.
            await on_b.say("我要转人工", "联系")
        else:
            await on_b.say("我要转人工", "需要转人工吗")
            await on_b.say("/affirm", "联系")
        await on_b.say("citizen@example.com", "描述")
        ticket = TICKET.search(await on_b.say("确认", TICKET))
        assert ticket is not None
        await on_b.leave()
        # A first answer while the page is closed waits for the citizen's next visit.
        await asyncio.to_thread(agent_replies, cluster, ticket.group(), FIRST_TEXT)

        # The citizen comes back on A (and hears the first answer, which also says that
        # joining is over); a stranger's page is open on B.
        on_a, stranger = Page(secret), Page(secrets.token_urlsafe(32))
        assert await on_a.open(cluster.a) == session_id
        await on_a.hear(FIRST_TEXT)
        await stranger.open(cluster.b)
        await both_servers_listen(cluster.redis_url)

        # The agent's answer now is pushed at once, through Redis, by the capture.
        await asyncio.to_thread(agent_replies, cluster, ticket.group())
        pushed = await on_a.hear(AGENT_TEXT)
        await on_a.close()
        await stranger.close()
        return ticket.group(), pushed, stranger.everything_heard()

    ticket, pushed, stranger_heard = asyncio.run(scenario())
    assert ticket in pushed and "市民诉求" not in pushed  # the quote is cut
    assert not [text for text in stranger_heard if AGENT_TEXT in text or FIRST_TEXT in text]
    # Taken by the push: the thread records it as shown, so no later turn brings it again.
    engine = sqlalchemy.create_engine(cluster.settings.database_url)
    try:
        with engine.connect() as conn:
            shown = conn.execute(
                sqlalchemy.text(
                    "SELECT shown_at FROM handoff_messages"
                    " WHERE ticket_no = :t AND direction = 'agent'"
                ),
                {"t": ticket},
            ).all()
    finally:
        engine.dispose()
    assert len(shown) == 2 and all(at is not None for (at,) in shown)
