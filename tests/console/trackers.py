"""Conversations stored the way Rasa stores them: trackers saved by its SQLTrackerStore."""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import id_check_char

DAY = 86400.0


def id_number() -> str:
    """A valid-looking resident ID number, built here rather than written down."""
    first17 = "33010619900307" + "123"
    return first17 + id_check_char(first17)


def user(
    text: str,
    ts: float,
    intent: str,
    confidence: float = 0.95,
    *,
    guess: str | None = None,
    guess_confidence: float = 0.0,
    entities: list[dict[str, Any]] | None = None,
) -> UserUttered:
    parse: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    if guess:
        parse["response_selector"] = {
            "faq": {
                "response": {
                    "intent_response_key": guess,
                    "confidence": guess_confidence,
                    "responses": [],
                    "utter_action": f"utter_{guess}",
                }
            }
        }
    return UserUttered(
        text, intent=parse["intent"], entities=parse["entities"], parse_data=parse, timestamp=ts
    )


def turn(
    text: str,
    ts: float,
    intent: str,
    action: str,
    reply: str,
    *,
    confidence: float = 0.95,
    latency: float = 0.4,
    response: str | None = None,
    **kwargs: Any,
) -> list[Event]:
    """One user message, the action that answered it and its reply, ``latency`` later."""
    return [
        user(text, ts, intent, confidence, **kwargs),
        ActionExecuted(action, timestamp=ts + latency / 2),
        BotUttered(
            reply, metadata={"utter_action": response or f"utter_{intent}"}, timestamp=ts + latency
        ),
        ActionExecuted("action_listen", timestamp=ts + latency + 0.01),
    ]


def store(database_url: str) -> SQLTrackerStore:
    return SQLTrackerStore(domain=Domain.empty(), host=database_url)


async def save(tracker_store: SQLTrackerStore, sender: str, events: list[Event]) -> None:
    await tracker_store.save(DialogueStateTracker.from_events(sender, events))
