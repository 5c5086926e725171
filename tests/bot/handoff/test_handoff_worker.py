"""The worker against a real aiosmtpd relay on port 0 and a SQLite outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.handoff import Outbox, OutboxWorker, RetryPolicy
from bot.handoff.capture import CaptureHandler, CaptureServer, read_messages, running_capture
from bot.settings import SmtpSettings
from tests.bot.handoff.handoff_helpers import (
    FakeClock,
    make_case,
    self_signed_certificate,
    wait_for,
)

LEASE = timedelta(minutes=5)
#: How long a test waits for something the worker does on the wall clock. Generous,
#: since a loaded 2-core machine may be slow: speed never decides a pass or a fail.
SETTLE = 60.0


def free_port() -> int:
    """A port nothing listens on (yet): connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def message_ids(mail_dir: Path) -> Counter[str]:
    return Counter(str(message["Message-ID"]) for message in read_messages(mail_dir))


class RefusingHandler(CaptureHandler):
    """A relay that answers RCPT or DATA with a fixed reply instead of accepting."""

    def __init__(self, mail_dir: Path, *, rcpt: str | None = None, data: str | None = None):
        super().__init__(mail_dir)
        self.rcpt = rcpt
        self.data = data

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.rcpt:
            return self.rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data:
            return self.data
        return await super().handle_DATA(server, session, envelope)


class StallOnceHandler(CaptureHandler):
    """Keeps the first message, then holds back the 250 until released."""

    def __init__(self, mail_dir: Path) -> None:
        super().__init__(mail_dir)
        self.release = asyncio.Event()
        self.calls = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.calls += 1
        reply = await super().handle_DATA(server, session, envelope)
        if self.calls == 1:
            await self.release.wait()
        return reply


async def test_the_mail_as_received(
    outbox: Outbox, capture: CaptureServer, capture_smtp: SmtpSettings
) -> None:
    case = make_case(description="材料齐全 <img src=x onerror=alert(1)>")
    ticket = await outbox.enqueue(case)
    worker = OutboxWorker(outbox, capture_smtp)
    assert await worker.run_once() == 1

    [message] = capture.messages()
    assert message["From"].addresses[0].addr_spec == "12333-bot@bot.example.cn"
    assert message["From"].addresses[0].display_name == "12333 网上办事助手"
    assert str(message["To"]) == "hz12333@hz.gov.cn"
    assert str(message["Reply-To"]) == outbox.reply_address(ticket.ticket_no)
    assert str(message["Reply-To"]).startswith(f"reply+{ticket.ticket_no.lower()}.")
    assert str(message["Subject"]) == (
        f"[12333 转人工] {ticket.ticket_no} 审核结果有异议 – 材料齐全 <img src=x onerror=alert(1)>"
    )
    assert message["Message-ID"] == ticket.message_id
    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None and html_part is not None
    text, html = text_part.get_content(), html_part.get_content()
    assert "[2026-03-02 09:25:40] 用户：审核意见说材料不全 <b>可我交了</b>" in text
    assert "请先登录，密码：******" in text and "请先登录，密码：******" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;可我交了&lt;/b&gt;" in html

    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.attempts == 1
    assert "已于" in status.describe_zh()
    assert await worker.run_once() == 0
    assert len(capture.messages()) == 1


async def test_relay_refusing_connections_then_coming_back_gets_the_mail_once(
    outbox: Outbox, clock: FakeClock, tmp_path: Path
) -> None:
    port = free_port()
    worker = OutboxWorker(outbox, SmtpSettings(host="127.0.0.1", port=port), smtp_timeout=2)
    ticket = await outbox.enqueue(make_case())
    went_down = clock()

    assert await worker.run_once() == 1  # refused: retry in 30 s
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "queued" and status.attempts == 1
    assert status.next_attempt_at == clock() + timedelta(seconds=30)
    assert "unreachable" in (await outbox.last_error(ticket.ticket_no) or "")

    clock.advance(timedelta(seconds=29))
    assert await worker.run_once() == 0  # not due yet
    clock.advance(timedelta(seconds=1))
    assert await worker.run_once() == 1  # refused again: retry in 60 s
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.next_attempt_at == clock() + timedelta(seconds=60)

    async with running_capture(tmp_path / "mail", port=port) as capture:
        clock.advance(timedelta(seconds=60))
        assert await worker.run_once() == 1
        for _ in range(3):
            clock.advance(timedelta(hours=1))
            assert await worker.run_once() == 0
        assert message_ids(capture.mail_dir) == {ticket.message_id: 1}

    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.attempts == 3
    assert status.sent_at is not None and status.sent_at - went_down == timedelta(seconds=90)


