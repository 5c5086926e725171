"""Staff accounts, sessions with idle expiry, the audit log, the feedback store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.console.errors import StaffError
from bot.console.store import (
    DEMO_PASSWORD,
    DEMO_STAFF,
    SESSION_IDLE,
    ConsoleStore,
    hash_password,
    verify_password,
)
from bot.feedback import FeedbackError, FeedbackStore, Verdict


def test_scrypt_hashes_are_salted_and_verify():
    first, second = hash_password("Long-enough-1"), hash_password("Long-enough-1")
    assert first != second and first.startswith("scrypt$")
    assert verify_password("Long-enough-1", first) and not verify_password("long-enough-1", first)
    assert not verify_password("x", "not-a-hash")


def test_staff_passwords_sessions_and_idle_expiry(database_url):
    clock = [datetime(2026, 1, 1, tzinfo=timezone.utc)]
    store = ConsoleStore(database_url, clock=lambda: clock[0])
    with pytest.raises(StaffError):
        store.add_staff("alice", "short")
    store.add_staff("alice", "Correct-horse-7")
    assert store.check_password("alice", "Correct-horse-7")
    assert not store.check_password("alice", "wrong-password")
    assert not store.check_password("nobody", "Correct-horse-7")
    token, session = store.open_session("alice")
    assert store.session(token) == session
    clock[0] += SESSION_IDLE - timedelta(seconds=1)
    assert store.session(token) is not None  # and its idle clock starts again
    clock[0] += SESSION_IDLE + timedelta(seconds=1)
    assert store.session(token) is None
    token, _ = store.open_session("alice")
    store.add_staff("alice", "Another-horse-8")  # a new password ends old sessions
    assert store.session(token) is None


def test_demo_account_and_audit(database_url):
    store = ConsoleStore(database_url)
    store.ensure_demo_staff()
    assert store.check_password(DEMO_STAFF, DEMO_PASSWORD) and store.demo_staff_usable()
    store.audit(DEMO_STAFF, "transcript", "web:x")
    [entry] = store.audit_log()
    assert (entry.staff, entry.action, entry.conversation_id) == (DEMO_STAFF, "transcript", "web:x")


async def test_feedback_store_records_replaces_erases_and_purges(database_url):
    feedback = FeedbackStore(database_url)
    verdict = Verdict("web:a", "web", "helpful", False, "utter_faq/website", "faq", answer_at=5.0)
    await feedback.record(verdict)
    await feedback.record(Verdict("web:a", "web", "helpful", True, "utter_faq/website", "faq", 5.0))
    await feedback.record(Verdict("web:b", "web", "saved_call", True))
    rows = await feedback.rows()
    assert [(r.conversation_id, r.positive) for r in rows] == [("web:a", True), ("web:b", True)]
    with pytest.raises(FeedbackError):
        await feedback.record(Verdict("web:a", "web", "bogus", True))  # type: ignore[arg-type]
    assert await feedback.erase("web:a") == 1
    assert await feedback.purge(datetime.now(timezone.utc) + timedelta(seconds=1)) == 1
    assert await feedback.rows() == []
