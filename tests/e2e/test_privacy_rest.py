"""删除我的对话记录 end to end: the confirmation, then no trace in the tracker store."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

#: The REST channel's apology when the bot itself failed.
FAILED = "系统暂时出了点问题"


def texts(replies) -> str:
    body = "\n".join(r.get("text", "") for r in replies)
    assert FAILED not in body, "the bot failed and apologised"
    return body


def events_of(db: Path, sender: str) -> int:
    """Events of a REST sender's conversation, which the tracker keys ``rest:<sender>``."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (f"rest:{sender}",)
        ).fetchone()[0]


def test_delete_my_conversation_after_confirming(say, bot_workdir: Path):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say(sender, "市民邮箱用户还要开通网上办事吗")
    ask = say(sender, "删除我的对话记录")
    assert "确认要删除" in texts(ask)
    assert [b["payload"] for b in ask[0]["buttons"]] == ["/affirm", "/deny"]
    assert events_of(bot_workdir / "bot.db", sender) > 0
    assert "已删除" in texts(say(sender, "/affirm"))
    assert events_of(bot_workdir / "bot.db", sender) == 0
    # The conversation simply starts again.
    assert "请问有什么可以帮您" in texts(say(sender, "你好"))


def test_declining_keeps_the_conversation(say, bot_workdir: Path):
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say(sender, "删除我的对话记录")
    assert "不删除" in texts(say(sender, "/deny"))
    assert events_of(bot_workdir / "bot.db", sender) > 0


def test_a_question_that_carries_a_password_is_still_answered(say, bot_workdir: Path):
    # "Hz123456" once read as a 受理编号: the turn looked for the portal in the Rasa
    # server's own FAQ action and died without a word.
    sender = f"test-{uuid.uuid4().hex[:12]}"
    body = texts(say(sender, "我现在的密码是Hz123456，想改成别的怎么改"))
    assert "修改密码" in body, body  # the question is answered
    assert "Hz123456" not in body
    with sqlite3.connect(bot_workdir / "bot.db") as conn:
        stored = " ".join(
            row[0]
            for row in conn.execute(
                "SELECT data FROM events WHERE sender_id = ?", (f"rest:{sender}",)
            )
        )
    assert "Hz123456" not in stored


def test_however_the_erasure_is_asked_it_is_confirmed_first(say, bot_workdir: Path):
    # "删掉我的记录" once read as a look-up of one's own progress: a login link.
    sender = f"test-{uuid.uuid4().hex[:12]}"
    say(sender, "网上办事的网址是多少")
    ask = texts(say(sender, "删掉我的记录"))
    assert "确认要删除" in ask and "http" not in ask
    assert events_of(bot_workdir / "bot.db", sender) > 0
