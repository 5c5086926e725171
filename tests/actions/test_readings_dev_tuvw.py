"""Readings found wanting by the development sets T to W (tests/dialogue), as kinds."""

import pytest

from actions.answers import ends_closing
from actions.context import self_service_topic
from actions.faq import followup_topic
from actions.handoff import describes_case
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text", ["Thank you very much", "thanks a lot!", "谢谢你", "好的 谢谢您了"]
)
def test_thanks_with_what_follows_them_end_the_talk(text):
    assert ends_closing(text)


def test_not_convenient_to_log_in_here_is_a_refusal_to():
    assert self_service_topic("不方便登录，那我怎么自己在网上查") == "check_progress"


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # the same work for many, one by one too slow: the batch
        ("我们是企业，要给80个员工做同样的业务，一个个填太慢了，有办法吗", "contact", "batch"),
        # a password forgotten (Cantonese too) is reset, not changed
        ("啲密码唔记得咗点算？", "change_password", "password_lost"),
        ("改密码的时候旧密码不记得了", "change_password", "password_lost"),
        ("密码怎么改", "change_password", "change_password"),
        # a loss denied is no loss
        (
            "我是要改密码，不是忘了密码，也是上那个网站自己改对吧",
            "change_password",
            "change_password",
        ),
        ("密码没忘，想改", "change_password", "change_password"),
    ],
)
def test_the_words_of_the_message_choose_the_topic(text, topic, expected):
    assert followup_topic(text, topic) == expected


def test_wanting_something_confirmed_is_the_case_for_the_agent():
    assert describes_case("想确认个人密码重置需要几个工作日")


@pytest.mark.parametrize("before", ["utter_faq/how_to_operate", "utter_faq/flow"])
async def test_a_rejection_supposed_after_how_the_portal_is_worked_is_what_then(before):
    from actions.faq import ActionAnswerFaq

    latest = parse("faq", text="要是审核没过呢", faq=[("how_to_operate", 0.6)])
    t = tracker(latest, events=answered(before, "具体怎么操作"))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


async def test_why_ones_own_pointed_at_was_rejected_is_looked_up():
    from rasa_sdk.events import FollowupAction

    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text="我那个灵活就业参保登记为什么被退回了")
    said, events = await responses_of(ActionFallback(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("第五步呢", "utter_faq/check_progress"), ("那第一步的网址呢", "utter_faq/website")],
)
async def test_a_step_named_in_a_few_words_the_nlu_missed_is_that_steps_topic(text, expected):
    from actions.fallback import ActionFallback

    t = tracker(parse("nlu_fallback", text=text), events=answered("utter_faq/flow", "流程"))
    said, _ = await responses_of(ActionFallback(), t)
    assert said == [expected]


def test_the_last_turn_of_a_sentence_says_what_is_asked_after_it():
    from actions.faq import asked_after

    both = ["login_methods", "how_to_operate"]
    assert asked_after("开通后登录进去，具体怎么办一项业务？", "login_methods", both) == (
        "how_to_operate"
    )
    # not getting in is no turn
    assert asked_after("登录不进去以后怎么办", "login_methods", both) == "login_methods"


def test_how_much_of_a_benefit_is_a_matter_beyond_the_guide_not_a_detail_it_left_out():
    from actions.topics import asks_beyond_guide

    assert not asks_beyond_guide("失业金一个月能领多少钱？")
    assert asks_beyond_guide("开通网上办事要多少钱")


def test_a_slip_found_after_the_review_is_no_dispute_of_it():
    from actions.topics import disputes_result

    assert not disputes_result("如已提交之申报数据经审核通过后发现有误，应如何更正？敬请回复。")
    assert disputes_result("审核结果有误，我不认")


def test_how_to_learn_of_a_units_progress_formally_asked_is_the_how_to():
    from actions.faq import wants_own_progress

    text = "敬启者：烦请告知如何了解本单位网上申报事项之办理进度及结果。"
    assert not wants_own_progress(text, logged_in=False)


def test_the_question_at_the_end_of_a_story_outweighs_what_the_story_tells():
    story = (
        "我们公司上个月在网上给新员工做了参保增员，当时有个人的身份证号码输错了一位，已经提交了，"
        "现在也不知道审核了没有，同事说要去窗口重新办，我想问一下这种输错了的数据到底怎么处理？"
    )
    assert followup_topic(story, "resubmit") == "fix_data"
    assert followup_topic(story, "fix_data") == "fix_data"
    assert followup_topic("能重新交吗，我改好了", "fix_data") == "resubmit"
    assert followup_topic("填错的改好了能重新提交吗", "resubmit") == "resubmit"


async def test_a_step_named_in_a_few_words_read_as_a_pick_is_that_steps_topic():
    from actions.progress import ActionShowSubmission

    t = tracker(
        parse("pick_submission", text="第五步呢"), events=answered("utter_faq/flow", "流程")
    )
    said, _ = await responses_of(ActionShowSubmission(), t)
    assert said == ["utter_faq/check_progress"]


def test_whether_it_is_a_machine_asked_in_cantonese():
    from actions.confirmation import asks_only_if_bot

    assert asks_only_if_bot("你系唔系机械人嚟㗎？")


@pytest.mark.parametrize("text", ["show me, cancel it", "please show me the rejected one"])
def test_show_me_holds_no_how_to(text):
    from actions.cancel import asks_about_cancelling

    assert not asks_about_cancelling(text)


def test_where_on_the_website_a_submission_is_found_is_the_look_up():
    assert followup_topic("在网站上哪里找到那条记录", "website") == "check_progress"
    assert followup_topic("网站在哪", "website") == "website"


@pytest.mark.parametrize(
    ("text", "faq", "expected"),
    [
        (
            "我老头子不太会弄电脑，密码忘记了，咋整",
            "password_lost",
            "utter_ask_applicant_type_password_lost",
        ),
        ("那电脑上网址是什么", "website", "utter_faq/website"),
    ],
)
async def test_a_topic_named_plainly_read_as_out_of_scope_is_answered(text, faq, expected):
    from actions.fallback import ActionOutOfScope

    latest = parse("out_of_scope", text=text, faq=[(faq, 0.7), ("flow", 0.1)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == [expected]
