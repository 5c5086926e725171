"""Readings that development sets DJ and DK's first runs showed missing, and one from an
older set's failing step (CS): each test fails on the code before it."""

from typing import Any

import pytest

from actions.chitchat import ActionCapabilities
from actions.fallback import ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCancelSubmission
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import entity, parse, tracker


def answered_before(text: str, response: str) -> list[dict[str, Any]]:
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "bot", "metadata": {"utter_action": response}},
    ]


async def faq_says(
    text: str,
    faq: list[tuple[str, float]],
    *,
    before: tuple[str, str] | None = None,
    slots: dict[str, Any] | None = None,
) -> list[str | None]:
    """What the FAQ action says to ``text``, after ``before`` (a question and its answer)."""
    events = answered_before(*before) if before else []
    t = tracker(parse("faq", text=text, faq=faq), slots=slots, events=events)
    return (await responses_of(ActionAnswerFaq(), t))[0]


# -- a submission on screen ---------------------------------------------------------


@pytest.mark.parametrize("text", ["改好之后还能用原来那条提交吗", "改好了还能在原来那条上提交吗"])
async def test_handing_in_on_the_original_once_fixed_is_going_in_again(company: Session, text: str):
    # CS: the one shown is pointed at ("那条"), but what is asked is the rule of handing
    # in again, not what that one allows
    shown = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        text,
        shown="utter_submission_detail",
        selected=shown,
        faq=[("resubmit", 0.54), ("review_vs_query", 0.17), ("fix_data", 0.13)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/resubmit"]


async def test_a_cancel_wondered_at_with_how_shows_the_one_named(institution: Session):
    # DK: "怎么显示注销了" wonders at the status; its 怎么 asks no way of cancelling
    t = institution.tracker(
        "cancel_my_submission",
        "减员那条 怎么显示注销了",
        shown="utter_progress_list",
        faq=[("fix_data", 1.0)],
    )
    said, events, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "机关事业单位人员参保减员"
    assert not any(e.get("name") == "pending_cancel" and e.get("value") for e in events)


async def test_how_a_cancel_is_done_is_still_the_rule(institution: Session):
    t = institution.tracker("cancel_my_submission", "减员那条怎么撤销", shown="utter_progress_list")
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_faq/fix_data"]


# -- read as out of scope -----------------------------------------------------------


def out_of_scope(text: str, faq: list[tuple[str, float]]):
    return tracker(parse("out_of_scope_social", text=text, faq=faq))


async def test_whom_to_ask_of_a_social_matter_is_the_scope_statement():
    # DJ: the selector's sure topic (opening) is not what 档案 is about
    t = out_of_scope("我档案在老家 要转过来找谁", [("open_online", 0.94), ("contact", 0.01)])
    assert (await responses_of(ActionOutOfScope(), t))[0] == ["utter_out_of_scope_social"]


async def test_whom_to_ask_of_a_social_matter_unsure_is_still_the_contacts():
    t = out_of_scope("养老金的事找谁问", [("contact", 0.73), ("open_online", 0.06)])
    assert (await responses_of(ActionOutOfScope(), t))[0] == ["utter_faq/contact"]


@pytest.mark.parametrize("text", ["在网上怎么办失业登记", "那基数申报网上怎么报"])
async def test_how_an_item_is_done_online_is_how_one_operates(text: str):
    # DK, CT: read as social by the item named
    t = out_of_scope(text, [("how_to_operate", 0.4)])
    assert (await responses_of(ActionOutOfScope(), t))[0] == ["utter_faq/how_to_operate"]


async def test_how_a_social_benefit_is_applied_for_online_stays_social():
    t = out_of_scope("人才补贴网上怎么申请", [("how_to_operate", 0.4)])
    assert (await responses_of(ActionOutOfScope(), t))[0] == ["utter_out_of_scope_social"]


# -- guide questions ------------------------------------------------------------------


async def test_the_box_that_pops_up_is_the_login():
    # DJ: the second way of logging in, though the message speaks of items clicked
    said = await faq_says(
        "我是点了办事项目以后弹出来一个框，是在那里输吗",
        [("how_to_operate", 0.83), ("login_methods", 0.14)],
        before=("怎么登陆啊 帐号在哪输", "utter_faq/login_methods"),
    )
    assert said == ["utter_faq/login_methods"]


async def test_a_box_that_never_pops_up_is_not_the_login():
    t = tracker(
        parse(
            "faq",
            text="那个弹框死活不出来怎么办",
            faq=[("how_to_operate", 0.83), ("login_methods", 0.14)],
        )
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] != ["utter_faq/login_methods"]


async def test_a_reset_wished_online_is_the_reset():
    # DK, CH, CN: the guide's reset at the counter answers it
    said = await faq_says(
        "can we reset it online instead of going there?",
        [("batch", 0.32), ("password_lost", 0.2), ("not_in_guide", 0.18)],
        before=("our company lost the password", "utter_password_lost_enterprise"),
        slots={"applicant_type": "enterprise"},
    )
    assert said == ["utter_password_lost_enterprise"]


def after_unit_papers(text: str, **parsed: Any):
    return tracker(
        parse("faq", text=text, faq=[("documents", 0.99)], **parsed),
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
        events=answered_before("事业单位法人证书要原件吗", "utter_documents_institution"),
    )


async def test_an_agent_of_their_own_person_after_a_units_papers():
    # DJ: the extractor reads 本人 as an individual; after the unit's papers it is its agent
    t = after_unit_papers("那我本人要带啥", entities=[entity("applicant_type", "individual")])
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "applicant_type",
        "value": "institution",
    } in events


