"""Fixtures for tests that need a real portal sandbox; import them into a conftest.

    from tests.portal_fixtures import portal_db_url, portal_clock, sandbox, portal_url  # noqa: F401

Each test gets its own copy of a database seeded once per session, a sandbox on a free
port, and a :class:`FakeClock` to move time. Set ``PORTAL_TEST_DATABASE_URL`` to run
the same tests on PostgreSQL (the tables are dropped and seeded again for each test).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal_client import PortalClient
from portal_sandbox.db import create_schema, make_engine, make_session_factory
from portal_sandbox.models import Base
from portal_sandbox.seed import DEMO_PASSWORD, seed_demo_data
from portal_sandbox.service import PortalService
from portal_sandbox.testing import FakeClock, running_service

#: A short idle timeout would make no test faster: time is moved with the FakeClock.
TEST_SESSION_IDLE_SECONDS = 1800
#: Retries in tests wait only a moment.
TEST_RETRY_BACKOFF = 0.01

__all__ = [
    "DEMO_PASSWORD",
    "SandboxHandle",
    "portal",
    "portal_clock",
    "portal_db_url",
    "portal_template_db",
    "portal_url",
    "sandbox",
]


@dataclass(frozen=True)
class SandboxHandle:
    """A running sandbox: its URL, its service (for staff actions) and its clock."""

    url: str
    service: PortalService
    clock: FakeClock
    database_url: str


@pytest.fixture(scope="session")
def portal_template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite database, made once; tests get copies (hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("portal-template") / "portal.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    seed_demo_data(make_session_factory(engine))
    engine.dispose()
    return path


@pytest.fixture
def portal_db_url(portal_template_db: Path, tmp_path: Path) -> Iterator[str]:
    """A fresh seeded database for this test."""
    external = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if external:
        engine = make_engine(external)
        Base.metadata.drop_all(engine)
        create_schema(engine)
        seed_demo_data(make_session_factory(engine))
        engine.dispose()
        yield external
        return
    target = tmp_path / "portal.db"
    with sqlite3.connect(portal_template_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    yield f"sqlite:///{target}"


@pytest.fixture
def portal_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def sandbox(portal_db_url: str, portal_clock: FakeClock) -> AsyncIterator[SandboxHandle]:
    """A sandbox on a free port over this test's database, with a fake clock."""
    async with running_service(
        portal_db_url, session_idle_seconds=TEST_SESSION_IDLE_SECONDS, clock=portal_clock
    ) as (url, service):
        yield SandboxHandle(url, service, portal_clock, portal_db_url)


@pytest.fixture
def portal_url(sandbox: SandboxHandle) -> str:
    return sandbox.url


@pytest.fixture
async def portal(portal_url: str) -> AsyncIterator[PortalClient]:
    """A client of this test's sandbox."""
    async with PortalClient(portal_url, retry_backoff=TEST_RETRY_BACKOFF) as client:
        yield client
