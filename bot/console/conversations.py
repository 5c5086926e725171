"""The tracker store as the console sees it: conversations, their turns, read only.

Rasa's SQL tracker store keeps one row per event in ``events`` (sender_id,
type_name, timestamp, intent_name, action_name and the event as JSON). The console
reads it incrementally: an :class:`EventIndex` remembers the last row id it read
and, on each page, reads only the rows added since; when rows went away (an
erasure, the retention purge) it reads everything again. Turns keep what the
figures and the inbox need; transcripts are read per conversation, on demand.
Nothing here writes to the tracker store.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.contract import LOGIN_EVENT_INTENT, LOGIN_OUTCOME_ENTITY, LOGIN_PATH, SECRET_INTENT
from bot.handoff.models import CHINA_TZ
from bot.privacy import mask_personal_data

#: The NLU's own "not understood" intent (FallbackClassifier) and the out-of-scope
#: intents: anything else, and social-security policy (社保卡, 养老金, 医保), which the
#: bot sends to 12333; both are what operators may want the bot to learn.
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENTS = frozenset({"out_of_scope", "out_of_scope_social"})
#: The actions that answer a message the bot did not understand or can't help with.
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_default_fallback"})
OUT_OF_SCOPE_ACTION = "action_out_of_scope"
#: The hand-off action that writes a ticket (actions/handoff.py).
HANDOFF_ACTION = "action_submit_handoff"
#: Below this the NLU was guessing, even where it passed the fallback threshold (0.45 in
#: config.yml): such messages are worth an operator's look.
LOW_CONFIDENCE = 0.6
#: Actions that are Rasa's bookkeeping, not the bot's answer to a message.
BOOKKEEPING_ACTIONS = frozenset({"action_listen", "action_session_start", "action_unlikely_intent"})
#: Intents the server gives without NLU: never unanswered questions.
INTERNAL_INTENTS = frozenset({LOGIN_EVENT_INTENT, SECRET_INTENT, "session_start"})
#: A one-time login link is a bearer secret while it lives: shown only as its path.
_LOGIN_LINK_RE = re.compile(re.escape(LOGIN_PATH) + r"[A-Za-z0-9_\-.~%]+")
#: Rows read per query while indexing, so a big store is never one giant result.
READ_BATCH = 5000

events_table = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def channel_of(conversation_id: str) -> str:
    """The channel prefix of a conversation id (``rest``, ``web``, ``sms``, ``voice``)."""
    prefix, sep, _ = conversation_id.partition(":")
    return prefix if sep else "other"


def day_of(timestamp: float) -> str:
    """The Beijing date of a Unix timestamp, ``YYYY-MM-DD``: the bureau's working day."""
    return datetime.fromtimestamp(timestamp, CHINA_TZ).strftime("%Y-%m-%d")


def mask_text(text: str) -> str:
    """A message as staff may see it: passwords, ID numbers and login links masked."""
    return _LOGIN_LINK_RE.sub(LOGIN_PATH + "******", mask_personal_data(text))


def as_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


@dataclass
class Turn:
    """One user message and what the bot did about it."""

    timestamp: float
    #: Masked text (passwords and ID numbers replaced); never the raw message.
    text: str
    intent: str | None
    confidence: float | None
    #: The FAQ answer the response selector would have picked, and its confidence.
    guess: str | None = None
    guess_confidence: float | None = None
    next_action: str | None = None
    latency: float | None = None

    @property
    def internal(self) -> bool:
        return self.intent in INTERNAL_INTENTS or self.text.startswith("/")

    @property
    def fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or self.next_action in FALLBACK_ACTIONS

    @property
    def out_of_scope(self) -> bool:
        return self.intent in OUT_OF_SCOPE_INTENTS

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def unanswered(self) -> bool:
        """Met the fallback, the out-of-scope answer, or a guess of low confidence."""
        if self.internal or not self.text.strip():
            return False
        return self.fallback or self.out_of_scope or self.low_confidence


@dataclass
class Conversation:
    """What the console lists of one conversation."""

    conversation_id: str
    started: float
    last: float
    turns: list[Turn] = field(default_factory=list)
    handoff: bool = False
    login: bool = False
    intents: Counter[str] = field(default_factory=Counter)

    @property
    def channel(self) -> str:
        return channel_of(self.conversation_id)

    @property
    def day(self) -> str:
        return day_of(self.started)

    @property
    def fallback(self) -> bool:
        return any(turn.fallback for turn in self.turns)

    @property
    def user_turns(self) -> list[Turn]:
        return [turn for turn in self.turns if not turn.internal]


