"""The two-stage fallback: suggest the closest topics, then point to people."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import suggestion_buttons

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
        if previous_turn_was_fallback(tracker):
            dispatcher.utter_message(response="utter_default_second")
        else:
            dispatcher.utter_message(
                response="utter_suggest_topics", buttons=suggestion_buttons(tracker)
            )
        return []
