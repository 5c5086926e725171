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
#: What the agent does next, first in the mail (issue 13).
REPLY_INSTRUCTIONS = "直接回复本邮件即可答复市民；单独一行写 #已解决 可结案"
FOOTER = "本邮件由 12333 网上办事助手自动发送；您的回复会转给市民，并记入工单。"
#: Buttons whose payload a user may have sent as text, by the title a person reads.
PAYLOAD_TITLES = {
    "affirm": "是",
    "deny": "否",
    "request_human": "转人工",
    "handoff_status": "我的工单",
    "check_my_progress": "查办事进度",
}
_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?:\{.*\})?", re.S)
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


def _contact_line(case: HandoffCase) -> str:
    kind = "手机" if case.contact.kind == "phone" else "电子邮件"
    verified = VERIFIED_NOTE if case.contact_verified else UNVERIFIED_NOTE
    return f"{kind} {case.contact.display}{verified}"


def _submission_facts(case: HandoffCase) -> list[tuple[str, str]]:
    submission = case.submission
    if submission is None:
        return []
    optional = [
        ("受理号", submission.acceptance_no),
        ("办事项目", submission.item),
        ("办理状态", submission.status),
        ("经办机构", submission.business_unit),
        ("经办机构电话", submission.business_unit_phone),
        ("提交时间", _beijing(submission.submitted_at) if submission.submitted_at else None),
        ("审核意见", redact(submission.reviewer_note) if submission.reviewer_note else None),
    ]
    return [(label, value) for label, value in optional if value]


def _identity(case: HandoffCase) -> str:
    if case.identity is None:
        return "未登录"
    who = case.identity.username
    details = [part for part in (case.identity.display_name, case.identity.account_kind) if part]
    if details:
        who += "（" + "，".join(details) + "）"
    return who


def _facts(ticket_no: str, created_at: datetime, case: HandoffCase) -> list[tuple[str, str]]:
    """Every fact, the citizen's want and contact first, then the submission, then the rest."""
    return [
        ("市民诉求", redact(case.description.strip()) or "（无）"),
        ("联系方式", _contact_line(case)),
        *_submission_facts(case),
        ("工单号", ticket_no),
        ("时间", f"{_beijing(created_at)}（北京时间）"),
        ("渠道", case.channel_name),
        ("类别", case.category),
        ("转人工原因", case.reason),
        ("申请人类型", case.applicant_type or "未说明"),
        ("网上办事身份", _identity(case)),
    ]


def readable_turn(entry: TranscriptEntry) -> str:
    """A turn as the agent reads it: a bare intent payload becomes the button it stands for."""
    text = redact(entry.text)
    match = _PAYLOAD.fullmatch(text.strip()) if entry.speaker == "user" else None
    if match:
        return f"（点击按钮）{PAYLOAD_TITLES.get(match['intent'], match['intent'])}"
    return text


def transcript_rows(transcript: Sequence[TranscriptEntry]) -> list[tuple[str, str, str]]:
    """(time, speaker, text) rows; a bot line repeated within the last turns is left out."""
    rows: list[tuple[str, str, str]] = []
    said: set[str] = set()
    for entry in transcript:
        text = readable_turn(entry)
        if entry.speaker == "bot":
            key = one_line(text)
            if key in said:
                continue
            said.add(key)
        rows.append(
            (_beijing(entry.timestamp), SPEAKER_NAMES.get(entry.speaker, entry.speaker), text)
        )
    return rows


def render_text(ticket_no: str, created_at: datetime, case: HandoffCase) -> str:
    """The plain-text part."""
    lines = [REPLY_INSTRUCTIONS, ""]
    lines += [f"{label}：{value}" for label, value in _facts(ticket_no, created_at, case)]
    if not case.contact_verified:
        lines += ["", UNVERIFIED_WARNING]
    lines += ["", f"{TRANSCRIPT_HEADING}："]
    lines += [f"[{when}] {who}：{text}" for when, who, text in transcript_rows(case.transcript)]
    if not case.transcript:
        lines.append("（无）")
    lines += ["", FOOTER]
    return "\n".join(lines) + "\n"


