"""Helpers for tests that need a real portal: a running sandbox and a clock to move.

async with running_sandbox("sqlite:///" + str(tmp_path / "portal.db")) as base_url:
    async with PortalClient(base_url) as client:
        ...
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

from aiohttp import web

from portal_sandbox.app import create_app
from portal_sandbox.events import EventSettings
from portal_sandbox.server import open_service
from portal_sandbox.service import Clock, PortalService, utc_now
from portal_sandbox.settings import DEFAULT_SESSION_IDLE_SECONDS

#: How long stopping the test server waits for requests still running.
SHUTDOWN_TIMEOUT_SECONDS = 1.0


class FakeClock:
    """A clock that stands still until a test moves it (aware UTC)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 26, 2, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


@asynccontextmanager
async def running_service(
    database_url: str,
    *,
    session_idle_seconds: int = DEFAULT_SESSION_IDLE_SECONDS,
    clock: Clock | None = None,
    seed: bool = True,
    host: str = "127.0.0.1",
    events: EventSettings | None = None,
) -> AsyncIterator[tuple[str, PortalService]]:
    """Like :func:`running_sandbox`, also yielding the service for staff actions.

    With ``events``, the sandbox sends status-change events there as it runs.
    """
    service, engine = await asyncio.to_thread(
        open_service,
        database_url,
        session_idle_seconds=session_idle_seconds,
        clock=clock or utc_now,
        seed=seed,
    )
    runner = web.AppRunner(
        create_app(service, events=events),
        shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS,
        access_log=None,
    )
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, 0)
        await site.start()
        port = runner.addresses[0][1]
        yield f"http://{host}:{port}", service
    finally:
        await runner.cleanup()
        engine.dispose()


@asynccontextmanager
async def running_sandbox(
    database_url: str,
    *,
    session_idle_seconds: int = DEFAULT_SESSION_IDLE_SECONDS,
    clock: Clock | None = None,
    seed: bool = True,
    host: str = "127.0.0.1",
) -> AsyncIterator[str]:
    """Serve the sandbox on ``host``, a free port, over ``database_url``; yield its base URL.

    The schema is created and the demo data loaded (unless ``seed=False``). Pass a
    :class:`FakeClock` to move time (session expiry, login backoff) without waiting.
    """
    async with running_service(
        database_url,
        session_idle_seconds=session_idle_seconds,
        clock=clock,
        seed=seed,
        host=host,
    ) as (base_url, _service):
        yield base_url
