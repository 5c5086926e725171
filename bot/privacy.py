"""Keeping passwords and ID-card numbers out of the chat: detection and masking.

Rasa stores every user message in plain text in the tracker store and logs it at
DEBUG, so a password typed into the chat must be masked by the channel, before
the message becomes a ``UserMessage``; hand-off transcripts go through
:func:`mask_personal_data` before they leave in a mail.

The detector tells a message that *sends* a secret from one that *asks about*
one (issue 12: "用户名和密码在哪里领取" was masked and never answered). A secret
is a value token: after a cue (密码, password, pw …) a token with letters and
digits or symbols; a username followed by such a token; or a message that is
nothing but such a token. A cue with no value token ("密码忘了怎么办", "初始密码是
什么") is a question and passes unchanged. Everything runs on the folded text
(NFKC, format characters removed, spaced-out letters joined), so "Ｄｅｍｏ－２０２６",
"密\\u200b码" and "D e m o 2 0 2 6" from speech are found too (issue 10, finding 7).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MASK = "******"

# Cues. 密碼 and 帳號 are the traditional spellings, 蜜码/秘码 common IME slips.
_ZH_PW_CUE = r"(?:[密蜜秘]\s*[码碼]|口\s*令)"
_EN_PW_CUE = r"(?:\bpass\s*word|\bpasswd|\bpwd|\bpw)\b"
_USER_CUE = r"(?:用\s*[户戶]\s*名|[帐账帳賬]\s*[号號户戶]|\buser\s*name|\busername|\buser|\blogin|\baccount)"
# What may stand between a cue and its value: "密码是", "密码为", "password: ", "pwd=", "my password is",
# and a hedge or a change told before it ("密码好像是", "密码应该是", "密码改成了").
_ZH_SEP = (
    r"\s*(?:(?:好像|好象|应该|大概|可能|也许|估计|似乎|一般|本来|原来|就|都)\s*)?"
    r"(?:是|为|為|:|=|(?:改|换|设|设置)(?:成|为)了?)?\s*"
)
_EN_SEP = r"\s*(?::|=|\bis\b)?\s*"
_VALUE = r"(?P<value>[\x21-\x7e]{1,64})"
_ZH_CUE_VALUE_RE = re.compile(rf"(?P<cue>{_ZH_PW_CUE}){_ZH_SEP}{_VALUE}", re.I)
_EN_CUE_VALUE_RE = re.compile(rf"(?P<cue>{_EN_PW_CUE}){_EN_SEP}{_VALUE}", re.I)
# "账号 demo-person Demo-2026", "用户名demo-person，Demo-2026": a username cue, a name, a secret.
_USER_PAIR_RE = re.compile(
    rf"{_USER_CUE}{_ZH_SEP}[\x21-\x7e]{{2,64}}?[\s,;/|]+{_VALUE}(?![\x21-\x7e])", re.I
)
# "demo-person Demo-2026" with no cue at all: a name and a secret, then nothing or words.
_BARE_PAIR_RE = re.compile(
    r"^\s*[A-Za-z][\w.@-]{2,39}\s*[\s,;/|:]\s*(?P<value>[\x21-\x7e]{6,64})\s*(?:$|(?=[^\x00-\x7f]))"
)
_TOKEN_RE = re.compile(r"[\x21-\x7e]+")
# Speech to text spells a password out: "D e m o 2 0 2 6". Four or more single
# characters in a row, one space apart, are read as one token.
_SPELLED_RE = re.compile(r"(?<!\S)[A-Za-z0-9!#$%&*+\-.@_](?: [A-Za-z0-9!#$%&*+\-.@_]){3,}(?!\S)")
# Tokens that mix letters and digits but are not secrets: phone numbers, e-mail
# addresses, acceptance and ticket numbers, URLs and button payloads.
_NOT_SECRET_RE = re.compile(
    r"^(?:\+?\d[\d\-]{6,}|[^@\s]+@[^@\s]+\.[a-z]{2,}|HZ-?(?:\d-?){12}\d|HZ-\d{8}-[0-9A-Z]{6}|/\w.*"
    r"|(?:https?://|www\.)\S+)$",
    re.I,
)
# Only the exact shapes of a 受理编号 (HZ + 13 digits, copied with dashes between groups
# as people do: "hz-2026-1123-07415") and a ticket (HZ-YYYYMMDD-XXXXXX) are references:
# "Hz123456" is a password a Hangzhou user may well choose.
# A number of characters is a rule, not a password: "密码是 8-16 位吗".
_COUNT_AFTER_RE = re.compile(r"^\s*(?:位|个|個|字|次|天|分钟|小时|char|digit)", re.I)
_TRAILING_PUNCT = ",;?"
_PAYLOAD_RE = re.compile(r"^/[a-z_]+(?:\{[^{}]*\})?$")

# 身份证号: 6-digit area, birth date, 3-digit sequence, check character (ISO 7064 MOD 11-2).
# People write it with a space or a dash between the parts, and after NFKC full-width
# digits are ASCII. A run of 17 digits plus a check character counts if either its
# checksum holds or its birth date is a real date: a mistyped ID is still an ID.
_ID18_RE = re.compile(
    r"(?<![0-9])(?P<area>\d{6})[ -]?(?P<date>\d{8})[ -]?(?P<seq>\d{3})(?P<check>[0-9Xx])(?![0-9])"
)
# The first-generation card (before 1999): 15 digits, a two-digit year, no check character.
_ID15_RE = re.compile(r"(?<![0-9])(?P<area>\d{6})[ -]?(?P<date>\d{6})[ -]?(?P<seq>\d{3})(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class Masked:
    """A message with any secret replaced by :data:`MASK`.

    ``found_secret`` is True when a password was masked (the message then skips
    NLU); ``found_id`` when an ID-card number was (the message is still understood).
    """

    text: str
    found_secret: bool
    found_id: bool = False


def fold(text: str) -> str:
    """NFKC, with format characters (zero-width spaces, bidi marks) removed.

    A secret typed as "Ｄｅｍｏ" or "密\\u200b码" must be found as the ASCII and the
    plain word it displays as, so every detector runs on this folded text.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf")


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
    if id_check_char(match["area"] + match["date"] + match["seq"]) == match["check"].upper():
        return True
    year, month, day = int(match["date"][:4]), int(match["date"][4:6]), int(match["date"][6:])
    return 1900 <= year <= 2099 and _is_date(year, month, day)


