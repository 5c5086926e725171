"""What the Twilio SMS and voice channels share: the signature rule, TwiML, and state.

Rasa's own ``twilio`` and ``twilio_voice`` channels accept any POST. Ours accept
only requests that carry a valid ``X-Twilio-Signature``: an HMAC-SHA1, keyed
with the account's auth token, of the URL that Twilio called followed by the
sorted form parameters. The URL is ``PUBLIC_URL`` plus the path and query the
request arrived with, never the internal address, since a proxy in front of
the bot changes the latter and Twilio signs the former.

The SMS state (the numbered menu last sent to each phone, the opt-outs, the
full texts of condensed answers) lives in the bot's database, because several
bot servers may answer the same phone one message after another.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import wraps
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from twilio.request_validator import RequestValidator
from twilio.twiml import TwiML

from bot.db import create_tables
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
        engine: Engine | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.database_url = database_url
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

    async def save_long_answer(self, body: str, *, ttl: timedelta = LONG_ANSWER_TTL) -> str:
        """Store ``body`` under a new random id (expired ones are swept on the way)."""
        result: str = await self._run(self._save_long_answer, body, ttl)
        return result

    def _save_long_answer(self, body: str, ttl: timedelta) -> str:
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(delete(sms_long_answers).where(sms_long_answers.c.expires_at < now))
        for _ in range(5):
            answer_id = new_answer_id()
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(sms_long_answers).values(
                            id=answer_id, body=body, created_at=now, expires_at=now + ttl
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
