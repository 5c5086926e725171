"""Keeping passwords out of the chat: detection and masking before Rasa sees a message.

Rasa stores every user message in plain text in the tracker store and logs it at
DEBUG, so a password typed into the chat must be masked by the channel, before
the message becomes a ``UserMessage``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
