"""The tracker store as the console reads it: turns, unanswered questions, latency, masking."""

from __future__ import annotations

import sqlalchemy as sa

from bot.console.conversations import EventIndex, transcript
from bot.db import engine_for
from tests.console.trackers import id_number, save, store, turn


async def test_index_reads_turns_fallbacks_handoffs_and_latency(database_url, filled):
    convs = EventIndex(engine_for(database_url)).refresh()
    assert set(convs) == {"web:aaaa", "rest:bbbb", "sms:cccc", "voice:dddd"}
    web = convs["web:aaaa"]
    assert web.channel == "web" and web.fallback and not web.handoff
    assert [t.latency for t in web.turns] == [0.5, 1.5]
    assert convs["sms:cccc"].handoff
    unanswered = [t.text for c in convs.values() for t in c.turns if t.unanswered]
    assert "公积金怎么取" in unanswered and "公积金如何提取" in unanswered
    assert "今天天气" in unanswered  # low confidence
    assert "你好" not in unanswered and "密码忘了怎么办" not in unanswered


async def test_id_numbers_never_leave_the_index_or_the_transcript(database_url, filled):
    engine = engine_for(database_url)
    texts = [t.text for c in EventIndex(engine).refresh().values() for t in c.turns]
    lines = transcript(engine, "rest:bbbb")
    assert id_number() not in " ".join(texts) + " ".join(line.text for line in lines)
    assert any("******" in text for text in texts)


async def test_login_links_are_masked_in_transcripts(database_url):
    s = store(database_url)
    link = "http://localhost:5005/webhooks/login/t/SECRETTOKENabc123"
    await save(
        s,
        "rest:l",
        turn("查我的办事进度", 1.0e9, "check_my_progress", "action_login", f"请登录：{link}"),
    )
    text = " ".join(line.text for line in transcript(engine_for(database_url), "rest:l"))
    assert "SECRETTOKEN" not in text and "请登录" in text


async def test_index_is_incremental_and_rebuilds_after_an_erasure(database_url, filled):
    engine = engine_for(database_url)
    index = EventIndex(engine)
    assert len(index.refresh()) == 4
    await save(
        store(database_url), "rest:new", turn("新问题", 2.0e9, "greet", "utter_greet", "您好")
    )
    assert "rest:new" in index.refresh()
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM events WHERE sender_id = 'web:aaaa'"))
    assert "web:aaaa" not in index.refresh() and len(index.conversations) == 4


def test_an_empty_database_has_no_conversations(database_url):
    assert EventIndex(engine_for(database_url)).refresh() == {}
