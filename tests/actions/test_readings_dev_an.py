"""Readings that development set AN showed missing."""

from rasa_sdk.events import FollowupAction, SlotSet

from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


async def test_the_sites_address_asked_beside_other_words_is_the_website():
    latest = parse(
        "faq",
        text="那网址呢 刚才没看到",
        faq=[("fix_data", 0.433), ("check_progress", 0.273), ("website", 0.16)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/website"]
    # how something is done on the site is that thing, not the address
    latest = parse(
        "faq", text="在网站上怎么查进度", faq=[("check_progress", 0.8), ("website", 0.1)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_a_step_left_out_in_a_condition_is_not_what_is_asked():
    latest = parse(
        "faq",
        text="不预约的话带身份证去就行？我是个人",
        faq=[("documents", 0.857), ("not_in_guide", 0.055)],
        entities=[{"entity": "applicant_type", "value": "individual"}],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_documents_individual"]
    # the booking asked for itself is still beyond the guide
    latest = parse("faq", text="要提前预约吗", faq=[("documents", 0.6)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_which_there_are_asked_bare_after_the_login_is_the_list():
    login = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_login_succeeded"}}]
    latest = parse("nlu_fallback", text="都有哪些")
    said, events = await responses_of(ActionFallback(), tracker(latest, events=login))
    assert (said, events) == ([], [FollowupAction("action_check_progress")])
    # after a guide answer it asks of that answer
    answer = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/documents"}}]
    _, events = await responses_of(ActionFallback(), tracker(latest, events=answer))
    assert FollowupAction("action_check_progress") not in events


async def test_whether_reviewers_work_at_night_is_no_call_for_a_person():
    latest = parse("request_human", text="晚上交的会不会没人审")
    said, events = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert (said, events) == (["utter_faq/not_in_guide"], [])
    latest = parse("request_human", text="我要找人工")
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]


async def test_the_reset_form_asked_of_is_the_lost_password_answer():
    latest = parse(
        "nlu_fallback",
        text="好的那个申请单是在受理点填的吗",
        faq=[("password_lost", 0.227), ("not_in_guide", 0.158), ("agent_agreement", 0.147)],
    )
    slots = {"applicant_type": "enterprise", "last_type_topic": "password_lost"}
    said, _ = await responses_of(ActionFallback(), tracker(latest, slots=slots))
    assert said == ["utter_password_lost_enterprise"]


async def test_a_type_said_after_how_one_opens_gets_that_types_documents():
    latest = parse(
        "inform_applicant_type",
        text="那就按企业吧 有营业执照",
        faq=[("documents", 0.881)],
        entities=[{"entity": "applicant_type", "value": "enterprise"}],
    )
    history = answered("utter_faq/open_online", "我是开小店的个体户，开通网上办事算单位还是个人")
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_documents_enterprise"]
    assert SlotSet("applicant_type", "enterprise") in events
    # after another answer, the type is noted
    history = answered("utter_faq/website", "网址是啥")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_applicant_type_noted"]


async def test_the_sites_address_asked_beside_a_lost_password_leaves_the_reset_first():
    latest = parse(
        "faq",
        text="密码忘了，顺便问下网址是啥",
        faq=[("password_lost", 0.6), ("website", 0.3)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_ask_applicant_type_password_lost"]
