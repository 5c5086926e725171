"""What every channel does to a user's message before Rasa sees it."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.privacy import mask_secrets

#: Typed intent payloads are honoured only for these intents: the ones our own
#: buttons send. Anything else ("/session_start", "/login_succeeded{…}") is read
#: as plain words, so a user can never drive internal intents by typing them.
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
    }
)
#: The stored text of one message is cut here; nothing longer is ever useful.
MAX_STORED_CHARS = 4000
_PAYLOAD_RE = re.compile(r"^\s*/(?P<intent>[A-Za-z_][\w-]*)(?P<rest>.*)$", re.S)

#: The fixed answer when the bot itself failed; never a silence.
APOLOGY = (
    "抱歉，系统暂时出了点问题，请稍后再试。如需帮助，请致电 12333 或发邮件至 hz12333@hz.gov.cn。"
)


def sanitize_text(text: Any) -> str:
    """Coerce whatever a client sent into the text that Rasa may see and store."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = json.dumps(text, ensure_ascii=False) if isinstance(text, dict | list) else str(text)
    text = text.replace("\x00", "")[:MAX_STORED_CHARS]
    match = _PAYLOAD_RE.match(text)
    if match and match.group("intent") not in ALLOWED_PAYLOAD_INTENTS:
        # Read as words: "/session_start" becomes "session_start", which the NLU
        # answers like any other odd phrase.
        words = match.group("intent") + " " + re.sub(r"[{}\[\]\":,]", " ", match.group("rest"))
        return " ".join(words.split())
    return text


#: Intent given, without NLU, to a message that held a password.
SECRET_INTENT = "sent_secret"
#: Message metadata key: an HMAC of the secret that the user's client holds.
CLIENT_BINDING_KEY = "client_binding"
CHANNEL_KEY = "channel"


def client_binding(secret_key: str, client_secret: str) -> str:
    """A keyed hash of the client's secret: what the tracker may keep instead of it."""
    digest = hmac.new(secret_key.encode(), b"client:" + client_secret.encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def user_message(
    text: Any,
    output_channel: OutputChannel,
    sender_id: str,
    *,
    channel: str,
    secret_key: str,
    client_secret: str | None = None,
    extra_metadata: dict[str, Any] | None = None,
) -> UserMessage:
    """The one way our channels turn a user's input into a Rasa ``UserMessage``.

    Typed payloads are filtered, and a password is masked here, before the tracker
    store or any log sees the text; such a message skips NLU and gets the
    :data:`SECRET_INTENT` so that the bot warns instead of using it.
    """
    masked = mask_secrets(sanitize_text(text))
    metadata: dict[str, Any] = {CHANNEL_KEY: channel, **(extra_metadata or {})}
    if client_secret:
        metadata[CLIENT_BINDING_KEY] = client_binding(secret_key, client_secret)
    parse_data = None
    if masked.found_secret:
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
    )
