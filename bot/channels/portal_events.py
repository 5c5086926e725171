"""The portal's status-change events at /webhooks/portal/events (issue 16), and the alerts.

The portal POSTs one event per subscription when a submission's status changes
(``portal_client/openapi.yaml``, webhook ``submissionStatusChanged``). Here:

1. the signature and the replay window are checked (:func:`portal_client.verify_event`):
   unsigned, forged or stale events get 401 and nothing else;
2. the event id is recorded; one seen before (the portal's retry, or a replay inside
   the window) gets 200 and nothing more is sent;
3. the subscription the event names is looked up (none: 410, so the portal stops);
4. one short alert, built from the domain's ``utter_alert_status_changed`` (item,
   number and status; never the reviewer's note, which needs a new login) goes to
   the subscriber's channel: SMS for SMS and voice users (not after STOP/TD/退订,
   mainland mobiles only), the open web page or else the next visit, and a mail if
   the citizen left an address; SMS and mail through the notification outbox
   (:mod:`bot.notify`), retried there;
5. the subscription ends: every status after 未审核 is final.

In the quiet hours (``QUIET_HOURS``, Beijing time) an alert waits in
:class:`bot.alerts.AlertStore` and a loop of this process sends it in the morning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.alerts import AlertStore, AlertSubscription, quiet_until
from bot.channels import push
from bot.channels.responses import DOMAIN_PATH, response_texts
from bot.channels.turn import services
from bot.channels.twilio_common import is_textable_mobile, masked_phone
from bot.contract import SMS, VOICE, WEB
from bot.login.store import LoginStore
from bot.notify import Notification, NotifyOutbox
from bot.notify.sms import SmsSender
from bot.notify.worker import NotifyWorker
from bot.settings import Settings
from bot.sms_store import SmsStore
from portal_client import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidEvent,
    StatusEvent,
    verify_event,
)

logger = logging.getLogger(__name__)

#: The response whose text is the alert; the action server's domain holds it too.
ALERT_RESPONSE = "utter_alert_status_changed"
ALERT_SUBJECT_RESPONSE = "utter_alert_mail_subject"
#: How often held alerts are looked at; they are due at the end of the quiet hours.
HELD_POLL_SECONDS = 30.0
#: How often the notification worker of this process looks for due SMS and mail.
NOTIFY_POLL_SECONDS = 1.0
MAX_EVENT_BYTES = 16 * 1024


def alert_texts(domain_path: Path = DOMAIN_PATH) -> dict[str, str]:
    """The alert's sentences from the domain (read once at start-up)."""
    return response_texts(
        (ALERT_RESPONSE, ALERT_SUBJECT_RESPONSE),
        domain_path=domain_path,
        optional=(ALERT_SUBJECT_RESPONSE,),
    )


@dataclass(frozen=True)
class AlertTarget:
    """Where one alert goes: a kind (sms, mail, web, deferred) and its address."""

    kind: str
    conversation_id: str
    address: str
    client_binding: str


def targets_of(subscription: AlertSubscription) -> list[AlertTarget]:
    """The channels an alert of ``subscription`` goes to."""
    conversation = subscription.conversation_id
    binding = subscription.client_binding
    targets = []
    if subscription.channel in (SMS, VOICE) and subscription.phone:
        targets.append(AlertTarget("sms", conversation, subscription.phone, binding))
    elif subscription.channel == WEB:
        targets.append(AlertTarget("web", conversation, "", binding))
    else:
        # REST clients read it with their next turn.
        targets.append(AlertTarget("deferred", conversation, "", binding))
    if subscription.email:
        targets.append(AlertTarget("mail", conversation, subscription.email, binding))
    return targets


