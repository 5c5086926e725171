"""Wiring: the database, the service and the web application, for the CLI and tests."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from portal_sandbox.db import create_schema, make_engine, make_session_factory
from portal_sandbox.seed import seed_demo_data
from portal_sandbox.service import Clock, PortalService, utc_now


def open_service(
    database_url: str,
    *,
    session_idle_seconds: int,
    clock: Clock = utc_now,
    seed: bool = True,
) -> tuple[PortalService, Engine]:
    """Create the schema, load the demo data if asked, and return the service.

    The caller disposes of the engine when done.
    """
    engine = make_engine(database_url)
    create_schema(engine)
    factory = make_session_factory(engine)
    if seed:
        seed_demo_data(factory, now=clock())
    return PortalService(factory, session_idle_seconds=session_idle_seconds, clock=clock), engine
