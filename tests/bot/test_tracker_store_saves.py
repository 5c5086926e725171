"""The tracker store saves only a turn's new events, without counting the stored ones
again (issue 15): against a real SQLite database."""

from __future__ import annotations

import copy
import itertools

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.db import dispose_engines
from bot.stores import STORED_EVENTS, ErasingSQLTrackerStore
from tests.infra import running_postgres


def store(tmp_path) -> ErasingSQLTrackerStore:
    return ErasingSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 'bot.db'}")


def stored(s: ErasingSQLTrackerStore, sender: str) -> list[str]:
    with s.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        return [r[0] for r in rows]


async def turn(s: ErasingSQLTrackerStore, sender: str, text: str) -> None:
    tracker = await s.get_or_create_tracker(sender)
    tracker.update(UserUttered(text))
    tracker.update(ActionExecuted("utter_thank"))
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)


async def test_each_event_is_stored_once_turn_after_turn(tmp_path):
    s = store(tmp_path)
    for text in ("你好", "谢谢", "再见"):
        await turn(s, "rest:a", text)
    assert stored(s, "rest:a") == ["action"] + ["user", "action", "action"] * 3
    tracker = await s.retrieve("rest:a")
    assert tracker is not None and tracker.__dict__[STORED_EVENTS] == len(tracker.events) == 10


async def test_saving_twice_in_a_turn_stores_nothing_twice(tmp_path):
    s = store(tmp_path)
    await turn(s, "rest:b", "你好")
    tracker = await s.retrieve("rest:b")
    assert tracker is not None
    tracker.update(UserUttered("谢谢"))
    await s.save(tracker)
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)
    assert stored(s, "rest:b") == ["action", "user", "action", "action", "user", "action"]


async def test_a_new_session_is_stored_after_the_old_one(tmp_path):
    s = store(tmp_path)
    await turn(s, "rest:c", "你好")
    tracker = await s.retrieve("rest:c")
    assert tracker is not None
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)
    await turn(s, "rest:c", "谢谢")
    assert stored(s, "rest:c")[4:] == ["session_started", "action", "user", "action", "action"]
    # Loading starts at the latest session, and the next save appends after it.
    again = await s.retrieve("rest:c")
    assert again is not None and len(again.events) == 5


async def test_a_tracker_the_store_did_not_load_is_counted_as_before(tmp_path):
    s = store(tmp_path)
    await turn(s, "rest:d", "你好")
    from rasa.shared.core.trackers import DialogueStateTracker

    outsider = DialogueStateTracker.from_events(
        "rest:d", [ActionExecuted("action_listen"), UserUttered("你好")]
    )
    await s.save(outsider)  # Rasa's own count: the first rows are there already
    assert stored(s, "rest:d") == ["action", "user", "action", "action"]


# -- the same rows and trackers as Rasa's own store (issue 15: one INSERT a turn, and a
# load that reads only the data column) -------------------------------------------------

CONVERSATION = [
    ActionExecuted("action_session_start"),
    SessionStarted(),
    SlotSet("applicant_type", "enterprise"),
    ActionExecuted("action_listen"),
    UserUttered(
        "单位开通要带什么",
        intent={"name": "faq", "confidence": 0.93},
        parse_data={
            # Confidences to the last digit, and characters a JSON reader may mangle,
            # read back as Rasa's json reads them (the load uses ujson).
            "intent_ranking": [
                {"name": "faq", "confidence": 0.9989903569221497},
                {"name": "greet", "confidence": 1.2345678901234567e-07},
                {"name": "deny", "confidence": 5e-324},
            ],
            "text": '👍 \u2028 \\ "引号" \ud83d\ude00',
            "response_selector": {"faq": {"response": {"utter_action": "utter_faq/documents"}}},
        },
    ),
    ActionExecuted("action_faq"),
    BotUttered("请携带：1. 营业执照…", {"buttons": None}, {"utter_action": "utter_faq/documents"}),
    ActiveLoop("handoff_form"),
    SlotSet("requested_slot", "contact"),
    ActionExecuted("action_listen"),
    UserUttered("/deny", intent={"name": "deny", "confidence": 1.0}),
    ActiveLoop(None),
    ActionExecuted("utter_ack"),
    ActionExecuted("action_listen"),
]


