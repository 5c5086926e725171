"""Pure text helpers shared by the NLU components and the channels.

Kept free of Rasa imports so that channels, actions and tests can use them cheaply.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

#: Messages longer than this are answered with a request to be brief instead of
#: being classified: nobody asks a helpdesk question in a thousand characters,
#: and the featurizers' cost grows with the length.
MAX_MESSAGE_CHARS = 1000
#: Only this much of a message is classified (a long one is cut before it).
CLASSIFIED_PREFIX_CHARS = 300

_TAG_RE = re.compile(
    r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>|<\s*/?\s*[a-z!?][^<>]{0,500}>", re.I | re.S
)
_SPACE_RE = re.compile(r"\s+")


class InputIssue(str, Enum):
    """Why a message can't be read as a question."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"  # emoji, punctuation, control characters or markup only


@dataclass(frozen=True)
class NormalizedText:
    """A message prepared for classification, with what was wrong with it."""

    text: str
    issue: InputIssue | None
    had_markup: bool


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese; other scripts pass through."""
    return _t2s().convert(text) if text else text


def is_wordish(char: str) -> bool:
    """True for letters and digits of any script (not punctuation, symbols, spaces)."""
    return unicodedata.category(char)[0] in {"L", "N"}


def strip_markup(text: str) -> tuple[str, bool]:
    """Remove HTML/XML tags (and script bodies); returns the text and whether any were found."""
    stripped = _TAG_RE.sub(" ", text)
    return html.unescape(stripped), stripped != text


def normalize(text: str | None) -> NormalizedText:
    """Prepare a user message for classification.

    NFKC folds full-width letters and digits, control characters become spaces,
    markup is dropped, traditional characters become simplified, and English is
    lower-cased, so that every later component sees one spelling of each word.
    """
    raw = text or ""
    if not raw.strip():
        return NormalizedText("", InputIssue.EMPTY, had_markup=False)
    too_long = len(raw) > MAX_MESSAGE_CHARS
    cleaned = unicodedata.normalize("NFKC", raw[: MAX_MESSAGE_CHARS * 2])
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in cleaned)
    cleaned, had_markup = strip_markup(cleaned)
    cleaned = _SPACE_RE.sub(" ", cleaned).strip()
    cleaned = to_simplified(cleaned[:CLASSIFIED_PREFIX_CHARS]).lower()
    if too_long:
        return NormalizedText(cleaned, InputIssue.TOO_LONG, had_markup)
    if not any(is_wordish(c) for c in cleaned):
        return NormalizedText(cleaned, InputIssue.NO_WORDS, had_markup)
    return NormalizedText(cleaned, None, had_markup)
