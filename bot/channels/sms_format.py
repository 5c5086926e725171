"""Turning the bot's replies into SMS text: numbered menus, segment counting, condensing.

An SMS travels in segments. A text made only of GSM 03.38 characters is sent as
GSM-7: 160 septets in one segment, or 153 per segment once it is split (the
concatenation header takes the rest). Anything else, every Chinese character
included, makes the whole text UCS-2: 70 UTF-16 units in one segment, 67 per
segment when split. A character outside the Basic Multilingual Plane (an emoji)
is two units, and neither a surrogate pair nor a GSM escape pair is split
across segments, so a segment may hold one unit less than its size.

We count what the carrier bills, the concatenated sizes, and keep every reply
within :data:`MAX_SEGMENTS` segments: a longer answer is cut at a sentence
boundary and followed by the menu and a link to the full answer. Our replies
are Chinese, so in practice the budget is 3 × 67 = 201 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.channels.responses import response_texts

Encoding = Literal["GSM-7", "UCS-2"]

#: The most segments one reply may take; three is what users still read as one message.
MAX_SEGMENTS = 3
#: Marks an answer that was cut; the link after it leads to the whole text.
CUT_MARK = "…"
#: The channel's own words in an SMS (domain responses, read once at import).
_TEXTS = response_texts(["utter_sms_full_answer_label", "utter_sms_menu_line"])
#: Put before the link to the whole answer: ``FULL_ANSWER_LABEL + link``.
FULL_ANSWER_LABEL = _TEXTS["utter_sms_full_answer_label"]
#: One line of a numbered menu, with ``{number}`` and ``{title}``.
MENU_LINE = _TEXTS["utter_sms_menu_line"]
#: A button title that carries its item's number from the answer: ``6. 就业登记``.
_NUMBERED_TITLE = re.compile(r"^\s*(\d{1,2})[.．、]\s*(\S.*)$")

# GSM 03.38 basic character set (the escape character itself excluded).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Sent as an escape plus a character: two septets each.
_GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")

_SIZES: dict[Encoding, tuple[int, int]] = {
    # (one segment alone, each segment of a concatenated message)
    "GSM-7": (160, 153),
    "UCS-2": (70, 67),
}
# Where an answer may be cut so that the part kept still reads as whole sentences.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# A cut this far back or further loses too much; then cut mid-sentence instead.
_MIN_SENTENCE_SHARE = 0.6
# Dropped before the cut mark: a pause or full stop right before "…" reads badly.
_TRAILING = " \n，、：；。,:;."


@dataclass(frozen=True)
class SmsSize:
    """How a text travels: its encoding, its length in units, and its segments."""

    encoding: Encoding
    units: int
    segments: int


def encoding_of(text: str) -> Encoding:
    """GSM-7 when every character is in the GSM 03.38 sets, else UCS-2."""
    if all(ch in _GSM7_BASIC or ch in _GSM7_EXTENDED for ch in text):
        return "GSM-7"
    return "UCS-2"


def _unit_costs(text: str, encoding: Encoding) -> list[int]:
    if encoding == "GSM-7":
        return [2 if ch in _GSM7_EXTENDED else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def sms_size(text: str) -> SmsSize:
    """The encoding, units and segments of ``text`` as a carrier would send it."""
    encoding = encoding_of(text)
    costs = _unit_costs(text, encoding)
    units = sum(costs)
    single, part = _SIZES[encoding]
    if units <= single:
        return SmsSize(encoding, units, 1 if units else 0)
    segments, used = 1, 0
    for cost in costs:
        # A pair (surrogates, or escape + character) never straddles two segments.
        if used + cost > part:
            segments += 1
            used = 0
        used += cost
    return SmsSize(encoding, units, segments)


def fits(text: str, max_segments: int = MAX_SEGMENTS) -> bool:
    """Whether ``text`` goes out in at most ``max_segments`` segments."""
    return sms_size(text).segments <= max_segments


def menu_lines(titles: Sequence[str]) -> list[tuple[int, str]]:
    """The number and the words of each button's line in the menu.

    A title numbered as the answer above numbers its item (``6. 就业登记`` on a list's
    second page) keeps that number, so the number a user reads in the list is the
    one to reply; the other buttons follow on after the highest number taken.
    """
    lines: list[tuple[int, str]] = []
    taken: set[int] = set()
    for title in titles:
        match = _NUMBERED_TITLE.match(title)
        if match and int(match.group(1)) > 0 and int(match.group(1)) not in taken:
            number, words = int(match.group(1)), match.group(2)
        else:
            number, words = max(taken, default=0) + 1, title
        taken.add(number)
        lines.append((number, words.strip()))
    return lines


def numbered_menu(titles: Sequence[str]) -> str:
    """Buttons as lines a user answers with a number: ``回复 1 怎么开通网上办事``."""
    return "\n".join(
        MENU_LINE.format(number=number, title=words) for number, words in menu_lines(titles)
    )


def menu_payloads(titles: Sequence[str], payloads: Sequence[str]) -> list[str]:
    """The payloads placed at their menu numbers (number 1 first), ``""`` where none is."""
    if len(titles) != len(payloads):
        return list(payloads)
    numbers = [number for number, _ in menu_lines(titles)]
    placed = [""] * max(numbers, default=0)
    for number, payload in zip(numbers, payloads, strict=True):
        placed[number - 1] = payload
    return placed


def join_parts(*parts: str) -> str:
    """The non-empty parts, one per line."""
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _longest_prefix(text: str, render: Callable[[str], str], max_segments: int) -> int:
    """The most characters of ``text`` that still fit once rendered (binary search)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(render(text[:middle]), max_segments):
            low = middle
        else:
            high = middle - 1
    return low


def condense(answer: str, *, tail: str = "", link: str, max_segments: int = MAX_SEGMENTS) -> str:
    """``answer`` cut to fit, then ``tail`` (menu, login link) and the full-answer link.

    The cut falls at the end of a sentence when one is near enough, so the user
    reads whole sentences. Should even the tail not fit, the whole text is cut
    hard: the link page still holds everything.
    """
    link_line = FULL_ANSWER_LABEL + link
    kept_tail = join_parts(tail, link_line)

    def render(head: str) -> str:
        head = head.rstrip(_TRAILING)
        return join_parts(head + CUT_MARK if head else "", kept_tail)

    answer = answer.strip()
    keep = _longest_prefix(answer, render, max_segments)
    if keep == 0 and not fits(render(""), max_segments):
        # Not even the tail fits: the link matters most, so the tail is cut before it.
        def with_link(head: str) -> str:
            return join_parts(head, link_line)

        cut = _longest_prefix(tail, with_link, max_segments)
        whole = with_link(tail[:cut])
        return whole[: _longest_prefix(whole, lambda s: s, max_segments)]
    if keep == len(answer):
        return join_parts(answer, kept_tail)
    ends = [m.end() for m in _SENTENCE_END.finditer(answer, 0, keep)]
    if ends and ends[-1] >= keep * _MIN_SENTENCE_SHARE:
        keep = ends[-1]
    return render(answer[:keep])
