"""Erasure on request and the retention purge, on a real SQL tracker store."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.handoff.outbox import Outbox
from bot.login.store import LoginStore
from bot.retention import ERASE_ACTION, purge
from bot.stores import ErasingSQLTrackerStore, erasure_requested


def store(tmp_path):
    return ErasingSQLTrackerStore(domain=Domain.empty(), host=f"sqlite:///{tmp_path / 'bot.db'}")


def tracker(sender, *events):
    return DialogueStateTracker.from_events(sender, list(events))


def rows(engine, sender):
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}
        ).scalar()


async def test_erase_action_in_the_turn_deletes_the_conversation_only(tmp_path):
    s = store(tmp_path)
    talk = [UserUttered("你好"), BotUttered("您好"), UserUttered("删除我的对话记录")]
    await s.save(tracker("alice", *talk))
    await s.save(tracker("bob", UserUttered("你好")))
    login = LoginStore(f"sqlite:///{tmp_path / 'bot.db'}", "k" * 40)
    ticket = await login.issue_ticket("alice", "b" * 40, "rest")
    await login.redeem(
        ticket, token="secret-token", username="u", display_name=None, account_kind=None
    )
    assert rows(s.engine, "alice") == 3

    await s.save(tracker("alice", *talk, ActionExecuted(ERASE_ACTION), BotUttered("已删除")))
    assert rows(s.engine, "alice") == 0
    assert rows(s.engine, "bob") == 1
    assert await login.active_link("alice", "b" * 40) is None
    login.dispose()


def test_only_this_turns_erase_action_counts():
    assert not erasure_requested(
        tracker("a", UserUttered("x"), ActionExecuted(ERASE_ACTION), UserUttered("y"))
    )
    assert erasure_requested(tracker("a", UserUttered("x"), ActionExecuted(ERASE_ACTION)))


async def test_purge_deletes_idle_conversations_and_keeps_recent_ones(tmp_path):
    s = store(tmp_path)
    old = time.time() - 200 * 86400
    await s.save(
        tracker("old", UserUttered("旧的", timestamp=old), BotUttered("旧", timestamp=old + 1))
    )
    await s.save(tracker("mixed", UserUttered("旧", timestamp=old), UserUttered("新")))
    await s.save(tracker("new", UserUttered("新")))
    outbox = Outbox(
        f"sqlite:///{tmp_path / 'bot.db'}", handoff_from="bot@x.test", handoff_to="a@x.test"
    )
    report = await purge(
        s.engine, outbox, older_than=timedelta(days=180), now=datetime.now(timezone.utc)
    )
    await outbox.close()
    assert (report.conversations, report.events, report.handoffs) == (1, 2, 0)
    assert (
        rows(s.engine, "old") == 0 and rows(s.engine, "mixed") == 2 and rows(s.engine, "new") == 1
    )


async def test_erasure_takes_the_conversations_sms_answer_pages(tmp_path):
    from bot.channels.twilio_common import SmsStore

    s = store(tmp_path)
    talk = [UserUttered("你好"), UserUttered("删除我的对话记录")]
    await s.save(tracker("sms:+8613800138000", *talk))
    sms = SmsStore(f"sqlite:///{tmp_path / 'bot.db'}", secret_key="k" * 40)
    mine = await sms.save_long_answer("长答复", conversation_id="sms:+8613800138000")
    theirs = await sms.save_long_answer("别人的", conversation_id="sms:+8613900139000")

    await s.save(
        tracker("sms:+8613800138000", *talk, ActionExecuted(ERASE_ACTION), BotUttered("已删除"))
    )
    assert await sms.long_answer(mine) is None
    assert await sms.long_answer(theirs) is not None
    await sms.close()
