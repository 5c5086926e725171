"""An agent's reply mail, read and judged before anything reaches a citizen (issue 13).

:func:`parse_reply` turns the raw message into an :class:`InboundMail` with the
email package: the text/plain part, or the HTML part turned into text; the quoted
original and the signature cut off with email-reply-parser (after the quote
headers that Chinese clients write, which it does not know); attachments left out
and counted. :func:`judge` then decides whether the reply may be delivered:

- it is addressed to a reply address of ours (:mod:`bot.handoff.reply_address`)
  whose MAC is right for its ticket;
- its sender is one of AGENT_SENDERS (an address, or a domain);
- where the relay added ``Authentication-Results``, DKIM and SPF did not fail.

Anything else is refused with a reason, and the caller keeps it in quarantine.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from email_reply_parser import EmailReplyParser

from bot.handoff.reply_address import is_reply_domain, read_reply_address

#: A line of its own that closes the ticket.
RESOLVE_MARKERS = frozenset({"#已解决", "#resolved"})
#: The longest reply text kept; an agent's answer is a few paragraphs.
MAX_REPLY_CHARS = 4000
#: Lines from which on Chinese and Outlook clients quote the original.
_QUOTE_HEADERS = re.compile(
    r"^\s*(?:-{2,}\s*原始邮件\s*-{2,}|-{2,}\s*Original Message\s*-{2,}|"
    r"在.{0,80}写道[:：]|On .{0,200}wrote:|发件人[:：].*|From: .*<[^>]+@[^>]+>.*)\s*$",
    re.IGNORECASE,
)
_RESULT_VERDICT = re.compile(r"\b(dkim|spf|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)

Reason = str
#: Why a mail was kept in quarantine; the console and the tests read these.
NOT_FOR_US: Reason = "not_a_reply_address"
BAD_MAC: Reason = "bad_ticket_mac"
UNKNOWN_TICKET: Reason = "unknown_ticket"
NOT_AN_AGENT: Reason = "sender_not_allowed"
AUTH_FAILED: Reason = "authentication_failed"
EMPTY: Reason = "empty_reply"
UNREADABLE: Reason = "unreadable"
AUTO_REPLY: Reason = "auto_reply"


@dataclass(frozen=True)
class InboundMail:
    """What the bot reads of one mail sent to the reply domain."""

    sender: str
    recipients: tuple[str, ...]
    subject: str
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    #: The agent's own words: no quote, no signature, no ``#已解决`` line.
    text: str
    attachments: tuple[str, ...]
    resolves: bool
    #: ``dkim=fail`` and the like, from ``Authentication-Results``; empty when absent.
    auth_failures: tuple[str, ...]
    auto_submitted: bool


@dataclass(frozen=True)
class Verdict:
    """:func:`judge`'s answer: the ticket to deliver to, or why not."""

    ticket_no: str | None
    reason: Reason | None

    @property
    def accepted(self) -> bool:
        return self.reason is None


class _TextOfHtml(HTMLParser):
    """HTML to plain text: blocks become lines, quoted blocks become ``>`` lines."""

    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.quote_depth = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "head", "title"}:
            self.skip += 1
        elif tag == "blockquote":
            self.quote_depth += 1
            self.lines.append("")
        elif tag in self._BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "head", "title"}:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self.lines.append("")
        elif tag in self._BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if not text.strip():
            return
        if self.quote_depth and not self.lines[-1]:
            self.lines[-1] = "> "
        self.lines[-1] += text

    def text(self) -> str:
        return "\n".join(line.strip() for line in self.lines).strip()


def html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def _attachments(message: EmailMessage) -> tuple[str, ...]:
    names = []
    for part in message.iter_attachments():
        if isinstance(part, Message):
            names.append(part.get_filename() or part.get_content_type())
    return tuple(names)


