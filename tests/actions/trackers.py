"""Tracker fixtures for action unit tests, shaped as Rasa sends them to the action server."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
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


def training_examples(intent: str) -> list[str]:
    """The examples of ``intent`` in data/nlu, as written (entity markup kept)."""
    import yaml

    found: list[str] = []
    for path in (Path(__file__).resolve().parents[2] / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") == intent:
                found += [
                    line.strip()[2:] for line in block["examples"].splitlines() if line.strip()
                ]
    return found


@lru_cache(maxsize=1)
def _domain() -> Any:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def domain() -> dict[str, Any]:
    """The domain as Rasa sends it to the action server with every call."""
    return _domain().as_dict()


async def rendered(
    messages: list[dict[str, Any]], *, slots: dict[str, Any] | None = None, channel: str = "rest"
) -> list[dict[str, Any]]:
    """What the user sees of ``messages``: Rasa fills each response as for an action's reply."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    class Output(CollectingOutputChannel):
        @classmethod
        def name(cls) -> str:
            return channel

    state = DialogueStateTracker.from_events(
        "test-user", [SlotSet(k, v) for k, v in (slots or {}).items()], slots=_domain().slots
    )
    nlg = TemplatedNaturalLanguageGenerator(_domain().responses)
    uttered = await RemoteAction._utter_responses([dict(m) for m in messages], Output(), nlg, state)
    return [{"text": u.text, **u.data} for u in uttered]


#: A page of two listed submissions, as actions/listing.py keeps it in ``progress_list``.
LISTED = [
    {
        "n": 1,
        "no": "HZ2026112307415",
        "item": "失业登记",
        "date": "2026-11-23",
        "status": "审核未通过",
    },
    {
        "n": 2,
        "no": "HZ2026111908263",
        "item": "参保证明打印",
        "date": "2026-11-19",
        "status": "审核通过",
    },
]
