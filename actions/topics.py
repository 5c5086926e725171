"""The guide's FAQ topics: which there are, their buttons, and which depend on the applicant type.

A topic's button title is the response ``utter_topic_title_<topic>`` of domain.yml;
its answer is ``utter_faq/<topic>`` (or ``utter_<topic>_<applicant type>``).
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

from actions.content import button
from actions.words import NOT_IN_GUIDE_CUES
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


#: Responses that answer a part of a topic (the 受理点 of the opening).
_PART_OF = {"utter_where": "open_online"}


def topic_of_response(response: str) -> str | None:
    """The FAQ topic a response answers or asks the type for, if any.

    ``utter_faq/flow`` → flow; ``utter_password_lost_institution`` and
    ``utter_ask_applicant_type_password_lost`` → password_lost; ``utter_where_individual``
    → open_online (the 受理点 is the opening's part).
    """
    if response.startswith("utter_faq/"):
        topic = response.split("/", 1)[1]
        return topic if topic in TOPIC_TITLES else None
    for prefix, topic in _PART_OF.items():
        if response == prefix or response.startswith(prefix + "_"):
            return topic
    for topic in TYPE_DEPENDENT:
        if response.endswith("_" + topic) or any(
            response == f"utter_{topic}_{kind}" for kind in APPLICANT_TYPES
        ):
            return topic
    return None


def answered_topic(tracker: Tracker) -> str | None:
    """The topic of the bot's answer to the user's previous message, if it gave one.

    What a short follow-up ("两种方式有什么区别", "在哪个菜单") is about when the NLU
    is unsure of it.
    """
    seen_latest = False
    topic = None
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_latest:
                return topic
            seen_latest = True
        elif kind == "bot" and seen_latest and topic is None:
            response = str((event.get("metadata") or {}).get("utter_action") or "")
            topic = topic_of_response(response)
    return None


def asks_beyond_guide(text: str) -> bool:
    """ "几点下班", "周六能办吗", "复印件要彩印吗": a detail the guide never gives."""
    lowered = text.lower()
    return any(cue in lowered for cue in NOT_IN_GUIDE_CUES)
