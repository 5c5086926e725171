"""The hand-off mail: one UTF-8 message with a plain-text and an HTML part.

Everything the user or the portal supplied is HTML-escaped in the HTML part. The
transcript arrives trimmed and masked by the action; the free text is redacted
once more here (:func:`bot.handoff.transcript.redact`) so that the heading that
promises it stays true whoever built the case.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr

from bot.handoff.case import HandoffCase, TranscriptEntry
from bot.handoff.models import CHINA_TZ
from bot.handoff.transcript import TRANSCRIPT_HEADING, redact

#: The Message-ID domain when HANDOFF_FROM has none to lend.
DEFAULT_MESSAGE_ID_DOMAIN = "12333-bot.hz"
#: Longest one-line summary in the subject, in characters.
SUMMARY_LENGTH = 40

SPEAKER_NAMES = {"user": "用户", "bot": "机器人"}
#: After the contact: whether anyone has checked that it is the user's.
VERIFIED_NOTE = "（已验证：用户发短信或来电所用的号码）"
UNVERIFIED_NOTE = "（未验证：用户在对话中自行填写）"
#: The warning under the facts when the contact is unverified.
UNVERIFIED_WARNING = (
    "注意：联系方式未验证，可能不是用户本人的。联系时请先核实身份，"
    "核实前不要透露任何个人信息或办事记录。"
)
_WHITESPACE = re.compile(r"\s+")


def message_id_for(ticket_no: str, handoff_from: str) -> str:
    """The stable Message-ID of a ticket's mail, so that a resent copy is a duplicate."""
    _, address = parseaddr(handoff_from)
    _, at, domain = address.rpartition("@")
    domain = domain.strip().lower()
    if not at or not re.fullmatch(r"[a-z0-9.\-]+", domain):
        domain = DEFAULT_MESSAGE_ID_DOMAIN
    return f"<{ticket_no}@{domain}>"


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` on a single line, cut to ``limit`` characters with an ellipsis."""
    flat = _WHITESPACE.sub(" ", text).strip()
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def subject_for(ticket_no: str, case: HandoffCase) -> str:
    """``[12333 转人工] HZ-… 类别 – 一句话摘要``."""
    summary = one_line(redact(case.description), SUMMARY_LENGTH) or "（无描述）"
    return f"[12333 转人工] {ticket_no} {one_line(case.category)} – {summary}"


def recipients_of(header_value: str) -> list[str]:
    """The bare addresses in a To-style value such as ``a@x.cn, B <b@x.cn>``."""
    return [address for _, address in getaddresses([header_value]) if address]


def _beijing(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _facts(ticket_no: str, created_at: datetime, case: HandoffCase) -> list[tuple[str, str]]:
    kind = "手机" if case.contact.kind == "phone" else "电子邮件"
    verified = VERIFIED_NOTE if case.contact_verified else UNVERIFIED_NOTE
    facts = [
        ("工单号", ticket_no),
        ("时间", f"{_beijing(created_at)}（北京时间）"),
        ("渠道", case.channel_name),
        ("联系方式", f"{kind} {case.contact.display}{verified}"),
        ("类别", case.category),
        ("转人工原因", case.reason),
        ("申请人类型", case.applicant_type or "未说明"),
    ]
    if case.identity is None:
        facts.append(("网上办事身份", "未登录"))
    else:
        who = case.identity.username
        details = [
            part for part in (case.identity.display_name, case.identity.account_kind) if part
        ]
        if details:
            who += "（" + "，".join(details) + "）"
        facts.append(("网上办事身份", who))
    submission = case.submission
    if submission is not None:
        facts.append(("受理号", submission.acceptance_no))
        optional = [
            ("办事项目", submission.item),
            ("办理状态", submission.status),
            ("经办机构", submission.business_unit),
            ("经办机构电话", submission.business_unit_phone),
            ("提交时间", _beijing(submission.submitted_at) if submission.submitted_at else None),
            ("审核意见", redact(submission.reviewer_note) if submission.reviewer_note else None),
        ]
        facts.extend((label, value) for label, value in optional if value)
    return facts


def _transcript_lines(transcript: Sequence[TranscriptEntry]) -> list[str]:
    return [
        f"[{_beijing(entry.timestamp)}] {SPEAKER_NAMES.get(entry.speaker, entry.speaker)}：{redact(entry.text)}"
        for entry in transcript
    ]


def render_text(ticket_no: str, created_at: datetime, case: HandoffCase) -> str:
    """The plain-text part."""
    lines = [f"{label}：{value}" for label, value in _facts(ticket_no, created_at, case)]
    if not case.contact_verified:
        lines += ["", UNVERIFIED_WARNING]
    lines += [
        "",
        "用户描述：",
        redact(case.description.strip()) or "（无）",
        "",
        "机器人已告知用户：",
    ]
    lines += [f"- {redact(said)}" for said in case.bot_said] or ["（无）"]
    lines += ["", f"{TRANSCRIPT_HEADING}："]
    lines += _transcript_lines(case.transcript) or ["（无）"]
    lines += ["", "请通过上方的联系方式联系用户；本邮件由 12333 网上办事助手自动发送。"]
    return "\n".join(lines) + "\n"


def render_html(ticket_no: str, created_at: datetime, case: HandoffCase) -> str:
    """The HTML part; every value is escaped."""
    esc = html.escape
    rows = "\n".join(
        f'<tr><th style="text-align:left;padding-right:1em">{esc(label)}</th>'
        f"<td>{esc(value)}</td></tr>"
        for label, value in _facts(ticket_no, created_at, case)
    )
    said = "\n".join(f"<li>{esc(redact(item))}</li>" for item in case.bot_said) or "<li>（无）</li>"
    turns = (
        "\n".join(
            f'<tr><td style="white-space:nowrap;color:#666">{esc(_beijing(entry.timestamp))}</td>'
            f"<td><b>{esc(SPEAKER_NAMES.get(entry.speaker, entry.speaker))}</b></td>"
            f'<td style="white-space:pre-wrap">{esc(redact(entry.text))}</td></tr>'
            for entry in case.transcript
        )
        or '<tr><td colspan="3">（无）</td></tr>'
    )
    description = esc(redact(case.description.strip()) or "（无）")
    warning = (
        ""
        if case.contact_verified
        else f'<p style="color:#b00"><b>{esc(UNVERIFIED_WARNING)}</b></p>\n'
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(ticket_no)}</title></head><body>\n"
        f"<h2>12333 转人工：{esc(ticket_no)}</h2>\n"
        f"<table>\n{rows}\n</table>\n"
        f"{warning}"
        f'<h3>用户描述</h3>\n<p style="white-space:pre-wrap">{description}</p>\n'
        f"<h3>机器人已告知用户</h3>\n<ul>\n{said}\n</ul>\n"
        f"<h3>{esc(TRANSCRIPT_HEADING)}</h3>\n<table>\n{turns}\n</table>\n"
        "<p>请通过上方的联系方式联系用户；本邮件由 12333 网上办事助手自动发送。</p>\n"
        "</body></html>\n"
    )


def build_mail(
    case: HandoffCase,
    *,
    ticket_no: str,
    created_at: datetime,
    handoff_from: str,
    handoff_to: str,
) -> EmailMessage:
    """The hand-off mail for ``case``, addressed from HANDOFF_FROM to HANDOFF_TO."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = handoff_from
    message["To"] = handoff_to
    if case.contact.kind == "email":
        local, _, domain = case.contact.value.partition("@")
        message["Reply-To"] = Address(username=local, domain=domain)
    message["Subject"] = subject_for(ticket_no, case)
    message["Date"] = format_datetime(created_at.astimezone(CHINA_TZ))
    message["Message-ID"] = message_id_for(ticket_no, handoff_from)
    message["X-Handoff-Ticket"] = ticket_no
    # Stops vacation responders from answering the bot instead of a person.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(ticket_no, created_at, case), charset="utf-8", cte="base64")
    message.add_alternative(
        render_html(ticket_no, created_at, case), subtype="html", charset="utf-8", cte="base64"
    )
    # After the parts: set_content clears every Content-* header that was there.
    message["Content-Language"] = "zh-CN"
    return message
