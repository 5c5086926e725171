"""The outbox worker: delivers queued hand-off mails through the SMTP relay.

Run it as ``python -m bot.handoff.worker``. Several may run at once against the same
database; each mail is claimed by one of them (see :mod:`bot.handoff.outbox`).
Delivery is at least once: a worker that dies after the relay accepted a mail but
before recording it leaves the mail to be sent again, with the same Message-ID.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import signal
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosmtplib

from bot.handoff.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError
from bot.handoff.models import ClaimedMail
from bot.handoff.outbox import Outbox
from bot.logs import configure_logging
from bot.observability import ops_http_server
from bot.settings import Settings, SmtpSettings

log = logging.getLogger(__name__)

#: Each SMTP operation (connect, every command) must answer within this many seconds.
SMTP_TIMEOUT = 10.0
#: One whole delivery (connect to QUIT) must finish within this; it is well inside
#: the lease, so a slow relay cannot make two workers send the same mail.
SEND_DEADLINE = 60.0
#: How long a claim holds before another worker may take the mail over.
DEFAULT_LEASE = timedelta(minutes=5)
#: Seconds between polls of an empty outbox.
POLL_INTERVAL = 2.0
#: Mails claimed, and sent side by side, per poll.
BATCH_SIZE = 10


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: 30 s, doubling, at most 1 h apart, given up 24 h after creation."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)
    give_up_after: timedelta = timedelta(hours=24)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt (1-based)."""
        exponent = max(attempts - 1, 0)
        # Past 2**20 the cap has long won; the limit keeps the multiplication small.
        return min(self.base * (2 ** min(exponent, 20)), self.cap)

    def next_attempt(
        self, *, created_at: datetime, attempts: int, now: datetime
    ) -> datetime | None:
        """When to try again after a failure at ``now``, or ``None`` to give up.

        The last try falls exactly on the deadline, so a relay that comes back late
        on the last day still gets the mail.
        """
        deadline = created_at + self.give_up_after
        if now >= deadline:
            return None
        return min(now + self.delay(attempts), deadline)

    def schedule(self, created_at: datetime) -> list[datetime]:
        """Every attempt time for a relay that never answers, attempts taking no time."""
        times = [created_at]
        while True:
            following = self.next_attempt(created_at=created_at, attempts=len(times), now=times[-1])
            if following is None:
                return times
            times.append(following)


def _tls_options(smtp: SmtpSettings) -> tuple[bool, bool]:
    """``(use_tls, start_tls)`` for aiosmtplib."""
    # "none" means none: no opportunistic upgrade that a local relay might botch.
    return smtp.tls == "tls", smtp.tls == "starttls"


