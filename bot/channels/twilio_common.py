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

import logging
import re
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import parse_qs

import phonenumbers
from sanic import response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml import TwiML

from bot.login.store import LoginStore
from bot.sms_store import (  # noqa: F401 (re-exported: the channels' and tests' names)
    ANSWER_ID_LENGTH,
    ANSWER_ID_PATTERN,
    LONG_ANSWER_TTL,
    MENU_TTL,
    REPLAY_MEMORY,
    SMS_GLOBAL_PER_HOUR,
    SMS_PER_NUMBER_PER_DAY,
    SMS_PER_NUMBER_PER_HOUR,
    LongAnswer,
    PhoneState,
    SmsCap,
    SmsStore,
    new_answer_id,
    sms_long_answers,
    sms_menus,
    sms_optouts,
    sms_outbound,
    twilio_seen,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
#: The custom payload of the domain's end-of-conversation variants (utter_goodbye…):
#: SMS and voice ask whether the answers helped, once a day (bot/feedback.py).
ASK_FEEDBACK = "ask_feedback"
#: What a verdict from that question judges: the conversation, not one answer.
FEEDBACK_RESPONSE = "conversation"
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
        form = signed_form(request)
    except Exception:  # a body Sanic cannot parse is not a Twilio webhook
        return False
    # The validator reads repeated parameters through ``getlist``, which both forms have.
    return bool(validator.validate(signed_url(public_url, request), form, signature))


def signed_form(request: Request) -> RequestParameters:
    """The form as Twilio signed it: blank fields (``FromCity=``) included.

    Sanic's ``request.form`` drops blank values, and Twilio sends many of them (for
    Chinese numbers, city and state are usually empty), so checking the signature
    against it would refuse genuine requests.
    """
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return request.form
    body = (request.body or b"").decode("utf-8")
    return RequestParameters(parse_qs(body, keep_blank_values=True))


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


# -- state in the bot's database: bot/sms_store.py, re-exported for the channels -----
