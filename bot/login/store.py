"""Server-side login state: one-time login tickets and portal sessions bound to a conversation.

The tracker store keeps every slot and message in plain text, so a portal session
token never goes there. It lives here, encrypted, keyed by the conversation id,
its channel *and* the client binding (a keyed hash, scoped to the channel, of what
only the user's client holds), so that someone who reuses a conversation id from
another client or another channel finds nothing.

A login link can be forwarded, so a login made on the page is linked at once only
when the browser proves it holds the conversation's client secret (the web chat).
Otherwise the page shows a short confirmation code that the user types back into
the conversation that asked; only then does the portal session become usable
(:meth:`LoginStore.stage` and :meth:`LoginStore.confirm`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.exc import IntegrityError

from bot.db import UtcDateTime, add_missing_columns, create_tables, engine_for, utc_now

#: How long a login link stays valid.
TICKET_TTL = timedelta(minutes=10)
#: After this many failed logins in one conversation within :data:`FAILURE_WINDOW`, the
#: user is sent to the counter.
MAX_LOGIN_FAILURES = 5
#: Failures older than this no longer count: a forced run of failures bars nobody for long.
FAILURE_WINDOW = timedelta(minutes=15)
#: How long a login waits for its confirmation code, and how many wrong codes it takes.
CONFIRM_TTL = timedelta(minutes=10)
MAX_CONFIRM_ATTEMPTS = 5
#: Digits of the confirmation code (the issue asks for 4 to 8): one in a million per try.
CONFIRM_CODE_DIGITS = 6

metadata = sa.MetaData()

login_tickets = sa.Table(
    "login_tickets",
    metadata,
    sa.Column("ticket_id", sa.String(32), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("client_binding", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.Column("used_at", UtcDateTime(), nullable=True),
)

portal_links = sa.Table(
    "portal_links",
    metadata,
    sa.Column("link_ref", sa.String(32), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("client_binding", sa.String(64), nullable=False),
    sa.Column("username", sa.String(128), nullable=False),
    sa.Column("display_name", sa.String(255), nullable=True),
    sa.Column("account_kind", sa.String(32), nullable=True),
    sa.Column("token_encrypted", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("revoked_at", UtcDateTime(), nullable=True),
    sa.Column("channel", sa.String(32), nullable=True),
    #: NULL while the login waits for its confirmation code; such a link serves nothing.
    sa.Column("confirmed_at", UtcDateTime(), nullable=True),
    sa.Column("code_hash", sa.String(64), nullable=True),
    sa.Column("code_attempts", sa.Integer, nullable=False, server_default="0"),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
)


deferred_replies = sa.Table(
    "deferred_replies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("client_binding", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)

#: Replies the server started itself wait this long for the user's next turn.
DEFERRED_TTL = timedelta(hours=1)


class Confirmation(str, Enum):
    """What a typed confirmation code did."""

    CONFIRMED = "confirmed"
    WRONG = "wrong"
    #: The last wrong code allowed: the waiting login is dropped.
    EXHAUSTED = "exhausted"
    #: No login waits for a code in this conversation and client.
    NONE = "none"


class TicketError(Exception):
    """A login link that can't be used; ``reason`` says why, for the page."""

    def __init__(self, reason: str, ticket: Ticket | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid" | "expired" | "used"
        self.ticket = ticket


@dataclass(frozen=True)
class Ticket:
    """A one-time login link for one conversation."""

    ticket_id: str
    conversation_id: str
    client_binding: str
    channel: str
    expires_at: datetime
    signed: str = field(repr=False)


@dataclass(frozen=True)
class PortalLink:
    """A portal session bound to a conversation and its client."""

    link_ref: str
    conversation_id: str
    username: str
    display_name: str | None
    account_kind: str | None
    token: str = field(repr=False)
    channel: str | None = None


@dataclass(frozen=True)
class StagedLogin:
    """A portal login that waits for its confirmation code in the conversation."""

    link_ref: str
    code: str = field(repr=False)


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"portal-token:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class LoginStore:
    """Tickets and portal links in the bot's database (``DATABASE_URL``)."""

    def __init__(
        self,
        database_url: str,
        secret_key: str,
        *,
        clock: Callable[[], datetime] = utc_now,
        engine: sa.engine.Engine | None = None,
    ) -> None:
        self._database_url = database_url
        self._engine = engine
        self._secret = secret_key.encode()
        self._fernet = _fernet(secret_key)
        self._clock = clock
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    # --- signing ---------------------------------------------------------------

    def _sign(self, ticket_id: str) -> str:
        mac = hmac.new(self._secret, b"login-ticket:" + ticket_id.encode(), hashlib.sha256)
        return f"{ticket_id}.{mac.hexdigest()[:20]}"

    def _verify(self, signed: str) -> str:
        ticket_id, _, _mac = signed.partition(".")
        if not ticket_id or not hmac.compare_digest(self._sign(ticket_id), signed):
            raise TicketError("invalid")
        return ticket_id

    # --- sync helpers run in a thread ------------------------------------------

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        # Calls run in worker threads; the first few may arrive together.
        with self._schema_lock:
            if not self._schema_ready:
                create_tables(metadata, self.engine)
                add_missing_columns(portal_links, self.engine)
                self._schema_ready = True

    @property
    def engine(self) -> sa.engine.Engine:
        """Made on first use, so that a channel built without a database never opens one."""
        if self._engine is None:
            self._engine = engine_for(self._database_url)
        return self._engine

    def _code_hash(self, link_ref: str, code: str) -> str:
        mac = hmac.new(self._secret, f"confirm:{link_ref}:{code}".encode(), hashlib.sha256)
        return mac.hexdigest()

    async def _run(self, fn: Callable[..., object], *args: object) -> object:
        def call() -> object:
            self._ensure_schema()
            return fn(*args)

        return await asyncio.to_thread(call)

    # --- tickets -----------------------------------------------------------------

    async def issue_ticket(self, conversation_id: str, client_binding: str, channel: str) -> Ticket:
        """A new login link for this conversation and client, valid for :data:`TICKET_TTL`."""
        now = self._clock()
        ticket = Ticket(
            ticket_id=secrets.token_urlsafe(16),
            conversation_id=conversation_id,
            client_binding=client_binding,
            channel=channel,
            expires_at=now + TICKET_TTL,
            signed="",
        )
        ticket = Ticket(**{**ticket.__dict__, "signed": self._sign(ticket.ticket_id)})

        def insert() -> None:
            with self.engine.begin() as conn:
                conn.execute(
                    login_tickets.insert().values(
                        ticket_id=ticket.ticket_id,
                        conversation_id=conversation_id,
                        client_binding=client_binding,
                        channel=channel,
                        created_at=now,
                        expires_at=ticket.expires_at,
                    )
                )

        await self._run(insert)
        return ticket

    async def check_ticket(self, signed: str) -> Ticket:
        """The ticket behind a link, if it is valid, unexpired and unused."""

        def load() -> Ticket:
            ticket_id = self._verify(signed)
            with self.engine.connect() as conn:
                row = conn.execute(
                    login_tickets.select().where(login_tickets.c.ticket_id == ticket_id)
                ).first()
            if row is None:
                raise TicketError("invalid")
            ticket = Ticket(
                row.ticket_id,
                row.conversation_id,
                row.client_binding,
                row.channel,
                row.expires_at,
                signed,
            )
            if row.used_at is not None:
                raise TicketError("used", ticket)
            if row.expires_at <= self._clock():
                raise TicketError("expired", ticket)
            return ticket

        return await self._run(load)  # type: ignore[return-value]

    async def redeem(
        self,
        ticket: Ticket,
        *,
        token: str,
        username: str,
        display_name: str | None,
        account_kind: str | None,
    ) -> PortalLink:
        """Use up the ticket and bind the portal session to its conversation, atomically.

        Only for a login whose browser proved it holds the conversation's client
        secret; any other login goes through :meth:`stage` and :meth:`confirm`.
        """
        now = self._clock()
        link = PortalLink(
            secrets.token_urlsafe(16),
            ticket.conversation_id,
            username,
            display_name,
            account_kind,
            token,
            ticket.channel,
        )

        def write() -> None:
            with self.engine.begin() as conn:
                self._claim_ticket(conn, ticket, now)
                self._revoke_active(conn, ticket.conversation_id, now)
                conn.execute(
                    portal_links.insert().values(
                        link_ref=link.link_ref,
                        conversation_id=ticket.conversation_id,
                        client_binding=ticket.client_binding,
                        channel=ticket.channel,
                        username=username,
                        display_name=display_name,
                        account_kind=account_kind,
                        token_encrypted=self._fernet.encrypt(token.encode()).decode(),
                        created_at=now,
                        confirmed_at=now,
                    )
                )
                conn.execute(
                    login_failures.delete().where(
                        login_failures.c.conversation_id == ticket.conversation_id
                    )
                )

        await self._run(write)
        return link

    async def stage(
        self,
        ticket: Ticket,
        *,
        token: str,
        username: str,
        display_name: str | None,
        account_kind: str | None,
    ) -> StagedLogin:
        """Use up the ticket and keep the portal session until its code comes back.

        The session serves nothing before :meth:`confirm` sees the code typed in the
        conversation that asked for the link, by the same client and channel.
        """
        now = self._clock()
        link_ref = secrets.token_urlsafe(16)
        code = "".join(secrets.choice("0123456789") for _ in range(CONFIRM_CODE_DIGITS))

        def write() -> None:
            with self.engine.begin() as conn:
                self._claim_ticket(conn, ticket, now)
                # An older waiting login of this conversation is superseded.
                conn.execute(
                    portal_links.update()
                    .where(portal_links.c.conversation_id == ticket.conversation_id)
                    .where(portal_links.c.confirmed_at.is_(None))
                    .where(portal_links.c.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
                conn.execute(
                    portal_links.insert().values(
                        link_ref=link_ref,
                        conversation_id=ticket.conversation_id,
                        client_binding=ticket.client_binding,
                        channel=ticket.channel,
                        username=username,
                        display_name=display_name,
                        account_kind=account_kind,
                        token_encrypted=self._fernet.encrypt(token.encode()).decode(),
                        created_at=now,
                        code_hash=self._code_hash(link_ref, code),
                        code_attempts=0,
                    )
                )
                conn.execute(
                    login_failures.delete().where(
                        login_failures.c.conversation_id == ticket.conversation_id
                    )
                )

        await self._run(write)
        return StagedLogin(link_ref, code)

    async def confirm(
        self, conversation_id: str, client_binding: str | None, channel: str, code: str
    ) -> tuple[Confirmation, PortalLink | None]:
        """Check a code typed in a conversation against the login waiting there."""
        if not client_binding:
            return Confirmation.NONE, None
        now = self._clock()

        def write() -> tuple[Confirmation, PortalLink | None]:
            with self.engine.begin() as conn:
                row = conn.execute(
                    portal_links.select()
                    .where(portal_links.c.conversation_id == conversation_id)
                    .where(portal_links.c.channel == channel)
                    .where(portal_links.c.confirmed_at.is_(None))
                    .where(portal_links.c.revoked_at.is_(None))
                    .where(portal_links.c.created_at > now - CONFIRM_TTL)
                    .order_by(portal_links.c.created_at.desc())
                ).first()
                if row is None or not hmac.compare_digest(row.client_binding, client_binding):
                    return Confirmation.NONE, None
                if not hmac.compare_digest(
                    row.code_hash or "", self._code_hash(row.link_ref, code)
                ):
                    attempts = (row.code_attempts or 0) + 1
                    values: dict[str, object] = {"code_attempts": attempts}
                    if attempts >= MAX_CONFIRM_ATTEMPTS:
                        values["revoked_at"] = now
                    conn.execute(
                        portal_links.update()
                        .where(portal_links.c.link_ref == row.link_ref)
                        .values(**values)
                    )
                    if attempts >= MAX_CONFIRM_ATTEMPTS:
                        return Confirmation.EXHAUSTED, None
                    return Confirmation.WRONG, None
                self._revoke_active(conn, conversation_id, now)
                conn.execute(
                    portal_links.update()
                    .where(portal_links.c.link_ref == row.link_ref)
                    .values(confirmed_at=now, code_hash=None)
                )
                link = self._link_of(row)
            return (Confirmation.CONFIRMED, link) if link else (Confirmation.NONE, None)

        return await self._run(write)  # type: ignore[return-value]

    @staticmethod
    def _claim_ticket(conn: sa.engine.Connection, ticket: Ticket, now: datetime) -> None:
        claimed = conn.execute(
            login_tickets.update()
            .where(login_tickets.c.ticket_id == ticket.ticket_id)
            .where(login_tickets.c.used_at.is_(None))
            .where(login_tickets.c.expires_at > now)
            .values(used_at=now)
        ).rowcount
        if claimed != 1:
            raise TicketError("used")

    @staticmethod
    def _revoke_active(conn: sa.engine.Connection, conversation_id: str, now: datetime) -> None:
        conn.execute(
            portal_links.update()
            .where(portal_links.c.conversation_id == conversation_id)
            .where(portal_links.c.confirmed_at.is_not(None))
            .where(portal_links.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def _link_of(self, row: sa.engine.Row) -> PortalLink | None:
        try:
            token = self._fernet.decrypt(row.token_encrypted.encode()).decode()
        except InvalidToken:
            return None  # the secret key changed: the user logs in again
        return PortalLink(
            row.link_ref,
            row.conversation_id,
            row.username,
            row.display_name,
            row.account_kind,
            token,
            row.channel,
        )

    # --- links -------------------------------------------------------------------

    async def active_link(
        self, conversation_id: str, client_binding: str | None, channel: str | None = None
    ) -> PortalLink | None:
        """The live portal session of this conversation, only for the client that logged in.

        With ``channel``, only a session that was linked on that channel counts.
        """
        if not client_binding:
            return None

        def load() -> PortalLink | None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    portal_links.select()
                    .where(portal_links.c.conversation_id == conversation_id)
                    .where(portal_links.c.revoked_at.is_(None))
                    .where(portal_links.c.confirmed_at.is_not(None))
                    .order_by(portal_links.c.created_at.desc())
                ).first()
            if row is None or not hmac.compare_digest(row.client_binding, client_binding):
                return None
            if channel is not None and row.channel != channel:
                return None
            return self._link_of(row)

        return await self._run(load)  # type: ignore[return-value]

    async def revoke(self, conversation_id: str) -> None:
        """End every portal session bound to this conversation."""
        now = self._clock()

        def write() -> None:
            with self.engine.begin() as conn:
                conn.execute(
                    portal_links.update()
                    .where(portal_links.c.conversation_id == conversation_id)
                    .where(portal_links.c.revoked_at.is_(None))
                    .values(revoked_at=now)
                )

        await self._run(write)

    # --- failures ----------------------------------------------------------------

    async def begin_attempt(self, conversation_id: str) -> int:
        """Count a login attempt in this conversation before it is tried; returns the count.

        Counted first and atomically, so that parallel POSTs on one ticket can't all
        pass the limit; a successful login clears the count, and failures older than
        :data:`FAILURE_WINDOW` are forgotten.
        """
        now = self._clock()
        cutoff = now - FAILURE_WINDOW

        def write() -> int:
            for _ in range(3):
                try:
                    with self.engine.begin() as conn:
                        updated = conn.execute(
                            login_failures.update()
                            .where(login_failures.c.conversation_id == conversation_id)
                            .values(
                                failures=sa.case(
                                    (login_failures.c.updated_at < cutoff, 1),
                                    else_=login_failures.c.failures + 1,
                                ),
                                updated_at=now,
                            )
                        ).rowcount
                        if not updated:
                            conn.execute(
                                login_failures.insert().values(
                                    conversation_id=conversation_id, failures=1, updated_at=now
                                )
                            )
                        return int(
                            conn.execute(
                                sa.select(login_failures.c.failures).where(
                                    login_failures.c.conversation_id == conversation_id
                                )
                            ).scalar_one()
                        )
                except IntegrityError:
                    continue  # another request inserted the first row at the same moment
            raise RuntimeError("could not count a login attempt")

        return await self._run(write)  # type: ignore[return-value]

    async def forgive_attempt(self, conversation_id: str) -> None:
        """Take back an attempt that the portal never judged (it was down)."""

        def write() -> None:
            with self.engine.begin() as conn:
                conn.execute(
                    login_failures.update()
                    .where(login_failures.c.conversation_id == conversation_id)
                    .where(login_failures.c.failures > 0)
                    .values(failures=login_failures.c.failures - 1)
                )

        await self._run(write)

    async def failures(self, conversation_id: str) -> int:
        """Attempts that failed (or are under way) in this conversation within the window."""
        cutoff = self._clock() - FAILURE_WINDOW

        def load() -> int:
            with self.engine.connect() as conn:
                value = conn.execute(
                    sa.select(login_failures.c.failures)
                    .where(login_failures.c.conversation_id == conversation_id)
                    .where(login_failures.c.updated_at >= cutoff)
                ).scalar()
            return int(value or 0)

        return await self._run(load)  # type: ignore[return-value]

    # --- replies for channels without a live connection ----------------------------

    async def defer(
        self, conversation_id: str, client_binding: str, messages: list[dict[str, object]]
    ) -> None:
        """Keep replies that the server started (e.g. after a login) for the next turn."""
        if not messages:
            return
        now = self._clock()

        def write() -> None:
            with self.engine.begin() as conn:
                conn.execute(
                    deferred_replies.insert(),
                    [
                        {
                            "conversation_id": conversation_id,
                            "client_binding": client_binding,
                            "payload": json.dumps(m, ensure_ascii=False),
                            "created_at": now,
                        }
                        for m in messages
                    ],
                )

        await self._run(write)

    async def take_deferred(
        self, conversation_id: str, client_binding: str | None
    ) -> list[dict[str, object]]:
        """The waiting replies of this conversation, once, and only for the same client."""
        if not client_binding:
            return []
        cutoff = self._clock() - DEFERRED_TTL

        def take() -> list[dict[str, object]]:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    deferred_replies.select()
                    .where(deferred_replies.c.conversation_id == conversation_id)
                    .order_by(deferred_replies.c.id)
                ).fetchall()
                # Another client's turn must not destroy what waits for this one.
                mine = [r for r in rows if hmac.compare_digest(r.client_binding, client_binding)]
                if not mine:
                    return []
                conn.execute(
                    deferred_replies.delete().where(deferred_replies.c.id.in_([r.id for r in mine]))
                )
            return [json.loads(r.payload) for r in mine if r.created_at >= cutoff]

        return await self._run(take)  # type: ignore[return-value]

    # --- retention -------------------------------------------------------------------

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "login_rows"

    async def purge(self, before: datetime) -> int:
        """Delete login rows older than ``before``; returns how many.

        Tickets that expired, deferred replies, failure counts and portal sessions
        (revoked, or made) before ``before``: none of them serves anyone by then.
        """

        def write() -> int:
            with self.engine.begin() as conn:
                statements = (
                    login_tickets.delete().where(login_tickets.c.expires_at < before),
                    deferred_replies.delete().where(deferred_replies.c.created_at < before),
                    login_failures.delete().where(login_failures.c.updated_at < before),
                    portal_links.delete().where(
                        sa.or_(
                            portal_links.c.revoked_at < before, portal_links.c.created_at < before
                        )
                    ),
                )
                return sum(int(conn.execute(statement).rowcount) for statement in statements)

        return await self._run(write)  # type: ignore[return-value]

    async def erase(self, conversation_id: str) -> int:
        """Forget every login row of one conversation (the user asked to be erased).

        Tickets, portal sessions, failure counts and the replies left for the next turn.
        """

        def write() -> int:
            with self.engine.begin() as conn:
                return sum(
                    int(
                        conn.execute(
                            table.delete().where(table.c.conversation_id == conversation_id)
                        ).rowcount
                    )
                    for table in (login_tickets, portal_links, login_failures, deferred_replies)
                )

        return await self._run(write)  # type: ignore[return-value]

    def dispose(self) -> None:
        """Close the pooled connections (the process's engine for this database stays usable)."""
        if self._engine is not None:
            self._engine.dispose()
