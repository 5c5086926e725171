"""Replies more than one action gives: the two-stage miss, and one submission shown.

Plain functions, so that an action that needs another's answer calls the
function rather than the other action's ``run()``. ``fallback_reply`` and
``show_submission`` call each other ("那个" with no list is a miss; a miss that
names a listed submission shows it), which is why they live together.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import ask_cancel, wants_cancel
from actions.listing import fetch_one, reference_in, show_details
from actions.portal_session import current_link, offer_login, portal_failed
from actions.topics import faq_ranking, topic_button
from portal_client import NotFound, PortalError

FALLBACK_ACTION = "action_fallback"
SUGGESTIONS = 3
#: Offered when the NLU ranks no topic at all.
DEFAULT_TOPICS = ("open_online", "documents", "password_lost")


def suggestion_buttons(
    tracker: Tracker, domain: dict[str, Any], limit: int = SUGGESTIONS
) -> list[dict[str, Any]]:
    """Buttons for the FAQ topics closest to the latest message."""
    topics = [topic for topic, _ in faq_ranking(tracker)][:limit]
    if not topics:
        topics = list(DEFAULT_TOPICS[:limit])
    return [topic_button(domain, topic) for topic in topics]


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


async def fallback_reply(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """First miss: the closest topics as buttons. Second miss in a row: offer a person."""
    if tracker.get_slot("progress_list") and reference_in(tracker):
        # "失业登记那个" after a list: the NLU has no intent for every item name.
        return await show_submission(dispatcher, tracker, domain)
    if previous_turn_was_fallback(tracker):
        return [FollowupAction("action_offer_handoff")]
    dispatcher.utter_message(
        response="utter_suggest_topics", buttons=suggestion_buttons(tracker, domain)
    )
    return []


async def show_submission(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """The listed submission the user points at: its status and what they may do next."""
    if wants_cancel(tracker):
        return await ask_cancel(dispatcher, tracker, domain)
    if not tracker.get_slot("progress_list"):
        # "那个" with no list shown refers to nothing the bot knows.
        return await fallback_reply(dispatcher, tracker, domain)
    link = await current_link(tracker)
    if link is None:
        return await offer_login(dispatcher, tracker, "progress")
    entry = reference_in(tracker)
    if entry is None:
        dispatcher.utter_message(response="utter_pick_not_found")
        return []
    try:
        submission = await fetch_one(link, entry["no"])
    except NotFound:
        dispatcher.utter_message(response="utter_submission_gone")
        return []
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    show_details(dispatcher, submission, domain)
    return [SlotSet("selected_submission", submission.acceptance_no)]
