"""Notifications the bot starts itself: a durable outbox of mails and SMS, and its worker.

Issue 13 queues agents' replies for citizens, citizens' answers and SLA reminders
for the agents; issue 16 reuses it for status alerts. The worker is
:class:`bot.notify.worker.NotifyWorker`, run by ``python -m bot.handoff.followup``.
"""

from bot.notify.errors import NotifyError, PermanentNotifyError, TransientNotifyError
from bot.notify.outbox import ClaimedNotification, Notification, NotifyOutbox, enqueue_in

__all__ = [
    "ClaimedNotification",
    "Notification",
    "NotifyError",
    "NotifyOutbox",
    "PermanentNotifyError",
    "TransientNotifyError",
    "enqueue_in",
]
