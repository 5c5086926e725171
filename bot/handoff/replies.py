"""The ticket's thread after the hand-off: the agents' replies, the citizen's answers, quarantine.

- ``handoff_messages``: one row per accepted message of a ticket's thread, an
  agent's reply (``direction='agent'``) or a citizen's answer (``'citizen'``), with
  its Message-ID (unique per ticket, so the same mail read twice is one row) and
  ``shown_at``, when the conversation was shown it (a chat turn, a push, an SMS).
- ``handoff_quarantine``: every mail to the reply domain that was refused, with
  the reason; never delivered to anyone.
- ``handoff_reply_codes``: the keyed hash of the reply code a landline caller was
  read out with a ticket, and its wrong tries (:mod:`bot.handoff.reply_codes`).

A ticket's life (open → 已回复 → 已解决) is read from its thread: any agent reply
makes it 已回复, a ``#已解决`` line makes it 已解决.

Every row carries the conversation id, so the rows go when the conversation is
erased (:meth:`ReplyStore.erase`) and age out with it (:meth:`ReplyStore.purge`).
The routing of an accepted reply to the citizen's channel is
:mod:`bot.handoff.delivery`; this module is what the actions may import too.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from bot.db import Clock, UtcDateTime, create_tables, engine_for, utc_now
from bot.handoff.errors import HandoffError
from bot.handoff.mail import recipients_of
from bot.handoff.models import outbox_table
from bot.handoff.notices import citizen_answer_mail, new_message_id
from bot.handoff.reply_address import reply_address
from bot.handoff.transcript import redact
from bot.notify.outbox import Notification, enqueue_in
from bot.notify.outbox import metadata as notify_metadata
from bot.settings import Settings

logger = logging.getLogger(__name__)

Direction = Literal["agent", "citizen"]
TicketLife = Literal["open", "replied", "resolved"]
#: The longest citizen answer carried to the agents.
MAX_ANSWER_CHARS = 1000
#: Kept of a quarantined mail, for an operator to judge it; the rest is cut.
MAX_QUARANTINE_BYTES = 256 * 1024

metadata = MetaData()

messages_table = Table(
    "handoff_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_no", String(32), nullable=False, index=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("direction", String(8), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sender", String(320)),
    Column("message_id", String(255), nullable=False),
    Column("text", Text, nullable=False),
    Column("attachments", Integer, nullable=False, default=0),
    Column("resolves", Boolean, nullable=False, default=False),
    Column("shown_at", UtcDateTime()),
    Index("ux_handoff_messages_mid", "ticket_no", "message_id", unique=True),
)

quarantine_table = Table(
    "handoff_quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", UtcDateTime(), nullable=False, index=True),
    Column("reason", String(64), nullable=False),
    Column("sender", String(320)),
    Column("ticket_no", String(32)),
    # Set only when the ticket exists: the quarantined mail then goes with its conversation.
    Column("conversation_id", String(255), index=True),
    Column("message_id", String(255)),
    Column("subject", Text),
    Column("raw", LargeBinary),
)

reply_codes_table = Table(
    "handoff_reply_codes",
    metadata,
    Column("ticket_no", String(32), primary_key=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    # HMAC-SHA256 of the code under a key derived from SECRET_KEY; the code is never stored.
    Column("code_hash", String(64), nullable=False),
    Column("failures", Integer, nullable=False, default=0),
)

_m = messages_table
_q = quarantine_table
_c = reply_codes_table
_o = outbox_table


class TicketNotFound(HandoffError):
    """No such ticket, or not one this conversation may see."""


@dataclass(frozen=True)
class ThreadMessage:
    """One message of a ticket's thread."""

    id: int
    direction: Direction
    created_at: datetime
    text: str
    attachments: int
    resolves: bool
    message_id: str


@dataclass(frozen=True)
class TicketView:
    """A ticket as its citizen sees it: the state and the thread."""

    ticket_no: str
    conversation_id: str
    created_at: datetime
    mail_status: str
    life: TicketLife
    messages: tuple[ThreadMessage, ...]
    #: The opening client's binding, if it had one (see :func:`shows_replies`).
    client_binding: str | None = None

    @property
    def agent_replies(self) -> tuple[ThreadMessage, ...]:
        return tuple(m for m in self.messages if m.direction == "agent")