class AlertSender:
    """Sends (or holds through the quiet hours) the alerts of this process."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: AlertStore,
        outbox: NotifyOutbox,
        login_store: LoginStore,
        sms_store: SmsStore,
        texts: dict[str, str],
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.outbox = outbox
        self.login_store = login_store
        self.sms_store = sms_store
        self.texts = texts
        self.wake = wake

    def text_of(self, event: StatusEvent) -> str:
        return self.texts[ALERT_RESPONSE].format(
            item=event.item, no=event.acceptance_no, status=event.status.label
        )

    async def on_event(self, event: StatusEvent, subscription: AlertSubscription) -> None:
        text = self.text_of(event)
        hold_until = quiet_until(self.store.clock(), self.settings.quiet_hours)
        for target in targets_of(subscription):
            key = f"alert:{event.event_id}:{target.kind}"
            if hold_until is not None:
                payload = {"target": asdict(target), "text": text}
                await self.store.hold(key, target.conversation_id, payload, hold_until)
            else:
                await self.send(key, target, text)

    async def send(self, key: str, target: AlertTarget, text: str) -> None:
        """One alert to one target, now."""
        if target.kind == "sms":
            if not is_textable_mobile(target.address):
                logger.info("alerts: %s is no mainland mobile", masked_phone(target.address))
                return
            if await self.sms_store.is_opted_out(target.address):
                logger.info("alerts: %s opted out of SMS", masked_phone(target.address))
                return
            await self.outbox.enqueue(
                Notification(
                    dedupe_key=key,
                    kind="sms",
                    payload={"to": target.address, "body": text},
                    conversation_id=target.conversation_id,
                )
            )
            self.wake()
        elif target.kind == "mail":
            mail = self.mail(target.address, text)
            await self.outbox.enqueue(
                Notification(
                    dedupe_key=key,
                    kind="mail",
                    payload={"mail_from": self.settings.handoff_from, "rcpt_to": [target.address]},
                    conversation_id=target.conversation_id,
                    body=bytes(mail),
                )
            )
            self.wake()
        elif target.kind == "web" and (output := push.output_for(target.conversation_id)):
            await output.send_text_message(target.conversation_id, text)
        else:
            # The page is closed, or a REST client: shown with the next turn.
            await self.login_store.defer(
                target.conversation_id, target.client_binding, [{"text": text}]
            )

    def mail(self, address: str, text: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.handoff_from
        message["To"] = address
        message["Subject"] = self.texts.get(ALERT_SUBJECT_RESPONSE) or "办件状态变化提醒"
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="hz12333.local")
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(text)
        return message

    async def send_held(self) -> int:
        """Send the alerts whose quiet hours are over; returns how many."""
        due = await self.store.take_due()
        for held in due:
            target = AlertTarget(**held.payload["target"])
            try:
                await self.send(held.dedupe_key, target, str(held.payload["text"]))
            except Exception:
                logger.exception("alerts: a held alert could not be sent; holding it again")
                await self.store.hold(
                    held.dedupe_key, held.conversation_id, held.payload, self.store.clock()
                )
        return len(due)


class PortalEventsInput(InputChannel):
    """POST /webhooks/portal/events: the portal's signed status-change events."""

    def __init__(self, settings: Settings, sender: AlertSender, worker: NotifyWorker) -> None:
        self.settings = settings
        self.sender = sender
        self.worker = worker
        self._tasks: list[asyncio.Task[None]] = []
        self._stop = asyncio.Event()

    @classmethod
    def name(cls) -> str:
        return "portal"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> PortalEventsInput:
        shared = services()
        settings = shared.settings
        outbox = NotifyOutbox(settings.database_url)
        worker = NotifyWorker(
            outbox,
            smtp=settings.smtp,
            sms=SmsSender.from_settings(
                settings, api_base_url=(credentials or {}).get("twilio_api_url")
            ),
            poll_interval=NOTIFY_POLL_SECONDS,
        )
        sender = AlertSender(
            settings,
            store=AlertStore(settings.database_url),
            outbox=outbox,
            login_store=shared.login_store,
            sms_store=shared.sms_store,
            texts=alert_texts(),
            wake=worker.wake.set,
        )
        return cls(settings, sender, worker)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("hz_portal_events", __name__)

        @hook.listener("after_server_start")
        async def start(_app: Any, _loop: Any) -> None:
            self._stop.clear()
            self._tasks = [
                asyncio.create_task(self.worker.run_forever(self._stop)),
                asyncio.create_task(self.held_loop()),
            ]

        @hook.listener("before_server_stop")
        async def stop(_app: Any, _loop: Any) -> None:
            self._stop.set()
            for task in self._tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/events", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request.body or b"", request.headers)

        return hook

    async def receive(self, body: bytes, headers: Any) -> HTTPResponse:
        if len(body) > MAX_EVENT_BYTES:
            return response.json({"error": "too large"}, status=413)
        try:
            event = verify_event(
                body,
                timestamp=headers.get(TIMESTAMP_HEADER),
                signature=headers.get(SIGNATURE_HEADER),
                secret=self.settings.portal_events_secret,
            )
        except InvalidEvent as exc:
            logger.warning("portal events: refused an event (%s)", exc.message)
            return response.json({"error": "invalid signature"}, status=401)
        store = self.sender.store
        if not await store.first_time(event.event_id):
            return response.json({"status": "duplicate"})
        try:
            subscription = await store.find(event.subscription_id)
            if subscription is None:
                return response.json({"status": "no such subscription"}, status=410)
            await self.sender.on_event(event, subscription)
            await store.end(event.subscription_id)
        except Exception:
            # The portal tries again; the event must not count as seen.
            logger.exception("portal events: could not handle event %s", event.event_id)
            await store.forget_event(event.event_id)
            return response.json({"error": "try again"}, status=503)
        logger.info("portal events: alert for event %s", event.event_id)
        return response.json({"status": "ok"})

    async def held_loop(self) -> None:
        while not self._stop.is_set():
            try:
                await self.sender.send_held()
            except Exception:
                logger.exception("alerts: could not look at the held alerts")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), HELD_POLL_SECONDS)
