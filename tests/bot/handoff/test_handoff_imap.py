"""bot/handoff/imap.py against a real IMAP server on a local port (aioimaplib's test server).

aioimaplib ships ``imap_testing_server``, an IMAP4rev1 server with IDLE that speaks the
protocol over TCP; the reader talks to it as to a production mailbox (without TLS,
which the settings allow only to a loopback host).
"""

from __future__ import annotations

import asyncio
import email
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.handoff import Outbox
from bot.handoff.delivery import ReplyDelivery
from bot.handoff.imap import ImapReader
from bot.handoff.replies import ReplyStore
from bot.settings import ImapSettings
from tests.bot.handoff.handoff_helpers import (
    HANDOFF_FROM,
    HANDOFF_TO,
    REPLY_DOMAIN,
    REPLY_SECRET,
    FakeClock,
    agent_mail,
    make_case,
)

USER = "replies@reply.bot.example.cn"


def imap_testing() -> Any:
    # Imported in the running loop: the module asks asyncio for one when it loads.
    from aioimaplib import imap_testing_server

    return imap_testing_server


@pytest.fixture
async def imap_server() -> AsyncIterator[tuple[Any, int]]:
    server = imap_testing().MockImapServer(loop=asyncio.get_running_loop())
    listening = await server.run_server(host="127.0.0.1", port=0)
    port = listening.sockets[0].getsockname()[1]
    yield server, port
    server.reset()
    listening.close()
    await listening.wait_closed()


async def test_replies_are_read_at_once_while_idle(
    imap_server: tuple[Any, int], outbox: Outbox, outbox_url: str, clock: FakeClock
) -> None:
    server, port = imap_server
    store = ReplyStore(
        outbox_url,
        secret_key=REPLY_SECRET,
        reply_domain=REPLY_DOMAIN,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        clock=clock,
    )
    await store.create_schema()
    ticket = (
        await outbox.enqueue(make_case(conversation_id="rest:c", client_binding="client-c"))
    ).ticket_no
    # One reply waits in the mailbox before the reader starts, one comes while it idles.
    server.receive(
        imap_testing().Mail(email.message_from_bytes(agent_mail(ticket, "第一条回复"))),
        imap_user=USER,
    )
    reader = ImapReader(
        ImapSettings(host="127.0.0.1", port=port, user=USER, password="pw", tls=False),
        ReplyDelivery(store, agent_senders=("hz.gov.cn",)),
        poll_interval=60,
        # The test server's SEARCH knows UNKEYWORD but not UNSEEN; both mean "no \Seen".
        unseen="UNKEYWORD \\Seen",
    )
    stop = asyncio.Event()
    running = asyncio.create_task(reader.run_forever(stop))
    try:
        replies: list = []

        async def collect() -> None:
            replies.extend(await store.take_unshown("rest:c", "client-c"))

        for _ in range(100):
            await collect()
            if replies:
                break
            await asyncio.sleep(0.05)
        assert [r.text for _, r in replies] == ["第一条回复"]
        await asyncio.sleep(0.2)  # the reader is in IDLE now
        server.receive(
            imap_testing().Mail(email.message_from_bytes(agent_mail(ticket, "第二条回复"))),
            imap_user=USER,
        )
        for _ in range(100):
            await collect()
            if len(replies) == 2:
                break
            await asyncio.sleep(0.05)
        # Polling is set to a minute: only IDLE can have brought it this soon.
        assert [r.text for _, r in replies] == ["第一条回复", "第二条回复"]
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
