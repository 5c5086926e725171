"""Recognise the contact a user leaves for the hand-off: a mainland mobile or an e-mail.

Users type numbers the way they write them on paper (``138 0013 8000``, ``+86-138…``,
full-width digits) and often inside a sentence, so the helpers look for a contact
inside free text and return it in one canonical form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

ContactKind = Literal["phone", "email"]

#: The longest address SMTP carries (RFC 5321 path limit minus the brackets).
MAX_EMAIL_LENGTH = 254

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-@])"
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*)"
    r"@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9\-]{1,59}))"
    r"(?![A-Za-z0-9\-@])"
)
# Separators people put inside phone numbers; removed before matching so that
# "138 0013 8000" and "(+86) 138-0013-8000" read as one number.
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()（）.·・]")
#: Digits as speech recognition writes a number read aloud (幺三八…, 两 for 2).
SPOKEN_DIGITS = str.maketrans("零〇一幺二两三四五六七八九", "0011223456789")
# A run of digits, spoken or not, with the separators above: at least a phone number's
# worth of them, so that "一个人" or "第三条" beside a number is left alone.
_SPOKEN_NUMBER = re.compile(
    r"[0-9零〇一幺二两三四五六七八九](?:[\s\-0-9零〇一幺二两三四五六七八九]*[0-9零〇一幺二两三四五六七八九]){6,}"
)
# ASCII digit classes on purpose: ``\d`` would also accept other scripts' digits.
_MOBILE = re.compile(r"(?<![0-9+])(?:\+86|0086|86)?(?P<number>1[3-9][0-9]{9})(?![0-9])")


@dataclass(frozen=True)
class Contact:
    """A normalised contact: ``+86`` and 11 digits for a phone, or an e-mail address."""

    kind: ContactKind
    value: str

    @property
    def display(self) -> str:
        """The contact as a person would read it: ``+86 138 0013 8000``."""
        if self.kind == "phone":
            digits = self.value[3:]
            return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
        return self.value

    @property
    def masked(self) -> str:
        """A form safe for logs and for repeating back: ``138****8000``, ``a***@qq.com``."""
        if self.kind == "phone":
            digits = self.value[3:]
            return f"{digits[:3]}****{digits[7:]}"
        local, _, domain = self.value.partition("@")
        return f"{local[:1]}***@{domain}"


def _normal_email(local: str, domain: str) -> str | None:
    address = f"{local}@{domain.lower()}"
    if len(address) > MAX_EMAIL_LENGTH or len(local) > 64:
        return None
    return address


def fold_spoken_digits(text: str) -> str:
    """ "幺三八零零幺三八零零零" → "13800138000": a number as a voice call transcribes it."""
    return _SPOKEN_NUMBER.sub(lambda m: m.group().translate(SPOKEN_DIGITS), text)


#: "zhangsan @ 163 .com": an address typed with spaces around its @ and dots; "test 艾特
#: example 点 com": one read aloud, its @ and dots said as speech recognition writes them.
_SPACED_AT = re.compile(r"(?<=[A-Za-z0-9._-])\s*(?:@|艾特|爱特)\s*(?=[A-Za-z0-9])")
_SPACED_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\s*(?:\.|点)\s*[A-Za-z0-9-]+)+")


def fold_contact_text(text: str) -> str:
    """``text`` with full-width forms, spoken digits and a spaced e-mail address folded."""
    folded = fold_spoken_digits(unicodedata.normalize("NFKC", text))
    folded = _SPACED_AT.sub("@", folded)
    return _SPACED_DOMAIN.sub(lambda m: re.sub(r"\s", "", m.group()).replace("点", "."), folded)


def find_contacts(text: str) -> list[Contact]:
    """Every distinct contact in ``text``, e-mails first, in order of appearance."""
    folded = fold_contact_text(text)
    found: list[Contact] = []
    # E-mails are cut out before looking for phones: "13800138000@163.com" is a
    # common address and must not also count as a phone number.
    rest: list[str] = []
    last = 0
    for match in _EMAIL.finditer(folded):
        address = _normal_email(match["local"], match["domain"])
        if address is not None:
            found.append(Contact("email", address))
        rest.append(folded[last : match.start()])
        last = match.end()
    rest.append(folded[last:])
    for part in rest:
        compact = _PHONE_SEPARATORS.sub("", part)
        for match in _MOBILE.finditer(compact):
            found.append(Contact("phone", "+86" + match["number"]))
    return list(dict.fromkeys(found))


def normalise_contact(text: str) -> Contact | None:
    """The one contact in ``text``, or ``None`` when there is none or more than one.

    Phones come back as ``+86`` and 11 digits, e-mails with the domain lower-cased.
    Two different contacts are ambiguous: the form should ask for one.
    """
    contacts = find_contacts(text)
    return contacts[0] if len(contacts) == 1 else None
