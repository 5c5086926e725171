"""Status alerts end to end (issue 16), on real servers and the staff's real command line.

The stack is this module's own: the Rasa and action servers (QUIET_HOURS=off), the
portal sandbox as its own process told the bot's events URL and key, and the local
mail capture. Twilio's requests are signed as Twilio signs them; outbound SMS land
in ``<VAR_DIR>/sms`` (placeholder credentials), mail in the capture's folder.

For an SMS user, then for a REST user who leaves an e-mail address:

1. log in (link, login page, confirmation code typed back), list, subscribe;
2. ``python -m portal_sandbox review <number> --reject --note …`` as a subprocess on
   the test's portal database: exactly one alert arrives, without the note;
3. the same signed event again: nothing more; forged or unsigned events: 401;
4. after 取消提醒, a review of the other subscribed submission sends nothing (the
   portal's delivery is answered, 410, and no alert follows).
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from portal_client import SIGNATURE_HEADER, TIMESTAMP_HEADER, event_signature
from scripts.servers import ROOT, free_port, process, process_tcp, running_bot, stack_env
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    OUR_NUMBER,
    PUBLIC_URL,
    SMS_PATH,
    messages_of,
    new_sid,
    post_twilio,
)

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "Demo" + "-2026"  # the documented demo accounts', from the README
SECRET = "e2e-portal-events-" + uuid.uuid4().hex
HTTP_TIMEOUT = 60.0
#: Generous on a shared 2-core machine; the issue asks for 10 s under `make run`.
ARRIVAL_TIMEOUT = 30.0
#: How long "nothing more arrives" is watched for, after the portal's delivery was answered.
QUIET_WATCH_SECONDS = 4.0
NOTE = "缺少离职证明，请补充后再提交。"
LOGIN_LINK = re.compile(re.escape(PUBLIC_URL) + r"/webhooks/login/t/[A-Za-z0-9_.\-]+")
EVENTS_PATH = "/webhooks/portal/events"


@dataclass
class Stack:
    bot_url: str
    portal_url: str
    workdir: Path
    portal_db: Path
    mail_dir: Path
    portal_env: dict[str, str]

    @property
    def sms_dir(self) -> Path:
        return self.workdir / "sms"

    def local(self, public_link: str) -> str:
        return self.bot_url + public_link.removeprefix(PUBLIC_URL)

    def sms(self, phone: str, body: str) -> str:
        form = {"From": phone, "To": OUR_NUMBER, "Body": body, "MessageSid": new_sid("SM")}
        answer = post_twilio(self.bot_url, SMS_PATH, form)
        assert answer.status == 200, answer.body
        return "\n".join(messages_of(answer.xml()))

    def rest(self, sender: str, message: str, secret: str) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.bot_url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json", "X-Client-Secret": secret},
        )
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as resp:
            return list(json.loads(resp.read()))

    def review(self, number: str, *, approve: bool = False) -> None:
        argv = [sys.executable, "-m", "portal_sandbox", "review", number]
        argv += ["--approve"] if approve else ["--reject", "--note", NOTE]
        done = subprocess.run(
            argv, cwd=ROOT, env=self.portal_env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr

    def sms_to(self, phone: str) -> list[str]:
        return [
            json.loads(path.read_text(encoding="utf-8"))["body"]
            for path in sorted(self.sms_dir.glob("*.json"))
            if json.loads(path.read_text(encoding="utf-8"))["to"] == phone
        ]

    def mails_to(self, address: str) -> list[email.message.EmailMessage]:
        found = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]):
                found.append(message)
        return found  # type: ignore[return-value]

    def deliveries(self, number: str) -> list[tuple[str, int | None, str | None]]:
        """The portal's events about ``number``: body, last answer, when delivered."""
        with sqlite3.connect(self.portal_db) as db:
            rows = db.execute(
                "SELECT body, last_status, delivered_at FROM event_deliveries ORDER BY id"
            ).fetchall()
        return [row for row in rows if number in row[0]]

    def subscriptions(self, conversation: str) -> set[str]:
        with sqlite3.connect(self.workdir / "bot.db") as db:
            rows = db.execute(
                "SELECT acceptance_no FROM alert_subscriptions WHERE conversation_id = ?",
                (conversation,),
            ).fetchall()
        return {row[0] for row in rows}

    def post_event(self, body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(
            self.bot_url + EVENTS_PATH,
            data=body,
            headers={"Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as error:
            return int(error.code)


def wait_until(condition: Any, what: str, timeout: float = ARRIVAL_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout:.0f} s"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("alerts")
    portal_port, smtp_port = free_port(), free_port()
    portal_db = workdir / "portal.db"
    capture_env = stack_env(workdir / "capture", SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port))
    with (
        process_tcp(
            [sys.executable, "-m", "bot.handoff.capture"],
            capture_env,
            smtp_port,
            workdir / "capture.log",
        ),
        running_bot(
            workdir,
            PORTAL_URL=f"http://127.0.0.1:{portal_port}",
            PUBLIC_URL=PUBLIC_URL,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            PORTAL_EVENTS_SECRET=SECRET,
            QUIET_HOURS="off",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp_port),
        ) as bot_url,
    ):
        portal_env = stack_env(
            workdir,
            PORTAL_PORT=str(portal_port),
            PORTAL_DATABASE_URL=f"sqlite:///{portal_db}",
            PORTAL_EVENTS_URL=bot_url + EVENTS_PATH,
            PORTAL_EVENTS_SECRET=SECRET,
        )
        with process(
            [sys.executable, "-m", "portal_sandbox", "serve"],
            portal_env,
            f"http://127.0.0.1:{portal_port}/healthz",
            workdir / "portal.log",
        ):
            yield Stack(
                bot_url,
                f"http://127.0.0.1:{portal_port}",
                workdir,
                portal_db,
                workdir / "capture" / "mail",
                portal_env,
            )


def login_page_code(stack: Stack, public_link: str, username: str) -> str:
    url = stack.local(public_link)
    data = urllib.parse.urlencode({"username": username, "password": DEMO_PASSWORD}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=HTTP_TIMEOUT) as r:
        page = r.read().decode()
    match = re.search(r'id="confirm-code">(\d{6})<', page)
    assert match, page[:400]
    return match.group(1)


def menu_digit(reply: str, title: str) -> str:
    match = re.search(rf"回复 (\d+) {re.escape(title)}", reply)
    assert match, reply
    return match.group(1)


def replay_checks(stack: Stack, number: str, count: int, sent: Any) -> None:
    """The same event, signed, again: nothing more; forged or unsigned: 401."""
    [(body, status, delivered)] = stack.deliveries(number)
    assert status == 200 and delivered
    raw = body.encode()
    timestamp = str(int(time.time()))
    good = {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: event_signature(SECRET, timestamp, raw)}
    assert stack.post_event(raw, good) == 200
    assert stack.post_event(raw, good) == 200
    forged = {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: "v1=" + "0" * 64}
    assert stack.post_event(raw, forged) == 401
    assert stack.post_event(raw, {}) == 401
    other_key = event_signature("not-the-secret-" + "z" * 20, timestamp, raw)
    assert stack.post_event(raw, {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: other_key}) == 401
    stale = str(int(time.time()) - 3600)
    old = {TIMESTAMP_HEADER: stale, SIGNATURE_HEADER: event_signature(SECRET, stale, raw)}
    assert stack.post_event(raw, old) == 401
    time.sleep(QUIET_WATCH_SECONDS)
    assert len(sent()) == count


def test_an_sms_user_subscribes_gets_one_alert_and_stops_with_a_word(stack: Stack) -> None:
    phone = f"+86139{uuid.uuid4().int % 100_000_000:08d}"
    first, second = "HZ2026112307415", "HZ2026092806617"  # demo-person's two pending ones
    asked = stack.sms(phone, "查我的办事进度")
    [link] = LOGIN_LINK.findall(asked)[:1]
    listing = stack.sms(phone, login_page_code(stack, link, "demo-person"))
    assert first in listing
    consent = stack.sms(phone, menu_digit(listing, "状态有变化时通知我"))
    assert "短信" in consent and "取消提醒" in consent and "审核意见" in consent, consent
    done = stack.sms(phone, menu_digit(consent, "开启提醒"))
    assert "已开启" in done, done
    assert first in stack.subscriptions(f"sms:{phone}")

    stack.review(first)
    wait_until(lambda: len(stack.sms_to(phone)) == 1, "the SMS alert")
    [alert] = stack.sms_to(phone)
    assert alert == f"您的「失业登记」（{first}）审核未通过，可回复“查进度”查看详情。"
    assert NOTE not in alert
    replay_checks(stack, first, 1, lambda: stack.sms_to(phone))

    # The other pending one is on the second page; subscribe to it, then stop.
    page_two = stack.sms(phone, "更多")
    if second in page_two and "状态有变化时通知我" in page_two:
        consent = stack.sms(phone, menu_digit(page_two, "状态有变化时通知我"))
        stack.sms(phone, menu_digit(consent, "开启提醒"))
    assert second in stack.subscriptions(f"sms:{phone}")
    stopped = stack.sms(phone, "取消提醒")
    assert "已取消" in stopped, stopped
    assert stack.subscriptions(f"sms:{phone}") == set()
    stack.review(second, approve=True)
    wait_until(
        lambda: bool(stack.deliveries(second)) and stack.deliveries(second)[0][1] == 410,
        "the portal's event answered 410",
    )
    time.sleep(QUIET_WATCH_SECONDS)
    assert len(stack.sms_to(phone)) == 1


def test_a_rest_user_with_an_email_address_gets_one_mail(stack: Stack) -> None:
    sender, secret = f"alerts-{uuid.uuid4().hex[:10]}", uuid.uuid4().hex + uuid.uuid4().hex
    address = f"chen.{uuid.uuid4().hex[:6]}@example.com"
    first, second = "HZ2026112509342", "HZ2026100902471"  # demo-company's pending ones
    asked = stack.rest(sender, "查我的办事进度", secret)
    link = next(r["custom"]["url"] for r in asked if (r.get("custom") or {}).get("type") == "login")
    listing = stack.rest(sender, login_page_code(stack, link, "demo-company"), secret)
    assert first in "\n".join(r.get("text", "") for r in listing)
    offered = [b["payload"] for r in listing for b in r.get("buttons") or []]
    assert "/subscribe_alerts" in offered
    consent = "\n".join(r.get("text", "") for r in stack.rest(sender, "/subscribe_alerts", secret))
    assert "邮件提醒" in consent and "取消提醒" in consent, consent
    done = "\n".join(r.get("text", "") for r in stack.rest(sender, f"邮件提醒 {address}", secret))
    assert address in done, done
    subscribed = stack.subscriptions(f"rest:{sender}")
    assert first in subscribed

    stack.review(first)
    wait_until(lambda: len(stack.mails_to(address)) == 1, "the mail alert")
    [mail] = stack.mails_to(address)
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"（{first}）审核未通过" in body and NOTE not in body
    replay_checks(stack, first, 1, lambda: stack.mails_to(address))
    # The REST client reads it with its next turn too.
    later = "\n".join(r.get("text", "") for r in stack.rest(sender, "你好", secret))
    assert f"（{first}）审核未通过" in later

    if second not in subscribed:
        page = stack.rest(sender, "/more", secret)
        if second in "\n".join(r.get("text", "") for r in page):
            stack.rest(sender, "/subscribe_alerts", secret)
            stack.rest(sender, f"邮件提醒 {address}", secret)
    assert second in stack.subscriptions(f"rest:{sender}")
    stopped = "\n".join(r.get("text", "") for r in stack.rest(sender, "取消提醒", secret))
    assert "已取消" in stopped, stopped
    stack.review(second, approve=True)
    wait_until(
        lambda: bool(stack.deliveries(second)) and stack.deliveries(second)[0][1] == 410,
        "the portal's event answered 410",
    )
    time.sleep(QUIET_WATCH_SECONDS)
    assert len(stack.mails_to(address)) == 1