def rows(engine: sa.engine.Engine, sender: str) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                    "FROM events WHERE sender_id = :s ORDER BY id"
                ),
                {"s": sender},
            )
        ]


async def saved_turn_by_turn(s: SQLTrackerStore, sender: str) -> None:
    """The conversation saved as a server does: load, add a turn's events, save."""
    cut = [0, 4, 10, len(CONVERSATION)]
    for start, end in itertools.pairwise(cut):
        tracker = await s.get_or_create_tracker(sender, append_action_listen=False)
        for event in CONVERSATION[start:end]:
            tracker.update(copy.deepcopy(event))
        await s.save(tracker)


def another_server(s: ErasingSQLTrackerStore) -> ErasingSQLTrackerStore:
    """A store on the same database that has kept no tracker: its loads read the rows."""
    url = s.engine.url.render_as_string(hide_password=False)
    return ErasingSQLTrackerStore(domain=s.domain, host=url)


async def same_as_rasas_store(ours: ErasingSQLTrackerStore, rasas: SQLTrackerStore) -> None:
    await saved_turn_by_turn(ours, "rest:ours")
    await saved_turn_by_turn(rasas, "rest:rasa")
    mine, theirs = rows(ours.engine, "rest:ours"), rows(rasas.engine, "rest:rasa")
    assert len(mine) == len(CONVERSATION)
    assert [r[1:] for r in mine] == [r[1:] for r in theirs]
    loaded = await another_server(ours).retrieve("rest:ours")
    expected = await rasas.retrieve("rest:rasa")
    assert loaded is not None and expected is not None
    assert loaded.events == expected.events
    assert [e.as_dict() for e in loaded.events] == [e.as_dict() for e in expected.events]
    assert loaded.current_state() | {"sender_id": ""} == expected.current_state() | {
        "sender_id": ""
    }
    # A second session: a load starts at it, a full load (the console's) reads both.
    later = [
        ActionExecuted("action_session_start", timestamp=2e9),
        SessionStarted(timestamp=2e9),
        ActionExecuted("action_listen", timestamp=2e9),
        UserUttered("还有别的吗", intent={"name": "faq", "confidence": 0.5}, timestamp=2e9),
    ]
    for store, sender in ((ours, "rest:ours"), (rasas, "rest:rasa")):
        tracker = await store.retrieve(sender)
        for event in later:
            tracker.update(copy.deepcopy(event))
        await store.save(tracker)
    latest, expected = await ours.retrieve("rest:ours"), await rasas.retrieve("rest:rasa")
    assert [e.as_dict() for e in latest.events] == [e.as_dict() for e in expected.events]
    assert len(latest.events) == len(later)
    full = await ours.retrieve_full_tracker("rest:ours")
    expected = await rasas.retrieve_full_tracker("rest:rasa")
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in expected.events]
    assert len(full.events) == len(CONVERSATION) + len(later)
    assert await ours.retrieve("rest:nobody") is None


async def test_rows_and_loaded_trackers_are_rasas_on_sqlite(tmp_path):
    domain = Domain.from_dict({"slots": {"applicant_type": {"type": "text", "mappings": []}}})
    ours = ErasingSQLTrackerStore(domain=domain, host=f"sqlite:///{tmp_path / 'ours.db'}")
    rasas = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    await same_as_rasas_store(ours, rasas)


async def test_rows_and_loaded_trackers_are_rasas_on_postgresql(tmp_path):
    domain = Domain.from_dict({"slots": {"applicant_type": {"type": "text", "mappings": []}}})
    with running_postgres(tmp_path) as url:
        ours = ErasingSQLTrackerStore(domain=domain, host=url)
        rasas = SQLTrackerStore(domain=domain, host=url, db="bot")
        try:
            await same_as_rasas_store(ours, rasas)
        finally:
            rasas.engine.dispose()
            dispose_engines()
