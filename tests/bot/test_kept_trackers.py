"""A server keeps the tracker it saved, and the conversation's next turn starts from it
instead of reading back and replaying the session's rows (issue 15); whatever another
server or an erasure wrote in between is never hidden. Against real databases."""

from __future__ import annotations

import json

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_patches, stores
from bot.contract import ERASE_ACTION
from bot.stores import ErasingSQLTrackerStore
from scripts.servers import latest_model
from tests.infra import running_postgres

DOMAIN = Domain.from_dict({"slots": {"applicant_type": {"type": "text", "mappings": []}}})


class Replays:
    """Counts the trackers rebuilt from rows (Rasa's ``from_dict``)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        rebuild = DialogueStateTracker.from_dict.__func__

        def counted(cls, *args, **kwargs):
            self.count += 1
            return rebuild(cls, *args, **kwargs)

        monkeypatch.setattr(DialogueStateTracker, "from_dict", classmethod(counted))


def sqlite_store(tmp_path) -> ErasingSQLTrackerStore:
    return ErasingSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'bot.db'}")


def another_server(s: ErasingSQLTrackerStore) -> ErasingSQLTrackerStore:
    url = s.engine.url.render_as_string(hide_password=False)
    return ErasingSQLTrackerStore(domain=s.domain, host=url)


async def turn(s: ErasingSQLTrackerStore, sender: str, text: str, *extra) -> DialogueStateTracker:
    tracker = await s.get_or_create_tracker(sender, append_action_listen=False)
    if not tracker.events:
        tracker.update(ActionExecuted("action_session_start"))
        tracker.update(SessionStarted())
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text, intent={"name": "faq", "confidence": 0.9}))
    for event in extra:
        tracker.update(event)
    tracker.update(ActionExecuted("action_faq"))
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)
    return tracker


async def as_loaded(s: ErasingSQLTrackerStore, sender: str) -> list[dict]:
    """The conversation's events as a server that kept nothing reads them."""
    tracker = await another_server(s).retrieve(sender)
    assert tracker is not None
    return [e.as_dict() for e in tracker.events]


async def test_the_next_turn_starts_from_the_saved_tracker(tmp_path, monkeypatch):
    s = sqlite_store(tmp_path)
    await turn(s, "rest:a", "你好")
    replays = Replays(monkeypatch)
    saved = await turn(s, "rest:a", "开通要带什么", SlotSet("applicant_type", "enterprise"))
    assert replays.count == 1  # the first load after the conversation began
    for text in ("密码忘了", "谢谢", "再见"):
        assert await turn(s, "rest:a", text) is saved
        assert [e.as_dict() for e in saved.events] == await as_loaded(s, "rest:a")
    assert replays.count == 1 + 3  # and the three loads of another_server
    assert saved.get_slot("applicant_type") == "enterprise"


def counted(s: ErasingSQLTrackerStore, sender: str) -> tuple[int, int]:
    with s.engine.connect() as conn:
        return tuple(
            conn.execute(
                sa.text("SELECT count(id), max(id) FROM events WHERE sender_id = :s"), {"s": sender}
            ).one()
        )


async def test_a_kept_tracker_is_handed_out_once(tmp_path):
    s = sqlite_store(tmp_path)
    for text in ("你好", "谢谢"):
        await turn(s, "rest:b", text)
    first, second = await s.retrieve("rest:b"), await s.retrieve("rest:b")
    assert first is not None and second is not None and first is not second
    assert [e.as_dict() for e in first.events] == [e.as_dict() for e in second.events]


async def two_servers_take_turns(a: ErasingSQLTrackerStore, monkeypatch) -> None:
    b = another_server(a)
    await turn(a, "rest:c", "你好")
    await turn(a, "rest:c", "开通要带什么")
    replays = Replays(monkeypatch)
    for n, text in enumerate(["企业", "密码忘了", "网址是多少", "谢谢", "再见", "还有吗"]):
        server = (b, a)[n % 2]
        tracker = await turn(server, "rest:c", text, SlotSet("applicant_type", f"t{n}"))
        assert [e.as_dict() for e in tracker.events] == await as_loaded(a, "rest:c")
        assert tracker.get_slot("applicant_type") == f"t{n}"
    # Each server read the rows once; afterwards it only read the other's new rows.
    assert replays.count == 1 + 6


async def test_two_servers_taking_turns_each_see_the_others_events_on_sqlite(tmp_path, monkeypatch):
    await two_servers_take_turns(sqlite_store(tmp_path), monkeypatch)


