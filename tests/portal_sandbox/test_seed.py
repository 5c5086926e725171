"""The demo data: what CONVENTIONS.md promises, loaded idempotently."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import func, select

from portal_sandbox.db import create_schema, make_engine, make_session_factory
from portal_sandbox.models import Account, Submission
from portal_sandbox.security import verify_password
from portal_sandbox.seed import (
    BUSINESS_UNITS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_SUBMISSIONS,
    seed_demo_data,
)
from portal_sandbox.service import PortalService

STATUSES = {"pending", "approved", "rejected", "cancelled"}


def test_the_demo_data_keeps_its_promises() -> None:
    kinds = {a.username: a.kind for a in DEMO_ACCOUNTS}
    assert kinds["demo-person"] == "individual"
    assert kinds["demo-company"] == "enterprise"
    assert kinds["demo-institution"] == "institution"
    assert "private_non_enterprise" in kinds.values()
    assert any(a.citizen_mailbox for a in DEMO_ACCOUNTS)

    by_user = defaultdict(list)
    for submission in DEMO_SUBMISSIONS:
        by_user[submission.username].append(submission)
        assert submission.unit in BUSINESS_UNITS
        assert submission.acceptance_no[2:10] == submission.submitted[:10].replace("-", "")
        if submission.status == "rejected":
            assert submission.reviewer_note
        if submission.category == "query":
            assert submission.status == "approved"
    for username in ("demo-person", "demo-company", "demo-institution"):
        assert len(by_user[username]) >= 6
        assert {s.status for s in by_user[username]} == STATUSES
        assert any(s.category == "query" for s in by_user[username])
    assert any(s.record_count for s in by_user["demo-company"])
    numbers = Counter(s.acceptance_no for s in DEMO_SUBMISSIONS)
    assert max(numbers.values()) == 1


def test_seeding_is_idempotent_and_keeps_a_changed_password(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    create_schema(engine)
    factory = make_session_factory(engine)
    assert seed_demo_data(factory) == len(DEMO_ACCOUNTS) + len(DEMO_SUBMISSIONS)
    service = PortalService(factory, session_idle_seconds=60)
    service.reset_password("demo-person", "Changed-At-Counter-1")
    assert seed_demo_data(factory) == 0
    with factory() as db:
        assert db.execute(select(func.count()).select_from(Submission)).scalar_one() == len(
            DEMO_SUBMISSIONS
        )
        stored = db.execute(
            select(Account.password_hash).where(Account.username == "demo-person")
        ).scalar_one()
    assert verify_password("Changed-At-Counter-1", stored)
    assert not verify_password(DEMO_PASSWORD, stored)
    engine.dispose()
