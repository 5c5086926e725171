"""Twilio voice end to end: signed webhooks into the real Rasa server, model and action server.

Outbound SMS (the login link) goes to a local fake of Twilio's REST API, named in
the channel's credentials, so nothing leaves the machine.
"""

from __future__ import annotations

import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from scripts.servers import running_bot
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    OUR_NUMBER,
    PUBLIC_URL,
    SMS_PATH,
    VOICE_PATH,
    FakeTwilioApi,
    post_twilio,
    says,
    spoken_text,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def twilio_api() -> Iterator[FakeTwilioApi]:
    with FakeTwilioApi() as api:
        yield api


@pytest.fixture(scope="module")
def bot_url(tmp_path_factory: pytest.TempPathFactory, twilio_api: FakeTwilioApi) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("twilio_voice")
    credentials = workdir / "credentials.yml"
    credentials.write_text(
        "bot.channels.rest.RestInput:\n"
        "bot.login.page.LoginInput:\n"
        "bot.channels.twilio_sms.TwilioSmsInput:\n"
        "bot.channels.twilio_voice.TwilioVoiceInput:\n"
        f"  twilio_api_url: {twilio_api.url}\n",
        encoding="utf-8",
    )
    with running_bot(
        workdir, credentials=credentials, PUBLIC_URL=PUBLIC_URL, TWILIO_AUTH_TOKEN=AUTH_TOKEN
    ) as url:
        yield url


@pytest.fixture
def caller() -> str:
    return "+86137" + str(uuid.uuid4().int)[:8]


@pytest.fixture
def call(bot_url, caller):
    def post(query: str = "", **form: str) -> ET.Element:
        params = {"CallSid": "CA" + uuid.uuid4().hex, "From": caller, "To": OUR_NUMBER, **form}
        answer = post_twilio(bot_url, VOICE_PATH, params, query=query)
        assert answer.status == 200, answer.body
        return answer.xml()

    return post


def assert_mandarin(root: ET.Element) -> None:
    assert says(root)
    for say in says(root):
        assert say.get("voice") == "Polly.Zhiyu"
        assert say.get("language") == "cmn-CN"


FORM = {"CallSid": "CA1", "From": "+8613700000000", "To": OUR_NUMBER}


@pytest.mark.parametrize(
    ("tamper", "query"),
    [
        pytest.param({"sign": False}, "", id="unsigned"),
        pytest.param({"forged": "dGhpcyBpcyBmb3JnZWQ="}, "", id="forged"),
        pytest.param({"signed_path": SMS_PATH}, "", id="replayed-from-the-sms-url"),
        pytest.param({"public_url": "https://evil.example.test"}, "", id="other-host"),
    ],
)
def test_forged_unsigned_and_replayed_requests_get_403(bot_url, tamper, query):
    assert post_twilio(bot_url, VOICE_PATH, FORM, query=query, **tamper).status == 403


def test_a_changed_reprompt_count_breaks_the_signature(bot_url):
    from tests.bot.channels.twilio_helpers import signature

    signed_for_r0 = signature(f"{PUBLIC_URL}{VOICE_PATH}?r=0", FORM)
    answer = post_twilio(bot_url, VOICE_PATH, FORM, query="r=1", forged=signed_for_r0)
    assert answer.status == 403


def test_the_call_opens_with_a_mandarin_gather(call):
    root = call()
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "speech dtmf"
    assert gather.get("language") == "cmn-Hans-CN"
    action = urllib.parse.urlsplit(gather.get("action"))
    assert f"{action.scheme}://{action.netloc}{action.path}" == f"{PUBLIC_URL}{VOICE_PATH}"
    assert urllib.parse.parse_qs(action.query)["r"] == ["0"]
    assert len(urllib.parse.parse_qs(action.query)["n"][0]) == 16  # the one-time nonce
    assert "请按一" in spoken_text(gather)
    assert_mandarin(root)


def test_a_spoken_question_gets_the_right_answer_for_the_ear(call):
    root = call("r=0", SpeechResult="密码忘了怎么办", Confidence="0.92")
    text = spoken_text(root)
    assert "密码重置" in text
    assert "《" not in text and "http" not in text
    assert root.find("Gather") is not None
    assert_mandarin(root)


def test_key_two_asks_for_the_applicant_type_in_words(call):
    text = spoken_text(call("r=0", Digits="2"))
    assert "您可以说：企业或民办非企业单位、机关事业单位，或个人" in text


def test_silence_reprompts_once_then_says_goodbye(call):
    first = call("r=0")
    assert spoken_text(first).startswith("抱歉，我没有听清")
    action = first.find("Gather").get("action")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(action).query)["r"] == ["1"]
    second = call("r=1")
    assert [child.tag for child in second] == ["Say", "Hangup"]
    goodbye = spoken_text(second)
    assert "感谢您的来电" in goodbye and "再见" in goodbye


def test_zero_transfers_to_12333(call):
    root = call("r=0", Digits="0")
    assert "正在为您转接人工服务" in spoken_text(root)
    assert root.find("Dial").text == "12333"


def test_the_progress_look_up_texts_the_login_link(call, caller, twilio_api):
    root = call("r=0", Digits="4")
    text = spoken_text(root)
    assert "登录链接已通过短信发送到您的手机" in text
    assert "http" not in text
    [sms] = [m for m in twilio_api.sent if m["To"] == caller]
    assert sms["From"] == OUR_NUMBER
    assert f"{PUBLIC_URL}/webhooks/login/t/" in sms["Body"]


def test_spoken_yes_and_no_to_a_confirmation(call):
    # No buttons on the phone: the caller says the answer in words.
    asked = spoken_text(call("r=0", SpeechResult="删除我的对话记录", Confidence="0.9"))
    assert "确认要删除" in asked
    kept = spoken_text(call("r=0", SpeechResult="不删除", Confidence="0.9"))
    assert "不删除" in kept and "已删除" not in kept
    call("r=0", SpeechResult="删除我的对话记录", Confidence="0.9")
    erased = spoken_text(call("r=0", SpeechResult="确认删除", Confidence="0.9"))
    assert "已删除" in erased and "系统暂时出了点问题" not in erased


def test_a_replayed_request_gets_an_empty_answer(bot_url, caller):
    params = {"CallSid": "CA" + uuid.uuid4().hex, "From": caller, "To": OUR_NUMBER}
    first = post_twilio(bot_url, VOICE_PATH, params)
    again = post_twilio(bot_url, VOICE_PATH, params)
    assert first.status == again.status == 200
    assert first.xml().find("Gather") is not None
    assert list(again.xml()) == []
