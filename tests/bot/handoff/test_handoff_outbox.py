"""The outbox on SQLite and on PostgreSQL: every test that takes ``outbox`` runs on both."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.handoff import HandoffQuota, Outbox, OutboxError, QuotaExceeded
from bot.handoff import outbox as outbox_module
from bot.handoff.models import outbox_table
from bot.handoff.outbox import claim_statement, find_ticket_no, new_ticket_no
from tests.bot.handoff.handoff_helpers import HANDOFF_FROM, HANDOFF_TO, FakeClock, make_case

LEASE = timedelta(minutes=5)
TICKET_FORMAT = re.compile(r"HZ-\d{8}-[0-9A-HJKMNP-TV-Z]{6}")


@pytest.fixture
async def outbox(any_outbox: Outbox) -> AsyncIterator[Outbox]:
    """Here, the conftest's outbox on each backend: SQLite and the session's PostgreSQL."""
    yield any_outbox


@pytest.fixture
async def sqlite_outbox(outbox_url: str, clock: FakeClock) -> AsyncIterator[Outbox]:
    box = Outbox(outbox_url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)
    await box.create_schema()
    yield box
    await box.close()


def test_ticket_numbers_carry_the_beijing_date_and_unguessable_tail(clock: FakeClock) -> None:
    clock.now = clock.now.replace(hour=17)  # 01:xx the next day in Beijing
    numbers = {new_ticket_no(clock()) for _ in range(500)}
    assert len(numbers) == 500
    assert all(TICKET_FORMAT.fullmatch(n) and n.startswith("HZ-20260303-") for n in numbers)


def test_find_ticket_no_reads_what_users_type() -> None:
    assert find_ticket_no("我的工单 hz-20260302-7kq2mx 发出去了吗") == "HZ-20260302-7KQ2MX"
    assert find_ticket_no("工单号ＨＺ－２０２６０３０２－７ＫＱ２ＭＸ") == "HZ-20260302-7KQ2MX"
    assert find_ticket_no("我的工单发出去了吗") is None


async def test_enqueue_returns_the_ticket_and_stores_it_with_its_mail(outbox: Outbox) -> None:
    ticket = await outbox.enqueue(make_case())
    assert TICKET_FORMAT.fullmatch(ticket.ticket_no)
    assert ticket.message_id == f"<{ticket.ticket_no}@bot.example.cn>"

    with outbox.engine.connect() as conn:
        row = conn.execute(select(outbox_table)).one()
    assert (row.ticket_no, row.status, row.attempts) == (ticket.ticket_no, "queued", 0)
    assert (row.mail_from, row.rcpt_to) == ("12333-bot@bot.example.cn", f'["{HANDOFF_TO}"]')
    mail = email.message_from_bytes(row.mail, policy=email.policy.default)
    assert mail["Message-ID"] == ticket.message_id
    assert ticket.ticket_no in str(mail["Subject"])
    assert '"conversation_id": "conv-001"' in row.case_json


async def test_status_lookup(outbox: Outbox, clock: FakeClock) -> None:
    ticket = await outbox.enqueue(make_case())
    status = await outbox.status(ticket.ticket_no.lower())
    assert status is not None
    assert (status.status, status.attempts, status.next_attempt_at) == ("queued", 0, clock())
    assert "正在转交人工客服" in status.describe_zh()
    assert await outbox.status("HZ-20260302-0000000") is None


async def test_latest_for_conversation_finds_the_newest_ticket(
    outbox: Outbox, clock: FakeClock
) -> None:
    await outbox.enqueue(make_case())
    clock.advance(timedelta(minutes=1))
    newer = await outbox.enqueue(make_case())
    await outbox.enqueue(make_case(conversation_id="someone-else"))
    found = await outbox.latest_for_conversation("conv-001")
    assert found is not None and found.ticket_no == newer.ticket_no
    assert await outbox.latest_for_conversation("nobody") is None


async def test_a_taken_ticket_number_is_drawn_again(
    outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["HZ-20260302-AAAAAA", "HZ-20260302-AAAAAA", "HZ-20260302-BBBBBB"])
    monkeypatch.setattr(outbox_module, "new_ticket_no", lambda now: next(draws))
    first = await outbox.enqueue(make_case())
    second = await outbox.enqueue(make_case())
    assert (first.ticket_no, second.ticket_no) == ("HZ-20260302-AAAAAA", "HZ-20260302-BBBBBB")

    monkeypatch.setattr(outbox_module, "new_ticket_no", lambda now: "HZ-20260302-AAAAAA")
    with pytest.raises(OutboxError):
        await outbox.enqueue(make_case())
    assert (await outbox.counts())["queued"] == 2


async def test_claims_count_attempts_and_hold_until_the_lease_expires(
    outbox: Outbox, clock: FakeClock
) -> None:
    ticket = await outbox.enqueue(make_case())
    [claim] = await outbox.claim_due("worker-a", limit=10, lease=LEASE)
    assert (claim.ticket_no, claim.attempts) == (ticket.ticket_no, 1)
    assert claim.mail_from == "12333-bot@bot.example.cn" and claim.rcpt_to == (HANDOFF_TO,)

    assert await outbox.claim_due("worker-b", limit=10, lease=LEASE) == []
    clock.advance(LEASE)
    assert await outbox.claim_due("worker-b", limit=10, lease=LEASE) == []
    clock.advance(timedelta(seconds=1))
    [taken_over] = await outbox.claim_due("worker-b", limit=10, lease=LEASE)
    assert taken_over.attempts == 2 and taken_over.claim_token != claim.claim_token

    # The first worker lost its claim and may not reschedule or fail the mail now.
    assert not await outbox.mark_retry(claim, "late", next_attempt_at=clock())
    assert not await outbox.mark_failed(claim, "late")
    assert await outbox.mark_sent(taken_over)
    assert not await outbox.mark_sent(claim)
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.status == "sent" and status.sent_at == clock()


async def test_a_retried_mail_waits_for_its_time(outbox: Outbox, clock: FakeClock) -> None:
    await outbox.enqueue(make_case())
    [claim] = await outbox.claim_due("w", limit=1, lease=LEASE)
    assert await outbox.mark_retry(
        claim, "451 busy", next_attempt_at=clock() + timedelta(seconds=30)
    )
    assert await outbox.claim_due("w", limit=1, lease=LEASE) == []
    clock.advance(timedelta(seconds=30))
    [again] = await outbox.claim_due("w", limit=1, lease=LEASE)
    assert again.attempts == 2
    assert await outbox.last_error(again.ticket_no) == "451 busy"


async def test_claims_take_the_oldest_due_first_and_respect_the_limit(
    outbox: Outbox, clock: FakeClock
) -> None:
    tickets = []
    for _ in range(5):
        tickets.append((await outbox.enqueue(make_case())).ticket_no)
        clock.advance(timedelta(seconds=1))
    first = await outbox.claim_due("w", limit=2, lease=LEASE)
    second = await outbox.claim_due("w", limit=10, lease=LEASE)
    assert [c.ticket_no for c in first] == tickets[:2]
    assert [c.ticket_no for c in second] == tickets[2:]
    assert len({c.claim_token for c in first} | {c.claim_token for c in second}) == 2


async def test_concurrent_claimers_never_get_the_same_mail(
    any_outbox_url: str, clock: FakeClock
) -> None:
    def new_outbox() -> Outbox:
        return Outbox(any_outbox_url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)

    seed = new_outbox()
    await seed.create_schema()
    tickets = {(await seed.enqueue(make_case())).ticket_no for _ in range(60)}
    claimers = [new_outbox() for _ in range(4)]

    async def drain(box: Outbox, name: str) -> list[str]:
        got: list[str] = []
        while batch := await box.claim_due(name, limit=3, lease=LEASE):
            got += [claim.ticket_no for claim in batch]
        return got

    results = await asyncio.gather(*(drain(box, f"w{i}") for i, box in enumerate(claimers)))
    claimed = [ticket for result in results for ticket in result]
    assert sorted(claimed) == sorted(tickets)
    for box in [seed, *claimers]:
        await box.close()


async def test_purge_removes_only_mails_sent_before_the_cutoff(
    outbox: Outbox, clock: FakeClock
) -> None:
    for _ in range(3):
        await outbox.enqueue(make_case())
    claims = await outbox.claim_due("w", limit=3, lease=LEASE)
    await outbox.mark_sent(claims[0])
    clock.advance(timedelta(days=1))
    await outbox.mark_sent(claims[1])
    await outbox.mark_failed(claims[2], "550 no")
    assert await outbox.purge_sent_before(clock() - timedelta(hours=1)) == 1
    assert await outbox.counts() == {"queued": 0, "sending": 0, "sent": 1, "failed": 1}


def test_postgresql_claims_skip_rows_locked_by_another_claimer(clock: FakeClock) -> None:
    options: dict[str, Any] = dict(worker_id="w", token="t", now=clock(), lease=LEASE, limit=5)
    on_pg = str(claim_statement("postgresql", **options).compile(dialect=postgresql.dialect()))
    on_sqlite = str(claim_statement("sqlite", **options).compile(dialect=sqlite.dialect()))
    assert "FOR UPDATE SKIP LOCKED" in on_pg
    assert "FOR UPDATE" not in on_sqlite


async def test_sqlite_runs_in_wal_mode_and_shares_the_file(
    sqlite_outbox: Outbox, outbox_url: str, tmp_path: Path
) -> None:
    outbox = sqlite_outbox
    with outbox.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"

    # Another user of bot.db (the tracker store) holds the write lock for a moment:
    # the outbox waits for it instead of failing.
    other = sqlite3.connect(tmp_path / "bot.db", check_same_thread=False)
    other.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)")
    other.commit()
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO events (data) VALUES ('x')")
    releaser = threading.Timer(0.3, other.commit)
    releaser.start()
    try:
        ticket = await outbox.enqueue(make_case())
    finally:
        releaser.join()
        other.close()
    assert await outbox.status(ticket.ticket_no) is not None


def test_outbox_refuses_settings_without_addresses(outbox_url: str) -> None:
    with pytest.raises(ValueError):
        Outbox(outbox_url, handoff_from=HANDOFF_FROM, handoff_to="")
    with pytest.raises(ValueError):
        Outbox(outbox_url, handoff_from="", handoff_to=HANDOFF_TO)


async def test_outbox_from_settings_creates_the_var_folder(tmp_path: Path) -> None:
    from bot.settings import Settings

    settings = Settings.from_env({"VAR_DIR": str(tmp_path / "var")}, dotenv=tmp_path / "none")
    box: Outbox = Outbox.from_settings(settings)
    await box.create_schema()
    assert (tmp_path / "var" / "bot.db").is_file()
    await box.close()


async def test_erase_takes_the_conversations_sent_tickets_and_keeps_queued_ones(
    outbox: Outbox,
) -> None:
    sent = await outbox.enqueue(make_case())
    theirs = await outbox.enqueue(make_case(conversation_id="someone-else"))
    await outbox.mark_sent(*await outbox.claim_due("w", limit=5, lease=LEASE))
    queued = await outbox.enqueue(make_case())
    assert await outbox.erase("conv-001") == 1
    assert await outbox.status(sent.ticket_no) is None
    # Still owed to the user: a queued ticket outlives the erasure until it is sent.
    assert await outbox.status(queued.ticket_no) is not None
    assert await outbox.status(theirs.ticket_no) is not None


async def test_the_retention_purge_is_the_sent_before_purge(
    outbox: Outbox, clock: FakeClock
) -> None:
    await outbox.enqueue(make_case())
    [claim] = await outbox.claim_due("w", limit=1, lease=LEASE)
    await outbox.mark_sent(claim)
    await outbox.enqueue(make_case())
    clock.advance(timedelta(days=1))
    assert await outbox.purge(clock()) == 1
    assert await outbox.counts() == {"queued": 1, "sending": 0, "sent": 0, "failed": 0}


async def test_times_come_back_aware_and_equal_on_each_backend(
    outbox: Outbox, clock: FakeClock
) -> None:
    clock.now = clock.now.replace(microsecond=123456)
    ticket = await outbox.enqueue(make_case())
    status = await outbox.status(ticket.ticket_no)
    assert status is not None and status.created_at == clock()
    assert status.created_at.utcoffset() == timedelta(0)


async def test_a_message_run_twice_files_one_ticket_counted_once(outbox: Outbox) -> None:
    # A server that filed the ticket and died before Rasa stored the turn leaves the
    # message to run again on another server: it must find that ticket, not file one.
    quota = HandoffQuota(per_conversation=2)
    first = await outbox.enqueue(make_case(), quota=quota, request_id="client-m1")
    again = await outbox.enqueue(make_case(), quota=quota, request_id="client-m1")
    assert again == first
    other_message = await outbox.enqueue(make_case(), quota=quota, request_id="client-m2")
    elsewhere = await outbox.enqueue(make_case(conversation_id="conv-002"), request_id="client-m1")
    with outbox.engine.connect() as conn:
        rows = conn.execute(select(outbox_table.c.ticket_no, outbox_table.c.request_id)).all()
    assert sorted(rows) == sorted(
        [
            (first.ticket_no, "client-m1"),
            (other_message.ticket_no, "client-m2"),
            (elsewhere.ticket_no, "client-m1"),
        ]
    )
    # Two tickets for conv-001 were counted, not three: a third message is refused.
    with pytest.raises(QuotaExceeded):
        await outbox.enqueue(make_case(), quota=quota, request_id="client-m3")


async def test_messages_without_an_id_each_file_their_ticket(outbox: Outbox) -> None:
    tickets = {(await outbox.enqueue(make_case())).ticket_no for _ in range(2)}
    assert len(tickets) == 2


async def test_an_outbox_made_before_request_ids_gains_the_column(
    outbox_url: str, clock: FakeClock
) -> None:
    old = MetaData()
    Table(
        outbox_table.name,
        old,
        *(column.copy() for column in outbox_table.columns if column.name != "request_id"),
    )
    box = Outbox(outbox_url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)
    old.create_all(box.engine)
    await box.create_schema()
    ticket = await box.enqueue(make_case(), request_id="client-m1")
    assert await box.enqueue(make_case(), request_id="client-m1") == ticket
    await box.close()
