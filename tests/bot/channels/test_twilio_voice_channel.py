"""The voice channel over real HTTP, with a stand-in bot and a local fake of Twilio's API."""

import urllib.parse
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from bot.channels.inbound import CLIENT_BINDING_KEY, client_binding
from bot.channels.twilio_common import SMS_PER_NUMBER_PER_HOUR
from bot.channels.twilio_voice import (
    CODE_INPUT_TIMEOUT,
    GATHER_LANGUAGE,
    GOODBYE,
    KEYPAD,
    LINKS_SMS_SENT,
    LOGIN_SMS_SENT,
    REPROMPT,
    SAY_LANGUAGE,
    SMS_CAPPED,
    SMS_NOT_MOBILE,
    SMS_NOT_SENT,
    TRANSFER_FAILED,
    TRANSFERRING,
    VOICE,
    TwilioRestSms,
    TwilioVoiceInput,
)
from bot.settings import Settings
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    CALLER,
    OUR_NUMBER,
    PUBLIC_URL,
    VOICE_PATH,
    FakeBot,
    FakeTwilioApi,
    action_of,
    apost,
    new_sid,
    says,
    serving,
    spoken_text,
)

LOGIN_URL = "https://bot.example.test/login/7d3f"
ANSWERS = {
    "再见": [
        {"text": "好的。"},
        {
            "custom": {
                "type": "ask_feedback",
                "question": "这次的回答对您有帮助吗？有帮助请按一，没帮助请按二。",
            }
        },
    ],
    "密码忘了怎么办": [{"text": "密码遗失后需要到受理点重置，签订《申请单》。请致电 12333。"}],
    "网址是多少": [{"text": "网址是 http://www.zjhz.hrss.gov.cn ，点击“网上办事”即可。"}],
    KEYPAD["4"]: [
        {"text": "查询办事进度需要先登录。"},
        {"custom": {"type": "login", "url": LOGIN_URL}},
    ],
    KEYPAD["2"]: [
        {
            "text": "材料因申请人类型而不同，请问您是以哪类身份办理？",
            "buttons": [
                {"title": "企业/民办非企业单位", "payload": "/a"},
                {"title": "机关事业单位", "payload": "/b"},
                {"title": "个人", "payload": "/c"},
            ],
        }
    ],
}


def settings_for(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env(
        {
            "PUBLIC_URL": PUBLIC_URL,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            **env,
        },
        dotenv=tmp_path / "no.env",
    )


@pytest.fixture
def bot():
    return FakeBot(ANSWERS)


@pytest.fixture
def twilio_api():
    with FakeTwilioApi() as api:
        yield api


@pytest.fixture
def env():
    return {}


@pytest.fixture
async def channel(tmp_path, twilio_api, env):
    settings = settings_for(tmp_path, **env)
    sms = TwilioRestSms(
        settings.twilio_account_sid, settings.twilio_auth_token, api_base_url=twilio_api.url
    )
    channel = TwilioVoiceInput(settings, sms=sms)
    yield channel
    await channel.store.close()


@pytest.fixture
async def call(channel, bot):
    async with serving([channel], bot) as base:

        async def post(
            query: str = "", caller: str | None = CALLER, call_sid: str | None = None, **form: str
        ) -> ET.Element:
            # Each request is a call of its own unless the test names the call.
            params = {"CallSid": call_sid or new_sid("CA"), "To": OUR_NUMBER, **form}
            if caller is not None:
                params["From"] = caller
            answer = await apost(base, VOICE_PATH, params, query=query)
            assert answer.status == 200, answer.body
            return answer.xml()

        yield post


def query_of(url: str | None) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url or "").query))


def assert_action(url: str | None, **expected: str) -> None:
    """Our webhook, with ``expected`` and a fresh 16-hex-digit nonce in the query."""
    assert (url or "").startswith(f"{PUBLIC_URL}{VOICE_PATH}?"), url
    query = query_of(url)
    nonce = query.pop("n")
    assert len(nonce) == 16 and int(nonce, 16) >= 0
    assert query == expected


