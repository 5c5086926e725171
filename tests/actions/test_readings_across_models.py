"""Readings that hold whichever way the NLU reads the message.

Two models trained on more data (stop 41) read these otherwise than the one in use, and
the conversations failed on them: each case gives the message the reading one of those
models gave it.
"""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.context import asks_own_submissions
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCheckProgress, tells_slip_or_return
from actions.topics import asks_own_item, pinyin_topic
from actions.yesno import acknowledges
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text",
    [
        "那我打12333问问，辛苦了",
        "还没审核那就再等等吧谢谢",
        "好 等你们消息",
        "行，那我先去改，麻烦你了",
    ],
)
def test_thanks_or_a_wait_after_an_answer_take_it_in(text):
    assert acknowledges(text)


@pytest.mark.parametrize(
    "text", ["等多久", "好 等多久", "好，等等，审核要几天", "麻烦你帮我查一下"]
)
def test_a_wait_asked_about_is_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("text", "faq", "response"),
    [
        ("那我先打12333问问，拜拜", [("contact", 0.9)], "utter_goodbye"),
        ("那我打12333问问，辛苦了", [("contact", 0.9)], "utter_ack"),
        ("还没审核那就再等等吧谢谢", [("review_vs_query", 0.9)], "utter_ack"),
    ],
)
async def test_a_plan_closed_with_thanks_or_a_goodbye_read_as_a_topic(text, faq, response):
    latest = parse("faq", text=text, faq=faq)
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/contact"))
    )
    assert said == [response]


@pytest.mark.parametrize(
    ("intent", "text", "faq"),
    [("faq", "你们能干嘛", [("open_online", 0.7)]), ("faq", "你会什么", [("contact", 0.6)])],
)
async def test_what_the_bot_does_read_as_a_topic(intent, text, faq):
    said, events = await responses_of(ActionAnswerFaq(), tracker(parse(intent, text=text, faq=faq)))
    assert (said, events) == ([], [FollowupAction("action_capabilities")])


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("cailiao ne", "documents"),
        ("要dai啥cailiao", "documents"),
        ("yao dai shenme cailiao", "documents"),
        ("mima wangle zenme ban", "password_lost"),
        ("wo xiang gai mima", "change_password"),
        ("wangzhi shi duoshao", "website"),
        ("开通要带cailiao吗，身份证要不要复印", None),  # a slip among characters
        ("how do I reset my password", None),
    ],
)
def test_a_topic_typed_in_pinyin(text, topic):
    assert pinyin_topic(text) == topic


@pytest.mark.parametrize(
    ("action", "intent"), [(ActionOutOfScope, "out_of_scope"), (ActionFallback, "nlu_fallback")]
)
async def test_a_topic_typed_in_pinyin_is_answered_however_read(action, intent):
    said, _ = await responses_of(action(), tracker(parse(intent, text="yao dai shenme cailiao")))
    assert said == ["utter_ask_applicant_type_documents"]


@pytest.mark.parametrize(
    "text",
    [
        "我们公司批量增员的那批审核了吗",
        "我们机构2个人的增员approve了没啊",
        "你好，我是市民邮箱用户，想看看我自己的就业登记办好了没有",
    ],
)
def test_ones_own_item_asked_after_in_more_words(text):
    assert asks_own_item(text)


def test_ones_own_one_looked_up_with_the_method_set_aside():
    assert asks_own_submissions("不是问方法，你直接帮我查我自己的那条")
    assert not asks_own_submissions("不是问方法，怎么查进度")


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("我们公司批量增员的那批审核了吗", [("batch", 0.7)]),
        ("机构最近交的增员审完了没", [("review_vs_query", 0.8)]),
        ("我们机构2个人的增员approve了没啊", [("contact", 0.6)]),
        ("你好，我是市民邮箱用户，想看看我自己的就业登记办好了没有", [("citizen_mailbox", 0.9)]),
    ],
)
async def test_ones_own_asked_after_read_as_a_topic_gets_the_login(tmp_path: Path, text, faq):
    latest = logged_out(tmp_path, parse("faq", text=text, faq=faq))
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    looked = said == ["utter_login_link"] or any(
        e.get("name") == "action_check_progress" for e in events
    )
    assert looked, (said, events)


@pytest.mark.parametrize("text", ["被退回了", "我提交错了一个东西", "交错了"])
async def test_a_slip_or_return_told_logged_out_is_what_to_do(tmp_path: Path, text):
    assert tells_slip_or_return(text)
    latest = logged_out(tmp_path, parse("check_my_progress", text=text))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize("text", ["我的申报被退回了，帮我看看", "被退回了怎么办", "查下进度"])
def test_a_look_or_a_question_beside_it_is_not_only_told(text):
    assert not tells_slip_or_return(text)
