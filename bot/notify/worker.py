"""The notification worker: delivers queued mails (aiosmtplib) and SMS (Twilio).

Claims, leases, backoff and giving up are the hand-off worker's
(:mod:`bot.handoff.worker`): a mail goes through the same
:func:`~bot.handoff.worker.deliver`, and the same :class:`RetryPolicy` decides when
to try again. An SMS goes through :class:`bot.notify.sms.SmsSender`; its Sid is
recorded with the row, and Twilio's status callbacks fill in its delivery status.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from datetime import timedelta

from bot.handoff.errors import DeliveryError, PermanentDeliveryError
from bot.handoff.models import ClaimedMail
from bot.handoff.worker import (
    BATCH_SIZE,
    DEFAULT_LEASE,
    POLL_INTERVAL,
    SEND_DEADLINE,
    SMTP_TIMEOUT,
    RetryPolicy,
    default_worker_id,
    deliver,
)
from bot.notify.errors import NotifyError, PermanentNotifyError, TransientNotifyError
from bot.notify.outbox import ClaimedNotification, NotifyOutbox
from bot.notify.sms import SmsSender
from bot.settings import SmtpSettings

log = logging.getLogger(__name__)


class NotifyWorker:
    """Claims due notifications and delivers each once (at least once, see the outbox)."""

    def __init__(
        self,
        outbox: NotifyOutbox,
        *,
        smtp: SmtpSettings,
        sms: SmsSender,
        worker_id: str | None = None,
        poll_interval: float = POLL_INTERVAL,
        lease: timedelta = DEFAULT_LEASE,
        batch_size: int = BATCH_SIZE,
        retry: RetryPolicy | None = None,
        smtp_timeout: float = SMTP_TIMEOUT,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.outbox = outbox
        self.smtp = smtp
        self.sms = sms
        self.worker_id = worker_id or default_worker_id()
        self.poll_interval = poll_interval
        self.lease = lease
        self.batch_size = batch_size
        self.retry = retry or RetryPolicy()
        self.smtp_timeout = smtp_timeout
        self.tls_context = tls_context
        #: Set whenever something is enqueued in this process, to skip the poll wait.
        self.wake = asyncio.Event()

    async def run_once(self) -> int:
        """Claim one batch and try each once; returns how many were claimed."""
        claims = await self.outbox.claim_due(
            self.worker_id, limit=self.batch_size, lease=self.lease
        )
        outcomes = await asyncio.gather(
            *(self._process(claim) for claim in claims), return_exceptions=True
        )
        for claim, outcome in zip(claims, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                log.error(
                    "could not record notification %s; retried when its lease expires",
                    claim.dedupe_key,
                    exc_info=outcome,
                )
        return len(claims)

    async def run_forever(self, stop: asyncio.Event) -> None:
        log.info("notification worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                claimed = await self.run_once()
            except Exception:
                log.exception("notification worker could not poll the outbox")
                claimed = 0
            if claimed < self.batch_size:
                self.wake.clear()
                waits = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self.wake.wait()),
                ]
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait(
                        waits, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
                    )
                for waiting in waits:
                    waiting.cancel()
        log.info("notification worker %s stopped", self.worker_id)

    async def _send(self, claim: ClaimedNotification) -> str | None:
        """Hand one notification to its provider; the provider's id, if it gives one."""
        if claim.kind == "mail":
            mail = ClaimedMail(
                ticket_no=claim.ticket_no or claim.dedupe_key,
                claim_token=claim.claim_token,
                attempts=claim.attempts,
                created_at=claim.created_at,
                message_id="",
                mail_from=str(claim.payload["mail_from"]),
                rcpt_to=tuple(claim.payload["rcpt_to"]),
                mail=claim.body or b"",
            )
            try:
                await deliver(
                    mail,
                    self.smtp,
                    timeout=self.smtp_timeout,
                    deadline=SEND_DEADLINE,
                    tls_context=self.tls_context,
                )
            except PermanentDeliveryError as exc:
                raise PermanentNotifyError(exc.message, code=exc.code) from exc
            except DeliveryError as exc:
                raise TransientNotifyError(exc.message, code=exc.code) from exc
            return None
        if claim.kind == "sms":
            sent = await self.sms.send(to=str(claim.payload["to"]), body=str(claim.payload["body"]))
            return sent.sid
        raise PermanentNotifyError(f"unknown notification kind {claim.kind!r}")

    async def _process(self, claim: ClaimedNotification) -> None:
        try:
            provider_id = await self._send(claim)
        except PermanentNotifyError as exc:
            await self.outbox.mark_failed(claim, str(exc))
            log.error("NOTIFICATION FAILED: %s refused for good: %s", claim.dedupe_key, exc)
            return
        except NotifyError as exc:
            await self._retry_later(claim, str(exc))
            return
        except Exception as exc:
            log.exception("unexpected error delivering %s", claim.dedupe_key)
            await self._retry_later(claim, repr(exc))
            return
        await self.outbox.mark_sent(claim, provider_id=provider_id)
        log.info("notification %s sent (attempt %d)", claim.dedupe_key, claim.attempts)

    async def _retry_later(self, claim: ClaimedNotification, error: str) -> None:
        now = self.outbox.clock()
        following = self.retry.next_attempt(
            created_at=claim.created_at, attempts=claim.attempts, now=now
        )
        if following is None:
            await self.outbox.mark_failed(
                claim, f"gave up after {claim.attempts} attempts: {error}"
            )
            log.error("NOTIFICATION FAILED: %s given up: %s", claim.dedupe_key, error)
            return
        await self.outbox.mark_retry(claim, error, next_attempt_at=following)
        log.warning(
            "notification %s not sent (attempt %d): %s; next at %s",
            claim.dedupe_key,
            claim.attempts,
            error,
            following.isoformat(timespec="seconds"),
        )
