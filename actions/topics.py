"""The guide's FAQ topics: which there are, their buttons, and which depend on the applicant type.

A topic's button title is the response ``utter_topic_title_<topic>`` of domain.yml;
its answer is ``utter_faq/<topic>`` (or ``utter_<topic>_<applicant type>``).
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

from actions.content import button
from bot.contract import FAQ_TOPICS
from bot.contract import topic_payload as contract_topic_payload

#: Each topic → the response holding its short title (suggestion buttons, numbered menus).
TOPIC_TITLES: dict[str, str] = {topic: f"utter_topic_title_{topic}" for topic in FAQ_TOPICS}

#: Topics whose answer differs for enterprises, institutions and individuals.
TYPE_DEPENDENT = frozenset({"documents", "password_lost"})
APPLICANT_TYPES = ("enterprise", "institution", "individual")


def topic_payload(topic: str) -> str:
    return contract_topic_payload(topic)


def topic_button(domain: dict[str, Any], topic: str) -> dict[str, Any]:
    return button(domain, TOPIC_TITLES[topic], topic_payload(topic))


def faq_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The ResponseSelector's ranking of FAQ topics for the latest message, best first."""
    selector = tracker.latest_message.get("response_selector", {}).get("faq", {})
    ranking = []
    for entry in selector.get("ranking", []):
        key = str(entry.get("intent_response_key", ""))
        topic = key.split("/", 1)[1] if "/" in key else key
        if topic in TOPIC_TITLES:
            ranking.append((topic, float(entry.get("confidence", 0.0))))
    return ranking


def selected_topic(tracker: Tracker) -> tuple[str | None, float]:
    """The FAQ topic that the ResponseSelector chose for the latest message."""
    ranking = faq_ranking(tracker)
    return ranking[0] if ranking else (None, 0.0)


#: The applicant-type question's buttons: the title is a response
#: (``utter_applicant_title_<type>``), the payload carries the entity.
APPLICANT_BUTTONS: list[dict[str, Any]] = [
    {
        "title": f"utter_applicant_title_{value}",
        "payload": "/inform_applicant_type" + json.dumps({"applicant_type": value}),
    }
    for value in APPLICANT_TYPES
]


def applicant_buttons(domain: dict[str, Any]) -> list[dict[str, Any]]:
    return [button(domain, b["title"], b["payload"]) for b in APPLICANT_BUTTONS]
