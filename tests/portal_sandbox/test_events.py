"""Status-change events (issue 16): subscribe, review, a signed POST to a real receiver.

The receiver is a real aiohttp server on a free port that checks each delivery with
the client's :func:`portal_client.verify_event`, the bot's own check; it can be told
to fail, to see the sender retry with the same event id.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from portal_client import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidEvent,
    NotAllowed,
    PortalClient,
    SubmissionStatus,
    event_signature,
    verify_event,
)
from portal_sandbox.events import EventSettings, sign
from portal_sandbox.service import DELIVERY_FIRST_BACKOFF
from portal_sandbox.settings import SandboxSettings, derive_events_secret
from portal_sandbox.testing import running_service
from tests.portal_fixtures import DEMO_PASSWORD

SECRET = "test-events-secret-" + "k" * 16
PENDING = "HZ2026112307415"  # demo-person's 失业登记, 未审核
#: Generous: the sender polls every 0.2 s; a busy machine may be slow.
ARRIVAL_TIMEOUT = 20.0


@dataclass
class Receiver:
    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[dict[str, object]] = field(default_factory=list)
    raw: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.raw.append((body, dict(request.headers)))
        event = verify_event(
            body,
            timestamp=request.headers.get(TIMESTAMP_HEADER),
            signature=request.headers.get(SIGNATURE_HEADER),
            secret=SECRET,
        )
        status = self.answers.pop(0) if self.answers else 200
        self.received.append(
            {"event": event, "status": status, "header_id": request.headers.get(EVENT_ID_HEADER)}
        )
        self.arrived.set()
        return web.Response(status=status)

    async def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + ARRIVAL_TIMEOUT
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"only {len(self.received)} of {count} arrived"
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), 0.5)
            except asyncio.TimeoutError:
                pass


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/webhooks/portal/events", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhooks/portal/events"
    yield receiver
    await runner.cleanup()


@pytest.fixture
async def portal_with_events(
    portal_db_url: str, receiver: Receiver
) -> AsyncIterator[tuple[PortalClient, object]]:
    # The real clock: the receiver checks the timestamp against its own.
    async with running_service(
        portal_db_url, events=EventSettings(url=receiver.url, secret=SECRET)
    ) as (url, service):
        async with PortalClient(url) as client:
            yield client, service


async def test_a_review_sends_one_signed_event_without_the_note(
    portal_with_events: tuple[PortalClient, object], receiver: Receiver
) -> None:
    client, service = portal_with_events
    session = await client.login("demo-person", DEMO_PASSWORD)
    subscription = await client.subscribe(session.token, PENDING)
    assert subscription.status is SubmissionStatus.PENDING
    await asyncio.to_thread(service.review, PENDING, approve=False, note="缺少离职证明")  # type: ignore[attr-defined]
    await receiver.wait_for(1)
    [delivery] = receiver.received
    event = delivery["event"]
    assert event.subscription_id == subscription.subscription_id  # type: ignore[attr-defined]
    assert (event.acceptance_no, event.item, event.status) == (  # type: ignore[attr-defined]
        PENDING,
        "失业登记",
        SubmissionStatus.REJECTED,
    )
    assert delivery["header_id"] == event.event_id  # type: ignore[attr-defined]
    body, _ = receiver.raw[0]
    assert "缺少离职证明" not in body.decode() and "reviewer_note" not in body.decode()
    # The subscription ended with the final status: nothing more is ever sent.
    await asyncio.sleep(1)
    assert len(receiver.received) == 1


async def test_a_failed_delivery_is_retried_with_the_same_event_id(
    portal_with_events: tuple[PortalClient, object], receiver: Receiver
) -> None:
    client, service = portal_with_events
    receiver.answers = [503, 500]
    session = await client.login("demo-person", DEMO_PASSWORD)
    await client.subscribe(session.token, PENDING)
    started = time.monotonic()
    await asyncio.to_thread(service.review, PENDING, approve=True, note=None)  # type: ignore[attr-defined]
    await receiver.wait_for(3)
    ids = {d["event"].event_id for d in receiver.received}  # type: ignore[attr-defined]
    assert len(ids) == 1
    assert [d["status"] for d in receiver.received] == [503, 500, 200]
    # Backoff: 1 s, then 2 s, between the attempts.
    assert time.monotonic() - started >= 3 * DELIVERY_FIRST_BACKOFF.total_seconds() - 0.5
    # Each attempt is signed afresh (its own timestamp), over the same body.
    bodies = {raw for raw, _ in receiver.raw}
    assert len(bodies) == 1
    await asyncio.sleep(1.5)
    assert len(receiver.received) == 3


async def test_a_410_ends_the_delivery(
    portal_with_events: tuple[PortalClient, object], receiver: Receiver
) -> None:
    client, service = portal_with_events
    receiver.answers = [410]
    session = await client.login("demo-person", DEMO_PASSWORD)
    await client.subscribe(session.token, PENDING)
    await client.cancel_submission(session.token, PENDING)
    await receiver.wait_for(1)
    assert receiver.received[0]["event"].status is SubmissionStatus.CANCELLED  # type: ignore[attr-defined]
    await asyncio.sleep(1.5)
    assert len(receiver.received) == 1


async def test_only_the_owner_subscribes_and_only_while_pending(
    portal_with_events: tuple[PortalClient, object],
) -> None:
    client, _ = portal_with_events
    company = await client.login("demo-company", DEMO_PASSWORD)
    from portal_client import NotFound

    with pytest.raises(NotFound):
        await client.subscribe(company.token, PENDING)
    person = await client.login("demo-person", DEMO_PASSWORD)
    with pytest.raises(NotAllowed) as refused:
        await client.subscribe(person.token, "HZ2026102609884")  # 审核通过
    assert refused.value.reason == "NOT_PENDING"


def test_the_two_sides_sign_alike() -> None:
    body = json.dumps({"a": "失业登记"}, ensure_ascii=False).encode()
    assert sign(SECRET, 1_700_000_000, body) == event_signature(SECRET, "1700000000", body)


@pytest.mark.parametrize(
    "case", ["unsigned", "forged", "other key", "stale", "future", "body changed", "no timestamp"]
)
def test_events_that_must_not_be_believed(case: str) -> None:
    now = time.time()
    event = {
        "event_id": "evt_" + "a" * 20,
        "type": "submission.status_changed",
        "subscription_id": "sub_" + "b" * 20,
        "acceptance_no": PENDING,
        "item": "失业登记",
        "status": "rejected",
        "occurred_at": "2026-12-01T10:00:00+08:00",
    }
    body = json.dumps(event, ensure_ascii=False).encode()
    timestamp = str(int(now))
    signature: str | None = event_signature(SECRET, timestamp, body)
    secret = SECRET
    ts: str | None = timestamp
    if case == "unsigned":
        signature = None
    elif case == "forged":
        signature = "v1=" + "0" * 64
    elif case == "other key":
        secret = "another-secret-" + "x" * 20
    elif case == "stale":
        ts = str(int(now) - 301)
        signature = event_signature(SECRET, ts, body)
    elif case == "future":
        ts = str(int(now) + 301)
        signature = event_signature(SECRET, ts, body)
    elif case == "body changed":
        body = body.replace(b"rejected", b"approved")
    elif case == "no timestamp":
        ts = None
    with pytest.raises(InvalidEvent):
        verify_event(body, timestamp=ts, signature=signature, secret=secret, now=now)
    # The same event, signed right, is believed.
    good = json.dumps(event, ensure_ascii=False).encode()
    assert (
        verify_event(
            good,
            timestamp=timestamp,
            signature=event_signature(SECRET, timestamp, good),
            secret=SECRET,
            now=now,
        ).status
        is SubmissionStatus.REJECTED
    )


def test_the_events_settings_default_to_the_bots_local_derivation() -> None:
    from bot.settings import Settings

    sandbox = SandboxSettings.from_env({}, dotenv=None)
    bot = Settings.from_env({})
    assert sandbox.events_secret == bot.portal_events_secret
    assert sandbox.events_url == "http://localhost:5005/webhooks/portal/events"
    chosen = SandboxSettings.from_env(
        {"SECRET_KEY": "s" * 40, "PUBLIC_URL": "https://bot.example.cn/"}
    )
    assert chosen.events_secret == derive_events_secret("s" * 40)
    assert chosen.events_url == "https://bot.example.cn/webhooks/portal/events"
    assert "secret" not in repr(chosen).split("events_url")[1].lower()
