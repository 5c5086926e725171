"""A second factor for voice callers without a mobile: the ticket's reply code (issue 13).

An agent's reply to a caller reaches them by SMS when they called from a mainland
mobile. From a landline there is no SMS, and the calling number alone proves nothing:
caller ID can be spoofed, and a voice login is bound to one call's ``CallSid``, which
a later call does not have. So when a landline caller opens a ticket, the call is
read a short random code with the ticket number (:meth:`ReplyCodes.issue`); on a later
call from that number, a waiting reply is read out only after the caller keys in or
says the code (:meth:`ReplyCodes.check`).

- The code is :data:`CODE_DIGITS` random digits, stored only as an HMAC under a key
  derived from SECRET_KEY, and never logged.
- Each wrong try counts against the ticket, across calls, and after
  :data:`MAX_FAILURES` the code no longer opens anything: a caller who spoofs the
  number gets five guesses at a million codes. A try is counted before the code is
  compared and given back when it was right, so calls made at once can't share one.
- A code is issued once per ticket, only to the call (client binding) that opened it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import and_, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select

from bot.handoff.replies import (
    ReplyStore,
    ThreadMessage,
    messages_table,
    reply_codes_table,
    thread_message,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

CODE_DIGITS = 6
#: Wrong tries a ticket's code takes, over all calls, before it opens nothing.
MAX_FAILURES = 5

_c = reply_codes_table
_m = messages_table


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(secret_key: str, ticket_no: str, code: str) -> str:
    """The code as it is stored: keyed, so the table alone can't be searched for it."""
    message = f"voice-reply-code:{ticket_no}:{code}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeCheck:
    """What a code keyed in on a call opened."""

    #: The ticket whose code it was; None for a wrong (or locked) code.
    ticket_no: str | None = None
    #: That ticket's agent replies the caller had not heard, now marked shown.
    replies: tuple[ThreadMessage, ...] = ()
    #: Wrong tries left before the codes of the caller's waiting tickets lock.
    tries_left: int = 0

    @property
    def opened(self) -> bool:
        return self.ticket_no is not None


class ReplyCodes:
    """The ``handoff_reply_codes`` table next to a :class:`ReplyStore`'s threads."""

    def __init__(self, store: ReplyStore) -> None:
        self.store = store

    async def _in_thread(self, work: Callable[[], T]) -> T:
        await self.store.ensure_schema()
        return await asyncio.to_thread(work)

    @staticmethod
    def _waiting(conversation_id: str) -> Select:
        unheard = exists().where(
            and_(
                _m.c.ticket_no == _c.c.ticket_no,
                _m.c.direction == "agent",
                _m.c.shown_at.is_(None),
            )
        )
        return (
            select(_c)
            .where(_c.c.conversation_id == conversation_id, _c.c.failures < MAX_FAILURES, unheard)
            .order_by(_c.c.created_at, _c.c.ticket_no)
        )

    async def issue(
        self, ticket_no: str, *, conversation_id: str, binding: str | None
    ) -> str | None:
        """A new code for ``ticket_no`` if this call opened it and it has none yet; else None."""
        store = self.store

        def run() -> str | None:
            with store.engine.begin() as conn:
                ticket = store.ticket_in(conn, ticket_no)
                if (
                    ticket is None
                    or ticket.conversation_id != conversation_id
                    or binding is None
                    or ticket.client_binding is None
                    or not hmac.compare_digest(ticket.client_binding, binding)
                ):
                    return None
                if conn.execute(
                    select(_c.c.ticket_no).where(_c.c.ticket_no == ticket.ticket_no)
                ).first():
                    return None
                code = new_code()
                try:
                    with conn.begin_nested():
                        conn.execute(
                            insert(_c).values(
                                ticket_no=ticket.ticket_no,
                                conversation_id=conversation_id,
                                created_at=store.clock(),
                                code_hash=code_hash(store.secret_key, ticket.ticket_no, code),
                                failures=0,
                            )
                        )
                except IntegrityError:  # issued by a turn running at the same time
                    return None
                return code

        code = await self._in_thread(run)
        if code is not None:
            logger.info("ticket %s: a reply code was read to the caller", ticket_no)
        return code

    async def waiting(self, conversation_id: str) -> list[str]:
        """Tickets of the conversation with an unheard agent reply and a code that still opens."""

        def run() -> list[str]:
            with self.store.engine.connect() as conn:
                return [row.ticket_no for row in conn.execute(self._waiting(conversation_id))]

        result: list[str] = await self._in_thread(run)
        return result

    async def check(self, conversation_id: str, entered: str) -> CodeCheck:
        """Compare ``entered`` with the codes of the conversation's waiting tickets.

        Right: that ticket's unheard replies, marked shown. Wrong: one try fewer for
        each waiting ticket, and the tries left.
        """
        store = self.store

        def run() -> CodeCheck:
            with store.engine.begin() as conn:
                rows = conn.execute(self._waiting(conversation_id)).all()
                reserved = []
                for row in rows:
                    # The try is counted first: the row lock makes calls at once queue here.
                    taken = conn.execute(
                        update(_c)
                        .where(_c.c.ticket_no == row.ticket_no, _c.c.failures < MAX_FAILURES)
                        .values(failures=_c.c.failures + 1)
                    ).rowcount
                    if taken:
                        reserved.append(row)
                match = next(
                    (
                        row
                        for row in reserved
                        if hmac.compare_digest(
                            row.code_hash, code_hash(store.secret_key, row.ticket_no, entered)
                        )
                    ),
                    None,
                )
                if match is None:
                    failures = [
                        conn.execute(
                            select(_c.c.failures).where(_c.c.ticket_no == row.ticket_no)
                        ).scalar_one()
                        for row in reserved
                    ]
                    left = MAX_FAILURES - max(failures) if failures else 0
                    return CodeCheck(tries_left=max(left, 0))
                conn.execute(
                    update(_c)
                    .where(_c.c.ticket_no.in_([row.ticket_no for row in reserved]))
                    .values(failures=_c.c.failures - 1)
                )
                unheard = conn.execute(
                    select(_m)
                    .where(
                        _m.c.ticket_no == match.ticket_no,
                        _m.c.direction == "agent",
                        _m.c.shown_at.is_(None),
                    )
                    .order_by(_m.c.created_at, _m.c.id)
                ).all()
                now = store.clock()
                heard = []
                for message in unheard:
                    claimed = conn.execute(
                        update(_m)
                        .where(_m.c.id == message.id, _m.c.shown_at.is_(None))
                        .values(shown_at=now)
                    ).rowcount
                    if claimed:
                        heard.append(thread_message(message))
                failures = conn.execute(
                    select(_c.c.failures).where(_c.c.ticket_no == match.ticket_no)
                ).scalar_one()
                return CodeCheck(
                    ticket_no=match.ticket_no,
                    replies=tuple(heard),
                    tries_left=MAX_FAILURES - failures,
                )

        result: CodeCheck = await self._in_thread(run)
        if result.opened:
            logger.info("ticket %s: the caller's reply code was right", result.ticket_no)
        else:
            logger.warning(
                "a wrong reply code on a call (%d tries left for its tickets)", result.tries_left
            )
        return result
