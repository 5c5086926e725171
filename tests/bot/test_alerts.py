"""Status alerts (issue 16): the store, quiet hours on a fixed clock, the event receiver.

The receiver is the channel's own ``receive`` over a real SQLite database, the real
notification outbox and the domain's sentences; the signatures are the portal's.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.alerts import (
    SUBSCRIPTION_LIFETIME,
    AlertStore,
    AlertSubscription,
    email_in,
    in_quiet_hours,
    quiet_until,
)
from bot.channels.portal_events import AlertSender, PortalEventsInput, alert_texts
from bot.login.store import LoginStore
from bot.notify import NotifyOutbox
from bot.notify.worker import NotifyWorker
from bot.settings import Settings, SettingsError, parse_quiet_hours
from bot.sms_store import SmsStore
from portal_client import SIGNATURE_HEADER, TIMESTAMP_HEADER, event_signature

BEIJING = timezone(timedelta(hours=8))
PHONE = "+8613912345678"
SECRET = "alerts-test-secret-" + "q" * 20


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def beijing(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BEIJING).astimezone(timezone.utc)


@pytest.mark.parametrize(
    ("moment", "quiet", "until"),
    [
        (beijing(20, 59), (21, 8), None),
        (beijing(21, 0), (21, 8), beijing(8, 0, day=2)),
        (beijing(23, 30), (21, 8), beijing(8, 0, day=2)),
        (beijing(0, 10), (21, 8), beijing(8, 0)),
        (beijing(7, 59), (21, 8), beijing(8, 0)),
        (beijing(8, 0), (21, 8), None),
        (beijing(13, 0), (12, 14), beijing(14, 0)),
        (beijing(23, 0), None, None),
    ],
)
def test_quiet_hours_in_beijing_time(
    moment: datetime, quiet: tuple[int, int] | None, until: datetime | None
) -> None:
    assert quiet_until(moment, quiet) == until
    assert in_quiet_hours(moment, quiet) is (until is not None)


def test_the_quiet_hours_setting() -> None:
    assert Settings.from_env({}, dotenv=Path("/nonexistent")).quiet_hours == (21, 8)
    assert parse_quiet_hours("off") is None
    assert parse_quiet_hours(" 22-7 ") == (22, 7)
    for bad in ("21", "25-8", "8-8", "nine-five"):
        with pytest.raises(SettingsError):
            parse_quiet_hours(bad)


def test_an_email_address_in_a_message() -> None:
    assert email_in("邮件提醒 wang.xm@example.com 谢谢") == "wang.xm@example.com"
    assert email_in("开启提醒") is None


def subscription(conversation: str = f"sms:{PHONE}", **extra: str) -> AlertSubscription:
    values = dict(
        portal_subscription_id="sub_" + "a" * 20,
        conversation_id=conversation,
        channel="twilio",
        client_binding="binding-1",
        acceptance_no="HZ2026112307415",
        item="失业登记",
        phone=PHONE,
    )
    values.update(extra)
    return AlertSubscription(**values)  # type: ignore[arg-type]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


async def test_the_store_keeps_erases_and_purges(database_url: str) -> None:
    clock = Clock(beijing(10))
    store = AlertStore(database_url, clock=clock)
    await store.add(subscription())
    await store.add(subscription(portal_subscription_id="sub_" + "b" * 20, acceptance_no="HZ1"))
    await store.add(
        subscription("web:page", portal_subscription_id="sub_" + "c" * 20, channel="socketio")
    )
    assert (await store.find("sub_" + "a" * 20)) == subscription()
    assert len(await store.of_conversation(f"sms:{PHONE}")) == 2
    # 取消提醒 / TD: every subscription of that contact, none of another's.
    assert await store.end_for_contact(f"sms:{PHONE}") == 2
    assert await store.find("sub_" + "a" * 20) is None
    assert await store.find("sub_" + "c" * 20) is not None
    assert await store.erase("web:page") == 1
    # Expiry after 90 days, and the event ids after their memory.
    await store.add(subscription())
    assert await store.first_time("evt_1") and not await store.first_time("evt_1")
    clock.now += SUBSCRIPTION_LIFETIME
    assert await store.find("sub_" + "a" * 20) is None
    assert await store.purge(clock.now - timedelta(days=180)) == 2
    assert await store.first_time("evt_1")


def sender_for(database_url: str, clock: Clock, tmp_path: Path, **env: str) -> AlertSender:
    settings = Settings.from_env(
        {"DATABASE_URL": database_url, "VAR_DIR": str(tmp_path), **env}, dotenv=Path("/x")
    )
    return AlertSender(
        settings,
        store=AlertStore(database_url, clock=clock),
        outbox=NotifyOutbox(database_url, clock=clock),
        login_store=LoginStore(database_url, settings.secret_key),
        sms_store=SmsStore(database_url, secret_key=settings.secret_key),
        texts=alert_texts(),
    )


def signed(
    event: dict[str, str], *, secret: str = SECRET, at: float | None = None
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(event, ensure_ascii=False).encode()
    timestamp = str(int(time.time() if at is None else at))
    return body, {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: event_signature(secret, timestamp, body),
    }


def event(event_id: str = "evt_" + "1" * 20, status: str = "rejected") -> dict[str, str]:
    return {
        "event_id": event_id,
        "type": "submission.status_changed",
        "subscription_id": "sub_" + "a" * 20,
        "acceptance_no": "HZ2026112307415",
        "item": "失业登记",
        "status": status,
        "occurred_at": "2026-12-01T22:00:00+08:00",
    }


def channel_for(sender: AlertSender) -> PortalEventsInput:
    worker = NotifyWorker(sender.outbox, smtp=sender.settings.smtp, sms=None)  # type: ignore[arg-type]
    return PortalEventsInput(sender.settings, sender, worker)


async def test_an_event_in_the_quiet_hours_waits_for_the_morning(
    database_url: str, tmp_path: Path
) -> None:
    clock = Clock(beijing(22, 15))
    sender = sender_for(
        database_url, clock, tmp_path, PORTAL_EVENTS_SECRET=SECRET, QUIET_HOURS="21-8"
    )
    await sender.store.add(subscription())
    channel = channel_for(sender)
    answer = await channel.receive(*signed(event()))
    assert answer.status == 200
    assert await sender.outbox.rows() == []
    assert await sender.store.held() == 1
    clock.now = beijing(7, 59, day=2)
    assert await sender.send_held() == 0
    clock.now = beijing(8, 0, day=2)
    assert await sender.send_held() == 1
    [row] = await sender.outbox.rows()
    payload = json.loads(row["payload"])
    assert payload == {
        "to": PHONE,
        "body": "您的「失业登记」（HZ2026112307415）审核未通过，可回复“查进度”查看详情。",
    }
    # The subscription ended with the final status.
    assert await sender.store.find("sub_" + "a" * 20) is None


async def test_forged_unsigned_stale_and_replayed_events(database_url: str, tmp_path: Path) -> None:
    clock = Clock(beijing(10))
    sender = sender_for(
        database_url, clock, tmp_path, PORTAL_EVENTS_SECRET=SECRET, QUIET_HOURS="off"
    )
    await sender.store.add(subscription())
    channel = channel_for(sender)
    body, headers = signed(event())
    assert (await channel.receive(body, {})).status == 401
    assert (await channel.receive(*signed(event(), secret="forged-" + "x" * 30))).status == 401
    assert (await channel.receive(*signed(event(), at=time.time() - 600))).status == 401
    tampered = body.replace(b"rejected", b"approved")
    assert (await channel.receive(tampered, headers)).status == 401
    assert await sender.outbox.rows() == []
    assert (await channel.receive(body, headers)).status == 200
    assert len(await sender.outbox.rows()) == 1
    # The same signed event again, and the portal's retry of it: nothing more.
    assert (await channel.receive(body, headers)).status == 200
    assert (await channel.receive(*signed(event()))).status == 200
    assert len(await sender.outbox.rows()) == 1
    # An event for a subscription that ended: 410, the portal stops.
    assert (await channel.receive(*signed(event("evt_" + "2" * 20)))).status == 410


async def test_no_sms_after_an_opt_out_and_mail_when_an_address_was_left(
    database_url: str, tmp_path: Path
) -> None:
    clock = Clock(beijing(10))
    sender = sender_for(
        database_url, clock, tmp_path, PORTAL_EVENTS_SECRET=SECRET, QUIET_HOURS="off"
    )
    await sender.sms_store.opt_out(PHONE)
    await sender.store.add(subscription())
    channel = channel_for(sender)
    assert (await channel.receive(*signed(event()))).status == 200
    assert await sender.outbox.rows() == []
    web = subscription(
        "web:page-1",
        channel="socketio",
        phone="",
        email="wang@example.com",
        portal_subscription_id="sub_" + "a" * 20,
    )
    await sender.store.add(web)
    assert (await channel.receive(*signed(event("evt_" + "3" * 20, "approved")))).status == 200
    [mail] = await sender.outbox.rows()
    assert mail["kind"] == "mail"
    assert json.loads(mail["payload"])["rcpt_to"] == ["wang@example.com"]
    message = email.message_from_bytes(bytes(mail["body"]), policy=email.policy.default)
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.strip() == "您的「失业登记」（HZ2026112307415）审核通过，可回复“查进度”查看详情。"
    # The page was closed: the alert waits for the next visit, for that client only.
    assert await sender.login_store.take_deferred("web:page-1", "someone-else") == []
    [waiting] = await sender.login_store.take_deferred("web:page-1", "binding-1")
    assert "审核通过" in str(waiting["text"])