async def test_relay_outage_in_real_time(tmp_path: Path, outbox_url: str) -> None:
    """The worker polling on the wall clock rides out a relay that is down for a second."""
    box = Outbox(outbox_url, handoff_from="bot@bot.example.cn", handoff_to="hz12333@hz.gov.cn")
    await box.create_schema()
    port = free_port()
    worker = OutboxWorker(
        box,
        SmtpSettings(host="127.0.0.1", port=port),
        poll_interval=0.05,
        lease=timedelta(seconds=5),
        send_deadline=2,
        smtp_timeout=1,
        retry=RetryPolicy(base=timedelta(milliseconds=100), cap=timedelta(milliseconds=400)),
    )
    ticket = await box.enqueue(make_case())
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run_forever(stop))

    async def attempts_failed(count: int) -> bool:
        status = await box.status(ticket.ticket_no)
        return status is not None and status.status == "queued" and status.attempts >= count

    try:
        # The relay comes up once the worker has failed three times, however long
        # that took on this machine: the test is about riding out the outage.
        await wait_until(lambda: attempts_failed(3))
        async with running_capture(tmp_path / "mail", port=port) as capture:
            await wait_for(lambda: len(capture.messages()) == 1, timeout=SETTLE)
            # Once the mail is marked sent no worker claims it again: a duplicate,
            # if any, would have reached the relay before this holds.
            await wait_until(lambda: is_sent(box, ticket.ticket_no))
            assert message_ids(capture.mail_dir) == {ticket.message_id: 1}
    finally:
        stop.set()
        await asyncio.wait_for(running, SETTLE)
    status = await box.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.attempts >= 3
    await box.close()


async def is_sent(box: Outbox, ticket_no: str) -> bool:
    status = await box.status(ticket_no)
    return status is not None and status.status == "sent"


