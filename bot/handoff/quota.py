"""Hand-off quotas: how many tickets a conversation, a contact and a network may open.

Without them a script floods 12333's mailbox (issue 10, finding 8). Each ticket
leaves a row in ``handoff_quota`` (hashed keys, kept for the longest window); the
check and the row are written in the transaction that inserts the ticket, so two
requests at once can't both slip under a limit: SQLite runs one writer at a time
and the row is written before the counts are read, PostgreSQL takes a transaction
advisory lock first.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import and_, case, delete, func, insert, literal, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.expression import ColumnElement

from bot.db import create_tables, engine_for
from bot.handoff.errors import QuotaExceeded
from bot.handoff.models import metadata, quota_table

QuotaName = Literal["conversation", "contact", "network", "global"]

#: Tickets one conversation may open within :data:`CONVERSATION_WINDOW`.
MAX_PER_CONVERSATION = 3
CONVERSATION_WINDOW = timedelta(hours=24)
#: Tickets naming one phone number or e-mail address within :data:`CONTACT_WINDOW`.
MAX_PER_CONTACT = 3
CONTACT_WINDOW = timedelta(hours=24)
#: Tickets from one client network (the channel's keyed hash of the IP address) within
#: :data:`NETWORK_WINDOW`; a service hall behind one address shares it.
MAX_PER_NETWORK = 10
NETWORK_WINDOW = timedelta(hours=1)
#: All tickets within :data:`GLOBAL_WINDOW`: a circuit breaker against a distributed
#: flood. Far above 12333's hand-off volume, far below what would bury the mailbox.
MAX_PER_HOUR = 200
GLOBAL_WINDOW = timedelta(hours=1)
#: The PostgreSQL advisory lock that serialises quota checks (``"hand"`` in ASCII).
QUOTA_LOCK_KEY = 0x68616E64
#: Hash prefix, so that these hashes match no other table's.
_HASH_DOMAIN = b"hz12333-handoff-quota\x00"


@dataclass(frozen=True)
class HandoffQuota:
    """The limits one :meth:`bot.handoff.Outbox.enqueue` enforces."""

    per_conversation: int = MAX_PER_CONVERSATION
    per_contact: int = MAX_PER_CONTACT
    per_network: int = MAX_PER_NETWORK
    per_hour: int = MAX_PER_HOUR
    conversation_window: timedelta = CONVERSATION_WINDOW
    contact_window: timedelta = CONTACT_WINDOW
    network_window: timedelta = NETWORK_WINDOW
    global_window: timedelta = GLOBAL_WINDOW

    @property
    def longest_window(self) -> timedelta:
        return max(
            self.conversation_window, self.contact_window, self.network_window, self.global_window
        )


def quota_key(value: str) -> str:
    """A stable hash of a conversation id or contact; the ledger never holds either."""
    return hashlib.sha256(_HASH_DOMAIN + value.encode("utf-8")).hexdigest()


def record_within_quota(
    conn: Connection,
    quota: HandoffQuota,
    *,
    now: datetime,
    conversation_id: str,
    contact: str,
    client_net: str | None,
) -> None:
    """Count this ticket against ``quota`` in ``conn``'s transaction, or raise.

    Raises :class:`QuotaExceeded` naming the first limit reached; the caller's
    transaction must then roll back, which also takes this ticket's row away.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": QUOTA_LOCK_KEY})
    q = quota_table.c
    conn.execute(delete(quota_table).where(q.created_at < now - quota.longest_window))
    # Written before counting: on SQLite this takes the write lock, so no other
    # transaction can add a row between the counts and the commit.
    conversation, person = quota_key(conversation_id), quota_key(contact)
    conn.execute(
        insert(quota_table).values(
            created_at=now, conversation=conversation, contact=person, client_net=client_net
        )
    )

    def within(condition: ColumnElement[bool], window: timedelta) -> ColumnElement[int]:
        return func.count(case((and_(condition, q.created_at > now - window), 1)))

    counts = conn.execute(
        select(
            within(q.conversation == conversation, quota.conversation_window),
            within(q.contact == person, quota.contact_window),
            # No network (SMS, voice): the phone number is the contact, counted above.
            within(q.client_net == client_net, quota.network_window) if client_net else literal(0),
            within(q.id.isnot(None), quota.global_window),
        )
    ).one()
    limits: tuple[tuple[QuotaName, int], ...] = (
        ("conversation", quota.per_conversation),
        ("contact", quota.per_contact),
        ("network", quota.per_network),
        ("global", quota.per_hour),
    )
    for (name, limit), count in zip(limits, counts, strict=True):
        if count > limit:
            raise QuotaExceeded(name, limit)


class QuotaLedger:
    """The ``handoff_quota`` table as the retention job sees it: purged, never erased.

    Its rows are hashes, not a conversation id or a contact, and erasing them would
    reset the counts an abuser wants reset; so a user's erasure leaves them, and
    they go when they are older than the retention cut-off (each ticket already
    sweeps the rows older than the longest quota window).
    """

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "quota_rows"

    def __init__(self, database_url: str, *, engine: Engine | None = None) -> None:
        self.engine = engine or engine_for(database_url)

    async def purge(self, before: datetime) -> int:
        """Delete ledger rows written before ``before``; returns how many."""

        def run() -> int:
            create_tables(metadata, self.engine)
            with self.engine.begin() as conn:
                deleted = conn.execute(delete(quota_table).where(quota_table.c.created_at < before))
                return int(deleted.rowcount)

        return await asyncio.to_thread(run)
