"""Rasa stores configured from URLs in the environment (see endpoints.yml).

Rasa's endpoint file can read environment variables but can't make a section
optional, so the lock store is one class that is Redis when ``REDIS_URL`` is set
and in-memory (one server) when it is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import itertools
import json
import logging
import os
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
import ujson
from rasa.core.brokers.broker import EventBroker
from rasa.core.constants import POSTGRESQL_SCHEMA
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Select

from bot.db import create_tables, engine_for
from bot.retention import ERASE_ACTION, erase_conversation, stores_for
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: Redis database the lock store uses when the URL names none.
DEFAULT_LOCK_DB = 1
#: While the database is not up yet at start, the tracker store tries again this often
#: (as Rasa's own SQL tracker store does).
DATABASE_RETRY_INTERVAL = 5.0
#: Conversations whose tracker a server keeps after saving it, the most recent first.
TRACKER_CACHE_SIZE = 256
#: A kept tracker older than this is read back from the database instead; far shorter
#: than any retention period, so rows purged by age are never those of a kept tracker.
TRACKER_CACHE_TTL = 600.0


class LockStoreConfigError(ValueError):
    """The lock store can't serve the configured number of workers or servers."""


def redis_lock_store(url: str) -> RedisLockStore:
    """A Redis lock store from ``redis://[:password@]host:port/db`` or ``rediss://…``."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise LockStoreConfigError(f"REDIS_URL must start with redis:// or rediss://, not {url!r}")
    db = parts.path.lstrip("/")
    return RedisLockStore(
        host=parts.hostname or "localhost",
        port=parts.port or 6379,
        db=int(db) if db else DEFAULT_LOCK_DB,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix="hz12333",
    )


#: Each change of a conversation's lock is one Lua script, run atomically by Redis: a
#: turn takes its ticket and learns whether it is first in one round trip, and gives
#: it back in one more. The lock is kept as Rasa's ``TicketLock.dumps`` writes it
#: (tickets as JSON strings), so Rasa's own ``get_lock`` still reads it. A ticket is
#: live while ``expires >= now``, as ``Ticket.has_expired`` has it; ``now`` is the
#: server's clock, as in Rasa.
_LIVE_TICKETS = """
local now = tonumber(ARGV[1])
local live = {}
local raw = redis.call('GET', KEYS[1])
if raw then
  for _, dumped in ipairs(cjson.decode(raw)['tickets']) do
    local ticket = cjson.decode(dumped)
    if ticket['expires'] >= now then table.insert(live, ticket) end
  end
end
local function save(tickets)
  if #tickets == 0 then
    redis.call('DEL', KEYS[1])
    return
  end
  local dumped = {}
  for i, ticket in ipairs(tickets) do
    dumped[i] = cjson.encode({number = ticket['number'], expires = ticket['expires']})
  end
  redis.call('SET', KEYS[1], cjson.encode({conversation_id = ARGV[2], tickets = dumped}))
end
local function issue(lifetime)
  local number = 0
  if #live > 0 then number = live[#live]['number'] + 1 end
  table.insert(live, {number = number, expires = now + lifetime})
  save(live)
  return number
end
"""
#: ARGV: now, conversation id, lifetime → {the ticket taken, the ticket served first}.
_TAKE = (
    _LIVE_TICKETS
    + """
local number = issue(tonumber(ARGV[3]))
return {number, live[1]['number']}
"""
)
#: ARGV: now, conversation id, lifetime, ticket → {1 served | 0 waiting | -1 lost, ticket}.
#: A ticket gone with no live one left takes a new one, which is then first; gone behind
#: a live one (a turn that outlived its ticket), the turn gives up, as Rasa meant.
_CHECK = (
    _LIVE_TICKETS
    + """
local ticket = tonumber(ARGV[4])
local held = false
for _, t in ipairs(live) do
  if t['number'] == ticket then held = true end
end
if not held then
  if #live > 0 then return {-1, ticket} end
  return {1, issue(tonumber(ARGV[3]))}
end
save(live)
if live[1]['number'] == ticket then return {1, ticket} end
return {0, ticket}
"""
)
#: ARGV: now, conversation id, ticket: the ticket given back; no ticket left, no lock.
_RELEASE = (
    _LIVE_TICKETS
    + """
local ticket = tonumber(ARGV[3])
local kept = {}
for _, t in ipairs(live) do
  if t['number'] ~= ticket then table.insert(kept, t) end
