"""Citizens' feedback on the bot's answers: 有帮助 / 没帮助 and "saved me a call".

Written by the Rasa server (the feedback channel, :mod:`bot.channels.feedback`, and
the SMS and voice channels' end-of-conversation question), read by the operators'
console (:mod:`bot.console`). One row per verdict, tied to the answer it judges by
the response name and the intent of the turn, so that the console can say which
answers people found useless. The table lives in the bot's database beside the
tracker store and is created on first use; like every store it erases a
conversation's rows on request and purges old ones (:mod:`bot.retention`).

Errors: :class:`FeedbackError` (a ``ValueError``) for a verdict that can't be stored.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa

from bot.db import Clock, UtcDateTime, create_tables, engine_for, utc_now

FeedbackKind = Literal["helpful", "saved_call"]
FEEDBACK_KINDS: frozenset[str] = frozenset({"helpful", "saved_call"})
#: Where a verdict came from: the web page's buttons, a REST client, an SMS reply, a keypad.
FeedbackSource = Literal["web", "rest", "sms", "voice"]

metadata = sa.MetaData()

feedback_table = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("created_at", UtcDateTime(), nullable=False, index=True),
    sa.Column("channel", sa.String(32), nullable=False),
    # "helpful": was this answer useful; "saved_call": did the bot save a 12333 call.
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("positive", sa.Boolean, nullable=False),
    # The answer judged: the domain response (utter_faq/…) and the intent of its turn.
    sa.Column("response", sa.String(128)),
    sa.Column("intent", sa.String(128)),
    # The timestamp of the bot event judged; one verdict of each kind per answer.
    sa.Column("answer_at", sa.Float, nullable=False, server_default="0"),
)


#: When the SMS and voice channels last asked a conversation for its verdict: they ask
#: at most once per :data:`ASK_INTERVAL`.
feedback_asks = sa.Table(
    "feedback_asks",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("asked_at", UtcDateTime(), nullable=False, index=True),
)
#: "Never more than once a day per number."
ASK_INTERVAL = timedelta(days=1)


class FeedbackError(ValueError):
    """A verdict that can't be stored (unknown kind, empty conversation id)."""


@dataclass(frozen=True)
class Verdict:
    """One citizen's verdict on one answer (or, for ``saved_call``, the conversation)."""

    conversation_id: str
    channel: str
    kind: FeedbackKind
    positive: bool
    response: str | None = None
    intent: str | None = None
    #: The timestamp of the bot event judged (0 for the conversation as a whole).
    answer_at: float = 0.0


@dataclass(frozen=True)
class FeedbackRow:
    """A stored verdict, as the console reads it."""

    conversation_id: str
    created_at: datetime
    channel: str
    kind: FeedbackKind
    positive: bool
    response: str | None
    intent: str | None


