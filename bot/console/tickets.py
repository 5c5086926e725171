"""The hand-off tickets as the console lists them, read from the outbox (never written).

The outbox knows a ticket's delivery to the 12333 agents (queued, sending, sent,
failed), not the agents' own answer; a ticket breaches the service level when it
has not reached the agents within ``HANDOFF_SLA_HOURS`` of being opened.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.handoff.models import outbox_table

#: Tickets the page lists at most (newest first); the CSV holds them all.
PAGE_LIMIT = 500
_EMAIL_RE = re.compile(r"^(?P<head>[^@]{1,2})[^@]*(?P<at>@.+)$")


@dataclass(frozen=True)
class TicketRow:
    ticket_no: str
    conversation_id: str
    created_at: datetime
    state: str
    reason: str
    channel: str
    contact_kind: str
    #: Masked for the page (138****8000, a***@example.cn); search uses the stored value.
    contact: str
    attempts: int
    sent_at: datetime | None

    def age(self, now: datetime) -> timedelta:
        return (self.sent_at or now) - self.created_at

    def breached(self, now: datetime, sla: timedelta) -> bool:
        """Not with the agents within the SLA (delivered late, or still not delivered)."""
        if self.state == "sent" and self.sent_at is not None:
            return self.sent_at - self.created_at > sla
        return now - self.created_at > sla


def mask_contact(contact: str) -> str:
    """Enough of a contact to recognise it, not to use it."""
    value = contact.strip()
    email = _EMAIL_RE.match(value)
    if email:
        return f"{email['head']}***{email['at']}"
    digits = re.sub(r"\D", "", value)
    if value.startswith("+86") and len(digits) == 13:
        digits = digits[2:]  # a mainland mobile, as people write it
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****"


def read_tickets(engine: Engine, query: str = "", state: str = "") -> list[TicketRow]:
    """Tickets, newest first; ``query`` is a ticket number or a contact (or part of one)."""
    t = outbox_table
    select = sa.select(
        t.c.ticket_no,
        t.c.conversation_id,
        t.c.created_at,
        t.c.status,
        t.c.category,
        t.c.channel,
        t.c.contact_kind,
        t.c.contact,
        t.c.attempts,
        t.c.sent_at,
    ).order_by(t.c.created_at.desc(), t.c.id.desc())
    if state:
        select = select.where(t.c.status == state)
    needle = unicodedata.normalize("NFKC", query).strip()
    if needle:
        like = f"%{needle}%"
        select = select.where(
            sa.or_(
                t.c.ticket_no.ilike(like.upper()),
                t.c.contact.ilike(like),
                t.c.contact.ilike(f"%{re.sub(r'[^0-9+]', '', needle) or needle}%"),
            )
        )
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(t.name):
            return []
        rows = conn.execute(select).all()
    return [
        TicketRow(
            ticket_no=r.ticket_no,
            conversation_id=r.conversation_id,
            created_at=r.created_at,
            state=r.status,
            reason=r.category,
            channel=r.channel,
            contact_kind=r.contact_kind,
            contact=mask_contact(r.contact),
            attempts=r.attempts,
            sent_at=r.sent_at,
        )
        for r in rows
    ]


def handoff_conversations(engine: Engine) -> set[str]:
    """Conversations with a ticket."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(outbox_table.name):
            return set()
        return {row[0] for row in conn.execute(sa.select(outbox_table.c.conversation_id))}
