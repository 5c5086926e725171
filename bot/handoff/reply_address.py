"""The per-ticket reply address: ``reply+hz-20261201-0qyxns.<mac>@REPLY_DOMAIN`` (issue 13).

Every hand-off mail carries it as ``Reply-To``. The MAC is an HMAC of the ticket
number keyed from SECRET_KEY, so nobody can write to the address of a ticket they
were not sent, nor turn one ticket's address into another's. The address is lower
case throughout: mail systems may fold the local part, and ticket numbers use
Crockford's base32, which has no letters that folding could confuse.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

#: The local part's prefix; relays deliver ``reply+anything`` to the ``reply`` mailbox.
PREFIX = "reply+"
#: Characters of base32 MAC: 16 × 5 = 80 bits, far beyond guessing by mail.
MAC_LENGTH = 16
_KEY_LABEL = b"handoff-reply-address:"
_ADDRESS = re.compile(
    r"reply\+(?P<ticket>hz-[0-9]{8}-[0-9a-z]{6})\."
    rf"(?P<mac>[a-z2-7]{{{MAC_LENGTH}}})@(?P<domain>[a-z0-9.\-]+)"
)


@dataclass(frozen=True)
class ReplyTarget:
    """What a reply address names: a ticket, and whether its MAC was right."""

    ticket_no: str
    valid: bool


def mac_for(ticket_no: str, secret_key: str) -> str:
    """The MAC of ``ticket_no`` (upper case, as the outbox stores it)."""
    digest = hmac.new(
        secret_key.encode(), _KEY_LABEL + ticket_no.strip().upper().encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(digest).decode().lower()[:MAC_LENGTH]


def reply_address(ticket_no: str, *, secret_key: str, domain: str) -> str:
    """The address an agent's reply about ``ticket_no`` goes to."""
    return f"{PREFIX}{ticket_no.strip().lower()}.{mac_for(ticket_no, secret_key)}@{domain.lower()}"


def read_reply_address(address: str, *, secret_key: str, domain: str) -> ReplyTarget | None:
    """The ticket a reply address names, or ``None`` when it is not one of ours at all.

    ``valid`` is false for a well-formed address whose MAC does not match its ticket:
    a forgery, or another ticket's MAC, which the caller keeps in quarantine.
    """
    match = _ADDRESS.fullmatch(address.strip().lower())
    if match is None or match["domain"] != domain.lower():
        return None
    ticket_no = match["ticket"].upper()
    valid = hmac.compare_digest(match["mac"], mac_for(ticket_no, secret_key))
    return ReplyTarget(ticket_no=ticket_no, valid=valid)


def is_reply_domain(address: str, domain: str) -> bool:
    """Whether ``address`` is at REPLY_DOMAIN (any local part)."""
    return address.strip().lower().rpartition("@")[2] == domain.lower()
