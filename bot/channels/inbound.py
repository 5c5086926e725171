"""What every channel does to a user's message before Rasa sees it."""

from __future__ import annotations

import json
import re
from typing import Any

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
