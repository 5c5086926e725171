"""Readings that hold whichever way the NLU reads the message.

Two models trained on more data (stop 41) read these otherwise than the one in use, and
the conversations failed on them: each case gives the message the reading one of those
models gave it.
"""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.confirmation import TOPIC_READINGS
from actions.context import asks_own_submissions, asks_why_no_result, repeated_topic
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCheckProgress, asks_resubmit, tells_slip_or_return
from actions.topics import asks_own_item, latin_topic, plain_topic
from actions.yesno import acknowledges
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import entity, parse, tracker


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
        ("kaitong wangshang banshi yao dai shenme", "documents"),
        ("kaitong qu nali", "open_online"),
        ("开通要带cailiao吗，身份证要不要复印", None),  # a slip among characters
        ("how do I reset my password", "password_lost"),
    ],
)
def test_a_topic_typed_in_pinyin(text, topic):
    assert latin_topic(text) == topic


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


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("那个网指是多少", "website"),
        ("換密碼的那個網站是哪個", "website"),
        ("交上去了咋个晓得好没好", "check_progress"),
        ("我怎么知道它被打回了", "check_progress"),
        ("进不去", "login_methods"),
        ("登不上了", "login_methods"),
        ("change pw?", "change_password"),
        ("how do I reset password for company account", "password_lost"),
        (
            "Hi, I work at a representative office (外企代表处). How to 开通 online services?",
            "open_online",
        ),
        ("after the reset, how do I change the password to my own one?", "change_password"),
        ("I forgot my password, how to change it", "password_lost"),
        ("就是没审的还能注消是吧", "fix_data"),
        ("审核通过了还能改吗", "fix_data"),
        ("盖章的工资汇总表补上传是在哪里弄", "fix_data"),
        ("补完还要重新提交吧", "resubmit"),
        ("I use the 市民邮箱, do I still need to open online services?", "citizen_mailbox"),
        ("重新提交的那个审核了吗", None),
        ("网站上怎么改密码", None),
        ("怎么知道我的用户名", None),
        ("进不去网站怎么办", None),
    ],
)
def test_a_topic_named_in_words_no_reading_moves(text, topic):
    assert plain_topic(text) == topic


@pytest.mark.parametrize(
    ("intent", "text", "faq", "response"),
    [
        ("faq", "那个网指是多少", [("not_in_guide", 0.6)], "utter_faq/website"),
        ("faq", "我怎么知道它被打回了", [("fix_data", 0.5)], "utter_faq/check_progress"),
        ("out_of_scope", "进不去", None, "utter_faq/login_methods"),
        ("faq", "change pw?", [("fix_data", 0.6)], "utter_faq/change_password"),
        ("out_of_scope_social", "补完还要重新提交吧", [("resubmit", 0.6)], "utter_faq/resubmit"),
    ],
)
async def test_a_topic_named_plainly_is_answered_however_read(intent, text, faq, response):
    said, _ = await responses_of(ActionAnswerFaq(), tracker(parse(intent, text=text, faq=faq)))
    assert said == [response]


async def test_a_request_in_english_keeps_its_own_action():
    latest = parse("request_human", text="I forgot my password, can I talk to a person")
    assert plain_topic(latest["text"]) == "password_lost"
    assert "request_human" not in TOPIC_READINGS


@pytest.mark.parametrize("text", ["那我重新上传再提交行吗", "那重新报一遍可以吧", "能再交吗"])
def test_whether_to_hand_in_again_is_asked(text):
    assert asks_resubmit(text)


@pytest.mark.parametrize("text", ["重新提交的那个审核了吗", "帮我看看重新提交的那个"])
def test_the_one_handed_in_again_asked_after_is_no_resubmit_question(text):
    assert not asks_resubmit(text)


async def test_whether_to_hand_in_again_read_as_a_look_up(tmp_path: Path):
    latest = logged_out(tmp_path, parse("check_my_progress", text="那重新报一遍可以吧"))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/resubmit"]


def test_sent_again_asks_the_answer_again():
    latest = parse("check_my_progress", text="那个申请单全名叫啥来着，再发一遍")
    events = answered("utter_password_lost_institution", text="2 我们是事业单位")
    assert repeated_topic(tracker(latest, events=events)) == "password_lost"


@pytest.mark.parametrize("text", ["怎么还在审 都两个月了", "为什么还在审核中"])
def test_why_it_is_still_under_review(text):
    assert asks_why_no_result(text)


def test_whether_it_is_still_under_review_asks_no_why():
    assert not asks_why_no_result("那个还在审吗")


async def test_a_type_chosen_in_a_sentence_answers_the_type_question(tmp_path: Path):
    text = "那先按民办非企业的给我看看"
    # ApplicantTypeExtractor finds 民办非企业, whichever intent the model reads
    found = [entity("applicant_type", "enterprise")]
    latest = logged_out(tmp_path, parse("check_my_progress", text=text, entities=found))
    events = answered("utter_ask_applicant_type_documents", text="社会团体开通带什么材料")
    t = tracker(latest, slots={"pending_topic": "documents"}, events=events)
    said, _ = await responses_of(ActionCheckProgress(), t)
    assert said == ["utter_documents_enterprise"]


@pytest.mark.parametrize(
    ("text", "faq", "response"),
    [
        # the opening set aside: the steps after it
        (
            "我不是问怎么开通，开通早就好了，我是想知道开通以后到底怎么一步步办",
            [("open_online", 0.99), ("contact", 0.01)],
            "utter_faq/flow",
        ),
        (
            "开通的流程是什么",
            [("open_online", 0.99), ("flow", 0.01)],
            "utter_faq/open_online",
        ),
        # what the look-up lets one do: the fixing answer
        (
            "在进度查询里能注销吗",
            [("check_progress", 0.77), ("fix_data", 0.21)],
            "utter_faq/fix_data",
        ),
        ("在进度查询里能看到审核意见吗", [("check_progress", 0.9)], "utter_faq/check_progress"),
    ],
)
async def test_the_topic_the_question_turns_on(text, faq, response):
    said, _ = await responses_of(ActionAnswerFaq(), tracker(parse("faq", text=text, faq=faq)))
    assert said == [response]


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback", "out_of_scope_social"])
async def test_a_topic_typed_in_pinyin_beats_a_reading_of_no_topic_whatever_the_selector(intent):
    latest = parse(intent, text="cailiao ne", faq=[("documents", 0.8)])
    action = ActionFallback() if intent == "nlu_fallback" else ActionOutOfScope()
    said, _ = await responses_of(action, tracker(latest))
    assert said == ["utter_ask_applicant_type_documents"]
