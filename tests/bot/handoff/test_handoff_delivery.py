"""bot/handoff/delivery.py and replies.py: from the agent's mail to what the citizen is owed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.handoff import Contact, Outbox
from bot.handoff import inbound as reasons
from bot.handoff.delivery import ReplyDelivery
from bot.handoff.replies import ReplyStore, TicketNotFound
from bot.handoff.reply_address import reply_address
from bot.notify.outbox import NotifyOutbox
from tests.bot.handoff.handoff_helpers import (
    REPLY_DOMAIN,
    REPLY_SECRET,
    FakeClock,
    agent_mail,
    make_case,
    ready_reply_store,
)

BINDING = "b" * 64


@pytest.fixture
async def store(outbox_url: str, clock: FakeClock) -> AsyncIterator[ReplyStore]:
    yield await ready_reply_store(outbox_url, clock)


@pytest.fixture
def delivery(store: ReplyStore) -> ReplyDelivery:
    return ReplyDelivery(store, agent_senders=("hz.gov.cn",))


@pytest.fixture
def notifications(outbox_url: str, clock: FakeClock) -> NotifyOutbox:
    return NotifyOutbox(outbox_url, clock=clock)


async def ticket(outbox: Outbox, **changes) -> str:
    changes.setdefault("conversation_id", "rest:citizen-1")
    changes.setdefault("client_binding", BINDING)
    return (await outbox.enqueue(make_case(**changes))).ticket_no


async def test_a_reply_to_an_email_contact(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    number = await ticket(outbox)
    received = await delivery.receive(agent_mail(number))
    assert received.accepted and received.ticket_no == number

    view = await store.view(number, conversation_id="rest:citizen-1", binding=BINDING)
    assert view is not None and view.life == "replied"
    [reply] = view.agent_replies
    assert reply.text == "您好，材料已收到，请补充离职证明后重新提交。"  # no quote

    [mail] = await notifications.rows(kind="mail")
    assert mail["conversation_id"] == "rest:citizen-1" and b"zhang.san@example.com" in mail["body"]
    assert not await notifications.rows(kind="sms")

    # Shown once, and only to the client that opened the ticket.
    assert await store.take_unshown("rest:citizen-1", "someone-else") == []
    [(shown_ticket, shown)] = await store.take_unshown("rest:citizen-1", BINDING)
    assert shown_ticket == number and shown.text == reply.text
    assert await store.take_unshown("rest:citizen-1", BINDING) == []


async def test_another_conversation_or_client_sees_nothing(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery
) -> None:
    number = await ticket(outbox)
    await delivery.receive(agent_mail(number))
    assert await store.view(number, conversation_id="rest:other", binding=BINDING) is None
    assert await store.view(number, conversation_id="rest:citizen-1", binding="x" * 64) is None
    assert await store.latest_ticket("rest:citizen-1", "x" * 64) is None


async def test_resolved(outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery) -> None:
    number = await ticket(outbox)
    await delivery.receive(agent_mail(number, "已为您改好。\n#已解决"))
    view = await store.view(number, conversation_id="rest:citizen-1", binding=BINDING)
    assert view is not None and view.life == "resolved"
    assert view.agent_replies[0].text == "已为您改好。"


async def test_the_sms_channel_gets_sms(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    number = await ticket(
        outbox,
        conversation_id="sms:+8613900000001",
        channel="twilio",
        contact=Contact("phone", "+8613900000001"),
        client_binding=None,
    )
    long_text = (
        "请按以下步骤办理："
        + "登录网上办事，进入个人办事，选择灵活就业参保登记，按审核意见修改后重新提交。" * 6
    )
    await delivery.receive(agent_mail(number, long_text))
    parts = await notifications.rows(kind="sms")
    assert len(parts) >= 2 and all(p["conversation_id"] == "sms:+8613900000001" for p in parts)
    assert '"to": "+8613900000001"' in parts[0]["payload"]
    assert not await notifications.rows(kind="mail")
    # The SMS is how this conversation is shown the reply.
    assert await store.take_unshown("sms:+8613900000001", None) == []


async def test_an_unbound_ticket_never_shows_its_reply_by_conversation_id_alone(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    # A caller ID can be spoofed, and a REST sender id chosen by anyone: without the
    # opening client's binding, the agent's words are not read out or shown.
    for conversation, channel in (
        ("voice:+8657187654321", "twilio_voice"),
        ("rest:guessable", "rest"),
    ):
        number = await ticket(
            outbox,
            conversation_id=conversation,
            channel=channel,
            contact=Contact("phone", "+8613900000002"),
            client_binding=None,
        )
        await delivery.receive(agent_mail(number))
        assert await store.take_unshown(conversation, None) == []
        assert await store.take_unshown(conversation, "any-binding") == []


async def test_the_same_mail_twice_is_one_reply(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    number = await ticket(outbox)
    raw = agent_mail(number, message_id="<same@hz.gov.cn>")
    assert not (await delivery.receive(raw)).duplicate
    assert (await delivery.receive(raw)).duplicate
    view = await store.view(number, conversation_id="rest:citizen-1", binding=BINDING)
    assert view is not None and len(view.agent_replies) == 1
    assert len(await notifications.rows(kind="mail")) == 1


async def test_refused_mail_is_quarantined_and_never_delivered(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    number = await ticket(outbox)
    other = await ticket(outbox, conversation_id="rest:citizen-2")
    own = reply_address(number, secret_key=REPLY_SECRET, domain=REPLY_DOMAIN)
    mine_with_other_number = own.replace(number.lower(), other.lower())
    absent = "HZ-20200101-ABCDEF"
    results = [
        await delivery.receive(agent_mail(number, sender="evil@example.com")),
        await delivery.receive(agent_mail(number, secret="forged-" * 6)),
        await delivery.receive(agent_mail(other, to=mine_with_other_number)),
        await delivery.receive(agent_mail(absent)),
    ]
    assert [r.reason for r in results] == [
        reasons.NOT_AN_AGENT,
        reasons.BAD_MAC,
        reasons.BAD_MAC,
        reasons.UNKNOWN_TICKET,
    ]
    quarantined = await store.quarantined()
    assert [q.reason for q in quarantined] == [r.reason for r in results]
    assert quarantined[0].sender == "evil@example.com"
    assert await notifications.rows() == []
    for conversation in ("rest:citizen-1", "rest:citizen-2"):
        assert await store.take_unshown(conversation, BINDING) == []


async def test_the_citizens_answer_goes_to_the_agents_in_the_thread(
    outbox: Outbox, store: ReplyStore, delivery: ReplyDelivery, notifications: NotifyOutbox
) -> None:
    number = await ticket(outbox)
    await delivery.receive(agent_mail(number, message_id="<agent-1@hz.gov.cn>"))
    await store.citizen_answer(
        number,
        "好的，身份证 110101199003074578 的复印件明天补",
        conversation_id="rest:citizen-1",
        binding=BINDING,
    )
    [mail] = [
        row
        for row in await notifications.rows(kind="mail")
        if row["dedupe_key"].startswith("agents:")
    ]
    body = mail["body"].decode()
    assert "In-Reply-To: <agent-1@hz.gov.cn>" in body
    assert f"<{number}@bot.example.cn>" in body.split("References:")[1].split("\n")[0]
    assert "Reply-To: reply+" in body
    assert "110101199003074578" not in body  # masked like every mail
    with pytest.raises(TicketNotFound):
        await store.citizen_answer(
            number, "我也想看", conversation_id="rest:other", binding=BINDING
        )
    with pytest.raises(TicketNotFound):
        await store.citizen_answer(
            number, "我也想看", conversation_id="rest:citizen-1", binding="x" * 64
        )


async def test_one_sla_reminder(
    outbox: Outbox, delivery: ReplyDelivery, notifications: NotifyOutbox, clock: FakeClock
) -> None:
    waiting = await ticket(outbox)
    answered = await ticket(outbox, conversation_id="rest:citizen-2")
    claims = await outbox.claim_due("w", limit=10, lease=timedelta(minutes=5))
    await outbox.mark_sent(*claims)
    await delivery.receive(agent_mail(answered))
    assert await delivery.remind_overdue(24) == 0
    clock.advance(timedelta(hours=24, minutes=1))
    assert await delivery.remind_overdue(24) == 1
    assert await delivery.remind_overdue(24) == 0  # one reminder, however often it runs
    [reminder] = [r for r in await notifications.rows() if r["dedupe_key"].startswith("sla:")]
    assert reminder["ticket_no"] == waiting
    assert f"In-Reply-To: <{waiting}@bot.example.cn>" in reminder["body"].decode()


async def test_erase_and_purge_take_the_thread_with_the_conversation(
    outbox: Outbox,
    store: ReplyStore,
    delivery: ReplyDelivery,
    notifications: NotifyOutbox,
    clock: FakeClock,
) -> None:
    number = await ticket(outbox)
    await delivery.receive(agent_mail(number))
    await delivery.receive(agent_mail(number, sender="evil@example.com"))
    assert await store.erase("rest:citizen-1") == 2  # the reply and the quarantined mail
    assert await notifications.erase("rest:citizen-1") == 1
    other = await ticket(outbox, conversation_id="rest:citizen-2")
    await delivery.receive(agent_mail(other))
    clock.advance(timedelta(days=1))
    assert await store.purge(clock() - timedelta(hours=1)) == 1
