"""A landline caller hears an agent's reply only with the ticket's reply code (issue 13).

The voice channel over real HTTP with signed Twilio requests, a stand-in bot that
announces a ticket, and the real stores on SQLite: the ticket as the hand-off action
stores it, the agent's reply as the capture or the IMAP reader receives it. The same
with the trained model, the capture and SMTP is tests/e2e/test_handoff_voice_replies.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.channels.inbound import client_binding
from bot.channels.twilio_voice import REPLY_CODE_TIMEOUT, TwilioVoiceInput
from bot.channels.voice_replies import (
    CODE_ISSUED,
    LOCKED,
    WAITING,
    WRONG_CODE,
    entered_code,
    spoken_code,
    voice_reply_texts,
)
from bot.handoff import Contact, Outbox
from bot.handoff.delivery import ReplyDelivery
from bot.handoff.replies import ReplyStore
from bot.handoff.reply_codes import MAX_FAILURES
from bot.settings import Settings
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    OUR_NUMBER,
    PUBLIC_URL,
    VOICE_PATH,
    FakeBot,
    action_of,
    apost,
    new_sid,
    serving,
    spoken_text,
)
from tests.bot.handoff.handoff_helpers import agent_mail, make_case

LANDLINE = "+8657187654321"
MOBILE = "+8613800138000"
ASK_TICKET = "帮我登记工单"
AGENT_TEXT = "您好，离职证明补传后重新提交即可，受理后三个工作日内办结。"
TEXTS = voice_reply_texts()


def fixed(name: str) -> str:
    """A response's words before its first placeholder, as they are said."""
    return TEXTS[name].split("{")[0][:8]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "PUBLIC_URL": PUBLIC_URL,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        },
        dotenv=tmp_path / "no.env",
    )


@pytest.fixture
async def replies(settings: Settings) -> ReplyStore:
    store = ReplyStore.from_settings(settings)
    await store.create_schema()
    return store


class Desk:
    """The hand-off action and the agents, as far as the voice channel can tell."""

    def __init__(self, settings: Settings, replies: ReplyStore) -> None:
        self.settings = settings
        self.delivery = ReplyDelivery(replies, agent_senders=settings.agent_senders)
        self.bot = FakeBot()
        self.tickets: dict[str, str] = {}

    async def open_ticket(self, caller: str, call_sid: str) -> str:
        outbox = Outbox(
            self.settings.database_url,
            handoff_from=self.settings.handoff_from,
            handoff_to=self.settings.handoff_to,
            reply_secret=self.settings.secret_key,
            reply_domain=self.settings.reply_domain,
        )
        await outbox.create_schema()
        try:
            queued = await outbox.enqueue(
                make_case(
                    conversation_id=f"voice:{caller}",
                    channel="twilio_voice",
                    contact=Contact("email", "caller@example.com"),
                    client_binding=client_binding(
                        self.settings.secret_key, TwilioVoiceInput.name(), call_sid
                    ),
                )
            )
        finally:
            await outbox.close()
        self.bot.answers[ASK_TICKET] = [
            {"text": f"已为您转人工，工单号 {queued.ticket_no}。工作人员会通过邮箱联系您。"}
        ]
        return queued.ticket_no

    async def agent_replies(self, ticket_no: str, text: str = AGENT_TEXT) -> None:
        mail = agent_mail(
            ticket_no, text, secret=self.settings.secret_key, domain=self.settings.reply_domain
        )
        assert (await self.delivery.receive(mail)).accepted


@pytest.fixture
def desk(settings: Settings, replies: ReplyStore) -> Desk:
    return Desk(settings, replies)


Post = Callable[..., Awaitable[ET.Element]]


@pytest.fixture
async def call(settings: Settings, replies: ReplyStore, desk: Desk) -> AsyncIterator[Post]:
    channel = TwilioVoiceInput(settings, replies=replies)
    async with serving([channel], desk.bot) as base:

        async def post(
            caller: str, call_sid: str, previous: ET.Element | None = None, **form: str
        ) -> ET.Element:
            """One step of a call: the first request, or the answer to ``previous``'s Gather."""
            query = action_of(previous)[1] if previous is not None else ""
            params = {"CallSid": call_sid, "From": caller, "To": OUR_NUMBER, **form}
            answer = await apost(base, VOICE_PATH, params, query=query)
            assert answer.status == 200, answer.body
            return answer.xml()

        yield post
    await channel.store.close()


def code_in(text: str) -> str:
    match = re.search(r"答复查询码是：([零一二三四五六七八九，]+)", text)
    assert match, text
    code = entered_code(match.group(1))
    assert code is not None and len(code) == 6
    return code


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def landline_ticket(call: Post, desk: Desk) -> tuple[str, str]:
    """A landline caller opens a ticket; returns (ticket, the code the call heard)."""
    call_sid = new_sid("CA")
    ticket = await desk.open_ticket(LANDLINE, call_sid)
    heard = spoken_text(await call(LANDLINE, call_sid, None, SpeechResult=ASK_TICKET))
    assert "答复查询码" in heard and "再说一遍" in heard
    return ticket, code_in(heard)


