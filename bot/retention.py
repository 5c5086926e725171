"""Keeping citizens' data no longer than needed (PIPL): erasure on request, and retention.

- A user who says 删除我的对话记录 and confirms has the conversation erased from the
  tracker store, together with its login state and sent hand-off copies
  (:func:`erase_conversation`, called by the tracker store at the end of that turn).
- ``python -m bot.retention run`` deletes, once a day, conversations whose last event
  is older than ``RETENTION_DAYS`` (default 180) and sent hand-offs as old;
  ``python -m bot.retention purge`` does it once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from bot import contract
from bot.handoff.outbox import Outbox
from bot.logs import configure_logging
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: The retention job runs this often.
PURGE_INTERVAL = timedelta(hours=24)
#: The action that asks the tracker store to erase its conversation at save time.
ERASE_ACTION = contract.ERASE_ACTION

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
# Tables of ours keyed by conversation id: what else an erasure removes.
_BY_CONVERSATION = {
    "portal_links": "conversation_id",
    "login_tickets": "conversation_id",
    "login_failures": "conversation_id",
    "deferred_replies": "conversation_id",
    # The SMS channel's full-answer pages (bot/channels/twilio_common.py).
    "sms_long_answers": "conversation_id",
}


@dataclass(frozen=True)
class PurgeReport:
    """What one retention run deleted."""

    conversations: int
    events: int
    handoffs: int


def _existing(conn: sa.engine.Connection) -> set[str]:
    return set(sa.inspect(conn).get_table_names())


def erase_conversation(engine: sa.engine.Engine, conversation_id: str) -> int:
    """Delete a conversation's tracker events and everything of ours bound to it."""
    with engine.begin() as conn:
        tables = _existing(conn)
        deleted = 0
        if "events" in tables:
            deleted = conn.execute(
                _events.delete().where(_events.c.sender_id == conversation_id)
            ).rowcount
        for name, column in _BY_CONVERSATION.items():
            if name in tables:
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
                if column in table.c:  # a table from before the column was added
                    conn.execute(table.delete().where(table.c[column] == conversation_id))
        if "handoff_outbox" in tables:
            # A queued hand-off is still owed to the user; a sent one is the agents' copy.
            outbox = sa.Table("handoff_outbox", sa.MetaData(), autoload_with=conn)
            conn.execute(
                outbox.delete()
                .where(outbox.c.conversation_id == conversation_id)
                .where(outbox.c.status == "sent")
            )
    logger.info("erased a conversation on request (%d events)", deleted)
    return deleted


def purge_conversations(
    engine: sa.engine.Engine, *, older_than: timedelta, now: datetime | None = None
) -> tuple[int, int]:
    """Delete conversations idle for ``older_than``; returns (conversations, events)."""
    cutoff = (now or datetime.now(timezone.utc)) - older_than
    conversations = events = 0
    with engine.begin() as conn:
        tables = _existing(conn)
        if "events" not in tables:
            return 0, 0
        stale = (
            sa.select(_events.c.sender_id)
            .group_by(_events.c.sender_id)
            .having(sa.func.max(_events.c.timestamp) < cutoff.timestamp())
        )
        senders = [row[0] for row in conn.execute(stale)]
        conversations = len(senders)
        for chunk in range(0, len(senders), 500):
            batch = senders[chunk : chunk + 500]
            events += conn.execute(_events.delete().where(_events.c.sender_id.in_(batch))).rowcount
            for name, column in _BY_CONVERSATION.items():
                if name in tables:
                    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
                    conn.execute(table.delete().where(table.c[column].in_(batch)))
    return conversations, events


async def purge(
    engine: sa.engine.Engine,
    outbox: Outbox,
    *,
    older_than: timedelta,
    now: datetime | None = None,
) -> PurgeReport:
    """Delete conversations idle for ``older_than`` and, through the outbox, sent hand-offs as old."""
    now = now or datetime.now(timezone.utc)
    conversations, events = await asyncio.to_thread(
        purge_conversations, engine, older_than=older_than, now=now
    )
    await outbox.create_schema()
    handoffs = await outbox.purge_sent_before(now - older_than)
    report = PurgeReport(conversations, events, handoffs)
    logger.info(
        "retention: deleted %d conversations (%d events) and %d sent hand-offs older than %s",
        report.conversations,
        report.events,
        report.handoffs,
        (now - older_than).date(),
    )
    return report


async def run_forever(settings: Settings, stop: asyncio.Event) -> None:
    """Purge now, then every :data:`PURGE_INTERVAL`, until ``stop`` is set."""
    engine = sa.create_engine(settings.database_url)
    outbox = Outbox.from_settings(settings)
    try:
        while not stop.is_set():
            try:
                await purge(engine, outbox, older_than=timedelta(days=settings.retention_days))
            except sa.exc.SQLAlchemyError:
                logger.exception("retention: the purge failed; it runs again next time")
            try:
                await asyncio.wait_for(stop.wait(), PURGE_INTERVAL.total_seconds())
            except asyncio.TimeoutError:
                pass
    finally:
        engine.dispose()
        await outbox.close()


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
                sa.create_engine(settings.database_url),
                Outbox.from_settings(settings),
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