def strip_reply(text: str) -> tuple[str, bool]:
    """The agent's own words and whether a ``#已解决`` line closes the ticket."""
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        # email-reply-parser knows "On … wrote:" and "--"; Foxmail's and QQ's quote
        # headers ("------ 原始邮件 ------", "在 … 写道：") it does not.
        if _QUOTE_HEADERS.match(line):
            lines = lines[:number]
            break
    own = EmailReplyParser.parse_reply("\n".join(lines))
    kept, resolves = [], False
    for line in own.split("\n"):
        if line.strip().lower() in RESOLVE_MARKERS:
            resolves = True
            continue
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return body[:MAX_REPLY_CHARS], resolves


def auth_failures(message: Message) -> tuple[str, ...]:
    """``dkim=fail``-like verdicts from every ``Authentication-Results`` header."""
    failures = []
    for header in message.get_all("Authentication-Results") or []:
        for method, result in _RESULT_VERDICT.findall(str(header)):
            if method.lower() in {"dkim", "spf"} and result.lower() in {
                "fail",
                "softfail",
                "permerror",
            }:
                failures.append(f"{method.lower()}={result.lower()}")
    return tuple(dict.fromkeys(failures))


def parse_reply(raw: bytes, *, envelope_recipients: Sequence[str] = ()) -> InboundMail:
    """Read one raw RFC 5322 message (``envelope_recipients``: the RCPT TO addresses)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    _, sender = parseaddr(str(message.get("From", "")))
    headers = [str(v) for name in ("To", "Cc", "Delivered-To") for v in message.get_all(name) or []]
    recipients = [address for _, address in getaddresses(headers) if address]
    recipients += list(envelope_recipients)
    text, resolves = strip_reply(_body_text(message))
    return InboundMail(
        sender=sender.strip().lower(),
        recipients=tuple(dict.fromkeys(address.strip().lower() for address in recipients)),
        subject=str(message.get("Subject", "")),
        message_id=str(message.get("Message-ID", "")).strip(),
        in_reply_to=str(message.get("In-Reply-To", "")).strip(),
        references=tuple(str(message.get("References", "")).split()),
        text=text,
        attachments=_attachments(message),
        resolves=resolves,
        auth_failures=auth_failures(message),
        auto_submitted=str(message.get("Auto-Submitted", "no")).strip().lower() != "no",
    )


def is_agent(sender: str, agent_senders: Sequence[str]) -> bool:
    """Whether ``sender`` is one of AGENT_SENDERS: an address, or an address at a domain."""
    address = sender.strip().lower()
    domain = address.rpartition("@")[2]
    for allowed in agent_senders:
        allowed = allowed.strip().lower()
        if "@" in allowed and address == allowed:
            return True
        if "@" not in allowed and domain == allowed.lstrip("@"):
            return True
    return False


def judge(
    mail: InboundMail, *, secret_key: str, reply_domain: str, agent_senders: Sequence[str]
) -> Verdict:
    """Whether ``mail`` may reach a citizen, and for which ticket.

    The ticket comes only from a reply address with a valid MAC; a mail naming
    several of our addresses with different tickets is refused, since it could
    carry one ticket's answer to another's citizen.
    """
    targets = [
        target
        for address in mail.recipients
        if is_reply_domain(address, reply_domain)
        and (target := read_reply_address(address, secret_key=secret_key, domain=reply_domain))
    ]
    if not targets:
        return Verdict(None, NOT_FOR_US)
    tickets = {target.ticket_no for target in targets}
    claimed = sorted(tickets)[0]
    if len(tickets) > 1 or not all(target.valid for target in targets):
        return Verdict(claimed, BAD_MAC)
    if mail.auto_submitted:
        return Verdict(claimed, AUTO_REPLY)
    if not is_agent(mail.sender, agent_senders):
        return Verdict(claimed, NOT_AN_AGENT)
    if mail.auth_failures:
        return Verdict(claimed, AUTH_FAILED)
    if not mail.text and not mail.resolves:
        return Verdict(claimed, EMPTY)
    return Verdict(claimed, None)
