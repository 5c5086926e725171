"""The FAQ assistant end to end: the REST channel, the real model and the action server."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

#: The REST channel's apology when the bot itself failed: never the answer to a question.
FAILED = "系统暂时出了点问题"
GUIDE_FORM_PERSON = "《杭州市人力资源和社会保障个人网上办事密码重置申请单》"
GUIDE_FORM_UNIT = "《杭州市人力资源和社会保障单位网上办事密码重置申请单》"


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(replies):
    body = "\n".join(r.get("text", "") for r in replies)
    assert FAILED not in body, "the bot failed and apologised"
    return body


def test_greeting_says_what_the_bot_can_do(say):
    replies = say(new_sender(), "你好")
    assert "开通网上办事" in texts(replies)
    assert replies[0]["buttons"]


def test_password_lost_asks_the_type_once_then_remembers_it(say):
    sender = new_sender()
    first = say(sender, "密码忘了怎么办")
    assert "密码重置" in texts(first)
    assert [b["title"] for b in first[0]["buttons"]] == [
        "企业/民办非企业单位",
        "机关事业单位",
        "个人",
    ]
    picked = say(sender, first[0]["buttons"][2]["payload"])
    assert GUIDE_FORM_PERSON in texts(picked)
    later = say(sender, "开通网上办事要带什么材料")
    assert "身份证原件及复印件" in texts(later)
    assert not later[0].get("buttons")


def test_type_stated_in_the_question_is_answered_directly(say):
    replies = say(new_sender(), "我们公司的网上办事密码丢了，怎么重置")
    assert GUIDE_FORM_UNIT in texts(replies)
    assert "工商营业执照" in texts(replies)


def test_typed_type_reply_answers_the_pending_question(say):
    sender = new_sender()
    say(sender, "开通网上办事需要带哪些材料")
    replies = say(sender, "事业单位")
    assert "《事业单位法人证书》" in texts(replies)


def test_traditional_characters_are_understood(say):
    replies = say(new_sender(), "密碼忘記了怎麼辦")
    assert "密码重置" in texts(replies)


def test_english_question_is_understood(say):
    replies = say(new_sender(), "How can I change my password?")
    assert "修改密码" in texts(replies)


def test_social_security_question_outside_the_guide_gets_the_scope(say):
    replies = say(new_sender(), "养老金每个月几号发")
    assert "12333" in texts(replies)
    assert "不在我的服务范围" in texts(replies)


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "😀😀😀👍",
        "<img src=x onerror=alert(1)>",
        "<script>alert('xss')</script>",
        "\x01\x02\x03\x1b[31m",
        "密码" * 2600,
        "/faq",
        '/faq{"x": 1}',
        "/session_start",
        '/login_succeeded{"portal_session": "abc"}',
        "/nlu_fallback",
        None,
        12333,
        ["a", "b"],
    ],
    ids=lambda m: repr(m)[:24],
)
def test_odd_input_gets_a_polite_answer_and_no_markup_back(say, message):
    replies = say(new_sender(), message)
    assert replies, "a silent non-answer"
    body = texts(replies)  # never the apology: odd input is the bot's job, not a failure
    assert body.strip()
    assert "<img" not in body and "<script" not in body and "onerror" not in body


def test_restart_payload_restarts_and_says_so(say):
    sender = new_sender()
    say(sender, "我是个人")
    replies = say(sender, "/restart")
    assert "重新开始" in texts(replies)


def test_body_that_is_not_json_is_answered_not_crashed(bot_url):
    request = urllib.request.Request(
        f"{bot_url}/webhooks/rest/webhook",
        data=b"not json",
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 400
    assert "sender" in json.loads(error.value.read())["error"]


def test_two_misses_in_a_row_lead_to_12333(say):
    sender = new_sender()
    first = say(sender, "嗯那个怎么说呢")
    assert first[0].get("buttons"), texts(first)
    second = texts(say(sender, "有个问题"))
    # The offer of a person, not the apology (which names 12333 too).
    assert "需要转人工吗" in second and "hz12333@hz.gov.cn" in second
