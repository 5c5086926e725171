"""Answers from the guide, tailored to the applicant type where the guide differs."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import DEFAULT_TOPICS, show_submission
from actions.listing import reference_in
from actions.topics import (
    APPLICANT_TYPES,
    TOPIC_TITLES,
    TYPE_DEPENDENT,
    applicant_buttons,
    selected_topic,
    topic_button,
)

#: Below this ResponseSelector confidence an answer is more likely wrong than right,
#: so the closest topics are offered instead.
MIN_ANSWER_CONFIDENCE = 0.35


def applicant_type_of(tracker: Tracker) -> str | None:
    """The type stated in this message, else the one remembered from earlier."""
    stated = next(tracker.get_latest_entity_values("applicant_type"), None)
    value = stated or tracker.get_slot("applicant_type")
    return value if value in APPLICANT_TYPES else None


def answer_topic(
    dispatcher: CollectingDispatcher,
    topic: str,
    applicant_type: str | None,
    domain: dict[str, Any],
) -> list[EventType]:
    """Utter the guide's answer for ``topic``, or ask the applicant type first."""
    if topic in TYPE_DEPENDENT:
        if applicant_type is None:
            dispatcher.utter_message(
                response=f"utter_ask_applicant_type_{topic}", buttons=applicant_buttons(domain)
            )
            return [SlotSet("pending_topic", topic)]
        dispatcher.utter_message(response=f"utter_{topic}_{applicant_type}")
    else:
        dispatcher.utter_message(response=f"utter_faq/{topic}")
    return [SlotSet("pending_topic", None)]


class ActionAnswerFaq(Action):
    """Answers an FAQ question, a topic button, or a pending question once the type is known."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        topic: str | None = None
        if intent == "choose_topic":
            topic = next(tracker.get_latest_entity_values("topic"), None)
        elif intent == "inform_applicant_type":
            topic = tracker.get_slot("pending_topic")
        elif intent == "faq" and not text.startswith("/"):
            if tracker.get_slot("progress_list"):
                if reference_in(tracker, strong_only=True):
                    return await show_submission(dispatcher, tracker, domain)
            topic, confidence = selected_topic(tracker)
            if confidence < MIN_ANSWER_CONFIDENCE:
                # A miss like any other, so that a second one in a row offers a person.
                return [FollowupAction("action_fallback")]

        if topic not in TOPIC_TITLES:
            if intent == "inform_applicant_type":
                dispatcher.utter_message(response="utter_applicant_type_noted")
            else:
                dispatcher.utter_message(
                    response="utter_ask_which_topic",
                    buttons=[topic_button(domain, t) for t in DEFAULT_TOPICS],
                )
            return [SlotSet("pending_topic", None)]
        return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)  # type: ignore[arg-type]
