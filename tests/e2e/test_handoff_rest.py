"""The hand-off end to end: chat over REST → form → outbox → worker → a real SMTP capture."""

from __future__ import annotations

import email
import email.policy
import secrets
import time
import uuid
from pathlib import Path

import pytest

from scripts.servers import free_port, process_tcp, stack_env
from tests.e2e.test_progress_rest import log_in

MAIL_WAIT_SECONDS = 30
#: The REST channel's apology when the bot itself failed.
FAILED = "系统暂时出了点问题"


def texts(replies) -> str:
    body = "\n".join(r.get("text", "") for r in replies)
    assert FAILED not in body, "the bot failed and apologised"
    return body


@pytest.fixture(scope="module")
def mailbox(bot_url: str, bot_workdir: Path, tmp_path_factory) -> Path:
    """The local mail capture and the outbox worker, on the session bot's database."""
    import sys

    workdir = tmp_path_factory.mktemp("mail")
    port = free_port()
    env = stack_env(
        workdir,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(port),
        DATABASE_URL=f"sqlite:///{bot_workdir / 'bot.db'}",
    )
    with (
        process_tcp(
            [sys.executable, "-m", "bot.handoff.capture"], env, port, workdir / "capture.log"
        ),
        process_tcp(
            [sys.executable, "-m", "bot.handoff.worker"], env, None, workdir / "worker.log"
        ),
    ):
        yield workdir / "mail"


def wait_for_mail(mail_dir: Path, ticket_no: str) -> email.message.EmailMessage:
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if ticket_no in str(message["Subject"]):
                return message  # type: ignore[return-value]
        time.sleep(0.5)
    raise AssertionError(f"no mail for {ticket_no} in {MAIL_WAIT_SECONDS}s")


def ticket_in(body: str) -> str:
    import re

    match = re.search(r"HZ-\d{8}-[A-Z0-9]+", body)
    assert match, body
    return match.group()


def test_from_chat_to_the_agents_mailbox(say, mailbox: Path):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say(sender, "我个人网上办事提交的灵活就业参保登记被退回了，看不懂审核意见")
    offer = say(sender, "我要转人工")
    assert "电子邮件" in texts(offer) and "12333" in texts(offer)
    assert [b["payload"] for b in offer[0]["buttons"]] == ["/affirm", "/deny"]
    assert "联系" in texts(say(sender, "/affirm"))
    assert "不对" in texts(say(sender, "abc"))
    asked = texts(say(sender, "138 0013 8000"))
    assert "灵活就业参保登记被退回了" in asked  # the description is pre-filled
    done = texts(say(sender, "确认"))
    ticket = ticket_in(done)
    assert "138****8000" in done

    mail = wait_for_mail(mailbox, ticket)
    assert mail["To"] == "hz12333@hz.gov.cn"
    assert str(mail["Subject"]).startswith(f"[12333 转人工] {ticket} 转人工")
    assert mail["Message-ID"]
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "+8613800138000" in plain or "138" in plain
    assert "灵活就业参保登记被退回了" in plain and "我要转人工" in plain
    assert "个人" in plain  # the applicant type, known from the first message
    assert "灵活就业参保登记被退回了" in html and "</" in html
    assert "未验证" in plain and "未验证" in html  # a typed contact, nobody checked it

    status = texts(say(sender, "我的工单发出去了吗"))
    assert ticket in status


def test_logged_in_user_has_account_and_submission_attached(say, mailbox: Path):
    sender, secret = f"test-{uuid.uuid4().hex[:12]}", secrets.token_hex(16)
    log_in(say, sender, secret)
    say(sender, "就业创业证申领那个", secret=secret)
    offer = say(sender, "我要转人工，这个需要改", secret=secret)
    # The offer itself (not "不转人工"), with its two buttons.
    assert "需要转人工吗" in texts(offer) and "不转人工" not in texts(offer)
    assert [b["payload"] for b in offer[0]["buttons"]] == ["/affirm", "/deny"]
    say(sender, "/affirm", secret=secret)
    say(sender, "someone@example.com", secret=secret)
    done = texts(say(sender, "就业创业证申领的信息填错了需要修改", secret=secret))
    ticket = ticket_in(done)
    mail = wait_for_mail(mailbox, ticket)
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    assert "demo-person" in plain and "HZ2026102609884" in plain
    # Agents answer to the ticket's own reply address (issue 13); the contact is in the facts.
    assert ticket.lower() in str(mail["Reply-To"]).lower() and "someone@example.com" in plain
    assert "已审核数据修改" in str(mail["Subject"])
    assert "Demo-2026" not in mail.as_string()
    html = mail.get_body(preferencelist=("html",)).get_content()
    for part in (plain, html):
        # The login link and the listed submissions stay out; the one asked about is in the facts.
        assert "/webhooks/login/" not in part
        assert "（机器人展示了用户的办事记录，已省略）" in part


def test_cancel_half_way(say):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say(sender, "转人工")
    say(sender, "/affirm")
    say(sender, "13800138000")
    assert "已取消转人工" in texts(say(sender, "算了"))
    assert "还没有转人工的工单" in texts(say(sender, "我的工单发出去了吗"))


def test_declining_the_offer(say):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    assert "需要转人工吗" in texts(say(sender, "我要投诉"))
    assert "不转人工" in texts(say(sender, "/deny"))
