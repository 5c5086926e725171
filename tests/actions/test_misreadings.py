"""Kinds of message the NLU reads as something they are not (issue 12): a social matter
asked "in 网上办事", a question about logging in, a complaint that names nothing, a
dispute of a result, a user lost in a long answer, a numbered choice corrected.
actions/fallback.py, actions/faq.py and actions/login.py."""

import json

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.login import ActionLogin
from tests.actions.test_followups_in_context import said_in_turn
from tests.actions.trackers import domain, parse, tracker

LOW = 0.2


async def responses_of(action, t) -> tuple[list[str], list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], events


def answered(response: str, text: str = "我是市民邮箱用户") -> list[dict]:
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "action", "name": "action_answer_faq"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
        {"event": "action", "name": "action_listen"},
    ]


# -- a social-security matter asked "in 网上办事" -----------------------------------------


async def test_a_social_matter_asked_in_the_portal_is_out_of_scope_when_unsure():
    latest = parse("nlu_fallback", text="公积金能在网上办事里提取吗", faq=[("how_to_operate", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


async def test_a_social_matter_read_as_a_guide_question_is_out_of_scope():
    latest = parse("faq", text="网上办事里能领失业金吗", faq=[("how_to_operate", 0.8)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]
    # the portal's own doing for such a matter is the guide's
    latest = parse("faq", text="失业金申领在网上提交了，进度怎么查", faq=[("check_progress", 0.8)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_a_social_matter_read_as_unrelated_is_the_social_scope_statement():
    latest = parse("out_of_scope", text="养老金在网上办事里能看吗")
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]
    latest = parse("out_of_scope", text="今天杭州下雨吗")
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope"]


# -- asking about logging in is no request to log in ------------------------------------


async def test_whether_one_can_log_in_is_answered_from_the_guide():
    latest = parse("login", text="那我直接能登录吗")
    said, _ = await responses_of(ActionLogin(), tracker(latest))
    assert said == ["utter_faq/login_methods"]


async def test_whether_one_can_log_in_after_the_citizen_mailbox_answer_is_that_answer():
    latest = parse("login", text="那我直接能登录吗")
    t = tracker(latest, events=answered("utter_faq/citizen_mailbox"))
    said, _ = await responses_of(ActionLogin(), t)
    assert said == ["utter_faq/citizen_mailbox"]
    # How to log in asks the way, the guide's two ways, after that answer too.
    latest = parse("login", text="那要怎么登进去呢")
    t = tracker(latest, events=answered("utter_faq/citizen_mailbox"))
    said, _ = await responses_of(ActionLogin(), t)
    assert said == ["utter_faq/login_methods"]


async def test_a_complaint_that_names_nothing_read_as_a_login_is_a_miss():
    latest = parse("login", text="就是那个网上那个弄不了")
    said, events = await responses_of(ActionLogin(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


# -- a dispute, and a user lost in the answer ------------------------------------------


async def test_insisting_one_supplied_a_document_offers_a_person_for_the_result():
    latest = parse("faq", text="身份证复印件我明明传了", faq=[("documents", 0.7)])
    t = tracker(latest, slots={"selected_submission": "HZ2026111203951"})
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == []
    assert events == [
        SlotSet("handoff_reason", "result_wrong"),
        FollowupAction("action_offer_handoff"),
    ]


async def test_a_user_lost_in_a_long_answer_is_offered_a_person():
    latest = parse("faq", text="字太多看不懂", faq=[("contact", 0.6)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == []
    assert events == [
        SlotSet("handoff_reason", "answer_unclear"),
        FollowupAction("action_offer_handoff"),
    ]
    latest = parse("nlu_fallback", text="太长了 没看懂", faq=[("contact", LOW)])
    _, events = await responses_of(ActionFallback(), tracker(latest))
    assert FollowupAction("action_offer_handoff") in events


# -- a numbered choice corrected ---------------------------------------------------------


def type_payload(kind: str) -> str:
    return "/inform_applicant_type" + json.dumps({"applicant_type": kind})


def menu_then_choice(choice: str) -> list[dict]:
    """The type question as a numbered menu, and the user's digit as its button's payload."""
    buttons = [
        {"title": title, "payload": type_payload(kind)}
        for title, kind in (
            ("企业", "enterprise"),
            ("机关事业单位", "institution"),
            ("个人", "individual"),
        )
    ]
    return [
        {"event": "user", "text": "忘记密码", "parse_data": parse("faq", text="忘记密码")},
        {
            "event": "bot",
            "text": "请问您是？",
            "data": {"buttons": buttons},
            "metadata": {"utter_action": "utter_ask_applicant_type_password_lost"},
        },
        {
            "event": "user",
            "text": choice,
            "parse_data": parse("inform_applicant_type", text=choice),
        },
        {
            "event": "bot",
            "text": "…",
            "metadata": {"utter_action": "utter_password_lost_enterprise"},
        },
    ]


#: The second says whom the user asks for beside the correction, which explains it.
CORRECTIONS = ["错了 是2", "按错了，应该是2，我是帮单位问的"]


@pytest.mark.parametrize("text", CORRECTIONS)
async def test_a_corrected_choice_answers_as_the_right_button_would_have(text):
    latest = parse("nlu_fallback", text=text)
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
        events=menu_then_choice(type_payload("enterprise")),
    )
    said, events = await responses_of(ActionFallback(), t)
    assert said == ["utter_password_lost_institution"]
    assert SlotSet("applicant_type", "institution") in events


@pytest.mark.parametrize("text", CORRECTIONS)
async def test_a_corrected_choice_read_as_a_guide_question_goes_to_the_fallback(text):
    latest = parse("faq", text=text, faq=[("password_lost", 0.5)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


async def test_a_correction_with_no_choice_made_before_is_a_plain_miss():
    latest = parse("nlu_fallback", text="错了 是2")
    typed = menu_then_choice("企业")  # typed, not picked from the menu
    t = tracker(latest, slots={"last_type_topic": "password_lost"}, events=typed)
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_suggest_topics"]


# -- trouble logging in is no logout -----------------------------------------------------


async def test_trouble_logging_in_read_as_a_logout_gets_the_guides_answer():
    from actions.login import ActionLogout

    latest = parse("logout", text="登录不上去", faq=[("login_methods", 0.97)])
    # no word of logging out: the guide's question, which the FAQ action answers
    assert await said_in_turn(ActionLogout(), tracker(latest)) == ["utter_faq/login_methods"]
    latest = parse("logout", text="那个不行", faq=[("login_methods", LOW)])
    said, events = await responses_of(ActionLogout(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


async def test_asking_in_english_for_ones_own_status_is_a_look_up_not_the_how_to():
    latest = parse(
        "faq",
        text="Hi, I want to check the status of my application",
        faq=[("check_progress", 0.97)],
    )
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    latest = parse(
        "faq", text="how can I check my application status", faq=[("check_progress", 0.9)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_logging_in_here_read_as_the_guides_question_is_the_login():
    latest = parse("faq", text="那我在你这里能登录吗", faq=[("login_methods", 0.9)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_login")]
    latest = parse("faq", text="网上办事怎么登录", faq=[("login_methods", 0.9)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/login_methods"]


# -- a look-up of one's own progress that is none -----------------------------------------


def test_every_own_progress_example_names_something_to_look_up():
    from actions.progress import names_a_look_up
    from bot.nlu.text import normalize
    from tests.actions.trackers import training_examples

    examples = training_examples("check_my_progress")
    assert len(examples) > 100
    assert [e for e in examples if not names_a_look_up(normalize(e).text)] == []
    assert not names_a_look_up("就那个东西啊你懂的")
    # the login before the look-up, and the list's next page
    assert names_a_look_up("登录一下") and names_a_look_up("还有吗，下一页")


async def test_a_look_up_that_names_nothing_is_a_miss():
    from actions.progress import ActionCheckProgress

    latest = parse("check_my_progress", text="就那个东西啊你懂的", faq=[("documents", 0.3)])
    said, events = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


def test_how_to_go_on_without_ones_own_words_is_no_look_up():
    from actions.progress import asks_how_not_own

    assert asks_how_not_own("报上去的东西给打回来了，我该咋弄")
    assert asks_how_not_own("材料被退回来了怎么办")
    assert not asks_how_not_own("我的申报被退回了怎么办")  # one's own, named so
    assert not asks_how_not_own("帮我看看怎么回事")
    assert not asks_how_not_own("那个申请怎么样了")  # how it stands, not how to
    assert not asks_how_not_own("查一下进度")
    assert asks_how_not_own("how do I fix a rejected one")
    assert not asks_how_not_own("show me the company's submissions")  # no "how" in "show"


async def test_how_to_go_on_read_as_a_look_up_is_the_guides_answer():
    from actions.progress import ActionCheckProgress

    text = "报上去的东西给打回来了，我该咋弄"
    latest = parse("check_my_progress", text=text, faq=[("fix_data", 0.99)])
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_what_now_after_a_refused_cancel_is_the_guides_rule_of_fixing():
    refused = [
        {"event": "user", "text": "能注销吗", "parse_data": parse("cancel_my_submission")},
        {"event": "action", "name": "action_cancel_submission"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_cannot_cancel_approved"}},
        {"event": "action", "name": "action_listen"},
    ]
    latest = parse("faq", text="那怎么办", faq=[("fix_data", 0.4)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=refused))
    assert said == ["utter_faq/fix_data"]
    # Without the refusal just before, a bare what-now names nothing: a miss.
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


async def test_a_fee_asked_right_after_an_answer_is_the_guides_silence():
    latest = parse("out_of_scope", text="那要付钞票伐")
    t = tracker(latest, events=answered("utter_faq/open_online", "到哪去开通"))
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_faq/not_in_guide"]


def test_what_comes_after_the_turn_is_what_is_asked():
    from actions.faq import asked_after

    both = ["login_methods", "how_to_operate"]
    assert asked_after("签完协议以后怎么登录", "how_to_operate", both) == "login_methods"
    assert asked_after("算了。登录以后怎么办事", "login_methods", both[::-1]) == "how_to_operate"
    # only with a turn in the sentence
    assert asked_after("怎么登录", "how_to_operate", both) == "how_to_operate"
    # how to log in, asked after the turn, is the login whatever came before it
    assert asked_after("签完以后怎么登录", "agent_agreement", ["agent_agreement", "flow"]) == (
        "login_methods"
    )
    assert asked_after("开通以后怎么登录", "open_online", ["open_online", "flow"]) == (
        "login_methods"
    )
    # the whole way from logging in on, asked after the turn, is the seven steps
    flowing = "我问的不是开通，是开通以后从登录到提交一步一步怎么用，整个流程"
    assert asked_after(flowing, "login_methods", both) == "flow"
    assert asked_after("提交以后审核的流程", "review_vs_query", ["review_vs_query"]) == (
        "review_vs_query"
    )
    # other questions after the turn keep their topic outside those two
    assert asked_after("开通以后要带什么", "documents", ["documents", "flow"]) == "documents"
    assert asked_after("登录以后怎么改密码", "change_password", ["change_password"]) == (
        "change_password"
    )
    # what is done once logged in, however the selector ranks it
    assert asked_after("登入后怎么办理事项", "login_methods", ["login_methods", "flow"]) == (
        "how_to_operate"
    )


async def test_logging_in_after_signing_read_as_operating_is_the_login():
    latest = parse(
        "faq", text="协议签完之后怎么登录", faq=[("how_to_operate", 0.7), ("login_methods", 0.27)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/login_methods"]


async def test_whom_to_ask_read_as_another_topic_is_the_contacts_unless_sure():
    latest = parse("faq", text="查到的结果有疑问该找谁", faq=[("check_progress", 0.57)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/contact"]
    latest = parse("faq", text="那我找谁改", faq=[("fix_data", 0.98)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
