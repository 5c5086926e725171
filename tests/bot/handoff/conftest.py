"""Fixtures of the hand-off tests: a movable clock, outboxes on SQLite and PostgreSQL, a real capture."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.handoff import HandoffCase, Outbox
from bot.handoff.capture import CaptureServer, running_capture
from bot.settings import SmtpSettings
from tests.bot.handoff.handoff_helpers import (
    HANDOFF_FROM,
    HANDOFF_TO,
    REPLY_DOMAIN,
    REPLY_SECRET,
    FakeClock,
    make_case,
)
from tests.infra import fresh_postgres_url, postgres_url  # noqa: F401 (fixtures)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc))


@pytest.fixture
def case_factory() -> Callable[..., HandoffCase]:
    return make_case


def _outbox_for(url: str, clock: FakeClock) -> Outbox:
    return Outbox(
        url,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        clock=clock,
        reply_secret=REPLY_SECRET,
        reply_domain=REPLY_DOMAIN,
    )


@pytest.fixture
def outbox_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
async def outbox(outbox_url: str, clock: FakeClock) -> AsyncIterator[Outbox]:
    box = _outbox_for(outbox_url, clock)
    await box.create_schema()
    yield box
    await box.close()


@pytest.fixture
def outbox_factory(outbox_url: str, clock: FakeClock) -> Callable[[], Outbox]:
    """More outboxes on the same database: each is what another worker process has."""
    return lambda: _outbox_for(outbox_url, clock)


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_outbox_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh outbox database on SQLite and on PostgreSQL (the session's server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    yield request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
async def capture(tmp_path: Path) -> AsyncIterator[CaptureServer]:
    async with running_capture(tmp_path / "mail") as server:
        yield server


@pytest.fixture
def capture_smtp(capture: CaptureServer) -> SmtpSettings:
    return SmtpSettings(host=capture.host, port=capture.port)


@pytest.fixture
async def any_outbox(any_outbox_url: str, clock: FakeClock) -> AsyncIterator[Outbox]:
    """An outbox on each configured backend (see ``any_outbox_url``)."""
    box = _outbox_for(any_outbox_url, clock)
    await box.create_schema()
    yield box
    await box.close()


@pytest.fixture
def any_outbox_factory(any_outbox_url: str, clock: FakeClock) -> Callable[[], Outbox]:
    return lambda: _outbox_for(any_outbox_url, clock)