@dataclass(frozen=True)
class TicketRow:
    """What the store reads of a ticket in ``handoff_outbox``."""

    ticket_no: str
    conversation_id: str
    created_at: datetime
    status: str
    contact_kind: str
    contact: str
    message_id: str
    client_binding: str | None


@dataclass(frozen=True)
class QuarantinedMail:
    id: int
    received_at: datetime
    reason: str
    sender: str | None
    ticket_no: str | None
    message_id: str | None


def life_of(messages: Sequence[ThreadMessage]) -> TicketLife:
    if any(m.resolves for m in messages if m.direction == "agent"):
        return "resolved"
    if any(m.direction == "agent" for m in messages):
        return "replied"
    return "open"


def binding_allows(ticket_binding: str | None, binding: str | None) -> bool:
    """The identity check of the status action: a bound ticket shows only to its client."""
    return ticket_binding is None or ticket_binding == binding


def shows_replies(ticket_binding: str | None, binding: str | None) -> bool:
    """Whether an agent's reply *text* may be shown: only to the client that opened it.

    A ticket opened without a client secret (a REST client that sent none) is bound to
    nothing, and its conversation id alone is no proof: its replies reach the citizen
    through the contact they left, never through the chat.
    """
    return (
        ticket_binding is not None
        and binding is not None
        and hmac.compare_digest(ticket_binding, binding)
    )


def _ticket_row(row: Any) -> TicketRow:
    try:
        binding = json.loads(row.case_json).get("client_binding")
    except (TypeError, ValueError):
        binding = None
    return TicketRow(
        ticket_no=row.ticket_no,
        conversation_id=row.conversation_id,
        created_at=row.created_at,
        status=row.status,
        contact_kind=row.contact_kind,
        contact=row.contact,
        message_id=row.message_id,
        client_binding=binding if isinstance(binding, str) else None,
    )


def thread_message(row: Any) -> ThreadMessage:
    """One row of ``handoff_messages`` as a :class:`ThreadMessage`."""
    return ThreadMessage(
        id=row.id,
        direction=row.direction,
        created_at=row.created_at,
        text=row.text,
        attachments=row.attachments,
        resolves=bool(row.resolves),
        message_id=row.message_id,
    )


