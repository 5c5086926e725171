"""What every channel does to a user's message before Rasa sees it."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import contract
from bot.channels.responses import response_texts
from bot.contract import (
    CHANNEL_KEY,
    CLIENT_BINDING_KEY,
    CLIENT_NET_KEY,
    CONVERSATION_PREFIXES,
    SECRET_INTENT,
    SECRET_MASKED_KEY,
    conversation_id,
)
from bot.nlu.text import strip_markup
from bot.privacy import asks_beside_secret, mask_secrets

__all__ = [
    "CHANNEL_KEY",
    "CLIENT_BINDING_KEY",
    "CLIENT_NET_KEY",
    "CONVERSATION_PREFIXES",
    "SECRET_INTENT",
    "conversation_id",
]

#: Typed intent payloads are honoured only for these intents: the ones our own
#: buttons send. Anything else ("/session_start", "/login_succeeded{…}") is read
#: as plain words, so a user can never drive internal intents by typing them.
#: The check runs on the text as the NLU will see it (issue 10, finding 5): a
#: full-width "／", a zero-width space, markup or "&#47;" before the intent
#: must not slip a payload past it.
ALLOWED_PAYLOAD_INTENTS = frozenset(
    {
        "choose_topic",
        "inform_applicant_type",
        "affirm",
        "deny",
        "more",
        "restart",
        "greet",
        "check_my_progress",
        "login",
        "logout",
        "request_human",
        "pick_submission",
        "cancel_my_submission",
        # Status alerts (issue 16): the offer and the consent buttons.
        "subscribe_alerts",
        "confirm_alerts",
    }
)
#: The stored text of one message is cut here; nothing longer is ever useful.
MAX_STORED_CHARS = 4000
_PAYLOAD_RE = re.compile(r"^/(?P<intent>[a-z_]+)\s*(?P<entities>\{.*\})?$", re.S)
#: The FAQ topics of the suggestion buttons and the voice keypad (actions/topics.py
#: TOPIC_TITLES; a test keeps the two equal without the bot importing actions).
FAQ_TOPICS = frozenset(contract.FAQ_TOPICS)
APPLICANT_TYPES = frozenset({"enterprise", "institution", "individual"})
_PICK_RE = re.compile(r"[1-9]\d{0,2}")
#: The entities that each allowed intent's buttons really send, and the values each
#: may take; any other entity in a typed payload is dropped, so that
#: ``/greet{"applicant_type":"evil"}`` sets no slot.
PAYLOAD_ENTITIES: dict[str, dict[str, frozenset[str] | re.Pattern[str]]] = {
    "choose_topic": {"topic": FAQ_TOPICS},
    "inform_applicant_type": {"applicant_type": APPLICANT_TYPES},
    "pick_submission": {"pick": _PICK_RE},
}
# Characters that make a text a payload, markup or an entity; removed from a
# payload that is read as words, so that no later unescaping rebuilds one.
_PAYLOAD_CHARS_RE = re.compile(r"[/\\{}\[\]\":,@<>&#;=]+")
_SPACE_RE = re.compile(r"\s+")
#: html.unescape can be stacked ("&amp;#47;"): fold this many times at most.
_FOLD_ROUNDS = 3

#: The fixed answer when the bot itself failed; never a silence. A domain response.
APOLOGY_RESPONSE = "utter_channel_apology"
APOLOGY = response_texts([APOLOGY_RESPONSE])[APOLOGY_RESPONSE]


def _nlu_fold(text: str, *, join_format: bool) -> str:
    """The text as bot.nlu.text.normalize folds it, short of case and script."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(
        ("" if join_format and unicodedata.category(c) == "Cf" else " ")
        if unicodedata.category(c)[0] == "C"
        else c
        for c in folded
    )
    folded, _ = strip_markup(folded)
    return _SPACE_RE.sub(" ", folded).strip()


def _payload_candidate(text: str) -> str | None:
    """The first folded form of ``text`` that starts with "/", if any."""
    forms = [text.strip()]
    current = text
    for _ in range(_FOLD_ROUNDS):
        spaced = _nlu_fold(current, join_format=False)
        forms += [spaced, _nlu_fold(current, join_format=True)]
        if spaced == current:
            break
        current = spaced
    return next((form for form in forms if form.startswith("/")), None)


