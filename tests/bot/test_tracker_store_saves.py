"""The tracker store saves only a turn's new events, without counting the stored ones
again (issue 15): against a real SQLite database."""

from __future__ import annotations

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered

from bot.stores import STORED_EVENTS, ErasingSQLTrackerStore


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
