"""Hand-off to a person: tickets, their mails, the outbox and its worker.

The conversation side builds a :class:`HandoffCase` and calls
:meth:`Outbox.enqueue`, which returns the ticket number at once; a separate
:class:`OutboxWorker` process delivers the mail. The local mail capture
(:mod:`bot.handoff.capture`, aiosmtpd) is imported only by what runs it, never by
the action server.
"""

from bot.handoff.case import (
    CATEGORIES,
    HandoffCase,
    PortalIdentity,
    SubmissionDetails,
    TranscriptEntry,
)
from bot.handoff.contact import Contact, find_contacts, normalise_contact
from bot.handoff.errors import (
    DeliveryError,
    HandoffError,
    OutboxError,
    PermanentDeliveryError,
    QuotaExceeded,
    TransientDeliveryError,
)
from bot.handoff.mail import build_mail, message_id_for
from bot.handoff.models import ClaimedMail, Ticket, TicketStatus
from bot.handoff.outbox import Outbox
from bot.handoff.quota import HandoffQuota
from bot.handoff.worker import OutboxWorker, RetryPolicy

__all__ = [
    "CATEGORIES",
    "ClaimedMail",
    "Contact",
    "DeliveryError",
    "HandoffCase",
    "HandoffError",
    "HandoffQuota",
    "Outbox",
    "OutboxError",
    "OutboxWorker",
    "PermanentDeliveryError",
    "PortalIdentity",
    "QuotaExceeded",
    "RetryPolicy",
    "SubmissionDetails",
    "Ticket",
    "TicketStatus",
    "TranscriptEntry",
    "TransientDeliveryError",
    "build_mail",
    "find_contacts",
    "message_id_for",
    "normalise_contact",
]
