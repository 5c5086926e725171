"""Issue 10, finding 8: a script floods 12333's mailbox through the hand-off form.

Against the real Rasa server, action server and portal sandbox (the session's
``say`` stack), one conversation asks for hand-off after hand-off, then one
contact is left in conversation after conversation. Before the quotas every
request became a ticket and a mail; now the quota holds, the user gets the
domain's polite answer, and the outbox (one row per mail) has no more rows.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import uuid
from pathlib import Path

from bot.handoff.quota import MAX_PER_CONTACT, MAX_PER_CONVERSATION

TICKET = re.compile(r"HZ-\d{8}-[0-9A-Z]{6}")
#: Form steps one hand-off may take before the test gives up on it.
MAX_FORM_STEPS = 6
#: The words of ``utter_handoff_quota`` that the user must see.
QUOTA_ANSWER = "已达上限"


def texts(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def request_handoff(say, sender: str, contact: str) -> str:
    """Walk the hand-off form once; the bot's last answer (a ticket or a refusal)."""
    reply = texts(say(sender, "我要转人工"))
    answer = "/affirm"
    for _ in range(MAX_FORM_STEPS):
        reply = texts(say(sender, answer))
        if TICKET.search(reply) or QUOTA_ANSWER in reply or "没能登记" in reply:
            return reply
        if "描述" in reply:
            answer = "确认" if "确认" in reply else "网上办事的申报一直提交不了，想请工作人员看看"
        elif "联系" in reply:
            answer = contact
        else:
            raise AssertionError(f"{sender}: unexpected hand-off step {reply!r}")
    raise AssertionError(f"{sender}: the hand-off form never ended: {reply!r}")


def outbox_rows(database: Path, where: str, value: str) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "handoff_outbox" not in tables:
            return 0
        query = f"SELECT count(*) FROM handoff_outbox WHERE {where}"
        return int(conn.execute(query, (value,)).fetchone()[0])


def random_phone() -> str:
    return f"139{secrets.randbelow(10**8):08d}"


def test_one_conversation_cannot_flood_the_mailbox(say, bot_workdir: Path) -> None:
    sender = f"flood-{uuid.uuid4().hex[:12]}"
    say(sender, "我个人网上办事的申报一直提交不了")
    for _ in range(MAX_PER_CONVERSATION):
        assert TICKET.search(request_handoff(say, sender, random_phone()))
    refused = request_handoff(say, sender, random_phone())
    assert QUOTA_ANSWER in refused and "12333" in refused
    assert not TICKET.search(refused)
    rows = outbox_rows(bot_workdir / "bot.db", "conversation_id LIKE ?", f"%{sender}")
    assert rows == MAX_PER_CONVERSATION


def test_one_contact_cannot_be_flooded_across_conversations(say, bot_workdir: Path) -> None:
    contact = f"victim-{uuid.uuid4().hex[:10]}@example.com"
    for _ in range(MAX_PER_CONTACT):
        sender = f"flood-{uuid.uuid4().hex[:12]}"
        say(sender, "我个人网上办事的申报一直提交不了")
        assert TICKET.search(request_handoff(say, sender, contact))
    sender = f"flood-{uuid.uuid4().hex[:12]}"
    say(sender, "我个人网上办事的申报一直提交不了")
    refused = request_handoff(say, sender, contact)
    assert QUOTA_ANSWER in refused and not TICKET.search(refused)
    assert outbox_rows(bot_workdir / "bot.db", "contact = ?", contact) == MAX_PER_CONTACT
