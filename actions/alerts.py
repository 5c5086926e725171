"""Status alerts (issue 16): offer them after a look-up, ask consent once, subscribe, stop.

The user must be logged in: the portal subscribes only the owner of a submission.
The subscription is kept in :class:`bot.alerts.AlertStore`, bound to this
conversation, its channel, the login's client binding and (SMS, voice) the phone
Twilio signed for; :mod:`bot.channels.portal_events` sends the alerts.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.answers import bureau_notifies, unborne_reading
from actions.confirmation import settle
from actions.content import button, piece
from actions.names import FAQ_ACTION
from actions.portal_session import channel_of, client_binding, current_link, offer_login
from actions.words import ALERT_STOP_WORDS, LIST_SEPARATOR, THANK_WORDS
from bot.alerts import AlertStore, AlertSubscription, email_in
from bot.contract import PHONE_KEY, TWILIO_CHANNELS
from portal_client import NotAllowed, NotFound, PortalError, SubmissionStatus

logger = logging.getLogger(__name__)

SUBSCRIBE_PAYLOAD = "/subscribe_alerts"
CONFIRM_PAYLOAD = "/confirm_alerts"
DENY_PAYLOAD = "/deny"

_store: AlertStore | None = None


def store() -> AlertStore:
    """The alert store of the action server, made on first use."""
    global _store
    if _store is None:
        _store = AlertStore(runtime.settings().database_url)
    return _store


def offer_button(domain: dict[str, Any]) -> dict[str, Any]:
    """The "状态有变化时通知我" button, for a look-up that shows a pending submission."""
    return button(domain, "utter_button_alerts", SUBSCRIBE_PAYLOAD)


def pending_candidates(tracker: Tracker) -> list[dict[str, str]]:
    """The pending submissions the user means: the one on screen, else the listed ones."""
    listed = [
        {"no": str(entry["no"]), "item": str(entry["item"])}
        for entry in tracker.get_slot("progress_list") or []
        if entry.get("status") == SubmissionStatus.PENDING.label
    ]
    selected = tracker.get_slot("selected_submission")
    chosen = [entry for entry in listed if entry["no"] == selected]
    return chosen or listed


def names(domain: dict[str, Any], entries: list[dict[str, str]]) -> str:
    return LIST_SEPARATOR.join(
        piece(domain, "utter_alert_item", item=e["item"], no=e["no"]) for e in entries
    )


def by_sms(tracker: Tracker) -> bool:
    return channel_of(tracker) in TWILIO_CHANNELS


class ActionOfferAlerts(Action):
    """Asks consent once, saying what will be sent, where, and how to stop."""

    def name(self) -> str:
        return "action_offer_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if unborne_reading(tracker):
            # "那你告诉我你们的邮箱" read as alerts asked for: the guide's topic it asks
            return [FollowupAction(FAQ_ACTION)]
        if bureau_notifies(tracker):
            # "批下来会通知我吗": whether the bureau tells its result, not alerts asked for
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        if await current_link(tracker) is None:
            return await offer_login(dispatcher, tracker, "progress")
        candidates = pending_candidates(tracker)
        if not candidates:
            dispatcher.utter_message(response="utter_alert_nothing_pending")
            return [SlotSet("pending_alerts", None)]
        watched = {s.acceptance_no for s in await store().of_conversation(tracker.sender_id)}
        fresh = [entry for entry in candidates if entry["no"] not in watched]
        if not fresh:
            dispatcher.utter_message(
                response="utter_alert_already", items=names(domain, candidates)
            )
            return [SlotSet("pending_alerts", None)]
        dispatcher.utter_message(
            response="utter_alert_consent_sms" if by_sms(tracker) else "utter_alert_consent_web",
            items=names(domain, fresh),
            buttons=[
                button(domain, "utter_button_alerts_on", CONFIRM_PAYLOAD),
                button(domain, "utter_button_alerts_no", DENY_PAYLOAD),
            ],
        )
        return [SlotSet("pending_alerts", fresh)]


class ActionSubscribeAlerts(Action):
    """After the consent: subscribes at the portal and keeps the subscription."""

    def name(self) -> str:
        return "action_subscribe_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        wanted = tracker.get_slot("pending_alerts") or []
        if not wanted:
            # An e-mail address reads as consent to alerts; typed to another question
            # (the hand-off offer) it answers that one.
            settled = await settle(dispatcher, tracker, domain)
            if settled is not None:
                return settled
            if unborne_reading(tracker):
                return [FollowupAction(FAQ_ACTION)]
            # Consent without a question asked: ask it.
            return await ActionOfferAlerts().run(dispatcher, tracker, domain)
        link = await current_link(tracker)
        binding = client_binding(tracker)
        if link is None or binding is None:
            return await offer_login(dispatcher, tracker, "progress")
        channel = channel_of(tracker)
        metadata = tracker.latest_message.get("metadata") or {}
        phone = metadata.get(PHONE_KEY) if channel in TWILIO_CHANNELS else None
        email = (
            None
            if channel in TWILIO_CHANNELS
            else email_in(tracker.latest_message.get("text") or "")
        )
        done = []
        try:
            async with runtime.portal() as client:
                for entry in wanted:
                    try:
                        subscription = await runtime.within_deadline(
                            client.subscribe(link.token, entry["no"])
                        )
                    except (NotAllowed, NotFound):
                        continue  # reviewed meanwhile, or gone: nothing to watch
                    await store().add(
                        AlertSubscription(
                            portal_subscription_id=subscription.subscription_id,
                            conversation_id=tracker.sender_id,
                            channel=channel,
                            client_binding=binding,
                            acceptance_no=entry["no"],
                            item=entry["item"],
                            phone=phone if isinstance(phone, str) else None,
                            email=email,
                        )
                    )
                    done.append(entry)
        except PortalError as error:
            logger.warning("alerts: subscribing failed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_alert_failed")
            return [SlotSet("pending_alerts", None)]
        if not done:
            dispatcher.utter_message(response="utter_alert_nothing_pending")
        elif by_sms(tracker):
            dispatcher.utter_message(
                response="utter_alert_subscribed_sms", items=names(domain, done)
            )
        elif email:
            dispatcher.utter_message(
                response="utter_alert_subscribed_mail", items=names(domain, done), email=email
            )
        else:
            dispatcher.utter_message(
                response="utter_alert_subscribed_web", items=names(domain, done)
            )
        return [SlotSet("pending_alerts", None)]


class ActionCancelAlerts(Action):
    """取消提醒: ends every subscription of this contact."""

    def name(self) -> str:
        return "action_cancel_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "").lower()
        if any(w in text for w in THANK_WORDS) and not any(w in text for w in ALERT_STOP_WORDS):
            # "谢谢提醒": thanks for a reminder, which ends nothing.
            dispatcher.utter_message(response="utter_thank")
            return []
        ended = await store().end_for_contact(tracker.sender_id)
        dispatcher.utter_message(
            response="utter_alert_cancelled" if ended else "utter_alert_none_to_cancel"
        )
        return [SlotSet("pending_alerts", None)]
