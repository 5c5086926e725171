"""Readings that the development sets' failing steps at stop 55's end (and DH, DI) showed
missing: a relative going in person."""

from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.handoff import ActionOfferHandoff
from actions.progress import ActionCancelSubmission
from actions.references import listed_by_name
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import entity, parse, tracker


def said_before(text: str, intent: str = "faq", **parsed: Any) -> list[dict[str, Any]]:
    return [
        {"event": "user", "text": text, "parse_data": parse(intent, text=text, **parsed)},
        {"event": "bot", "metadata": {"utter_action": "utter_faq/not_in_guide"}},
    ]


@pytest.mark.parametrize(
    ("before", "text"),
    [
        # CX, CZ, BE: what the relative brings, going in person
        ("我妈六十八了，想给她开通网上办事，我当儿子的能替她去办吗", "那她自己去的话要带点什么"),
        ("帮我爸问一下 他70多了 网上办事开通能子女代办吗", "那他本人去要带啥"),
        ("我儿子在外地上班，托我去帮他开通那个人社网上办事", "他本人来的话要带什么"),
    ],
)
async def test_what_a_relative_brings_in_person_is_an_individuals(before, text):
    t = tracker(parse("faq", text=text, faq=[("documents", 0.9)]), events=said_before(before))
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_documents_individual"]


@pytest.mark.parametrize(
    ("before", "entities", "text"),
    [
        # a unit's clerk sent in person is the unit's agent, or its kind still asked
        ("我们单位要开通网上办事", [], "我让行政小姑娘去跑 她自己要带什么"),
        ("我们公司要开通网上办事", [entity("applicant_type", "enterprise")], "她本人要带啥"),
    ],
)
async def test_what_a_units_clerk_brings_is_not_an_individuals(before, entities, text):
    t = tracker(
        parse("faq", text=text, faq=[("documents", 0.9)]),
        events=said_before(before, entities=entities),
    )
    assert "utter_documents_individual" not in (await responses_of(ActionAnswerFaq(), t))[0]