@pytest.mark.parametrize("text", ["我自己个人也想开通 带啥", "那他本人要带啥"])
async def test_ones_own_opening_after_a_units_papers_is_an_individuals(text: str):
    t = after_unit_papers(text, entities=[entity("applicant_type", "individual")])
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_documents_individual"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # DJ: one agent for many units, as one login for many was
        ("一个经办人能同时管几家公司的账号伐", [("agent_agreement", 0.45), ("open_online", 0.32)]),
        # DJ: whether one from elsewhere may open it
        ("外地户口的也能开通伐", [("open_online", 0.99), ("not_in_guide", 0.01)]),
    ],
)
async def test_what_the_guide_never_says(text: str, faq: list[tuple[str, float]]):
    said = await faq_says(text, faq, before=("先要开通啥", "utter_faq/open_online"))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_files_format_barely_read_as_what_the_bot_does_is_never_given():
    # DJ: "要什么格式" read (0.53) as what the bot can do
    latest = parse(
        "what_can_you_do", text="盖章的工资汇总表要什么格式", faq=[("how_to_operate", 0.6)]
    )
    latest["intent"]["confidence"] = 0.53
    assert (await responses_of(ActionCapabilities(), tracker(latest)))[0] == [
        "utter_faq/not_in_guide"
    ]


async def test_what_the_bot_does_is_still_what_it_does():
    latest = parse("what_can_you_do", text="你能干嘛", faq=[("how_to_operate", 0.6)])
    latest["intent"]["confidence"] = 0.53
    assert (await responses_of(ActionCapabilities(), tracker(latest)))[0] == ["utter_capabilities"]


