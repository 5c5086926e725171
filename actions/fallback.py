"""The two-stage fallback: suggest the closest topics, then point to people."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import suggestion_buttons
from actions.progress import ActionShowSubmission, reference_in


class ActionOutOfScope(Action):
    """The scope statement, unless the message names a submission from the list just shown."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.get_slot("progress_list") and reference_in(tracker, strong_only=True):
            return await ActionShowSubmission().run(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        social = intent == "out_of_scope_social"
        dispatcher.utter_message(
            response="utter_out_of_scope_social" if social else "utter_out_of_scope"
        )
        return []


FALLBACK_ACTION = "action_fallback"


def previous_turn_was_fallback(tracker: Tracker) -> bool:
    """Whether the bot's answer to the user's previous message was also a fallback."""
    user_messages_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_messages_seen += 1
            if user_messages_seen == 2:
                return False
        elif (
            user_messages_seen == 1
            and event.get("event") == "action"
            and event.get("name") == FALLBACK_ACTION
        ):
            return True
    return False


class ActionFallback(Action):
    """First miss: the closest topics as buttons. Second miss in a row: 12333 and the mailbox."""

    def name(self) -> str:
        return FALLBACK_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.get_slot("progress_list") and reference_in(tracker):
            # "失业登记那个" after a list: the NLU has no intent for every item name.
            return await ActionShowSubmission().run(dispatcher, tracker, domain)
        if previous_turn_was_fallback(tracker):
            return [FollowupAction("action_offer_handoff")]
        else:
            dispatcher.utter_message(
                response="utter_suggest_topics", buttons=suggestion_buttons(tracker)
            )
        return []
