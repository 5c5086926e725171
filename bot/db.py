"""Database helpers shared by the bot's own tables (login state, outbox, SMS state)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError


def create_tables(metadata: sa.MetaData, engine: sa.engine.Engine) -> None:
    """Create the missing tables, tolerating another server doing the same at once.

    On PostgreSQL two processes that both find a table missing both CREATE it, and
    the loser fails on pg_type's unique index; by then the table exists, so a second
    pass finds everything there.
    """
    try:
        metadata.create_all(engine)
    except SQLAlchemyError:
        metadata.create_all(engine)
