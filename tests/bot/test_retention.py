"""Erasure on request and the retention purge, on a real SQL tracker store."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db import engine_for
from bot.handoff.outbox import Outbox
from bot.login.store import LoginStore
from bot.retention import ERASE_ACTION, purge, stores_for
from bot.settings import Settings
from bot.sms_store import SmsStore
from bot.stores import ErasingSQLTrackerStore, erasure_requested
from tests.bot.handoff.handoff_helpers import make_case
from tests.infra import fresh_postgres_url, postgres_url  # noqa: F401 (fixtures)


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
        s.engine, [outbox], older_than=timedelta(days=180), now=datetime.now(timezone.utc)
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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database on each backend, for the tracker store and the bot's stores."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("fresh_postgres_url")


def test_the_tracker_store_takes_the_processs_engine(database_url):
    s = ErasingSQLTrackerStore(domain=Domain.empty(), host=database_url)
    assert s.engine is engine_for(database_url)


async def test_erasure_goes_through_each_stores_erase(database_url):
    """Login rows, sent hand-offs and SMS state go; a queued hand-off and opt-outs stay."""
    url = database_url
    s = ErasingSQLTrackerStore(domain=Domain.empty(), host=url)
    talk = [UserUttered("你好"), UserUttered("删除我的对话记录")]
    me = "sms:+8613800138000"
    await s.save(tracker(me, *talk))
    login = LoginStore(url, "k" * 40)
    await login.defer(me, "b" * 40, [{"text": "登录成功"}])
    outbox = Outbox(url, handoff_from="bot@x.test", handoff_to="a@x.test")
    await outbox.create_schema()
    sent = await outbox.enqueue(make_case(conversation_id=me))
    await outbox.mark_sent(*await outbox.claim_due("w", limit=5, lease=timedelta(minutes=5)))
    queued = await outbox.enqueue(make_case(conversation_id=me))
    sms = SmsStore(url, secret_key="k" * 40)
    await sms.save_menu("+8613800138000", ["/a"])
    await sms.opt_out("+8613900139000")

    await s.save(tracker(me, *talk, ActionExecuted(ERASE_ACTION), BotUttered("已删除")))
    assert rows(s.engine, me) == 0
    assert await login.take_deferred(me, "b" * 40) == []
    assert await outbox.status(sent.ticket_no) is None
    assert await outbox.status(queued.ticket_no) is not None
    assert (await sms.state("+8613800138000")).menu == []
    assert await sms.is_opted_out("+8613900139000")
    # The stores erased on the process's engine for bot.db, the one these stores use.
    assert all(store.engine is outbox.engine for store in s.erasing_stores())


async def test_the_purge_calls_each_stores_purge(tmp_path):
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    s = store(tmp_path)
    await s.save(tracker("new", UserUttered("新")))
    long_ago = datetime.now(timezone.utc) - timedelta(days=200)
    login = LoginStore(url, "k" * 40, clock=lambda: long_ago)
    await login.defer("old", "b" * 40, [{"text": "旧的"}])
    stores = stores_for(Settings.from_env({"DATABASE_URL": url}, dotenv=tmp_path / "none"), url)
    report = await purge(
        s.engine, stores, older_than=timedelta(days=180), now=datetime.now(timezone.utc)
    )
    assert report.rows == {
        "login_rows": 1,
        "handoffs": 0,
        "quota_rows": 0,
        "sms_rows": 0,
        "alert_rows": 0,
        "ticket_reply_rows": 0,
        "notification_rows": 0,
        "feedback_rows": 0,
    }
    assert report.handoffs == 0 and rows(s.engine, "new") == 1


def test_retention_names_no_store_table():
    """Each store owns its rows; the retention job only asks the stores."""
    from bot import retention

    source = Path(retention.__file__).read_text(encoding="utf-8")
    tables = [
        *login_tables(),
        "handoff_outbox",
        "handoff_quota",
        "sms_long_answers",
        "sms_menus",
        "sms_optouts",
        "twilio_seen",
        "sms_outbound",
    ]
    assert [name for name in tables if name in source] == []


def login_tables():
    from bot.login.store import metadata

    return list(metadata.tables)
