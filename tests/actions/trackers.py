"""Tracker fixtures for action unit tests, shaped as Rasa sends them to the action server."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def parse(
    intent: str,
    *,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    faq: list[tuple[str, float]] | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
    }
    if faq is not None:
        ranking = [{"intent_response_key": f"faq/{k}", "confidence": c} for k, c in faq]
        message["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {"response": ranking[0] if ranking else {}, "ranking": ranking},
        }
    return message


def tracker(
    latest: dict[str, Any],
    *,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    sender: str = "test-user",
) -> Tracker:
    history = list(events or [])
    history.append({"event": "user", "text": latest.get("text", ""), "parse_data": latest})
    return Tracker(sender, slots or {}, latest, history, False, None, {}, "action_listen")


def entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value}
