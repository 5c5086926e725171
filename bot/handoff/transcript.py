"""What of a conversation goes into a hand-off mail: the last turns, redacted.

An agent needs the question and the last few exchanges, not the whole session
(issue 10, finding 8): login links are bearer URLs, the bot's progress answers
list the user's submissions and reviewer notes, and passwords or ID-card numbers
a user typed must not travel by e-mail. The action picks the turns; this module
keeps the rules that the mail's heading promises, and the mail applies
:func:`redact` again to whatever it is given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.handoff.case import TranscriptEntry
from bot.privacy import fold, mask_personal_data

#: User turns (each with the bot's answers to it) that the mail keeps.
TRANSCRIPT_TURNS = 8
#: What stands in a login link's place.
LOGIN_LINK_OMITTED = "（登录链接，已省略）"
#: What stands in place of a bot answer that showed the user's submissions.
PROGRESS_OMITTED = "（机器人展示了用户的办事记录，已省略）"
#: The transcript's heading in both parts of the mail; true because of :func:`redact`.
TRANSCRIPT_HEADING = (
    f"对话记录（最近 {TRANSCRIPT_TURNS} 轮以内；密码、身份证号已遮蔽，登录链接和办事记录已省略）"
)

# The login page's path (bot.login.page.LOGIN_PATH) with or without scheme and host.
_LOGIN_LINK = re.compile(r"(?:https?://[^\s/]+)?/webhooks/login/\S*", re.I)


def redact(text: str) -> str:
    """``text`` without login links, with passwords and ID-card numbers masked."""
    masked = mask_personal_data(text)
    if masked == fold(text):
        # Nothing was masked: keep the text as typed, since NFKC would turn Chinese
        # punctuation (，：（）) into ASCII.
        masked = text
    return _LOGIN_LINK.sub(LOGIN_LINK_OMITTED, masked)


def last_turns(
    entries: Sequence[TranscriptEntry], turns: int = TRANSCRIPT_TURNS
) -> list[TranscriptEntry]:
    """The entries from the ``turns``-th last user message on, each redacted."""
    starts = [n for n, entry in enumerate(entries) if entry.speaker == "user"]
    first = starts[-turns] if len(starts) >= turns else 0
    return [
        TranscriptEntry(entry.timestamp, entry.speaker, redact(entry.text))
        for entry in entries[first:]
    ]
