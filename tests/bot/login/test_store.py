"""LoginStore on real SQLite and PostgreSQL databases, with a clock the test moves."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.login.store import (
    CONFIRM_TTL,
    DEFERRED_TTL,
    FAILURE_WINDOW,
    MAX_CONFIRM_ATTEMPTS,
    MAX_LOGIN_FAILURES,
    TICKET_TTL,
    Confirmation,
    LoginStore,
    TicketError,
)

SECRET = "test-secret-key-0123456789abcdef0123456789"
IDENTITY = {
    "token": "portal-session-token-for-tests",
    "username": "demo-person",
    "display_name": "演示用户",
    "account_kind": "individual",
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 8, 0, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(database_url: str, clock: Clock) -> LoginStore:
    login_store = LoginStore(database_url, SECRET, clock=clock)
    yield login_store
    login_store.dispose()


async def test_a_ticket_expires_after_its_ttl(store: LoginStore, clock: Clock) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    assert (await store.check_ticket(ticket.signed)).conversation_id == "rest:a"
    clock.advance(TICKET_TTL + timedelta(seconds=1))
    with pytest.raises(TicketError) as refused:
        await store.check_ticket(ticket.signed)
    assert refused.value.reason == "expired"


async def test_a_used_ticket_is_refused(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    await store.redeem(ticket, **IDENTITY)
    with pytest.raises(TicketError) as refused:
        await store.check_ticket(ticket.signed)
    assert refused.value.reason == "used"
    with pytest.raises(TicketError):
        await store.stage(ticket, **IDENTITY)


async def test_a_forged_ticket_is_invalid(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    forged = ticket.ticket_id + ".0000000000"
    with pytest.raises(TicketError) as refused:
        await store.check_ticket(forged)
    assert refused.value.reason == "invalid"


async def test_a_link_serves_only_its_client_and_channel(store: LoginStore) -> None:
    ticket = await store.issue_ticket("sms:+8613800138000", "binding-sms", "twilio")
    await store.redeem(ticket, **IDENTITY)
    assert await store.active_link("sms:+8613800138000", "binding-sms", "twilio")
    assert await store.active_link("sms:+8613800138000", "binding-rest", "twilio") is None
    assert await store.active_link("sms:+8613800138000", "binding-sms", "rest") is None
    assert await store.active_link("sms:+8613800138000", None) is None


async def test_a_staged_login_serves_nothing_until_its_code_comes_back(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    staged = await store.stage(ticket, **IDENTITY)
    assert staged.code.isdigit() and len(staged.code) == 6
    assert await store.active_link("rest:a", "binding-a", "rest") is None

    # Another client of the same conversation id, or another channel, can't confirm it.
    assert (await store.confirm("rest:a", "binding-b", "rest", staged.code))[0] is Confirmation.NONE
    assert (await store.confirm("rest:a", "binding-a", "twilio", staged.code))[
        0
    ] is Confirmation.NONE

    result, link = await store.confirm("rest:a", "binding-a", "rest", staged.code)
    assert result is Confirmation.CONFIRMED and link is not None
    active = await store.active_link("rest:a", "binding-a", "rest")
    assert active is not None and active.username == "demo-person"
    # The code works once.
    assert (await store.confirm("rest:a", "binding-a", "rest", staged.code))[0] is Confirmation.NONE


async def test_wrong_codes_use_up_the_staged_login(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    staged = await store.stage(ticket, **IDENTITY)
    wrong = "000000" if staged.code != "000000" else "111111"
    results = [
        (await store.confirm("rest:a", "binding-a", "rest", wrong))[0]
        for _ in range(MAX_CONFIRM_ATTEMPTS)
    ]
    assert results[:-1] == [Confirmation.WRONG] * (MAX_CONFIRM_ATTEMPTS - 1)
    assert results[-1] is Confirmation.EXHAUSTED
    assert (await store.confirm("rest:a", "binding-a", "rest", staged.code))[0] is Confirmation.NONE
    assert await store.active_link("rest:a", "binding-a", "rest") is None


async def test_a_staged_login_expires(store: LoginStore, clock: Clock) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    staged = await store.stage(ticket, **IDENTITY)
    clock.advance(CONFIRM_TTL + timedelta(seconds=1))
    assert (await store.confirm("rest:a", "binding-a", "rest", staged.code))[0] is Confirmation.NONE


async def test_failures_count_within_a_window_and_then_expire(
    store: LoginStore, clock: Clock
) -> None:
    counts = [await store.begin_attempt("sms:+1") for _ in range(MAX_LOGIN_FAILURES)]
    assert counts == list(range(1, MAX_LOGIN_FAILURES + 1))
    assert await store.failures("sms:+1") == MAX_LOGIN_FAILURES
    clock.advance(FAILURE_WINDOW + timedelta(seconds=1))
    assert await store.failures("sms:+1") == 0
    assert await store.begin_attempt("sms:+1") == 1


async def test_parallel_attempts_are_each_counted(store: LoginStore) -> None:
    counts = await asyncio.gather(*(store.begin_attempt("rest:p") for _ in range(12)))
    assert sorted(counts) == list(range(1, 13))


async def test_an_attempt_the_portal_never_judged_is_forgiven(store: LoginStore) -> None:
    await store.begin_attempt("rest:a")
    await store.begin_attempt("rest:a")
    await store.forgive_attempt("rest:a")
    assert await store.failures("rest:a") == 1


async def test_another_client_cannot_destroy_deferred_replies(
    store: LoginStore, clock: Clock
) -> None:
    await store.defer("rest:a", "binding-a", [{"text": "登录成功"}])
    assert await store.take_deferred("rest:a", "binding-b") == []
    assert await store.take_deferred("rest:a", None) == []
    assert await store.take_deferred("rest:a", "binding-a") == [{"text": "登录成功"}]
    assert await store.take_deferred("rest:a", "binding-a") == []

    await store.defer("rest:a", "binding-a", [{"text": "旧的"}])
    clock.advance(DEFERRED_TTL + timedelta(seconds=1))
    assert await store.take_deferred("rest:a", "binding-a") == []


async def test_erase_forgets_every_row_of_the_conversation(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    await store.redeem(ticket, **IDENTITY)
    await store.defer("rest:a", "binding-a", [{"text": "x"}])
    await store.begin_attempt("rest:a")
    other = await store.issue_ticket("rest:b", "binding-b", "rest")
    await store.redeem(other, **IDENTITY)
    await store.erase("rest:a")
    assert await store.active_link("rest:a", "binding-a", "rest") is None
    assert await store.failures("rest:a") == 0
    assert await store.take_deferred("rest:a", "binding-a") == []
    assert await store.active_link("rest:b", "binding-b", "rest") is not None


async def test_an_old_database_gains_the_new_columns(tmp_path: Path, clock: Clock) -> None:
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE portal_links (link_ref VARCHAR(32) PRIMARY KEY, "
                "conversation_id VARCHAR(255) NOT NULL, client_binding VARCHAR(64) NOT NULL, "
                "username VARCHAR(128) NOT NULL, display_name VARCHAR(255), "
                "account_kind VARCHAR(32), token_encrypted TEXT NOT NULL, "
                "created_at DATETIME NOT NULL, revoked_at DATETIME)"
            )
        )
    engine.dispose()
    store = LoginStore(url, SECRET, clock=clock)
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    await store.redeem(ticket, **IDENTITY)
    assert await store.active_link("rest:a", "binding-a", "rest") is not None
    store.dispose()


async def test_erase_counts_what_it_deleted(store: LoginStore) -> None:
    ticket = await store.issue_ticket("rest:a", "binding-a", "rest")
    await store.redeem(ticket, **IDENTITY)
    await store.defer("rest:a", "binding-a", [{"text": "x"}])
    # The ticket, the link and the deferred reply; redeeming cleared the failure count.
    assert await store.erase("rest:a") == 3
    assert await store.erase("rest:a") == 0


async def test_purge_takes_rows_older_than_the_cutoff_only(store: LoginStore, clock: Clock) -> None:
    old = await store.issue_ticket("rest:old", "binding-old", "rest")
    await store.redeem(old, **IDENTITY)
    await store.defer("rest:old", "binding-old", [{"text": "旧的"}])
    await store.begin_attempt("rest:old")
    clock.advance(timedelta(days=200))
    cutoff = clock() - timedelta(days=180)
    new = await store.issue_ticket("rest:new", "binding-new", "rest")
    await store.redeem(new, **IDENTITY)
    await store.begin_attempt("rest:new")

    # The old ticket, link, reply and failure count.
    assert await store.purge(cutoff) == 4
    assert await store.active_link("rest:old", "binding-old", "rest") is None
    assert await store.active_link("rest:new", "binding-new", "rest") is not None
    assert await store.failures("rest:new") == 1
    assert await store.purge(cutoff) == 0


async def test_a_naive_clock_is_refused(database_url: str) -> None:
    naive = LoginStore(database_url, SECRET, clock=lambda: datetime(2026, 12, 1, 8, 0))
    with pytest.raises(Exception, match="aware datetimes only"):
        await naive.issue_ticket("rest:a", "binding-a", "rest")
    naive.dispose()