async def deliver(
    claim: ClaimedMail,
    smtp: SmtpSettings,
    *,
    timeout: float = SMTP_TIMEOUT,
    deadline: float = SEND_DEADLINE,
    tls_context: ssl.SSLContext | None = None,
) -> None:
    """Hand one claimed mail to the relay.

    Raises:
        PermanentDeliveryError: the relay refused the mail itself (5xx).
        TransientDeliveryError: anything worth retrying.
    """
    use_tls, start_tls = _tls_options(smtp)
    try:
        refused, _ = await asyncio.wait_for(
            aiosmtplib.send(
                claim.mail,
                sender=claim.mail_from,
                recipients=list(claim.rcpt_to),
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.user,
                password=smtp.password,
                timeout=timeout,
                tls_context=tls_context,
                use_tls=use_tls,
                start_tls=start_tls,
            ),
            timeout=deadline,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        text = "; ".join(f"{r.code} {r.recipient}: {r.message}" for r in exc.recipients)
        if codes and all(500 <= code < 600 for code in codes):
            raise PermanentDeliveryError(f"recipients refused: {text}", code=max(codes)) from exc
        raise TransientDeliveryError(f"recipients refused: {text}", code=min(codes)) from exc
    except (
        aiosmtplib.SMTPAuthenticationError,
        aiosmtplib.SMTPHeloError,
        aiosmtplib.SMTPConnectResponseError,
    ) as exc:
        # A refusal of the session rather than of this mail: the relay or our
        # SMTP_* settings need fixing, and the mail should wait for that.
        raise TransientDeliveryError(
            f"relay refused the session: {exc.message}", code=exc.code
        ) from exc
    except aiosmtplib.SMTPResponseException as exc:
        error = PermanentDeliveryError if 500 <= exc.code < 600 else TransientDeliveryError
        raise error(exc.message, code=exc.code) from exc
    except aiosmtplib.SMTPNotSupported as exc:
        raise TransientDeliveryError(
            f"relay lacks a feature SMTP_* asks for: {exc.message}"
        ) from exc
    except asyncio.TimeoutError as exc:
        raise TransientDeliveryError(f"relay did not answer in time: {exc}") from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise TransientDeliveryError(f"relay unreachable: {exc}") from exc
    if refused:
        # The others got it; resending would duplicate it for them.
        log.warning(
            "ticket %s: relay refused some recipients: %s",
            claim.ticket_no,
            "; ".join(f"{address}: {reply.code}" for address, reply in refused.items()),
        )


def default_worker_id() -> str:
    """Host, process and a random tail, so that restarts never share an identity."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:128]


class OutboxWorker:
    """Claims due mails from an :class:`Outbox` and delivers them."""

    def __init__(
        self,
        outbox: Outbox,
        smtp: SmtpSettings,
        *,
        worker_id: str | None = None,
        poll_interval: float = POLL_INTERVAL,
        lease: timedelta = DEFAULT_LEASE,
        batch_size: int = BATCH_SIZE,
        retry: RetryPolicy | None = None,
        smtp_timeout: float = SMTP_TIMEOUT,
        send_deadline: float = SEND_DEADLINE,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        if timedelta(seconds=send_deadline) >= lease:
            raise ValueError("the lease must outlast a whole delivery (send_deadline)")
        self.outbox = outbox
        self.smtp = smtp
        self.worker_id = worker_id or default_worker_id()
        self.poll_interval = poll_interval
        self.lease = lease
        self.batch_size = batch_size
        self.retry = retry or RetryPolicy()
        self.smtp_timeout = smtp_timeout
        self.send_deadline = send_deadline
        self.tls_context = tls_context

    async def run_once(self) -> int:
        """Claim one batch of due mails and try each once; returns how many were claimed."""
        claims = await self.outbox.claim_due(
            self.worker_id, limit=self.batch_size, lease=self.lease
        )
        if claims:
            # return_exceptions: a database hiccup recording one failure must not keep
            # the mails that did go out from being recorded as sent.
            outcomes = await asyncio.gather(
                *(self._process(claim) for claim in claims), return_exceptions=True
            )
            delivered = []
            for claim, outcome in zip(claims, outcomes, strict=True):
                if isinstance(outcome, BaseException):
                    log.error(
                        "could not record the outcome for ticket %s; it is retried when "
                        "its lease expires",
                        claim.ticket_no,
                        exc_info=outcome,
                    )
                elif outcome:
                    delivered.append(claim)
            # One transaction for the batch: on SQLite every commit is an fsync. A crash
            # before it means the batch goes out once more, with the same Message-IDs.
            await self.outbox.mark_sent(*delivered)
            for claim in delivered:
                log.info("ticket %s sent (attempt %d)", claim.ticket_no, claim.attempts)
        return len(claims)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set; a batch in flight is finished first."""
        log.info("outbox worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                claimed = await self.run_once()
            except Exception:
                # The database may be busy or briefly away; nothing is lost, try later.
                log.exception("outbox worker %s could not poll the outbox", self.worker_id)
                claimed = 0
            if claimed < self.batch_size:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_interval)
        log.info("outbox worker %s stopped", self.worker_id)

    async def _process(self, claim: ClaimedMail) -> bool:
        """Try one mail; true if the relay took it. Failures are recorded here."""
        try:
            await deliver(
                claim,
                self.smtp,
                timeout=self.smtp_timeout,
                deadline=self.send_deadline,
                tls_context=self.tls_context,
            )
        except PermanentDeliveryError as exc:
            await self.outbox.mark_failed(claim, str(exc))
            log.error(
                "HAND-OFF FAILED: ticket %s was refused by the relay and will not be sent: %s",
                claim.ticket_no,
                exc,
            )
            return False
        except DeliveryError as exc:
            await self._retry_later(claim, exc)
            return False
        except Exception as exc:
            log.exception("unexpected error delivering ticket %s", claim.ticket_no)
            await self._retry_later(claim, TransientDeliveryError(repr(exc)))
            return False
        return True

    async def _retry_later(self, claim: ClaimedMail, exc: DeliveryError) -> None:
        now = self.outbox.clock()
        following = self.retry.next_attempt(
            created_at=claim.created_at, attempts=claim.attempts, now=now
        )
        if following is None:
            await self.outbox.mark_failed(claim, f"gave up after {claim.attempts} attempts: {exc}")
            log.error(
                "HAND-OFF FAILED: ticket %s not delivered within %s (%d attempts), giving up: %s",
                claim.ticket_no,
                self.retry.give_up_after,
                claim.attempts,
                exc,
            )
            return
        await self.outbox.mark_retry(claim, str(exc), next_attempt_at=following)
        # Bad credentials or a relay without STARTTLS hold up every mail: say so loudly.
        misconfigured = (aiosmtplib.SMTPAuthenticationError, aiosmtplib.SMTPNotSupported)
        level = logging.ERROR if isinstance(exc.__cause__, misconfigured) else logging.WARNING
        log.log(
            level,
            "ticket %s not sent (attempt %d): %s; next attempt at %s",
            claim.ticket_no,
            claim.attempts,
            exc,
            following.isoformat(timespec="seconds"),
        )


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run one worker from ``settings`` until ``stop`` is set."""
    outbox = Outbox.from_settings(settings)
    await outbox.create_schema()
    worker = OutboxWorker(outbox, settings.smtp)
    log.info(
        "delivering hand-offs to %s via %s:%d (tls: %s)",
        settings.handoff_to,
        settings.smtp.host,
        settings.smtp.port,
        settings.smtp.tls,
    )
    try:
        await worker.run_forever(stop)
    finally:
        await outbox.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.handoff.worker``: deliver the outbox until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.worker", description=main.__doc__)
    parser.add_argument(
        "--http-port",
        type=int,
        help="serve /healthz, /readyz and /metrics on this port (default: none)",
    )
    parser.add_argument("--http-host", default="127.0.0.1", help="address for --http-port")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_format)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        if args.http_port is None:
            await serve(settings, stop)
            return
        outbox = Outbox.from_settings(settings)
        try:
            async with ops_http_server(
                settings, host=args.http_host, port=args.http_port, outbox=outbox
            ):
                await serve(settings, stop)
        finally:
            await outbox.close()

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