async def test_what_to_bring_asked_bare_still_asks_the_type():
    t = tracker(
        parse("faq", text="要带啥", faq=[("documents", 0.9)]),
        events=said_before("我爸要开通网上办事"),
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_ask_applicant_type_documents"]


def answered_before(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for text, response in turns:
        events.append({"event": "user", "text": text, "parse_data": parse("faq", text=text)})
        events.append({"event": "bot", "metadata": {"utter_action": response}})
    return events


@pytest.mark.parametrize(
    "turns",
    [
        # AG, CQ: the site asked between the change and where on it
        [
            ("密码我知道的 就是想换个新的", "utter_faq/change_password"),
            ("网站是哪个", "utter_faq/website"),
        ],
        [("密码怎么改", "utter_faq/change_password")],
    ],
)
@pytest.mark.parametrize("text", ["登进去以后在哪个菜单改", "登上去以后在哪个地方改"])
async def test_where_on_the_site_after_a_passwords_change_is_that_answer(turns, text):
    t = tracker(
        parse("faq", text=text, faq=[("how_to_operate", 0.9)]), events=answered_before(*turns)
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/change_password"]


async def test_where_on_the_site_after_other_answers_is_not_the_password():
    t = tracker(
        parse("faq", text="具体在哪个菜单里操作", faq=[("how_to_operate", 0.9)]),
        events=answered_before(("能批量办吗", "utter_faq/batch")),
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/how_to_operate"]
    t = tracker(
        parse("faq", text="在哪个菜单改", faq=[("fix_data", 0.9)]),
        events=answered_before(
            ("网站是哪个", "utter_faq/website"), ("数据填错了", "utter_faq/fix_data")
        ),
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] != ["utter_faq/change_password"]


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        # CK: a result doubted, and whom to ask about it
        ("那我要是觉得他们审错了找谁", [("fix_data", 0.94)], "utter_faq/contact"),
        ("审核结果我觉得有问题 该找谁", [("fix_data", 0.5)], "utter_faq/contact"),
        # BY: approved data found wrong, whom to ask: the guide's way with approved data
        ("那通过了的有错我找谁", [("fix_data", 1.0)], "utter_faq/fix_data"),
    ],
)
async def test_whom_to_ask_of_a_doubted_result_is_the_contacts(text, faq, said):
    t = tracker(parse("result_wrong", text=text, faq=faq))
    assert (await responses_of(ActionOfferHandoff(), t))[0] == [said]


async def test_a_doubted_result_alone_is_offered_a_person():
    t = tracker(parse("result_wrong", text="我觉得这个审核结果不对", faq=[("fix_data", 0.5)]))
    assert (await responses_of(ActionOfferHandoff(), t))[0] == ["utter_offer_handoff"]


@pytest.mark.parametrize(
    ("slots", "text", "said"),
    [
        # CE, CY: whether a paper of the list is needed, read as the guide's silence
        (
            {"applicant_type": "institution"},
            "组织机构代码证一定要吗",
            "utter_documents_institution",
        ),
        (
            {"applicant_type": "institution"},
            "机关也要组织机构代码证？",
            "utter_documents_institution",
        ),
        # CE (SMS): a reset's paper, with its typos
        (
            {"applicant_type": "individual", "pt": "password_lost"},
            "身分证复阴件要吗",
            "utter_password_lost_individual",
        ),
        # a paper merged into another, of which the guide says nothing
        (
            {"applicant_type": "institution"},
            "组织机构代码证现在三证合一了还要带吗",
            "utter_faq/not_in_guide",
        ),
        # a detail of a paper the guide never gives
        ({"applicant_type": "institution"}, "复印件要盖章吗", "utter_faq/not_in_guide"),
    ],
)
async def test_whether_a_listed_paper_is_needed_is_that_list(slots, text, said):
    last = slots.pop("pt", "documents")
    t = tracker(
        parse("faq", text=text, faq=[("not_in_guide", 0.7), ("documents", 0.2)]),
        slots={**slots, "last_type_topic": last},
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == [said]


async def test_an_item_named_in_english_is_that_one(mailbox: Session):
    # CC: "cancel the unemployment one" with the list on screen asked which one
    t = mailbox.tracker(
        "cancel_my_submission", "cancel the unemployment one", shown="utter_progress_list"
    )
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cannot_cancel_approved"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("the flexible employment one", ["灵活就业人员参保登记"]),
        ("show me the employment registration", ["就业登记"]),
        ("unemployment registration pls", ["失业登记"]),
        ("the skills subsidy one", ["职业技能提升补贴申领"]),
        # no item's words: nothing named
        ("the one from last week", []),
    ],
)
def test_items_named_in_english(text, named):
    items = [
        {"item": name, "status": "pending", "no": str(n)}
        for n, name in enumerate(
            ["失业登记", "就业登记", "灵活就业人员参保登记", "职业技能提升补贴申领"]
        )
    ]
    assert [i["item"] for i in listed_by_name(text, items)] == named


@pytest.mark.parametrize(
    "text", ["HZ2026110204418 这条怎么是注销", "HZ2026110204418 怎么变成注销了"]
)
async def test_a_cancelled_status_wondered_at_is_its_details(institution: Session, text):
    # DH: read as a 注销 of it, refused as done
    cancelled = institution.number("机关事业单位人员参保减员")
    t = institution.tracker("cancel_my_submission", text, shown="utter_not_cancelled")
    said, _, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == cancelled


async def test_a_cancel_of_one_named_is_still_asked(institution: Session):
    t = institution.tracker("cancel_my_submission", "减员那个注销掉", shown="utter_progress_list")
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert "utter_submission_detail" not in said


@pytest.mark.parametrize(("text", "said"), [("那上面信息有错 哪能弄", "utter_faq/fix_data")])
async def test_a_wu_how_after_a_refusal_is_how_not_the_one_again(person: Session, text, said):
    # DH: 吴语 哪能弄 (怎么弄) was no how, so the one on screen was shown again
    shown = person.number("就业创业证申领")
    t = person.tracker(
        "faq", text, shown="utter_cannot_cancel_approved", selected=shown, faq=[("fix_data", 1.0)]
    )
    said_now, _, _ = await run(ActionAnswerFaq(), t)
    assert said_now == [said]


async def test_a_new_agent_going_instead_is_the_guides_silence():
    # DI: "新的经办人去也行吗" after the unit's reset, read as the reset again
    t = tracker(
        parse("faq", text="经办人换人了 新的经办人去也行吗", faq=[("password_lost", 0.9)]),
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
    )
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    "text", ["单位密码重置申请单交了一个礼拜了还是登不上", "个人密码在窗口重置过了，还是登不上去"]
)
async def test_a_login_failing_after_the_reset_is_offered_a_person(text):
    # DI: read as the reset asked, whose type was asked
    t = tracker(parse("faq", text=text, faq=[("password_lost", 0.9)]))
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == []
    assert SlotSet("handoff_reason", "reset_no_login") in events
    assert FollowupAction("action_offer_handoff") in events


async def test_the_reset_asked_is_still_the_reset():
    t = tracker(parse("faq", text="密码重置了以后还能自己改吗", faq=[("password_lost", 0.9)]))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_offer_handoff") not in events


async def test_a_bound_of_the_base_asked_inside_the_hand_off_is_a_social_matter():
    # DH: "今年" between the bound and its amount hid the policy question: the silence
    from tests.actions.test_handoff import at_step

    text = "等一下 顺便问下社保缴费基数上下限今年是多少"
    result, said = await at_step("contact", parse("faq", text=text, faq=[("not_in_guide", 0.9)]))
    assert result == {"handoff_contact": None} and said == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        # DH: "还有呢" after a unit's papers: the agent's part, which the guide says next
        ("enterprise", ["utter_faq/agent_agreement"]),
        ("institution", ["utter_faq/agent_agreement"]),
        # an individual's list is all there is
        ("individual", ["utter_nothing_more"]),
    ],
)
async def test_more_after_a_units_papers_is_the_agents_part(kind, said):
    t = tracker(
        parse("more", text="还有呢"),
        slots={"applicant_type": kind, "last_type_topic": "documents"},
        events=answered_before(("要带什么材料", f"utter_documents_{kind}")),
    )
    assert (await responses_of(ActionFollowup(), t))[0] == said


async def test_one_login_for_a_counted_many_units_is_the_guides_silence():
    # DH: the units counted in digits, read as the opening
    t = tracker(parse("faq", text="一个帐号能管15家公司吗", faq=[("open_online", 0.6)]))
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/not_in_guide"]