def _allowed_payload(candidate: str) -> str | None:
    """The payload rebuilt from its parts if it is one of our buttons' payloads."""
    match = _PAYLOAD_RE.match(candidate)
    if match is None or match["intent"] not in ALLOWED_PAYLOAD_INTENTS:
        return None
    entities: dict[str, str] = {}
    if match["entities"]:
        try:
            parsed = json.loads(match["entities"])
        except ValueError:
            return None
        if not isinstance(parsed, dict):
            return None
        for name, allowed in PAYLOAD_ENTITIES.get(match["intent"], {}).items():
            value = parsed.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                continue
            ok = value in allowed if isinstance(allowed, frozenset) else allowed.fullmatch(value)
            if ok:
                entities[name] = value
    # Rebuilt, never passed through: Rasa's RegexMessageHandler then parses it
    # without a warning, and warnings about payloads quote the user's text.
    suffix = json.dumps(entities, ensure_ascii=False) if entities else ""
    return f"/{match['intent']}{suffix}"


def sanitize_text(text: Any) -> str:
    """Coerce whatever a client sent into the text that Rasa may see and store.

    A text that the NLU would read as a payload ("/intent{…}") is either one of our
    buttons' payloads, rebuilt with only the entities that button sends, or is read
    as words: "/session_start" becomes "session_start", which the NLU answers like
    any other odd phrase.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = json.dumps(text, ensure_ascii=False) if isinstance(text, dict | list) else str(text)
    text = text.replace("\x00", "")[:MAX_STORED_CHARS]
    candidate = _payload_candidate(text)
    if candidate is None:
        return text
    payload = _allowed_payload(candidate)
    if payload is not None:
        return payload
    # Folded before the payload characters go, so that a full-width "／" can't stay
    # behind to become "/" when the NLU folds the words again.
    words = candidate
    for _ in range(_FOLD_ROUNDS):
        folded = _nlu_fold(words, join_format=True)
        if folded == words:
            break
        words = folded
    return " ".join(_PAYLOAD_CHARS_RE.sub(" ", words).split())


#: A REST client's own secret must be at least this long before it may log in.
MIN_CLIENT_SECRET_CHARS = 32
MAX_CLIENT_SECRET_CHARS = 256


def client_binding(secret_key: str, channel: str, client_secret: str) -> str:
    """A keyed hash of the client's secret on one channel: what the tracker may keep.

    The channel is part of the hash, so that the same string presented on another
    channel (a phone number typed as a REST secret) binds nothing there. What the
    secret is depends on the channel: the REST client's own random secret, the web
    page's stored secret, the phone number Twilio signed for SMS, and the call's
    ``CallSid`` for voice, so that a voice login ends with the call.
    """
    digest = hmac.new(
        secret_key.encode(),
        b"client:" + channel.encode() + b"\x00" + client_secret.encode(),
        hashlib.sha256,
    )
    return digest.hexdigest()[:40]


def usable_client_secret(value: Any) -> str | None:
    """A REST client's secret if it is long enough to bind a login to, else ``None``."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not MIN_CLIENT_SECRET_CHARS <= len(value) <= MAX_CLIENT_SECRET_CHARS:
        return None
    if not value.isascii() or not value.isprintable():
        return None
    return value


def network_key(secret_key: str, address: str | None) -> str | None:
    """A keyed hash of a client's address: enough to count by, nothing to read back."""
    if not address:
        return None
    digest = hmac.new(secret_key.encode(), b"net:" + address.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def user_message(
    text: Any,
    output_channel: OutputChannel,
    sender_id: str,
    *,
    channel: str,
    secret_key: str,
    client_secret: str | None = None,
    client_address: str | None = None,
    extra_metadata: dict[str, Any] | None = None,
    message_id: str | None = None,
) -> UserMessage:
    """The one way our channels turn a user's input into a Rasa ``UserMessage``.

    ``sender_id`` is the channel's own conversation id (see :func:`conversation_id`).
    Typed payloads are filtered, and a password is masked here, before the tracker
    store or any log sees the text; such a message skips NLU and gets the
    :data:`SECRET_INTENT` so that the bot warns instead of using it.

    ``message_id`` is the client's own id of the message (:func:`bot.once.client_message_id`):
    sent again under it, the message is answered from its stored turn (:mod:`bot.once`).
    """
    masked = mask_secrets(sanitize_text(text))
    metadata: dict[str, Any] = {CHANNEL_KEY: channel, **(extra_metadata or {})}
    if client_secret:
        metadata[CLIENT_BINDING_KEY] = client_binding(secret_key, channel, client_secret)
    net = network_key(secret_key, client_address)
    if net:
        metadata[CLIENT_NET_KEY] = net
    parse_data = None
    if masked.found_secret and asks_beside_secret(masked.text):
        # The masked question is still answered; the answer comes with a warning.
        metadata[SECRET_MASKED_KEY] = True
    elif masked.found_secret:
        parse_data = {
            "intent": {"name": SECRET_INTENT, "confidence": 1.0},
            "entities": [],
            "text": masked.text,
        }
    return UserMessage(
        masked.text,
        output_channel,
        sender_id,
        input_channel=channel,
        metadata=metadata,
        parse_data=parse_data,
        message_id=message_id,
    )
