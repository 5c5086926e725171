"""Yes, no and "more": what they mean depends on the question the bot just asked."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import fallback_reply
from actions.cancel import confirm_cancel
from actions.listing import list_page
from actions.portal_session import current_link, offer_login
from bot.contract import ERASE_ACTION
from portal_client import PortalError

#: A yes/no/more with nothing pending is taken at its word only above this confidence.
FOLLOWUP_MIN_CONFIDENCE = 0.9


def last_bot_action(tracker: Tracker) -> str | None:
    """The bot's last action before the user's latest message (what it just asked)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action":
            name = event.get("name")
            if name not in ("action_listen", "action_extract_slots", None):
                return str(name)
    return None


class ActionFollowup(Action):
    """Yes, no and "more": they mean something only after the question the bot just asked."""

    def name(self) -> str:
        return "action_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = last_bot_action(tracker)
        if tracker.get_slot("pending_handoff") and asked == "action_offer_handoff":
            if intent == "affirm":
                return [SlotSet("pending_handoff", None), FollowupAction("handoff_form")]
            if intent == "deny":
                dispatcher.utter_message(response="utter_handoff_declined")
                return [SlotSet("pending_handoff", None), SlotSet("handoff_reason", None)]
        if asked == "action_confirm_delete":
            if intent == "affirm":
                return [FollowupAction(ERASE_ACTION)]
            if intent == "deny":
                dispatcher.utter_message(response="utter_delete_declined")
                return []
        pending_cancel = (
            tracker.get_slot("pending_cancel") if asked == "action_cancel_submission" else None
        )
        if pending_cancel and intent == "affirm":
            return await confirm_cancel(dispatcher, tracker, pending_cancel)
        if pending_cancel and intent == "deny":
            dispatcher.utter_message(response="utter_cancel_declined")
            return [SlotSet("pending_cancel", None)]
        if intent == "more" and tracker.get_slot("progress_list"):
            link = await current_link(tracker)
            if link is None:
                return await offer_login(dispatcher, tracker, "progress")
            page = int(tracker.get_slot("progress_page") or 1) + 1
            try:
                return await list_page(dispatcher, link, page, domain)
            except PortalError:
                dispatcher.utter_message(response="utter_portal_down")
                return []
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        typed = (tracker.latest_message.get("text") or "").startswith("/")
        if confidence < FOLLOWUP_MIN_CONFIDENCE and not typed:
            # A lone "材料" can look like a yes; with nothing asked, it's a question we missed.
            return await fallback_reply(dispatcher, tracker, domain)
        response = {"affirm": "utter_ack", "deny": "utter_deny_ack"}.get(
            intent or "", "utter_nothing_more"
        )
        dispatcher.utter_message(response=response)
        return [SlotSet("pending_cancel", None)]