class ReplyStore:
    """Tickets' threads and the quarantine, under DATABASE_URL; methods run in threads."""

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "ticket_reply_rows"

    def __init__(
        self,
        database_url: str,
        *,
        secret_key: str,
        reply_domain: str,
        handoff_from: str,
        handoff_to: str,
        clock: Clock = utc_now,
        engine: Engine | None = None,
    ) -> None:
        self.secret_key = secret_key
        self.reply_domain = reply_domain
        self.handoff_from = handoff_from
        self.handoff_to = handoff_to
        self.clock = clock
        self.engine = engine or engine_for(database_url)
        self._schema_ready = False

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = utc_now) -> ReplyStore:
        return cls(
            settings.database_url,
            secret_key=settings.secret_key,
            reply_domain=settings.reply_domain,
            handoff_from=settings.handoff_from,
            handoff_to=settings.handoff_to,
            clock=clock,
        )

    def reply_address(self, ticket_no: str) -> str:
        return reply_address(ticket_no, secret_key=self.secret_key, domain=self.reply_domain)

    async def create_schema(self) -> None:
        """The thread, quarantine and notification tables (the outbox's too)."""

        def run() -> None:
            from bot.handoff.models import metadata as outbox_metadata

            for each in (outbox_metadata, notify_metadata, metadata):
                create_tables(each, self.engine)

        await asyncio.to_thread(run)
        self._schema_ready = True

    async def ensure_schema(self) -> None:
        if not self._schema_ready:
            await self.create_schema()

    async def _run(self, work: Any, *args: Any) -> Any:
        await self.ensure_schema()
        return await asyncio.to_thread(work, *args)

    # -- reading ---------------------------------------------------------------------

    def ticket_in(self, conn: Connection, ticket_no: str) -> TicketRow | None:
        row = conn.execute(select(_o).where(_o.c.ticket_no == ticket_no.strip().upper())).first()
        return None if row is None else _ticket_row(row)

    def _thread(self, conn: Connection, ticket_no: str) -> tuple[ThreadMessage, ...]:
        rows = conn.execute(
            select(_m).where(_m.c.ticket_no == ticket_no).order_by(_m.c.created_at, _m.c.id)
        )
        return tuple(thread_message(row) for row in rows)

    async def view(
        self, ticket_no: str, *, conversation_id: str, binding: str | None
    ) -> TicketView | None:
        """The ticket and its thread, only for the conversation (and client) that opened it."""

        def run() -> TicketView | None:
            with self.engine.connect() as conn:
                ticket = self.ticket_in(conn, ticket_no)
                if (
                    ticket is None
                    or ticket.conversation_id != conversation_id
                    or not binding_allows(ticket.client_binding, binding)
                ):
                    return None
                messages = self._thread(conn, ticket.ticket_no)
            return TicketView(
                ticket_no=ticket.ticket_no,
                conversation_id=ticket.conversation_id,
                created_at=ticket.created_at,
                mail_status=ticket.status,
                life=life_of(messages),
                messages=messages,
                client_binding=ticket.client_binding,
            )

        result: TicketView | None = await self._run(run)
        return result

    async def latest_ticket(self, conversation_id: str, binding: str | None) -> str | None:
        """The newest ticket the conversation (and client) opened."""

        def run() -> str | None:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(_o)
                    .where(_o.c.conversation_id == conversation_id)
                    .order_by(_o.c.created_at.desc(), _o.c.id.desc())
                ).all()
            for row in rows:
                ticket = _ticket_row(row)
                if binding_allows(ticket.client_binding, binding):
                    return ticket.ticket_no
            return None

        result: str | None = await self._run(run)
        return result

    async def mark_shown(self, message_ids: Sequence[int]) -> None:
        if not message_ids:
            return
        statement = (
            update(_m)
            .where(_m.c.id.in_(list(message_ids)), _m.c.shown_at.is_(None))
            .values(shown_at=self.clock())
        )
        await self._run(self._execute, statement)

    async def take_unshown(
        self, conversation_id: str, binding: str | None
    ) -> list[tuple[str, ThreadMessage]]:
        """Agent replies the conversation has not been shown yet, marked shown now.

        Only for the client that opened the ticket. Each reply is taken by one turn:
        the UPDATE that marks it is the claim.
        """

        def run() -> list[tuple[str, ThreadMessage]]:
            taken: list[tuple[str, ThreadMessage]] = []
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(_m)
                    .where(
                        _m.c.conversation_id == conversation_id,
                        _m.c.direction == "agent",
                        _m.c.shown_at.is_(None),
                    )
                    .order_by(_m.c.created_at, _m.c.id)
                ).all()
                bindings: dict[str, str | None] = {}
                for row in rows:
                    if row.ticket_no not in bindings:
                        ticket = self.ticket_in(conn, row.ticket_no)
                        bindings[row.ticket_no] = ticket.client_binding if ticket else "-"
                    if not shows_replies(bindings[row.ticket_no], binding):
                        continue
                    claimed = conn.execute(
                        update(_m)
                        .where(_m.c.id == row.id, _m.c.shown_at.is_(None))
                        .values(shown_at=self.clock())
                    ).rowcount
                    if claimed:
                        taken.append((row.ticket_no, thread_message(row)))
            return taken

        result: list[tuple[str, ThreadMessage]] = await self._run(run)
        return result

    async def conversations_with_unshown(self, conversation_ids: Sequence[str]) -> set[str]:
        """Which of ``conversation_ids`` have an agent reply waiting to be shown."""
        if not conversation_ids:
            return set()
        query = (
            select(_m.c.conversation_id)
            .where(
                _m.c.conversation_id.in_(list(conversation_ids)),
                _m.c.direction == "agent",
                _m.c.shown_at.is_(None),
            )
            .distinct()
        )

        def run() -> set[str]:
            with self.engine.connect() as conn:
                return {row[0] for row in conn.execute(query)}

        result: set[str] = await self._run(run)
        return result

    async def quarantined(self) -> list[QuarantinedMail]:
        def run() -> list[QuarantinedMail]:
            with self.engine.connect() as conn:
                rows = conn.execute(select(_q).order_by(_q.c.id)).all()
            return [
                QuarantinedMail(
                    id=row.id,
                    received_at=row.received_at,
                    reason=row.reason,
                    sender=row.sender,
                    ticket_no=row.ticket_no,
                    message_id=row.message_id,
                )
                for row in rows
            ]

        result: list[QuarantinedMail] = await self._run(run)
        return result

    # -- writing -----------------------------------------------------------------------

    def thread_ids(self, conn: Connection, ticket: TicketRow) -> tuple[str, list[str]]:
        """(the message to answer, every Message-ID of the thread) for In-Reply-To/References."""
        ids = [ticket.message_id]
        ids += [m.message_id for m in self._thread(conn, ticket.ticket_no) if m.message_id]
        return ids[-1], ids

    async def citizen_answer(
        self, ticket_no: str, text: str, *, conversation_id: str, binding: str | None
    ) -> str:
        """Store the citizen's "回复工单：…" and queue its mail to the agents, in the thread.

        Returns the ticket number. Raises :class:`TicketNotFound` for a ticket that
        this conversation (and client) did not open.
        """
        answer = redact(" ".join(text.split()))[:MAX_ANSWER_CHARS]

        def run() -> str:
            now = self.clock()
            with self.engine.begin() as conn:
                ticket = self.ticket_in(conn, ticket_no)
                if (
                    ticket is None
                    or ticket.conversation_id != conversation_id
                    or not binding_allows(ticket.client_binding, binding)
                ):
                    raise TicketNotFound(ticket_no)
                in_reply_to, references = self.thread_ids(conn, ticket)
                message_id = new_message_id(ticket.ticket_no, self.handoff_from, "citizen")
                mail = citizen_answer_mail(
                    ticket_no=ticket.ticket_no,
                    text=answer,
                    handoff_from=self.handoff_from,
                    handoff_to=self.handoff_to,
                    reply_to=self.reply_address(ticket.ticket_no),
                    original_id=ticket.message_id,
                    in_reply_to=in_reply_to,
                    references=references,
                    message_id=message_id,
                    now=now,
                )
                conn.execute(
                    insert(_m).values(
                        ticket_no=ticket.ticket_no,
                        conversation_id=ticket.conversation_id,
                        direction="citizen",
                        created_at=now,
                        sender=None,
                        message_id=message_id,
                        text=answer,
                        attachments=0,
                        resolves=False,
                        shown_at=now,
                    )
                )
                enqueue_in(
                    conn,
                    Notification(
                        dedupe_key=f"agents:{message_id}",
                        kind="mail",
                        payload={
                            "mail_from": recipients_of(self.handoff_from)[0],
                            "rcpt_to": recipients_of(self.handoff_to),
                        },
                        conversation_id=ticket.conversation_id,
                        ticket_no=ticket.ticket_no,
                        body=mail.as_bytes(),
                    ),
                    now=now,
                )
                return ticket.ticket_no

        result: str = await self._run(run)
        return result

    def quarantine_in(
        self,
        conn: Connection,
        *,
        reason: str,
        sender: str | None,
        ticket_no: str | None,
        message_id: str | None,
        subject: str | None,
        raw: bytes,
        now: datetime,
    ) -> None:
        ticket = self.ticket_in(conn, ticket_no) if ticket_no else None
        conn.execute(
            insert(_q).values(
                received_at=now,
                reason=reason,
                sender=(sender or "")[:320] or None,
                ticket_no=ticket_no,
                conversation_id=ticket.conversation_id if ticket else None,
                message_id=(message_id or "")[:255] or None,
                subject=subject,
                raw=raw[:MAX_QUARANTINE_BYTES],
            )
        )

    # -- retention -------------------------------------------------------------------

    async def erase(self, conversation_id: str) -> int:
        """Delete the conversation's thread messages, quarantined mails and reply codes."""

        def run() -> int:
            with self.engine.begin() as conn:
                count = 0
                for table in (_m, _q, _c):
                    count += conn.execute(
                        delete(table).where(table.c.conversation_id == conversation_id)
                    ).rowcount
            return int(count)

        result: int = await self._run(run)
        return result

    async def purge(self, before: datetime) -> int:
        """Delete thread messages, quarantined mails and reply codes older than ``before``."""

        def run() -> int:
            with self.engine.begin() as conn:
                count = conn.execute(delete(_m).where(_m.c.created_at < before)).rowcount
                count += conn.execute(delete(_q).where(_q.c.received_at < before)).rowcount
                count += conn.execute(delete(_c).where(_c.c.created_at < before)).rowcount
            return int(count)

        result: int = await self._run(run)
        return result

    def _execute(self, statement: Any) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(statement).rowcount)