def gather_of(root: ET.Element) -> ET.Element:
    [gather] = root.findall("Gather")
    return gather


def assert_mandarin(root: ET.Element) -> None:
    assert says(root)
    for say in says(root):
        assert (say.get("voice"), say.get("language")) == (VOICE, SAY_LANGUAGE)


async def test_the_call_opens_with_a_mandarin_menu(call, bot):
    root = await call()
    gather = gather_of(root)
    assert gather.get("input") == "speech dtmf"
    assert gather.get("language") == GATHER_LANGUAGE == "cmn-Hans-CN"
    assert gather.get("speechModel") == "default"
    assert gather.get("speechTimeout", "").isdigit()
    assert gather.get("numDigits") == "1"
    assert gather.get("actionOnEmptyResult") == "true"
    assert_action(gather.get("action"), r="0")
    text = spoken_text(gather)
    for choice in (
        "开通网上办事，请按一",
        "所需材料，请按二",
        "密码问题，请按三",
        "查询办事进度，请按四",
        "人工服务，请按零",
    ):
        assert choice in text
    assert_mandarin(root)
    assert root.find("Redirect").text == gather.get("action")
    assert bot.received == []


@pytest.mark.parametrize("digit", ["1", "2", "3", "4"])
async def test_the_keypad_stands_in_for_speech(call, bot, digit):
    root = await call("r=0", Digits=digit)
    assert bot.received[-1].text == KEYPAD[digit]
    assert_mandarin(root)


async def test_a_spoken_question_is_answered_for_the_ear(call, bot):
    root = await call("r=0", SpeechResult="密码忘了怎么办", Confidence="0.9")
    message = bot.received[-1]
    assert message.text == "密码忘了怎么办"
    assert message.sender_id == f"voice:{CALLER}"
    assert message.metadata["phone"] == CALLER
    text = spoken_text(gather_of(root))
    assert "密码遗失后需要到受理点重置" in text
    assert "请致电一二三三三" in text
    assert "《" not in text and "12333" not in text
    assert_action(gather_of(root).get("action"), r="0")
    assert_mandarin(root)


async def test_buttons_are_read_as_choices(call):
    root = await call("r=0", Digits="2")
    assert "您可以说：企业或民办非企业单位、机关事业单位，或个人。" in spoken_text(root)


async def test_silence_reprompts_once_then_says_goodbye(call, bot):
    first = await call("r=0")
    assert spoken_text(first).startswith(REPROMPT)
    assert_action(gather_of(first).get("action"), r="1")
    second = await call("r=1")
    assert [child.tag for child in second] == ["Say", "Hangup"]
    assert spoken_text(second) == GOODBYE
    assert bot.received == []


async def test_an_unknown_key_counts_as_no_match(call):
    first = await call("r=0", Digits="7")
    assert spoken_text(first).startswith(REPROMPT)
    second = await call("r=1", Digits="#")
    assert second.find("Hangup") is not None


async def test_an_answer_resets_the_reprompt_count(call):
    root = await call("r=1", SpeechResult="密码忘了怎么办")
    assert_action(gather_of(root).get("action"), r="0")


@pytest.mark.parametrize("form", [{"Digits": "0"}, {"SpeechResult": "我要转人工"}])
async def test_zero_or_asking_for_a_person_dials_12333_by_default(call, bot, form):
    root = await call("r=0", **form)
    assert [child.tag for child in root] == ["Say", "Dial"]
    assert spoken_text(root) == TRANSFERRING
    dial = root.find("Dial")
    assert dial.text == "12333"
    assert_action(dial.get("action"), after="dial")
    assert bot.received == []


@pytest.mark.parametrize("env", [{"VOICE_TRANSFER_NUMBER": "+8657187654321"}])
async def test_the_transfer_number_is_configurable(call):
    root = await call("r=0", Digits="0")
    assert root.find("Dial").text == "+8657187654321"


@pytest.mark.parametrize("env", [{"VOICE_ZERO_ACTION": "handoff"}])
async def test_zero_can_take_a_hand_off_with_the_callers_number(call, bot):
    root = await call("r=0", Digits="0")
    assert root.find("Dial") is None
    message = bot.received[-1]
    assert message.text == "/request_human"
    assert message.metadata["phone"] == CALLER
    assert_mandarin(root)


