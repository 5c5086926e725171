"""The SMS channel over real HTTP, with a stand-in for the bot (the e2e tests use the real one)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.channels.inbound import APOLOGY, CLIENT_BINDING_KEY, client_binding
from bot.channels.responses import response_texts
from bot.channels.sms_format import FULL_ANSWER_LABEL, MAX_SEGMENTS, sms_size
from bot.channels.twilio_sms import (
    HELP_RESPONSE,
    NO_SENDER_RESPONSE,
    NO_SUCH_CHOICE_RESPONSE,
    OPTED_OUT_RESPONSE,
    OWN_RESPONSES,
    RESUBSCRIBED_RESPONSE,
    TwilioSmsInput,
    beyond_menu,
    gather_reply,
    keyword_of,
    menu_choice,
    split_messages,
)
from bot.login.store import LoginStore
from bot.settings import Settings
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    CALLER,
    PUBLIC_URL,
    SMS_PATH,
    FakeBot,
    aget,
    apost,
    messages_of,
    new_sid,
    serving,
)

#: What the channel answers itself, from the domain as a content editor wrote it.
TEXTS = response_texts(OWN_RESPONSES)
HELP_TEXT = TEXTS[HELP_RESPONSE]
NO_SENDER_TEXT = TEXTS[NO_SENDER_RESPONSE]
OPTED_OUT_TEXT = TEXTS[OPTED_OUT_RESPONSE]
RESUBSCRIBED_TEXT = TEXTS[RESUBSCRIBED_RESPONSE]
NO_SUCH_CHOICE_TEXT = TEXTS[NO_SUCH_CHOICE_RESPONSE]


def test_the_channels_own_answers_say_how_to_go_on():
    assert "START" in OPTED_OUT_TEXT and "开始" in OPTED_OUT_TEXT
    assert "12333" in HELP_TEXT and "退订" in HELP_TEXT
    assert "退订" in RESUBSCRIBED_TEXT and "帮助" in RESUBSCRIBED_TEXT
    assert "12333" in NO_SENDER_TEXT
    assert len(set(TEXTS.values())) == len(TEXTS)


GREET_BUTTONS = [
    {"title": "怎么开通网上办事", "payload": '/choose_topic{"topic": "open_online"}'},
    {"title": "开通要带什么材料", "payload": '/choose_topic{"topic": "documents"}'},
]
LONG = "网上办事共七步：\n" + "\n".join(
    f"{n}. 这是第{n}步的说明，内容比较长，需要用户仔细阅读后再操作；" for n in range(1, 8)
)
ANSWERS = {
    "你好": [{"text": "您好！请问有什么可以帮您？", "buttons": GREET_BUTTONS}],
    "流程": [{"text": LONG}],
    "没有按钮": [{"text": "好的。"}],
    "登录": [
        {"text": "请先登录。"},
        {"custom": {"type": "login", "url": "https://bot.example.test/login/abc123"}},
    ],
    "<script>": [{"text": "<script>alert(1)</script>" + "很长的答复。" * 60}],
    "再见": [
        {"text": "再见！"},
        {
            "custom": {
                "type": "ask_feedback",
                "question": "这次的回答对您有帮助吗？回复 1 有帮助，回复 2 没帮助。",
                "thanks": "谢谢您的评价！",
            }
        },
    ],
    "我的进度": [
        {
            "text": "演示用户 最近的办事记录（共 6 条）：\n"
            + "\n".join(
                f"{n}. 就业登记，这一项的名称比较长｜HZ20261123074{n:02d}｜2026-11-23｜审核中"
                for n in range(1, 7)
            )
        }
    ],
}


def settings_for(tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "PUBLIC_URL": PUBLIC_URL,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        },
        dotenv=tmp_path / "no.env",
    )


@pytest.fixture
def bot():
    return FakeBot(ANSWERS)


@pytest.fixture
async def sms(tmp_path, bot):
    channel = TwilioSmsInput(settings_for(tmp_path))
    async with serving([channel], bot) as base:

        async def send(body: str | None, sender: str | None = CALLER) -> list[str]:
            form = {"MessageSid": new_sid("SM")}
            if body is not None:
                form["Body"] = body
            if sender is not None:
                form["From"] = sender
            answer = await apost(base, SMS_PATH, form)
            assert answer.status == 200
            return messages_of(answer.xml())

        send.base = base  # type: ignore[attr-defined]
        send.channel = channel  # type: ignore[attr-defined]
        yield send
    await channel.store.close()


async def test_buttons_become_a_numbered_menu_and_a_digit_picks(sms, bot):
    [reply] = await sms("你好")
    assert reply == "您好！请问有什么可以帮您？\n回复 1 怎么开通网上办事\n回复 2 开通要带什么材料"
    await sms("2")
    assert bot.received[-1].text == '/choose_topic{"topic": "documents"}'


async def test_a_digit_picks_the_listed_item_of_that_number(sms, bot):
    bot.answers["下一页"] = [
        {
            "text": "第 6-7 条（共 9 条）：\n6. 就业登记｜审核中\n7. 失业登记｜未通过",
            "buttons": [
                {"title": "6. 就业登记", "payload": '/pick_submission{"pick": "6"}'},
                {"title": "7. 失业登记", "payload": '/pick_submission{"pick": "7"}'},
                {"title": "更多", "payload": "/more"},
                {"title": "状态有变化时通知我", "payload": "/subscribe_alerts"},
            ],
        }
    ]
    [reply] = await sms("下一页")
    assert reply.endswith(
        "回复 6 就业登记\n回复 7 失业登记\n回复 8 更多\n回复 9 状态有变化时通知我"
    )
    await sms("7")
    assert bot.received[-1].text == '/pick_submission{"pick": "7"}'
    await sms("下一页")
    await sms("9")
    assert bot.received[-1].text == "/subscribe_alerts"
    await sms("下一页")
    await sms("1")  # not on this page: the bot reads it against the list it showed
    assert bot.received[-1].text == "1"


async def test_a_full_width_digit_picks_too(sms, bot):
    await sms("你好")
    await sms("１")
    assert bot.received[-1].text == '/choose_topic{"topic": "open_online"}'


async def test_only_the_last_menu_counts(sms, bot):
    await sms("你好")
    await sms("没有按钮")
    await sms("1")
    assert bot.received[-1].text == "1"


async def test_a_number_beyond_the_menu_is_told_so_and_the_menu_stays(sms, bot):
    await sms("你好")
    received = len(bot.received)
    [reply] = await sms("7")  # two items: a slip of the finger, not words for the bot
    assert reply == NO_SUCH_CHOICE_TEXT.format(number=7, last=2)
    assert len(bot.received) == received
    await sms("2")  # the menu before the slip still counts
    assert bot.received[-1].text == '/choose_topic{"topic": "documents"}'
    await sms("没有按钮")
    await sms("7")  # no menu: the number goes to the bot as words
    assert bot.received[-1].text == "7"


async def test_the_list_keeps_its_numbers_beyond_the_menu_of_one_picked(sms, bot):
    # "1" picked the first of the list; its details offer one thing to do with it, so
    # "2" still picks the list's second, and "12" is in neither menu.
    bot.answers["查进度"] = [
        {
            "text": "最近的办事记录：\n1. 就业登记\n2. 失业登记\n3. 参保证明打印",
            "buttons": [
                {"title": f"{n}. 事项", "payload": f'/pick_submission{{"pick": "{n}"}}'}
                for n in (1, 2, 3)
            ],
        }
    ]
    bot.answers['/pick_submission{"pick": "1"}'] = [
        {
            "text": "「就业登记」HZ2026112202961 审核通过",
            "buttons": [{"title": "状态有变化时通知我", "payload": "/subscribe_alerts"}],
        }
    ]
    await sms("查进度")
    await sms("1")
    await sms("2")
    assert bot.received[-1].text == '/pick_submission{"pick": "2"}'
    await sms("查进度")
    await sms("1")
    await sms("1")  # the details' own line comes first
    assert bot.received[-1].text == "/subscribe_alerts"
    await sms("查进度")
    await sms("1")
    received = len(bot.received)
    [reply] = await sms("12")
    assert reply == NO_SUCH_CHOICE_TEXT.format(number=12, last=3)
    assert len(bot.received) == received


async def test_a_number_beyond_a_menu_of_things_to_do_is_told_so_too(sms, bot):
    # Details looked up by their number, with no list before them: "7" is a slip on a
    # menu of one, whatever the menu offers, and the bot never reads it as words.
    bot.answers["HZ2026112202961"] = [
        {
            "text": "「就业登记」HZ2026112202961 审核中",
            "buttons": [{"title": "状态有变化时通知我", "payload": "/subscribe_alerts"}],
        }
    ]
    await sms("HZ2026112202961")
    received = len(bot.received)
    [reply] = await sms("7")
    assert reply == NO_SUCH_CHOICE_TEXT.format(number=7, last=1)
    assert len(bot.received) == received
    await sms("1")
    assert bot.received[-1].text == "/subscribe_alerts"


async def test_the_menu_lives_in_the_database_not_in_the_process(tmp_path, bot):
    first, second = TwilioSmsInput(settings_for(tmp_path)), TwilioSmsInput(settings_for(tmp_path))
    async with serving([first], bot) as one, serving([second], bot) as two:
        await apost(one, SMS_PATH, {"From": CALLER, "Body": "你好", "MessageSid": new_sid("SM")})
        await apost(two, SMS_PATH, {"From": CALLER, "Body": "1", "MessageSid": new_sid("SM")})
    assert bot.received[-1].text == '/choose_topic{"topic": "open_online"}'


async def test_the_sender_is_the_conversation_and_the_contact(sms, bot):
    await sms("你好")
    message = bot.received[-1]
    assert message.sender_id == f"sms:{CALLER}"
    assert message.input_channel == "twilio"
    assert message.metadata["phone"] == CALLER
    assert message.metadata[CLIENT_BINDING_KEY]


async def test_a_long_answer_is_condensed_with_a_link_to_the_whole(sms):
    [reply] = await sms("流程")
    assert sms_size(reply).segments <= MAX_SEGMENTS
    link = reply.rsplit(FULL_ANSWER_LABEL, 1)[1]
    assert link.startswith(f"{PUBLIC_URL}/webhooks/twilio/a/")
    page = await aget(sms.base + link.removeprefix(PUBLIC_URL))
    assert page.status == 200
    assert "这是第7步的说明" in page.body
    assert page.content_type.startswith("text/html")


async def test_the_full_answer_page_escapes_everything(sms):
    [reply] = await sms("<script>")
    link = reply.rsplit(FULL_ANSWER_LABEL, 1)[1]
    page = await aget(sms.base + link.removeprefix(PUBLIC_URL))
    assert "<script>" not in page.body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.body


async def test_an_unknown_answer_link_is_404(sms):
    page = await aget(sms.base + "/webhooks/twilio/a/ZZZZZZZZZZ")
    assert page.status == 404
    assert "已失效" in page.body


async def test_a_login_link_is_sent_once(sms):
    [reply] = await sms("登录")
    assert reply == "请先登录。\n请打开以下链接登录网上办事：https://bot.example.test/login/abc123"


async def test_a_login_link_survives_condensing_and_is_not_stored(sms, bot):
    url = "https://bot.example.test/webhooks/login/t/" + "x" * 43
    bot.answers["查进度"] = [
        {
            "text": "查询需要先登录。请打开下面的链接（10 分钟内有效）：\n"
            + url
            + "\n"
            + "说明。" * 60
        },
        {"custom": {"type": "login", "url": url}},
    ]
    [reply] = await sms("查进度")
    assert sms_size(reply).segments <= MAX_SEGMENTS
    assert reply.count(url) == 1
    link = reply.rsplit(FULL_ANSWER_LABEL, 1)[1]
    page = await aget(sms.base + link.removeprefix(PUBLIC_URL))
    assert "说明。" in page.body and url not in page.body


async def test_stop_confirms_once_then_silence_until_start(sms, bot):
    assert await sms("STOP") == [OPTED_OUT_TEXT]
    assert await sms("你好") == []
    assert await sms("退订") == []
    assert await sms("帮助") == [HELP_TEXT]  # HELP is answered even now
    assert await sms("开始") == [RESUBSCRIBED_TEXT]
    assert (await sms("你好"))[0].startswith("您好")
    assert [m.text for m in bot.received] == ["你好"]


@pytest.mark.parametrize(
    "word", ["stop", " Stop! ", "STOPALL", "unsubscribe", "td", "退订", "ＳＴＯＰ"]
)
async def test_every_stop_keyword_opts_out(sms, bot, word):
    assert await sms(word) == [OPTED_OUT_TEXT]
    assert bot.received == []


async def test_help_never_reaches_the_bot(sms, bot):
    [reply] = await sms("HELP")
    assert "12333" in reply and "hz12333@hz.gov.cn" in reply
    assert bot.received == []


async def test_a_missing_body_is_an_empty_message(sms, bot):
    [reply] = await sms(None)
    assert reply
    assert bot.received[-1].text == ""


async def test_a_missing_sender_is_explained_and_the_bot_is_not_asked(sms, bot):
    assert await sms("你好", sender=None) == [NO_SENDER_TEXT]
    assert bot.received == []


async def test_a_failing_bot_still_gets_an_answer(sms, bot):
    bot.fail = True
    assert await sms("你好") == [APOLOGY]


async def test_a_silent_bot_still_gets_an_answer(sms, bot):
    bot.answers["沉默"] = []
    assert await sms("沉默") == [APOLOGY]


def test_keyword_folding_and_menu_choice():
    assert keyword_of(" stop。") == "STOP"
    assert menu_choice("2", ["/a", "/b"]) == "/b"
    assert menu_choice("0", ["/a"]) is None
    assert menu_choice("12333", ["/a"]) is None
    assert menu_choice("1", ["", "/b"]) is None
    # a Chinese numeral picks as the digit does; an ordinal is words for the bot
    for typed in ("二", " 两 "):
        assert menu_choice(typed, ["/a", "/b"]) == "/b", typed
    assert beyond_menu("五", ["/a", "/b"]) == 5
    # the verb that picks it, said before the number
    for typed in ("选2", "我选 2", "选择二", "回复2", "2号", "选2。"):
        assert menu_choice(typed, ["/a", "/b"]) == "/b", typed
    # what people say around the number: a lead, a particle, a thanks after it
    for typed in ("是2吧", "2吧", "就2", "2 谢谢", "2，谢谢"):
        assert menu_choice(typed, ["/a", "/b"]) == "/b", typed
    for words in (
        "二维码",
        "一下",
        "第二个",
        "第二个怎么弄",
        "选哪个",
        "回头再说",
        "是2吗",
        "那2呢",
    ):
        assert menu_choice(words, ["/a", "/b"]) is None, words


def test_gather_reply():
    reply = gather_reply(
        [
            {"text": "一"},
            {
                "text": "二",
                "buttons": [{"title": "甲", "payload": "/a"}, {"title": "", "payload": "/x"}],
            },
            {"custom": {"type": "login", "url": "https://x.test/l"}},
        ]
    )
    assert reply.answer == "一\n二"
    assert (reply.titles, reply.payloads) == (["甲"], ["/a"])
    assert reply.login_urls == ["https://x.test/l"]
    assert reply.login_lines(missing_only=True) == ["请打开以下链接登录网上办事：https://x.test/l"]


async def test_replies_left_by_the_login_page_come_first(tmp_path, bot):
    settings = settings_for(tmp_path)
    channel = TwilioSmsInput(settings)
    binding = client_binding(settings.secret_key, "twilio", CALLER)
    await channel.login_store.defer(
        f"sms:{CALLER}", binding, [{"text": "登录成功，您有 2 条办事记录。"}]
    )
    async with serving([channel], bot) as base:
        answer = await apost(
            base, SMS_PATH, {"From": CALLER, "Body": "没有按钮", "MessageSid": new_sid("SM")}
        )
    assert messages_of(answer.xml()) == ["登录成功，您有 2 条办事记录。\n好的。"]


class BrokenLoginStore(LoginStore):
    async def take_deferred(self, conversation_id, client_binding):  # type: ignore[override]
        raise RuntimeError("the database is down")


async def test_an_unreadable_login_report_does_not_cost_the_answer(tmp_path, bot):
    settings = settings_for(tmp_path)
    broken = BrokenLoginStore(settings.database_url, settings.secret_key)
    channel = TwilioSmsInput(settings, login_store=broken)
    async with serving([channel], bot) as base:
        answer = await apost(
            base, SMS_PATH, {"From": CALLER, "Body": "没有按钮", "MessageSid": new_sid("SM")}
        )
    assert messages_of(answer.xml()) == ["好的。"]


# -- replays (issue 10, finding 13) ------------------------------------------------


async def test_a_replayed_message_gets_an_empty_answer_and_no_turn(tmp_path, bot):
    channel = TwilioSmsInput(settings_for(tmp_path))
    form = {"From": CALLER, "Body": "你好", "MessageSid": new_sid("SM")}
    async with serving([channel], bot) as base:
        first = await apost(base, SMS_PATH, form)
        again = await apost(base, SMS_PATH, form)
    assert first.status == again.status == 200
    assert messages_of(first.xml())[0].startswith("您好")
    assert messages_of(again.xml()) == []
    assert [m.text for m in bot.received] == ["你好"]


async def test_a_replay_to_another_server_of_the_same_database_is_refused_too(tmp_path, bot):
    first, second = TwilioSmsInput(settings_for(tmp_path)), TwilioSmsInput(settings_for(tmp_path))
    form = {"From": CALLER, "Body": "STOP", "MessageSid": new_sid("SM")}
    async with serving([first], bot) as one, serving([second], bot) as two:
        assert messages_of((await apost(one, SMS_PATH, form)).xml()) == [OPTED_OUT_TEXT]
        assert messages_of((await apost(two, SMS_PATH, form)).xml()) == []


async def test_a_signed_message_without_a_sid_is_not_answered(tmp_path, bot):
    channel = TwilioSmsInput(settings_for(tmp_path))
    async with serving([channel], bot) as base:
        answer = await apost(base, SMS_PATH, {"From": CALLER, "Body": "你好"})
    assert answer.status == 200 and messages_of(answer.xml()) == []
    assert bot.received == []


# -- private answers never go to a bearer page (issue 10, finding 10) ------------------


async def test_an_answer_with_acceptance_numbers_is_sent_whole_without_a_page(sms, tmp_path):
    replies = await sms("我的进度")
    assert len(replies) > 1
    assert all(sms_size(r).segments <= MAX_SEGMENTS for r in replies)
    whole = "\n".join(replies)
    assert FULL_ANSWER_LABEL not in whole
    for n in range(1, 7):
        assert f"HZ20261123074{n:02d}" in whole
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sms_long_answers").scalar() == 0
    engine.dispose()


async def test_any_long_answer_while_logged_in_is_sent_whole(tmp_path, bot):
    settings = settings_for(tmp_path)
    channel = TwilioSmsInput(settings)
    binding = client_binding(settings.secret_key, "twilio", CALLER)
    ticket = await channel.login_store.issue_ticket(f"sms:{CALLER}", binding, "twilio")
    await channel.login_store.redeem(
        ticket, token="t" * 20, username="demo-person", display_name="演示", account_kind=None
    )
    async with serving([channel], bot) as base:
        answer = await apost(
            base, SMS_PATH, {"From": CALLER, "Body": "流程", "MessageSid": new_sid("SM")}
        )
    replies = messages_of(answer.xml())
    assert len(replies) > 1 and FULL_ANSWER_LABEL not in "".join(replies)
    assert "这是第7步的说明" in "".join(replies)


async def test_the_same_long_answer_logged_out_still_gets_a_page(sms):
    [reply] = await sms("流程")
    assert FULL_ANSWER_LABEL in reply


def test_split_messages_keeps_lines_and_caps_the_count():
    text = "\n".join(f"第{n}行：" + "内容" * 20 for n in range(1, 30))
    parts = split_messages(text, most=3)
    assert len(parts) == 3
    assert all(sms_size(p).segments <= MAX_SEGMENTS for p in parts)
    assert parts[0].startswith("第1行")
    assert parts[-1].endswith("继续查看。）")
    assert split_messages("短") == ["短"]


# -- erasure ------------------------------------------------------------------------


async def test_erase_takes_the_conversations_pages_and_menu(sms, bot):
    store_url = sms.base  # the server of the fixture shares tmp_path's database
    [reply] = await sms("流程")
    await sms("你好")
    link = reply.rsplit(FULL_ANSWER_LABEL, 1)[1]
    page_path = link.removeprefix(PUBLIC_URL)
    assert (await aget(store_url + page_path)).status == 200
    await sms.channel.store.erase(f"sms:{CALLER}")
    assert (await aget(store_url + page_path)).status == 404
    await sms("1")
    assert bot.received[-1].text == "1"  # the menu went too


async def test_the_goodbye_asks_for_a_verdict_once_a_day_and_a_digit_answers_it(sms, bot, tmp_path):
    from bot.feedback import FeedbackStore

    [reply] = await sms("再见")
    assert reply == "再见！\n这次的回答对您有帮助吗？回复 1 有帮助，回复 2 没帮助。"
    turns = len(bot.received)
    assert await sms("2") == ["谢谢您的评价！"]
    assert len(bot.received) == turns  # the verdict never reaches the bot
    rows = await FeedbackStore(f"sqlite:///{tmp_path / 'bot.db'}").rows()
    assert [(r.conversation_id, r.channel, r.kind, r.positive) for r in rows] == [
        (f"sms:{CALLER}", "twilio", "helpful", False)
    ]
    # The same day, the goodbye comes without the question, and a digit is words again.
    assert await sms("再见") == ["再见！"]
    await sms("1")
    assert bot.received[-1].text == "1"
