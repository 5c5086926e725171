"""The storage layer every store of the bot shares: engines, time, tables, erasure.

- :func:`engine_for` gives the one engine of a database per process (SQLite with
  WAL and a busy timeout, PostgreSQL pooled), whoever asks: the login store, the
  outbox, the hand-off quota ledger, the SMS state and the readiness probe.
- :func:`utc_now` is the one clock: aware UTC. :class:`UtcDateTime` stores it as
  naive UTC, which is what the existing ``DateTime`` columns hold on SQLite and
  PostgreSQL (``timestamp without time zone``), so no database needs a migration.
- :class:`ErasableStore` and :class:`PurgeableStore` are what the retention job
  (:mod:`bot.retention`) calls: each store deletes its own rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

#: How long a SQLite statement waits for another writer (Rasa's tracker store, a
#: worker, another server process) before it fails with "database is locked".
SQLITE_BUSY_TIMEOUT = 15.0
#: Connections a process keeps open to a SQLite file: the tracker store on the event
#: loop and the stores in asyncio's worker threads (min(32, cores + 4) of them).
SQLITE_POOL_SIZE = 5
SQLITE_MAX_OVERFLOW = 10
#: Connections a process keeps open to PostgreSQL, and how many more it may open
#: under load. asyncio's default executor runs at most min(32, cores + 4) threads,
#: and each store call holds one connection in one of them.
POSTGRES_POOL_SIZE = 5
POSTGRES_MAX_OVERFLOW = 15
#: How long a call waits for a free pooled connection before it fails.
POOL_TIMEOUT = 30.0
#: libpq's connect timeout (whole seconds): a database that is down fails a call
#: quickly instead of holding a worker thread.
POSTGRES_CONNECT_TIMEOUT = 5

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, as an aware UTC datetime: the default clock of every store."""
    return datetime.now(timezone.utc)


class UtcDateTime(sa.TypeDecorator):  # type: ignore[type-arg]
    """Aware UTC datetimes in Python, naive UTC in the column.

    SQLite keeps datetimes as text and compares them as text, and the existing
    columns are ``DateTime`` without a zone on both SQLite and PostgreSQL, so every
    value is stored in UTC without an offset. A naive value is refused rather than
    guessed at: it is a bug in the caller's clock.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"the bot's tables store aware datetimes only, not {value!r}")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# -- one engine per database per process ----------------------------------------------

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers (status look-ups, the tracker store) go on while one writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit no longer
        # waits for the disk (FULL cost the Rasa loop ~25 ms a turn, issue 15); a power cut
        # may lose the last commits, never the database. Production runs PostgreSQL.
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _build_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        connect_args: dict[str, Any] = {}
        if url.get_backend_name() == "postgresql":
            connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT
        return sa.create_engine(
            url,
            future=True,
            pool_size=POSTGRES_POOL_SIZE,
            max_overflow=POSTGRES_MAX_OVERFLOW,
            pool_timeout=POOL_TIMEOUT,
            pool_pre_ping=True,
            connect_args=connect_args,
        )
    # Threads from asyncio.to_thread use the connections, hence check_same_thread.
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}
    if not url.database or url.database == ":memory:":
        # One in-memory database only exists on one connection: every thread shares it.
        engine = sa.create_engine(url, future=True, poolclass=StaticPool, connect_args=connect_args)
    else:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # Pooled: with NullPool every checkout opened the file, set the pragmas, and its
        # close checkpointed the WAL, about 10 % of the Rasa loop under load (issue 15).
        engine = sa.create_engine(
            url,
            future=True,
            poolclass=QueuePool,
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_MAX_OVERFLOW,
            pool_timeout=POOL_TIMEOUT,
            connect_args=connect_args,
        )
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def engine_for(database_url: str) -> Engine:
    """The process's engine for ``database_url``, made on first use; thread-safe."""
    with _engines_lock:
        engine = _engines.get(database_url)
        if engine is None:
            engine = _engines[database_url] = _build_engine(database_url)
        return engine


def dispose_engines() -> None:
    """Close every pooled connection of this process (at shutdown, or a test's end).

    The engines stay usable: a later call opens new connections.
    """
    with _engines_lock:
        engines = list(_engines.values())
    for engine in engines:
        engine.dispose()


# -- what the retention job calls -------------------------------------------------------


@runtime_checkable
class ErasableStore(Protocol):
    """A store that holds rows of a conversation, which its user may have erased."""

    async def erase(self, conversation_id: str) -> int:
        """Delete what the store holds of ``conversation_id``; returns the rows deleted."""
        ...


@runtime_checkable
class PurgeableStore(Protocol):
    """A store whose old rows the retention job deletes."""

    #: What the retention report calls this store's rows.
    retention_name: str

    async def purge(self, before: datetime) -> int:
        """Delete rows older than ``before`` (aware), and any already expired; returns how many."""
        ...


# -- tables -----------------------------------------------------------------------------


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


def claim_due_statement(
    table: sa.Table,
    dialect_name: str,
    *,
    worker_id: str,
    token: str,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> sa.sql.Update:
    """The one UPDATE that claims up to ``limit`` due rows of an outbox ``table``.

    The outboxes (hand-off mails, notifications) share the columns ``status``,
    ``next_attempt_at``, ``claimed_by``, ``claim_token``, ``claim_expires_at`` and
    ``attempts``; a row is due when queued and its time has come, or when its lease ran out.
    """
    c = table.c
    due = sa.or_(
        sa.and_(c.status == "queued", c.next_attempt_at <= now),
        sa.and_(c.status == "sending", c.claim_expires_at < now),
    )
    candidates = sa.select(c.id).where(due).order_by(c.next_attempt_at, c.id).limit(limit)
    values = dict(
        status="sending",
        claimed_by=worker_id,
        claim_token=token,
        claim_expires_at=now + lease,
        attempts=c.attempts + 1,
    )
    if dialect_name == "sqlite":
        # SQLite runs one writer at a time, so the statement as a whole is the claim.
        return (
            sa.update(table)
            .where(c.id.in_(candidates.scalar_subquery()))
            .where(due)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    # Concurrent claimers pass over each other's rows instead of queueing on them. The
    # candidates are a CTE, which PostgreSQL runs once: as an ``IN (subquery)`` the
    # locking subquery may be run again for each row, and the claim then took every
    # due row whatever the limit. The outer WHERE repeats ``due`` so that a row must
    # still be claimable when the UPDATE reaches it, whatever the isolation level.
    picked = candidates.with_for_update(skip_locked=True).cte("picked")
    return (
        sa.update(table)
        .where(c.id == picked.c.id)
        .where(due)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