def _looks_like_id15(match: re.Match[str]) -> bool:
    birth = match["date"]
    return _is_date(1900 + int(birth[:2]), int(birth[2:4]), int(birth[4:]))


def mask_id_numbers(text: str) -> str:
    """Replace resident ID-card numbers (18- and 15-digit) in ``text`` by :data:`MASK`."""
    text = _ID18_RE.sub(lambda m: MASK if _looks_like_id18(m) else m[0], text)
    return _ID15_RE.sub(lambda m: MASK if _looks_like_id15(m) else m[0], text)


def _split_value(value: str) -> tuple[str, str]:
    """The value without the punctuation that NFKC made ASCII ("，" → ","), and that tail."""
    core = value.rstrip(_TRAILING_PUNCT)
    return core, value[len(core) :]


def _is_secret_token(token: str) -> bool:
    """A token that is a secret wherever it stands: letters and digits, six or more."""
    return (
        6 <= len(token) <= 64
        and _TOKEN_RE.fullmatch(token) is not None
        and any(c.isalpha() for c in token)
        and any(c.isdigit() for c in token)
        and not _NOT_SECRET_RE.match(token)
    )


def _is_cued_value(value: str, *, after: str, zh_cue: bool, explicit: bool) -> bool:
    """Whether ``value``, said right after a password cue, is the password itself."""
    # A number after a cue is the password, even one shaped like a phone number.
    if len(value) < 3 or (_NOT_SECRET_RE.match(value) and not value.isdigit()) or MASK in value:
        return False
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    symbols = any(not c.isalnum() for c in value)
    if digits and not letters and _COUNT_AFTER_RE.match(after):
        return False
    if letters and (digits or symbols):
        return True
    if digits:
        # "密码 123456": a numeric password; "8-16" needs the count check above.
        return len(value) >= 4
    # Letters only: "密码是admin" sends one, "password forgotten" does not.
    return zh_cue and explicit and len(value) >= 4


def _mask_cued(text: str, pattern: re.Pattern[str], *, zh_cue: bool) -> tuple[str, int]:
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        value, tail = _split_value(match["value"])
        sep = match[0][len(match["cue"]) : match.start("value") - match.start()]
        after = match.string[match.end() :]
        if not _is_cued_value(value, after=after, zh_cue=zh_cue, explicit=bool(sep.strip())):
            return match[0]
        count += 1
        return match[0][: match.start("value") - match.start()] + MASK + tail

    return pattern.sub(replace, text), count