class FeedbackStore:
    """The ``feedback`` table: record, read, erase, purge."""

    retention_name = "feedback_rows"

    def __init__(self, database_url: str, *, clock: Clock = utc_now) -> None:
        self.engine = engine_for(database_url)
        self._clock = clock
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            create_tables(metadata, self.engine)
            self._ready = True

    async def record(self, verdict: Verdict) -> None:
        """Store ``verdict``; a second verdict on the same answer replaces the first."""
        if verdict.kind not in FEEDBACK_KINDS:
            raise FeedbackError(f"unknown feedback kind {verdict.kind!r}")
        if not verdict.conversation_id:
            raise FeedbackError("a verdict needs a conversation")
        await asyncio.to_thread(self._record, verdict)

    def _record(self, verdict: Verdict) -> None:
        self._ensure()
        t = feedback_table
        same = sa.and_(
            t.c.conversation_id == verdict.conversation_id,
            t.c.kind == verdict.kind,
            t.c.answer_at == verdict.answer_at,
            t.c.response.is_(None)
            if verdict.response is None
            else t.c.response == verdict.response,
        )
        values: dict[str, Any] = {
            "conversation_id": verdict.conversation_id,
            "created_at": self._clock(),
            "channel": verdict.channel,
            "kind": verdict.kind,
            "positive": verdict.positive,
            "response": verdict.response,
            "intent": verdict.intent,
            "answer_at": verdict.answer_at,
        }
        with self.engine.begin() as conn:
            conn.execute(t.delete().where(same))
            conn.execute(t.insert().values(**values))

    async def asked_since(self, conversation_prefix: str, since: datetime) -> bool:
        """Whether any conversation starting with ``conversation_prefix`` gave a verdict since."""
        return await asyncio.to_thread(self._asked_since, conversation_prefix, since)

    def _asked_since(self, prefix: str, since: datetime) -> bool:
        self._ensure()
        t = feedback_table
        query = (
            sa.select(t.c.id)
            .where(t.c.conversation_id.startswith(prefix, autoescape=True))
            .where(t.c.created_at >= since)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    async def rows(self, since: datetime | None = None) -> list[FeedbackRow]:
        """Every verdict (since ``since``), oldest first."""
        return await asyncio.to_thread(self.rows_sync, since)

    def rows_sync(self, since: datetime | None = None) -> list[FeedbackRow]:
        """:meth:`rows` for callers that already run in a thread (the console)."""
        self._ensure()
        t = feedback_table
        query = sa.select(t).order_by(t.c.created_at, t.c.id)
        if since is not None:
            query = query.where(t.c.created_at >= since)
        with self.engine.connect() as conn:
            return [
                FeedbackRow(
                    conversation_id=row.conversation_id,
                    created_at=row.created_at,
                    channel=row.channel,
                    kind=row.kind,
                    positive=bool(row.positive),
                    response=row.response,
                    intent=row.intent,
                )
                for row in conn.execute(query)
            ]

    async def may_ask(self, conversation_id: str) -> bool:
        """Whether the end-of-conversation question may go out now; if so, it is noted.

        At most once per :data:`ASK_INTERVAL` per conversation (for SMS, per number).
        """
        return await asyncio.to_thread(self._may_ask, conversation_id)

    def _may_ask(self, conversation_id: str) -> bool:
        self._ensure()
        now = self._clock()
        t = feedback_asks
        with self.engine.begin() as conn:
            claimed = conn.execute(
                t.update()
                .where(t.c.conversation_id == conversation_id)
                .where(t.c.asked_at < now - ASK_INTERVAL)
                .values(asked_at=now)
            ).rowcount
            if claimed:
                return True
            if conn.execute(
                sa.select(t.c.conversation_id).where(t.c.conversation_id == conversation_id)
            ).first():
                return False
            try:
                with conn.begin_nested():
                    conn.execute(t.insert().values(conversation_id=conversation_id, asked_at=now))
            except sa.exc.IntegrityError:
                return False  # another server asked at the same moment
            return True

    async def erase(self, conversation_id: str) -> int:
        """Delete the verdicts of ``conversation_id``; returns how many."""

        def delete() -> int:
            self._ensure()
            with self.engine.begin() as conn:
                conn.execute(
                    feedback_asks.delete().where(feedback_asks.c.conversation_id == conversation_id)
                )
                return int(
                    conn.execute(
                        feedback_table.delete().where(
                            feedback_table.c.conversation_id == conversation_id
                        )
                    ).rowcount
                )

        return await asyncio.to_thread(delete)

    async def purge(self, before: datetime) -> int:
        """Delete verdicts older than ``before``; returns how many."""

        def delete() -> int:
            self._ensure()
            with self.engine.begin() as conn:
                conn.execute(feedback_asks.delete().where(feedback_asks.c.asked_at < before))
                return int(
                    conn.execute(
                        feedback_table.delete().where(feedback_table.c.created_at < before)
                    ).rowcount
                )

        return await asyncio.to_thread(delete)
