"""A landline caller's ticket, the agent's reply by mail, and the reply code (issue 13), end to end.

Real processes: the Rasa server with the trained model and the action server
(scripts/servers.py), and the local mail capture on a free port, which takes mail to
REPLY_DOMAIN as the agent's reply at once. Every call step is a webhook signed as
Twilio signs it, posted to the action URL (with its one-time nonce) of the step before.

A caller from a Hangzhou landline opens a ticket by voice and hears its reply code.
The agent answers with smtplib. Someone calling later with the same, spoofed, number
is told a reply waits but hears nothing of it without the code, however they ask; the
citizen's own call with the code hears it.
"""

from __future__ import annotations

import re
import smtplib
import sys
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import phonenumbers
import pytest
import sqlalchemy

from bot.channels.voice_replies import entered_code, spoken_code, voice_reply_texts
from bot.handoff.reply_address import reply_address
from bot.settings import Settings
from scripts.servers import free_port, process_tcp, running_bot, stack_env
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    OUR_NUMBER,
    PUBLIC_URL,
    VOICE_PATH,
    action_of,
    post_twilio,
    spoken_text,
)

pytestmark = pytest.mark.slow

REPLY_DOMAIN = "reply.12333.test"
AGENT_TEXT = "您好，您的灵活就业参保登记退回是因为缺少离职证明，请补传后重新提交。"
HEARD_WORDS = "缺少离职证明"
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.twilio_voice.TwilioVoiceInput:
"""
TEXTS = voice_reply_texts()
WAITING = TEXTS["utter_voice_reply_waiting"][:10]
WRONG = TEXTS["utter_voice_reply_code_wrong"][:6]


@dataclass(frozen=True)
class Stack:
    url: str
    smtp_port: int
    settings: Settings


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, portal_process_url: str) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("voice-replies")
    smtp_port = free_port()
    extra = dict(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
        REPLY_DOMAIN=REPLY_DOMAIN,
        AGENT_SENDERS="hz.gov.cn",
        PUBLIC_URL=PUBLIC_URL,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        PORTAL_URL=portal_process_url,
        # 0 and "人工" reach the bot's hand-off rather than dialling an operator.
        VOICE_ZERO_ACTION="handoff",
    )
    env = stack_env(workdir, **extra)
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with (
        process_tcp(
            [sys.executable, "-m", "bot.handoff.capture"], env, smtp_port, workdir / "capture.log"
        ),
        running_bot(workdir, credentials=credentials, **extra) as url,
    ):
        yield Stack(url, smtp_port, Settings.from_env(env))


class Call:
    """One phone call: a CallSid, and each step answering the TwiML of the one before."""

    def __init__(self, stack: Stack, caller: str) -> None:
        self.stack = stack
        self.caller = caller
        self.sid = "CA" + uuid.uuid4().hex
        self.last: ET.Element | None = None
        self.heard: list[str] = []

    def step(self, **form: str) -> str:
        query = action_of(self.last)[1] if self.last is not None else ""
        params = {"CallSid": self.sid, "From": self.caller, "To": OUR_NUMBER, **form}
        answer = post_twilio(self.stack.url, VOICE_PATH, params, query=query)
        assert answer.status == 200, answer.body
        self.last = answer.xml()
        text = spoken_text(self.last)
        assert text, answer.body
        assert "系统暂时出了点问题" not in text, text
        self.heard.append(text)
        return text

    def say(self, words: str) -> str:
        return self.step(SpeechResult=words, Confidence="0.9")


def landline() -> str:
    """A Hangzhou fixed line of its own for each test: no SMS can reach it."""
    number = "+865718" + str(uuid.uuid4().int)[:7]
    parsed = phonenumbers.parse(number)
    assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE, number
    return number


def ticket_of(stack: Stack, caller: str) -> str:
    engine = sqlalchemy.create_engine(stack.settings.database_url)
    try:
        with engine.connect() as conn:
            [(ticket,)] = conn.execute(
                sqlalchemy.text("SELECT ticket_no FROM handoff_outbox WHERE conversation_id = :c"),
                {"c": f"voice:{caller}"},
            ).all()
    finally:
        engine.dispose()
    return str(ticket)


def agent_replies(stack: Stack, ticket: str) -> None:
    """An agent answers from a mail client; the capture stores it before it says 250."""
    message = EmailMessage()
    message["From"] = "12333 坐席 <agent@hz.gov.cn>"
    message["To"] = reply_address(ticket, secret_key=stack.settings.secret_key, domain=REPLY_DOMAIN)
    message["Subject"] = f"Re: [12333 转人工] {ticket}"
    message["Message-ID"] = make_msgid(domain="hz.gov.cn")
    message.set_content(
        f"{AGENT_TEXT}\n\n在 2026年12月1日，12333 网上办事助手 写道：\n> 市民诉求：……"
    )
    with smtplib.SMTP("127.0.0.1", stack.smtp_port, timeout=30) as smtp:
        smtp.send_message(message)


def code_in(text: str) -> str:
    match = re.search(r"答复查询码是：([零一二三四五六七八九，]+)", text)
    assert match, text
    code = entered_code(match.group(1))
    assert code is not None
    return code


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** len(code):0{len(code)}d}"


def open_ticket(stack: Stack, caller: str) -> tuple[str, str]:
    """The caller hands off by voice; returns (the ticket, the code the call heard)."""
    call = Call(stack, caller)
    assert WAITING not in call.step()
    call.say("我个人的灵活就业参保登记被退回了，看不懂审核意见")
    assert "转人工" in call.say("我要转人工")
    assert "联系" in call.say("好的")
    assert "问题描述" in call.say("citizen@example.com")
    done = call.say("确认")
    assert "工单号" in done and "答复查询码" in done, done
    return ticket_of(stack, caller), code_in(done)


def test_a_spoofed_call_hears_nothing_and_the_code_opens_the_reply(stack: Stack) -> None:
    caller = landline()
    ticket, code = open_ticket(stack, caller)
    agent_replies(stack, ticket)

    # Someone else with the same caller id, without the code, however they ask.
    spoofed = Call(stack, caller)
    assert WAITING in spoofed.step()
    assert WRONG in spoofed.step(Digits="123456" if code != "123456" else "654321")
    assert WRONG in spoofed.say(" ".join(wrong(code)))
    spoofed.say("我的工单有回复了吗")
    spoofed.say("工单 " + ticket + " 怎么样了")
    assert not [text for text in spoofed.heard if HEARD_WORDS in text], spoofed.heard

    # The citizen calls back with the code.
    own = Call(stack, caller)
    assert WAITING in own.step()
    heard = own.step(Digits=code)
    assert HEARD_WORDS in heard and "市民诉求" not in heard
    # Heard: the next call is greeted with the menu again.
    assert WAITING not in Call(stack, caller).step()


def test_the_code_is_read_only_to_landline_callers(stack: Stack) -> None:
    # A mobile caller gets the reply by SMS: no code, and none is asked for later.
    mobile = "+86139" + str(uuid.uuid4().int)[:8]
    call = Call(stack, mobile)
    call.step()
    call.say("我个人的灵活就业参保登记被退回了，看不懂审核意见")
    call.say("我要转人工")
    call.say("好的")
    done = call.say("本机")
    if "问题描述" in done:
        done = call.say("确认")
    assert "工单号" in done and "查询码" not in done, done


def test_the_code_itself_is_never_logged(stack: Stack) -> None:
    caller = landline()
    _, code = open_ticket(stack, caller)
    lines = [
        line
        for path in stack.settings.var_dir.glob("*.log")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    assert any("reply code" in line for line in lines)  # the logs were read
    assert not [line for line in lines if spoken_code(code) in line]
    assert not [line for line in lines if "code" in line and code in line]
