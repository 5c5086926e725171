"""bot/handoff/reply_codes.py: a landline caller's reply code, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.handoff import Contact, Outbox
from bot.handoff.delivery import ReplyDelivery
from bot.handoff.replies import ReplyStore
from bot.handoff.reply_codes import CODE_DIGITS, MAX_FAILURES, ReplyCodes, code_hash
from tests.bot.handoff.handoff_helpers import (
    REPLY_SECRET,
    FakeClock,
    agent_mail,
    make_case,
    ready_reply_store,
)

CONVERSATION = "voice:+8657187654321"
CALL_BINDING = "c" * 40


@pytest.fixture
async def store(any_outbox_url: str, clock: FakeClock) -> AsyncIterator[ReplyStore]:
    yield await ready_reply_store(any_outbox_url, clock)


@pytest.fixture
def codes(store: ReplyStore) -> ReplyCodes:
    return ReplyCodes(store)


@pytest.fixture
def delivery(store: ReplyStore) -> ReplyDelivery:
    return ReplyDelivery(store, agent_senders=("hz.gov.cn",))


async def landline_ticket(outbox: Outbox, conversation: str = CONVERSATION) -> str:
    case = make_case(
        conversation_id=conversation,
        channel="twilio_voice",
        contact=Contact("email", "caller@example.com"),
        client_binding=CALL_BINDING,
    )
    return (await outbox.enqueue(case)).ticket_no


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


async def test_a_code_is_issued_once_and_only_to_the_call_that_opened_the_ticket(
    any_outbox: Outbox, codes: ReplyCodes, store: ReplyStore
) -> None:
    number = await landline_ticket(any_outbox)
    assert await codes.issue(number, conversation_id=CONVERSATION, binding="another-call") is None
    assert (
        await codes.issue(number, conversation_id="voice:+8657100000000", binding=CALL_BINDING)
        is None
    )
    code = await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING)
    assert code is not None and len(code) == CODE_DIGITS and code.isdigit()
    # Said again in the same call (我的工单), it is not issued again.
    assert await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING) is None
    # Stored keyed: the table holds no code.
    with store.engine.connect() as conn:
        [row] = conn.execute(sa.text("SELECT code_hash FROM handoff_reply_codes")).all()
    assert code not in row.code_hash and row.code_hash == code_hash(REPLY_SECRET, number, code)


async def test_the_right_code_opens_the_waiting_replies_once(
    any_outbox: Outbox, codes: ReplyCodes, delivery: ReplyDelivery
) -> None:
    number = await landline_ticket(any_outbox)
    code = await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING)
    assert code is not None
    assert await codes.waiting(CONVERSATION) == []  # no reply yet
    await delivery.receive(agent_mail(number, "您好，请补充离职证明。"))
    assert await codes.waiting(CONVERSATION) == [number]

    assert not (await codes.check(CONVERSATION, wrong(code))).opened
    opened = await codes.check(CONVERSATION, code)
    assert opened.opened and opened.ticket_no == number
    assert [r.text for r in opened.replies] == ["您好，请补充离职证明。"]
    assert opened.tries_left == MAX_FAILURES - 1  # the wrong try above still counts
    assert await codes.waiting(CONVERSATION) == []
    # Heard: the same code opens nothing more until the next reply.
    assert not (await codes.check(CONVERSATION, code)).opened


async def test_wrong_tries_lock_the_code_across_calls(
    any_outbox: Outbox, codes: ReplyCodes, delivery: ReplyDelivery
) -> None:
    number = await landline_ticket(any_outbox)
    code = await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING)
    assert code is not None
    await delivery.receive(agent_mail(number))
    lefts = [(await codes.check(CONVERSATION, wrong(code))).tries_left for _ in range(MAX_FAILURES)]
    assert lefts == list(range(MAX_FAILURES - 1, -1, -1))
    # Locked: even the right code opens nothing now, and no reply is said to be waiting.
    assert not (await codes.check(CONVERSATION, code)).opened
    assert await codes.waiting(CONVERSATION) == []


async def test_tries_made_at_once_are_each_counted(
    any_outbox: Outbox, codes: ReplyCodes, delivery: ReplyDelivery
) -> None:
    number = await landline_ticket(any_outbox)
    code = await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING)
    assert code is not None
    await delivery.receive(agent_mail(number))
    checks = await asyncio.gather(
        *(codes.check(CONVERSATION, wrong(code)) for _ in range(MAX_FAILURES + 3))
    )
    assert not any(c.opened for c in checks)
    assert not (await codes.check(CONVERSATION, code)).opened


async def test_codes_go_with_the_conversation(
    any_outbox: Outbox, codes: ReplyCodes, store: ReplyStore, clock: FakeClock
) -> None:
    number = await landline_ticket(any_outbox)
    other = await landline_ticket(any_outbox, "voice:+8657100000001")
    await codes.issue(number, conversation_id=CONVERSATION, binding=CALL_BINDING)
    await codes.issue(other, conversation_id="voice:+8657100000001", binding=CALL_BINDING)
    assert await store.erase(CONVERSATION) == 1
    clock.advance(timedelta(days=1))
    assert await store.purge(clock()) == 1
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM handoff_reply_codes")).scalar() == 0
