"""Readings that the development sets' failing steps showed missing at stop 52: a type
corrected right after its answer, a secret regretted, a filing of one's own told by when
it went in."""

from pathlib import Path
from typing import Any

import pytest

from actions.alerts import ActionOfferAlerts
from actions.answers import asks_for_person, closing_said, is_bare_goodbye
from actions.chitchat import ActionBotChallenge
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.handoff import ActionOfferHandoff
from actions.login import ActionLogout
from actions.progress import ActionCheckProgress, ActionShowSubmission
from actions.references import acceptance_tail
from actions.topics import plain_topic
from actions.words import DOUBT_RE
from actions.yesno import acknowledges
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import entity, parse, tracker


def followups(events: list) -> list[str]:
    return [e["name"] for e in events if e.get("event") == "followup"]


async def test_a_type_corrected_right_after_its_answer_is_answered_for_the_new_type():
    # The slot already holds the type said now (the entity fills it before any action
    # runs); the answer just given was for another type.
    latest = parse(
        "result_wrong",
        text="不对不对 我们是事业单位 搞错了",
        entities=[entity("applicant_type", "institution")],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_enterprise"),
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_password_lost_institution"]

    latest = parse(
        "faq",
        text="sorry, actually it's our hospital's account, the hospital is a public institution",
        faq=[("open_online", 0.9)],
        entities=[entity("applicant_type", "institution")],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_individual"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_institution"]


async def test_a_review_disputed_with_a_type_said_stays_a_dispute():
    latest = parse(
        "result_wrong",
        text="审核结果搞错了吧 我们是事业单位",
        entities=[entity("applicant_type", "institution")],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


@pytest.mark.parametrize(
    ("text", "reading", "topic"),
    [
        ("刚才不小心把密码发出来了 能删掉吗", "faq", "password_lost"),
        ("啊呀密码不该发的 记录删了", "faq", "password_lost"),
        ("诶我怎么把身份证发出来了 把这条记录删掉", "nlu_fallback", "fix_data"),
    ],
)
async def test_a_secret_regretted_with_a_verb_of_erasing_asks_to_erase(text, reading, topic):
    latest = parse(reading, text=text, faq=[(topic, 0.98)])
    action = ActionFallback() if reading == "nlu_fallback" else ActionAnswerFaq()
    said, events = await responses_of(
        action, tracker(latest, events=answered("utter_password_lost_individual"))
    )
    assert said == []
    assert followups(events) == ["action_confirm_delete"]


async def test_a_secret_sent_elsewhere_is_no_erasure():
    latest = parse("faq", text="我把密码发给同事了 要不要改密码", faq=[("change_password", 0.9)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/change_password"]


@pytest.mark.parametrize(
    ("text", "reading", "faq", "action"),
    [
        # the subsidy makes it a social matter to the NLU
        (
            "我九月份报的技能提升补贴想撤回 不想申请了",
            "out_of_scope_social",
            [("fix_data", 1.0)],
            "action_cancel_submission",
        ),
        (
            "喂你好我是公司人事昨天报的那个缴费基数工资填错了我想把它撤回来重新报一下可以吗",
            "faq",
            [("resubmit", 0.9)],
            "action_cancel_submission",
        ),
    ],
)
async def test_a_filing_of_ones_own_told_by_when_is_acted_on(
    text, reading, faq, action, tmp_path: Path
):
    latest = logged_out(tmp_path, parse(reading, text=text, faq=faq))
    acting = ActionOutOfScope() if reading == "out_of_scope_social" else ActionAnswerFaq()
    said, events = await responses_of(acting, tracker(latest))
    assert said == []
    assert followups(events) == [action]


async def test_how_one_withdraws_a_filing_told_by_when_is_the_guides(tmp_path: Path):
    latest = logged_out(tmp_path, parse("faq", text="上周提交的怎么撤回", faq=[("fix_data", 0.9)]))
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


# Readings the first runs of CV–CY showed missing.


def test_the_end_of_a_number_then_how_it_stands_names_it():
    assert acceptance_tail("4729现在啥状态") == "4729"
    assert acceptance_tail("4729呢") == "4729"
    # the hotline is never the end of a 受理编号
    assert acceptance_tail("12333呢") is None
    assert acceptance_tail("12333怎么打不通") is None


@pytest.mark.parametrize(
    ("action", "reading", "text", "faq", "before"),
    [
        # an ID of another province, after the individual's papers
        (
            ActionOutOfScope,
            "out_of_scope_social",
            "外地身份证也行吗",
            [("not_in_guide", 0.63)],
            "utter_documents_individual",
        ),
        # 吴语 敲章 for 盖章
        (
            ActionAnswerFaq,
            "faq",
            "复印件要敲章伐",
            [("documents", 0.85)],
            "utter_documents_enterprise",
        ),
        # the line's hours, read as a pick with nothing listed
        (
            ActionShowSubmission,
            "pick_submission",
            "12333是全天的吗",
            [("contact", 0.96)],
            "utter_faq/contact",
        ),
        # whether the bureau sends word of its result
        (
            ActionOfferAlerts,
            "subscribe_alerts",
            "审核完了会发短信通知吗",
            [("review_vs_query", 0.68)],
            "",
        ),
        # BE: 会不会 asks it, with no particle after
        (
            ActionOfferAlerts,
            "subscribe_alerts",
            "审核通过了会不会发短信通知我",
            [("check_progress", 0.49)],
            "",
        ),
        (
            ActionCheckProgress,
            "check_my_progress",
            "出结果会发短信通知吗",
            [("review_vs_query", 0.68)],
            "utter_faq/flow",
        ),
    ],
)
async def test_what_the_guide_never_says_is_its_silence(
    action, reading, text, faq, before, tmp_path: Path
):
    latest = logged_out(tmp_path, parse(reading, text=text, faq=faq))
    events = answered(before) if before else []
    said, _ = await responses_of(action(), tracker(latest, events=events))
    assert said == ["utter_faq/not_in_guide"]


async def test_alerts_asked_of_the_assistant_are_still_offered(tmp_path: Path):
    text = "审核结果出来能提醒我吗"
    latest = logged_out(
        tmp_path, parse("subscribe_alerts", text=text, faq=[("review_vs_query", 0.6)])
    )
    said, _ = await responses_of(ActionOfferAlerts(), tracker(latest))
    assert said == ["utter_login_link"]


async def test_a_figure_filed_wrong_and_found_after_approval_is_fixing_not_a_dispute():
    text = "已经审核通过的申报发现人数报错了 还能改吗"
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(parse("faq", text=text, faq=[("fix_data", 1.0)]))
    )
    assert said == ["utter_faq/fix_data"]


def test_a_yes_run_on_into_a_plan_takes_the_answer_in():
    assert acknowledges("好的我自己弄")
    assert acknowledges("行我去改")
    assert not acknowledges("好的我自己弄不来")


async def test_the_form_the_reset_named_asked_for_is_the_reset_again():
    latest = parse("faq", text="那张表在哪领", faq=[("open_online", 0.75)])
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_institution"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_institution"]


async def test_a_new_units_first_step_is_opening():
    text = "你好，我们公司刚成立，想在网上办社保那些业务，第一步要干嘛"
    latest = parse(
        "faq",
        text=text,
        faq=[("open_online", 0.96)],
        entities=[entity("applicant_type", "enterprise")],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/open_online"]


async def test_what_comes_once_withdrawn_read_as_a_log_out_is_handing_in_again():
    latest = parse("logout", text="注销完了呢", faq=[("fix_data", 0.98)])
    said, _ = await responses_of(
        ActionLogout(), tracker(latest, events=answered("utter_faq/fix_data"))
    )
    assert said == ["utter_faq/resubmit"]


async def test_the_way_of_looking_asked_is_the_guides(tmp_path: Path):
    latest = logged_out(
        tmp_path,
        parse("check_my_progress", text="有什么办法看审到哪了", faq=[("check_progress", 0.88)]),
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_ones_own_look_ordered_after_the_how_is_the_look_up(tmp_path: Path):
    latest = logged_out(
        tmp_path,
        parse(
            "inform_applicant_type",
            text="我是說查我自己的",
            faq=[("open_online", 0.28)],
            entities=[entity("applicant_type", "individual")],
        ),
    )
    said, events = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/check_progress"))
    )
    assert said == []
    assert followups(events) == ["action_check_progress"]


async def test_a_listed_name_with_how_it_stands_shows_it(person: Session):
    t = person.tracker(
        "out_of_scope_social",
        "职业技能提升补贴的到哪了",
        shown="utter_submission_detail",
        faq=[("how_to_operate", 0.16)],
    )
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_submission_detail"]
    # a benefit the portal lists nothing of stays a social matter
    t = person.tracker("out_of_scope_social", "养老金的到哪了", shown="utter_submission_detail")
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]


async def test_a_person_declined_for_ones_own_fix_is_told_how():
    offered = {"pending_handoff": True, "handoff_reason": "result_wrong"}
    latest = parse("deny", text="那我重新传一次算了", faq=[("resubmit", 1.0)])
    t = tracker(latest, slots=offered, events=answered("utter_offer_handoff"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_faq/resubmit"]
    latest = parse("deny", text="算了", faq=[("resubmit", 0.3)])
    t = tracker(latest, slots=offered, events=answered("utter_offer_handoff"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_handoff_declined"]


# Readings the older development sets' failing steps showed at 875c802.


async def test_a_unit_said_after_an_individuals_answer_asks_which_unit():
    latest = parse("deny", text="不对 我是单位的", faq=[("documents", 0.5)])
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
        events=answered("utter_documents_individual"),
    )
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_ask_unit_type_documents"]


@pytest.mark.parametrize(
    ("action", "reading", "text", "faq"),
    [
        (ActionAnswerFaq, "faq", "下班了 溜了", [("how_to_operate", 0.24)]),
        (ActionBotChallenge, "bot_challenge", "好吧 机器人也挺好 拜", [("not_in_guide", 0.33)]),
    ],
)
async def test_a_short_message_ending_on_a_goodbye_leaves(action, reading, text, faq):
    latest = parse(reading, text=text, faq=faq)
    said, _ = await responses_of(action(), tracker(latest, events=answered("utter_faq/batch")))
    assert said == ["utter_goodbye"]


def test_a_goodbye_inside_a_number_is_none():
    assert closing_said("我手机13800000088") is None
    assert not is_bare_goodbye("我手机13800000088")


async def test_the_lines_details_ordered_in_english_are_the_contacts():
    text = "just tell me the 12333 number and the email"
    latest = parse("nlu_fallback", text=text, faq=[("contact", 1.0)])
    said, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_offer_handoff"))
    )
    assert said == ["utter_faq/contact"]


async def test_whether_notified_or_where_to_look_asks_the_look_not_the_silence():
    text = "申报结果会通知吗还是要自己查"
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(parse("faq", text=text, faq=[("check_progress", 0.9)]))
    )
    assert said == ["utter_faq/check_progress"]


async def test_where_a_unit_files_an_item_is_how_items_are_done():
    latest = parse("faq", text="增员在哪里报", faq=[("fix_data", 0.27), ("open_online", 0.25)])
    t = tracker(
        latest, slots={"applicant_type": "enterprise"}, events=answered("utter_faq/resubmit")
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/how_to_operate"]
    assert plain_topic("增员怎么报") is None  # how is the guide's operating answer too, elsewhere


async def test_the_answer_put_in_english_words_to_confirm_is_that_answer_again():
    latest = parse("faq", text="so I have to go there in person?", faq=[("how_to_operate", 0.63)])
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_individual"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_individual"]
    assert not DOUBT_RE.match("soihaveaquestion?")


async def test_the_one_a_unit_sends_asked_in_english_is_the_agents_part():
    text = "and the staff member who goes there?"
    latest = parse("request_human", text=text, faq=[("how_to_operate", 0.25)])
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_faq/agent_agreement"]
    assert asks_for_person("I want to talk to a human")


async def test_a_paper_lacked_in_a_units_words_is_no_look_up(tmp_path: Path):
    text = "营业执照我们没有的呀 只有民政发的登记证书"
    latest = logged_out(tmp_path, parse("check_my_progress", text=text, faq=[("documents", 0.97)]))
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(ActionCheckProgress(), t)
    assert said == ["utter_faq/not_in_guide"]


async def test_which_figure_a_base_takes_is_policy():
    text = "那3个人的基数是不是按下限填就行"
    latest = parse("faq", text=text, faq=[("contact", 0.57)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_submission_detail"))
    )
    assert said == ["utter_out_of_scope_social"]


def offered(first: str, *between: tuple[str, str]) -> list[dict[str, Any]]:
    """The offer of a person made for ``first``, then user and bot turns (text, response)."""
    events: list[dict[str, Any]] = [
        {"event": "user", "text": first, "parse_data": {"intent": {"name": "request_human"}}},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_offer_handoff"}},
    ]
    for text, response in between:
        events += [
            {"event": "user", "text": text},
            {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
        ]
    return events


@pytest.mark.parametrize(
    ("history", "text", "said", "followed_by"),
    [
        # CV: a yes of its own after a question at the offer takes the offer up
        (
            offered(
                "我要找工作人员", ("转之前问一下 对审核结果有疑问一般该找谁", "utter_faq/contact")
            ),
            "好 那转吧",
            [],
            ["handoff_form"],
        ),
        # with no offer made, a person asked for is offered first
        ([], "好 那转吧", ["utter_offer_handoff"], []),
        # AZ, BG, BI, CO, CP, CU, S: asked for right after the offer, it is offered again
        (
            offered("你们这个系统太难用了！！！"),
            "转人工！！！马上！！！",
            ["utter_offer_handoff"],
            [],
        ),
        # CO: "转人工" with no yes of its own, after the offer was left for a question
        (
            offered("审核结果搞错了吧", ("审核通过的自己能改吗", "utter_faq/fix_data")),
            "转人工",
            ["utter_offer_handoff"],
            [],
        ),
    ],
)
async def test_a_person_asked_for_around_an_offer(history, text, said, followed_by):
    t = tracker(parse("request_human", text=text), events=history)
    got, events = await responses_of(ActionOfferHandoff(), t)
    assert got == said
    assert followups(events) == followed_by
