"""Keeping citizens' data no longer than needed (PIPL): erasure on request, and retention.

- A user who says 删除我的对话记录 and confirms has the conversation erased from the
  tracker store, and each of the bot's stores erases what it holds of it
  (:func:`erase_conversation`, called by the tracker store at the end of that turn).
- ``python -m bot.retention run`` deletes, once a day, conversations whose last event
  is older than ``RETENTION_DAYS`` (default 180), and each store purges its rows as
  old (:func:`purge`); ``python -m bot.retention purge`` does it once.

This module names no store's tables: the stores (:func:`stores_for`) own their rows
and say what an erasure or a purge takes (``erase`` and ``purge`` on each).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot import contract
from bot.alerts import AlertStore
from bot.db import ErasableStore, PurgeableStore, dispose_engines, engine_for, utc_now
from bot.feedback import FeedbackStore
from bot.handoff.outbox import Outbox
from bot.handoff.quota import QuotaLedger
from bot.handoff.replies import ReplyStore
from bot.login.store import LoginStore
from bot.logs import configure_logging
from bot.notify.outbox import NotifyOutbox
from bot.settings import Settings
from bot.sms_store import SmsStore

logger = logging.getLogger(__name__)

#: The retention job runs this often.
PURGE_INTERVAL = timedelta(hours=24)
#: The action that asks the tracker store to erase its conversation at save time.
ERASE_ACTION = contract.ERASE_ACTION
#: Stale conversations deleted per statement, to keep each ``IN (...)`` list short.
PURGE_BATCH = 500

_meta = sa.MetaData()
# Rasa's own table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), reflected here
# by the columns we use so that no Rasa import is needed.
_events = sa.Table(
    "events",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("timestamp", sa.Float),
)


@dataclass(frozen=True)
class PurgeReport:
    """What one retention run deleted: conversations, their events, each store's rows."""

    conversations: int
    events: int
    #: Rows each store purged, by its ``retention_name``.
    rows: Mapping[str, int] = field(default_factory=dict)

    @property
    def handoffs(self) -> int:
        """Sent hand-offs the outbox purged."""
        return self.rows.get(Outbox.retention_name, 0)


def stores_for(settings: Settings, database_url: str | None = None) -> tuple[object, ...]:
    """The bot's stores on ``database_url`` (default: ``DATABASE_URL``), which erase and purge.

    They share the process's engine for that database (:func:`bot.db.engine_for`).
    """
    url = database_url or settings.database_url
    return (
        LoginStore(url, settings.secret_key),
        Outbox(url, handoff_from=settings.handoff_from, handoff_to=settings.handoff_to),
        QuotaLedger(url),
        SmsStore(url, secret_key=settings.secret_key),
        AlertStore(url),
        ReplyStore(
            url,
            secret_key=settings.secret_key,
            reply_domain=settings.reply_domain,
            handoff_from=settings.handoff_from,
            handoff_to=settings.handoff_to,
        ),
        NotifyOutbox(url),
        FeedbackStore(url),
    )


def _has_events(conn: sa.engine.Connection) -> bool:
    return "events" in sa.inspect(conn).get_table_names()


def _delete_events(engine: sa.engine.Engine, conversation_id: str) -> int:
    with engine.begin() as conn:
        if not _has_events(conn):
            return 0
        return int(
            conn.execute(_events.delete().where(_events.c.sender_id == conversation_id)).rowcount
        )


async def erase_conversation(
    engine: sa.engine.Engine, conversation_id: str, stores: Sequence[object]
) -> int:
    """Delete a conversation's tracker events, and have each store erase its rows of it.

    The stores go first: if one fails, the events and the user's erase request are
    still there, and the error reaches the turn, so that nothing is half forgotten
    while the user is told it is gone. Returns the number of events deleted.
    """
    for store in stores:
        if isinstance(store, ErasableStore):
            await store.erase(conversation_id)
    deleted = await asyncio.to_thread(_delete_events, engine, conversation_id)
    logger.info("erased a conversation on request (%d events)", deleted)
    return deleted


def purge_conversations(
    engine: sa.engine.Engine, *, older_than: timedelta, now: datetime | None = None
) -> tuple[int, int]:
    """Delete conversations idle for ``older_than``; returns (conversations, events)."""
    cutoff = (now or utc_now()) - older_than
    conversations = events = 0
    with engine.begin() as conn:
        if not _has_events(conn):
            return 0, 0
        stale = (
            sa.select(_events.c.sender_id)
            .group_by(_events.c.sender_id)
            .having(sa.func.max(_events.c.timestamp) < cutoff.timestamp())
        )
        senders = [row[0] for row in conn.execute(stale)]
        conversations = len(senders)
        for chunk in range(0, len(senders), PURGE_BATCH):
            batch = senders[chunk : chunk + PURGE_BATCH]
            events += conn.execute(_events.delete().where(_events.c.sender_id.in_(batch))).rowcount
    return conversations, events


async def purge(
    engine: sa.engine.Engine,
    stores: Sequence[object],
    *,
    older_than: timedelta,
    now: datetime | None = None,
) -> PurgeReport:
    """Delete conversations idle for ``older_than``, and have each store purge rows as old."""
    now = now or utc_now()
    cutoff = now - older_than
    conversations, events = await asyncio.to_thread(
        purge_conversations, engine, older_than=older_than, now=now
    )
    rows: dict[str, int] = {}
    for store in stores:
        if isinstance(store, PurgeableStore):
            rows[store.retention_name] = await store.purge(cutoff)
    report = PurgeReport(conversations, events, rows)
    logger.info(
        "retention: deleted %d conversations (%d events) and %s older than %s",
        report.conversations,
        report.events,
        ", ".join(f"{count} {name}" for name, count in rows.items()) or "no other rows",
        cutoff.date(),
    )
    return report


async def run_forever(settings: Settings, stop: asyncio.Event) -> None:
    """Purge now, then every :data:`PURGE_INTERVAL`, until ``stop`` is set."""
    engine = engine_for(settings.database_url)
    stores = stores_for(settings)
    try:
        while not stop.is_set():
            try:
                await purge(engine, stores, older_than=timedelta(days=settings.retention_days))
            except sa.exc.SQLAlchemyError:
                logger.exception("retention: the purge failed; it runs again next time")
            try:
                await asyncio.wait_for(stop.wait(), PURGE_INTERVAL.total_seconds())
            except asyncio.TimeoutError:
                pass
    finally:
        dispose_engines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__)
    parser.add_argument("command", choices=["run", "purge"])
    parser.add_argument("--days", type=int, help="override RETENTION_DAYS")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_format)
    days = args.days if args.days is not None else settings.retention_days
    if args.command == "purge":
        started = time.monotonic()
        report = asyncio.run(
            purge(
                engine_for(settings.database_url),
                stores_for(settings),
                older_than=timedelta(days=days),
            )
        )
        print(f"{report} in {time.monotonic() - started:.2f}s")
        return 0

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_forever(settings, stop)

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
