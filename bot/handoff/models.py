"""The ``handoff_outbox`` table and the typed rows read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from bot.db import UtcDateTime

TicketState = Literal["queued", "sending", "sent", "failed"]

#: Beijing time has had no daylight saving since 1991, so a fixed offset is exact and
#: needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


metadata = MetaData()

outbox_table = Table(
    "handoff_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_no", String(32), nullable=False, unique=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("category", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("contact_kind", String(16), nullable=False),
    Column("contact", String(320), nullable=False),
    Column("status", String(16), nullable=False, default="queued"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("claimed_by", String(128)),
    Column("claim_token", String(64)),
    Column("claim_expires_at", UtcDateTime()),
    Column("last_error", Text),
    Column("sent_at", UtcDateTime()),
    Column("message_id", String(255), nullable=False),
    Column("mail_from", String(320), nullable=False),
    Column("rcpt_to", Text, nullable=False),
    Column("mail", LargeBinary, nullable=False),
    Column("case_json", Text, nullable=False),
    # The id of the user's message that filed it (Rasa's, or the client's own), so the
    # same message run twice on two servers files one ticket (bot.once, issue 12).
    Column("request_id", String(128)),
    # The claim query walks due rows in order; this keeps it an index range scan.
    Index("ix_handoff_outbox_due", "status", "next_attempt_at"),
)


@dataclass(frozen=True)
class Ticket:
    """What the user is told at once: the ticket number, before any mail is sent."""

    ticket_no: str
    message_id: str
    created_at: datetime


@dataclass(frozen=True)
class TicketStatus:
    """Where a ticket stands, for "我的工单发出去了吗"."""

    ticket_no: str
    status: TicketState
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None

    def describe_zh(self) -> str:
        """One sentence for the user; never the relay's error text."""
        if self.status == "sent" and self.sent_at is not None:
            when = self.sent_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
            return f"工单 {self.ticket_no} 已于 {when} 转交人工客服，工作人员会尽快联系您。"
        if self.status == "failed":
            return (
                f"工单 {self.ticket_no} 未能转交人工客服，请拨打 12333 "
                "或发送电子邮件至 hz12333@hz.gov.cn 寻求帮助。"
            )
        return f"工单 {self.ticket_no} 已受理，正在转交人工客服，请稍候。"


@dataclass(frozen=True)
class ClaimedMail:
    """A ticket a worker has claimed; the claim token guards every later update."""

    ticket_no: str
    claim_token: str
    attempts: int
    created_at: datetime
    message_id: str
    mail_from: str
    rcpt_to: tuple[str, ...]
    mail: bytes


#: One row per ticket, kept only as long as the longest quota window. Apart from the
#: outbox so that erasing a conversation (which deletes its sent tickets) does not
#: reset the counts an abuser would want reset; the values are hashes, never the
#: conversation id or the contact themselves.
quota_table = Table(
    "handoff_quota",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
    Column("conversation", String(64), nullable=False),
    Column("contact", String(64), nullable=False),
    Column("client_net", String(128)),
)
