"""Errors of the notification package.

::

    NotifyError                 one delivery attempt of a notification failed
    ├── TransientNotifyError        try again later (provider down, slow, 4xx busy, 429)
    └── PermanentNotifyError        the provider refused this message for good

Twilio's errors are translated in :mod:`bot.notify.sms`; aiosmtplib's through
:func:`bot.handoff.worker.deliver`, whose errors :mod:`bot.notify.worker` maps here.
"""

from __future__ import annotations


class NotifyError(Exception):
    """One attempt to hand a notification to its provider failed."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code} {self.message}" if self.code is not None else self.message


class TransientNotifyError(NotifyError, ConnectionError):
    """Worth retrying."""


class PermanentNotifyError(NotifyError):
    """Retrying would not help."""
