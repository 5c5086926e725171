"""Readings that development set AO showed missing."""

from pathlib import Path
from typing import Any

from rasa_sdk.events import FollowupAction

from actions import runtime
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCheckProgress
from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY
from bot.settings import Settings
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import parse, tracker


def logged_out(tmp_path: Path, latest: dict[str, Any]) -> dict[str, Any]:
    """``latest`` from a web chat that is not logged in, with the action server set up."""
    runtime.configure(
        Settings.from_env(
            {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}, dotenv=tmp_path / "none"
        )
    )
    return {**latest, "metadata": {CLIENT_BINDING_KEY: "b" * 40, CHANNEL_KEY: "rest"}}


async def test_whether_the_legal_person_must_go_is_the_agents_part():
    latest = parse(
        "faq",
        text="我们是民办非企业单位，开通网上办事是不是一定要法人本人去？",
        faq=[("open_online", 0.517), ("how_to_operate", 0.131), ("agent_agreement", 0.04)],
        entities=[{"entity": "applicant_type", "value": "enterprise"}],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/agent_agreement"]
    latest = parse("faq", text="法人必须亲自来吗", faq=[("open_online", 0.6)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/agent_agreement"]
    # the opening asked, with the legal person only named, is still the opening
    latest = parse("faq", text="法人证书怎么开通网上办事", faq=[("open_online", 0.7)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/open_online"]


async def test_an_order_to_look_at_ones_own_is_the_look_up():
    answer = [
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/check_progress"}}
    ]
    latest = parse("nlu_fallback", text="不是问方法，你直接帮我查我自己的那条")
    latest["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "cancel_my_submission", "confidence": 0.62},
        {"name": "check_my_progress", "confidence": 0.092},
    ]
    said, events = await responses_of(ActionFallback(), tracker(latest, events=answer))
    assert (said, events) == ([], [FollowupAction("action_check_progress")])


async def test_a_person_called_for_beside_a_complaint_is_offered():
    answer = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/not_in_guide"}}]
    latest = parse("out_of_scope", text="你这等于没说，找个人来")
    said, events = await responses_of(ActionOutOfScope(), tracker(latest, events=answer))
    assert said == []
    assert FollowupAction("action_offer_handoff") in events
    # a social matter with a person named stays the bureau's matter
    latest = parse("out_of_scope_social", text="医保报销的事找个人工问问")
    _, events = await responses_of(ActionOutOfScope(), tracker(latest, events=answer))
    assert FollowupAction("action_offer_handoff") not in events


async def test_where_ones_own_review_stands_is_the_look_up_not_why_it_waits(tmp_path):
    latest = logged_out(
        tmp_path,
        parse(
            "check_my_progress",
            text="我们单位提交的东西审核到哪了",
            faq=[("review_vs_query", 0.927)],
        ),
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said[:1] == ["utter_login_link"]
    # why it has no result yet is still the guide's answer
    latest = parse(
        "check_my_progress", text="审核到哪了 为什么还没结果", faq=[("review_vs_query", 0.95)]
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


async def test_what_a_unit_brings_besides_its_agents_card_is_the_units_documents():
    answer = [
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/agent_agreement"}}
    ]
    latest = parse(
        "faq",
        text="除了经办人自己的身份证，单位还要带哪些证件",
        faq=[("agent_agreement", 0.998)],
    )
    slots = {"applicant_type": "enterprise"}
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, slots=slots, events=answer))
    assert said == ["utter_documents_enterprise"]


async def test_a_look_up_the_fallback_sent_is_not_sent_back(tmp_path):
    # "都有哪些" after the login: the fallback reads it as one's own list and sends it to
    # the look-up; sent back as vague, the two passed it on until Rasa's limit, unanswered.
    latest = logged_out(tmp_path, parse("nlu_fallback", text="都有哪些"))
    login = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_login_succeeded"}}]
    sent = tracker(latest, events=login)
    sent.events.append({"event": "action", "name": "action_fallback"})
    said, events = await responses_of(ActionCheckProgress(), sent)
    assert FollowupAction("action_fallback") not in events
    assert said[:1] == ["utter_login_link"]


async def test_which_matter_a_change_goes_under_is_how_a_matter_is_done():
    latest = parse(
        "faq",
        text="单位信息里联系人要改成我 是不是走单位基本信息变更",
        faq=[("contact", 0.252), ("how_to_operate", 0.185), ("change_password", 0.125)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/how_to_operate"]
    # walking to the counter is no matter of the portal
    latest = parse("faq", text="是不是走过去就行", faq=[("contact", 0.3), ("how_to_operate", 0.2)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said != ["utter_faq/how_to_operate"]


def test_the_voided_one_named_is_a_status_not_a_cancel():
    from actions.cancel import wants_cancel
    from actions.references import status_named

    assert status_named("作废的那个减员") == "已注销"
    assert not wants_cancel(tracker(parse("pick_submission", text="作废的那个减员")))
    assert wants_cancel(tracker(parse("cancel_my_submission", text="把减员那个作废")))
