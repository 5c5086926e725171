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


def add_missing_columns(table: sa.Table, engine: sa.engine.Engine) -> None:
    """Add the nullable or defaulted columns that a table made by an older release lacks.

    ``create_all`` never alters an existing table, and a database under ``var/``
    outlives an upgrade; this keeps such a database usable without a migration tool.
    """
    have = {column["name"] for column in sa.inspect(engine).get_columns(table.name)}
    missing = [column for column in table.columns if column.name not in have]
    if not missing:
        return
    preparer = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for column in missing:
            kind = column.type.compile(dialect=engine.dialect)
            default = ""
            if column.server_default is not None:
                default = f" DEFAULT {column.server_default.arg}"  # type: ignore[attr-defined]
            try:
                conn.execute(
                    sa.text(
                        f"ALTER TABLE {preparer.quote(table.name)} "
                        f"ADD COLUMN {preparer.quote(column.name)} {kind}{default}"
                    )
                )
            except SQLAlchemyError:
                # Another server added it a moment ago.
                pass
