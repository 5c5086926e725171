"""bot.once: which stored answers a message sent again under its id gets."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.once import CLIENT_ID_PREFIX, InvalidMessageId, answers_to, client_message_id, is_client_id


def test_a_clients_id_is_stored_under_its_own_prefix() -> None:
    assert client_message_id("0b9f-1.a:2_") == CLIENT_ID_PREFIX + "0b9f-1.a:2_"
    assert client_message_id(None) is None
    assert is_client_id(client_message_id("m1"))
    # Rasa's own ids (uuid4 hex) never cost a look into the tracker.
    assert not is_client_id("3f2a9c1e5b7d4e6f8a0b1c2d3e4f5a6b")
    assert not is_client_id(None)


@pytest.mark.parametrize("raw", ["", " m1", "m 1", "x" * 65, "编号", 7, 1.5, ["m1"], {"a": 1}])
def test_anything_but_a_short_token_is_refused(raw: object) -> None:
    with pytest.raises(InvalidMessageId):
        client_message_id(raw)


def turn(text: str, message_id: str, *answers: str) -> list:
    return [
        UserUttered(text, message_id=message_id),
        *(BotUttered(answer) for answer in answers),
        ActionExecuted("action_listen"),
    ]


def test_the_answers_are_those_of_the_turn_up_to_the_next_user_turn() -> None:
    events = [
        *turn("确认", "client-a", "工单号 HZ-1", "还有吗"),
        *turn("谢谢", "client-b", "不客气"),
    ]
    assert [e.text for e in answers_to(events, "client-a", "确认") or []] == [
        "工单号 HZ-1",
        "还有吗",
    ]
    assert [e.text for e in answers_to(events, "client-b", "谢谢") or []] == ["不客气"]


def test_the_latest_turn_under_an_id_counts() -> None:
    events = [*turn("确认", "client-a", "first"), *turn("确认", "client-a", "second")]
    assert [e.text for e in answers_to(events, "client-a", "确认") or []] == ["second"]


def test_other_words_or_an_unknown_id_or_no_answer_mean_a_new_turn() -> None:
    events = [*turn("确认", "client-a", "done"), *turn("你好", "client-c")]
    assert answers_to(events, "client-a", "谢谢") is None
    assert answers_to(events, "client-z", "确认") is None
    # A stored turn that answered nothing failed; its user was asked to try again.
    assert answers_to(events, "client-c", "你好") is None
