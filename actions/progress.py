"""办事进度查询: the logged-in user's submissions, five at a time, and the one they pick."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import show_submission
from actions.listing import first_page
from actions.portal_session import current_link, offer_login


class ActionCheckProgress(Action):
    """办事进度查询 for the logged-in user: the newest submissions, five at a time."""

    def name(self) -> str:
        return "action_check_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        link = await current_link(tracker)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        return await first_page(dispatcher, tracker, link, domain)


class ActionShowSubmission(Action):
    """One submission from the list: its status and what the user may do next."""

    def name(self) -> str:
        return "action_show_submission"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return await show_submission(dispatcher, tracker, domain)
