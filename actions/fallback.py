"""The two-stage fallback and the scope statement (replies in :mod:`actions.answers`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import FALLBACK_ACTION, fallback_reply, show_submission
from actions.confirmation import AnsweringAction
from actions.listing import reference_in


class ActionOutOfScope(AnsweringAction):
    """The scope statement, unless the message names a submission from the list just shown."""

    REASKS = True

    def name(self) -> str:
        return "action_out_of_scope"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.get_slot("progress_list") and reference_in(tracker, strong_only=True):
            return await show_submission(dispatcher, tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        social = intent == "out_of_scope_social"
        dispatcher.utter_message(
            response="utter_out_of_scope_social" if social else "utter_out_of_scope"
        )
        return []


class ActionFallback(AnsweringAction):
    """First miss: the closest topics as buttons. Second miss in a row: 12333 and the mailbox."""

    REASKS = True

    def name(self) -> str:
        return FALLBACK_ACTION

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return await fallback_reply(dispatcher, tracker, domain)
