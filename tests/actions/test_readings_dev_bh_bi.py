"""Readings that development sets BH (a busy afternoon on phones) and BI (first-time
users who do not know the words) showed missing."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_batch
from actions.context import orders_look_after_login
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq, followup_topic
from actions.followup import ActionFollowup
from actions.portal_session import LOGGED_IN_RESPONSE
from actions.references import resolve_reference
from actions.topics import plain_topic
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_bf_bg import PERSON_LIST
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("text", "many"),
    [
        ("公司刚招了二十来个人，要一个一个在网上填吗，太麻烦了", True),
        ("30来名员工能一次报吗", True),
        # a count of one is no batch
        ("一来个人能一次报吗", False),
    ],
)
def test_a_rough_count_with_one_by_one_is_a_batch(text, many):
    assert asks_for_batch(text) is many


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("交了以后怎么知道办好没", "check_progress"),
        ("网趾多少", "website"),
        ("网止是啥", "website"),
        ("第一次用，不知道从哪开始", "open_online"),
        ("你好，我刚开了家小公司，听说社保那些能在网上弄，我要先干嘛", "open_online"),
        # the first of the seven steps is the steps' own
        ("网上办事第一步干嘛", None),
        # a later beginning, not a newcomer's
        ("登录以后先干嘛", None),
    ],
)
def test_topics_named_in_plain_words(text, topic):
    assert plain_topic(text) == topic


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("哦打错了，是7415", "HZ2026112307415"),
        ("3951", "HZ2026111203951"),
        # a phone number is no 受理编号's end
        ("我电话是13800007415", None),
        ("是1234", None),
    ],
)
def test_the_end_of_a_number_said_alone_after_a_slip(text, number):
    found = resolve_reference(text, PERSON_LIST)
    assert (found["no"] if found else None) == number


def test_a_rejection_told_with_what_to_do_asked_is_fixing_it():
    text = "我在网上交的东西，页面上写着审核未通过，这啥意思，我该咋办"
    assert followup_topic(text, "how_to_operate") == "fix_data"
    # why it was rejected is no question of fixing it
    assert followup_topic("审核未通过是什么原因", "how_to_operate") == "how_to_operate"


async def test_who_goes_after_a_unit_s_reset_is_its_agent():
    events = answered("utter_password_lost_institution", "我们单位网上办事的密码丢了")
    slots = {"applicant_type": "institution", "last_type_topic": "password_lost"}
    t = tracker(
        parse("faq", text="得谁去办", faq=[("open_online", 0.98)]), events=events, slots=slots
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]
    # whom to ask is the guide's contacts
    t = tracker(
        parse("faq", text="那我问谁去", faq=[("open_online", 0.5)]), events=events, slots=slots
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said != ["utter_faq/agent_agreement"]


async def test_where_after_the_papers_is_the_counter_for_the_type():
    t = tracker(
        parse("faq", text="在哪", faq=[("open_online", 0.23)]),
        events=answered("utter_documents_enterprise", "原件?"),
        slots={"applicant_type": "enterprise"},
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_where_enterprise"]


async def test_a_yes_before_anything_was_said_is_a_miss():
    t = tracker(parse("affirm", text="嗯？？？"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_suggest_topics"]
    t = tracker(parse("affirm", text="嗯？？？"), events=answered("utter_greet", "你好"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_suggest_topics"]
    t = tracker(parse("affirm", text="嗯"), events=answered("utter_faq/batch", "能批量吗"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_ack"]


def test_show_them_in_english_after_the_login_is_the_look_up():
    logged_in = answered(LOGGED_IN_RESPONSE, "check my company's submissions please")
    for text, looks in (
        ("show them", True),
        ("ok check it now", True),
        ("show me the steps", False),
    ):
        t = tracker(parse("nlu_fallback", text=text), events=logged_in)
        assert orders_look_after_login(t, text) is looks, text


async def test_a_step_told_done_then_what_is_the_step_after_it():
    t = tracker(parse("faq", text="账号密码拿到了，然后呢", faq=[("open_online", 0.66)]))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/login_methods"]


async def test_opening_asked_after_the_mailbox_was_told_is_the_mailbox_answer():
    told = "我爸刚退休，想在网上查查社保，是不是要先开通网上办事？他是有市民邮箱的"
    events = answered("utter_faq/citizen_mailbox", told)
    t = tracker(parse("faq", text="那他还要去开通不", faq=[("open_online", 0.99)]), events=events)
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/citizen_mailbox"]
    # no mailbox told before: the opening
    events = answered("utter_faq/website", "网址是多少")
    t = tracker(parse("faq", text="那他还要去开通不", faq=[("open_online", 0.99)]), events=events)
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/open_online"]
