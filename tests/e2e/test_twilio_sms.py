"""Twilio SMS end to end: signed webhooks into the real Rasa server, model and action server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from bot.channels.sms_format import FULL_ANSWER_LABEL, MAX_SEGMENTS, sms_size
from scripts.servers import running_bot
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    PUBLIC_URL,
    SMS_PATH,
    VOICE_PATH,
    get,
    messages_of,
    post_twilio,
)

pytestmark = pytest.mark.slow

#: The channel's apology when the bot itself failed: never what a question gets.
FAILED = "系统暂时出了点问题"

CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.twilio_sms.TwilioSmsInput:
bot.channels.twilio_voice.TwilioVoiceInput:
"""


@pytest.fixture(scope="module")
def bot_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("twilio_sms")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with running_bot(
        workdir, credentials=credentials, PUBLIC_URL=PUBLIC_URL, TWILIO_AUTH_TOKEN=AUTH_TOKEN
    ) as url:
        yield url


def new_phone() -> str:
    return "+86139" + str(uuid.uuid4().int)[:8]


@pytest.fixture
def sms(bot_url):
    phone = new_phone()

    def send(body: str | None, sender: str | None = phone) -> list[str]:
        form = {"MessageSid": "SM" + uuid.uuid4().hex, "To": "+8657112333"}
        if body is not None:
            form["Body"] = body
        if sender is not None:
            form["From"] = sender
        answer = post_twilio(bot_url, SMS_PATH, form)
        assert answer.status == 200, answer.body
        messages = messages_of(answer.xml())
        assert not any(FAILED in m for m in messages), messages
        return messages

    return send


FORM = {"From": "+8613900000000", "Body": "密码忘了怎么办", "MessageSid": "SM1"}


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"sign": False}, id="unsigned"),
        pytest.param({"forged": "dGhpcyBpcyBmb3JnZWQ="}, id="forged"),
        pytest.param({"token": "test-token-of-someone-else"}, id="other-token"),
        pytest.param({"signed_path": VOICE_PATH}, id="replayed-from-the-voice-url"),
        pytest.param({"public_url": "http://127.0.0.1:5005"}, id="signed-for-the-internal-url"),
    ],
)
def test_forged_unsigned_and_replayed_requests_get_403(bot_url, tamper):
    answer = post_twilio(bot_url, SMS_PATH, FORM, **tamper)
    assert answer.status == 403


def test_a_signed_question_gets_the_right_answer_as_twiml(sms):
    [reply] = sms("密码忘了怎么办")
    assert "密码重置" in reply
    assert sms_size(reply).segments <= MAX_SEGMENTS


def test_the_greeting_menu_is_numbered_and_a_digit_picks(sms):
    [menu] = sms("你好")
    assert "回复 1 怎么开通网上办事" in menu
    assert "回复 3 密码忘了怎么办" in menu
    [asked] = sms("3")
    assert "回复 3 个人" in asked  # the password answer depends on the applicant type
    [answer] = sms("3")
    assert "个人网上办事密码重置申请单" in answer


def test_a_long_answer_is_split_to_three_segments_with_a_link(sms, bot_url):
    [reply] = sms("网上办事的流程是怎样的")
    assert sms_size(reply).segments <= MAX_SEGMENTS
    link = reply.rsplit(FULL_ANSWER_LABEL, 1)[1]
    assert link.startswith(f"{PUBLIC_URL}/webhooks/twilio/a/")
    page = get(bot_url + link.removeprefix(PUBLIC_URL))
    assert page.status == 200
    assert "网上办事共七步" in page.body and "hz12333@hz.gov.cn" in page.body


def test_stop_then_silence_then_start(sms):
    [stopped] = sms("STOP")
    assert "已退订" in stopped and "START" in stopped
    assert sms("你好") == []
    [started] = sms("开始")
    assert "已重新订阅" in started
    assert "回复 1" in sms("你好")[0]


def test_help(sms):
    [help_text] = sms("帮助")
    assert "12333" in help_text and "退订" in help_text and "回复数字" in help_text


def test_a_missing_body_or_sender_is_answered_without_a_crash(sms):
    [reply] = sms(None)
    assert "没有看到可以识别的文字" in reply  # the empty message's own answer
    [no_sender] = sms("你好", sender=None)
    assert "无法识别发送号码" in no_sender


def test_typed_yes_and_no_on_sms_where_there_are_no_buttons(sms):
    [asked] = sms("删除我的对话记录")
    assert "确认要删除" in asked and "回复 1 确认删除" in asked
    [kept] = sms("不用了")
    assert "不删除" in kept
    sms("删除我的对话记录")
    [erased] = sms("确认删除")
    assert "已删除" in erased


def test_handoff_on_sms_by_typed_consent_and_refusal(sms):
    [offer] = sms("我要转人工")
    assert "需要转人工吗" in offer
    [contact] = sms("好的")
    assert "本机" in contact
    [left] = sms("算了，不用了")
    assert "已取消转人工" in left


def test_the_progress_look_up_sends_the_login_link(sms):
    [reply] = sms("查一下我的办事进度")
    assert f"{PUBLIC_URL}/webhooks/login/t/" in reply
    assert sms_size(reply).segments <= MAX_SEGMENTS


def test_a_replayed_message_gets_an_empty_answer(bot_url):
    form = {
        "From": new_phone(),
        "To": "+8657112333",
        "Body": "你好",
        "MessageSid": "SM" + uuid.uuid4().hex,
    }
    first = post_twilio(bot_url, SMS_PATH, form)
    again = post_twilio(bot_url, SMS_PATH, form)
    assert first.status == again.status == 200
    assert messages_of(first.xml())
    assert messages_of(again.xml()) == []