async def test_after_the_transfer(call):
    done = await call("after=dial", DialCallStatus="completed")
    assert [child.tag for child in done] == ["Hangup"]
    failed = await call("after=dial", DialCallStatus="busy")
    assert spoken_text(failed).startswith(TRANSFER_FAILED)
    assert gather_of(failed) is not None


async def test_the_progress_look_up_texts_the_login_link(call, twilio_api):
    root = await call("r=0", Digits="4")
    [sms] = twilio_api.sent
    assert (sms["To"], sms["From"]) == (CALLER, OUR_NUMBER)
    assert LOGIN_URL in sms["Body"]
    text = spoken_text(root)
    assert LOGIN_SMS_SENT in text
    assert "http" not in text


async def test_a_link_in_an_answer_is_texted_not_read(call, twilio_api):
    root = await call("r=0", SpeechResult="网址是多少")
    [sms] = twilio_api.sent
    assert "http://www.zjhz.hrss.gov.cn" in sms["Body"]
    text = spoken_text(root)
    assert "网址是短信里的链接" in text and LINKS_SMS_SENT in text
    assert "http" not in text and "www" not in text


async def test_when_the_sms_fails_the_caller_is_told(call, twilio_api):
    twilio_api.fail = True
    root = await call("r=0", Digits="4")
    assert SMS_NOT_SENT in spoken_text(root)


async def test_no_sms_to_an_opted_out_or_withheld_number(call, channel, twilio_api, bot):
    await channel.store.opt_out(CALLER)
    await call("r=0", Digits="4")
    await call("r=0", caller="anonymous", Digits="4")
    assert twilio_api.sent == []
    assert "phone" not in bot.received[-1].metadata


async def test_a_failing_bot_still_gets_an_answer(call, bot):
    bot.fail = True
    root = await call("r=0", SpeechResult="你好")
    assert "抱歉" in spoken_text(gather_of(root))


async def test_a_call_without_a_caller_is_ended_politely(call, bot):
    root = await call("r=0", caller=None, SpeechResult="你好")
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert bot.received == []


async def test_the_rest_sms_client_reaches_twilios_api_shape(twilio_api):
    sms = TwilioRestSms("AC" + "1" * 32, "token", api_base_url=twilio_api.url, timeout=5)
    assert await sms.send(to=CALLER, from_=OUR_NUMBER, body="测试") is True
    assert twilio_api.sent == [{"To": CALLER, "From": OUR_NUMBER, "Body": "测试"}]
    twilio_api.fail = True
    assert await sms.send(to=CALLER, from_=OUR_NUMBER, body="测试") is False


async def test_the_look_up_the_login_page_left_is_spoken_next(channel, call):
    call_sid = new_sid("CA")
    binding = client_binding(channel.settings.secret_key, "twilio_voice", call_sid)
    await channel.login_store.defer(
        f"voice:{CALLER}", binding, [{"text": "登录成功，共 2 条记录。"}]
    )
    root = await call("r=0", call_sid=call_sid, SpeechResult="密码忘了怎么办")
    assert spoken_text(root).startswith("登录成功，共两条记录。密码遗失后")


async def test_what_the_login_page_left_for_another_call_is_not_spoken(channel, call):
    binding = client_binding(channel.settings.secret_key, "twilio_voice", new_sid("CA"))
    await channel.login_store.defer(
        f"voice:{CALLER}", binding, [{"text": "登录成功，共 2 条记录。"}]
    )
    root = await call("r=0", SpeechResult="密码忘了怎么办")
    assert "登录成功" not in spoken_text(root)


# -- identity: the call, not the caller id (issue 10, finding 9) ------------------------


