"""Errors of the hand-off package.

::

    HandoffError
    ├── OutboxError               the outbox could not store or find a ticket
    │   └── QuotaExceeded             a hand-off quota is reached; no ticket was stored
    └── DeliveryError             one delivery attempt of a mail failed
        ├── TransientDeliveryError    try again later (connection, timeout, 4xx, relay setup)
        └── PermanentDeliveryError    the relay refused the mail itself (5xx)

aiosmtplib's errors are translated into these in one place,
:func:`bot.handoff.worker.deliver`, with ``raise … from exc``.
"""

from __future__ import annotations


class HandoffError(Exception):
    """Base of every error raised by :mod:`bot.handoff`."""


class OutboxError(HandoffError):
    """The outbox could not store a ticket."""


class QuotaExceeded(OutboxError):
    """A hand-off quota is reached (see :mod:`bot.handoff.quota`); nothing was stored."""

    def __init__(self, limit: str, maximum: int) -> None:
        super().__init__(f"hand-off quota {limit!r} reached ({maximum})")
        #: Which quota: ``conversation``, ``contact``, ``network`` or ``global``.
        self.limit = limit
        self.maximum = maximum


class DeliveryError(HandoffError):
    """One attempt to hand a mail to the relay failed."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code} {self.message}" if self.code is not None else self.message


class TransientDeliveryError(DeliveryError, ConnectionError):
    """Worth retrying: the relay was unreachable, slow, busy (4xx) or mis-configured."""


class PermanentDeliveryError(DeliveryError):
    """The relay refused this mail for good (5xx); retrying would not help."""