def _mask_group(text: str, pattern: re.Pattern[str]) -> tuple[str, int]:
    """Mask the ``value`` group of each match that is a secret token."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        value, tail = _split_value(match["value"])
        if not (_is_secret_token(value) or (MASK not in value and _has_symbol_and_digit(value))):
            return match[0]
        count += 1
        start = match.start("value") - match.start()
        return match[0][:start] + MASK + tail

    return pattern.sub(replace, text), count


def _is_strong_secret(token: str) -> bool:
    """Upper and lower case, a digit and a symbol: a password wherever it stands."""
    return (
        8 <= len(token) <= 64
        and _TOKEN_RE.fullmatch(token) is not None
        and any(c.isupper() for c in token)
        and any(c.islower() for c in token)
        and any(c.isdigit() for c in token)
        and any(not c.isalnum() for c in token)
        and not _NOT_SECRET_RE.match(token)
    )


def _has_symbol_and_digit(value: str) -> bool:
    return (
        6 <= len(value) <= 64
        and _TOKEN_RE.fullmatch(value) is not None
        and any(c.isdigit() for c in value)
        and any(not c.isalnum() for c in value)
        and not _NOT_SECRET_RE.match(value)
    )


def _mask_remaining_tokens(text: str) -> str:
    """Once a message is known to carry a secret, every other secret-like token goes too."""

    def replace(match: re.Match[str]) -> str:
        value, tail = _split_value(match[0])
        return MASK + tail if _is_secret_token(value) else match[0]

    return _TOKEN_RE.sub(replace, text)


def _join_spelled(text: str) -> str:
    return _SPELLED_RE.sub(lambda m: m[0].replace(" ", ""), text)


def _mask(folded: str) -> Masked:
    """Masks on already folded text; ``text`` is the folded text with the secrets replaced."""
    text = mask_id_numbers(folded)
    found_id = text != folded
    if _PAYLOAD_RE.match(text.strip()):
        return Masked(text, False, found_id)
    joined = _join_spelled(text)
    stripped = joined.strip()
    if _is_secret_token(stripped) or _has_symbol_and_digit(stripped):
        return Masked(MASK, True, found_id)
    count = 0
    masked = joined
    for pattern, zh_cue in ((_ZH_CUE_VALUE_RE, True), (_EN_CUE_VALUE_RE, False)):
        masked, n = _mask_cued(masked, pattern, zh_cue=zh_cue)
        count += n
    for pattern in (_USER_PAIR_RE, _BARE_PAIR_RE):
        masked, n = _mask_group(masked, pattern)
        count += n
    count += sum(_is_strong_secret(_split_value(token)[0]) for token in _TOKEN_RE.findall(masked))
    if count:
        return Masked(_mask_remaining_tokens(masked), True, found_id)
    return Masked(text, False, found_id)


def mask_secrets(text: str) -> Masked:
    """Mask passwords and ID-card numbers in a user's message.

    Unchanged when there is nothing to mask; otherwise the folded text (see
    :func:`fold`) with each secret replaced by :data:`MASK`.
    """
    if not text:
        return Masked(text, False)
    result = _mask(fold(text))
    if not result.found_secret and not result.found_id:
        return Masked(text, False)
    return result


#: Words that make what is left of a masked message a question worth answering.
_QUESTION_LEFT_RE = re.compile(
    r"怎么|怎样|如何|咋|吗|嗎|？|\?|什么|哪|能不能|可不可以|\bhow\b|\bwhat\b|\bcan\b|\bwhy\b"
    # a request beside it ("帮我登录 账号… 密码…"): carried out, with the warning
    r"|帮我|我要|我想|\bplease\b|\bhelp me\b"
    # a wish told without a question ("太简单了想换一个", "太弱了要换掉")
    r"|[想要](?:换|改|重置|修改)"
    # asked either way, or a loss told ("忘记密码了，我原来的密码好像是…，是不是记错了")
    r"|是不是|是否|对不对|忘记|忘了|丢了",
    re.I,
)
#: "密码是******" and what leads up to it say nothing more.
_SECRET_SEGMENT_RE = re.compile(
    rf"(?:{_ZH_PW_CUE}|{_EN_PW_CUE}|{_USER_CUE})?{_ZH_SEP}{re.escape(MASK)}", re.I
)
#: Characters of a question left beside the secret ("想改成别的怎么改" has 8).
MIN_QUESTION_CHARS = 4


def asks_beside_secret(masked_text: str) -> bool:
    """Whether a masked message also asks something ("我的密码是******，想改成别的怎么改").

    Such a message is answered (from its masked text) as well as warned about.
    """
    rest = _SECRET_SEGMENT_RE.sub(" ", masked_text)
    meaningful = sum(1 for c in rest if c.isalnum())
    return meaningful >= MIN_QUESTION_CHARS and bool(_QUESTION_LEFT_RE.search(rest))


def mask_personal_data(text: str) -> str:
    """``text`` folded (see :func:`fold`) with passwords and ID-card numbers masked.

    For free text that leaves the bot (hand-off mails, transcripts): nothing that
    could log a person in or identify them by ID number survives.
    """
    if not text:
        return text
    # Line by line: a transcript is many messages, and "a message that is only a
    # secret" must be judged per message.
    return "\n".join(_mask(line).text for line in fold(text).split("\n"))
