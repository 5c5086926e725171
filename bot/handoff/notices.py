"""What the bot sends about a ticket after the hand-off (issue 13): texts and mails.

- to the citizen: the agent's reply, by mail (a contact given as an e-mail address)
  or by SMS (the SMS channel, or a voice caller's mobile), and in the chat;
- to the agents: the citizen's answer and the SLA reminder, in the ticket's thread
  (``In-Reply-To`` and ``References``) with the ticket's reply address as Reply-To.

These go out of the bot's own processes (the notification worker, the capture),
not through a Rasa turn. What the citizen reads is still a domain response
(``utter_reply_notice_*``, ``utter_reply_mail_*``), read once at import; the
agents' mails are written here, like those of :mod:`bot.handoff.mail`.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import phonenumbers

from bot.handoff.mail import message_id_for, one_line
from bot.handoff.models import CHINA_TZ
from bot.responses import response_texts

#: What the citizen reads about an agent's reply (domain responses, read once at import).
_TEXTS = response_texts(
    [
        "utter_reply_notice_header",
        "utter_reply_notice_no_body",
        "utter_reply_notice_attachments",
        "utter_reply_notice_resolved",
        "utter_reply_notice_how_to_answer",
        "utter_reply_notice_line_attachments",
        "utter_reply_mail_greeting",
        "utter_reply_mail_how_to_answer",
        "utter_reply_mail_signature",
        "utter_reply_mail_subject",
    ]
)


def reply_notice(
    ticket_no: str, text: str, *, attachments: int, resolved: bool, how_to_answer: bool = True
) -> str:
    """The agent's reply as the citizen reads it, in any channel."""
    lines = [
        _TEXTS["utter_reply_notice_header"].format(ticket_no=ticket_no),
        text.strip() or _TEXTS["utter_reply_notice_no_body"],
    ]
    if attachments:
        lines.append(_TEXTS["utter_reply_notice_attachments"].format(count=attachments))
    if resolved:
        lines.append(_TEXTS["utter_reply_notice_resolved"])
    elif how_to_answer:
        lines.append(_TEXTS["utter_reply_notice_how_to_answer"])
    return "\n".join(lines)


#: "回复工单：…", "回复工单 HZ-…：…", "答复客服 …": the words before the citizen's own.
_ANSWER_PREFIX = re.compile(
    r"^\s*(?:请)?(?:帮我)?(?:我要)?(?:回复|答复|回)(?:一下)?(?:给)?(?:工单|客服|工作人员|人工)(?:客服)?(?:说)?\s*"
)
_TICKET_IN_TEXT = re.compile(r"HZ-[0-9]{8}-[0-9A-Z]{6}", re.IGNORECASE)
_LEADING = " \t:：,，。-—"


def citizen_answer_text(text: str) -> str:
    """The citizen's own words in "回复工单 HZ-…：好的，我明天补交": "好的，我明天补交"."""
    # Not NFKC-folded: that would turn the citizen's ，and ： into ASCII.
    rest = _ANSWER_PREFIX.sub("", text, count=1)
    rest = _TICKET_IN_TEXT.sub("", rest, count=1)
    return rest.strip(_LEADING).strip()


def reply_lines(replies: Sequence[tuple[datetime, str, int]]) -> str:
    """Agents' replies for the chat, one ``[12-01 10:05] text`` a line."""
    lines = []
    for when, text, attachments in replies:
        line = text or _TEXTS["utter_reply_notice_no_body"]
        if attachments:
            line += _TEXTS["utter_reply_notice_line_attachments"].format(count=attachments)
        lines.append(f"[{when.astimezone(CHINA_TZ).strftime('%m-%d %H:%M')}] {line}")
    return "\n".join(lines)


def is_textable_mobile(number: str) -> bool:
    """A valid mainland mobile (the only numbers the bot texts; issue 10, finding 9)."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_valid_number(parsed)
        and phonenumbers.region_code_for_number(parsed) == "CN"
        and phonenumbers.number_type(parsed)
        in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    )


def masked_number(number: str) -> str:
    """``…8000``: the last four digits, for logs."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"…{digits[-4:]}" if digits else "(none)"


