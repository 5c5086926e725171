"""Readings that the development sets' failing steps showed missing at stop 52: a type
corrected right after its answer, a secret regretted, a filing of one's own told by when
it went in."""

from pathlib import Path

import pytest

from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
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