async def test_a_landline_caller_hears_a_code_with_the_ticket_and_a_mobile_does_not(call, desk):
    call_sid = new_sid("CA")
    ticket = await desk.open_ticket(LANDLINE, call_sid)
    heard = spoken_text(await call(LANDLINE, call_sid, None, SpeechResult=ASK_TICKET))
    code = code_in(heard)
    # The ticket spelled, the code digit by digit, twice: nothing a voice reads as an amount.
    assert heard.count(spoken_code(code)) == 2 and not re.search(r"\d", heard)
    assert "H Z" in heard and ticket not in heard

    call_sid = new_sid("CA")
    await desk.open_ticket(MOBILE, call_sid)
    heard = spoken_text(await call(MOBILE, call_sid, None, SpeechResult=ASK_TICKET))
    assert "工单号" in heard and "查询码" not in heard  # a mobile gets the reply by SMS


async def test_a_later_call_hears_the_reply_after_the_right_code(call, desk):
    ticket, code = await landline_ticket(call, desk)
    await desk.agent_replies(ticket)

    call_sid = new_sid("CA")
    greeting = await call(LANDLINE, call_sid)
    [gather] = greeting.findall("Gather")
    assert fixed(WAITING) in spoken_text(gather) and AGENT_TEXT[:6] not in spoken_text(gather)
    assert gather.get("finishOnKey") == "#" and gather.get("timeout") == str(REPLY_CODE_TIMEOUT)
    assert "rc=1" in action_of(greeting)[1]

    heard = spoken_text(await call(LANDLINE, call_sid, greeting, Digits=code))
    assert "离职证明补传后重新提交即可" in heard
    assert "三个工作日" in heard and "3" not in heard  # for the ear
    # Heard once: the next call is greeted with the menu.
    assert fixed(WAITING) not in spoken_text(await call(LANDLINE, new_sid("CA")))


async def test_the_code_may_be_said_instead_of_keyed(call, desk):
    ticket, code = await landline_ticket(call, desk)
    await desk.agent_replies(ticket)
    call_sid = new_sid("CA")
    greeting = await call(LANDLINE, call_sid)
    said = " ".join(spoken_code(code).split("，"))
    heard = spoken_text(await call(LANDLINE, call_sid, greeting, SpeechResult=said))
    assert "离职证明补传后重新提交即可" in heard


async def test_a_caller_spoofing_the_number_without_the_code_hears_nothing_of_it(call, desk):
    ticket, code = await landline_ticket(call, desk)
    await desk.agent_replies(ticket)

    # The attacker's call: the same number, another call, no code.
    call_sid = new_sid("CA")
    step = await call(LANDLINE, call_sid)
    heard = [spoken_text(step)]
    for guess in ("123456", wrong(code)):
        step = await call(LANDLINE, call_sid, step, Digits=guess)
        heard.append(spoken_text(step))
        assert fixed(WRONG_CODE) in heard[-1]
    step = await call(LANDLINE, call_sid, step, SpeechResult="工单的回复是什么")
    heard.append(spoken_text(step))
    step = await call(LANDLINE, call_sid, step)  # silence: asked again
    heard.append(spoken_text(step))
    assert not [h for h in heard if "离职证明" in h or ticket in h]
    assert desk.bot.received[-1].text == "工单的回复是什么"

    # The citizen's own call still opens it: the wrong tries were fewer than the limit.
    call_sid = new_sid("CA")
    greeting = await call(LANDLINE, call_sid)
    assert "离职证明" in spoken_text(await call(LANDLINE, call_sid, greeting, Digits=code))


async def test_too_many_wrong_codes_lock_the_reply_away_from_the_phone(call, desk):
    ticket, code = await landline_ticket(call, desk)
    await desk.agent_replies(ticket)
    call_sid = new_sid("CA")
    step = await call(LANDLINE, call_sid)
    for _ in range(MAX_FAILURES):
        step = await call(LANDLINE, call_sid, step, Digits=wrong(code))
    assert fixed(LOCKED) in spoken_text(step)
    # Locked for good: a later call hears the menu, not a prompt for the code.
    assert fixed(WAITING) not in spoken_text(await call(LANDLINE, new_sid("CA")))


async def test_silence_at_the_prompt_leaves_the_reply_waiting(call, desk):
    ticket, code = await landline_ticket(call, desk)
    await desk.agent_replies(ticket)
    call_sid = new_sid("CA")
    greeting = await call(LANDLINE, call_sid)
    menu = await call(LANDLINE, call_sid, greeting)
    assert "请按一" in spoken_text(menu)
    assert fixed(WAITING) in spoken_text(await call(LANDLINE, new_sid("CA")))


def test_the_sentences_come_from_the_domain():
    for name in (CODE_ISSUED, WAITING, WRONG_CODE, LOCKED):
        assert TEXTS[name]
    assert "{code}" in TEXTS[CODE_ISSUED] and "{ticket_no}" in TEXTS[CODE_ISSUED]