def new_message_id(ticket_no: str, handoff_from: str, kind: str) -> str:
    """A fresh Message-ID in the ticket's domain: ``<HZ-…-reply-1a2b3c@domain>``."""
    domain = message_id_for(ticket_no, handoff_from).rpartition("@")[2].rstrip(">")
    return f"<{ticket_no}-{kind}-{secrets.token_hex(6)}@{domain}>"


def _mail(
    *,
    mail_from: str,
    to: str,
    subject: str,
    text: str,
    message_id: str,
    now: datetime,
    reply_to: str | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = mail_from
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone(CHINA_TZ))
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = " ".join(dict.fromkeys(references))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8", cte="base64")
    body = "".join(
        f'<p style="margin:0 0 12px 0;white-space:pre-wrap">{html.escape(paragraph)}</p>'
        for paragraph in text.split("\n\n")
    )
    message.add_alternative(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head>'
        "<body style=\"margin:0;padding:16px;font-family:Arial,'Microsoft YaHei',sans-serif;"
        f'font-size:14px;line-height:1.6;color:#222">{body}</body></html>',
        subtype="html",
        charset="utf-8",
        cte="base64",
    )
    message["Content-Language"] = "zh-CN"
    return message


def citizen_mail(
    *,
    ticket_no: str,
    text: str,
    attachments: int,
    resolved: bool,
    handoff_from: str,
    to: str,
    message_id: str,
    now: datetime,
) -> EmailMessage:
    """The agent's reply, mailed to a citizen who left an e-mail address."""
    body = "\n\n".join(
        [
            _TEXTS["utter_reply_mail_greeting"],
            reply_notice(
                ticket_no, text, attachments=attachments, resolved=resolved, how_to_answer=False
            ),
            _TEXTS["utter_reply_mail_how_to_answer"],
            _TEXTS["utter_reply_mail_signature"],
        ]
    )
    return _mail(
        mail_from=handoff_from,
        to=to,
        subject=_TEXTS["utter_reply_mail_subject"].format(ticket_no=ticket_no),
        text=body,
        message_id=message_id,
        now=now,
    )


def citizen_answer_mail(
    *,
    ticket_no: str,
    text: str,
    handoff_from: str,
    handoff_to: str,
    reply_to: str,
    original_id: str,
    in_reply_to: str,
    references: Sequence[str],
    message_id: str,
    now: datetime,
) -> EmailMessage:
    """The citizen's "回复工单：…", to the agents in the ticket's thread."""
    body = "\n\n".join(
        [
            f"市民对工单 {ticket_no} 的答复：",
            text.strip(),
            "直接回复本邮件即可答复市民；单独一行写 #已解决 可结案。",
        ]
    )
    return _mail(
        mail_from=handoff_from,
        to=handoff_to,
        subject=f"Re: [12333 转人工] {ticket_no} 市民答复 – {one_line(text, 30)}",
        text=body,
        message_id=message_id,
        now=now,
        reply_to=reply_to,
        in_reply_to=in_reply_to,
        references=[original_id, *references],
    )


def reminder_mail(
    *,
    ticket_no: str,
    created_at: datetime,
    sla_hours: int,
    handoff_from: str,
    handoff_to: str,
    reply_to: str,
    original_id: str,
    message_id: str,
    now: datetime,
) -> EmailMessage:
    """The one reminder for a ticket nobody answered within HANDOFF_SLA_HOURS."""
    opened = created_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    body = "\n\n".join(
        [
            f"工单 {ticket_no} 于 {opened}（北京时间）转交，已超过 {sla_hours} 小时尚未答复市民。",
            "直接回复本邮件即可答复市民；单独一行写 #已解决 可结案。",
        ]
    )
    return _mail(
        mail_from=handoff_from,
        to=handoff_to,
        subject=f"[12333 转人工][超时提醒] {ticket_no} 已超过 {sla_hours} 小时未答复",
        text=body,
        message_id=message_id,
        now=now,
        reply_to=reply_to,
        in_reply_to=original_id,
        references=[original_id],
    )
