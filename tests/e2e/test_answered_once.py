"""A message sent again under its client's id is answered from its stored turn (bot.once).

The answer to "确认" that filed a hand-off can be lost after the turn was saved (the
two-server crash test lost one when its server was killed). Sent again under the same
``message_id``, it must bring the ticket's number, not a second turn's "好的", and the
tracker and the outbox must hold that turn once.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_handoff_rest import texts, ticket_in


@pytest.fixture()
def post(bot_url: str):
    def send(sender: str, message: str, message_id: Any) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": message, "message_id": message_id})
        request = urllib.request.Request(
            f"{bot_url}/webhooks/rest/webhook",
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as resp:
            return json.loads(resp.read())

    return send


def stored(bot_workdir: Path, sender: str) -> tuple[list[str], list[str]]:
    """The conversation's stored user texts and its tickets in the outbox."""
    conversation = f"rest:{sender}"
    with sqlite3.connect(bot_workdir / "bot.db") as db:
        users = [
            json.loads(data)["text"]
            for (data,) in db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                (conversation,),
            )
        ]
        tickets = [
            ticket
            for (ticket,) in db.execute(
                "SELECT ticket_no FROM handoff_outbox WHERE conversation_id = ?", (conversation,)
            )
        ]
    return users, tickets


def test_a_confirmation_sent_again_brings_its_ticket_not_a_second_turn(
    post, bot_workdir: Path
) -> None:
    sender = f"once-{uuid.uuid4().hex[:12]}"
    post(sender, "我个人网上办事提交的灵活就业参保登记被退回了，看不懂审核意见", "m1")
    post(sender, "我要转人工", "m2")
    assert "联系" in texts(post(sender, "/affirm", "m3"))
    assert "确认" in texts(post(sender, "138 0013 8000", "m4"))
    first = post(sender, "确认", "m5")
    ticket = ticket_in(texts(first))

    again = post(sender, "确认", "m5")

    assert [r["text"] for r in again] == [r["text"] for r in first]
    users, tickets = stored(bot_workdir, sender)
    assert users.count("确认") == 1
    assert tickets == [ticket]

    # The same words under a new id are a new message, answered by a turn of their own.
    new = texts(post(sender, "确认", "m6"))
    assert ticket not in new
    assert stored(bot_workdir, sender)[0].count("确认") == 2
    # A used id with other words is a new message too (a client that reuses ids).
    post(sender, "谢谢", "m6")
    assert stored(bot_workdir, sender)[0][-1] == "谢谢"


@pytest.mark.parametrize("message_id", ["", "a b", "x" * 65, 5, ["m1"], "编号1"])
def test_a_message_id_that_is_no_short_token_is_refused(post, message_id: Any) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(f"once-{uuid.uuid4().hex[:12]}", "你好", message_id)
    assert refused.value.code == 400
    assert "message_id" in json.loads(refused.value.read())["error"]
