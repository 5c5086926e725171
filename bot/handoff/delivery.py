"""An agent's reply, from the mail to the citizen's channel (issue 13).

:meth:`ReplyDelivery.receive` takes one raw mail sent to the reply domain (from the
local capture at once, or from the IMAP reader) and, in one transaction, either
keeps it in quarantine with the reason, or stores the reply in the ticket's thread
and queues what the citizen is owed:

- a contact given as an e-mail address: a mail to it;
- the SMS channel: SMS to the conversation's phone (the reply is then shown);
- a voice caller: SMS when the number is a mainland mobile, else the reply waits
  for a later call, where the ticket's reply code opens it (:mod:`bot.handoff.reply_codes`);
- the web page and REST clients: the reply waits in the thread (``shown_at`` is
  empty) for a push to the open page or the client's next turn. With several bot
  servers, a web conversation's room is then nudged through Redis
  (:mod:`bot.notify.web`), so that the server holding the page pushes it at once.

The reply's Message-ID is unique per ticket, so the same mail received twice (a
relay's retry, IMAP read again after a crash) stores and sends nothing new.
:meth:`ReplyDelivery.remind_overdue` queues the one SLA reminder per ticket.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, exists, insert, select
from sqlalchemy.exc import IntegrityError

from bot.channels.responses import response_texts
from bot.channels.sms_format import fits, join_parts
from bot.handoff.inbound import UNKNOWN_TICKET, UNREADABLE, judge, parse_reply
from bot.handoff.mail import recipients_of
from bot.handoff.models import outbox_table
from bot.handoff.notices import (
    citizen_mail,
    is_textable_mobile,
    masked_number,
    new_message_id,
    reminder_mail,
    reply_notice,
)
from bot.handoff.replies import ReplyStore, messages_table
from bot.notify.outbox import Notification, enqueue_in
from bot.notify.web import is_web_conversation

logger = logging.getLogger(__name__)

#: How far past the SLA a ticket still gets its reminder.
REMINDER_WINDOW = timedelta(days=7)

_m = messages_table
_o = outbox_table


#: The most SMS (of at most three segments each) one reply is sent as. An agent's
#: answer is private, so it is never put behind a bearer link (issue 10, finding
#: 10): a longer one is cut and the rest is in the chat ("我的工单").
MAX_SMS_PARTS = 4
#: The SMS's own words (domain responses, read once at import).
_TEXTS = response_texts(["utter_handoff_sms_cut", "utter_handoff_sms_prefix"])
SMS_CUT_TEXT = _TEXTS["utter_handoff_sms_cut"]
SMS_PREFIX = _TEXTS["utter_handoff_sms_prefix"]


def sms_parts(text: str, *, most: int = MAX_SMS_PARTS) -> list[str]:
    """``text`` as up to ``most`` SMS of at most three segments each, cut between lines."""
    parts: list[str] = []
    current = ""
    for line in (SMS_PREFIX + text).splitlines():
        while line:
            candidate = join_parts(current, line)
            if fits(candidate):
                current, line = candidate, ""
            elif current:
                parts.append(current)
                current = ""
            else:
                keep = len(line)
                while keep > 1 and not fits(line[:keep]):
                    keep -= 1
                parts.append(line[:keep])
                line = line[keep:]
    if current:
        parts.append(current)
    if len(parts) > most:
        last = parts[most - 1]
        while last and not fits(join_parts(last, SMS_CUT_TEXT)):
            last = last[:-1]
        parts = [*parts[: most - 1], join_parts(last, SMS_CUT_TEXT)]
    return parts


@dataclass(frozen=True)
class Received:
    """What became of one inbound mail."""

    ticket_no: str | None
    #: None when delivered; else why it is in quarantine.
    reason: str | None
    duplicate: bool = False
    #: The ticket's conversation, when the reply was stored.
    conversation_id: str | None = None

    @property
    def accepted(self) -> bool:
        return self.reason is None


def _phone_of(conversation_id: str) -> str | None:
    channel, _, local = conversation_id.partition(":")
    return local if channel in {"sms", "voice"} and local.startswith("+") else None


class ReplyDelivery:
    """Judges inbound mail and routes accepted replies through the notification outbox."""

    def __init__(
        self,
        store: ReplyStore,
        *,
        agent_senders: Sequence[str],
        web_signal: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        """``web_signal`` nudges the server holding a web conversation's page (REDIS_URL)."""
        self.store = store
        self.agent_senders = tuple(agent_senders)
        self.web_signal = web_signal

    async def receive(self, raw: bytes, *, envelope_recipients: Sequence[str] = ()) -> Received:
        """Judge one mail and deliver or quarantine it; never raises for a bad mail."""
        await self.store.ensure_schema()
        received = await asyncio.to_thread(self._receive, raw, tuple(envelope_recipients))
        conversation = received.conversation_id
        if (
            self.web_signal is not None
            and received.accepted
            and not received.duplicate
            and conversation is not None
            and is_web_conversation(conversation)
        ):
            try:
                await self.web_signal(conversation)
            except Exception:
                # Stored already: the page gets it at its next visit or message.
                logger.exception("ticket %s: the web page could not be nudged", received.ticket_no)
        return received

    def _receive(self, raw: bytes, envelope_recipients: tuple[str, ...]) -> Received:
        store = self.store
        now = store.clock()
        try:
            mail = parse_reply(raw, envelope_recipients=envelope_recipients)
        except Exception:
            logger.exception("inbound mail could not be read; kept in quarantine")
            with store.engine.begin() as conn:
                store.quarantine_in(
                    conn,
                    reason=UNREADABLE,
                    sender=None,
                    ticket_no=None,
                    message_id=None,
                    subject=None,
                    raw=raw,
                    now=now,
                )
            return Received(None, UNREADABLE)
        verdict = judge(
            mail,
            secret_key=store.secret_key,
            reply_domain=store.reply_domain,
            agent_senders=self.agent_senders,
        )
        message_id = mail.message_id or "<no-id-" + hashlib.sha256(raw).hexdigest()[:32] + ">"
        with store.engine.begin() as conn:
            ticket = store.ticket_in(conn, verdict.ticket_no) if verdict.ticket_no else None
            reason = verdict.reason
            if reason is None and ticket is None:
                reason = UNKNOWN_TICKET
            if reason is not None or ticket is None:
                store.quarantine_in(
                    conn,
                    reason=reason or UNKNOWN_TICKET,
                    sender=mail.sender,
                    ticket_no=verdict.ticket_no,
                    message_id=message_id,
                    subject=mail.subject,
                    raw=raw,
                    now=now,
                )
                logger.warning(
                    "inbound mail for ticket %s kept in quarantine: %s",
                    verdict.ticket_no or "-",
                    reason,
                )
                return Received(verdict.ticket_no, reason or UNKNOWN_TICKET)
            phone = _phone_of(ticket.conversation_id)
            texted = phone is not None and is_textable_mobile(phone)
            try:
                with conn.begin_nested():
                    inserted = conn.execute(
                        insert(_m).values(
                            ticket_no=ticket.ticket_no,
                            conversation_id=ticket.conversation_id,
                            direction="agent",
                            created_at=now,
                            sender=mail.sender,
                            message_id=message_id[:255],
                            text=mail.text,
                            attachments=len(mail.attachments),
                            resolves=mail.resolves,
                            # An SMS or a mobile caller reads it in the SMS sent now.
                            shown_at=now if texted else None,
                        )
                    )
            except IntegrityError:
                logger.info("ticket %s: a reply received again was ignored", ticket.ticket_no)
                return Received(ticket.ticket_no, None, duplicate=True)
            reply_id = inserted.inserted_primary_key[0]
            notice = reply_notice(
                ticket.ticket_no,
                mail.text,
                attachments=len(mail.attachments),
                resolved=mail.resolves,
            )
            key = f"reply:{ticket.ticket_no}:{reply_id}"
            if ticket.contact_kind == "email":
                mail_id = new_message_id(ticket.ticket_no, store.handoff_from, "notice")
                message = citizen_mail(
                    ticket_no=ticket.ticket_no,
                    text=mail.text,
                    attachments=len(mail.attachments),
                    resolved=mail.resolves,
                    handoff_from=store.handoff_from,
                    to=ticket.contact,
                    message_id=mail_id,
                    now=now,
                )
                enqueue_in(
                    conn,
                    Notification(
                        dedupe_key=f"{key}:mail",
                        kind="mail",
                        payload={
                            "mail_from": recipients_of(store.handoff_from)[0],
                            "rcpt_to": [ticket.contact],
                        },
                        conversation_id=ticket.conversation_id,
                        ticket_no=ticket.ticket_no,
                        body=message.as_bytes(),
                    ),
                    now=now,
                )
            if texted and phone is not None:
                for number, part in enumerate(sms_parts(notice), start=1):
                    enqueue_in(
                        conn,
                        Notification(
                            dedupe_key=f"{key}:sms:{number}",
                            kind="sms",
                            payload={"to": phone, "body": part},
                            conversation_id=ticket.conversation_id,
                            ticket_no=ticket.ticket_no,
                        ),
                        now=now,
                    )
        logger.info(
            "ticket %s: agent reply accepted (%s%s)",
            ticket.ticket_no,
            "by SMS to " + masked_number(phone) if texted and phone else "kept for the chat",
            ", mail to the contact" if ticket.contact_kind == "email" else "",
        )
        return Received(ticket.ticket_no, None, conversation_id=ticket.conversation_id)

    async def remind_overdue(self, sla_hours: int, *, limit: int = 100) -> int:
        """Queue one reminder mail for each sent ticket without an agent reply after the SLA."""
        await self.store.ensure_schema()
        return await asyncio.to_thread(self._remind_overdue, sla_hours, limit)

    def _remind_overdue(self, sla_hours: int, limit: int) -> int:
        store = self.store
        now = store.clock()
        cutoff = now - timedelta(hours=sla_hours)
        # Tickets long past the SLA when this first runs (an upgrade) get no reminder flood.
        oldest = cutoff - REMINDER_WINDOW
        answered = exists().where(and_(_m.c.ticket_no == _o.c.ticket_no, _m.c.direction == "agent"))
        query = (
            select(_o)
            .where(
                _o.c.status == "sent",
                _o.c.created_at <= cutoff,
                _o.c.created_at > oldest,
                ~answered,
            )
            .order_by(_o.c.created_at)
            .limit(limit)
        )
        queued = 0
        with store.engine.begin() as conn:
            for row in conn.execute(query).all():
                message = reminder_mail(
                    ticket_no=row.ticket_no,
                    created_at=row.created_at,
                    sla_hours=sla_hours,
                    handoff_from=store.handoff_from,
                    handoff_to=store.handoff_to,
                    reply_to=store.reply_address(row.ticket_no),
                    original_id=row.message_id,
                    message_id=new_message_id(row.ticket_no, store.handoff_from, "sla"),
                    now=now,
                )
                queued += enqueue_in(
                    conn,
                    Notification(
                        dedupe_key=f"sla:{row.ticket_no}",
                        kind="mail",
                        payload={
                            "mail_from": recipients_of(store.handoff_from)[0],
                            "rcpt_to": recipients_of(store.handoff_to),
                        },
                        conversation_id=row.conversation_id,
                        ticket_no=row.ticket_no,
                        body=message.as_bytes(),
                    ),
                    now=now,
                )
        if queued:
            logger.info("SLA: %d reminder(s) queued for the agents", queued)
        return queued