async def test_each_call_has_its_own_binding_and_anonymous_callers_their_own_conversation(
    call, bot
):
    await call("r=0", SpeechResult="密码忘了怎么办")
    await call("r=0", SpeechResult="密码忘了怎么办")
    one, two = bot.received
    assert one.sender_id == two.sender_id == f"voice:{CALLER}"
    assert one.metadata[CLIENT_BINDING_KEY] != two.metadata[CLIENT_BINDING_KEY]
    await call("r=0", caller="anonymous", call_sid="CA" + "a" * 32, SpeechResult="你好")
    await call("r=0", caller="anonymous", call_sid="CA" + "b" * 32, SpeechResult="你好")
    three, four = bot.received[2:]
    assert three.sender_id == "voice:anonymous-CA" + "a" * 32
    assert four.sender_id == "voice:anonymous-CA" + "b" * 32


async def test_a_call_without_a_call_sid_is_ended_without_a_turn(channel, bot):
    async with serving([channel], bot) as base:
        answer = await apost(
            base,
            VOICE_PATH,
            {"From": CALLER, "To": OUR_NUMBER, "SpeechResult": "你好"},
            query="r=0",
        )
    assert [child.tag for child in answer.xml()] == ["Say", "Hangup"]
    assert bot.received == []


# -- replays (issue 10, finding 13) ------------------------------------------------


@pytest.fixture
async def step(channel, bot):
    """POST to a path and query as Twilio would, within one call."""
    async with serving([channel], bot) as base:

        async def post(query: str, call_sid: str, **form: str) -> ET.Element:
            params = {"CallSid": call_sid, "From": CALLER, "To": OUR_NUMBER, **form}
            answer = await apost(base, VOICE_PATH, params, query=query)
            assert answer.status == 200, answer.body
            return answer.xml()

        yield post


async def test_each_step_of_a_call_is_answered_once(step, bot):
    call_sid = new_sid("CA")
    opening = await step("", call_sid)
    assert gather_of(opening) is not None
    assert list(await step("", call_sid)) == []  # the first request, replayed
    _, query = action_of(opening)
    answer = await step(query, call_sid, SpeechResult="密码忘了怎么办")
    assert "密码遗失" in spoken_text(answer)
    assert list(await step(query, call_sid, SpeechResult="密码忘了怎么办")) == []
    assert [m.text for m in bot.received] == ["密码忘了怎么办"]
    # The next step has a nonce of its own, so the call goes on.
    _, following = action_of(answer)
    assert following != query
    assert "密码遗失" in spoken_text(await step(following, call_sid, SpeechResult="密码忘了怎么办"))


async def test_the_reprompt_count_survives_the_nonces(step):
    call_sid = new_sid("CA")
    _, query = action_of(await step("", call_sid))
    first = await step(query, call_sid)
    assert spoken_text(first).startswith(REPROMPT)
    _, query = action_of(first)
    assert query_of("?" + query)["r"] == "1"
    second = await step(query, call_sid)
    assert [child.tag for child in second] == ["Say", "Hangup"]


async def test_a_malformed_nonce_is_refused(step, bot):
    assert list(await step("r=0&n=xyz", new_sid("CA"), SpeechResult="你好")) == []
    assert bot.received == []


# -- the confirmation code on the keypad ----------------------------------------------


async def test_after_the_login_link_the_keypad_takes_a_code_ended_by_hash(step, bot, twilio_api):
    call_sid = new_sid("CA")
    _, query = action_of(await step("", call_sid))
    asked = await step(query, call_sid, Digits="4")
    assert twilio_api.sent  # the link went out by SMS
    gather = gather_of(asked)
    assert gather.get("numDigits") is None
    assert gather.get("finishOnKey") == "#"
    assert gather.get("timeout") == str(CODE_INPUT_TIMEOUT)
    assert query_of(gather.get("action"))["c"] == "1"
    _, query = action_of(asked)
    await step(query, call_sid, Digits="123456")
    # The keyed digits reach the bot as a login outcome (no login waits here), never as text.
    assert bot.received[-1].parse_data["intent"]["name"] == "login_event"
    assert "123456" not in bot.received[-1].text
    assert bot.received[-1].sender_id == f"voice:{CALLER}"


