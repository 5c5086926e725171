"""Greeting, "what can you do" and "are you a robot", with topic buttons.

The buttons are sent from here, not from domain.yml, because Rasa's response
templating reads the braces of an intent payload as a slot placeholder; their
titles are responses of domain.yml (``utter_topic_title_<topic>``).

These are answering actions like any other (issue 12), so the context reads the
message first: "第一个是几个人的增员", which the NLU may take for "are you a robot", is
the first submission of the list on screen. And "what can you do" asked of the portal
rather than of the bot ("哦，那网上办事能查什么") is a question of the guide: the topic the
FAQ selector finds, else the guide's seven steps of 网上办事; so is one the NLU barely
took for small talk while its FAQ selector is sure of the topic ("能查进度吗").
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import MIN_ANSWER_CONFIDENCE, answer_topic, applicant_type_of
from actions.confirmation import AnsweringAction
from actions.topics import selected_topic, topic_button
from actions.words import BOT_SUBJECT_WORDS, PORTAL_SUBJECT_WORDS
from bot.contract import MAIN_MENU_TOPICS

#: The main menu's topics (shared with the voice keypad), then how to check progress.
GREETING_TOPICS = (*MAIN_MENU_TOPICS, "check_progress")
CAPABILITY_TOPICS = ("flow", "fix_data", "login_methods")
#: What the portal does, in the guide's words, when the FAQ selector names no topic.
PORTAL_OVERVIEW = "flow"
#: "能查进度吗" read as "what can you do" below this, while the FAQ selector is at least
#: SURE_TOPIC sure of its topic, asks that topic ("有哪些问题可以咨询", read surely as
#: small talk, keeps its reading though the selector likes the contacts).
UNSURE_READING = 0.6
SURE_TOPIC = 0.9


def asks_of_bot(text: str) -> bool:
    """ "你都能做什么": the bot is asked."""
    folded = text.lower()
    return any(w in folded for w in BOT_SUBJECT_WORDS)


def asks_about_portal(text: str) -> bool:
    """Whether "what can … do" is asked of the portal, not of the bot."""
    folded = text.lower()
    return any(w in folded for w in PORTAL_SUBJECT_WORDS) and not asks_of_bot(text)


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
    """The guide's topics in one list, with a few as buttons; what the portal can do is
    the guide's answer."""

    REASKS = True

    def name(self) -> str:
        return "action_capabilities"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        topic, confidence = selected_topic(tracker)
        if not text.startswith("/") and asks_about_portal(text):
            # "网上办事能查什么": the topic the selector finds, else the guide's seven steps.
            if topic is None or confidence < MIN_ANSWER_CONFIDENCE:
                topic = PORTAL_OVERVIEW
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        reading = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        if (
            not text.startswith("/")
            and topic is not None
            and reading < UNSURE_READING
            and confidence >= SURE_TOPIC
        ):
            # "能查进度吗": barely small talk, surely a question of the guide.
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        dispatcher.utter_message(
            response="utter_capabilities",
            buttons=[topic_button(domain, t) for t in CAPABILITY_TOPICS],
        )
        return []


class ActionBotChallenge(AnsweringAction):
    """ "你是机器人吗": a machine, and how to reach 12333's people."""

    REASKS = True

    def name(self) -> str:
        return "action_bot_challenge"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_iamabot")
        return []
