"""Status alerts (issue 16): who asked to hear about which submission, and where.

A subscription is made by an action after the user's consent, bound to the
conversation, its channel and the client binding of the login (a phone's SMS
conversation, a web page's secret), and to the portal's subscription id that the
portal's events carry. It ends when the submission reaches a final status (every
status after 未审核 is final), when its contact says 取消提醒 / STOP / TD / 退订, or
after :data:`SUBSCRIPTION_LIFETIME`.

This module is the store (SQLAlchemy Core under DATABASE_URL, in a thread, with
``erase`` and ``purge`` for :mod:`bot.retention`), the quiet-hours arithmetic, and
the held alerts: an alert that falls in the quiet hours waits here until the
morning, then goes to the notification outbox (:mod:`bot.notify`) like any other.
It imports nothing of Rasa's: the action server and the retention job use it too.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, delete, insert, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.db import Clock, UtcDateTime, create_tables, engine_for, utc_now

#: A subscription nobody's event ended is dropped after this long (the portal's too).
SUBSCRIPTION_LIFETIME = timedelta(days=90)
#: How long an event id is remembered to deduplicate retries; the portal gives up
#: after 24 h, and a replay outside its 300 s window is refused anyway.
EVENT_MEMORY = timedelta(days=2)
BEIJING = timezone(timedelta(hours=8))
#: What a citizen may leave for e-mail alerts (one address, as people type it).
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,190}\.[A-Za-z]{2,24}")

_metadata = MetaData()
alert_subscriptions = Table(
    "alert_subscriptions",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("portal_subscription_id", String(64), nullable=False, unique=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("client_binding", String(128), nullable=False),
    Column("phone", String(32)),
    Column("email", String(255)),
    Column("acceptance_no", String(32), nullable=False),
    Column("item", String(100), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)
alert_events_seen = Table(
    "alert_events_seen",
    _metadata,
    Column("event_id", String(64), primary_key=True),
    Column("received_at", UtcDateTime(), nullable=False, index=True),
)
alert_held = Table(
    "alert_held",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(255), nullable=False, unique=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    # The AlertTarget and the text, as JSON: what to send when the quiet hours end.
    Column("payload", Text, nullable=False),
    Column("not_before", UtcDateTime(), nullable=False, index=True),
)


@dataclass(frozen=True)
class AlertSubscription:
    """One subscription, as the bot keeps it."""

    portal_subscription_id: str
    conversation_id: str
    channel: str
    client_binding: str
    acceptance_no: str
    item: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class HeldAlert:
    """An alert waiting for the end of the quiet hours."""

    id: int
    dedupe_key: str
    conversation_id: str
    payload: dict[str, Any]


def in_quiet_hours(moment: datetime, quiet: tuple[int, int] | None) -> bool:
    """Whether ``moment`` (aware) falls in the quiet hours ``(start, end)``, Beijing time."""
    if quiet is None:
        return False
    start, end = quiet
    hour = moment.astimezone(BEIJING).hour
    return start <= hour < end if start < end else hour >= start or hour < end


def quiet_until(moment: datetime, quiet: tuple[int, int] | None) -> datetime | None:
    """When the quiet hours around ``moment`` end (aware UTC), or None outside them."""
    if quiet is None or not in_quiet_hours(moment, quiet):
        return None
    local = moment.astimezone(BEIJING)
    end = datetime.combine(local.date(), time(quiet[1]), tzinfo=BEIJING)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(timezone.utc)


def email_in(text: str) -> str | None:
    """The e-mail address a message holds, if one."""
    match = EMAIL_PATTERN.search(text or "")
    return match.group(0) if match else None


class AlertStore:
    """Subscriptions, seen events and held alerts under DATABASE_URL."""

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "alert_rows"

    def __init__(
        self, database_url: str, *, clock: Clock = utc_now, engine: Engine | None = None
    ) -> None:
        self.clock = clock
        self.engine = engine or engine_for(database_url)
        self._ready = False

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        if not self._ready:
            await asyncio.to_thread(create_tables, _metadata, self.engine)
            self._ready = True
        return await asyncio.to_thread(work, *args)

    # -- subscriptions ------------------------------------------------------------

    async def add(self, subscription: AlertSubscription) -> None:
        def write() -> None:
            now = self.clock()
            with self.engine.begin() as conn:
                conn.execute(
                    insert(alert_subscriptions).values(
                        portal_subscription_id=subscription.portal_subscription_id,
                        conversation_id=subscription.conversation_id,
                        channel=subscription.channel,
                        client_binding=subscription.client_binding,
                        phone=subscription.phone,
                        email=subscription.email,
                        acceptance_no=subscription.acceptance_no,
                        item=subscription.item,
                        created_at=now,
                        expires_at=now + SUBSCRIPTION_LIFETIME,
                    )
                )

        await self._run(write)

    async def find(self, portal_subscription_id: str) -> AlertSubscription | None:
        """The live subscription the portal's id names."""

        def read() -> AlertSubscription | None:
            with self.engine.begin() as conn:
                row = conn.execute(
                    select(alert_subscriptions).where(
                        alert_subscriptions.c.portal_subscription_id == portal_subscription_id,
                        alert_subscriptions.c.expires_at > self.clock(),
                    )
                ).first()
            return _subscription(row) if row is not None else None

        result: AlertSubscription | None = await self._run(read)
        return result

    async def of_conversation(self, conversation_id: str) -> list[AlertSubscription]:
        def read() -> list[AlertSubscription]:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(alert_subscriptions)
                    .where(
                        alert_subscriptions.c.conversation_id == conversation_id,
                        alert_subscriptions.c.expires_at > self.clock(),
                    )
                    .order_by(alert_subscriptions.c.id)
                ).fetchall()
            return [_subscription(row) for row in rows]

        result: list[AlertSubscription] = await self._run(read)
        return result

    async def end(self, portal_subscription_id: str) -> int:
        """End one subscription (its submission reached a final status)."""
        return await self._delete(
            alert_subscriptions.c.portal_subscription_id == portal_subscription_id
        )

    async def end_for_contact(self, conversation_id: str) -> int:
        """End every subscription of this contact: 取消提醒, STOP, TD, 退订.

        A phone's SMS conversation is the phone, so this takes all of its subscriptions.
        """
        await self._delete(alert_held.c.conversation_id == conversation_id, alert_held)
        return await self._delete(alert_subscriptions.c.conversation_id == conversation_id)

    async def _delete(self, condition: Any, table: Table = alert_subscriptions) -> int:
        def write() -> int:
            with self.engine.begin() as conn:
                return int(conn.execute(delete(table).where(condition)).rowcount or 0)

        result: int = await self._run(write)
        return result

    # -- events ---------------------------------------------------------------------

    async def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; false if it was seen before (a retry or a replay)."""

        def write() -> bool:
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(alert_events_seen).values(
                            event_id=event_id, received_at=self.clock()
                        )
                    )
            except IntegrityError:
                return False
            return True

        result: bool = await self._run(write)
        return result

    async def forget_event(self, event_id: str) -> None:
        """Let the portal's retry through again (handling the event failed)."""
        await self._delete(alert_events_seen.c.event_id == event_id, alert_events_seen)

    # -- alerts held through the quiet hours ---------------------------------------

    async def hold(
        self, dedupe_key: str, conversation_id: str, payload: dict[str, Any], not_before: datetime
    ) -> bool:
        def write() -> bool:
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(alert_held).values(
                            dedupe_key=dedupe_key,
                            conversation_id=conversation_id,
                            payload=json.dumps(payload, ensure_ascii=False),
                            not_before=not_before,
                        )
                    )
            except IntegrityError:
                return False
            return True

        result: bool = await self._run(write)
        return result

    async def take_due(self, limit: int = 100) -> list[HeldAlert]:
        """The held alerts whose quiet hours are over, removed from the table."""

        def take() -> list[HeldAlert]:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(alert_held)
                    .where(alert_held.c.not_before <= self.clock())
                    .order_by(alert_held.c.id)
                    .limit(limit)
                ).fetchall()
                if rows:
                    conn.execute(
                        delete(alert_held).where(alert_held.c.id.in_([r.id for r in rows]))
                    )
            return [
                HeldAlert(r.id, r.dedupe_key, r.conversation_id, json.loads(r.payload))
                for r in rows
            ]

        result: list[HeldAlert] = await self._run(take)
        return result

    async def held(self) -> int:
        def count() -> int:
            with self.engine.begin() as conn:
                return len(conn.execute(select(alert_held.c.id)).fetchall())

        result: int = await self._run(count)
        return result

    # -- retention --------------------------------------------------------------------

    async def erase(self, conversation_id: str) -> int:
        """Delete the conversation's subscriptions and held alerts."""

        def write() -> int:
            with self.engine.begin() as conn:
                return sum(
                    int(
                        conn.execute(
                            delete(table).where(table.c.conversation_id == conversation_id)
                        ).rowcount
                        or 0
                    )
                    for table in (alert_subscriptions, alert_held)
                )

        result: int = await self._run(write)
        return result

    async def purge(self, before: datetime) -> int:
        """Delete expired subscriptions, those made before ``before``, and old event ids."""

        def write() -> int:
            now = self.clock()
            with self.engine.begin() as conn:
                subscriptions = conn.execute(
                    delete(alert_subscriptions).where(
                        or_(
                            alert_subscriptions.c.expires_at <= now,
                            alert_subscriptions.c.created_at < before,
                        )
                    )
                ).rowcount
                seen = conn.execute(
                    delete(alert_events_seen).where(
                        alert_events_seen.c.received_at < now - EVENT_MEMORY
                    )
                ).rowcount
            return int(subscriptions or 0) + int(seen or 0)

        result: int = await self._run(write)
        return result


def _subscription(row: Any) -> AlertSubscription:
    return AlertSubscription(
        portal_subscription_id=row.portal_subscription_id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        client_binding=row.client_binding,
        acceptance_no=row.acceptance_no,
        item=row.item,
        phone=row.phone,
        email=row.email,
    )