async def test_whether_one_must_open_it_at_all_is_the_opening():
    # DJ: "伊要去开通伐", the selector spread over three topics, opening third
    t = tracker(
        parse(
            "faq",
            text="阿拉姆妈七十几岁了 想网上查查东西 伊要去开通伐",
            faq=[("documents", 0.23), ("citizen_mailbox", 0.19), ("open_online", 0.14)],
        )
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/open_online"]


async def test_whether_a_mailbox_user_must_open_it_is_not_cued_as_the_opening():
    t = tracker(
        parse(
            "faq",
            text="伊有市民邮箱的 还要开通伐",
            faq=[("documents", 0.23), ("citizen_mailbox", 0.19), ("open_online", 0.14)],
        )
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] != ["utter_faq/open_online"]


async def test_what_a_listed_paper_is_the_guide_never_explains():
    # DK: after a company's papers over SMS
    said = await faq_says(
        "组织机构统一代号证书是啥东西",
        [("documents", 1.0)],
        before=("1", "utter_documents_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_what_the_agreement_is_the_guide_explains():
    said = await faq_says(
        "那个协议是啥",
        [("agent_agreement", 0.9)],
        before=("事业单位要带什么", "utter_documents_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/agent_agreement"]


async def test_the_one_who_goes_for_the_unit_brings_the_agents_part():
    # N: "去办的人", however long the message, after the company's papers
    t = tracker(
        parse(
            "faq",
            text="公司那边去办的人还要带什么",
            faq=[("documents", 0.95)],
            entities=[entity("applicant_type", "enterprise")],
        ),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered_before("不对 是公司的", "utter_documents_enterprise"),
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/agent_agreement"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # CJ, BW: how or where an item is done, right after the batch's answer
        ("怎么弄 在哪里点", [("open_online", 0.57), ("how_to_operate", 0.15)]),
        ("单个的话在哪个菜单里填", [("check_progress", 0.34), ("batch", 0.12)]),
    ],
)
async def test_how_an_item_is_done_after_the_batch(text: str, faq: list[tuple[str, float]]):
    said = await faq_says(text, faq, before=("单位能批量导入吗", "utter_faq/batch"))
    assert said == ["utter_faq/how_to_operate"]


async def test_the_batchs_template_is_still_not_how_an_item_is_done():
    said = await faq_says(
        "导入模板在哪下载", [("batch", 0.5)], before=("单位能批量导入吗", "utter_faq/batch")
    )
    assert said != ["utter_faq/how_to_operate"]


# -- from DL and DM's first runs ----------------------------------------------------


async def test_what_is_to_be_opened_is_the_opening():
    # DL: "要开通什么", no paper named, though the selector leans to the papers
    said = await faq_says(
        "那她想自己在网上查查东西，要开通什么",
        [("documents", 0.57), ("check_progress", 0.21), ("open_online", 0.16)],
        before=("我妈七十多了", "utter_faq/not_in_guide"),
    )
    assert said == ["utter_faq/open_online"]


async def test_a_filings_data_changed_is_not_the_password(company: Session):
    # DL: "在哪里改" of wages checked again, the selector leaning to the password's change
    shown = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        "我把那3个人工资核实好再报，在哪里改",
        shown="utter_out_of_scope_social",
        selected=shown,
        faq=[("change_password", 0.35), ("contact", 0.17), ("resubmit", 0.15)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said != ["utter_faq/change_password"]


async def test_a_benefit_asked_of_a_listed_one_is_a_social_matter(mailbox: Session):
    # DL: the item names a listed one, but 失业金 is asked
    t = mailbox.tracker(
        "out_of_scope_social",
        "失业登记通过了 能领失业金了吗",
        shown="utter_submission_detail",
        faq=[("password_lost", 0.41), ("fix_data", 0.39)],
    )
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]


async def test_a_listed_one_named_read_as_social_is_still_shown(mailbox: Session):
    t = mailbox.tracker("out_of_scope_social", "失业登记那个", shown="utter_progress_list")
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_submission_detail"]


def test_who_goes_told_after_a_yes_takes_the_answer_in():
    # DM: "好的我让同事去" after the reset's answer
    from actions.yesno import acknowledges

    assert acknowledges("好的我让同事去")
    assert not acknowledges("好的我让同事去吗")


async def test_how_a_querys_result_comes_is_the_review_vs_query():
    # DM: right after where progress is looked up
    said = await faq_says(
        "查询类的也要去那里看结果吗",
        [("check_progress", 0.99)],
        before=("办事进度在哪查", "utter_faq/check_progress"),
    )
    assert said == ["utter_faq/review_vs_query"]


async def test_how_long_a_review_takes_read_as_social_is_the_guides_silence():
    # DM: the item made it look social
    t = out_of_scope("失业登记审核要多久啊", [("not_in_guide", 1.0)])
    assert (await responses_of(ActionOutOfScope(), t))[0] == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    "text",
    [
        # DL, CS, DH: a unit's certificate as a copy alone
        "事业单位法人证书原件在教育局，只带复印件行不行",
        "事业单位法人证书在教育局那边，带复印件行不行",
    ],
)
async def test_a_units_certificate_as_a_copy_alone_is_the_guides_silence(text: str):
    said = await faq_says(
        text,
        [("documents", 0.95)],
        before=("学校要开通网上办事", "utter_documents_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_a_units_certificate_as_a_copy_alone_after_the_reset_is_the_reset():
    # CU: right after the reset's list, the certificate's copy asks that list again
    said = await faq_says(
        "事业单位法人证书带复印件就行吗",
        [("documents", 0.95)],
        before=("2", "utter_password_lost_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_password_lost_institution"]


async def test_an_id_cards_copy_alone_is_still_the_papers():
    said = await faq_says(
        "我个人的话，身份证只带复印件可以不",
        [("documents", 0.95)],
        before=("个人开通要带啥", "utter_documents_individual"),
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
    )
    assert said == ["utter_documents_individual"]


async def test_where_the_login_named_by_a_step_comes_from_is_the_opening():
    # BU: the first step is the login, but where its username comes from is asked
    said = await faq_says(
        "第一步要登录，用户名哪来",
        [("open_online", 0.99), ("login_methods", 0.01)],
        before=("那网上能办什么，流程是啥", "utter_faq/flow"),
    )
    assert said == ["utter_faq/open_online"]


async def test_a_type_corrected_in_english_with_i_mean_reanswers_for_it():
    # BS: "sorry no, I mean I'm an individual" right after the company's reset
    t = tracker(
        parse(
            "faq",
            text="sorry no, I mean I'm an individual",
            faq=[("how_to_operate", 0.91), ("review_vs_query", 0.05)],
            entities=[entity("applicant_type", "individual")],
        ),
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
        events=answered_before("company", "utter_password_lost_enterprise"),
    )
    said = (await responses_of(ActionAnswerFaq(), t))[0]
    assert said == ["utter_password_lost_individual"]


async def test_what_one_just_a_person_brings_is_an_individuals_papers():
    # BS: the selector leans to the agent's part, but a person says what they are
    t = tracker(
        parse(
            "faq",
            text="what do I need to bring? I'm just a person, not a company",
            faq=[("agent_agreement", 0.79), ("documents", 0.12)],
            entities=[entity("applicant_type", "individual")],
        ),
        slots={"applicant_type": "individual"},
        events=answered_before("how do i get a username and password", "utter_faq/open_online"),
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_documents_individual"]
