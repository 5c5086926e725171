"""Readings that development sets BA, BB and BC showed missing."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCancelSubmission, ActionCheckProgress, ActionShowSubmission
from actions.references import in_time, resolve_reference
from actions.yesno import acknowledges, asks_something, typed_answer
from portal_sandbox.db import make_engine, make_session_factory
from portal_sandbox.models import Account, Submission
from tests.actions.test_context import Session, log_in, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


async def test_the_oldest_asked_for_is_the_oldest_of_all_not_of_the_page(company: Session):
    # demo-company has seven: the page shows the newest five, and the oldest is on page 2.
    assert company.list_page_1[-1].get("more")
    assert resolve_reference("最早交的那个", company.list_page_1) is None
    t = company.tracker("pick_submission", "最早交的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"  # 2026-10-09, still waiting
    # the newest is on the page shown
    t = company.tracker("pick_submission", "最新的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert messages[0]["item"] == "职工参保增员"


async def test_the_oldest_of_all_is_what_a_cancel_of_the_oldest_asks_about(company: Session):
    t = company.tracker("cancel_my_submission", "把最早的那个撤了", shown="utter_progress_list")
    said, _, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"]
    assert messages[0]["item"] == "单位基本信息变更"


async def test_the_oldest_of_a_long_history_is_on_its_last_page(
    sandbox: SandboxHandle,  # noqa: F811
    tmp_path: Path,
):
    # 20 newer than demo-company's seven: the oldest is the 27th, past the pages that
    # names and statuses are looked for on.
    engine = make_engine(sandbox.database_url)
    with make_session_factory(engine)() as db, db.begin():
        account = db.execute(select(Account).where(Account.username == "demo-company")).scalar_one()
        newest = (
            db.execute(
                select(Submission)
                .where(Submission.account_id == account.id)
                .order_by(Submission.submitted_at.desc())
            )
            .scalars()
            .first()
        )
        for i in range(20):
            db.add(
                Submission(
                    acceptance_no=f"HZ20261201{i:05d}",
                    account_id=account.id,
                    item="职工参保增员",
                    category="declaration",
                    status="approved",
                    submitted_at=newest.submitted_at + timedelta(hours=i + 1),
                    reviewed_at=newest.submitted_at + timedelta(hours=i + 2),
                    business_unit_id=newest.business_unit_id,
                    record_count=1,
                )
            )
    engine.dispose()
    company = await log_in(sandbox, tmp_path, "demo-company")
    t = company.tracker("pick_submission", "最早交的那个", shown="utter_progress_list")
    said, events, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"  # 2026-10-09, the first of 27
    assert messages[0]["submitted"].startswith("2026-10-09")


def test_the_oldest_on_the_last_page_is_its_last():
    items = [{"n": 6, "no": "A", "item": "x", "date": "2026-10-16", "status": "审核通过"}]
    items.append({"n": 7, "no": "B", "item": "y", "date": "2026-10-09", "status": "未审核"})
    assert resolve_reference("最早交的那个", items)["no"] == "B"


@pytest.mark.parametrize(
    "text", ["行，那我改好了可以直接重新提交吧", "这样就行了是吧", "我自己能改吧", "改完再交对吧"]
)
def test_a_guess_put_up_to_be_confirmed_is_a_question(text):
    assert asks_something(text)
    assert not acknowledges(text)


@pytest.mark.parametrize("text", ["好吧", "行吧", "就是吧", "这审核意见不对吧"])
def test_an_ok_or_a_dispute_ending_in_ba_asks_nothing_by_that(text):
    assert not asks_something(text)


@pytest.mark.parametrize("text", ["想了想还是算了", "我想了想，还是算了", "考虑了一下 算了"])
def test_a_no_after_a_second_thought_is_a_no(text):
    assert typed_answer(text, about="handoff") == "no"


@pytest.mark.parametrize(
    "text",
    ["那我还是自己打12333问问，谢了", "哦批了就好批了就好那谢谢你啊", "那我去窗口办，谢谢你啊"],
)
def test_thanks_after_a_plan_or_relief_take_the_answer_in(text):
    assert acknowledges(text)


@pytest.mark.parametrize("text", ["谢谢，那密码忘了呢", "就好", "改了就好"])
def test_thanks_before_a_question_or_relief_alone_are_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize("text", ["nihao", "Ni hao!", "nin hao a", "zaima"])
async def test_a_greeting_in_pinyin_is_greeted(text):
    said, _ = await responses_of(ActionFallback(), tracker(parse("nlu_fallback", text=text)))
    assert said == ["utter_greet"]


@pytest.mark.parametrize(
    ("text", "kind"), [("最前面那个", "enterprise"), ("最下面的", "individual")]
)
async def test_a_button_named_by_its_place_is_that_button(text, kind):
    events = answered("utter_ask_applicant_type_documents")
    buttons = [
        {
            "title": "企业/民办非企业单位",
            "payload": '/inform_applicant_type{"applicant_type":"enterprise"}',
        },
        {
            "title": "机关事业单位",
            "payload": '/inform_applicant_type{"applicant_type":"institution"}',
        },
        {"title": "个人", "payload": '/inform_applicant_type{"applicant_type":"individual"}'},
    ]
    for event in events:
        if event.get("event") == "bot":
            event["data"] = {"buttons": buttons}
    t = tracker(
        parse("nlu_fallback", text=text), events=events, slots={"pending_topic": "documents"}
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == [f"utter_documents_{kind}"]


async def test_whether_a_submission_can_be_withdrawn_asked_unsure_is_how_to_fix_it():
    from actions.faq import ActionAnswerFaq

    ranking = [("resubmit", 0.34), ("review_vs_query", 0.31), ("fix_data", 0.15)]
    latest = parse("faq", text="网上申报提交之后还能撤回吗", faq=ranking)
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
    # withdrawn, then entered again: the resubmit's question, as before
    latest = parse("faq", text="撤回以后要重新录吗", faq=ranking)
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/resubmit"]


@pytest.mark.parametrize("intent", ["pick_submission", "check_my_progress", "nlu_fallback"])
async def test_a_fix_proposed_for_the_rejected_one_shown_is_what_it_may_do(
    nonprofit: Session, intent
):
    # Its note says an ID number is wrong; the user proposes to fix it: the advice (modify
    # it in 办事进度查询 and hand it in again), not its details again.
    rejected = nonprofit.number("社保缴费基数申报", "审核未通过")
    text = "就是身份证号填错一个，我自己改掉就行？"
    t = nonprofit.tracker(intent, text, shown="utter_submission_detail", selected=rejected)
    action = {
        "pick_submission": ActionShowSubmission(),
        "check_my_progress": ActionCheckProgress(),
        "nlu_fallback": ActionFallback(),
    }[intent]
    said, _, _ = await run(action, t)
    assert said == ["utter_selected_submission_advice"]
    # what the note says, asked back, is still its details
    t = nonprofit.tracker(
        intent, "就是说身份证号错了？", shown="utter_submission_detail", selected=rejected
    )
    said, _, _ = await run(action, t)
    assert said == ["utter_submission_detail"]


async def test_the_oldest_missed_by_the_nlu_is_still_the_oldest_of_all(company: Session):
    t = company.tracker("nlu_fallback", "最早交的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionFallback(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"


async def test_a_detail_beyond_the_guide_read_as_a_no_is_the_guides_silence():
    from actions.followup import ActionFollowup

    latest = parse(
        "deny", text="要不要插U盾", faq=[("not_in_guide", 0.25), ("how_to_operate", 0.17)]
    )
    said, _ = await responses_of(
        ActionFollowup(), tracker(latest, events=answered("utter_faq/batch"))
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_where_typed_with_a_slip_after_the_reset_is_where_the_counter_is():
    slots = {"applicant_type": "individual", "last_type_topic": "password_lost"}
    latest = parse("nlu_fallback", text="去哪理办", faq=[("open_online", 0.75)])
    history = answered("utter_password_lost_individual", "个仁")
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=history, slots=slots))
    assert said == ["utter_where_individual"]


MAILBOX_LIST = [
    {"n": 1, "no": "HZ2026112202961", "item": "就业登记", "date": "2026-11-22", "status": "未审核"},
    {
        "n": 2,
        "no": "HZ2026111508370",
        "item": "个人参保证明打印",
        "date": "2026-11-15",
        "status": "审核通过",
    },
    {
        "n": 3,
        "no": "HZ2026110104853",
        "item": "失业登记",
        "date": "2026-11-01",
        "status": "审核通过",
    },
    {
        "n": 4,
        "no": "HZ2026102104853",
        "item": "就业创业证申领",
        "date": "2026-10-21",
        "status": "审核通过",
    },
]


@pytest.mark.parametrize(
    ("text", "today", "numbers"),
    [
        ("上个月交的那个", date(2026, 12, 5), [1, 2, 3]),
        ("上上个月那个", date(2026, 12, 5), [4]),
        ("这个月交的", date(2026, 11, 30), [1, 2, 3]),
        ("上个月交的那个", date(2027, 1, 3), []),  # December: none
        ("上月那个", date(2026, 11, 2), [4]),
        ("昨天提交的那个", date(2026, 11, 23), [1]),
        ("前天那个", date(2026, 11, 17), [2]),
        ("今天交的", date(2026, 11, 1), [3]),
    ],
)
def test_a_time_counted_back_from_today_names_those_handed_in_then(text, today, numbers):
    assert [i["n"] for i in in_time(text, MAILBOX_LIST, today)] == numbers
    one = resolve_reference(text, MAILBOX_LIST, today=today)
    assert (one["n"] if one else None) == (numbers[0] if len(numbers) == 1 else None)


def test_a_time_and_a_part_of_a_name_name_one():
    one = resolve_reference("上个月交的失业那个", MAILBOX_LIST, today=date(2026, 12, 5))
    assert one["no"] == "HZ2026110104853"


async def test_last_month_with_several_then_shows_those_to_pick_from(
    mailbox: Session, monkeypatch: pytest.MonkeyPatch
):
    # demo-mailbox handed in three, all in November 2026
    monkeypatch.setattr("actions.references.beijing_today", lambda: date(2026, 12, 5))
    t = mailbox.tracker("pick_submission", "上个月交的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_progress_list_some"]
    assert messages[0]["count"] == 3 and messages[0]["when"] == "上个月"
    assert [b["title"][0] for b in messages[0]["buttons"]] == ["1", "2", "3"]
    monkeypatch.setattr("actions.references.beijing_today", lambda: date(2026, 11, 23))
    t = mailbox.tracker("pick_submission", "昨天交的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "就业登记"


async def test_whether_the_one_on_screen_may_be_changed_is_what_it_allows(company: Session):
    # the rule in general words ("退回的能改吗") about the one shown: that one's advice
    shown = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        "这个退回的能改吗",
        shown="utter_submission_detail",
        selected=shown,
        faq=[("resubmit", 0.9)],
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == shown
