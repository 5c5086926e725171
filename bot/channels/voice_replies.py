"""What the voice channel says about an agent's reply to a caller without a mobile (issue 13).

A caller from a landline gets no SMS, and the calling number is no proof of who calls
(caller ID can be spoofed). So the call that opens a ticket from such a number hears
the ticket's reply code (:mod:`bot.handoff.reply_codes`); a later call from that
number is told that a reply is waiting and hears it only after keying in, or saying,
that code. Conversation ids and bindings stay as they are: the conversation is the
caller's number, a voice login is bound to the call's ``CallSid``; anonymous callers
have a conversation per call and so nothing to come back to.

Every sentence is a response in domain.yml (:data:`RESPONSES`), read once at start-up;
the voice channel says them itself, outside a Rasa turn, rewritten for the ear
(:mod:`bot.channels.speech`): the code digit by digit, the ticket spelled in groups.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.channels import speech
from bot.channels.responses import DOMAIN_PATH, response_texts
from bot.channels.twilio_common import is_phone_number, is_textable_mobile
from bot.handoff.outbox import find_ticket_no
from bot.handoff.reply_codes import CodeCheck, ReplyCodes

logger = logging.getLogger(__name__)

#: {ticket_no} the ticket, {code} the code digit by digit.
CODE_ISSUED = "utter_voice_reply_code"
WAITING = "utter_voice_reply_waiting"
#: {ticket_no}, {reply}: the agent's words.
READ = "utter_voice_reply_read"
#: {count}: attachments that were not forwarded.
ATTACHMENTS = "utter_voice_reply_attachments"
RESOLVED = "utter_voice_reply_resolved"
WRONG_CODE = "utter_voice_reply_code_wrong"
LOCKED = "utter_voice_reply_code_locked"
RESPONSES = (CODE_ISSUED, WAITING, READ, ATTACHMENTS, RESOLVED, WRONG_CODE, LOCKED)

#: What a caller may say for a digit; Mandarin speakers say 幺 for 1 in numbers.
_SPOKEN_DIGITS = str.maketrans(
    {**{c: str(n) for n, c in enumerate("零一二三四五六七八九")}, "〇": "0", "幺": "1", "两": "2"}
)
_NOT_DIGITS = re.compile(r"[\s,，.。、\-]+")


def voice_reply_texts(domain_path: Path = DOMAIN_PATH) -> dict[str, str]:
    """The sentences of :data:`RESPONSES` from the domain (read once at start-up)."""
    return response_texts(RESPONSES, domain_path=domain_path)


def spoken_code(code: str) -> str:
    """123456 → 一，二，三，四，五，六: each digit apart, so that it can be written down."""
    return "，".join(speech.read_digits(digit) for digit in code)


def entered_code(keys_or_words: str) -> str | None:
    """The digits a caller keyed in or said ("一二三 四五六", "123456#"); None if anything else."""
    text = _NOT_DIGITS.sub("", keys_or_words.translate(_SPOKEN_DIGITS)).rstrip("#")
    return text if text.isdigit() else None


def needs_code(caller: str) -> bool:
    """A real number that gets no SMS: a landline, or a number abroad."""
    return is_phone_number(caller) and not is_textable_mobile(caller)


@dataclass
class VoiceReplies:
    """The voice channel's side of the reply code: when to say what."""

    codes: ReplyCodes
    texts: dict[str, str]

    def say(self, name: str, **values: str) -> str:
        return speech.for_ear(self.texts[name].format(**values))

    async def code_notice(
        self, *, caller: str, conversation_id: str, binding: str | None, said: list[str]
    ) -> str | None:
        """The code sentence when this turn told a landline caller the number of a new ticket."""
        if not needs_code(caller) or binding is None:
            return None
        for text in said:
            ticket_no = find_ticket_no(text)
            if ticket_no is None:
                continue
            code = await self.codes.issue(
                ticket_no, conversation_id=conversation_id, binding=binding
            )
            if code is not None:
                spoken = spoken_code(code)
                return self.say(CODE_ISSUED, ticket_no=ticket_no, code=spoken)
        return None

    async def waiting(self, caller: str, conversation_id: str) -> bool:
        """Whether to ask this call for a reply code: a reply waits behind one."""
        if not needs_code(caller):
            return False
        return bool(await self.codes.waiting(conversation_id))

    async def check(self, conversation_id: str, entered: str) -> CodeCheck:
        return await self.codes.check(conversation_id, entered)

    def read_out(self, opened: CodeCheck) -> list[str]:
        """The agent's replies the code opened, each as the caller hears it."""
        spoken = []
        for reply in opened.replies:
            spoken.append(self.say(READ, ticket_no=opened.ticket_no or "", reply=reply.text))
            if reply.attachments:
                spoken.append(self.say(ATTACHMENTS, count=str(reply.attachments)))
            if reply.resolves:
                spoken.append(self.say(RESOLVED))
        return spoken
