"""Which listed submission a user means: by number, acceptance number, item name or date."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from actions.words import (
    DATE_RE,
    ENGLISH_ORDINAL_RE,
    ENGLISH_ORDINALS,
    ORDINAL_RE,
    STATUS_WORDS,
    ZH_DIGITS,
)

_ACCEPTANCE_RE = re.compile(r"HZ\s*\d{6,}", re.I)
_BARE_NUMBER_RE = re.compile(r"^\D{0,6}?([0-9]{1,2})\D{0,6}$")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else ZH_DIGITS[token]


def acceptance_number(text: str) -> str | None:
    """The 受理编号 written in ``text`` ("注销HZ2026092806617"), upper-cased, if any."""
    match = _ACCEPTANCE_RE.search(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s", "", match.group()).upper() if match else None


def status_named(text: str) -> str | None:
    """The portal's status label that ``text`` names ("没通过的那个" → 审核未通过), if any."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return next(
        (label for label, words in STATUS_WORDS if any(word in folded for word in words)), None
    )


def resolve_reference(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one item of ``items`` (as listed to the user) that ``text`` points at, if any.

    Each item has ``n`` (its number in the list), ``no`` (acceptance number),
    ``item`` (the item's name), ``date`` (``YYYY-MM-DD``) and ``status`` (the
    portal's label). A status ("没通过的那个") points at the one item in that status.
    """
    if not items or not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    match = _ACCEPTANCE_RE.search(text)
    if match:
        wanted = re.sub(r"\s", "", match.group()).upper()
        return next((i for i in items if i["no"].upper() == wanted), None)
    date = DATE_RE.search(text)
    if date:
        _, month, day = date.groups()
        hits = [i for i in items if i["date"][5:] == f"{int(month):02d}-{int(day):02d}"]
        return hits[0] if len(hits) == 1 else None
    ordinal = ORDINAL_RE.search(text) or _BARE_NUMBER_RE.match(text)
    if ordinal:
        n = _number(ordinal.group(1))
        return next((i for i in items if i["n"] == n), None)
    english = ENGLISH_ORDINAL_RE.search(text)
    if english:
        word, digits = english.groups()
        n = ENGLISH_ORDINALS[word.lower()] if word else int(digits)
        return items[-1] if n == -1 else next((i for i in items if i["n"] == n), None)
    hits = [i for i in items if i["item"] in text or (len(text) >= 2 and text in i["item"])]
    status = status_named(text)
    if status is not None:
        hits = [i for i in (hits or items) if i.get("status") == status]
    names = {i["item"] for i in hits}
    return hits[0] if len(names) == 1 and len(hits) == 1 else None
