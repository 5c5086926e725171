"""Greeting and "what can you do", with topic buttons.

The buttons are sent from here, not from domain.yml, because Rasa's response
templating reads the braces of an intent payload as a slot placeholder; their
titles are responses of domain.yml (``utter_topic_title_<topic>``).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.confirmation import AnsweringAction
from actions.topics import topic_button
from bot.contract import MAIN_MENU_TOPICS

#: The main menu's topics (shared with the voice keypad), then how to check progress.
GREETING_TOPICS = (*MAIN_MENU_TOPICS, "check_progress")
CAPABILITY_TOPICS = ("flow", "fix_data", "login_methods")


class ActionGreet(AnsweringAction):
    """Says what the assistant can do, with the most asked topics as buttons."""

    REASKS = True

    def name(self) -> str:
        return "action_greet"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_greet", buttons=[topic_button(domain, t) for t in GREETING_TOPICS]
        )
        return []


class ActionCapabilities(AnsweringAction):
    """The guide's topics in one list, with a few as buttons."""

    REASKS = True

    def name(self) -> str:
        return "action_capabilities"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_capabilities",
            buttons=[topic_button(domain, t) for t in CAPABILITY_TOPICS],
        )
        return []
