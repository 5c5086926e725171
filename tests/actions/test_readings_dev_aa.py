"""Readings that development set AA (callers through speech recognition, children
asking for a parent, people who change their mind) showed missing, without the portal
(those with one logged in are in test_context.py)."""

import pytest

from actions.faq import ActionAnswerFaq, followup_topic
from actions.topics import corrected_type
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import entity, parse, tracker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("网上办事要到啥西地方去开通伐", "open_online"),
        ("请问到什么地方开通网上办事", "open_online"),
        ("开通网上办事要去哪个地方", "open_online"),
        # a thing asked about, beside the place, is still the documents
        ("到什么地方开通，要带什么", "documents"),
        ("开通要准备啥材料", "documents"),
    ],
)
def test_a_place_asked_with_a_question_word_is_no_question_about_documents(text, expected):
    assert followup_topic(text, "documents") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("打错了 是企业 不是机关", True),
        ("哦我打错了，应该是个人", True),
        ("选错了 我们是事业单位的", True),
        # a slip in what was submitted is no type corrected
        ("打错了 企业的工资填错了怎么改", False),
        ("我们单位的数据填错了", False),
        ("企业", False),
        ("输错了", False),
    ],
)
def test_a_type_corrected_and_nothing_else(text, expected):
    assert corrected_type(text) is expected


@pytest.mark.parametrize("intent", ["faq", "inform_applicant_type"])
async def test_a_type_corrected_with_a_slip_word_reanswers_for_it(intent):
    # the slot took the new type from the entity before the action ran
    latest = parse(
        intent,
        text="打错了 是企业 不是机关",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("fix_data", 0.9)],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_institution", "机关"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_enterprise"], events


@pytest.mark.parametrize(
    ("intent", "action", "text", "faq"),
    [
        ("faq", "ActionAnswerFaq", "我开了个小超市", [("not_in_guide", 0.99)]),
        ("what_can_you_do", "ActionCapabilities", "这几个有什么区别？", [("documents", 0.3)]),
        ("nlu_fallback", "ActionFallback", "我帮我老板问的", [("not_in_guide", 0.4)]),
        ("faq", "ActionAnswerFaq", "我不知道选哪个", [("not_in_guide", 0.6)]),
    ],
)
async def test_the_type_question_answered_without_a_type_is_asked_again(intent, action, text, faq):
    from actions import chitchat, fallback

    cls = {
        "ActionAnswerFaq": ActionAnswerFaq,
        "ActionCapabilities": getattr(chitchat, "ActionCapabilities", None),
        "ActionFallback": fallback.ActionFallback,
    }[action]
    t = tracker(
        parse(intent, text=text, faq=faq),
        slots={"pending_topic": "password_lost", "last_type_topic": "password_lost"},
        events=answered("utter_ask_applicant_type_password_lost", "忘记密码了"),
    )
    said, events = await responses_of(cls(), t)
    assert said == ["utter_ask_applicant_type_password_lost"], events


async def test_a_question_beside_the_waiting_type_question_is_answered():
    t = tracker(
        parse("faq", text="网址是多少", faq=[("website", 0.99)]),
        slots={"pending_topic": "documents", "last_type_topic": "documents"},
        events=answered("utter_ask_applicant_type_documents", "要带什么"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/website"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("他本人不去，我去办行吗", "enterprise", ["utter_faq/agent_agreement"]),
        ("老板没空，我替他去可以吗", "institution", ["utter_faq/agent_agreement"]),
        ("我代老板去办行不行", "enterprise", ["utter_faq/agent_agreement"]),
    ],
)
async def test_going_in_anothers_place_for_a_unit_is_the_agents_part(text, kind, expected):
    from actions.fallback import ActionFallback

    t = tracker(
        parse("nlu_fallback", text=text, faq=[("open_online", 0.4)]),
        slots={"applicant_type": kind, "last_type_topic": "documents"},
        events=answered(f"utter_documents_{kind}", "公司开通要带什么"),
    )
    said, events = await responses_of(ActionFallback(), t)
    assert said == expected, events
