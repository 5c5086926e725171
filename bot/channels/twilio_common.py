"""What the Twilio SMS and voice channels share: the signature rule, TwiML, and state.

Rasa's own ``twilio`` and ``twilio_voice`` channels accept any POST. Ours accept
only requests that carry a valid ``X-Twilio-Signature``: an HMAC-SHA1, keyed
with the account's auth token, of the URL that Twilio called followed by the
sorted form parameters. The URL is ``PUBLIC_URL`` plus the path and query the
request arrived with, never the internal address, since a proxy in front of
the bot changes the latter and Twilio signs the former.

The SMS state (the numbered menu last sent to each phone, the opt-outs, the
full texts of condensed answers, the Sids of the requests already answered and
the count of SMS sent by the voice channel) lives in the bot's database, because
several bot servers may answer the same phone one message after another.

A signature proves that Twilio sent a request, not that it is the first time we
see it: Twilio's signature carries no timestamp, so a captured request verifies
forever (issue 10, finding 13). :meth:`SmsStore.first_time` remembers each
request's Sid (plus, for voice, the one-time nonce of the action URL) under a
unique key, and a second sight of it is answered with nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import secrets
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from functools import wraps
from typing import Any

import phonenumbers
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from twilio.request_validator import RequestValidator
from twilio.twiml import TwiML

from bot.channels.inbound import CONVERSATION_PREFIXES
from bot.db import add_missing_columns, create_tables
from bot.handoff.outbox import create_outbox_engine
from bot.login.store import LoginStore

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
TWIML_CONTENT_TYPE = "text/xml; charset=utf-8"

Handler = Callable[[Request], Awaitable[HTTPResponse]]


def signed_url(public_url: str, request: Request) -> str:
    """The URL Twilio called, as it signed it: ``PUBLIC_URL`` + path (+ ``?`` query)."""
    url = public_url.rstrip("/") + request.path
    if request.query_string:
        url += "?" + request.query_string
    return url


def has_valid_signature(request: Request, validator: RequestValidator, public_url: str) -> bool:
    """Whether the request carries Twilio's signature for its public URL and form."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    try:
        form = request.form
    except Exception:  # a body Sanic cannot parse is not a Twilio webhook
        return False
    # The validator reads repeated parameters through ``getlist``, which Sanic's form has.
    return bool(validator.validate(signed_url(public_url, request), form, signature))


def forbidden() -> HTTPResponse:
    return response.text("forbidden: invalid or missing X-Twilio-Signature", status=403)


def signature_required(auth_token: str, public_url: str) -> Callable[[Handler], Handler]:
    """Decorate a route so that an unsigned or forged request gets 403 and goes no further."""
    validator = RequestValidator(auth_token)

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def checked(request: Request) -> HTTPResponse:
            if not has_valid_signature(request, validator, public_url):
                logger.warning(
                    "twilio: rejected a request to %s without a valid signature", request.path
                )
                return forbidden()
            return await handler(request)

        return checked

    return decorate


def twiml_response(twiml: TwiML) -> HTTPResponse:
    return response.text(str(twiml), content_type=TWIML_CONTENT_TYPE)


def form_value(request: Request, name: str) -> str | None:
    """A form field as text, or ``None`` when it is absent."""
    try:
        value = request.form.get(name)
    except Exception:
        return None
    return value if isinstance(value, str) else None


def masked_phone(phone: str | None) -> str:
    """The last four digits only, for logs: ``…8000``."""
    digits = re.sub(r"\D", "", phone or "")
    return f"…{digits[-4:]}" if digits else "(none)"


#: A number Twilio can text: E.164, a plus and 6 to 15 digits.
_E164 = re.compile(r"^\+[1-9]\d{5,14}$")


def is_phone_number(value: str | None) -> bool:
    """Whether ``value`` is a real number (callers may withhold theirs: "anonymous")."""
    return bool(value and _E164.match(value))


#: Where the voice channel may text a link: mainland China mobiles only. SMS pumping
#: (issue 10, finding 9) earns on premium and foreign numbers that a spoofed caller
#: id names; Hangzhou's citizens text from +86 mobiles. Regions are ISO 3166 codes.
SMS_ALLOWED_REGIONS = frozenset({"CN"})
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def is_textable_mobile(value: str | None, regions: frozenset[str] = SMS_ALLOWED_REGIONS) -> bool:
    """Whether ``value`` is a valid mobile number of one of ``regions`` (libphonenumber)."""
    if value is None or not is_phone_number(value):
        return False
    try:
        number = phonenumbers.parse(value)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) in regions
        and phonenumbers.number_type(number) in _MOBILE_TYPES
    )


async def deferred_replies(
    login_store: LoginStore, conversation_id: str, binding: Any
) -> list[dict[str, Any]]:
    """What the login page left for this conversation; nothing if it can't be read."""
    try:
        waiting = await login_store.take_deferred(
            conversation_id, binding if isinstance(binding, str) else None
        )
    except Exception:
        # The question at hand still gets its answer; the report waits for the next turn.
        logger.exception("twilio: could not read the replies left by the login page")
        return []
    return [dict(message) for message in waiting]


# -- state in the bot's database ---------------------------------------------------

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
    Column("updated_at", DateTime, nullable=False),
)
sms_optouts = Table(
    "sms_optouts",
    _metadata,
    Column("phone", String(64), primary_key=True),
    Column("opted_out_at", DateTime, nullable=False),
)
sms_long_answers = Table(
    "sms_long_answers",
    _metadata,
    Column("id", String(ANSWER_ID_LENGTH), primary_key=True),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
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
    Column("seen_at", DateTime, nullable=False, index=True),
    PrimaryKeyConstraint("sid", "nonce"),
)
#: One row per SMS the voice channel sends, for the caps; the number is kept as a
#: keyed hash, and a row older than a day counts for nothing and is swept.
sms_outbound = Table(
    "sms_outbound",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number_key", String(40), nullable=False, index=True),
    Column("sent_at", DateTime, nullable=False, index=True),
)


def utc_now() -> datetime:
    """Naive UTC: what a DateTime column without a zone stores on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


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
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.database_url = database_url
        self.secret_key = secret_key
        self._engine = engine
        self.clock = clock
        self._ready = False
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_outbox_engine(self.database_url)
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

    async def erase(self, conversation_id: str) -> None:
        """Forget what this store holds of one conversation (the user asked to be erased).

        Its full-answer pages go, and for an SMS conversation the phone's menu. The
        opt-out stays (a carrier's rule outlives a conversation: erasing must not
        resubscribe anyone), and so do the replay Sids and the hashed SMS counts: they
        name no one, and forgetting them would let a replay or a new burst through.
        """
        await self._run(self._erase, conversation_id)

    def _erase(self, conversation_id: str) -> None:
        channel_prefix, _, local_id = conversation_id.partition(":")
        with self.engine.begin() as conn:
            conn.execute(
                delete(sms_long_answers).where(
                    sms_long_answers.c.conversation_id == conversation_id
                )
            )
            if channel_prefix == CONVERSATION_PREFIXES["twilio"] and local_id:
                conn.execute(delete(sms_menus).where(sms_menus.c.phone == local_id))