def _user_turn(timestamp: float, data: dict[str, Any]) -> Turn:
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    guess = guess_conf = None
    selector = (parse.get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    if response.get("intent_response_key"):
        guess = str(response["intent_response_key"])
        guess_conf = response.get("confidence")
    text = data.get("text") or ""
    return Turn(
        timestamp=timestamp,
        text=mask_text(str(text)),
        intent=intent.get("name"),
        confidence=intent.get("confidence"),
        guess=guess,
        guess_confidence=float(guess_conf) if isinstance(guess_conf, int | float) else None,
    )


def _logged_in(data: dict[str, Any]) -> bool:
    entities = (data.get("parse_data") or {}).get("entities") or []
    return any(
        e.get("entity") == LOGIN_OUTCOME_ENTITY and e.get("value") == "succeeded"
        for e in entities
        if isinstance(e, dict)
    )


class EventIndex:
    """Every conversation of the tracker store, summarised and kept up to date.

    Thread-safe: the console calls :meth:`refresh` from its worker threads.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._last_id = 0
        self._rows_seen = 0
        self.conversations: dict[str, Conversation] = {}

    def refresh(self) -> dict[str, Conversation]:
        """Read the rows added since the last call (everything after a deletion)."""
        with self._lock:
            try:
                with self.engine.connect() as conn:
                    count = conn.execute(sa.select(sa.func.count()).select_from(events_table))
                    total = int(count.scalar() or 0)
                    if total < self._rows_seen:
                        self._reset()
                    self._read(conn, total)
            except SQLAlchemyError:
                if not sa.inspect(self.engine).has_table("events"):
                    # Rasa has not stored a conversation yet.
                    self._reset()
                    return self.conversations
                raise
            return self.conversations

    def _reset(self) -> None:
        self._last_id = 0
        self._rows_seen = 0
        self.conversations = {}

    def _read(self, conn: sa.engine.Connection, total: int) -> None:
        t = events_table
        while True:
            rows = conn.execute(
                sa.select(
                    t.c.id, t.c.sender_id, t.c.type_name, t.c.timestamp, t.c.action_name, t.c.data
                )
                .where(t.c.id > self._last_id)
                .order_by(t.c.id)
                .limit(READ_BATCH)
            ).all()
            for row in rows:
                self._add(row)
                self._last_id = row.id
            self._rows_seen += len(rows)
            if len(rows) < READ_BATCH:
                break
        if self._rows_seen != total:
            # Rows went away while new ones came: read everything once more.
            self._reset()
            self._read(conn, total)

    def _add(self, row: Any) -> None:
        timestamp = float(row.timestamp or 0.0)
        conv = self.conversations.get(row.sender_id)
        if conv is None:
            conv = self.conversations[row.sender_id] = Conversation(
                row.sender_id, started=timestamp, last=timestamp
            )
        conv.last = max(conv.last, timestamp)
        kind = row.type_name
        if kind == "user":
            data = _loads(row.data)
            turn = _user_turn(timestamp, data)
            if turn.intent == LOGIN_EVENT_INTENT and _logged_in(data):
                conv.login = True
            if not turn.internal and turn.intent:
                conv.intents[turn.intent] += 1
            conv.turns.append(turn)
        elif kind == "action":
            name = row.action_name or ""
            if name == HANDOFF_ACTION:
                conv.handoff = True
            if (
                conv.turns
                and conv.turns[-1].next_action is None
                and name not in BOOKKEEPING_ACTIONS
            ):
                conv.turns[-1].next_action = name
        elif kind == "bot" and conv.turns and conv.turns[-1].latency is None:
            conv.turns[-1].latency = max(0.0, timestamp - conv.turns[-1].timestamp)


def _loads(data: str | None) -> dict[str, Any]:
    try:
        value = json.loads(data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class TranscriptLine:
    """One line of a masked transcript."""

    timestamp: float
    speaker: str  # "user" | "bot" | "event"
    text: str
    detail: str = ""


def transcript(engine: Engine, conversation_id: str) -> list[TranscriptLine]:
    """The conversation's messages, masked, oldest first; bot lines name their response."""
    t = events_table
    query = (
        sa.select(t.c.type_name, t.c.timestamp, t.c.action_name, t.c.data)
        .where(t.c.sender_id == conversation_id)
        .where(t.c.type_name.in_(["user", "bot", "action"]))
        .order_by(t.c.id)
    )
    lines: list[TranscriptLine] = []
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("events"):
            return lines
        for row in conn.execute(query):
            ts = float(row.timestamp or 0.0)
            if row.type_name == "action":
                if row.action_name == HANDOFF_ACTION:
                    lines.append(TranscriptLine(ts, "event", "转人工工单已创建"))
                continue
            data = _loads(row.data)
            if row.type_name == "user":
                turn = _user_turn(ts, data)
                if turn.intent == LOGIN_EVENT_INTENT:
                    lines.append(TranscriptLine(ts, "event", "登录结果通知"))
                    continue
                conf = f" {turn.confidence:.2f}" if turn.confidence is not None else ""
                lines.append(TranscriptLine(ts, "user", turn.text, f"{turn.intent or ''}{conf}"))
            else:
                meta = data.get("metadata") or {}
                text = mask_text(str(data.get("text") or ""))
                detail = str(meta.get("utter_action") or "") if isinstance(meta, dict) else ""
                lines.append(TranscriptLine(ts, "bot", text, detail))
    return lines