end
save(kept)
return #kept
"""
)


class UrlLockStore(LockStore):
    """Redis when ``url`` is set, else in memory; refuses several workers without Redis.

    Rasa 3.6.21's lock has two defects that show with several servers and a crash:

    * Every change of a lock is read, change, write: two servers that issue or
      drop a ticket at once lose one's change, so a waiting turn's ticket vanishes
      (and the turn fails) or two turns hold the same number and run together.
      Here each change is one Lua script, which Redis runs alone.
    * A ticket lives as long as the one ahead of it. A turn sent again after a
      server was killed in one waits behind the dead ticket, and its own expires
      about when that one does; Rasa then waits for a ticket that is gone, until
      some other turn of the conversation deletes the lock. Here a waiting turn
      whose ticket is gone, with no live ticket left, takes a new one (it is then
      first); behind a turn that outlived its ticket it gives up, as Rasa meant.

    It also costs a turn two Redis round trips where Rasa's read-change-write took
    about a dozen, each blocking the event loop.
    """

    def __init__(self, endpoint_config: EndpointConfig | None = None, **_: Any) -> None:
        url = (endpoint_config.url if endpoint_config else None) or ""
        self.inner: LockStore
        if url.strip():
            self.inner = redis_lock_store(url.strip())
            red = self.inner.red
            self._take = red.register_script(_TAKE)
            self._check = red.register_script(_CHECK)
            self._release = red.register_script(_RELEASE)
        else:
            workers = int(os.environ.get("SANIC_WORKERS", "1") or "1")
            if workers > 1:
                raise LockStoreConfigError(
                    "SANIC_WORKERS > 1 needs a shared lock store: set REDIS_URL"
                )
            self.inner = InMemoryLockStore()

    @property
    def is_shared(self) -> bool:
        return isinstance(self.inner, RedisLockStore)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)

    def _key(self, conversation_id: str) -> str:
        assert isinstance(self.inner, RedisLockStore)
        return self.inner.key_prefix + conversation_id

    def _taken(self, conversation_id: str, lock_lifetime: float) -> tuple[int, int]:
        """The ticket taken and the one served first, in one round trip."""
        number, first = self._take(
            keys=[self._key(conversation_id)], args=[time.time(), conversation_id, lock_lifetime]
        )
        return int(number), int(first)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        if not self.is_shared:
            return super().issue_ticket(conversation_id, lock_lifetime)
        return self._taken(conversation_id, lock_lifetime)[0]

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        if not self.is_shared:
            super().cleanup(conversation_id, ticket_number)
            return
        self._release(
            keys=[self._key(conversation_id)], args=[time.time(), conversation_id, ticket_number]
        )

    @contextlib.asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        if self.is_shared:
            ticket, first = self._taken(conversation_id, lock_lifetime)
            served = ticket == first
        else:
            ticket, served = self.issue_ticket(conversation_id, lock_lifetime), False
        try:
            while not served:
                served, ticket = self._served(conversation_id, ticket, lock_lifetime)
                if not served:
                    await asyncio.sleep(wait_time_in_seconds)
            # Rasa's callers don't read the lock they hold; reading it back would cost a
            # round trip a turn.
            yield TicketLock(conversation_id, deque([Ticket(ticket, time.time() + lock_lifetime)]))
        finally:
            self.cleanup(conversation_id, ticket)

    def _served(self, conversation_id: str, ticket: int, lock_lifetime: float) -> tuple[bool, int]:
        """Whether ``ticket`` is served now, and the ticket held (a new one if it was lost
        with no live ticket left); raises ``LockError`` if it was lost behind a live one."""
        if self.is_shared:
            state, held = self._check(
                keys=[self._key(conversation_id)],
                args=[time.time(), conversation_id, lock_lifetime, ticket],
            )
            if int(state) < 0:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            return int(state) == 1, int(held)
        # One process, and no await between the read and the write: nothing runs between.
        lock = self.get_lock(conversation_id) or self.create_lock(conversation_id)
        lock.remove_expired_tickets()
        if lock.tickets and lock.tickets[0].number == ticket:
            return True, ticket
        if not any(t.number == ticket for t in lock.tickets):
            if lock.tickets:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            ticket = lock.issue_ticket(lock_lifetime)
            self.save_lock(lock)
            return True, ticket
        self.save_lock(lock)
        return False, ticket


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """Whether the erase action ran in the turn that is being saved."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False


#: Set on a tracker by the store: how many of its events are in the table.
STORED_EVENTS = "_hz12333_stored_events"


def remember_stored(tracker: DialogueStateTracker) -> None:
    """Note that every event of ``tracker`` is in the table now."""
    tracker.__dict__[STORED_EVENTS] = len(tracker.events)


