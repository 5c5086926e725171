"""The SMS and voice channels' state in the bot's database (SQLAlchemy Core, in a thread).

The numbered menu last sent to each phone, the opt-outs, the full texts of
condensed answers, the Sids of the requests already answered and the count of
SMS sent by the voice channel live here, because several bot servers may answer
the same phone one message after another. Kept apart from the channel code
(:mod:`bot.channels.twilio_common`, which re-exports it) so that the retention
job can erase and purge it without loading Rasa's channels.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.contract import CONVERSATION_PREFIXES, SMS
from bot.db import Clock, UtcDateTime, add_missing_columns, create_tables, engine_for, utc_now

#: A menu older than this no longer answers a digit: the user has moved on.
MENU_TTL = timedelta(days=1)
#: How long the link to a condensed answer's full text works.
LONG_ANSWER_TTL = timedelta(days=7)
#: Ten characters of [A-Za-z0-9]: about 60 bits, too many to guess, short in an SMS.
ANSWER_ID_LENGTH = 10
_ANSWER_ID_ALPHABET = string.ascii_letters + string.digits
ANSWER_ID_PATTERN = re.compile(rf"^[A-Za-z0-9]{{{ANSWER_ID_LENGTH}}}$")
#: How long the Sid of an answered request is remembered. A signature never expires,
#: so this is as long as the conversation a replay would act on is kept (the
#: default RETENTION_DAYS); a row is a Sid and a time, nothing personal.
REPLAY_MEMORY = timedelta(days=180)
#: Outbound SMS (the voice channel's links) per destination number and overall.
SMS_PER_NUMBER_PER_HOUR = 3
SMS_PER_NUMBER_PER_DAY = 10
SMS_GLOBAL_PER_HOUR = 300
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)

_metadata = MetaData()
sms_menus = Table(
    "sms_menus",
    _metadata,
    Column("phone", String(64), primary_key=True),
    Column("payloads", Text, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
sms_optouts = Table(
    "sms_optouts",
    _metadata,
    Column("phone", String(64), primary_key=True),
    Column("opted_out_at", UtcDateTime(), nullable=False),
)
sms_long_answers = Table(
    "sms_long_answers",
    _metadata,
    Column("id", String(ANSWER_ID_LENGTH), primary_key=True),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    #: Whose answer it is, so that erasing the conversation takes its pages too.
    Column("conversation_id", String(255), nullable=True, index=True),
)
#: Requests already answered: a message's or call's Sid and, for a step of a call,
#: the nonce of the action URL that Twilio called ("" for the call's first request).
twilio_seen = Table(
    "twilio_seen",
    _metadata,
    Column("sid", String(64), nullable=False),
    Column("nonce", String(32), nullable=False),
    Column("seen_at", UtcDateTime(), nullable=False, index=True),
    PrimaryKeyConstraint("sid", "nonce"),
)
#: One row per SMS the voice channel sends, for the caps; the number is kept as a
#: keyed hash, and a row older than a day counts for nothing and is swept.
sms_outbound = Table(
    "sms_outbound",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number_key", String(40), nullable=False, index=True),
    Column("sent_at", UtcDateTime(), nullable=False, index=True),
)


def new_answer_id() -> str:
    return "".join(secrets.choice(_ANSWER_ID_ALPHABET) for _ in range(ANSWER_ID_LENGTH))


@dataclass(frozen=True)
class PhoneState:
    """What the SMS channel remembers about one phone."""

    opted_out: bool = False
    menu: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LongAnswer:
    body: str
    expires_at: datetime


class SmsCap(str, Enum):
    """Why an outbound SMS may or may not go."""

    OK = "ok"
    #: This number has had its share in the last hour or day.
    NUMBER = "number"
    #: The service has sent its share in the last hour.
    GLOBAL = "global"


class SmsStore:
    """Menus, opt-outs and long answers in the bot's database (SQLAlchemy Core, in a thread).

    The tables are created on first use. Phones are keyed by the number Twilio
    verified, as the tracker store keys the conversation: an opt-out list must
    survive a change of ``SECRET_KEY``, so the number is not hashed.
    """

    def __init__(
        self,
        database_url: str,
        *,
        secret_key: str = "",
        engine: Engine | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.database_url = database_url
        self.secret_key = secret_key
        self._engine = engine
        self.clock = clock
        self._ready = False
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> Engine:
        """The process's engine for this database, taken on first use."""
        if self._engine is None:
            self._engine = engine_for(self.database_url)
        return self._engine

    async def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        if not self._ready:
            async with self._lock:
                if not self._ready:
                    await asyncio.to_thread(self._create_tables)
                    self._ready = True
        return await asyncio.to_thread(work, *args)

    def _create_tables(self) -> None:
        create_tables(_metadata, self.engine)
        # A database made before pages carried their conversation lacks the column.
        add_missing_columns(sms_long_answers, self.engine)

    async def close(self) -> None:
        """Close the pooled connections (the process's engine for this database stays usable)."""
        if self._engine is not None:
            await asyncio.to_thread(self._engine.dispose)

    # -- per phone --------------------------------------------------------------

    async def state(self, phone: str) -> PhoneState:
        """The opt-out flag and the live menu of ``phone``, in one round trip."""
        result: PhoneState = await self._run(self._state, phone)
        return result

    def _state(self, phone: str) -> PhoneState:
        with self.engine.connect() as conn:
            opted_out = conn.execute(
                select(sms_optouts.c.phone).where(sms_optouts.c.phone == phone)
            ).first()
            row = conn.execute(
                select(sms_menus.c.payloads, sms_menus.c.updated_at).where(
                    sms_menus.c.phone == phone
                )
            ).first()
        menu: list[str] = []
        if row is not None and row.updated_at >= self.clock() - MENU_TTL:
            loaded = json.loads(row.payloads)
            menu = [p for p in loaded if isinstance(p, str)] if isinstance(loaded, list) else []
        return PhoneState(opted_out=opted_out is not None, menu=menu)

    async def is_opted_out(self, phone: str) -> bool:
        return (await self.state(phone)).opted_out

    async def opt_out(self, phone: str) -> bool:
        """Record the opt-out; ``True`` if it is new. The phone's menu goes with it."""
        result: bool = await self._run(self._opt_out, phone)
        return result

    def _opt_out(self, phone: str) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(sms_menus).where(sms_menus.c.phone == phone))
                conn.execute(insert(sms_optouts).values(phone=phone, opted_out_at=self.clock()))
        except IntegrityError:
            return False
        return True

    async def opt_in(self, phone: str) -> bool:
        """Remove the opt-out; ``True`` if there was one."""
        result: bool = await self._run(self._opt_in, phone)
        return result

    def _opt_in(self, phone: str) -> bool:
        with self.engine.begin() as conn:
            removed = conn.execute(delete(sms_optouts).where(sms_optouts.c.phone == phone))
        return bool(removed.rowcount)

    async def save_menu(self, phone: str, payloads: list[str]) -> None:
        """Remember the payloads of the buttons just sent; none forgets the old menu."""
        await self._run(self._save_menu, phone, payloads)

    def _save_menu(self, phone: str, payloads: list[str]) -> None:
        if not payloads:
            with self.engine.begin() as conn:
                conn.execute(delete(sms_menus).where(sms_menus.c.phone == phone))
            return
        values = {"payloads": json.dumps(payloads, ensure_ascii=False), "updated_at": self.clock()}
        for _ in range(2):
            try:
                with self.engine.begin() as conn:
                    if not self._update_menu(conn, phone, values):
                        conn.execute(insert(sms_menus).values(phone=phone, **values))
                return
            except IntegrityError:
                # Another server inserted this phone's first menu at the same moment.
                continue

    @staticmethod
    def _update_menu(conn: Connection, phone: str, values: dict[str, Any]) -> bool:
        result = conn.execute(update(sms_menus).where(sms_menus.c.phone == phone).values(**values))
        return bool(result.rowcount)

    # -- full texts of condensed answers ------------------------------------------

    async def save_long_answer(
        self, body: str, *, conversation_id: str | None = None, ttl: timedelta = LONG_ANSWER_TTL
    ) -> str:
        """Store ``body`` under a new random id (expired ones are swept on the way).

        Only answers anyone may read belong here: the page is a bearer URL.
        """
        result: str = await self._run(self._save_long_answer, body, conversation_id, ttl)
        return result

    def _save_long_answer(self, body: str, conversation_id: str | None, ttl: timedelta) -> str:
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(delete(sms_long_answers).where(sms_long_answers.c.expires_at < now))
        for _ in range(5):
            answer_id = new_answer_id()
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(sms_long_answers).values(
                            id=answer_id,
                            body=body,
                            created_at=now,
                            expires_at=now + ttl,
                            conversation_id=conversation_id,
                        )
                    )
                return answer_id
            except IntegrityError:
                continue
        raise RuntimeError("could not draw a free answer id")

    async def long_answer(self, answer_id: str) -> LongAnswer | None:
        """The stored text, or ``None`` when the id is unknown or expired."""
        if not ANSWER_ID_PATTERN.match(answer_id):
            return None
        result: LongAnswer | None = await self._run(self._long_answer, answer_id)
        return result

    def _long_answer(self, answer_id: str) -> LongAnswer | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(sms_long_answers.c.body, sms_long_answers.c.expires_at).where(
                    sms_long_answers.c.id == answer_id
                )
            ).first()
        if row is None or row.expires_at < self.clock():
            return None
        return LongAnswer(body=row.body, expires_at=row.expires_at)

    # -- replays ------------------------------------------------------------------

    async def first_time(self, sid: str, nonce: str = "") -> bool:
        """Record a request's Sid (and nonce); ``False`` if it was seen before: a replay.

        The primary key decides, so two servers handed the same request at once
        can't both take it as new.
        """
        result: bool = await self._run(self._first_time, sid, nonce)
        return result

    def _first_time(self, sid: str, nonce: str) -> bool:
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(delete(twilio_seen).where(twilio_seen.c.seen_at < now - REPLAY_MEMORY))
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(twilio_seen).values(sid=sid, nonce=nonce, seen_at=now))
        except IntegrityError:
            return False
        return True

    # -- outbound SMS caps ----------------------------------------------------------

    def _number_key(self, number: str) -> str:
        digest = hmac.new(self.secret_key.encode(), b"sms-to:" + number.encode(), hashlib.sha256)
        return digest.hexdigest()[:40]

    async def reserve_sms(self, number: str) -> tuple[SmsCap, int | None]:
        """Count an SMS to ``number`` if the caps allow it; the reservation's id if so.

        The row goes in first and the counts are read after, in one transaction, so
        that parallel calls on several servers can't all slip under a cap.
        """
        result: tuple[SmsCap, int | None] = await self._run(self._reserve_sms, number)
        return result

    def _reserve_sms(self, number: str) -> tuple[SmsCap, int | None]:
        now = self.clock()
        key = self._number_key(number)
        with self.engine.begin() as conn:
            conn.execute(delete(sms_outbound).where(sms_outbound.c.sent_at < now - _DAY))
            row_id = conn.execute(
                insert(sms_outbound).values(number_key=key, sent_at=now)
            ).inserted_primary_key[0]

            def count(*conditions: Any) -> int:
                query = select(func.count()).select_from(sms_outbound).where(*conditions)
                return int(conn.execute(query).scalar() or 0)

            verdict = SmsCap.OK
            if count(sms_outbound.c.sent_at > now - _HOUR) > SMS_GLOBAL_PER_HOUR:
                verdict = SmsCap.GLOBAL
            elif (
                count(sms_outbound.c.number_key == key, sms_outbound.c.sent_at > now - _HOUR)
                > SMS_PER_NUMBER_PER_HOUR
                or count(sms_outbound.c.number_key == key) > SMS_PER_NUMBER_PER_DAY
            ):
                verdict = SmsCap.NUMBER
            if verdict is not SmsCap.OK:
                conn.execute(delete(sms_outbound).where(sms_outbound.c.id == row_id))
                return verdict, None
        return SmsCap.OK, int(row_id)

    async def release_sms(self, reservation: int) -> None:
        """Give back a reservation whose SMS the provider refused."""
        await self._run(self._release_sms, reservation)

    def _release_sms(self, reservation: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sms_outbound).where(sms_outbound.c.id == reservation))

    # -- erasure ----------------------------------------------------------------------

    async def erase(self, conversation_id: str) -> int:
        """Forget what this store holds of one conversation (the user asked to be erased).

        Its full-answer pages go, and for an SMS conversation the phone's menu. The
        opt-out stays (a carrier's rule outlives a conversation: erasing must not
        resubscribe anyone), and so do the replay Sids and the hashed SMS counts: they
        name no one, and forgetting them would let a replay or a new burst through.
        Returns the rows deleted.
        """
        result: int = await self._run(self._erase, conversation_id)
        return result

    def _erase(self, conversation_id: str) -> int:
        channel_prefix, _, local_id = conversation_id.partition(":")
        with self.engine.begin() as conn:
            deleted = conn.execute(
                delete(sms_long_answers).where(
                    sms_long_answers.c.conversation_id == conversation_id
                )
            ).rowcount
            if channel_prefix == CONVERSATION_PREFIXES[SMS] and local_id:
                deleted += conn.execute(
                    delete(sms_menus).where(sms_menus.c.phone == local_id)
                ).rowcount
        return int(deleted)

    # -- retention --------------------------------------------------------------------

    #: What the retention report calls the rows :meth:`purge` deletes.
    retention_name = "sms_rows"

    async def purge(self, before: datetime) -> int:
        """Delete state older than ``before``, and what has expired anyway; returns how many.

        Answer pages and menus made before ``before`` or past their time, replay Sids
        older than :data:`REPLAY_MEMORY` and SMS counts older than a day (both name no
        one and are swept on use too). Opt-outs stay: a carrier's rule has no end.
        """
        result: int = await self._run(self._purge, before)
        return result

    def _purge(self, before: datetime) -> int:
        now = self.clock()
        pages, menus = sms_long_answers.c, sms_menus.c
        statements = (
            delete(sms_long_answers).where(or_(pages.created_at < before, pages.expires_at < now)),
            delete(sms_menus).where(
                or_(menus.updated_at < before, menus.updated_at < now - MENU_TTL)
            ),
            delete(twilio_seen).where(twilio_seen.c.seen_at < now - REPLAY_MEMORY),
            delete(sms_outbound).where(sms_outbound.c.sent_at < now - _DAY),
        )
        with self.engine.begin() as conn:
            return sum(int(conn.execute(statement).rowcount) for statement in statements)
