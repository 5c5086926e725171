"""What the console's pages and the weekly report read, in one place.

Everything here is synchronous and runs in a worker thread (the server calls it
through ``asyncio.to_thread``). The tracker store, the outbox and the feedback
table are only read; the console's own tables are written by :mod:`bot.console.store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.console.conversations import Conversation, EventIndex, TranscriptLine, transcript
from bot.console.figures import Period, Table, compute
from bot.console.inbox import Group, groups, unanswered
from bot.console.store import ConsoleStore
from bot.console.tickets import TicketRow, handoff_conversations, read_tickets
from bot.db import engine_for, utc_now
from bot.feedback import FeedbackStore
from bot.settings import Settings

#: Conversations one page of the list shows.
CONVERSATIONS_PER_PAGE = 50


@dataclass(frozen=True)
class ConversationFilter:
    """The conversation list's filters; empty means "any"."""

    first: date | None = None
    last: date | None = None
    channel: str = ""
    intent: str = ""
    fallback: bool | None = None
    handoff: bool | None = None
    login: bool | None = None

    def matches(self, conv: Conversation, handed: set[str]) -> bool:
        day = conv.day
        if self.first and day < self.first.isoformat():
            return False
        if self.last and day > self.last.isoformat():
            return False
        if self.channel and conv.channel != self.channel:
            return False
        if self.intent and self.intent not in conv.intents:
            return False
        checks = (
            (self.fallback, conv.fallback),
            (self.handoff, conv.handoff or conv.conversation_id in handed),
            (self.login, conv.login),
        )
        return all(wanted is None or wanted == actual for wanted, actual in checks)


class ConsoleData:
    """The console's reads of the bot's database."""

    def __init__(self, settings: Settings, *, store: ConsoleStore | None = None) -> None:
        self.settings = settings
        self.engine = engine_for(settings.database_url)
        self.index = EventIndex(self.engine)
        self.feedback = FeedbackStore(settings.database_url)
        self.store = store or ConsoleStore(settings.database_url)

    @property
    def sla(self) -> timedelta:
        return timedelta(hours=self.settings.handoff_sla_hours)

    def conversations(self) -> dict[str, Conversation]:
        return self.index.refresh()

    def inbox(self, *, include_handled: bool = False) -> list[Group]:
        found = groups(unanswered(self.conversations().values()))
        if include_handled:
            return found
        handled = self.store.handled()
        return [
            g for g in found if g.key not in handled or g.last_seen > handled[g.key].timestamp()
        ]

    def tickets(self, query: str = "", state: str = "") -> list[TicketRow]:
        return read_tickets(self.engine, query, state)

    def list_conversations(self, where: ConversationFilter) -> list[Conversation]:
        handed = handoff_conversations(self.engine)
        found = [c for c in self.conversations().values() if where.matches(c, handed)]
        found.sort(key=lambda c: c.last, reverse=True)
        return found

    def intents(self) -> list[str]:
        names: set[str] = set()
        for conv in self.conversations().values():
            names.update(conv.intents)
        return sorted(names)

    def transcript(self, conversation_id: str, staff: str) -> list[TranscriptLine]:
        """The masked transcript; the view is written to the audit log first."""
        self.store.audit(staff, "transcript", conversation_id)
        return transcript(self.engine, conversation_id)

    def figures(self, period: Period) -> list[Table]:
        conversations = self.conversations().values()
        since = datetime.combine(
            period.first - timedelta(days=1), datetime.min.time(), utc_now().tzinfo
        )
        return compute(
            period,
            conversations,
            self.tickets(),
            self.feedback.rows_sync(since),
            handoff_ids=handoff_conversations(self.engine),
        )