#: Set on a tracker the store loaded from its latest session (or kept since): one a
#: load of that session would give again, event for event.
LATEST_SESSION = "_hz12333_latest_session"


@dataclasses.dataclass
class KeptTracker:
    """A tracker as the store saved it, and what its conversation's rows were then."""

    tracker: DialogueStateTracker
    #: ``len(tracker.events)`` when it was saved: more means it changed unsaved since.
    events: int
    #: The conversation's rows, and the highest id among them, right after the save.
    rows: int
    last_id: int
    kept_at: float


class ErasingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, on the bot's engine, which erases a conversation on request.

    The erasure happens here, at save time and under the conversation's lock,
    because deleting rows from an action would be undone: the store writes back
    every event it does not find in the table. The bot's stores on the tracker's
    database erase their own rows (:func:`bot.retention.erase_conversation`).

    The store takes the process's engine for its database (:func:`bot.db.engine_for`),
    the one the channels' stores use, instead of making its own; only Rasa's
    ``login_db`` and ``POSTGRESQL_SCHEMA`` set-ups keep Rasa's engine.
    """

    _stores: Sequence[object] | None = None

    def __init__(
        self,
        domain: Domain | None = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "rasa.db",
        username: str | None = None,
        password: str | None = None,
        event_broker: EventBroker | None = None,
        login_db: str | None = None,
        query: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if login_db or os.environ.get(POSTGRESQL_SCHEMA):
            # Rasa creates the database, or pins a schema, on an engine of its own.
            super().__init__(
                domain=domain,
                dialect=dialect,
                host=host,
                port=port,
                db=db,
                username=username,
                password=password,
                event_broker=event_broker,
                login_db=login_db,
                query=query,
                **kwargs,
            )
            return
        url = self.get_db_url(dialect, host, port, db, username, password, login_db, query)
        database_url = url if isinstance(url, str) else url.render_as_string(hide_password=False)
        self.engine = engine_for(database_url)
        while True:
            try:
                create_tables(self.Base.metadata, self.engine)
                break
            except OperationalError as error:
                logger.warning("tracker store: the database is not ready yet: %s", error)
                time.sleep(DATABASE_RETRY_INTERVAL)
        self.sessionmaker = sessionmaker(bind=self.engine)
        super(SQLTrackerStore, self).__init__(domain, event_broker, **kwargs)

    def _database_url(self, settings: Settings) -> str:
        # The same text as DATABASE_URL when it names the same database, so that the
        # stores take the engine the channels already have (one per URL per process).
        if make_url(settings.database_url) == self.engine.url:
            return settings.database_url
        return self.engine.url.render_as_string(hide_password=False)

    def erasing_stores(self) -> Sequence[object]:
        """The bot's stores on this tracker's database, built at the first erasure."""
        if self._stores is None:
            settings = Settings.from_env()
            url = self._database_url(settings)
            self._stores = stores_for(dataclasses.replace(settings, database_url=url))
        return self._stores

    @functools.cached_property
    def _kept(self) -> OrderedDict[str, KeptTracker]:
        return OrderedDict()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        # Every turn read back each event of the session and replayed it into a new
        # tracker: 2.2 ms for a 55-event session here, and more with every turn (issue 15). The tracker saved at the end of the conversation's last turn on
        # this server is kept instead, and brought up to date with any rows another
        # server wrote since. Handed out once: the turn that takes it owns it.
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            tracker = self._brought_up_to_date(sender_id, kept)
            if tracker is not None:
                return tracker
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            remember_stored(tracker)
            tracker.__dict__[LATEST_SESSION] = True
        return tracker

    def _brought_up_to_date(self, sender_id: str, kept: KeptTracker) -> DialogueStateTracker | None:
        """``kept``'s tracker with the rows written after it, or ``None`` when a load
        from the database must decide: it changed unsaved, rows it has were deleted,
        or another server started a new session."""
        tracker = kept.tracker
        if (
            time.monotonic() - kept.kept_at > TRACKER_CACHE_TTL
            or len(tracker.events) != kept.events
        ):
            return None
        params = {"sender_id": sender_id, "last_id": kept.last_id}
        with self.session_scope() as session:
            if session.execute(self._rows_up_to, params).scalar_one() != kept.rows:
                return None
            newer = [ujson.loads(row.data) for row in session.execute(self._rows_after, params)]
        events = deserialise_events(newer)
        if any(isinstance(event, SessionStarted) for event in events):
            return None
        for event in events:
            tracker.update(event)
        remember_stored(tracker)
        return tracker

    def _keep(self, tracker: DialogueStateTracker, rows: int, last_id: int) -> None:
        # The save took any older entry out first, so this one goes in last.
        self._kept[tracker.sender_id] = KeptTracker(
            tracker, len(tracker.events), rows, last_id, time.monotonic()
        )
        while len(self._kept) > TRACKER_CACHE_SIZE:
            self._kept.popitem(last=False)

    @functools.cached_property
    def _rows_up_to(self) -> Select:
        table = self.SQLEvent.__table__
        return sa.select(sa.func.count(table.c.id)).where(
            table.c.sender_id == sa.bindparam("sender_id"), table.c.id <= sa.bindparam("last_id")
        )

    @functools.cached_property
    def _rows_after(self) -> Select:
        table = self.SQLEvent.__table__
        return (
            sa.select(table.c.data)
            .where(
                table.c.sender_id == sa.bindparam("sender_id"), table.c.id > sa.bindparam("last_id")
            )
            .order_by(table.c.id)
        )

    @functools.cached_property
    def _rows_now(self) -> Select:
        table = self.SQLEvent.__table__
        return sa.select(sa.func.count(table.c.id), sa.func.max(table.c.id)).where(
            table.c.sender_id == sa.bindparam("sender_id")
        )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        # Rasa 3.6.21's own body, with ujson (Sanic's, pinned) reading the rows: every
        # turn reads back each event of the session, and ``json.loads`` of the user
        # messages' NLU output was a tenth of the event loop in a 30-turn conversation;
        # ujson takes 40 % less and gives the same objects (issue 15,
        # tests/bot/test_tracker_store_saves.py).
        statement = self._all_sessions if fetch_events_from_all_sessions else self._latest_session
        with self.session_scope() as session:
            rows = session.execute(statement, {"sender_id": sender_id}).all()
            events = [ujson.loads(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    @functools.cached_property
    def _all_sessions(self) -> Select:
        # Built once: an ORM query built for every load cost 5 % of a turn's event loop
        # in SQLAlchemy's statement building and cache keys (issue 15).
        table = self.SQLEvent.__table__
        sender = table.c.sender_id == sa.bindparam("sender_id")
        return sa.select(table.c.data).where(sender).order_by(table.c.id)

    @functools.cached_property
    def _latest_session(self) -> Select:
        # Rasa's ``_event_query``: the events from the latest ``SessionStarted`` on, or
        # all of them when there is none.
        table = self.SQLEvent.__table__
        sender = table.c.sender_id == sa.bindparam("sender_id")
        started = (
            sa.select(sa.func.max(table.c.timestamp))
            .where(sender, table.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        latest = sa.or_(table.c.timestamp >= started, started.is_(None))
        return sa.select(table.c.data).where(sender, latest).order_by(table.c.id)

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        # Rasa 3.6.21 counts the conversation's stored rows again before every save; the
        # tracker was loaded (or saved) under the conversation's lock, so that number is
        # known. Saves 1.6 ms of CPU a turn (issue 15, docs/performance.md).
        stored = tracker.__dict__.get(STORED_EVENTS)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._kept.pop(tracker.sender_id, None)
        if erasure_requested(tracker):
            await erase_conversation(self.engine, tracker.sender_id, self.erasing_stores())
            return
        await self.stream_events(tracker)
        keep = self._keepable(tracker)
        with self.session_scope() as session:
            rows = [
                event_row(tracker.sender_id, event)
                for event in self._additional_events(session, tracker)
            ]
            if rows:
                # One statement for the turn's events: Rasa's ``session.add`` of each
                # has the ORM insert them one by one (issue 15).
                session.execute(self.SQLEvent.__table__.insert(), rows)
            if keep:
                # Under the conversation's lock no one else adds its rows before the commit.
                count, last_id = session.execute(
                    self._rows_now, {"sender_id": tracker.sender_id}
                ).one()
            session.commit()
        remember_stored(tracker)
        if keep and last_id is not None:
            self._keep(tracker, count, last_id)

    def _keepable(self, tracker: DialogueStateTracker) -> bool:
        """Whether a load of the conversation's latest session would give ``tracker``
        again after this save: it was such a load, and started no new session since."""
        stored = tracker.__dict__.get(STORED_EVENTS)
        if not tracker.__dict__.get(LATEST_SESSION) or stored is None:
            return False
        added = itertools.islice(tracker.events, stored, None)
        return not any(isinstance(event, SessionStarted) for event in added)


def event_row(sender_id: str, event: Event) -> dict[str, Any]:
    """The events table's row for ``event``, as Rasa 3.6.21's ``SQLTrackerStore.save``
    writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
