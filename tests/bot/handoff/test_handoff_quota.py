"""Hand-off quotas on a real database with a clock the test moves (issue 10, finding 8)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.handoff import Contact, HandoffQuota, Outbox, QuotaExceeded
from bot.handoff.models import outbox_table, quota_table
from bot.handoff.quota import (
    CONTACT_WINDOW,
    CONVERSATION_WINDOW,
    MAX_PER_CONTACT,
    MAX_PER_CONVERSATION,
    MAX_PER_NETWORK,
    NETWORK_WINDOW,
    QuotaLedger,
    quota_key,
)
from tests.bot.handoff.handoff_helpers import HANDOFF_FROM, HANDOFF_TO, FakeClock, make_case

QUOTA = HandoffQuota()
#: Tickets that race for the last places under one limit.
RACERS = 8


@pytest.fixture(params=["sqlite", "postgresql"])
def quota_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    yield request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
async def box(quota_db_url: str, clock: FakeClock) -> AsyncIterator[Outbox]:
    outbox = Outbox(quota_db_url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)
    await outbox.create_schema()
    yield outbox
    await outbox.close()


def case(conversation: str = "conv-1", contact: str = "+8613800138000") -> Any:
    return make_case(conversation_id=conversation, contact=Contact("phone", contact))


def phone(n: int) -> str:
    return f"+86139{n:08d}"


def rows(outbox: Outbox, table: Any = outbox_table) -> int:
    with outbox.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


async def refused(outbox: Outbox, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(QuotaExceeded) as info:
        await outbox.enqueue(*args, quota=QUOTA, **kwargs)
    return info.value.limit


async def test_one_conversation_gets_its_quota_then_a_refusal_until_the_window_passes(
    box: Outbox, clock: FakeClock
) -> None:
    for n in range(MAX_PER_CONVERSATION):
        await box.enqueue(case(contact=phone(n)), quota=QUOTA)
    assert await refused(box, case(contact=phone(99))) == "conversation"
    assert rows(box) == MAX_PER_CONVERSATION  # no ticket, so no mail

    clock.advance(CONVERSATION_WINDOW - timedelta(minutes=1))
    assert await refused(box, case(contact=phone(99))) == "conversation"
    clock.advance(timedelta(minutes=2))
    await box.enqueue(case(contact=phone(99)), quota=QUOTA)
    assert rows(box) == MAX_PER_CONVERSATION + 1


async def test_one_contact_is_limited_across_conversations(box: Outbox, clock: FakeClock) -> None:
    for n in range(MAX_PER_CONTACT):
        await box.enqueue(case(conversation=f"conv-{n}"), quota=QUOTA)
    assert await refused(box, case(conversation="conv-new")) == "contact"
    # The same contact written another way is the same contact once normalised.
    clock.advance(CONTACT_WINDOW + timedelta(seconds=1))
    await box.enqueue(case(conversation="conv-new"), quota=QUOTA)


async def test_one_network_is_limited_per_hour_and_others_are_not(
    box: Outbox, clock: FakeClock
) -> None:
    for n in range(MAX_PER_NETWORK):
        await box.enqueue(case(f"conv-{n}", phone(n)), quota=QUOTA, client_net="net-a")
    assert await refused(box, case("conv-x", phone(50)), client_net="net-a") == "network"
    await box.enqueue(case("conv-y", phone(51)), quota=QUOTA, client_net="net-b")
    # Without a network (SMS, voice) only the other limits apply.
    await box.enqueue(case("conv-z", phone(52)), quota=QUOTA)
    clock.advance(NETWORK_WINDOW + timedelta(seconds=1))
    await box.enqueue(case("conv-x", phone(50)), quota=QUOTA, client_net="net-a")


async def test_the_global_ceiling_holds_against_a_distributed_flood(
    box: Outbox, clock: FakeClock
) -> None:
    quota = HandoffQuota(per_hour=5)
    for n in range(5):
        await box.enqueue(case(f"conv-{n}", phone(n)), quota=quota, client_net=f"net-{n}")
    with pytest.raises(QuotaExceeded) as info:
        await box.enqueue(case("conv-9", phone(9)), quota=quota, client_net="net-9")
    assert (info.value.limit, info.value.maximum) == ("global", 5)
    clock.advance(timedelta(hours=1, seconds=1))
    await box.enqueue(case("conv-9", phone(9)), quota=quota, client_net="net-9")


async def test_without_a_quota_nothing_is_counted(box: Outbox) -> None:
    for _ in range(MAX_PER_CONVERSATION + 2):
        await box.enqueue(case())
    assert rows(box) == MAX_PER_CONVERSATION + 2
    assert rows(box, quota_table) == 0


async def test_the_ledger_holds_hashes_and_forgets_after_the_longest_window(
    box: Outbox, clock: FakeClock
) -> None:
    await box.enqueue(case(), quota=QUOTA, client_net="net-a")
    with box.engine.connect() as conn:
        row = conn.execute(select(quota_table)).one()
    assert (row.conversation, row.contact) == (quota_key("conv-1"), quota_key("+8613800138000"))
    assert "13800138000" not in repr(tuple(row))
    clock.advance(QUOTA.longest_window + timedelta(seconds=1))
    await box.enqueue(case("conv-2", phone(2)), quota=QUOTA)
    assert rows(box, quota_table) == 1


async def test_erasing_sent_tickets_does_not_reset_the_quota(box: Outbox, clock: FakeClock) -> None:
    for n in range(MAX_PER_CONVERSATION):
        await box.enqueue(case(contact=phone(n)), quota=QUOTA)
    # What erase_conversation does to sent tickets: the outbox rows go.
    with box.engine.begin() as conn:
        conn.execute(outbox_table.delete())
    assert await refused(box, case(contact=phone(99))) == "conversation"


async def test_parallel_requests_cannot_slip_past_the_limit(
    quota_db_url: str, clock: FakeClock
) -> None:
    """Separate outboxes (as separate action servers would have) race on one database."""
    boxes = [
        Outbox(quota_db_url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)
        for _ in range(RACERS)
    ]
    await boxes[0].create_schema()
    results = await asyncio.gather(
        *(b.enqueue(case(contact=phone(n)), quota=QUOTA) for n, b in enumerate(boxes)),
        return_exceptions=True,
    )
    refusals = [r for r in results if isinstance(r, QuotaExceeded)]
    assert not [r for r in results if isinstance(r, BaseException) and r not in refusals]
    assert len(results) - len(refusals) == MAX_PER_CONVERSATION
    assert rows(boxes[0]) == MAX_PER_CONVERSATION
    for b in boxes:
        await b.close()


async def test_the_retention_purge_takes_old_ledger_rows_only(
    box: Outbox, quota_db_url: str, clock: FakeClock
) -> None:
    await box.enqueue(case("conv-old", phone(1)), quota=QUOTA)
    clock.advance(timedelta(hours=2))
    cutoff = clock()
    await box.enqueue(case("conv-new", phone(2)), quota=QUOTA)
    ledger = QuotaLedger(quota_db_url)
    assert ledger.engine is box.engine  # one engine per database in a process
    assert await ledger.purge(cutoff) == 1
    assert rows(box, quota_table) == 1
    # The ledger has no erase: a user's erasure must not reset the counts.
    assert not hasattr(ledger, "erase")


async def test_ledger_times_are_aware_utc_on_each_backend(box: Outbox) -> None:
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
    box.clock = lambda: moment
    await box.enqueue(case(), quota=QUOTA)
    with box.engine.connect() as conn:
        created_at = conn.execute(select(quota_table.c.created_at)).scalar_one()
    assert created_at == moment and created_at.tzinfo is not None
