"""The sender of status-change events (issue 16): signed POSTs to the bot, retried.

A review or a cancel writes one ``event_deliveries`` row per subscription in its own
transaction (:meth:`PortalService._queue_events`), whichever process made it: the
server, or the staff's command line, which exits at once. The server's
:class:`EventSender` polls that table, POSTs each due event to ``PORTAL_EVENTS_URL``
signed with ``PORTAL_EVENTS_SECRET`` and records the answer; one without a 2xx is
tried again with backoff (``DELIVERY_*`` in :mod:`portal_sandbox.service`). Every
attempt is signed afresh, so a late retry is never outside the receiver's replay
window, and carries the same ``event_id``, which the receiver deduplicates.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from portal_sandbox.service import DueDelivery, PortalService

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Portal-Signature"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
EVENT_ID_HEADER = "X-Portal-Event-Id"
SIGNATURE_SCHEME = "v1"
#: How often the sender looks for due events (the CLI's review lands in the table).
POLL_INTERVAL_SECONDS = 0.2
#: One delivery attempt gives up after this long and counts as failed.
DELIVERY_TIMEOUT_SECONDS = 5.0
#: Events sent per poll; the rest wait for the next one.
BATCH_SIZE = 20


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp`` (Unix seconds)."""
    mac = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body, "sha256")
    return f"{SIGNATURE_SCHEME}={mac.hexdigest()}"


def signed_headers(
    secret: str, event_id: str, body: bytes, *, now: float | None = None
) -> dict[str, str]:
    """The headers of one delivery attempt."""
    timestamp = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json; charset=utf-8",
        EVENT_ID_HEADER: event_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


@dataclass(frozen=True)
class EventSettings:
    """Where the events go and the key they are signed with."""

    url: str
    secret: str = field(repr=False)


class EventSender:
    """Sends the due events of ``service`` to ``settings.url`` until stopped."""

    def __init__(self, service: PortalService, settings: EventSettings) -> None:
        self.service = service
        self.settings = settings
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Look now rather than at the next poll (a change made in this process)."""
        self._wake.set()

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while True:
                try:
                    await self.send_due(http)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("event sender: a round failed; trying again")
                try:
                    await asyncio.wait_for(self._wake.wait(), POLL_INTERVAL_SECONDS)
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()

    async def send_due(self, http: aiohttp.ClientSession) -> int:
        """Send what is due now; returns how many were attempted."""
        if not await asyncio.to_thread(self.service.has_due_deliveries):
            return 0
        due = await asyncio.to_thread(self.service.claim_deliveries, BATCH_SIZE)
        await asyncio.gather(*(self._deliver(http, delivery) for delivery in due))
        return len(due)

    async def _deliver(self, http: aiohttp.ClientSession, delivery: DueDelivery) -> None:
        body = delivery.body.encode("utf-8")
        headers = signed_headers(self.settings.secret, delivery.event_id, body)
        status: int | None
        try:
            async with http.post(self.settings.url, data=body, headers=headers) as response:
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.warning("event %s: not delivered (%s)", delivery.event_id, type(exc).__name__)
            status = None
        else:
            log.info("event %s: HTTP %s", delivery.event_id, status)
        await asyncio.to_thread(self.service.record_delivery, delivery.id, status)


def sender_context(
    sender: EventSender,
) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp ``cleanup_ctx`` that runs ``sender`` while the app serves."""

    async def context(_app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(sender.run(), name="portal-event-sender")
        try:
            yield
        finally:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    return context
