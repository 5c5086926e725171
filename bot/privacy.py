"""Keeping passwords out of the chat: detection and masking before Rasa sees a message.

Rasa stores every user message in plain text in the tracker store and logs it at
DEBUG, so a password typed into the chat must be masked by the channel, before
the message becomes a ``UserMessage``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MASK = "******"

# "密码是 abc123", "密码：xxx", "口令为…": after a Chinese cue any ASCII value is a secret.
_ZH_CUE = r"(?:密\s*码|蜜\s*码|口\s*令|密碼)"
_ZH_CUE_VALUE_RE = re.compile(
    rf"(?P<cue>{_ZH_CUE})(?P<sep>\s*(?:是|为|為|:|：|=)?\s*)(?P<value>[\x21-\x7e]{{3,64}})"
)
# "password: hunter2", "my pwd is Demo-2026": in English only a value with a digit or
# symbol counts, so that "password is forgotten" stays readable.
_EN_CUE = r"(?:pass\s*word|passwd|pwd)"
_EN_CUE_VALUE_RE = re.compile(
    rf"(?P<cue>\b{_EN_CUE})(?P<sep>\s*(?::|=|\bis\b)\s*)"
    r"(?P<value>(?=[\x21-\x7e]*[\d\W_])[\x21-\x7e]{3,64})",
    re.I,
)
_CUE = rf"(?:{_ZH_CUE}|{_EN_CUE})"
# "用户名 demo-person 密码 Demo-2026" and "账号xxx 密码yyy": a login attempt in one message.
_LOGIN_ATTEMPT_RE = re.compile(
    rf"(?:用户名|帐号|账号|賬號|username|user|login)\s*[:：是为=]?\s*\S+.*?{_CUE}", re.I | re.S
)
# A lone token that looks like a password: letters and digits mixed, maybe symbols,
# no CJK, 6–40 characters. Phone numbers, e-mail addresses, acceptance numbers and
# ticket numbers are excluded below.
_LONE_SECRET_RE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[\x21-\x7e]{6,40}$")
_NOT_SECRET_RE = re.compile(
    r"^(?:\+?\d[\d\- ]{6,}|[^@\s]+@[^@\s]+\.[a-z]{2,}|HZ[-\w]*\d[-\w]*|/\w.*|https?://\S+)$", re.I
)


@dataclass(frozen=True)
class Masked:
    """A message with any secret replaced by :data:`MASK`."""

    text: str
    found_secret: bool


def mask_secrets(text: str) -> Masked:
    """Mask password values and password-like lone tokens in ``text``."""
    if not text:
        return Masked(text, False)
    stripped = text.strip()
    if _LONE_SECRET_RE.match(stripped) and not _NOT_SECRET_RE.match(stripped):
        return Masked(MASK, True)
    count = 0
    masked = text
    for pattern in (_ZH_CUE_VALUE_RE, _EN_CUE_VALUE_RE):
        masked, n = pattern.subn(lambda m: f"{m['cue']}{m['sep']}{MASK}", masked)
        count += n
    if count:
        return Masked(masked, True)
    if _LOGIN_ATTEMPT_RE.search(text):
        return Masked(MASK, True)
    return Masked(text, False)


# 身份证号: 6-digit area, birth date, 3-digit sequence, check character (ISO 7064 MOD 11-2).
# People write it with a space or a dash between the parts, and after NFKC full-width
# digits are ASCII. A run of 17 digits plus a check character counts if either its
# checksum holds or its birth date is a real date: a mistyped ID is still an ID.
_ID18_RE = re.compile(
    r"(?<![0-9])(?P<area>\d{6})[ -]?(?P<date>\d{8})[ -]?(?P<seq>\d{3})(?P<check>[0-9Xx])(?![0-9A-Za-z])"
)
# The first-generation card (before 1999): 15 digits, a two-digit year, no check character.
_ID15_RE = re.compile(
    r"(?<![0-9])(?P<area>\d{6})[ -]?(?P<date>\d{6})[ -]?(?P<seq>\d{3})(?![0-9A-Za-z])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an 18-digit ID number's first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _looks_like_id18(match: re.Match[str]) -> bool:
    first17 = match["area"] + match["date"] + match["seq"]
    if id_check_char(first17) == match["check"].upper():
        return True
    birth = match["date"]
    return 1900 <= int(birth[:4]) <= 2099 and _is_date(
        int(birth[:4]), int(birth[4:6]), int(birth[6:])
    )


def _looks_like_id15(match: re.Match[str]) -> bool:
    birth = match["date"]
    return _is_date(1900 + int(birth[:2]), int(birth[2:4]), int(birth[4:]))


def mask_id_numbers(text: str) -> str:
    """Replace resident ID-card numbers (18- and 15-digit) in ``text`` by :data:`MASK`."""
    text = _ID18_RE.sub(lambda m: MASK if _looks_like_id18(m) else m[0], text)
    return _ID15_RE.sub(lambda m: MASK if _looks_like_id15(m) else m[0], text)


def fold(text: str) -> str:
    """NFKC, with format characters (zero-width spaces, bidi marks) removed.

    A secret typed as "Ｄｅｍｏ" or "密\u200b码" must be found as the ASCII and the
    plain word it displays as, so every detector runs on this folded text.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf")


def mask_personal_data(text: str) -> str:
    """``text`` folded (see :func:`fold`) with passwords and ID-card numbers masked.

    For free text that leaves the bot (hand-off mails, transcripts): nothing that
    could log a person in or identify them by ID number survives.
    """
    if not text:
        return text
    return mask_secrets(mask_id_numbers(fold(text))).text