async def wait_until(condition: Callable[[], Awaitable[bool]]) -> None:
    """Poll an async ``condition`` until it holds; fail only after :data:`SETTLE` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {SETTLE:g}s")
        await asyncio.sleep(0.02)


async def test_a_worker_that_dies_after_claiming_leaves_the_mail_to_another(
    any_outbox: Outbox,
    any_outbox_factory: Callable[[], Outbox],
    clock: FakeClock,
    capture: CaptureServer,
    capture_smtp: SmtpSettings,
) -> None:
    outbox = any_outbox
    ticket = await outbox.enqueue(make_case())
    # The dead worker claimed the mail in its own process and never got further.
    dead_box, survivor_box = any_outbox_factory(), any_outbox_factory()
    [stale] = await dead_box.claim_due("dead-worker", limit=10, lease=LEASE)

    survivor = OutboxWorker(survivor_box, capture_smtp, worker_id="survivor", lease=LEASE)
    assert await survivor.run_once() == 0  # the lease still holds
    clock.advance(LEASE + timedelta(seconds=1))
    assert await survivor.run_once() == 1

    assert message_ids(capture.mail_dir) == {ticket.message_id: 1}
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.attempts == 2
    assert not await dead_box.mark_retry(stale, "back from the dead", next_attempt_at=clock())
    await dead_box.close()
    await survivor_box.close()


async def test_a_worker_killed_mid_send_costs_at_most_one_extra_copy(
    outbox: Outbox, clock: FakeClock, tmp_path: Path
) -> None:
    handler = StallOnceHandler(tmp_path / "mail")
    async with running_capture(tmp_path / "mail", handler=handler) as capture:
        smtp = SmtpSettings(host=capture.host, port=capture.port)
        ticket = await outbox.enqueue(make_case())
        # A short timeout: on cancellation aiosmtplib still says QUIT to the stalled relay.
        doomed = OutboxWorker(outbox, smtp, worker_id="doomed", lease=LEASE, smtp_timeout=0.5)
        sending = asyncio.create_task(doomed.run_once())
        try:
            # The relay has the whole mail but the worker dies before hearing "250".
            await wait_for(lambda: len(capture.messages()) == 1, timeout=SETTLE)
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sending
            status = await outbox.status(ticket.ticket_no)
            assert status is not None and status.status == "sending"

            survivor = OutboxWorker(outbox, smtp, worker_id="survivor", lease=LEASE)
            assert await survivor.run_once() == 0
            clock.advance(LEASE + timedelta(seconds=1))
            assert await survivor.run_once() == 1
            clock.advance(timedelta(hours=1))
            assert await survivor.run_once() == 0
        finally:
            handler.release.set()

        # At least once, with the duplicate recognisable by its Message-ID.
        assert message_ids(capture.mail_dir) == {ticket.message_id: 2}
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent"


async def test_two_workers_on_one_database_send_each_ticket_once(
    any_outbox: Outbox,
    any_outbox_factory: Callable[[], Outbox],
    capture: CaptureServer,
    capture_smtp: SmtpSettings,
) -> None:
    outbox = any_outbox
    tickets = [await outbox.enqueue(make_case()) for _ in range(40)]
    workers = [
        OutboxWorker(any_outbox_factory(), capture_smtp, worker_id=f"w{i}", batch_size=4)
        for i in range(2)
    ]

    async def drain(worker: OutboxWorker) -> int:
        total = 0
        while claimed := await worker.run_once():
            total += claimed
        return total

    claimed = await asyncio.gather(*(drain(worker) for worker in workers))
    assert sum(claimed) == 40
    assert message_ids(capture.mail_dir) == Counter({t.message_id: 1 for t in tickets})
    assert await outbox.counts() == {"queued": 0, "sending": 0, "sent": 40, "failed": 0}
    for worker in workers:
        await worker.outbox.close()


@pytest.mark.parametrize(
    "refusal",
    [
        {"rcpt": "550 5.1.1 <hz12333@hz.gov.cn>: Recipient address rejected"},
        {"data": "554 5.7.1 Message rejected as spam"},
    ],
)
async def test_a_permanent_refusal_marks_the_ticket_failed_and_says_so_loudly(
    outbox: Outbox, tmp_path: Path, caplog: pytest.LogCaptureFixture, refusal: dict[str, str]
) -> None:
    handler = RefusingHandler(tmp_path / "mail", **refusal)
    async with running_capture(tmp_path / "mail", handler=handler) as capture:
        worker = OutboxWorker(outbox, SmtpSettings(host=capture.host, port=capture.port))
        ticket = await outbox.enqueue(make_case())
        with caplog.at_level(logging.INFO, logger="bot.handoff"):
            assert await worker.run_once() == 1
        assert capture.messages() == []

    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "failed" and status.attempts == 1
    assert "12333" in status.describe_zh()
    assert (await outbox.last_error(ticket.ticket_no) or "").startswith("55")
    [loud] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert ticket.ticket_no in loud.getMessage() and "FAILED" in loud.getMessage()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "zhang.san" not in logged and "补缴" not in logged


async def test_a_temporary_refusal_is_retried(
    outbox: Outbox, clock: FakeClock, tmp_path: Path
) -> None:
    handler = RefusingHandler(tmp_path / "mail", data="451 4.3.0 Try again later")
    async with running_capture(tmp_path / "mail", handler=handler) as capture:
        worker = OutboxWorker(outbox, SmtpSettings(host=capture.host, port=capture.port))
        ticket = await outbox.enqueue(make_case())
        assert await worker.run_once() == 1
        handler.data = None
        clock.advance(timedelta(seconds=30))
        assert await worker.run_once() == 1
        assert message_ids(capture.mail_dir) == {ticket.message_id: 1}
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.attempts == 2


async def test_a_relay_that_stalls_hits_the_named_timeout(outbox: Outbox, tmp_path: Path) -> None:
    handler = StallOnceHandler(tmp_path / "mail")
    async with running_capture(tmp_path / "mail", handler=handler) as capture:
        worker = OutboxWorker(
            outbox, SmtpSettings(host=capture.host, port=capture.port), smtp_timeout=0.3
        )
        ticket = await outbox.enqueue(make_case())
        try:
            assert await worker.run_once() == 1
        finally:
            handler.release.set()
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "queued"
    assert "time" in (await outbox.last_error(ticket.ticket_no) or "").lower()


def test_backoff_doubles_from_30_seconds_up_to_an_hour_and_stops_at_24_hours(
    clock: FakeClock,
) -> None:
    policy = RetryPolicy()
    created = clock()
    schedule = policy.schedule(created)
    gaps = [(b - a).total_seconds() for a, b in zip(schedule, schedule[1:], strict=False)]
    assert gaps[:8] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert set(gaps[8:-1]) == {3600}
    assert 0 < gaps[-1] <= 3600
    assert schedule[-1] == created + timedelta(hours=24)
    assert len(schedule) == 31
    assert policy.next_attempt(created_at=created, attempts=40, now=schedule[-1]) is None
    assert policy.delay(1000) == timedelta(hours=1)


async def test_the_worker_gives_up_24_hours_after_the_ticket(
    outbox: Outbox, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    worker = OutboxWorker(outbox, SmtpSettings(host="127.0.0.1", port=free_port()))
    ticket = await outbox.enqueue(make_case())
    attempt_times = []
    with caplog.at_level(logging.ERROR, logger="bot.handoff"):
        while True:
            status = await outbox.status(ticket.ticket_no)
            assert status is not None
            if status.status == "failed":
                break
            assert status.next_attempt_at is not None
            clock.now = status.next_attempt_at
            attempt_times.append(clock())
            assert await worker.run_once() == 1
    assert attempt_times == RetryPolicy().schedule(ticket.created_at)
    assert status.attempts == len(attempt_times) == 31
    assert "gave up after 31 attempts" in (await outbox.last_error(ticket.ticket_no) or "")
    assert any(ticket.ticket_no in r.getMessage() for r in caplog.records)


def _tls_contexts(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = self_signed_certificate(tmp_path)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


class Credentials:
    def __init__(self, user: str, password: str) -> None:
        self.expected = (user.encode(), password.encode())
        self.logins: list[bytes] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any):
        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login,
                auth_data.password,
            )
            == self.expected
        )
        if ok:
            self.logins.append(auth_data.login)
        # handled=False: aiosmtpd then answers "535" itself.
        return AuthResult(success=ok, handled=False)


async def test_starttls_and_login_when_configured(
    outbox: Outbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server_tls, client_tls = _tls_contexts(tmp_path)
    credentials = Credentials("relay-user", "relay-secret")
    async with running_capture(
        tmp_path / "mail",
        tls_context=server_tls,
        require_starttls=True,
        authenticator=credentials,
        auth_required=True,
    ) as capture:
        ticket = await outbox.enqueue(make_case())
        wrong = SmtpSettings(
            host=capture.host, port=capture.port, user="relay-user", password="no", tls="starttls"
        )
        with caplog.at_level(logging.ERROR, logger="bot.handoff"):
            await OutboxWorker(outbox, wrong, tls_context=client_tls).run_once()
        assert capture.messages() == []
        assert any(r.levelno == logging.ERROR for r in caplog.records)  # bad credentials are loud
        status = await outbox.status(ticket.ticket_no)
        assert status is not None and status.status == "queued"  # and do not lose the mail

        outbox.clock = lambda: ticket.created_at + timedelta(minutes=1)
        right = SmtpSettings(
            host=capture.host,
            port=capture.port,
            user="relay-user",
            password="relay-secret",
            tls="starttls",
        )
        assert await OutboxWorker(outbox, right, tls_context=client_tls).run_once() == 1
        assert message_ids(capture.mail_dir) == {ticket.message_id: 1}
        assert credentials.logins == [b"relay-user"]


async def test_implicit_tls_when_configured(outbox: Outbox, tmp_path: Path) -> None:
    server_tls, client_tls = _tls_contexts(tmp_path)
    async with running_capture(tmp_path / "mail", implicit_tls=server_tls) as capture:
        ticket = await outbox.enqueue(make_case())
        smtp = SmtpSettings(host=capture.host, port=capture.port, tls="tls")
        assert await OutboxWorker(outbox, smtp, tls_context=client_tls).run_once() == 1
        assert message_ids(capture.mail_dir) == {ticket.message_id: 1}


async def test_run_forever_stops_when_asked(outbox: Outbox, capture_smtp: SmtpSettings) -> None:
    worker = OutboxWorker(outbox, capture_smtp, poll_interval=30)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run_forever(stop))
    await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(running, SETTLE)


def test_the_lease_must_outlast_a_delivery(outbox: Outbox) -> None:
    with pytest.raises(ValueError):
        OutboxWorker(outbox, SmtpSettings(), lease=timedelta(seconds=30), send_deadline=60)