async def test_a_code_prompt_from_the_bot_also_opens_the_code_keypad(call, bot):
    bot.answers["你好"] = [
        {"text": "用户名和密码已核对。请在电话键盘上输入登录页显示的 6 位确认码，以井号键结束。"}
    ]
    gather = gather_of(await call("r=0", SpeechResult="你好"))
    assert gather.get("finishOnKey") == "#" and gather.get("numDigits") is None


async def test_in_code_mode_one_key_still_picks_from_the_menu(call, bot):
    await call("r=0&c=1", Digits="2")
    assert bot.received[-1].text == KEYPAD["2"]


async def test_silence_in_code_mode_keeps_waiting_for_the_code(call):
    root = await call("r=0&c=1")
    gather = gather_of(root)
    assert gather.get("finishOnKey") == "#"
    assert query_of(gather.get("action"))["r"] == "1"


async def test_the_normal_menu_still_answers_after_one_key(call):
    gather = gather_of(await call("r=0", SpeechResult="密码忘了怎么办"))
    assert gather.get("numDigits") == "1"
    assert gather.get("finishOnKey") is None


# -- outbound SMS: mobiles only, within caps (issue 10, finding 9) ----------------------


async def test_sms_to_one_number_is_capped(call, twilio_api):
    for _ in range(SMS_PER_NUMBER_PER_HOUR):
        assert LOGIN_SMS_SENT in spoken_text(await call("r=0", Digits="4"))
    root = await call("r=0", Digits="4")
    assert SMS_CAPPED in spoken_text(root)
    assert len(twilio_api.sent) == SMS_PER_NUMBER_PER_HOUR
    # Not waiting for a code that never went out.
    assert gather_of(root).get("numDigits") == "1"


async def test_the_cap_is_per_hour(channel, call, twilio_api):
    for _ in range(SMS_PER_NUMBER_PER_HOUR):
        await call("r=0", Digits="4")
    later = channel.store.clock() + timedelta(hours=1, seconds=1)
    channel.store.clock = lambda: later
    assert LOGIN_SMS_SENT in spoken_text(await call("r=0", Digits="4"))
    assert len(twilio_api.sent) == SMS_PER_NUMBER_PER_HOUR + 1


async def test_a_refused_sms_does_not_count(call, twilio_api):
    twilio_api.fail = True
    for _ in range(SMS_PER_NUMBER_PER_HOUR + 1):
        await call("r=0", Digits="4")
    twilio_api.fail = False
    assert LOGIN_SMS_SENT in spoken_text(await call("r=0", Digits="4"))


@pytest.mark.parametrize("number", ["+8657187654321", "+14155550100", "+447700900123"])
async def test_no_sms_to_a_landline_or_a_foreign_number(call, twilio_api, number):
    root = await call("r=0", caller=number, Digits="4")
    assert SMS_NOT_MOBILE in spoken_text(root)
    assert twilio_api.sent == []


# -- the end-of-conversation question on the keypad ---------------------------------------


async def test_a_goodbye_asks_for_one_key_once_a_day_then_hangs_up(step, bot, tmp_path):
    from bot.feedback import FeedbackStore

    call_sid = new_sid("CA")
    _, query = action_of(await step("", call_sid))
    asked = await step(query, call_sid, SpeechResult="再见")
    gather = gather_of(asked)
    assert gather.get("numDigits") == "1"
    assert query_of(gather.get("action"))["fb"] == "1"
    assert "有帮助请按一" in spoken_text(asked)
    turns = len(bot.received)
    _, query = action_of(asked)
    answered = await step(query, call_sid, Digits="1")
    assert [child.tag for child in answered][-1] == "Hangup"
    assert "谢谢您的评价" in spoken_text(answered)
    assert len(bot.received) == turns  # the key never reaches the bot
    rows = await FeedbackStore(f"sqlite:///{tmp_path / 'bot.db'}").rows()
    assert [(r.channel, r.kind, r.positive) for r in rows] == [("twilio_voice", "helpful", True)]
    # Another call the same day: the goodbye hangs up without asking again.
    again = new_sid("CA")
    _, query = action_of(await step("", again))
    bye = await step(query, again, SpeechResult="再见")
    assert bye.find("Gather") is None
    assert [child.tag for child in bye][-1] == "Hangup"
