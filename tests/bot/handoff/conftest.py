"""Fixtures of the hand-off tests: a movable clock, a SQLite outbox and a real capture."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from bot.handoff import HandoffCase, Outbox
from bot.handoff.capture import CaptureServer, running_capture
from bot.settings import SmtpSettings
from tests.bot.handoff.handoff_helpers import (
    HANDOFF_FROM,
    HANDOFF_TO,
    POSTGRES_ENV,
    FakeClock,
    make_case,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc))


@pytest.fixture
def case_factory() -> Callable[..., HandoffCase]:
    return make_case


def _outbox_for(url: str, clock: FakeClock) -> Outbox:
    return Outbox(url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO, clock=clock)


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


def _backends() -> list[Any]:
    params: list[Any] = ["sqlite"]
    params.append(
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"
            ),
        )
    )
    return params


@pytest.fixture(params=_backends())
async def any_outbox_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh outbox database on SQLite and, when configured, on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    from sqlalchemy import create_engine

    from bot.handoff.models import metadata

    url = os.environ[POSTGRES_ENV]
    engine = create_engine(url, future=True)
    metadata.drop_all(engine)
    yield url
    metadata.drop_all(engine)
    engine.dispose()


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
