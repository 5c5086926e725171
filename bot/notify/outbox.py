"""The notification outbox: mails and SMS the bot owes someone, delivered by workers.

The same pattern as the hand-off outbox (:mod:`bot.handoff.outbox`), for every
message the bot starts itself: an agent's reply on its way to a citizen (issue
13), a citizen's answer on its way to the agents, the SLA reminder, and later the
status alerts (issue 16).

- **Durable:** a notification is written in the same transaction as what caused
  it (the agent's reply that was accepted), before anyone is told it exists.
- **Exactly once at enqueue:** each row has a unique ``dedupe_key`` (the reply's
  Message-ID and the channel, ``sla:<ticket>``), so an inbound mail read twice, or
  a reminder scan run by two workers, adds no second row.
- **Retried:** workers claim due rows with a lease (``claim_token``,
  ``claim_expires_at``) and back off like the hand-off worker; a worker that dies
  keeps its rows only until the lease runs out. Delivery is at least once: the
  only window for a second copy is a worker dying between the provider's
  acceptance and the row's update.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.db import Clock, UtcDateTime, claim_due_statement, create_tables, engine_for, utc_now

NotificationKind = Literal["mail", "sms"]
NotificationState = Literal["queued", "sending", "sent", "failed"]

metadata = MetaData()

notify_table = Table(
    "notify_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(255), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    # The conversation it concerns, for erasure; none for a mail to the agents alone.
    Column("conversation_id", String(255), index=True),
    Column("ticket_no", String(32), index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", String(16), nullable=False, default="queued"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("claimed_by", String(128)),
    Column("claim_token", String(64)),
    Column("claim_expires_at", UtcDateTime()),
    Column("last_error", Text),
    Column("sent_at", UtcDateTime()),
    # mail: {"mail_from", "rcpt_to"}; sms: {"to", "body"}.
    Column("payload", Text, nullable=False),
    # The whole RFC 5322 message of a mail.
    Column("body", LargeBinary),
    # The provider's id of what it accepted (Twilio's MessageSid) and its last status.
    Column("provider_id", String(64), index=True),
    Column("provider_status", String(32)),
    Index("ix_notify_outbox_due", "status", "next_attempt_at"),
)
_n = notify_table


@dataclass(frozen=True)
class Notification:
    """What to enqueue: one mail or one SMS."""

    dedupe_key: str
    kind: NotificationKind
    payload: dict[str, Any]
    conversation_id: str | None = None
    ticket_no: str | None = None
    body: bytes | None = None


@dataclass(frozen=True)
class ClaimedNotification:
    """A notification a worker has claimed; the claim token guards every later update."""

    id: int
    dedupe_key: str
    kind: NotificationKind
    claim_token: str
    attempts: int
    created_at: datetime
    payload: dict[str, Any]
    body: bytes | None
    ticket_no: str | None


def enqueue_in(conn: Connection, notification: Notification, *, now: datetime) -> bool:
    """Add ``notification`` inside the caller's transaction; false if its key is known.

    A savepoint keeps a duplicate key from spoiling the caller's transaction.
    """
    try:
        with conn.begin_nested():
            conn.execute(
                insert(_n).values(
                    dedupe_key=notification.dedupe_key[:255],
                    kind=notification.kind,
                    conversation_id=notification.conversation_id,
                    ticket_no=notification.ticket_no,
                    created_at=now,
                    status="queued",
                    attempts=0,
                    next_attempt_at=now,
                    payload=json.dumps(notification.payload, ensure_ascii=False),
                    body=notification.body,
                )
            )
    except IntegrityError:
        return False
    return True


class NotifyOutbox:
    """The ``notify_outbox`` table under DATABASE_URL; every method runs in a thread."""

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "notification_rows"

    def __init__(
        self, database_url: str, *, clock: Clock = utc_now, engine: Engine | None = None
    ) -> None:
        self.clock = clock
        self.engine = engine or engine_for(database_url)
        self._schema_ready = False

    async def create_schema(self) -> None:
        await asyncio.to_thread(create_tables, metadata, self.engine)
        self._schema_ready = True

    async def _ensure_schema(self) -> None:
        if not self._schema_ready:
            await self.create_schema()

    async def enqueue(self, notification: Notification) -> bool:
        """Store one notification on its own; false if its ``dedupe_key`` is known."""
        await self._ensure_schema()

        def run() -> bool:
            with self.engine.begin() as conn:
                return enqueue_in(conn, notification, now=self.clock())

        return await asyncio.to_thread(run)

    async def claim_due(
        self, worker_id: str, *, limit: int, lease: timedelta
    ) -> list[ClaimedNotification]:
        """Claim up to ``limit`` due rows (queued and due, or with an expired lease)."""
        await self._ensure_schema()
        return await asyncio.to_thread(self._claim_due, worker_id, limit, lease)

    def _claim_due(self, worker_id: str, limit: int, lease: timedelta) -> list[ClaimedNotification]:
        now = self.clock()
        token = secrets.token_hex(16)
        claim = claim_due_statement(
            _n,
            self.engine.dialect.name,
            worker_id=worker_id,
            token=token,
            now=now,
            lease=lease,
            limit=limit,
        )
        with self.engine.begin() as conn:
            if conn.execute(claim).rowcount == 0:
                return []
            rows = conn.execute(
                select(_n).where(_n.c.status == "sending", _n.c.claim_token == token)
            ).all()
        return [
            ClaimedNotification(
                id=row.id,
                dedupe_key=row.dedupe_key,
                kind=row.kind,
                claim_token=token,
                attempts=row.attempts,
                created_at=row.created_at,
                payload=json.loads(row.payload),
                body=bytes(row.body) if row.body is not None else None,
                ticket_no=row.ticket_no,
            )
            for row in rows
        ]

    async def mark_sent(self, claim: ClaimedNotification, *, provider_id: str | None = None) -> int:
        """Record the provider's acceptance, whoever holds the claim now."""
        statement = (
            update(_n)
            .where(_n.c.id == claim.id, _n.c.status != "sent")
            .values(
                status="sent",
                sent_at=self.clock(),
                last_error=None,
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
                provider_id=provider_id,
            )
        )
        return await asyncio.to_thread(self._rowcount, statement)

    async def mark_retry(
        self, claim: ClaimedNotification, error: str, *, next_attempt_at: datetime
    ) -> bool:
        statement = (
            update(_n)
            .where(_n.c.id == claim.id, _n.c.claim_token == claim.claim_token)
            .values(
                status="queued",
                next_attempt_at=next_attempt_at,
                last_error=error[:2000],
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
            )
        )
        return await asyncio.to_thread(self._rowcount, statement) == 1

    async def mark_failed(self, claim: ClaimedNotification, error: str) -> bool:
        statement = (
            update(_n)
            .where(_n.c.id == claim.id, _n.c.claim_token == claim.claim_token)
            .values(
                status="failed",
                last_error=error[:2000],
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
            )
        )
        return await asyncio.to_thread(self._rowcount, statement) == 1

    async def record_provider_status(self, provider_id: str, status: str) -> bool:
        """Twilio's delivery report for one SMS (``delivered``, ``undelivered``…)."""
        await self._ensure_schema()
        statement = (
            update(_n).where(_n.c.provider_id == provider_id).values(provider_status=status[:32])
        )
        return await asyncio.to_thread(self._rowcount, statement) > 0

    async def rows(self, **where: Any) -> list[dict[str, Any]]:
        """Rows matching ``column=value`` pairs, for operators and tests."""
        await self._ensure_schema()
        query = select(_n).where(*(_n.c[name] == value for name, value in where.items()))

        def run() -> list[dict[str, Any]]:
            with self.engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query.order_by(_n.c.id))]

        return await asyncio.to_thread(run)

    async def counts(self) -> dict[str, int]:
        await self._ensure_schema()

        def run() -> dict[str, int]:
            with self.engine.connect() as conn:
                rows = conn.execute(select(_n.c.status, func.count()).group_by(_n.c.status))
                return {status: count for status, count in rows}

        return await asyncio.to_thread(run)

    async def erase(self, conversation_id: str) -> int:
        """Delete what is held for the conversation, delivered or not (its user asked)."""
        await self._ensure_schema()
        return await asyncio.to_thread(
            self._rowcount, delete(_n).where(_n.c.conversation_id == conversation_id)
        )

    async def purge(self, before: datetime) -> int:
        """Delete notifications created before ``before`` that are settled (sent or failed)."""
        await self._ensure_schema()
        statement = delete(_n).where(_n.c.created_at < before, _n.c.status.in_(("sent", "failed")))
        return await asyncio.to_thread(self._rowcount, statement)

    def _rowcount(self, statement: Any) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(statement).rowcount)
