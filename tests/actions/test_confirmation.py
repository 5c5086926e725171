"""Every yes/no question takes typed answers, whatever the NLU made of them, and comes back
once after a digression; the FAQ action reads short follow-ups in their context."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import answer_topic, answered_this_turn, asks_for_person
from actions.confirmation import asks_beside_pending_cancel, pending
from actions.context import read_unsure_reading
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq, followup_topic, wants_own_progress
from actions.followup import ActionFollowup
from actions.privacy import ActionConfirmDelete
from bot.contract import ERASE_ACTION
from tests.actions.trackers import LISTED, domain, entity, parse, tracker


def asked(response: str, action: str, text: str = "删除我的对话记录") -> list[dict]:
    """A previous turn in which the bot asked ``response``."""
    return [
        {"event": "user", "text": text, "parse_data": parse("delete_my_data", text=text)},
        {"event": "action", "name": action},
        {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
        {"event": "action", "name": "action_listen"},
    ]


ERASE_ASKED = asked("utter_confirm_delete", "action_confirm_delete")
OFFERED = asked("utter_offer_handoff", "action_offer_handoff", "我要转人工")


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], events


def test_a_question_is_pending_only_right_after_it_was_asked():
    latest = parse("affirm", text="好的")
    assert pending(tracker(latest, events=ERASE_ASKED)).about == "erase"
    assert pending(tracker(latest, events=OFFERED)) is None  # its slot is not set
    assert pending(tracker(latest, events=OFFERED, slots={"pending_handoff": True})).about == (
        "handoff"
    )
    later = ERASE_ASKED + asked("utter_faq/website", "action_answer_faq", "网址")
    assert pending(tracker(latest, events=later)) is None


async def test_a_typed_yes_the_nlu_took_for_another_request_still_erases():
    # "确认删除" read as delete_my_data would ask again; the pending question takes it.
    said, events = await run(
        ActionConfirmDelete(), tracker(parse("delete_my_data", text="确认删除"), events=ERASE_ASKED)
    )
    assert said == [] and events == [FollowupAction(ERASE_ACTION)]


async def test_a_typed_no_declines_whatever_action_gets_it():
    for action, intent in ((ActionFallback(), "nlu_fallback"), (ActionFollowup(), "deny")):
        said, _ = await run(action, tracker(parse(intent, text="算了"), events=ERASE_ASKED))
        assert said == ["utter_delete_declined"]


async def test_typed_consent_to_a_hand_off_starts_the_form():
    t = tracker(
        parse("request_human", text="好的，转人工"), events=OFFERED, slots={"pending_handoff": True}
    )
    from actions.handoff import ActionOfferHandoff

    said, events = await run(ActionOfferHandoff(), t)
    assert said == []
    assert events == [SlotSet("pending_handoff", None), FollowupAction("handoff_form")]


async def test_a_person_asked_for_again_while_offered_one_is_consent():
    from actions.handoff import ActionOfferHandoff

    for text in ("转人工 转人工 听不懂吗", "人工！人工！"):
        t = tracker(parse("faq", text=text), events=OFFERED, slots={"pending_handoff": True})
        said, events = await run(ActionOfferHandoff(), t)
        assert events == [SlotSet("pending_handoff", None), FollowupAction("handoff_form")], text
    # why a person is offered is a question, not a yes
    t = tracker(
        parse("faq", text="为什么要转人工"), events=OFFERED, slots={"pending_handoff": True}
    )
    _, events = await run(ActionOfferHandoff(), t)
    assert FollowupAction("handoff_form") not in events


async def test_a_digression_is_answered_then_the_question_comes_back_once():
    question = parse("faq", text="网上办事的网址是什么", faq=[("website", 0.95)])
    said, _ = await run(ActionAnswerFaq(), tracker(question, events=ERASE_ASKED))
    assert said == ["utter_faq/website", "utter_confirm_delete"]
    # Asked twice in a row already: answered, and the question is let go.
    twice = ERASE_ASKED + asked("utter_confirm_delete", "action_answer_faq", "网址")
    said, _ = await run(ActionAnswerFaq(), tracker(question, events=twice))
    assert said == ["utter_faq/website"]


async def test_no_fallback_after_an_answer_in_the_same_turn():
    latest = parse("faq", text="看下进度", faq=[("check_progress", 0.9)])
    t = tracker(latest)
    t.events.append({"event": "bot", "text": "列表", "metadata": {"utter_action": "x"}})
    assert answered_this_turn(t)
    said, events = await run(ActionFallback(), t)
    assert said == [] and events == []


async def test_own_progress_is_handed_to_the_look_up():
    latest = parse("faq", text="查我们单位办事进度", faq=[("check_progress", 0.9)])
    _, events = await run(ActionAnswerFaq(), tracker(latest))
    assert events == [FollowupAction("action_check_progress")]
    how = parse("faq", text="办事进度怎么查", faq=[("check_progress", 0.9)])
    said, _ = await run(ActionAnswerFaq(), tracker(how))
    assert said == ["utter_faq/check_progress"]


def test_reading_short_follow_ups():
    assert followup_topic("去哪里办", "open_online") == "where"
    assert followup_topic("在哪办", "how_to_operate") == "where"
    assert followup_topic("要带什么东西去", "agent_agreement") == "agent_agreement"
    assert followup_topic("要带什么东西去", "open_online") == "documents"
    assert followup_topic("密码忘了要带什么", "password_lost") == "password_lost"
    assert wants_own_progress("看下进度", logged_in=False)
    assert wants_own_progress("进度", logged_in=True)
    assert not wants_own_progress("办事进度在哪里查", logged_in=True)


def test_a_unit_of_no_stated_kind_gets_the_two_unit_types():
    dispatcher = CollectingDispatcher()
    events = answer_topic(dispatcher, "documents", None, domain(), unit=True)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_unit_type_documents"
    assert [b["title"] for b in message["buttons"]] == ["企业/民办非企业单位", "机关事业单位"]
    assert events == [
        SlotSet("pending_topic", "documents"),
        SlotSet("last_type_topic", "documents"),
    ]


async def test_a_type_correction_re_answers_the_last_type_dependent_question():
    latest = parse(
        "inform_applicant_type",
        text="哦不对，我是单位的，企业",
        entities=[entity("applicant_type", "enterprise")],
    )
    t = tracker(latest, slots={"last_type_topic": "documents", "applicant_type": "enterprise"})
    said, events = await run(ActionAnswerFaq(), t)
    assert said == ["utter_documents_enterprise"]
    assert SlotSet("last_type_topic", "documents") in events


async def test_typed_consent_to_status_alerts_subscribes_and_a_typed_no_declines():
    alerts_asked = asked("utter_alert_consent_sms", "action_offer_alerts", "状态有变化时通知我")
    wanted = {"pending_alerts": [{"no": "HZ2026112307415", "item": "失业登记"}]}
    for text, intent in (("是的", "affirm"), ("好，开启吧", "affirm"), ("嗯", "affirm")):
        said, events = await run(
            ActionFollowup(), tracker(parse(intent, text=text), events=alerts_asked, slots=wanted)
        )
        assert said == [] and events == [FollowupAction("action_subscribe_alerts")], text
    said, events = await run(
        ActionFollowup(), tracker(parse("deny", text="先不用"), events=alerts_asked, slots=wanted)
    )
    assert said == ["utter_deny_ack"] and events == [SlotSet("pending_alerts", None)]


async def test_a_contact_typed_to_the_offer_is_a_yes_with_the_contact():
    # Users skip ahead: the number comes before the bot asked for it.
    t = tracker(parse("faq", text="13800138000"), events=OFFERED, slots={"pending_handoff": True})
    said, events = await run(ActionFollowup(), t)
    assert said == []
    assert events == [
        SlotSet("pending_handoff", None),
        SlotSet("handoff_contact", "+8613800138000"),
        FollowupAction("handoff_form"),
    ]


async def test_a_unit_said_without_its_kind_asks_only_the_unit_types():
    # "哦不对，我是单位的" after a 个人 answer: no longer 个人, and not yet a kind of unit.
    t = tracker(
        parse("inform_applicant_type", text="哦不对，我是单位的"),
        slots={"last_type_topic": "password_lost", "applicant_type": "individual"},
    )
    said, events = await run(ActionAnswerFaq(), t)
    assert said == ["utter_ask_unit_type_password_lost"]
    assert SlotSet("applicant_type", None) in events
    t = tracker(parse("inform_applicant_type", text="我是单位的"), slots={"applicant_type": None})
    said, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_ask_unit_type"]


def test_a_cancel_of_one_listed_is_told_from_a_how_to():
    from actions.confirmation import cancels_one_listed

    def says(text, intent="faq"):
        return cancels_one_listed(
            tracker(parse(intent, text=text), slots={"progress_list": LISTED})
        )

    assert says("cancel the rejected one", intent="result_wrong")
    assert says("把没通过的那个撤了")
    assert not says("被驳回的申报怎么撤销")
    assert not says("没通过的那个")  # points only
    assert not cancels_one_listed(tracker(parse("faq", text="把没通过的那个撤了")))  # no list


async def test_an_email_typed_to_the_offer_is_a_contact_even_read_as_alert_consent():
    from actions.alerts import ActionSubscribeAlerts

    t = tracker(
        parse("confirm_alerts", text="sms.user.hz@qq.com"),
        events=OFFERED,
        slots={"pending_handoff": True},
    )
    said, events = await run(ActionSubscribeAlerts(), t)
    assert said == []
    assert SlotSet("handoff_contact", "sms.user.hz@qq.com") in events
    assert FollowupAction("handoff_form") in events


async def test_asking_how_to_cancel_gets_the_guide_not_a_confirmation():
    from actions.progress import ActionCancelSubmission

    t = tracker(
        parse("cancel_my_submission", text="被驳回的申报怎么撤销"),
        slots={"progress_list": LISTED},
    )
    said, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_faq/fix_data"]


def test_what_points_at_one_listed_submission():
    from actions.confirmation import cancels_selected, names_one_listed

    def names(text, **slots):
        return names_one_listed(
            tracker(parse("faq", text=text), slots={"progress_list": LISTED, **slots})
        )

    assert names("失业登记那个为什么被驳回")
    assert names("Why was the first one rejected?")
    assert names("没通过的那个")
    assert names("HZ2026111908263")
    assert not names("1")  # a bare number may answer another question
    assert not names("审核没通过怎么办")  # a how-to question
    assert not names("第四步提交以后呢")  # a step of the guide, not a position in the list
    selected = {"selected_submission": "HZ2026111908263", "progress_list": LISTED}
    assert cancels_selected(tracker(parse("faq", text="这个能撤吗"), slots=selected))
    assert cancels_selected(tracker(parse("faq", text="撤回"), slots=selected))
    assert not cancels_selected(tracker(parse("faq", text="怎么撤回"), slots=selected))


def test_a_contact_inside_a_longer_answer():
    from actions.confirmation import contact_in

    assert contact_in("好的，我电话13957112345").value == "+8613957112345"
    assert contact_in("行 发我邮箱 wang.li@example.com 就好").value == "wang.li@example.com"
    assert contact_in("好的，转吧") is None


async def test_a_yes_with_a_number_to_the_offer_takes_the_number():
    t = tracker(
        parse("affirm", text="好的，我电话13957112345"),
        events=OFFERED,
        slots={"pending_handoff": True},
    )
    _, events = await run(ActionFollowup(), t)
    assert SlotSet("handoff_contact", "+8613957112345") in events


def test_details_the_guide_never_gives_are_said_to_be_missing():
    assert followup_topic("具体地址在哪，哪条路", "open_online") == "not_in_guide"
    assert followup_topic("身份证复印件要几份", "documents") == "not_in_guide"


async def test_a_type_said_with_a_question_answers_the_question_for_that_type():
    latest = parse(
        "inform_applicant_type",
        text="What documents do I need? I'm an individual.",
        entities=[entity("applicant_type", "individual")],
        faq=[("documents", 0.8)],
    )
    said, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_documents_individual"]


def test_a_miss_said_by_another_action_counts_toward_the_offer():
    from actions.answers import previous_turn_was_fallback

    missed = [
        {
            "event": "user",
            "text": "嗯那个怎么说呢",
            "parse_data": parse("affirm", text="嗯那个怎么说呢"),
        },
        {"event": "action", "name": "action_followup"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_suggest_topics"}},
        {"event": "action", "name": "action_listen"},
    ]
    assert previous_turn_was_fallback(
        tracker(parse("nlu_fallback", text="有个问题"), events=missed)
    )


def test_questions_about_the_cancel_rule_are_not_cancels():
    from actions.confirmation import cancels_selected, names_one_listed

    selected = {"selected_submission": "HZ2026111908263", "progress_list": LISTED}
    for text in ("为啥不能撤", "为什么审核通过的不能注销", "等下，撤回了还能重新交吗"):
        assert not cancels_selected(tracker(parse("faq", text=text), slots=selected)), text
    # A status inside a statement of the case is not pointing at an item.
    complaint = parse("result_wrong", text="这个退回不合理，基数是按工资填的")
    assert not names_one_listed(tracker(complaint, slots={"progress_list": LISTED}))


# -- a yes or no that says more: the request or the question it carries ------------------

NOT_IN_GUIDE = asked("utter_faq/not_in_guide", "action_answer_faq", "身份证复印件要几份")
DOCUMENTS = asked("utter_documents_enterprise", "action_answer_faq", "1")


async def test_a_yes_carrying_a_request_for_a_person_is_the_offer():
    said, events = await run(
        ActionFollowup(),
        tracker(parse("affirm", text="好吧，那还是帮我转人工"), events=NOT_IN_GUIDE),
    )
    assert said == []
    assert events == [
        SlotSet("handoff_reason", "request_human"),
        FollowupAction("action_offer_handoff"),
    ]


async def test_the_offer_handed_over_does_not_hand_over_again():
    t = tracker(parse("affirm", text="好吧，那还是帮我转人工"), events=NOT_IN_GUIDE)
    t.events.append({"event": "action", "name": "action_followup"})
    from actions.handoff import ActionOfferHandoff

    said, _ = await run(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


async def test_a_follow_up_question_read_as_a_yes_is_answered_from_the_guide():
    latest = parse("affirm", text="经办人呢", faq=[("agent_agreement", 0.8)])
    said, _ = await run(ActionFollowup(), tracker(latest, events=DOCUMENTS))
    assert said == ["utter_faq/agent_agreement"]


async def test_a_follow_up_question_read_as_a_yes_the_selector_cannot_place_is_a_miss():
    latest = parse("affirm", text="那个呢", faq=[("contact", 0.1)])
    said, _ = await run(ActionFollowup(), tracker(latest, events=DOCUMENTS))
    assert said == ["utter_suggest_topics"]


async def test_a_yes_saying_nothing_to_place_stays_a_yes():
    for text in ("好的", "好的，我知道了"):
        latest = parse("affirm", text=text, faq=[("agent_agreement", 0.8)])
        latest["intent"]["confidence"] = 0.95
        said, _ = await run(ActionFollowup(), tracker(latest, events=DOCUMENTS))
        assert said == ["utter_ack"], text


async def test_a_question_pending_takes_the_yes_before_what_it_carries():
    # "好的，经办人呢" to the offer of a person is still a yes to it.
    latest = parse("affirm", text="好的，经办人呢", faq=[("agent_agreement", 0.8)])
    t = tracker(latest, events=OFFERED, slots={"pending_handoff": True})
    _, events = await run(ActionFollowup(), t)
    assert FollowupAction("handoff_form") in events


async def test_a_bare_question_the_nlu_could_not_place_is_the_topic_the_selector_is_sure_of():
    unplaced = parse("nlu_fallback", text="经办人呢", faq=[("agent_agreement", 0.98)])
    said, _ = await run(ActionFallback(), tracker(unplaced, events=DOCUMENTS))
    assert said == ["utter_faq/agent_agreement"]
    # Unsure, with nothing answered before, or more than a bare question: not read here.
    unsure = parse("nlu_fallback", text="经办人呢", faq=[("agent_agreement", 0.6)])
    long = parse("nlu_fallback", text="我们这边的那个经办人委托呢", faq=[("agent_agreement", 0.98)])
    for t in (
        tracker(unsure, events=DOCUMENTS),
        tracker(unplaced),
        tracker(long, events=DOCUMENTS),
    ):
        assert await read_unsure_reading(CollectingDispatcher(), t, domain()) is None


async def test_a_question_the_nlu_could_not_place_after_a_submission_shown_is_about_it():
    text = "缺盖章的工资汇总表，补上传在哪"
    shown = asked("utter_submission_detail", "action_show_submission", "第二个为什么没通过")
    unplaced = parse("nlu_fallback", text=text, faq=[("fix_data", 0.89)])
    said, _ = await run(ActionFallback(), tracker(unplaced, events=shown))
    assert said == ["utter_faq/fix_data"]
    # Less sure, not a question, or no submission just shown: not read here.
    for latest, events in (
        (parse("nlu_fallback", text=text, faq=[("fix_data", 0.6)]), shown),
        (parse("nlu_fallback", text="缺盖章的工资汇总表", faq=[("fix_data", 0.89)]), shown),
        (unplaced, DOCUMENTS),
    ):
        t = tracker(latest, events=events)
        assert await read_unsure_reading(CollectingDispatcher(), t, domain()) is None


def test_a_follow_up_after_a_refused_cancel_carries_the_cancel_to_the_one_it_names():
    from actions.confirmation import carries_cancel

    refused = asked("utter_cannot_cancel_approved", "action_cancel_submission", "第2个撤了")
    slots = {"progress_list": LISTED, "selected_submission": LISTED[1]["no"]}

    def carries(text: str, events: list[dict] = refused) -> bool:
        return carries_cancel(
            tracker(parse("pick_submission", text=text), slots=slots, events=events)
        )

    assert carries("那失业登记那条呢")
    assert carries("那第一个呢")
    assert carries("那 HZ2026112307415 呢")
    assert carries("那审核未通过的呢")
    # A question about it, or a message naming none listed, is no 注销.
    assert not carries("那失业登记为啥没通过")
    assert not carries("那失业登记什么时候能审")
    assert not carries("那网上怎么改呢")
    # A correction that asks to look at one (错了，我要看第二个) points, it orders nothing.
    assert not carries("错了，我要看第二个")
    assert not carries("搞错了 查一下第一个")
    assert carries("搞错了，是第一个，撤掉")
    # Only right after a 注销 was refused or done.
    shown = asked("utter_submission_detail", "action_show_submission", "第2个")
    assert not carries("那失业登记那条呢", shown)
    done = asked("utter_cancelled", "action_confirm_cancel", "是的")
    assert carries("那第一个呢", done)
    # Refused as an answer to "这个能撤吗": "那第二个呢" asks whether that one can be.
    asked_whether = asked("utter_cannot_cancel_approved", "action_cancel_submission", "这个能撤吗")
    assert not carries("那第一个呢", asked_whether)


async def test_a_log_out_said_in_words_wins_over_the_status_the_message_names():
    from actions.confirmation import orders_logout
    from actions.login import ActionLogout

    slots = {"progress_list": LISTED, "selected_submission": LISTED[0]["no"]}
    text = "还是审核未通过啊。好，我下班了，帮我登出"
    t = tracker(parse("faq", text=text, faq=[("how_to_operate", 0.22)]), slots=slots)
    assert orders_logout(t)
    said, events = await run(ActionAnswerFaq(), t)
    assert said == [] and events == [FollowupAction("action_logout")]
    assert not ActionLogout().steered(t)
    for question in ("怎么退出登录", "退出登录后记录还在吗", "我要转人工"):
        assert not orders_logout(tracker(parse("faq", text=question), slots=slots))
    # "把这个退掉" may be a 注销: only the words of a log-out order one.
    assert not orders_logout(tracker(parse("cancel_my_submission", text="把这个退掉"), slots=slots))
    assert not orders_logout(tracker(parse("cancel_my_submission", text="帮我退了吧"), slots=slots))
    from actions.progress import ActionCancelSubmission

    said_last = "哦，原来早就注销过了，我老糊涂了。那退出吧"
    t = tracker(parse("cancel_my_submission", text=said_last), slots=slots)
    assert orders_logout(t)
    said, events = await run(ActionCancelSubmission(), t)
    assert said == [] and events == [FollowupAction("action_logout")]


#: The 注销 of the first listed submission asked, and waiting for its yes.
CANCEL_WAITS = asked("utter_confirm_cancel", "action_cancel_submission", "失业登记那个注销")
CANCEL_WAITING_SLOTS = {
    "progress_list": LISTED,
    "selected_submission": LISTED[0]["no"],
    "pending_cancel": LISTED[0]["no"],
}


async def test_a_question_while_a_cancel_waits_is_answered_then_the_cancel_asked_again():
    waiting, slots = CANCEL_WAITS, CANCEL_WAITING_SLOTS
    question = parse("faq", text="注销要收费吗", faq=[("not_in_guide", 0.99)])
    said, _ = await run(ActionAnswerFaq(), tracker(question, slots=slots, events=waiting))
    assert said == ["utter_faq/not_in_guide", "utter_confirm_cancel"]
    # Naming another one is that one's 注销, question or not.
    other = parse("faq", text="那参保证明打印那个能注销吗", faq=[("fix_data", 0.6)])
    assert not asks_beside_pending_cancel(tracker(other, slots=slots, events=waiting))


async def test_a_cancel_ordered_with_the_list_shown_and_none_named_asks_which():
    order = parse("faq", text="注销申报", faq=[("fix_data", 0.99)])
    said, events = await run(ActionAnswerFaq(), tracker(order, slots={"progress_list": LISTED}))
    assert said == [] and events == [FollowupAction("action_cancel_submission")]


async def test_a_complaint_is_offered_a_person_whatever_the_guide_topic():
    text = "我要投诉，你们网站老是登不进去"
    complaint = parse("faq", text=text, faq=[("website", 0.98)])
    said, events = await run(ActionAnswerFaq(), tracker(complaint))
    assert said == [] and events == [FollowupAction("action_offer_handoff")]
    assert not asks_for_person("怎么投诉")


async def test_a_topic_said_with_a_type_the_nlu_is_unsure_of_is_answered():
    text = "你好 我们公司几十个员工 每个人一条条录太慢了"
    enterprise = [entity("applicant_type", "enterprise")]
    latest = parse("inform_applicant_type", text=text, entities=enterprise, faq=[("batch", 0.94)])
    latest["intent"]["confidence"] = 0.64
    said, events = await run(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/batch"]
    assert SlotSet("applicant_type", "enterprise") in events
    # Sure it is a type: "我是民办非企业单位的经办人" is one, whatever the selector finds.
    text = "我是民办非企业单位的经办人"
    latest = parse(
        "inform_applicant_type", text=text, entities=enterprise, faq=[("agent_agreement", 0.92)]
    )
    latest["intent"]["confidence"] = 1.0
    said, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert "utter_faq/agent_agreement" not in said


async def test_why_one_listed_shows_its_result_at_once_is_the_guides_answer():
    text = "为什么参保证明打印一下就好了"
    latest = parse("faq", text=text, faq=[("review_vs_query", 0.63), ("fix_data", 0.1)])
    said, _ = await run(ActionAnswerFaq(), tracker(latest, slots={"progress_list": LISTED}))
    assert said == ["utter_faq/review_vs_query"]


async def test_whom_to_ask_after_a_refused_cancel_read_as_another_is_the_guides_contacts():
    from actions.progress import ActionCancelSubmission

    refused = asked("utter_cannot_cancel_approved", "action_cancel_submission", "那我撤销掉重新交")
    slots = {"progress_list": LISTED, "selected_submission": LISTED[1]["no"]}
    latest = parse("cancel_my_submission", text="那我该找谁", faq=[("contact", 0.38)])
    said, _ = await run(ActionCancelSubmission(), tracker(latest, slots=slots, events=refused))
    assert said == ["utter_faq/contact"]


async def test_a_report_of_having_logged_in_is_the_logins_however_read():
    from actions.topics import reports_logged_in

    assert reports_logged_in("登上了") and reports_logged_in("好了 登录好了")
    assert not reports_logged_in("登录了吗") and not reports_logged_in("登不上了")
    assert not reports_logged_in("我登录了以后怎么查进度呢这个地方在哪")
    latest = parse("faq", text="登上了", faq=[("login_methods", 0.59)])
    said, events = await run(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_login")]


async def test_a_yes_carrying_a_request_the_nlu_ranks_next_is_the_request():
    latest = parse("affirm", text="好了，看进度")
    latest["intent_ranking"] = [
        {"name": "affirm", "confidence": 0.6},
        {"name": "check_my_progress", "confidence": 0.39},
    ]
    said, events = await run(ActionFollowup(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


def test_more_ways_to_decline_ask_for_a_person_and_order_a_cancel():
    from actions.cancel import orders_cancel
    from actions.yesno import typed_answer

    assert typed_answer("算啦 我先自己看看") == "no"
    assert asks_for_person("我们是民办非企业单位，网上办事的账号登不上了，想找个人工问问")
    assert orders_cancel("我要撤销我的就业创业证申领")


async def test_an_action_run_after_an_answer_this_turn_reads_the_message_no_second_time():
    from rasa_sdk import Tracker

    from actions.fallback import ActionFallback

    # "登上了" steered to the login, which showed the list; the policy's fallback after it
    # must not steer to the login again (that went round until Rasa's limit, no reply).
    latest = parse("check_my_progress", text="登上了")
    events = [
        {"event": "user", "text": "登上了", "parse_data": latest},
        {"event": "action", "name": "action_check_progress"},
        {"event": "action", "name": "action_login"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_progress_list"}},
    ]
    t = Tracker("test-user", {}, latest, events, False, None, {}, "action_login")
    said, events_out = await run(ActionFallback(), t)
    assert said == [] and events_out == []


async def test_a_question_while_a_cancel_waits_read_as_the_cancel_is_answered_too():
    from actions.progress import ActionCancelSubmission

    waiting, slots = CANCEL_WAITS, CANCEL_WAITING_SLOTS
    latest = parse("cancel_my_submission", text="撤回后那12个人要重新录吗", faq=[("resubmit", 0.7)])
    said, _ = await run(ActionCancelSubmission(), tracker(latest, slots=slots, events=waiting))
    assert said == ["utter_faq/resubmit", "utter_confirm_cancel"]


def test_a_message_opening_with_a_complaint_asks_for_a_person():
    assert asks_for_person("投诉！你们网站老是打不开")
    assert not asks_for_person("投诉电话是多少")


async def test_a_yes_with_the_progress_the_selector_is_sure_of_is_the_look_up():
    latest = parse("affirm", text="好了，看进度", faq=[("check_progress", 1.0)])
    said, events = await run(ActionFollowup(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    latest = parse("affirm", text="好的，那怎么查进度", faq=[("check_progress", 1.0)])
    said, events = await run(ActionFollowup(), tracker(latest))
    assert events != [FollowupAction("action_check_progress")]


async def test_an_unsure_question_while_a_cancel_waits_is_no_yes_to_it():
    waiting, slots = CANCEL_WAITS, CANCEL_WAITING_SLOTS
    text = "撤回后那12个人要重新录吗"
    latest = parse("faq", text=text, faq=[("resubmit", 0.34), ("fix_data", 0.32)])
    said, _ = await run(ActionAnswerFaq(), tracker(latest, slots=slots, events=waiting))
    assert said == ["utter_faq/resubmit", "utter_confirm_cancel"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("职业年金那个怎么了", True),
        ("职业年金这个为啥被退回", True),
        # the policy asked, not the declaration listed
        ("职业年金缴费基数下限是多少", False),
    ],
)
def test_a_social_matter_pointed_at_on_the_list_is_the_listed_one(text, shown):
    from actions.confirmation import names_one_listed

    listed = [
        {"n": 1, "no": "HZ2026111803265", "item": "职业年金缴费基数申报", "status": "审核未通过"},
        {"n": 2, "no": "HZ2026111800001", "item": "单位基本信息变更", "status": "待审核"},
    ]
    t = tracker(parse("out_of_scope_social", text=text), slots={"progress_list": listed})
    assert names_one_listed(t) is shown


@pytest.mark.parametrize("text", ["律所", "社会组织", "我们是协会的"])
async def test_a_body_the_guide_names_no_type_for_asks_the_kind_of_unit(text):
    from actions.fallback import ActionFallback

    slots = {"pending_topic": "password_lost", "last_type_topic": "password_lost"}
    for action, intent in (
        (ActionFallback(), "nlu_fallback"),
        (ActionAnswerFaq(), "inform_applicant_type"),
    ):
        said, _ = await run(action, tracker(parse(intent, text=text), slots=slots))
        assert said == ["utter_ask_unit_type_password_lost"], (action, text)


def test_a_body_named_in_a_longer_question_is_no_bare_unit():
    from actions.answers import speaks_for_unit

    assert not speaks_for_unit("律师事务所执业许可证算不算核准执业文件")


@pytest.mark.parametrize(
    ("text", "closest", "expected"),
    [
        # 更正 with the type said corrects the type: the documents again, for it
        ("更正一下，我们是民政登记的民办非企业单位", 0.8, "utter_documents_enterprise"),
        # a slip in the data said by a unit is fixing the data, not its type
        ("我们是企业，申报的数据填错了要更正怎么弄", 0.9, "utter_faq/fix_data"),
    ],
)
async def test_gengzheng_by_a_unit_corrects_its_type_or_its_data(text, closest, expected):
    latest = parse(
        "faq",
        text=text,
        faq=[("fix_data", closest)],
        entities=[entity("applicant_type", "enterprise")],
    )
    t = tracker(latest, slots={"last_type_topic": "documents", "applicant_type": "enterprise"})
    said, _ = await run(ActionAnswerFaq(), t)
    assert said == [expected]


@pytest.mark.parametrize("text", ["我要人工客服", "帮我转个人工", "我要投诉 转人工"])
async def test_a_person_asked_for_again_at_the_offer_is_offered_again(text):
    from actions.handoff import ActionOfferHandoff

    t = tracker(parse("request_human", text=text), events=OFFERED, slots={"pending_handoff": True})
    said, events = await run(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]
    assert FollowupAction("handoff_form") not in events


@pytest.mark.parametrize(
    "text", ["好，转人工吧", "转人工 转人工 听不懂吗", "那就转人工吧", "行 帮我转"]
)
async def test_a_yes_or_an_impatient_repeat_at_the_offer_takes_it_up(text):
    from actions.handoff import ActionOfferHandoff

    t = tracker(parse("request_human", text=text), events=OFFERED, slots={"pending_handoff": True})
    _, events = await run(ActionOfferHandoff(), t)
    assert FollowupAction("handoff_form") in events


@pytest.mark.parametrize(
    ("intent", "text", "closest", "kind"),
    [
        # 更正 corrects the type here, not data to change
        (
            "inform_applicant_type",
            "更正一下，我们是民政登记的民办非企业单位",
            "fix_data",
            "enterprise",
        ),
        # the comparison is answered for the type said of oneself
        ("faq", "事业单位跟企业要的不一样吗？我们是事业单位", "login_methods", "institution"),
    ],
)
async def test_ones_own_type_said_at_the_type_question_answers_for_it(intent, text, closest, kind):
    latest = parse(
        intent, text=text, faq=[(closest, 0.7)], entities=[entity("applicant_type", kind)]
    )
    slots = {"pending_topic": "documents", "last_type_topic": "documents", "applicant_type": kind}
    said, _ = await run(ActionAnswerFaq(), tracker(latest, slots=slots))
    assert said == [f"utter_documents_{kind}"]


def test_ones_own_type_said_is_told_from_a_field_to_correct():
    from actions.topics import states_own_type

    assert states_own_type("更正一下，我们是民政登记的民办非企业单位")
    assert states_own_type("咱们单位属于事业单位")
    assert not states_own_type("我们是企业，工资数据要更正")
    assert not states_own_type("事业单位跟企业要的不一样吗")