async def test_two_servers_taking_turns_each_see_the_others_events_on_postgresql(
    tmp_path, monkeypatch
):
    with running_postgres(tmp_path) as url:
        a = ErasingSQLTrackerStore(domain=DOMAIN, host=url)
        try:
            await two_servers_take_turns(a, monkeypatch)
        finally:
            a.engine.dispose()


async def test_a_conversation_erased_by_another_server_is_not_served_from_memory(tmp_path):
    a = sqlite_store(tmp_path)
    for text in ("你好", "我的身份证号是多少"):
        await turn(a, "rest:d", text)
    b = another_server(a)
    await turn(b, "rest:d", "删除我的记录", ActionExecuted(ERASE_ACTION))
    assert counted(a, "rest:d")[0] == 0
    assert await a.retrieve("rest:d") is None
    # Erased and begun again, as long as before: still read from the rows.
    for text in ("你好", "我又来了"):
        await turn(b, "rest:d", text)
    assert [e.as_dict() for e in (await a.retrieve("rest:d")).events] == await as_loaded(
        a, "rest:d"
    )


async def test_an_erasing_turn_keeps_nothing(tmp_path):
    s = sqlite_store(tmp_path)
    for text in ("你好", "删除我的记录"):
        await turn(s, "rest:e", text)
    await turn(s, "rest:e", "删掉", ActionExecuted(ERASE_ACTION))
    assert "rest:e" not in s._kept
    assert await s.retrieve("rest:e") is None


async def test_a_new_session_another_server_began_is_read_from_the_rows(tmp_path):
    a = sqlite_store(tmp_path)
    for text in ("你好", "开通要带什么"):
        await turn(a, "rest:f", text)
    b = another_server(a)
    tracker = await b.retrieve("rest:f")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await b.save(tracker)
    again = await a.retrieve("rest:f")
    assert [e.as_dict() for e in again.events] == await as_loaded(a, "rest:f")
    assert len(again.events) <= 3  # the new session only


async def test_a_session_begun_in_the_turn_is_not_kept(tmp_path):
    s = sqlite_store(tmp_path)
    for text in ("你好", "谢谢"):
        await turn(s, "rest:g", text)
    tracker = await s.retrieve("rest:g")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await s.save(tracker)
    assert "rest:g" not in s._kept
    assert len((await s.retrieve("rest:g")).events) < len(tracker.events)


async def test_a_tracker_changed_after_its_save_is_read_back(tmp_path):
    s = sqlite_store(tmp_path)
    for text in ("你好", "谢谢"):
        saved = await turn(s, "rest:h", text)
    saved.update(UserUttered("没有保存的一句"))
    tracker = await s.retrieve("rest:h")
    assert tracker is not saved
    assert "没有保存的一句" not in [getattr(e, "text", None) for e in tracker.events]


async def test_kept_trackers_expire_and_are_bounded(tmp_path, monkeypatch):
    s = sqlite_store(tmp_path)
    monkeypatch.setattr(stores, "TRACKER_CACHE_SIZE", 2)
    for sender in ("rest:i1", "rest:i2", "rest:i3"):
        for text in ("你好", "谢谢"):
            await turn(s, sender, text)
    assert list(s._kept) == ["rest:i2", "rest:i3"]
    monkeypatch.setattr(stores, "TRACKER_CACHE_TTL", -1.0)
    kept = s._kept["rest:i3"].tracker
    assert await s.retrieve("rest:i3") is not kept


# -- through Rasa's own turn ---------------------------------------------------------


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


TURNS = ["你好", "开通网上办事要带什么材料", "企业", "密码忘了怎么办", "网址是多少", "谢谢"]


async def test_rasas_turns_keep_the_tracker_a_load_would_give(tmp_path, monkeypatch):
    rasa_patches.apply()
    store = ErasingSQLTrackerStore(domain=None, host=f"sqlite:///{tmp_path / 'bot.db'}")
    agent = Agent.load(str(latest_model()), tracker_store=store)
    replays = Replays(monkeypatch)
    for n, text in enumerate(TURNS):
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender_id="rest:agent"))
        assert output.messages
        if n >= 2:
            assert "rest:agent" in store._kept, text
        kept = store._kept["rest:agent"].tracker if "rest:agent" in store._kept else None
        if kept is not None:
            # As JSON: the NLU's token offsets are tuples until they are stored.
            loaded = await another_server(store).retrieve("rest:agent")
            assert as_json([e.as_dict() for e in kept.events]) == as_json(
                [e.as_dict() for e in loaded.events]
            )
            assert as_json(kept.current_state()) == as_json(loaded.current_state())
    loads_by_others = len(TURNS) - 2
    assert replays.count <= 2 + loads_by_others