_CELL = "padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top;"
_FONT = "font-family:Arial,'Microsoft YaHei','PingFang SC',sans-serif;"


def render_html(ticket_no: str, created_at: datetime, case: HandoffCase) -> str:
    """The HTML part: one 600-px table with inline styles, as Outlook, Foxmail and webmail need.

    Every value is escaped.
    """
    esc = html.escape
    facts = "\n".join(
        f'<tr><th align="left" width="120" style="{_CELL}width:120px;white-space:nowrap;'
        f'color:#555;font-weight:normal;font-size:13px">{esc(label)}</th>'
        f'<td style="{_CELL}font-size:14px;color:#222">{esc(value)}</td></tr>'
        for label, value in _facts(ticket_no, created_at, case)
    )
    turns = (
        "\n".join(
            f'<tr><td width="70" style="{_CELL}width:70px;white-space:nowrap;color:#888;'
            f'font-size:12px">{esc(when[11:16])}</td>'
            f'<td width="56" style="{_CELL}width:56px;white-space:nowrap;word-break:keep-all;'
            f'font-size:13px;font-weight:bold;color:{"#0b5394" if who == "用户" else "#555"}">'
            f"{esc(who)}</td>"
            f'<td style="{_CELL}font-size:13px;color:#222;white-space:pre-wrap;'
            f'word-break:break-word">{esc(text)}</td></tr>'
            for when, who, text in transcript_rows(case.transcript)
        )
        or f'<tr><td colspan="3" style="{_CELL}">（无）</td></tr>'
    )
    warning = (
        ""
        if case.contact_verified
        else f'<tr><td style="padding:8px 16px;background:#fdecea;color:#a50e0e;font-size:13px">'
        f"<b>{esc(UNVERIFIED_WARNING)}</b></td></tr>\n"
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(ticket_no)}</title></head>\n"
        f'<body style="margin:0;padding:0;background:#f2f2f2;{_FONT}">\n'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'style="background:#f2f2f2"><tr><td align="center" style="padding:16px 0">\n'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        f'style="width:600px;max-width:600px;background:#ffffff;border:1px solid #dddddd;{_FONT}">\n'
        f'<tr><td style="padding:14px 16px;background:#0b5394;color:#ffffff;font-size:18px;'
        f'font-weight:bold">12333 转人工 {esc(ticket_no)}</td></tr>\n'
        f'<tr><td style="padding:12px 16px;background:#fff8e1;color:#5d4037;font-size:14px;'
        f'border-bottom:1px solid #f0e0b0"><b>{esc(REPLY_INSTRUCTIONS)}</b></td></tr>\n'
        f"{warning}"
        '<tr><td style="padding:8px 8px 0 8px">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n'
        f"{facts}\n</table></td></tr>\n"
        f'<tr><td style="padding:14px 16px 4px 16px;font-size:15px;font-weight:bold;color:#333">'
        f"{esc(TRANSCRIPT_HEADING)}</td></tr>\n"
        '<tr><td style="padding:0 8px 8px 8px">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        'style="table-layout:fixed">\n'
        '<colgroup><col width="70"><col width="56"><col></colgroup>\n'
        f"{turns}\n</table></td></tr>\n"
        f'<tr><td style="padding:12px 16px;color:#888;font-size:12px;border-top:1px solid #eee">'
        f"{esc(FOOTER)}</td></tr>\n"
        "</table>\n</td></tr></table>\n</body></html>\n"
    )


def build_mail(
    case: HandoffCase,
    *,
    ticket_no: str,
    created_at: datetime,
    handoff_from: str,
    handoff_to: str,
    reply_to: str | None = None,
) -> EmailMessage:
    """The hand-off mail for ``case``, addressed from HANDOFF_FROM to HANDOFF_TO.

    ``reply_to`` is the ticket's reply address (:mod:`bot.handoff.reply_address`):
    an agent's "reply" comes back to the bot, which delivers it to the citizen.
    """
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = handoff_from
    message["To"] = handoff_to
    if reply_to:
        message["Reply-To"] = reply_to
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
