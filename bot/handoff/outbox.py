"""The hand-off outbox: tickets and their mails in one table, delivered by workers.

The user's ticket and its mail are written in one transaction, so a ticket number
the user has seen always has a mail behind it. Workers claim due rows with a lease
(``claimed_by``, ``claim_token``, ``claim_expires_at``); on PostgreSQL the claim also
skips rows that another worker is claiming at that moment (``FOR UPDATE SKIP
LOCKED``). A worker that dies keeps its claim only until the lease runs out.

The engine is synchronous (SQLAlchemy 1.4 has no async SQLite driver here) and runs
in a thread; every transaction is one or two short statements so that the outbox
can share a SQLite file with Rasa's tracker store.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import Update

from bot.db import (
    Clock,
    add_missing_columns,
    claim_due_statement,
    create_tables,
    engine_for,
    utc_now,
)
from bot.handoff.case import HandoffCase
from bot.handoff.errors import OutboxError
from bot.handoff.mail import build_mail, message_id_for, recipients_of
from bot.handoff.models import (
    CHINA_TZ,
    ClaimedMail,
    Ticket,
    TicketState,
    TicketStatus,
    metadata,
    outbox_table,
)
from bot.handoff.quota import HandoffQuota, record_within_quota
from bot.handoff.reply_address import reply_address
from bot.settings import Settings

#: Tries to draw a ticket number that is not taken yet; there are 32⁶ ≈ 10⁹ a day.
TICKET_DRAWS = 5
#: Crockford's base32: no I, L, O or U, so numbers read out on the phone stay clear.
TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_RANDOM_LENGTH = 6

_t = outbox_table
_TICKET = re.compile(rf"HZ-[0-9]{{8}}-[{TICKET_ALPHABET}]{{{TICKET_RANDOM_LENGTH}}}")


def new_ticket_no(now: datetime) -> str:
    """``HZ-YYYYMMDD-XXXXXX``: the Beijing date and six random base32 characters."""
    day = now.astimezone(CHINA_TZ).strftime("%Y%m%d")
    tail = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_RANDOM_LENGTH))
    return f"HZ-{day}-{tail}"


def find_ticket_no(text: str) -> str | None:
    """The ticket number in what the user typed (any case, full-width too), if any."""
    match = _TICKET.search(unicodedata.normalize("NFKC", text).upper())
    return match.group(0) if match else None


def claim_statement(
    dialect_name: str,
    *,
    worker_id: str,
    token: str,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> Update:
    """The one UPDATE that claims up to ``limit`` due hand-offs for ``worker_id``."""
    return claim_due_statement(
        _t, dialect_name, worker_id=worker_id, token=token, now=now, lease=lease, limit=limit
    )


def _status_of(row: Any) -> TicketStatus:
    return TicketStatus(
        ticket_no=row.ticket_no,
        status=row.status,
        created_at=row.created_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at if row.status == "queued" else None,
        sent_at=row.sent_at,
    )


class Outbox:
    """Tickets and their mails, stored under DATABASE_URL.

    Every method runs its statements in a worker thread and is safe to call from
    several tasks, workers and processes at once.
    """

    def __init__(
        self,
        database_url: str,
        *,
        handoff_from: str,
        handoff_to: str,
        clock: Clock = utc_now,
        engine: Engine | None = None,
        reply_secret: str | None = None,
        reply_domain: str | None = None,
    ) -> None:
        if not recipients_of(handoff_to):
            raise ValueError(f"HANDOFF_TO has no address: {handoff_to!r}")
        if len(recipients_of(handoff_from)) != 1:
            raise ValueError(f"HANDOFF_FROM must be one address: {handoff_from!r}")
        self.handoff_from = handoff_from
        self.handoff_to = handoff_to
        #: With both, every mail's Reply-To is its ticket's reply address (issue 13).
        self.reply_secret = reply_secret
        self.reply_domain = reply_domain
        self.clock = clock
        self.engine = engine or engine_for(database_url)
        self._schema_ready = False

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = utc_now) -> Outbox:
        return cls(
            settings.database_url,
            handoff_from=settings.handoff_from,
            handoff_to=settings.handoff_to,
            clock=clock,
            reply_secret=settings.secret_key,
            reply_domain=settings.reply_domain,
        )

    def reply_address(self, ticket_no: str) -> str | None:
        """The ticket's reply address, when the outbox knows the key and the domain."""
        if not (self.reply_secret and self.reply_domain):
            return None
        return reply_address(ticket_no, secret_key=self.reply_secret, domain=self.reply_domain)

    async def create_schema(self) -> None:
        """Create the table and its indexes if they are missing."""
        await asyncio.to_thread(create_tables, metadata, self.engine)
        await asyncio.to_thread(add_missing_columns, _t, self.engine)
        self._schema_ready = True

    async def _ensure_schema(self) -> None:
        # The retention job and an erasure may reach a database no hand-off ever used.
        if not self._schema_ready:
            await self.create_schema()

    async def close(self) -> None:
        """Close the pooled connections (the process's engine for this database stays usable)."""
        await asyncio.to_thread(self.engine.dispose)

    # -- the conversation side -------------------------------------------------

    async def enqueue(
        self,
        case: HandoffCase,
        *,
        quota: HandoffQuota | None = None,
        client_net: str | None = None,
        request_id: str | None = None,
    ) -> Ticket:
        """Store ``case`` and its mail in one transaction; return the ticket at once.

        With a ``quota``, the same transaction first counts the ticket against it
        (``client_net`` is the channel's hash of the client's network, if any) and
        raises :class:`QuotaExceeded`, storing nothing, when a limit is reached.

        ``request_id`` is the id of the message that asked for the ticket. A server
        can file the ticket and die before Rasa stores the turn; the message sent
        again then runs its turn again, perhaps on another server. The ticket already
        filed in the conversation under that id is returned then, and nothing is
        stored or counted twice (the conversation's lock keeps the two apart).
        """
        return await asyncio.to_thread(self._enqueue, case, quota, client_net, request_id)

    def _enqueue(
        self,
        case: HandoffCase,
        quota: HandoffQuota | None,
        client_net: str | None,
        request_id: str | None,
    ) -> Ticket:
        if request_id:
            filed = self._filed_for(case.conversation_id, request_id)
            if filed is not None:
                return filed
        case_json = json.dumps(case.to_dict(), ensure_ascii=False)
        mail_from = recipients_of(self.handoff_from)[0]
        rcpt_to = recipients_of(self.handoff_to)
        for _ in range(TICKET_DRAWS):
            now = self.clock()
            ticket_no = new_ticket_no(now)
            message = build_mail(
                case,
                ticket_no=ticket_no,
                created_at=now,
                handoff_from=self.handoff_from,
                handoff_to=self.handoff_to,
                reply_to=self.reply_address(ticket_no),
            )
            message_id = message_id_for(ticket_no, self.handoff_from)
            try:
                with self.engine.begin() as conn:
                    if quota is not None:
                        record_within_quota(
                            conn,
                            quota,
                            now=now,
                            conversation_id=case.conversation_id,
                            contact=case.contact.value,
                            client_net=client_net,
                        )
                    conn.execute(
                        insert(_t).values(
                            ticket_no=ticket_no,
                            conversation_id=case.conversation_id,
                            created_at=now,
                            category=case.category,
                            channel=case.channel,
                            contact_kind=case.contact.kind,
                            contact=case.contact.value,
                            status="queued",
                            attempts=0,
                            next_attempt_at=now,
                            message_id=message_id,
                            mail_from=mail_from,
                            rcpt_to=json.dumps(rcpt_to),
                            mail=message.as_bytes(),
                            case_json=case_json,
                            request_id=request_id or None,
                        )
                    )
            except IntegrityError as exc:
                # Both SQLite and PostgreSQL name the column of a unique clash.
                if "ticket_no" not in str(exc.orig):
                    raise OutboxError(f"could not store the ticket: {exc.orig}") from exc
                continue
            return Ticket(ticket_no=ticket_no, message_id=message_id, created_at=now)
        raise OutboxError(f"no free ticket number after {TICKET_DRAWS} draws")

    def _filed_for(self, conversation_id: str, request_id: str) -> Ticket | None:
        query = select(_t.c.ticket_no, _t.c.message_id, _t.c.created_at).where(
            _t.c.conversation_id == conversation_id, _t.c.request_id == request_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query.limit(1)).first()
        if row is None:
            return None
        return Ticket(ticket_no=row.ticket_no, message_id=row.message_id, created_at=row.created_at)

    async def status(self, ticket_no: str) -> TicketStatus | None:
        """Where ``ticket_no`` stands, or ``None`` if there is no such ticket."""
        query = select(_t).where(_t.c.ticket_no == ticket_no.strip().upper())
        return await asyncio.to_thread(self._one_status, query)

    async def latest_for_conversation(self, conversation_id: str) -> TicketStatus | None:
        """The newest ticket of a conversation, for a user who no longer has the number."""
        query = (
            select(_t)
            .where(_t.c.conversation_id == conversation_id)
            .order_by(_t.c.created_at.desc(), _t.c.id.desc())
            .limit(1)
        )
        return await asyncio.to_thread(self._one_status, query)

    def _one_status(self, query: Any) -> TicketStatus | None:
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else _status_of(row)

    async def counts(self) -> dict[TicketState, int]:
        """How many tickets are in each state."""

        def run() -> dict[TicketState, int]:
            with self.engine.connect() as conn:
                rows = conn.execute(select(_t.c.status, func.count()).group_by(_t.c.status))
                found = {status: count for status, count in rows}
            return {state: found.get(state, 0) for state in ("queued", "sending", "sent", "failed")}

        return await asyncio.to_thread(run)

    # -- the worker side -------------------------------------------------------

    async def claim_due(self, worker_id: str, *, limit: int, lease: timedelta) -> list[ClaimedMail]:
        """Claim up to ``limit`` due mails for ``lease``; no two workers get the same one.

        Due are queued mails whose time has come and mails whose claim has expired
        (their worker died). Each claim counts as an attempt.
        """
        return await asyncio.to_thread(self._claim_due, worker_id, limit, lease)

    def _claim_due(self, worker_id: str, limit: int, lease: timedelta) -> list[ClaimedMail]:
        now = self.clock()
        token = secrets.token_hex(16)
        claim = claim_statement(
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
                select(
                    _t.c.ticket_no,
                    _t.c.attempts,
                    _t.c.created_at,
                    _t.c.message_id,
                    _t.c.mail_from,
                    _t.c.rcpt_to,
                    _t.c.mail,
                )
                .where(_t.c.status == "sending", _t.c.claim_token == token)
                .order_by(_t.c.next_attempt_at, _t.c.id)
            ).all()
        return [
            ClaimedMail(
                ticket_no=row.ticket_no,
                claim_token=token,
                attempts=row.attempts,
                created_at=row.created_at,
                message_id=row.message_id,
                mail_from=row.mail_from,
                rcpt_to=tuple(json.loads(row.rcpt_to)),
                mail=bytes(row.mail),
            )
            for row in rows
        ]

    async def mark_sent(self, *claims: ClaimedMail) -> int:
        """Record that the relay accepted these mails; returns how many were not yet sent.

        A sent mail is sent whoever sent it, so this does not need the claims to be
        current: a worker whose lease ran out mid-send still records the truth. One
        call is one transaction, which is what makes a batch cheap on SQLite.
        """
        if not claims:
            return 0
        now = self.clock()
        statement = (
            update(_t)
            .where(_t.c.ticket_no.in_([claim.ticket_no for claim in claims]), _t.c.status != "sent")
            .values(
                status="sent",
                sent_at=now,
                last_error=None,
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
            )
        )

        def run() -> int:
            with self.engine.begin() as conn:
                return int(conn.execute(statement).rowcount)

        return await asyncio.to_thread(run)

    async def mark_retry(
        self, claim: ClaimedMail, error: str, *, next_attempt_at: datetime
    ) -> bool:
        """Put the mail back in the queue until ``next_attempt_at``; false if the claim was lost."""
        statement = (
            update(_t)
            .where(*self._still_claimed(claim))
            .values(
                status="queued",
                next_attempt_at=next_attempt_at,
                last_error=error[:2000],
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
            )
        )
        return await asyncio.to_thread(self._update, statement)

    async def mark_failed(self, claim: ClaimedMail, error: str) -> bool:
        """Give the mail up for good; false if the claim was lost."""
        statement = (
            update(_t)
            .where(*self._still_claimed(claim))
            .values(
                status="failed",
                last_error=error[:2000],
                claimed_by=None,
                claim_token=None,
                claim_expires_at=None,
            )
        )
        return await asyncio.to_thread(self._update, statement)

    @staticmethod
    def _still_claimed(claim: ClaimedMail) -> Sequence[Any]:
        return (
            _t.c.ticket_no == claim.ticket_no,
            _t.c.status == "sending",
            _t.c.claim_token == claim.claim_token,
        )

    def _update(self, statement: Any) -> bool:
        with self.engine.begin() as conn:
            return bool(conn.execute(statement).rowcount == 1)

    # -- retention ---------------------------------------------------------------

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "handoffs"

    async def purge_sent_before(self, cutoff: datetime) -> int:
        """Delete mails sent before ``cutoff``; returns how many went."""
        statement = delete(_t).where(_t.c.status == "sent", _t.c.sent_at < cutoff)
        await self._ensure_schema()
        return await asyncio.to_thread(self._delete, statement)

    async def purge(self, before: datetime) -> int:
        """The retention job's purge: mails sent before ``before``.

        A queued, sending or failed ticket is still owed to its user or waits for an
        operator, so only sent ones age out.
        """
        return await self.purge_sent_before(before)

    async def erase(self, conversation_id: str) -> int:
        """Delete the conversation's sent tickets (the user asked to be erased).

        A ticket not yet sent is still owed to the user and stays until it is; a sent
        one is the agents' copy, which 12333's mailbox keeps.
        """
        statement = delete(_t).where(_t.c.conversation_id == conversation_id, _t.c.status == "sent")
        await self._ensure_schema()
        return await asyncio.to_thread(self._delete, statement)

    def _delete(self, statement: Any) -> int:
        with self.engine.begin() as conn:
            return int(conn.execute(statement).rowcount)

    async def last_error(self, ticket_no: str) -> str | None:
        """The relay's last complaint about a ticket, for operators (not for users)."""
        query = select(_t.c.last_error).where(_t.c.ticket_no == ticket_no)

        def run() -> str | None:
            with self.engine.connect() as conn:
                return conn.execute(query).scalar_one_or_none()

        return await asyncio.to_thread(run)
