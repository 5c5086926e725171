"""What the service keeps in the database, and the idle-timeout boundary."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from portal_sandbox.db import make_engine, make_session_factory
from portal_sandbox.errors import ApiError, ErrorCode
from portal_sandbox.models import Account, SessionToken
from portal_sandbox.service import PortalService
from portal_sandbox.testing import FakeClock
from tests.portal_fixtures import DEMO_PASSWORD

IDLE = 600


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def service(portal_db_url: str, clock: FakeClock) -> PortalService:
    engine = make_engine(portal_db_url)
    return PortalService(make_session_factory(engine), session_idle_seconds=IDLE, clock=clock)


def test_the_database_holds_no_password_and_no_live_token(service: PortalService) -> None:
    token = service.login("demo-person", DEMO_PASSWORD)["token"]
    with service._sessions() as db:
        stored_tokens = db.execute(select(SessionToken.token_hash)).scalars().all()
        hashes = db.execute(select(Account.password_hash)).scalars().all()
    assert token not in stored_tokens
    assert hashlib.sha256(token.encode()).hexdigest() in stored_tokens
    assert all(h.startswith("scrypt$") and DEMO_PASSWORD not in h for h in hashes)


def test_the_idle_timeout_boundary(service: PortalService, clock: FakeClock) -> None:
    token = service.login("demo-person", DEMO_PASSWORD)["token"]
    clock.advance(IDLE)
    service.account(token)
    clock.advance(IDLE + 0.001)
    with pytest.raises(ApiError) as caught:
        service.account(token)
    assert caught.value.code is ErrorCode.SESSION_EXPIRED


def test_expired_sessions_are_swept_at_the_next_login(
    service: PortalService, clock: FakeClock
) -> None:
    for _ in range(3):
        service.login("demo-person", DEMO_PASSWORD)
    clock.advance(IDLE + 1)
    service.login("demo-company", DEMO_PASSWORD)
    with service._sessions() as db:
        assert len(db.execute(select(SessionToken)).scalars().all()) == 1
