"""Readings that development sets AX, AY and AZ showed missing."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.chitchat import ActionGoodbye
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.progress import ActionCheckProgress
from actions.topics import asks_own_item
from actions.yesno import acknowledges, typed_answer
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text", ["明白了", "收到", "哦", "晓得了", "了解了解", "好的我知道了", "原来如此", "OK的"]
)
def test_an_answer_taken_in_is_acknowledged(text):
    assert acknowledges(text)


@pytest.mark.parametrize(
    "text",
    ["好，我去改", "好的，那我打12333问一下", "原来早就通过了 好", "好 那我明天去窗口问问"],
)
def test_a_yes_with_what_one_will_do_next_is_acknowledged(text):
    assert acknowledges(text)


@pytest.mark.parametrize(
    "text", ["这样吗", "明白了，那网址呢", "我去改", "好吧那我去哪改", "我", "了", "收到了谢谢"]
)
def test_a_question_a_plan_alone_or_a_thanks_is_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("action", "intent", "text"),
    [
        (ActionFallback(), "nlu_fallback", "明白了"),
        (ActionFollowup(), "affirm", "收到"),
        (ActionGoodbye(), "goodbye", "晓得了"),
        (ActionAnswerFaq(), "faq", "好，我去改"),
        (ActionAnswerFaq(), "faq", "好的，那我打12333问一下"),
    ],
)
async def test_an_acknowledgment_after_an_answer_is_taken_in_however_read(action, intent, text):
    latest = parse(intent, text=text, faq=[("batch", 0.9)] if intent == "faq" else None)
    said, _ = await responses_of(action, tracker(latest, events=answered("utter_faq/fix_data")))
    assert said == ["utter_ack"]


async def test_an_acknowledgment_with_the_type_question_open_is_not_taken_for_done():
    latest = parse("nlu_fallback", text="哦")
    t = tracker(
        latest,
        slots={"pending_topic": "documents"},
        events=answered("utter_ask_applicant_type_documents"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said != ["utter_ack"]


def test_no_longer_wanted_then_the_cancel_ordered_is_a_yes():
    assert typed_answer("不要了，注销吧", about="cancel") == "yes"
    assert typed_answer("不办了，注销掉吧", about="cancel") == "yes"
    # a plain no, a no that goes on with a no, and a no to the 注销 itself stay no
    assert typed_answer("不要了", about="cancel") == "no"
    assert typed_answer("不要了，不注销了", about="cancel") == "no"
    assert typed_answer("不要，注销吧", about="cancel") == "no"
    assert typed_answer("算了，注销吧", about="cancel") == "no"
    # no verb of the question's, no order
    assert typed_answer("不要了，转人工吧", about="cancel") == "no"


@pytest.mark.parametrize(
    "text",
    [
        "我们民非单位的招用人员就业登记怎么变成注销了",
        "查一下我的就业创业证申领",
        "我那个灵活就业参保登记怎么还没弄好",
        "我们单位的人员减员那个是被注销了吗",
        "我们学校的退休人员申报到哪了",
    ],
)
def test_ones_own_item_asked_after_is_the_look_up(text):
    assert asks_own_item(text)


@pytest.mark.parametrize(
    "text", ["怎么查我的就业创业证申领", "就业创业证申领要什么材料", "我要注销我的就业登记"]
)
def test_how_to_look_up_the_items_papers_or_a_cancel_are_not_the_look_up(text):
    assert not asks_own_item(text)


@pytest.mark.parametrize(
    ("intent", "text", "faq"),
    [
        # its 怎么 asks after one's own, not how to operate
        ("check_my_progress", "我那个灵活就业参保登记怎么还没弄好", [("how_to_operate", 0.97)]),
        # read as a miss, inside the look-up: no 注销 to read in context
        ("nlu_fallback", "我们民非单位的招用人员就业登记怎么变成注销了", None),
    ],
)
async def test_ones_own_item_asked_after_in_the_look_up_gets_its_login(
    tmp_path: Path, intent, text, faq
):
    latest = logged_out(tmp_path, parse(intent, text=text, faq=faq))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_login_link"]


async def test_the_portal_failing_the_user_offers_a_person():
    latest = parse(
        "faq", text="你们这个系统太难用了！！！点半天没反应！！！", faq=[("review_vs_query", 0.8)]
    )
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == []
    assert SlotSet("handoff_reason", "site_failing") in events
    assert FollowupAction("action_offer_handoff") in events


async def test_a_part_of_the_answer_asked_by_its_number_is_that_answer_again():
    latest = parse("faq", text="第二种方式是啥意思 看不懂", faq=[("contact", 0.7)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/login_methods"))
    )
    assert said == ["utter_faq/login_methods"]


async def test_a_submission_sent_back_told_alone_is_how_to_change_it():
    latest = parse("nlu_fallback", text="被退回了")
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_where_the_user_is_is_not_in_the_guide():
    from actions.topics import asks_beyond_guide

    assert asks_beyond_guide("要是不在杭州呢，人在外地也能上去办吗")


async def test_a_numbered_way_asked_after_two_answers_is_the_answer_told_in_ways():
    two = [
        *answered("utter_faq/citizen_mailbox"),
    ]
    two.insert(
        3, {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/login_methods"}}
    )
    latest = parse("faq", text="那方式二是啥意思", faq=[("citizen_mailbox", 0.6)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=two))
    assert said == ["utter_faq/login_methods"]


def test_data_reported_wrong_is_no_failing_portal():
    from actions.words import SITE_FAILING_RE

    assert not SITE_FAILING_RE.search("数据报错了还没审核能改吗")
    assert SITE_FAILING_RE.search("提交的时候系统报错")
    assert SITE_FAILING_RE.search("页面一直转圈")


async def test_a_question_one_only_meant_to_ask_leaves_the_hand_off_with_its_own_answer():
    from tests.actions.test_handoff import at_step

    text = "等下，其实我就是想问密码丢了怎么重置"
    result, said = await at_step("contact", parse("faq", text=text, faq=[("password_lost", 0.99)]))
    assert said == ["utter_ask_applicant_type_password_lost"]
    assert result["handoff_cancelled"] is True
    assert result["pending_topic"] == "password_lost"
    # asked as a digression, the question is answered for every type and the form goes on
    result, said = await at_step(
        "contact", parse("faq", text="密码丢了怎么重置？", faq=[("password_lost", 0.99)])
    )
    assert said == ["utter_faq/password_lost"] and result == {"handoff_contact": None}


async def test_a_hand_off_left_for_a_question_answered_says_no_more():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.handoff import ActionSubmitHandoff

    slots = {"handoff_cancelled": True, "handoff_contact": "-", "handoff_description": "-"}
    latest = parse("faq", text="其实我就是想问密码丢了怎么重置")
    answered_now = [
        {"event": "user", "text": latest["text"], "parse_data": latest},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_ask_applicant_type"}},
    ]
    dispatcher = CollectingDispatcher()
    t = tracker(latest, slots=slots)
    t.events.extend(answered_now[1:])
    await ActionSubmitHandoff().run(dispatcher, t, {})
    assert dispatcher.messages == []
    dispatcher = CollectingDispatcher()
    await ActionSubmitHandoff().run(
        dispatcher, tracker(parse("deny", text="算了"), slots=slots), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_cancelled"]


async def test_the_login_link_asked_for_after_naming_a_look_up_is_the_look_up():
    from rasa_sdk.events import FollowupAction

    latest = parse("nlu_fallback", text="机构办件查询，发我链接")
    said, events = await responses_of(ActionFallback(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    latest = parse("nlu_fallback", text="给个登录链接")
    said, events = await responses_of(ActionFallback(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_login")]


def test_a_hello_on_the_phone_before_a_vague_how_names_nothing_either():
    from actions.topics import is_vague

    assert is_vague("喂喂 那个东西怎么弄啊")
    assert not is_vague("喂 密码怎么弄")


def test_a_person_declined_asks_for_none():
    from actions.answers import asks_for_person

    assert not asks_for_person("那就不用转人工了，谢谢")
    assert not asks_for_person("别转客服了")
    assert asks_for_person("转人工！！！马上！！！")
    assert asks_for_person("不用了，转人工吧")
