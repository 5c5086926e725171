"""Issue 13's "Done when", end to end: the agent's reply by mail comes back to the citizen.

Real processes throughout: the Rasa server and the action server (scripts/servers.py),
the local mail capture as the SMTP relay on a free port (taking REPLY_DOMAIN mail as
inbound at once), the hand-off outbox worker and the follow-up worker. Agents reply
with smtplib to the mail's Reply-To, from agent@hz.gov.cn, the original quoted below;
Twilio SMS arrives as signed webhooks.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import re
import secrets
import smtplib
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest

from bot.handoff import inbound as reasons
from bot.handoff.replies import ReplyStore
from bot.settings import Settings
from scripts.servers import free_port, process_tcp, running_bot, stack_env
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    PUBLIC_URL,
    SMS_PATH,
    messages_of,
    post_twilio,
)

pytestmark = pytest.mark.slow

WAIT_SECONDS = 30
REPLY_DOMAIN = "reply.12333.test"
FAILED = "系统暂时出了点问题"
AGENT_TEXT = "您好，您的灵活就业参保登记退回是因为缺少离职证明，请补充后重新提交。"
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.twilio_sms.TwilioSmsInput:
"""


class Stack:
    def __init__(self, url: str, workdir: Path, smtp_port: int, env: dict[str, str]) -> None:
        self.url = url
        self.workdir = workdir
        self.smtp_port = smtp_port
        self.settings = Settings.from_env(env)

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    @property
    def sms_dir(self) -> Path:
        return self.workdir / "sms"

    def say(self, sender: str, text: str, secret: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json", "X-Client-Secret": secret},
        )
        with urllib.request.urlopen(request, timeout=60) as resp:
            body = "\n".join(m.get("text", "") for m in json.loads(resp.read()))
        assert FAILED not in body, body
        return body

    def sms(self, phone: str, text: str) -> str:
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "From": phone,
            "To": "+8657112333",
            "Body": text,
        }
        answer = post_twilio(self.url, SMS_PATH, form)
        assert answer.status == 200, answer.body
        body = "\n".join(messages_of(answer.xml()))
        assert FAILED not in body, body
        return body

    def mails(self) -> list[EmailMessage]:
        found = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            found.append(message)  # type: ignore[arg-type]
        return found

    def wait_mail(self, matches: Callable[[EmailMessage], bool]) -> EmailMessage:
        return wait(lambda: next((m for m in self.mails() if matches(m)), None))

    def reply(
        self,
        to: str,
        text: str = AGENT_TEXT,
        *,
        sender: str = "agent@hz.gov.cn",
        original: EmailMessage | None = None,
    ) -> None:
        """An agent answers from a mail client: smtplib to the Reply-To, the original quoted."""
        message = EmailMessage()
        message["From"] = f"12333 坐席 <{sender}>"
        message["To"] = to
        message["Subject"] = "Re: " + str(original["Subject"]) if original else "Re: 工单"
        message["Message-ID"] = make_msgid(domain="hz.gov.cn")
        if original is not None:
            message["In-Reply-To"] = original["Message-ID"]
            message["References"] = original["Message-ID"]
            quoted = original.get_body(preferencelist=("plain",)).get_content()
        else:
            quoted = "市民诉求：……"
        body = f"{text}\n\n在 2026年12月1日，12333 网上办事助手 写道：\n"
        body += "\n".join("> " + line for line in quoted.splitlines())
        message.set_content(body)
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)

    def store(self) -> ReplyStore:
        return ReplyStore.from_settings(self.settings)


def wait(probe: Callable[[], Any], seconds: float = WAIT_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"nothing after {seconds}s")


def ticket_in(text: str) -> str:
    match = re.search(r"HZ-\d{8}-[0-9A-Z]{6}", text)
    assert match, text
    return match.group()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, portal_process_url: str) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("replies")
    smtp_port = free_port()
    extra = dict(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
        REPLY_DOMAIN=REPLY_DOMAIN,
        AGENT_SENDERS="hz.gov.cn",
        PUBLIC_URL=PUBLIC_URL,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        PORTAL_URL=portal_process_url,
    )
    env = stack_env(workdir, **extra)
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with (
        process_tcp(
            [sys.executable, "-m", "bot.handoff.capture"], env, smtp_port, workdir / "capture.log"
        ),
        process_tcp(
            [sys.executable, "-m", "bot.handoff.worker"], env, None, workdir / "worker.log"
        ),
        process_tcp(
            [sys.executable, "-m", "bot.handoff.followup"], env, None, workdir / "followup.log"
        ),
        running_bot(workdir, credentials=credentials, **extra) as url,
    ):
        yield Stack(url, workdir, smtp_port, env)


def rest_handoff(stack: Stack, contact: str = "citizen@example.com") -> tuple[str, str, str]:
    """A REST citizen hands off with ``contact``; returns (sender, secret, ticket)."""
    sender, secret = f"rest-{uuid.uuid4().hex[:10]}", secrets.token_urlsafe(32)
    stack.say(sender, "我个人的灵活就业参保登记被退回了，看不懂审核意见", secret)
    stack.say(sender, "我要转人工", secret)
    stack.say(sender, "/affirm", secret)
    stack.say(sender, contact, secret)
    done = stack.say(sender, "确认", secret)
    return sender, secret, ticket_in(done)


