"""The confirmation code that links a login to the conversation that asked for it.

A login link can be forwarded: an attacker who asks for one in their own
conversation and gets a victim to log in with it would otherwise receive the
victim's portal session. So a login that the page can't tie to the asking
browser waits, and the page shows a short code that only the person at the
login page sees. It is typed back into the conversation that asked, on the same
channel and client, and only then does the session serve anything.

Channels call :func:`confirmation_turn` on every message before Rasa sees it. A
message that is only a code (six digits) becomes the internal ``login_event``
with the outcome, even when no login waits for it; the digits themselves never
reach the tracker store.
"""

from __future__ import annotations

import re
import unicodedata

from rasa.core.channels.channel import UserMessage

from bot.channels.responses import response_texts
from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY, LOGIN_EVENT_INTENT, LOGIN_OUTCOME_ENTITY
from bot.login.store import CONFIRM_CODE_DIGITS, Confirmation, LoginStore

#: What the tracker keeps instead of the code (a domain response, read once at import).
CODE_PLACEHOLDER_RESPONSE = "utter_login_code_placeholder"
CODE_PLACEHOLDER = response_texts([CODE_PLACEHOLDER_RESPONSE])[CODE_PLACEHOLDER_RESPONSE]

#: "123456", "123 456", "确认码：123456", "code 123456", a voice caller's "123456#".
_CODE_RE = re.compile(
    rf"^(?:确认码|验证码|code)?\s*[:：是为]?\s*((?:\d\s*){{{CONFIRM_CODE_DIGITS}}})#?$", re.I
)

OUTCOMES = {
    Confirmation.CONFIRMED: "succeeded",
    Confirmation.WRONG: "wrong_code",
    Confirmation.EXHAUSTED: "code_exhausted",
    # Digits alone with no login waiting: a stale or someone else's code. It is still
    # kept out of the tracker store, and the user hears that nothing waits for it.
    Confirmation.NONE: "no_pending_code",
}


def code_in(text: str | None) -> str | None:
    """The confirmation code if ``text`` is nothing but one."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    match = _CODE_RE.match(folded)
    return re.sub(r"\s", "", match.group(1)) if match else None


def login_event(message: UserMessage, outcome: str) -> UserMessage:
    """``message`` turned into the internal report of a login's ``outcome``."""
    return UserMessage(
        CODE_PLACEHOLDER,
        message.output_channel,
        message.sender_id,
        input_channel=message.input_channel,
        metadata=message.metadata,
        parse_data={
            "intent": {"name": LOGIN_EVENT_INTENT, "confidence": 1.0},
            "entities": [{"entity": LOGIN_OUTCOME_ENTITY, "value": outcome}],
            "text": CODE_PLACEHOLDER,
        },
    )


async def confirmation_turn(store: LoginStore, message: UserMessage) -> UserMessage:
    """The message itself, or the login outcome when it carried a confirmation code."""
    code = code_in(message.text)
    if code is None:
        return message
    metadata = message.metadata or {}
    binding = metadata.get(CLIENT_BINDING_KEY)
    channel = metadata.get(CHANNEL_KEY) or message.input_channel or ""
    result, _ = await store.confirm(
        message.sender_id, binding if isinstance(binding, str) else None, str(channel), code
    )
    return login_event(message, OUTCOMES[result])
