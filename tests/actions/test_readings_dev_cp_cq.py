"""Readings that development sets CP and CQ (written with blind 22's and 23's prompts)
showed missing."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.confirmation import carries_cancel
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.progress import ActionCancelSubmission, ActionCheckProgress, ActionShowSubmission
from bot.nlu.applicant_type import detect_applicant_type
from bot.nlu.applicant_type import detect_applicant_type as extract_applicant_type
from tests.actions.test_confirmation import LISTED, asked
from tests.actions.test_context import Session, faq_answered, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import entity, parse, tracker


def test_a_refused_cancel_of_the_one_shown_leaves_the_next_one_named_to_be_looked_at():
    # "注销" of the one on screen refused, then "减员那条呢": the user walks the list by
    # looking, so the one named is shown; an order that named its own carries on.
    slots = {"progress_list": LISTED, "selected_submission": LISTED[1]["no"]}
    for order in ("注销", "註銷它", "把它撤了"):
        refused = asked("utter_cannot_cancel_approved", "action_cancel_submission", order)
        t = tracker(parse("pick_submission", text="那第一个呢"), slots=slots, events=refused)
        assert not carries_cancel(t), order
    refused = asked("utter_cannot_cancel_approved", "action_cancel_submission", "第2个撤了")
    t = tracker(parse("pick_submission", text="那第一个呢"), slots=slots, events=refused)
    assert carries_cancel(t)


@pytest.mark.parametrize(
    "text",
    [
        "改好以后要重新等审核吗",
        "身份证正反面重新传清楚了再交就行吗",
        "盖章的工资汇总表补上以后怎么交",
    ],
)
async def test_handing_in_again_once_fixed_asked_of_the_one_shown_is_the_resubmit(
    company: Session, text
):
    rejected = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        text,
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("how_to_operate", 0.51), ("resubmit", 0.34)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/resubmit"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("why it still 未审核", [("review_vs_query", 0.88)]),
        ("为啥这个当天就有结果", [("review_vs_query", 0.89)]),
    ],
)
async def test_why_the_one_shown_waits_or_answered_at_once_is_the_review(
    mailbox: Session, text, faq
):
    shown = mailbox.list_page_1[0]["no"]
    t = mailbox.tracker("faq", text, shown="utter_submission_detail", selected=shown, faq=faq)
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]


async def test_whether_a_cancelled_one_comes_back_is_handing_in_anew(company: Session):
    shown = company.list_page_1[0]["no"]
    t = company.tracker(
        "faq",
        "那已经注销掉的那条还能恢复吗",
        shown="utter_cancel_declined",
        selected=shown,
        faq=[("fix_data", 1.0)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/resubmit"], ["utter_faq/not_in_guide"])


async def test_going_in_a_relatives_place_in_wu_is_a_silence(tmp_path: Path):
    text = "我帮伊去办可以伐 还是一定要伊自己去"
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("login_methods", 0.27)]))
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_how_an_annuity_is_looked_up_is_a_social_matter():
    text = "顺便问下 护士的职业年金怎么查"
    latest = parse("faq", text=text, faq=[("check_progress", 0.46)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_password_lost_institution"))
    )
    assert said == ["utter_out_of_scope_social"]


def test_a_bureau_that_issued_a_paper_is_not_the_users_unit():
    assert extract_applicant_type("你说的批准成立证件是啥 我们只有民政局发的登记证书") is None
    assert extract_applicant_type("我们是民政局的") is not None


def test_the_user_going_for_the_unit_is_its_agent_not_an_individual():
    assert extract_applicant_type("到时候是我去办 我自己要带什么") is None


async def test_what_the_agent_brings_with_a_unit_type_known_is_the_agents_part():
    latest = parse("faq", text="到时候是我去办 我自己要带什么", faq=[("documents", 0.88)])
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]


async def test_the_agents_id_asked_after_the_reset_is_the_resets_papers():
    latest = parse("faq", text="经办人身份证要复印件吗", faq=[("agent_agreement", 1.0)])
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_enterprise"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_enterprise"]
    # after the opening's documents it is still the agent's part
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]


async def test_both_types_compared_on_a_lost_password_asks_the_type():
    latest = parse(
        "faq",
        text="单位和个人密码丢了 处理方式一样吗",
        faq=[("password_lost", 1.0)],
        entities=[entity("applicant_type", "individual")],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_ask_applicant_type_password_lost"]


async def test_a_term_of_the_last_answer_asked_is_that_answer_for_the_type_known():
    text = "你说的批准成立证件是啥 我们只有民政局发的登记证书"
    latest = parse("faq", text=text, faq=[("documents", 0.7)])
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=faq_answered("不对 我们是民办非企业", "documents")[:2]
        + [
            {
                "event": "bot",
                "text": "…",
                "metadata": {"utter_action": "utter_documents_enterprise"},
            }
        ],
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_enterprise"]


async def test_a_listed_one_named_and_asked_whether_reviewed_is_shown(company: Session):
    t = company.tracker("check_my_progress", "那个增员的审了没", shown="utter_faq/resubmit")
    said, _, _ = await run(ActionCheckProgress(), t)
    assert said == ["utter_submission_detail"]


async def test_another_named_to_cancel_too_after_one_cancelled(company: Session):
    t = company.tracker("cancel_my_submission", "那个增员的也一起撤了", shown="utter_cancelled")

    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"]


async def test_the_website_asked_at_the_contact_step_is_answered():
    from tests.actions.test_handoff import at_step

    latest = parse("faq", text="等下 你们官网网址先发我一下", faq=[("website", 1.0)])
    latest["intent"]["confidence"] = 1.0
    result, said = await at_step("contact", latest)
    assert result == {"handoff_contact": None} and said == ["utter_faq/website"]


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("登进去以后在哪个菜单改", "change_password"),
        ("那在哪个菜单呢", "change_password"),
        ("点哪里", "check_progress"),
        ("在哪里点", "fix_data"),
        ("which button?", "check_progress"),
    ],
)
async def test_where_on_the_pages_asks_the_answer_before_again(text, before):
    latest = parse("faq", text=text, faq=[("open_online", 0.72), ("how_to_operate", 0.2)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered(f"utter_faq/{before}"))
    )
    assert said == [f"utter_faq/{before}"]


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("进度查询在哪个菜单", "change_password"),  # another matter brought in
        ("点哪里", "open_online"),  # the opening is done at a counter, not on a page
        ("登录好以后点哪里办", "login_methods"),  # where an item is done, the next step
    ],
)
async def test_where_on_the_pages_with_a_matter_of_its_own_is_not_the_answer_before(text, before):
    latest = parse("faq", text=text, faq=[("check_progress", 0.9)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered(f"utter_faq/{before}"))
    )
    assert said != [f"utter_faq/{before}"]


async def test_the_last_answer_asked_in_english_for_another_type_is_that_types(
    tmp_path: Path,
):
    text = "my colleague works at a public institution, same list?"
    latest = logged_out(
        tmp_path,
        parse(
            "check_my_progress",
            text=text,
            faq=[("how_to_operate", 0.63)],
            entities=[entity("applicant_type", "institution")],
        ),
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
        events=answered("utter_documents_individual"),
    )
    said, _ = await responses_of(ActionCheckProgress(), t)
    assert said == ["utter_documents_institution"]


# -- development sets CR and CS --------------------------------------------------------


async def test_a_password_not_found_in_wu_is_lost():
    text = "我妈年纪大了，她网上办事的帐号密码都寻不着了，怎么弄"
    latest = parse("faq", text=text, faq=[("open_online", 0.81), ("password_lost", 0.1)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said in (
        ["utter_ask_applicant_type_password_lost"],
        ["utter_password_lost_individual"],
    ), said


async def test_the_portal_in_english_is_a_silence():
    latest = parse(
        "nlu_fallback", text="is there an English version of the site", faq=[("not_in_guide", 1.0)]
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionAnswerFaq(), "faq"), (ActionOutOfScope(), "out_of_scope_social")],
)
@pytest.mark.parametrize("text", ["失业登记可以在网上办吗", "那网上办事能办失业登记吗"])
async def test_whether_an_item_is_done_online_is_a_silence(action, intent, text):
    latest = parse(intent, text=text, faq=[("open_online", 0.29)])
    said, _ = await responses_of(action, tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("那减员那条帮我撤回", "职工参保减员"),
        ("增员那条审到哪了", "职工参保增员"),
        ("那个增员的审了没", "职工参保增员"),
    ],
)
async def test_a_part_of_a_name_said_with_a_lead_or_a_question_names_it(
    company: Session, text, item
):
    from actions.references import resolve_reference

    assert resolve_reference(text, company.list_page_1)["item"] == item


async def test_whether_the_list_given_is_all_is_that_list_again():
    latest = parse("result_wrong", text="就这一样？", faq=[("documents", 0.48)])
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
        events=answered("utter_documents_individual"),
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_documents_individual"]
    # with no list before it, "就这些？" is still an answer too thin
    t = tracker(parse("result_wrong", text="就这些？"), events=answered("utter_faq/batch"))
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said != ["utter_faq/batch"]


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionAnswerFaq(), "faq"), (ActionCheckProgress(), "check_my_progress")],
)
async def test_someone_sent_in_the_speakers_place_for_a_unit_is_its_agent(
    tmp_path: Path, action, intent
):
    latest = logged_out(
        tmp_path, parse(intent, text="我寻个人代我去办好伐", faq=[("how_to_operate", 0.49)])
    )
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise"),
    )
    said, _ = await responses_of(action, t)
    assert said == ["utter_faq/agent_agreement"]


async def test_a_bare_status_after_the_answer_on_fixing_asks_it_for_that_case():
    latest = parse("nlu_fallback", text="还没审核", faq=[("review_vs_query", 0.8)])
    said, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_faq/fix_data"))
    )
    assert said == ["utter_faq/fix_data"]


async def test_a_figure_entered_too_low_and_sent_back_is_how_to_fix(tmp_path: Path):
    text = "批量导了86个人的缴费基数 有3个填低了被打回来"
    latest = logged_out(tmp_path, parse("pick_submission", text=text, faq=[("batch", 0.75)]))
    said, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_waiting_for_the_agents_said_after_a_ticket_is_taken_in_not_sent():
    from actions.tickets import ActionTicketReply

    latest = parse("ticket_reply", text="那我等回复", faq=[("review_vs_query", 0.53)])
    said, _ = await responses_of(
        ActionTicketReply(), tracker(latest, events=answered("utter_ticket_waiting"))
    )
    assert said == ["utter_ack"]


# -- development sets CT and CU --------------------------------------------------------


async def test_whether_one_just_cancelled_comes_back_is_handing_in_anew(company: Session):
    shown = company.number("社保缴费基数申报")
    t = company.tracker(
        "cancel_my_submission", "刚注销的还能恢复吗", shown="utter_cancelled", selected=shown
    )
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_faq/resubmit"]


async def test_a_benefit_asked_while_a_cancel_waits_is_a_social_matter_then_the_question():
    latest = parse(
        "cancel_my_submission", text="等下，注销了失业金还能领伐", faq=[("fix_data", 0.9)]
    )
    t = tracker(
        latest,
        slots={"pending_cancel": LISTED[0]["no"], "progress_list": LISTED},
        events=asked("utter_confirm_cancel", "action_cancel_submission", "失业登记那个，注销"),
    )
    said, _ = await responses_of(ActionCancelSubmission(), t)
    assert said[0] == "utter_out_of_scope_social" and said[-1] == "utter_confirm_cancel", said


async def test_all_of_them_listed_after_a_story_is_the_list(nonprofit: Session):
    t = nonprofit.tracker(
        "pick_submission",
        "哦 原来已经注销过了 那把我们全部的列出来看看",
        shown="utter_cannot_cancel_cancelled",
    )
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said in (["utter_progress_list_more"], ["utter_progress_list"]) or (
        FollowupAction("action_check_progress") in events
    ), said


async def test_whom_to_ask_in_wu_is_the_contacts():
    latest = parse("cancel_my_submission", text="那我该寻谁", faq=[("contact", 0.32)])
    t = tracker(
        latest,
        slots={"progress_list": LISTED, "selected_submission": LISTED[1]["no"]},
        events=answered("utter_offer_handoff"),
    )
    said, _ = await responses_of(ActionCancelSubmission(), t)
    assert said == ["utter_faq/contact"]


def test_a_citizen_mailbox_user_states_no_type():
    # "如果我是市民邮箱用户呢" asks the mailbox's answer again, not an individual's
    # documents (CU's "我是市民邮箱用户，网上办事的密码忘了" then asks the type)
    assert detect_applicant_type("如果我是市民邮箱用户呢") is None


async def test_a_change_after_the_reset_is_the_change_whatever_the_topic():
    latest = parse("faq", text="重置好了以后我自己再改掉可以伐", faq=[("fix_data", 0.6)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/change_password"))
    )
    assert said == ["utter_faq/change_password"]


async def test_going_to_reset_a_fathers_password_is_a_silence(tmp_path: Path):
    text = "我爸爸网上办事的密码忘记了，他七十多了，能我去帮他重置吗"
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("password_lost", 0.9)]))
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said in (["utter_faq/not_in_guide"], ["utter_password_lost_individual"]), said


async def test_why_a_named_one_shows_cancelled_is_its_details(institution: Session):
    t = institution.tracker(
        "faq", "减员那个怎么是已注销", shown="utter_progress_list", faq=[("fix_data", 1.0)]
    )
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"], events
