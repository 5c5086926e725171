"""bot/notify: the notification outbox and its worker against a real SMTP capture and a
real HTTP server standing in for Twilio's REST API; outages retried, one copy each."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.handoff.capture import running_capture
from bot.notify.outbox import Notification, NotifyOutbox
from bot.notify.sms import SmsSender, read_sms_files
from bot.notify.worker import NotifyWorker
from bot.settings import PLACEHOLDER_TWILIO_SID, SmtpSettings
from scripts.servers import free_port
from tests.bot.handoff.handoff_helpers import FakeClock

SID = "AC" + "1234567890abcdef" * 2
PUBLIC_URL = "https://bot.example.cn"


def a_mail(key: str = "reply:HZ-1:1:mail") -> Notification:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "bot@hz.gov.cn"
    message["To"] = "citizen@example.com"
    message["Subject"] = "您的工单有回复"
    message["Message-ID"] = f"<{key.replace(':', '-')}@hz.gov.cn>"
    message.set_content("工作人员的回复")
    return Notification(
        dedupe_key=key,
        kind="mail",
        payload={"mail_from": "bot@hz.gov.cn", "rcpt_to": ["citizen@example.com"]},
        conversation_id="rest:c",
        ticket_no="HZ-1",
        body=message.as_bytes(),
    )


def an_sms(key: str = "reply:HZ-1:1:sms:1") -> Notification:
    return Notification(
        dedupe_key=key,
        kind="sms",
        payload={"to": "+8613900000001", "body": "【杭州12333】工单 HZ-1 有工作人员回复：好的"},
        conversation_id="sms:+8613900000001",
        ticket_no="HZ-1",
    )


@pytest.fixture
def notify(outbox_url: str, clock: FakeClock) -> NotifyOutbox:
    return NotifyOutbox(outbox_url, clock=clock)


def local_sms(tmp_path: Path) -> SmsSender:
    return SmsSender(
        account_sid=PLACEHOLDER_TWILIO_SID,
        auth_token="t",
        from_number="+8657112333",
        public_url=PUBLIC_URL,
        sms_dir=tmp_path / "sms",
    )


class FakeTwilio:
    """Twilio's Messages API on a local port: fails ``failures`` times, then accepts."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.accepted: list[dict[str, Any]] = []
        self.calls = 0

    async def create(self, request: web.Request) -> web.Response:
        self.calls += 1
        if self.calls <= self.failures:
            return web.json_response({"code": 20500, "message": "down", "status": 503}, status=503)
        form = dict(await request.post())
        sid = f"SM{len(self.accepted):032x}"
        self.accepted.append(form)
        return web.json_response(
            {"sid": sid, "status": "queued", "to": form["To"], "body": form["Body"]}, status=201
        )


@pytest.fixture
async def twilio_api() -> AsyncIterator[tuple[str, FakeTwilio]]:
    fake = FakeTwilio(failures=2)
    app = web.Application()
    app.router.add_post(f"/2010-04-01/Accounts/{SID}/Messages.json", fake.create)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", fake
    await runner.cleanup()


async def test_mail_and_local_sms_are_delivered_once(notify: NotifyOutbox, tmp_path: Path) -> None:
    async with running_capture(tmp_path / "mail") as capture:
        worker = NotifyWorker(
            notify, smtp=SmtpSettings(host=capture.host, port=capture.port), sms=local_sms(tmp_path)
        )
        assert await notify.enqueue(a_mail())
        assert not await notify.enqueue(a_mail())  # the same key is the same notification
        assert await notify.enqueue(an_sms())
        assert await worker.run_once() == 2
        assert await worker.run_once() == 0
        [mail] = capture.messages()
        assert mail["To"] == "citizen@example.com"
    [sms] = read_sms_files(tmp_path / "sms")
    assert sms["to"] == "+8613900000001" and "工单 HZ-1" in sms["body"]
    assert sms["status_callback"] == f"{PUBLIC_URL}/webhooks/twilio/status"
    [row] = await notify.rows(kind="sms")
    assert row["status"] == "sent" and row["provider_id"] == sms["sid"]
    assert await notify.record_provider_status(sms["sid"], "delivered")
    assert (await notify.rows(kind="sms"))[0]["provider_status"] == "delivered"


async def test_an_smtp_outage_is_retried_and_sends_one_copy(
    notify: NotifyOutbox, tmp_path: Path, clock: FakeClock
) -> None:
    port = free_port()  # nobody listens: the relay is down
    worker = NotifyWorker(
        notify, smtp=SmtpSettings(host="127.0.0.1", port=port), sms=local_sms(tmp_path)
    )
    await notify.enqueue(a_mail())
    for _ in range(3):
        assert await worker.run_once() == 1
        [row] = await notify.rows()
        assert row["status"] == "queued" and "unreachable" in row["last_error"]
        clock.advance(timedelta(hours=1))
    async with running_capture(tmp_path / "mail", port=port) as capture:
        assert await worker.run_once() == 1
        assert await worker.run_once() == 0
        clock.advance(timedelta(hours=2))
        assert await worker.run_once() == 0
        assert len(capture.messages()) == 1
    [row] = await notify.rows()
    assert row["status"] == "sent" and row["attempts"] == 4


async def test_a_twilio_outage_is_retried_and_sends_one_copy(
    notify: NotifyOutbox, tmp_path: Path, clock: FakeClock, twilio_api: tuple[str, FakeTwilio]
) -> None:
    url, fake = twilio_api
    sender = SmsSender(
        account_sid=SID,
        auth_token="token-" * 6,
        from_number="+8657112333",
        public_url=PUBLIC_URL,
        sms_dir=tmp_path / "sms",
        api_base_url=url,
    )
    worker = NotifyWorker(notify, smtp=SmtpSettings(port=free_port()), sms=sender)
    await notify.enqueue(an_sms())
    for _ in range(2):  # Twilio answers 503 twice
        assert await worker.run_once() == 1
        assert (await notify.rows())[0]["status"] == "queued"
        clock.advance(timedelta(hours=1))
    assert await worker.run_once() == 1
    clock.advance(timedelta(hours=1))
    assert await worker.run_once() == 0
    [accepted] = fake.accepted
    assert accepted["To"] == "+8613900000001"
    assert accepted["StatusCallback"] == f"{PUBLIC_URL}/webhooks/twilio/status"
    [row] = await notify.rows()
    assert row["status"] == "sent" and row["provider_id"] == "SM" + "0" * 32
    assert not (tmp_path / "sms").exists()  # real credentials: nothing written locally
    assert json.loads(row["payload"])["to"] == "+8613900000001"


async def test_a_bad_number_is_given_up_at_once(notify: NotifyOutbox, tmp_path: Path) -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.json_response(
            {"code": 21211, "message": "invalid To", "status": 400}, status=400
        )

    app = web.Application()
    app.router.add_post(f"/2010-04-01/Accounts/{SID}/Messages.json", refuse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        sender = SmsSender(
            account_sid=SID,
            auth_token="token-" * 6,
            from_number="+8657112333",
            public_url=PUBLIC_URL,
            sms_dir=tmp_path / "sms",
            api_base_url=f"http://127.0.0.1:{port}",
        )
        worker = NotifyWorker(notify, smtp=SmtpSettings(port=free_port()), sms=sender)
        await notify.enqueue(an_sms())
        assert await worker.run_once() == 1
        assert (await notify.rows())[0]["status"] == "failed"
    finally:
        await runner.cleanup()