def handoff_mail(stack: Stack, ticket: str) -> EmailMessage:
    return stack.wait_mail(lambda m: ticket in str(m["Subject"]) and "转人工" in str(m["Subject"]))


def test_1_2_an_email_contacts_reply_reaches_the_chat_and_the_mailbox(stack: Stack) -> None:
    sender, secret, ticket = rest_handoff(stack)
    mail = handoff_mail(stack, ticket)
    reply_to = str(mail["Reply-To"])
    assert reply_to.startswith(f"reply+{ticket.lower()}.") and reply_to.endswith("@" + REPLY_DOMAIN)

    stack.reply(reply_to, original=mail)
    to_citizen = stack.wait_mail(lambda m: str(m["To"]) == "citizen@example.com")
    body = to_citizen.get_body(preferencelist=("plain",)).get_content()
    assert AGENT_TEXT in body and ticket in body and "市民诉求" not in body

    answer = stack.say(sender, "我的工单有回复了吗", secret)
    assert AGENT_TEXT in answer and "已回复" in answer
    assert "市民诉求" not in answer and "写道" not in answer  # the quote is gone
    # Another client on the same conversation id sees nothing of it.
    assert AGENT_TEXT not in stack.say(sender, "我的工单有回复了吗", secrets.token_urlsafe(32))


def test_3_the_reply_reaches_an_sms_citizen_in_var_sms(stack: Stack) -> None:
    phone = "+86139" + str(uuid.uuid4().int)[:8]
    stack.sms(phone, "我个人的灵活就业参保登记被退回了，看不懂审核意见")
    # Offered already or not, "我要转人工" gets the offer, and a yes takes it up.
    assert "需要转人工吗" in stack.sms(phone, "我要转人工")
    assert "本机" in stack.sms(phone, "好的")
    assert "问题描述" in stack.sms(phone, "本机")
    ticket = ticket_in(stack.sms(phone, "确认"))
    mail = handoff_mail(stack, ticket)
    stack.reply(str(mail["Reply-To"]), original=mail)

    def texted() -> list[dict[str, str]]:
        return [
            json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(stack.sms_dir.glob("*.json"))
            if phone in p.read_text(encoding="utf-8")
        ]

    [sms] = wait(texted)
    assert sms["to"] == phone and ticket in sms["body"] and "离职证明" in sms["body"]
    assert sms["status_callback"] == f"{PUBLIC_URL}/webhooks/twilio/status"
    # Twilio's delivery report, signed, is recorded with it.
    report = {"MessageSid": sms["sid"], "MessageStatus": "delivered", "To": phone}
    assert post_twilio(stack.url, "/webhooks/twilio/status", report).status == 204
    assert post_twilio(stack.url, "/webhooks/twilio/status", report, sign=False).status == 403


def test_4_outsiders_forgeries_and_other_tickets_are_quarantined(stack: Stack) -> None:
    sender, secret, ticket = rest_handoff(stack, contact="victim@example.com")
    _, _, other = rest_handoff(stack, contact="other@example.com")
    mail, other_mail = handoff_mail(stack, ticket), handoff_mail(stack, other)
    reply_to = str(mail["Reply-To"])
    stack.reply(reply_to, "来自外部的假回复", sender="evil@example.com", original=mail)
    local, _, domain = reply_to.partition("@")
    forged = local[:-4] + ("aaaa" if not local.endswith("aaaa") else "bbbb") + "@" + domain
    stack.reply(forged, "伪造签名的回复", original=mail)
    # The other ticket's number with this ticket's MAC.
    stack.reply(reply_to.replace(ticket.lower(), other.lower()), "别的工单号", original=other_mail)

    async def quarantined() -> list[str]:
        return [
            q.reason for q in await stack.store().quarantined() if q.ticket_no in (ticket, other)
        ]

    reasons_seen = wait(lambda: (r := asyncio.run(quarantined())) and len(r) >= 3 and r)
    assert sorted(reasons_seen) == sorted([reasons.NOT_AN_AGENT, reasons.BAD_MAC, reasons.BAD_MAC])
    time.sleep(2)  # what a delivery would have taken
    assert not [
        m for m in stack.mails() if str(m["To"]) in ("victim@example.com", "other@example.com")
    ]
    status = stack.say(sender, "工单 " + ticket + " 怎么样了", secret)
    assert "假回复" not in status and "伪造" not in status and "别的工单号" not in status


def test_5_the_citizens_answer_reaches_the_agents_in_the_thread(stack: Stack) -> None:
    sender, secret, ticket = rest_handoff(stack)
    mail = handoff_mail(stack, ticket)
    stack.reply(str(mail["Reply-To"]), original=mail)
    wait(lambda: AGENT_TEXT in stack.say(sender, "我的工单", secret))
    answer = stack.say(sender, "回复工单：好的，离职证明我明天上午补交", secret)
    assert ticket in answer and "转给" in answer
    to_agents = stack.wait_mail(
        lambda m: (
            str(m["To"]) == "hz12333@hz.gov.cn"
            and "市民答复" in str(m["Subject"])
            and ticket in str(m["Subject"])
        )
    )
    assert to_agents["In-Reply-To"]
    assert mail["Message-ID"] in str(to_agents["References"])
    assert str(to_agents["Reply-To"]) == str(mail["Reply-To"])
    assert "离职证明我明天上午补交" in to_agents.get_body(preferencelist=("plain",)).get_content()
