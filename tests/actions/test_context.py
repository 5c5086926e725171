"""A logged-in user's follow-ups on their own submissions are read in their context
(actions/context.py), whatever the NLU made of them: against a real portal sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.chitchat import ActionCapabilities
from actions.context import (
    asks_about_content,
    asks_as_followup,
    asks_for_list,
    asks_own_status,
    asks_to_modify,
    asks_why_no_result,
    is_bare_followup,
    may_name_unlisted,
    rule_topic,
    says_data_slip,
)
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.listing import PAGE_SIZE, page_entries
from actions.progress import (
    ActionCancelSubmission,
    ActionCheckProgress,
    ActionShowSubmission,
    asks_erasure,
)
from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY
from bot.settings import Settings
from portal_client import PortalClient
from tests.actions.trackers import domain, entity, parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    DEMO_PASSWORD,
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)

CONVERSATION = "rest:context-test"
BINDING = "binding-context"


def test_questions_about_the_cancel_rule_name_their_guide_topic():
    assert rule_topic("撤回了还能再申请吗") == "resubmit"
    assert rule_topic("注销了能再交吗") == "resubmit"
    assert rule_topic("为啥不能撤") == "fix_data"


def test_slips_in_ones_own_data_but_not_in_a_login():
    assert says_data_slip("我提交的时候身份证号填错了")
    assert says_data_slip("申报表里金额写错了")
    assert says_data_slip("就是说身份证号错了？")
    assert not says_data_slip("密码输错了好几次")
    assert not says_data_slip("我们单位信息变更")
    assert not says_data_slip("审核结果我不服")
    assert not says_data_slip("审核结果有误")  # a disputed result: a person's job


def test_a_change_asked_for_but_not_a_question_about_changing():
    assert asks_to_modify("我要修改这个")
    assert asks_to_modify("那你帮我改一下")
    assert not asks_to_modify("修改在哪里改")  # a how-to: the NLU's topic answers it
    assert not asks_to_modify("我要修改密码")
    assert not asks_to_modify("改成企业")  # the applicant type said again


def test_own_submission_done_yet_is_a_look_up_the_how_to_is_not():
    assert asks_own_status("我前几天在网上报了失业登记，现在弄好了没有")
    assert asks_own_status("我们提交的增员审核了没")
    assert asks_own_status("阿拉公司的申报弄到哪里了")  # a unit's own, in 吴语
    assert not asks_own_status("我提交了怎么查有没有通过")
    assert not asks_own_status("提交以后多久出结果")


@pytest.mark.parametrize(
    "text",
    [
        "单位上个月在网上报的那个东西审核了没有",  # the unit's own, the verb further on
        "我在网上交上去的材料现在弄得哪能了",  # 吴语: 弄得哪能了
        "想看看我的参保登记批了没有",  # "我的" and the item
        "阿拉厂里的增员审核得怎么样了",  # 怎么样 is how it stands, not how to
    ],
)
def test_own_submission_said_in_other_ways_is_a_look_up(text):
    assert asks_own_status(text)


@pytest.mark.parametrize(
    "text",
    [
        "我报的为什么还没批下来",  # why: the guide's review answer
        "我的密码重置批了没",  # the login, done at the counter
        "我们单位开通网上办事的申请批了没有",  # opening, done at the counter
        "我的工单怎么样了",  # the hand-off
        "我的问题怎么样了",
    ],
)
def test_status_questions_about_other_things_are_not_a_look_up(text):
    assert not asks_own_status(text)


def test_short_list_requests_and_bare_follow_ups():
    assert asks_for_list("看看列表") and asks_for_list("再看一下全部")
    assert not asks_for_list("全部材料都要带吗")
    # the records named, with the list or one of it on screen
    assert asks_for_list("申报记录") and asks_for_list("我的办事记录")
    assert not asks_for_list("删除聊天记录")
    assert not asks_for_list("看下全部工单")
    for order in ("都列出来", "麻烦列一下", "列出来看看", "给我看看", "看一下吧", "Show me"):
        assert asks_for_list(order), order
    assert not asks_for_list("给我看看材料") and not asks_for_list("看看怎么改")
    assert may_name_unlisted("单位基本信息变更那个")
    assert not may_name_unlisted("好的谢谢")  # too short for a name: no look-up
    assert is_bare_followup("审核通过的呢") and is_bare_followup("那驳回的呢？")
    assert not is_bare_followup("电话呢")
    assert not is_bare_followup("修改完了要重新提交的呢还是怎么样的呢")
    assert asks_about_content("缺什么材料") and asks_about_content("就是说身份证号错了？")
    assert not asks_about_content("要带什么材料")
    # Whether or how a slip can be fixed is the guide's question, not the item's content.
    assert not asks_about_content("这个信息我填错了，还能改吗")
    assert not asks_about_content("要是信息填错了应该怎么处理")


def faq_answered(text: str, topic: str) -> list[dict[str, Any]]:
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "action", "name": "action_answer_faq"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": f"utter_faq/{topic}"}},
        {"event": "action", "name": "action_listen"},
    ]


async def run(action, t) -> tuple[list[str | None], list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], events, dispatcher.messages


async def test_a_bare_follow_up_asks_the_previous_guide_topic_again():
    # "审核通过的呢", read as a look-up of one's own progress, after the answer about fixing.
    history = faq_answered("未审核的能修改吗", "fix_data")
    latest = parse("check_my_progress", text="审核通过的呢", faq=[("fix_data", 0.6)])
    said, _, _ = await run(ActionCheckProgress(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]


async def test_own_data_slip_before_login_is_how_to_fix_it():
    latest = parse("check_my_progress", text="我提交的时候身份证号填错了", faq=[("fix_data", 0.3)])
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
    # 结果 as "and then" is no disputed result
    text = "上周做的减员已经审核通过了，结果减错了一个人"
    latest = parse("check_my_progress", text=text, faq=[("fix_data", 0.67)])
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_own_submission_done_yet_goes_to_the_look_up_from_the_faq():
    text = "我前几天在网上报了失业登记，现在弄好了没有"
    latest = parse("faq", text=text, faq=[("review_vs_query", 0.9)])
    said, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


def test_a_follow_up_question_by_its_words_or_its_last_particle():
    assert asks_as_followup("经办人呢") and asks_as_followup("好的，那网址是多少")
    assert not asks_as_followup("好的，我知道了")
    assert not asks_as_followup("好的，没什么了")  # 什么, but nothing asked
    assert not asks_as_followup("好，没有了")


# -- logged in, against the portal sandbox ----------------------------------------------


@dataclass
class Session:
    list_page_1: list[dict[str, Any]]

    def tracker(
        self,
        intent: str,
        text: str,
        *,
        shown: str | None = None,
        selected: str | None = None,
        faq: list[tuple[str, float]] | None = None,
    ):
        latest = {
            **parse(intent, text=text, faq=faq),
            "metadata": {CLIENT_BINDING_KEY: BINDING, CHANNEL_KEY: "rest"},
        }
        events = []
        if shown:
            events = [
                {"event": "user", "text": "…", "parse_data": parse("pick_submission", text="…")},
                {"event": "bot", "text": "…", "metadata": {"utter_action": shown}},
                {"event": "action", "name": "action_listen"},
            ]
        slots = {"progress_list": self.list_page_1, "selected_submission": selected}
        return tracker(latest, slots=slots, events=events, sender=CONVERSATION)

    def number(self, item: str, status: str | None = None) -> str:
        return next(
            e["no"]
            for e in self.list_page_1
            if e["item"] == item and (status is None or e["status"] == status)
        )


async def log_in(handle: SandboxHandle, tmp_path: Path, username: str) -> Session:
    settings = Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PORTAL_URL": handle.url},
        dotenv=tmp_path / "none",
    )
    runtime.configure(settings)
    async with PortalClient(handle.url) as client:
        session = await client.login(username, DEMO_PASSWORD)
        page = await client.list_submissions(session.token, page=1, page_size=PAGE_SIZE)
    store = runtime.login_store()
    ticket = await store.issue_ticket(CONVERSATION, BINDING, "rest")
    await store.redeem(
        ticket,
        token=session.token,
        username=username,
        display_name=session.account.display_name,
        account_kind=session.account.kind.value,
    )
    return Session(page_entries(page, 1))


async def test_a_change_asked_for_is_never_a_cancel(person: Session):
    # "我要修改这个" read as a 注销 with the 未审核 失业登记 on screen: how to change it.
    shown = person.number("失业登记")
    t = person.tracker(
        "cancel_my_submission", "我要修改这个", shown="utter_submission_detail", selected=shown
    )
    said, events, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == shown
    assert not any(e.get("name") == "pending_cancel" for e in events)


async def faq_on_shown(
    session: Session, text: str, selected: str, faq: list[tuple[str, float]]
) -> tuple[list[str | None], list[dict[str, Any]]]:
    """What the FAQ action says to ``text`` right after ``selected``'s details."""
    t = session.tracker("faq", text, shown="utter_submission_detail", selected=selected, faq=faq)
    said, _, messages = await run(ActionAnswerFaq(), t)
    return said, messages


async def faq_on_list(
    session: Session, text: str, faq: list[tuple[str, float]]
) -> tuple[list[str | None], list[dict[str, Any]]]:
    """What the FAQ action says to ``text`` with the first page of the list shown."""
    t = session.tracker("faq", text, shown="utter_progress_list_more", faq=faq)
    said, _, messages = await run(ActionAnswerFaq(), t)
    return said, messages


async def test_a_change_proposed_for_the_one_on_screen_is_its_advice(person: Session):
    # "我重新扫一下，直接在办事进度里改就行吧" right after the rejected one's details, with
    # the selector unsure: the advice of that submission (修改后再次提交).
    rejected = next(e["no"] for e in person.list_page_1 if "未通过" in e["status"])
    text = "复印件不清楚我重新扫一下，直接在办事进度里改就行吧"
    said, messages = await faq_on_shown(
        person, text, rejected, [("documents", 0.28), ("resubmit", 0.23)]
    )
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == rejected
    # A change of the password is no change of the submission.
    t = person.tracker(
        "faq", "我重新改一下密码", shown="utter_submission_detail", selected=rejected, faq=[]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said != ["utter_selected_submission_advice"]


async def test_a_bare_how_to_change_read_as_the_password_is_the_shown_ones_advice(
    person: Session,
):
    # "咋改" right after the rejected one's details, read as changing the password.
    rejected = next(e["no"] for e in person.list_page_1 if "未通过" in e["status"])
    for text in ("咋改", "这个咋改啊"):
        said, messages = await faq_on_shown(
            person, text, rejected, [("change_password", 0.51), ("fix_data", 0.34)]
        )
        assert said == ["utter_selected_submission_advice"], text
        assert messages[0]["no"] == rejected
    # Naming the password, it is the password.
    said, _ = await faq_on_shown(person, "密码咋改", rejected, [("change_password", 0.95)])
    assert said == ["utter_faq/change_password"]


async def test_what_one_may_do_now_read_as_what_the_bot_does_is_the_shown_ones_advice(
    person: Session,
):
    # "那我接下来能做什么" right after the rejected one's details, read as what_can_you_do.
    rejected = next(e["no"] for e in person.list_page_1 if "未通过" in e["status"])
    t = person.tracker(
        "what_can_you_do", "那我接下来能做什么", shown="utter_submission_detail", selected=rejected
    )
    said, _, messages = await run(ActionCapabilities(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == rejected
    # asked of the bot, it is what the bot does
    t = person.tracker(
        "what_can_you_do", "你能做什么", shown="utter_submission_detail", selected=rejected
    )
    said, _, _ = await run(ActionCapabilities(), t)
    assert said == ["utter_capabilities"]


async def test_whether_a_fixed_one_is_reviewed_again_is_the_resubmit_rule(person: Session):
    # "身份证号错了 我改好了还要重新审吗" right after the rejected one's details
    rejected = next(e["no"] for e in person.list_page_1 if "未通过" in e["status"])
    said, _ = await faq_on_shown(
        person,
        "身份证号错了 我改好了还要重新审吗",
        rejected,
        [("resubmit", 0.43), ("fix_data", 0.209), ("review_vs_query", 0.149)],
    )
    assert said == ["utter_faq/resubmit"]


async def test_a_why_question_about_a_cancel_is_answered_from_the_guide(person: Session):
    shown = person.number("就业创业证申领")  # 审核通过: the 注销 was refused
    t = person.tracker(
        "faq",
        "为啥不能撤",
        shown="utter_cannot_cancel_approved",
        selected=shown,
        faq=[("fix_data", 0.2)],
    )
    said, events, _ = await run(ActionFallback(), t)
    assert said == ["utter_faq/fix_data"]
    assert not any(e.get("name") == "pending_cancel" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "撤回了还能再申请吗",
        "撤了以后可以重新提交吧",
        "撤了还能重报吗",
        "注销以后再重新提交一遍就行了吧",
        "撤回后重新提交行不行",
    ],
)
async def test_a_question_about_resubmitting_after_a_cancel_is_no_cancel(
    person: Session, text: str
):
    shown = person.number("灵活就业人员参保登记", "已注销")
    t = person.tracker("cancel_my_submission", text, shown="utter_cancelled", selected=shown)
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_faq/resubmit"]


async def test_a_question_about_the_shown_items_content_shows_it_again(institution: Session):
    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        "faq",
        "缺什么材料",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("documents", 0.95)],
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == rejected and "工资汇总表" in messages[0]["advice"]
    # Without the item on screen in the turn before, it is the guide's documents question.
    t = institution.tracker("faq", "缺什么材料", selected=rejected, faq=[("documents", 0.95)])
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said != ["utter_submission_detail"]


async def test_an_item_named_beyond_the_page_wins_over_the_one_on_screen(institution: Session):
    # 单位基本信息变更 is the sixth, on page 2; 职业年金 is on screen, and "那个" points.
    assert "单位基本信息变更" not in {e["item"] for e in institution.list_page_1}
    t = institution.tracker(
        "nlu_fallback",
        "单位基本信息变更那个",
        shown="utter_cancel_declined",
        selected=institution.number("职业年金缴费基数申报"),
    )
    said, events, messages = await run(ActionFallback(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "selected_submission",
        "value": messages[0]["no"],
    } in events


async def test_the_office_of_a_district_points_at_the_one_it_handles(institution: Session):
    # Only 单位基本信息变更, on page 2, is handled in 拱墅区; the others by the city's centre.
    t = institution.tracker("nlu_fallback", "拱墅区人社局那个", shown="utter_progress_list_more")
    said, _, messages = await run(ActionFallback(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"
    # a district named with nothing pointed at asks of the district
    t = institution.tracker("nlu_fallback", "滨江区的受理点在哪", shown="utter_progress_list_more")
    said, _, _ = await run(ActionFallback(), t)
    assert said != ["utter_submission_detail"]


async def test_a_city_centre_by_its_short_name_points_at_the_one_it_handles(
    institution: Session,
):
    # of the four handled by the agencies' centre, one is rejected
    said, messages = await faq_on_list(
        institution, "机关事业中心里没通过的", [("open_online", 0.6)]
    )
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "职业年金缴费基数申报"
    # the type said with no office is no pick of one
    said, _ = await faq_on_list(institution, "我们是机关事业单位", [("open_online", 0.6)])
    assert said != ["utter_submission_detail"]


async def test_a_cancel_asked_before_the_login_is_asked_of_the_one_picked_after_it(
    institution: Session,
):
    t = institution.tracker("pick_submission", "增员那个 4个人的", shown="utter_login_succeeded")
    t.slots["pending_request"] = "cancel"
    said, events, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_confirm_cancel"]
    assert messages[0]["no"] == institution.number("机关事业单位人员参保增员")
    assert SlotSet("pending_request", None) in events
    # the list looked at for itself: the one picked is shown, not cancelled
    t = institution.tracker("pick_submission", "增员那个 4个人的", shown="utter_login_succeeded")
    t.slots["pending_request"] = None
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]


async def test_when_one_named_went_in_shows_its_details(institution: Session):
    said, messages = await faq_on_list(
        institution, "职业年金那个是啥时候交的", [("how_to_operate", 0.52)]
    )
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "职业年金缴费基数申报"
    # when it will be reviewed the guide never says
    said, _ = await faq_on_list(institution, "职业年金那个啥时候审", [("flow", 0.5)])
    assert said == ["utter_faq/not_in_guide"]
    # one on a page not shown is looked up among the newest
    said, messages = await faq_on_list(
        institution, "基本信息变更那个是啥时候交的", [("how_to_operate", 0.52)]
    )
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"


async def test_look_at_the_list_shows_its_first_page(person: Session):
    t = person.tracker("nlu_fallback", "看看列表")
    said, _, _ = await run(ActionFallback(), t)
    assert said == ["utter_progress_list_more"]


async def test_do_it_for_me_after_the_how_to_check_is_the_look_up():
    history = faq_answered("怎么了解办事结果", "check_progress")
    latest = parse("nlu_fallback", text="你能直接帮我看吗")
    said, events, _ = await run(ActionFallback(), tracker(latest, events=history))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    # After another answer it is no look-up.
    other = faq_answered("网址是什么", "website")
    _, events, _ = await run(ActionFallback(), tracker(latest, events=other))
    assert FollowupAction("action_check_progress") not in events


async def test_a_bare_follow_up_naming_a_type_reanswers_for_it_whatever_the_nlu_read():
    history = faq_answered("那要多久能重置好", "not_in_guide")
    unit = parse("check_my_progress", text="单位的呢")
    said, _, _ = await run(
        ActionCheckProgress(),
        tracker(unit, events=history, slots={"last_type_topic": "password_lost"}),
    )
    assert said == ["utter_ask_unit_type_password_lost"]
    person = parse(
        "cancel_my_submission",
        text="那个人的呢？",
        entities=[entity("applicant_type", "individual")],
    )
    said, _, _ = await run(
        ActionCancelSubmission(),
        tracker(person, events=history, slots={"last_type_topic": "documents"}),
    )
    assert said == ["utter_documents_individual"]


def test_cancel_then_resubmit_said_as_a_plan_is_a_cancel_asked_as_a_question_is_not():
    from actions.cancel import asks_about_cancelling

    assert not asks_about_cancelling("那我先注销掉重新交")
    assert asks_about_cancelling("撤回了还能再申请吗")
    assert asks_about_cancelling("为啥不能撤")
    assert asks_about_cancelling("怎么撤销")
    assert asks_about_cancelling("撤了以后可以重新提交吧")  # supposed, with no question mark
    assert not asks_about_cancelling("撤了重新弄")
    assert asks_about_cancelling("注销以后再重新提交一遍就行了吧")  # the way out, to confirm
    assert not asks_about_cancelling("帮我注销了就行")


async def test_cancel_then_resubmit_read_as_a_guide_question_still_asks_the_cancel(
    institution: Session,
):
    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        "faq",
        "那我先注销掉重新交",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("resubmit", 0.95)],
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["no"] == rejected


async def test_a_pick_of_the_list_read_as_are_you_a_robot_is_the_pick(person: Session):
    # "第一个是几个人的增员" has 是 and 几个人: the NLU may hear "are you a person".
    from actions.chitchat import ActionBotChallenge

    first = person.list_page_1[0]["no"]
    t = person.tracker("bot_challenge", "第一个是几个人的", shown="utter_cancel_declined")
    said, events, _ = await run(ActionBotChallenge(), t)
    assert said == ["utter_submission_detail"]
    assert {"event": "slot", "timestamp": None, "name": "selected_submission", "value": first} in (
        events
    )
    # The question itself, with the list on screen, is still answered as one.
    t = person.tracker("bot_challenge", "你是机器人吗", shown="utter_cancel_declined")
    said, _, _ = await run(ActionBotChallenge(), t)
    assert said == ["utter_iamabot"]


@pytest.mark.parametrize("text", ["不撤了", "不注销了", "嗯，先不撤，我再想想"])
async def test_a_refused_cancel_is_no_cancel_asked(institution: Session, text: str):
    # The confirmation was left for a digression; the refusal still names the 注销.
    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        "cancel_my_submission", text, shown="utter_submission_detail", selected=rejected
    )
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cancel_declined"]


@pytest.mark.parametrize(
    ("intent", "faq"),
    [("faq", [("fix_data", 0.9)]), ("nlu_fallback", None)],
)
async def test_whether_a_shown_slip_can_be_fixed_is_no_details_again(
    institution: Session, intent: str, faq: list[tuple[str, float]] | None
):
    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        intent,
        "这个信息我填错了，还能改吗",
        shown="utter_submission_detail",
        selected=rejected,
        faq=faq,
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/fix_data"], ["utter_selected_submission_advice"])


@pytest.mark.parametrize("text", ["可是里面数据填错了，咋整", "身份证号填错了怎么搞"])
async def test_how_to_deal_with_a_shown_slip_is_no_details_again(institution: Session, text):
    approved = institution.number("单位参保证明打印")
    t = institution.tracker(
        "faq", text, shown="utter_cannot_cancel_approved", selected=approved, faq=[]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/fix_data"], ["utter_selected_submission_advice"]), text


async def test_a_no_that_points_at_another_item_asks_about_that_one(person: Session):
    # The third was asked about; "不对，我说的是第一个" is the first one's confirmation.
    first, third = person.list_page_1[0], person.list_page_1[2]
    t = person.tracker("deny", "不对，我说的是第一个", shown="utter_confirm_cancel")
    t.slots["pending_cancel"] = third["no"]
    said, _, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["no"] == first["no"]


@pytest.mark.parametrize(
    ("intent", "text", "faq"),
    [
        ("faq", "这个为什么被驳回", [("fix_data", 0.98)]),
        ("faq", "为啥没通过", [("fix_data", 0.4)]),
    ],
)
async def test_why_the_shown_one_was_rejected_shows_it_again_with_the_note(
    institution: Session, intent: str, text: str, faq: list[tuple[str, float]]
):
    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        intent, text, shown="utter_submission_detail", selected=rejected, faq=faq
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == rejected and "工资汇总表" in messages[0]["advice"]
    # Another one on screen: the rejected one named by its status is that one, not this.
    pending = institution.number("机关事业单位人员参保增员")
    t = institution.tracker(
        intent,
        "没通过的那个为什么被驳回",
        shown="utter_submission_detail",
        selected=pending,
        faq=faq,
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"] and messages[0]["no"] == rejected


async def test_an_item_named_by_its_longest_shared_part_is_the_one_cancelled(
    institution: Session,
):
    # 人员参保 is in both 增员 and 减员; 人员参保增员 only in the first.
    wanted = institution.number("机关事业单位人员参保增员")
    t = institution.tracker("faq", "人员参保增员那个能撤回吗", faq=[("fix_data", 0.98)])
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["no"] == wanted


def test_a_why_question_about_a_rejection():
    from actions.context import asks_why_rejected

    assert asks_why_rejected("这个为什么被驳回") and asks_why_rejected("为啥没通过")
    assert not asks_why_rejected("为什么审核通过的不能注销")
    assert not asks_why_rejected("驳回了怎么改")


async def test_when_the_shown_one_will_be_done_is_beyond_the_guide(person: Session):
    pending = person.number("失业登记")
    for text, faq in (("那它什么时候会审", [("documents", 0.78)]), ("审核一般要多久的", [])):
        t = person.tracker(
            "faq", "这个" + text, shown="utter_submission_detail", selected=pending, faq=faq
        )
        said, _, _ = await run(ActionAnswerFaq(), t)
        assert said == ["utter_faq/not_in_guide"], text
    # Days counted, not asked ("都好几天了还没审"): no question of time.
    from actions.context import asks_when

    assert not asks_when("都好几天了还没审")


async def test_a_guide_question_pointing_at_the_shown_one_is_the_guides(person: Session):
    query = person.number("个人参保证明打印")
    t = person.tracker(
        "faq",
        "哦它是查询的啊，那为啥它一下就出结果了",
        shown="utter_cannot_cancel_query",
        selected=query,
        faq=[("review_vs_query", 1.0)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]
    # What to do with it is still its advice.
    t = person.tracker(
        "faq",
        "这个要怎么改",
        shown="utter_submission_detail",
        selected=query,
        faq=[("fix_data", 0.95)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_selected_submission_advice"]


async def test_a_bare_why_after_a_refused_cancel_is_the_rule(person: Session):
    approved = person.number("就业创业证申领")
    t = person.tracker(
        "nlu_fallback", "为啥", shown="utter_cannot_cancel_approved", selected=approved
    )
    said, _, _ = await run(ActionFallback(), t)
    assert said == ["utter_faq/fix_data"]


async def test_whom_to_ask_of_a_slip_in_the_one_refused_is_no_second_look_at_it(person: Session):
    approved = person.number("就业创业证申领")
    t = person.tracker(
        "faq",
        "信息确实填错了，那要找谁改",
        shown="utter_cannot_cancel_approved",
        selected=approved,
        faq=[("fix_data", 0.4)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/contact"]


async def test_the_cancelled_one_named_by_its_status_is_shown_not_cancelled(person: Session):
    t = person.tracker("faq", "已经注销的那个是哪个", faq=[("fix_data", 0.96)])
    said, events, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == person.number("灵活就业人员参保登记", "已注销")
    assert not any(e.get("name") == "pending_cancel" for e in events)


async def test_a_cancel_naming_one_beyond_the_page_asks_to_confirm_that_one(person: Session):
    assert "职业技能提升补贴申领" not in {e["item"] for e in person.list_page_1}
    t = person.tracker("out_of_scope_social", "把9月28号那个职业技能提升补贴的撤了")
    said, _, messages = await run(ActionFallback(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["item"] == "职业技能提升补贴申领"


async def test_why_a_listed_one_was_rejected_asked_with_zha_is_that_one(institution: Session):
    t = institution.tracker("faq", "第2个咋没过", faq=[("contact", 0.6)])
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == institution.number("职业年金缴费基数申报")


def test_asking_to_see_ones_own_submissions():
    from actions.context import asks_own_submissions

    assert asks_own_submissions("那我能在这里看我自己的申报吗")
    assert asks_own_submissions("我是卫生院的，登录查一下单位办事")
    assert not asks_own_submissions("我的申报怎么查")  # the how-to
    assert not asks_own_submissions("我的申请账号密码在哪查")
    assert asks_own_submissions("列一下单位的事项")
    assert asks_own_submissions("把申报列给我")
    assert not asks_own_submissions("把申报的流程列一下")  # the guide's steps
    assert not asks_own_submissions("列一下要带的材料")


@pytest.mark.parametrize(
    ("text", "looked_up"),
    [
        ("你帮我查查到底为啥没通过好不好", True),
        ("帮我查一下审核结果", True),
        ("帮我查一下审核要多久", False),  # the guide gives no times
    ],
)
async def test_an_outcome_asked_to_be_looked_up_is_the_users_own(text, looked_up):
    latest = parse("nlu_fallback", text=text, faq=[("fix_data", 0.3)])
    said, events, _ = await run(ActionFallback(), tracker(latest))
    assert (events == [FollowupAction("action_check_progress")]) is looked_up, (said, events)


@pytest.mark.parametrize(
    # the second: why one's own named one was rejected is its reviewer's note, looked up
    "text",
    [
        "我是说我自己的那个，帮我查",
        "我的灵活就业参保登记为啥没通过",
        "我们是民办非企业单位，想查一下自己单位的进度",
    ],
)
async def test_ones_own_asked_to_be_looked_up_is_the_look_up_whatever_the_reading(text):
    latest = parse(
        "inform_applicant_type",
        text=text,
        entities=[entity("applicant_type", "individual")],
    )
    said, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


async def test_a_person_asked_for_read_as_a_cancel_is_the_offer():
    latest = parse("cancel_my_submission", text="那你帮我问问人工")
    _, events, _ = await run(ActionCancelSubmission(), tracker(latest))
    assert events == [FollowupAction("action_offer_handoff")]


async def test_an_ordinal_read_as_a_pick_with_nothing_listed_picks_the_menus_button(
    person: Session,
):
    from actions.progress import ActionShowSubmission

    types = ("enterprise", "institution", "individual")
    menu = {
        "event": "bot",
        "text": "…",
        "data": {
            "buttons": [
                {"title": t, "payload": f'/inform_applicant_type{{"applicant_type": "{t}"}}'}
                for t in types
            ]
        },
        "metadata": {"utter_action": "utter_ask_applicant_type_password_lost"},
    }
    asked = [
        {"event": "user", "text": "旧密码不记得", "parse_data": parse("faq", text="旧密码不记得")},
        {"event": "action", "name": "action_answer_faq"},
        menu,
        {"event": "action", "name": "action_listen"},
    ]
    slots = {"pending_topic": "password_lost", "last_type_topic": "password_lost"}
    latest = parse("pick_submission", text="第三个")
    t = tracker(latest, events=asked, slots=slots, sender="rest:logged-out")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_password_lost_individual"]


async def test_a_goodbye_read_as_a_pick_with_nothing_to_pick_is_a_goodbye(person: Session):
    from actions.progress import ActionShowSubmission

    # Logged out (another conversation): nothing listed, nothing to pick.
    t = tracker(parse("pick_submission", text="886"), sender="rest:logged-out")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_goodbye"]


async def test_a_cancel_reading_with_no_cancel_word_and_nothing_to_cancel_is_none():
    asked = parse("cancel_my_submission", text="我怎么知道审完没有", faq=[("check_progress", 0.79)])
    said, _, _ = await run(ActionCancelSubmission(), tracker(asked))
    assert said == ["utter_faq/check_progress"]
    vague = parse("cancel_my_submission", text="那个 我想问下", faq=[("how_to_operate", 0.27)])
    said, events, _ = await run(ActionCancelSubmission(), tracker(vague))
    assert said == [] and events == [FollowupAction("action_fallback")]


async def test_erasing_ones_records_read_as_a_look_up_asks_the_erasure_question():
    latest = parse("check_my_progress", text="删掉我的记录", faq=[("how_to_operate", 0.4)])
    latest["intent_ranking"] = [
        {"name": "check_my_progress", "confidence": 0.88},
        {"name": "delete_my_data", "confidence": 0.11},
    ]
    _, events, _ = await run(ActionCheckProgress(), tracker(latest))
    assert [e.get("name") for e in events if e.get("event") == "followup"] == [
        "action_confirm_delete"
    ]
    # A look-up whose runner-up is not the erasure, or that names no erasing, is a look-up;
    # "删掉我的记录" is the erasure whatever the runner-up, since a record named bare is the
    # chat's (dev set BY: "把这条记录删掉" after an ID number typed by mistake).
    for text, runner_up in (
        ("删掉我的申报", "cancel_my_submission"),
        ("查我的记录", "delete_my_data"),
    ):
        latest = parse("check_my_progress", text=text)
        latest["intent_ranking"] = [
            {"name": "check_my_progress", "confidence": 0.88},
            {"name": runner_up, "confidence": 0.11},
        ]
        assert not asks_erasure(tracker(latest)), text
    for text in ("删掉我的记录", "诶我怎么把身份证发出来了 把这条记录删掉"):
        latest = parse("cancel_my_submission", text=text)
        latest["intent_ranking"] = [{"name": "cancel_my_submission", "confidence": 0.47}]
        assert asks_erasure(tracker(latest)), text


async def test_how_to_go_on_is_a_look_up_with_own_words_or_an_unsure_selector(person: Session):
    # "报上去的东西给打回来了，我该咋弄" is the guide's fix_data when the selector is sure
    # (test_misreadings.py); unsure, or said of "我的", it stays one's own look-up.
    for text, sure in (("报上去的东西给打回来了，我该咋弄", 0.5), ("我的申报给打回来了咋弄", 0.99)):
        t = person.tracker("check_my_progress", text, faq=[("fix_data", sure)])
        said, _, _ = await run(ActionCheckProgress(), t)
        # the rejected one the status names, with the list on screen
        assert said == ["utter_submission_detail"], text


def test_a_change_of_ones_submission_not_of_the_login():
    from actions.context import proposes_change

    assert proposes_change("复印件不清楚我重新扫一下，直接在办事进度里改就行吧")
    assert proposes_change("能补传吗")
    assert not proposes_change("我想改密码")
    assert not proposes_change("类型改一下")
    assert not proposes_change("好的谢谢")


def test_the_first_page_asked_again_is_the_list():
    assert asks_for_list("第一页再给我看看") and asks_for_list("从头再看下")
    assert not asks_for_list("第一页的第二个是什么材料要带")


async def test_a_cancel_of_those_of_a_status_none_may_leave_says_so(person: Session):
    # Two listed are 审核通过: whichever is meant, neither can be cancelled.
    assert sum(e["status"] == "审核通过" for e in person.list_page_1) >= 2
    t = person.tracker("cancel_my_submission", "把审核通过的那个撤了", shown="utter_progress_list")
    said, events, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cannot_cancel_approved_ones"]
    assert not any(e.get("name") == "pending_cancel" and e.get("value") for e in events)


async def test_a_policy_question_naming_a_listed_item_is_the_policy(company: Session):
    # 社保缴费基数申报 is listed; its lower limit is policy, which the guide never gives.
    shown = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        "今年社保缴费基数下限是多少啊",
        shown="utter_submission_detail",
        selected=shown,
        faq=[("review_vs_query", 0.4)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_out_of_scope_social"]
    # the same item asked after by its name is still that one
    t = company.tracker("faq", "社保缴费基数申报那条为什么被驳回", shown="utter_progress_list")
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("我上周报的失业登记为什么还没有结果", True),
        ("这个等了十来天了怎么还没审", True),
        ("一直没动静是怎么回事", True),
        ("为啥还没通过", True),  # still waiting, not rejected
        ("为什么没通过", False),  # rejected: the reviewer's note
        ("还没审核要多久", False),  # how long: not in the guide
    ],
)
def test_why_a_declaration_still_waits(text, why):
    assert asks_why_no_result(text) is why


async def test_why_still_no_result_read_as_a_look_up_is_the_guides_reason():
    latest = parse("check_my_progress", text="我前几天报的东西为什么还没有结果")
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


async def test_why_the_one_shown_still_waits_is_the_guides_reason(person: Session):
    pending = person.number("失业登记")
    t = person.tracker(
        "faq", "这个都等了半个月了怎么还没审", shown="utter_submission_detail", selected=pending
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]


def test_what_ones_unit_filed_to_be_seen_is_its_own_submissions():
    from actions.context import asks_own_submissions

    assert asks_own_submissions("你好，我是公司人事，想看看我们单位之前报的东西")
    assert asks_own_submissions("我想看下我提交过的")
    assert not asks_own_submissions("我看了说明，我想自己去办")  # going to do it, nothing filed


async def test_a_doubt_supposed_is_whom_to_ask_not_a_look_up():
    latest = parse("check_my_progress", text="要是审核完了我对结果有疑问怎么办")
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/contact"]


async def test_a_case_supposed_after_an_answer_is_that_answers_case_not_a_look_up():
    history = [
        {"event": "user", "text": "填错了怎么改", "parse_data": parse("faq", text="填错了怎么改")},
        {"event": "action", "name": "action_answer_faq"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/fix_data"}},
        {"event": "action", "name": "action_listen"},
    ]
    latest = parse("check_my_progress", text="要是已经审核通过了呢")
    said, _, _ = await run(ActionCheckProgress(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]
    latest = parse("check_my_progress", text="如果我想看我的进度呢")
    said, _, _ = await run(ActionCheckProgress(), tracker(latest, events=history))
    assert said != ["utter_faq/fix_data"]


async def test_how_one_finds_out_read_as_a_look_up_is_the_how_to():
    latest = parse("check_my_progress", text="我怎么知道审完没有", faq=[("check_progress", 0.71)])
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


@pytest.mark.parametrize("text", ["审核未通过的", "看下被退回的", "没通过那个"])
async def test_a_status_and_nothing_more_picks_the_listed_one_in_it(person: Session, text):
    rejected = [e for e in person.list_page_1 if e["status"] == "审核未通过"]
    assert len(rejected) == 1
    t = person.tracker("faq", text, shown="utter_progress_list", faq=[("fix_data", 0.95)])
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"] and messages[0]["no"] == rejected[0]["no"]
    # asked as a question, the same status is the guide's
    t = person.tracker(
        "faq", "审核未通过的怎么改", shown="utter_progress_list", faq=[("fix_data", 0.95)]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize("text", ["为什么不行", "凭啥不行", "那怎么办"])
async def test_why_not_after_a_refused_cancel_is_the_guides_rule(institution: Session, text):
    approved = institution.number("单位参保证明打印")
    t = institution.tracker(
        "faq",
        text,
        shown="utter_cannot_cancel_approved",
        selected=approved,
        faq=[("review_vs_query", 0.55), ("flow", 0.13)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"], text


@pytest.mark.parametrize("text", ["那怎么办", "那咋整"])
async def test_what_now_with_a_rejected_one_on_screen_is_how_to_go_on(person: Session, text):
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        "faq", text, shown="utter_submission_detail", selected=rejected, faq=[("fix_data", 0.5)]
    )
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/fix_data"], ["utter_selected_submission_advice"]), events


@pytest.mark.parametrize(
    ("intent", "faq"),
    [("faq", [("resubmit", 0.6)]), ("pick_submission", []), ("faq", [("fix_data", 0.5)])],
)
async def test_why_and_whether_it_can_go_in_again_with_it_shown_is_the_guides(
    person: Session, intent, faq
):
    from actions.progress import ActionShowSubmission

    # The reason is on screen already; what is new is whether it can go in again.
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        intent,
        "咋没通过 改了能重新交吗",
        shown="utter_submission_detail",
        selected=rejected,
        faq=faq,
    )
    action = ActionShowSubmission() if intent == "pick_submission" else ActionAnswerFaq()
    said, events, _ = await run(action, t)
    assert said in (["utter_faq/resubmit"], ["utter_faq/fix_data"]), events


@pytest.mark.parametrize("text", ["那我该怎么处理", "接下来怎么处理"])
async def test_what_now_read_as_small_talk_with_one_on_screen_is_how_to_go_on(
    person: Session, text
):
    from actions.chitchat import ActionCapabilities

    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker("what_can_you_do", text, shown="utter_submission_detail", selected=rejected)
    said, events, _ = await run(ActionCapabilities(), t)
    assert said in (["utter_faq/fix_data"], ["utter_selected_submission_advice"]), events


async def test_a_units_staff_change_done_wrong_is_a_data_slip(company: Session):
    from actions.fallback import ActionOutOfScope

    shown = company.number("职工参保减员")
    t = company.tracker(
        "out_of_scope",
        "减员减错了一个人，现在怎么办",
        shown="utter_cannot_cancel_approved",
        selected=shown,
    )
    said, events, _ = await run(ActionOutOfScope(), t)
    assert said in (["utter_faq/fix_data"], ["utter_selected_submission_advice"]), events


def test_a_cancel_asked_with_a_reason_is_the_cancel_not_the_rule():
    from actions.cancel import asks_about_cancelling

    assert not asks_about_cancelling("能注销吗，我想重新申请一次")
    assert asks_about_cancelling("撤回了还能再申请吗") and asks_about_cancelling("为啥不能撤")


def test_a_cancel_verb_said_outweighs_a_no_of_the_thing():
    from actions.cancel import says_cancel_verb

    assert says_cancel_verb("这个我不要了帮我住销掉吧我已经找到工作了")
    assert not says_cancel_verb("不注销了") and not says_cancel_verb("别撤，我再想想")
    assert not says_cancel_verb("不要了")


async def test_a_result_disputed_with_the_rejected_one_on_screen_offers_a_person(person: Session):
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        "nlu_fallback",
        "这个结果不对，我传的身份证是清楚的",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("not_in_guide", 0.2)],
    )
    said, events, _ = await run(ActionFallback(), t)
    assert any(e.get("name") == "action_offer_handoff" for e in events), (said, events)


async def test_a_status_alone_read_as_a_dispute_with_the_list_shown_names_one(company: Session):
    from actions.handoff import ActionOfferHandoff

    t = company.tracker("result_wrong", "被驳回的", shown="utter_progress_list_more")
    said, events, _ = await run(ActionOfferHandoff(), t)
    assert said == ["utter_submission_detail"], events


async def test_how_it_goes_in_again_once_fixed_with_it_shown_is_the_guides(person: Session):
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        "faq",
        "身份证号填错的那个职工改好后怎么再提交",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("resubmit", 0.9)],
    )
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/resubmit"], ["utter_faq/fix_data"]), events


async def test_whether_to_fix_or_submit_again_naming_one_listed_is_the_guides(institution: Session):
    said, _ = await faq_on_list(
        institution, "职业年金那个缺工资汇总表 补传的话是改还是重新交", [("fix_data", 0.6)]
    )
    assert said in (["utter_faq/resubmit"], ["utter_faq/fix_data"])


# -- development sets Y and Z -------------------------------------------------------------


@pytest.mark.parametrize("text", ["點解唔通過", "點解會唔通過嘅", "为什么不通过"])
async def test_a_why_read_as_a_no_with_one_shown_is_about_that_one(person: Session, text):
    from actions.followup import ActionFollowup

    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker("deny", text, shown="utter_submission_detail", selected=rejected)
    said, events, _ = await run(ActionFollowup(), t)
    assert said and said[0] not in ("utter_deny_ack", "utter_cancel_declined"), events
    assert said[0] in ("utter_submission_detail", "utter_selected_submission_advice"), said


async def test_what_it_lacks_read_as_a_dispute_with_one_shown_is_that_one(institution: Session):
    from actions.handoff import ActionOfferHandoff

    rejected = institution.number("职业年金缴费基数申报")
    t = institution.tracker(
        "result_wrong", "它缺啥", shown="utter_submission_detail", selected=rejected
    )
    said, events, _ = await run(ActionOfferHandoff(), t)
    assert said in (["utter_submission_detail"], ["utter_selected_submission_advice"]), events


async def test_a_no_naming_one_beyond_the_page_to_cancel_asks_about_that_one(person: Session):
    # 失业登记 waits for its yes; 职业技能提升补贴申领 is on the list's second page.
    unemployment = person.number("失业登记")
    t = person.tracker(
        "deny", "不对 我说错了 是要撤职业技能提升补贴那个", shown="utter_confirm_cancel"
    )
    t.slots["pending_cancel"] = unemployment
    said, events, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"], events
    assert messages[0]["no"] != unemployment and "职业技能提升补贴" in messages[0]["item"]


async def test_a_plain_no_to_a_cancel_still_declines_it(person: Session):
    unemployment = person.number("失业登记")
    for text in ("不对，不撤了", "算了不要撤"):
        t = person.tracker("deny", text, shown="utter_confirm_cancel")
        t.slots["pending_cancel"] = unemployment
        said, _, _ = await run(ActionCancelSubmission(), t)
        assert said == ["utter_cancel_declined"], text


async def test_a_number_corrected_after_a_refused_cancel_is_that_ones_cancel(company: Session):
    from actions.progress import ActionShowSubmission

    approved = "HZ2026101605594"  # 单位参保登记, approved
    changing = "HZ2026100902471"
    t = company.tracker(
        "pick_submission",
        f"哦搞错了，是{changing}那个单位基本信息变更",
        shown="utter_cannot_cancel_approved",
        selected=approved,
    )
    said, events, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["no"] == changing, events


async def test_how_ones_units_filings_stand_asked_formally_is_the_look_up(institution: Session):
    t = institution.tracker("faq", "本单位所报事项目前状态如何？", faq=[("how_to_operate", 0.7)])
    t.slots["progress_list"] = None
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said in ([], ["utter_progress_list_more"], ["utter_progress_list"]), said
    assert said or FollowupAction("action_check_progress") in events, events


async def test_how_to_submit_one_again_after_its_cancel_was_refused_is_the_guides(
    person: Session,
):
    from actions.fallback import ActionOutOfScope

    cancelled = "HZ2026110605172"  # 灵活就业人员参保登记, cancelled already
    t = person.tracker(
        "out_of_scope_social",
        "那我重新提交一份灵活就业参保要怎么弄",
        shown="utter_cannot_cancel_cancelled",
        selected=cancelled,
    )
    said, events, _ = await run(ActionOutOfScope(), t)
    assert said in (["utter_faq/resubmit"], ["utter_faq/how_to_operate"]), events


async def test_which_way_to_go_in_again_after_the_cancel_is_the_guides(person: Session):
    from actions.fallback import ActionOutOfScope

    cancelled = "HZ2026110605172"
    t = person.tracker(
        "faq",
        "重新报的话还是在原来那个事项里再提交吗",
        shown="utter_cancelled",
        selected=cancelled,
        faq=[("fix_data", 0.5)],
    )
    said, events, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_faq/resubmit"], events


async def test_a_cancel_of_one_named_by_a_date_in_words_is_that_ones(institution: Session):
    # As speech recognition writes a date: 减员 on 2026-11-02, cancelled already.
    t = institution.tracker("cancel_my_submission", "二零二六年十一月二号那个减员的 注销")
    said, events, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cannot_cancel_cancelled"], events


@pytest.mark.parametrize(
    "text", ["还没审核的有哪些", "审核通过的有哪几个", "which ones are approved"]
)
async def test_which_listed_ones_have_a_status_is_the_list(person: Session, text: str):
    from actions.faq import ActionAnswerFaq

    # those of that status, from the newest pages (the whole list before dev set CJ)
    t = person.tracker("faq", text, faq=[("review_vs_query", 0.99)])
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_progress_list_status"], events


async def test_a_listed_name_read_as_a_type_points_at_the_listed_ones(person: Session):
    from actions.faq import ActionAnswerFaq

    # Two 灵活就业人员参保登记 are listed: those two, and which one is asked; no type noted.
    t = person.tracker("inform_applicant_type", "灵活就业那个")
    t.latest_message["entities"] = [entity("applicant_type", "individual")]
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_progress_list_some"], events
    listed = CollectingDispatcher()
    await ActionAnswerFaq().run(listed, t, domain())
    assert listed.messages[0]["lines"].count("灵活就业人员参保登记") == 2
    t = person.tracker("inform_applicant_type", "个人参保证明打印那个")
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"], events


# -- development set AC ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("个人参保证明打印那条删掉", "utter_cannot_cancel_query"),  # a query: nothing to 注销
        ("把职业技能提升补贴那个删了", "utter_confirm_cancel"),  # on the page not shown
        ("不是删聊天记录，是删我交上去的失业登记", "utter_confirm_cancel"),
    ],
)
async def test_a_submission_deleted_is_its_cancel(person: Session, text: str, expected: str):
    t = person.tracker("nlu_fallback", text, faq=[("not_in_guide", 0.45)])
    said, events, _ = await run(ActionFallback(), t)
    assert said == [expected], events


async def test_a_submission_deleted_before_login_asks_for_the_login():
    latest = parse("nlu_fallback", text="我那条申报要删掉", faq=[("fix_data", 0.4)])
    said, events, _ = await run(ActionFallback(), tracker(latest))
    # the cancel action asks for the login first (tests/e2e/test_progress_rest.py)
    assert said == [] and events == [FollowupAction("action_cancel_submission")], events


async def test_two_ways_weighed_for_the_one_shown_is_a_question_not_a_cancel(company: Session):
    rejected = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        "那是改一下好还是注销了重报好",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("fix_data", 1.0)],
    )
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said and said[0] in ("utter_faq/fix_data", "utter_faq/resubmit"), events


async def test_a_day_of_the_month_alone_names_the_one_listed_that_day(person: Session):
    from actions.progress import ActionShowSubmission

    # 灵活就业人员参保登记: cancelled on the 6th (refused just now), rejected on the 12th.
    cancelled = person.number("灵活就业人员参保登记", "已注销")
    t = person.tracker(
        "pick_submission",
        "那12号那个呢 也注销",
        shown="utter_cannot_cancel_cancelled",
        selected=cancelled,
        faq=[("contact", 0.3)],
    )
    said, events, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_confirm_cancel"], events


async def test_a_part_of_a_name_read_as_a_social_matter_finds_it_beyond_the_page(
    person: Session,
):
    from actions.fallback import ActionOutOfScope

    # 职业技能提升补贴申领 is the 7th: not on the page shown.
    assert all("补贴" not in e["item"] for e in person.list_page_1)
    t = person.tracker("out_of_scope_social", "补贴那个", faq=[("how_to_operate", 0.4)])
    said, events, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_submission_detail"], events


async def test_how_the_one_on_screen_stands_is_that_one_not_the_list(person: Session):
    pending = person.number("失业登记")
    t = person.tracker(
        "check_my_progress",
        "那它现在是啥状态",
        shown="utter_cancel_declined",
        selected=pending,
        faq=[("documents", 0.3)],
    )
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said == ["utter_submission_detail"], events
    # with nothing on screen, the list
    t = person.tracker("check_my_progress", "那它现在是啥状态", faq=[("documents", 0.3)])
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said == ["utter_progress_list_more"], events


async def test_which_may_still_be_changed_read_as_out_of_scope_is_the_list(person: Session):
    from actions.fallback import ActionOutOfScope

    t = person.tracker("out_of_scope", "哪几个还能改的", faq=[("fix_data", 0.5)])
    said, events, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_progress_list_more"], events


async def test_why_ones_own_was_sent_back_is_looked_up_before_login():
    text = "我有个申报被退回来了 为啥"
    latest = parse("faq", text=text, faq=[("fix_data", 1.0)])
    said, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")], (said, events)


async def test_a_part_of_a_name_pointed_at_with_a_reason_beside_it_is_that_one(company: Session):
    # 职工参保减员 is approved: it cannot be withdrawn, whatever the reason given.
    t = company.tracker("cancel_my_submission", "把减员那条撤回，少减了一个人")
    said, events, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cannot_cancel_approved"], events


async def test_a_batch_named_by_its_count_is_shown_and_a_change_asked_of_it_advised(
    institution: Session,
):
    from actions.progress import ActionShowSubmission

    batch = institution.number("职业年金缴费基数申报")
    t = institution.tracker("pick_submission", "37个人那个现在啥情况")
    said, events, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"] and messages[0]["no"] == batch
    # Named again with a change asked of it, right after its details: what may be done now.
    t = institution.tracker(
        "pick_submission",
        "37个人里就3个不对 能只改那3个吗",
        shown="utter_submission_detail",
        selected=batch,
    )
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_selected_submission_advice"] and messages[0]["no"] == batch


async def test_the_look_up_sent_back_from_the_login_in_one_turn_answers(person: Session):
    # "登上了，帮我查下进度": the look-up read the login in it, the login read the look-up;
    # sent back, the look-up answers instead of sending the turn round again.
    t = person.tracker("check_my_progress", "登上了，帮我查下进度")
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said == [] and FollowupAction("action_login") in events
    t.events.extend(
        [
            {"event": "action", "name": "action_check_progress"},
            {"event": "followup", "name": "action_login"},
            {"event": "action", "name": "action_login"},
            {"event": "followup", "name": "action_check_progress"},
        ]
    )
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said and said[0].startswith("utter_progress_list"), said


async def test_another_one_named_by_a_part_is_the_one_to_cancel_not_the_one_on_screen(
    institution: Session,
):
    from actions.progress import ActionCancelSubmission

    shown = institution.number("职业年金缴费基数申报")
    named = institution.number("机关事业单位人员参保增员")
    t = institution.tracker(
        "faq", "还有那个增员的能撤掉吗", shown="utter_submission_detail", selected=shown
    )
    said, events, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"] and messages[0]["no"] == named, (said, messages)


async def test_a_cancel_naming_another_one_unsurely_asks_which_not_the_one_on_screen(
    institution: Session,
):
    from actions.progress import ActionCancelSubmission

    shown = institution.number("职业年金缴费基数申报")
    # "人员参保" and "增员" pieces of another name, none for sure: never the one on screen
    t = institution.tracker(
        "cancel_my_submission",
        "那个人员参保的先撤了",
        shown="utter_submission_detail",
        selected=shown,
    )
    said, _, messages = await run(ActionCancelSubmission(), t)
    assert all(m.get("no") != shown for m in messages), (said, messages)


async def faq_after(session: Session, text: str, shown: str, faq: list[tuple[str, float]]):
    """What the FAQ action says to ``text`` right after ``shown``, the list still held."""
    return await run(ActionAnswerFaq(), session.tracker("faq", text, shown=shown, faq=faq))


async def test_whether_a_listed_one_named_can_be_changed_is_its_advice(person: Session):
    # "就业登记那个还没审 我能改吗" with the list on screen: what that one's status lets the
    # user change, not its details again.
    pending = person.number("失业登记")
    listed = "utter_progress_list"
    said, events, messages = await faq_after(
        person, "失业登记那个还没审 我能改吗", listed, [("fix_data", 0.8)]
    )
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == pending
    assert SlotSet("selected_submission", pending) in events
    # Asked to cancel it, it is the 注销 and not the advice.
    said, _, _ = await faq_after(person, "失业登记那个怎么撤回", listed, [("fix_data", 0.8)])
    assert said != ["utter_selected_submission_advice"]


async def test_a_status_pointed_at_with_the_list_shown_is_that_one_not_the_case(person: Session):
    # "没通过的那个呢" after the guide's answer on review, the list still on screen: the
    # rejected one listed, not what the guide says of a rejected case.
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    review = "utter_faq/review_vs_query"
    said, events, _ = await faq_after(person, "没通过的那个呢", review, [("fix_data", 0.6)])
    assert said == ["utter_submission_detail"]
    assert SlotSet("selected_submission", rejected) in events
    # "那没通过的呢", pointing at nothing, asks the case
    said, _, _ = await faq_after(person, "那没通过的呢", review, [("fix_data", 0.6)])
    assert said != ["utter_submission_detail"]


async def test_a_number_typed_that_is_not_the_users_shows_their_list(person: Session):
    # "HZ2026111203915", two digits swapped: no such submission of theirs, so the list
    # they can check it on, not "it may have been deleted".
    t = person.tracker("pick_submission", "HZ2026111203915", shown="utter_progress_list")
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said[0] == "utter_pick_not_found"
    assert any(str(r).startswith("utter_progress_list") for r in said[1:])


async def test_what_to_do_now_of_the_rejected_one_shown_is_its_advice(person: Session):
    # "被reject了" read as a dispute: with it on screen, and nothing disputed, its advice
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        "result_wrong",
        "这个被reject了 我现在能做什么",
        shown="utter_submission_detail",
        selected=rejected,
    )
    said, _, messages = await run(ActionOfferHandoff(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == rejected
    # disputed, it is a person's to look at again
    t = person.tracker(
        "result_wrong",
        "这结果我不认 我现在能做什么",
        shown="utter_submission_detail",
        selected=rejected,
    )
    said, _, _ = await run(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


@pytest.mark.parametrize("text", ["增员的", "增员的呢", "年金的"])
async def test_a_short_part_of_a_name_and_de_alone_picks_the_one_listed(
    institution: Session, text: str
):
    t = institution.tracker("nlu_fallback", text, shown="utter_progress_list")
    said, _, messages = await run(ActionFallback(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] in ("机关事业单位人员参保增员", "职业年金缴费基数申报")
    assert text[:2] in messages[0]["item"]


async def test_a_part_two_listed_share_picks_neither(institution: Session):
    # 参保增员 and 参保减员 are both listed: "参保的" names no one
    from actions.references import named_by

    assert named_by("参保的", institution.list_page_1) is None


@pytest.mark.parametrize("text", ["九月底交的那个补贴", "9月份交的那个", "九月那个"])
async def test_a_month_named_finds_the_one_of_that_month_beyond_the_page(
    person: Session, text: str
):
    from actions.fallback import ActionOutOfScope

    t = person.tracker("out_of_scope_social", text, faq=[("how_to_operate", 0.4)])
    said, _, messages = await run(ActionOutOfScope(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "职业技能提升补贴申领"


def test_a_month_of_several_is_narrowed_by_a_part_of_the_name(person: Session):
    from actions.references import named_by, resolve_reference

    # 11月 has four listed; 失业 names one of them, 参保登记 two
    assert resolve_reference("11月的失业那个", person.list_page_1)["item"] == "失业登记"
    assert named_by("11月那个", person.list_page_1) is None
    assert named_by("审核要几个月", person.list_page_1) is None


async def test_the_one_a_district_handles_found_beyond_the_page(institution: Session):
    # every one on page 1 is the city centre's; 单位基本信息变更 (拱墅区) is on page 2
    from actions.references import named_by

    assert named_by("区里办的那个", institution.list_page_1) is None
    t = institution.tracker(
        "faq", "区里办的那个", shown="utter_progress_list", faq=[("open_online", 0.969)]
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"


def reset_answered(text: str) -> list[dict[str, Any]]:
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "action", "name": "action_answer_faq"},
        {
            "event": "bot",
            "text": "…",
            "metadata": {"utter_action": "utter_password_lost_individual"},
        },
        {"event": "action", "name": "action_listen"},
    ]


@pytest.mark.parametrize("text", ["then how to change it later 修改", "那以后怎么改"])
async def test_a_change_asked_right_after_the_reset_is_the_new_passwords(text: str):
    latest = parse("faq", text=text, faq=[("how_to_operate", 0.6), ("change_password", 0.2)])
    said, _, _ = await run(
        ActionAnswerFaq(), tracker(latest, events=reset_answered("password 忘了"))
    )
    assert said == ["utter_faq/change_password"]


async def test_the_data_changed_after_the_reset_is_no_password():
    latest = parse("faq", text="那申报数据怎么改", faq=[("fix_data", 0.9)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=reset_answered("密码忘了")))
    assert said == ["utter_faq/fix_data"]


async def test_a_status_supposed_in_english_after_the_fix_answer_asks_it_again():
    # gloss_english appends 审核通过, so the message no longer ends in 的呢 as typed
    history = faq_answered("batch imported data wrong how to fix", "fix_data")
    latest = parse("check_my_progress", text="already approved 的呢 审核通过")
    said, _, _ = await run(ActionCheckProgress(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize("text", ["还没审核的", "审核通过的。"])
async def test_a_status_and_de_alone_after_an_answer_asks_it_again_for_that_case(text: str):
    # "还没审核的" after the answer on fixing data, read as the review's wait
    history = faq_answered("我是说网上申报的数据填错了，已经提交了，怎么改", "fix_data")
    latest = parse("faq", text=text, faq=[("review_vs_query", 0.7), ("fix_data", 0.2)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]


def test_a_status_pointed_at_is_no_case():
    from actions.context import names_status_case

    assert names_status_case("还没审核的")
    assert not names_status_case("没通过的那个")
    assert not names_status_case("还没审核的材料要不要重新交一份啊")


async def test_a_field_said_wrong_of_the_one_shown_asks_how_to_correct_it(person: Session):
    # where the change is made, which the guide says, not the one shown again
    rejected = next(e["no"] for e in person.list_page_1 if "未通过" in e["status"])
    said, _ = await faq_on_shown(person, "身份证号错了在哪改", rejected, [("fix_data", 1.0)])
    assert said == ["utter_faq/fix_data"]


async def test_cancel_or_change_weighed_on_the_one_shown_is_no_cancel(institution: Session):
    rejected = next(e["no"] for e in institution.list_page_1 if "未通过" in e["status"])
    for text in ("要撤回来伐，还是直接改", "撤回还是修改"):
        said, _ = await faq_on_shown(institution, text, rejected, [("fix_data", 1.0)])
        assert said == ["utter_faq/fix_data"], text


async def test_a_rejected_one_picked_with_bei_is_no_dispute(institution: Session):
    # "被驳回的那个" read as a dispute, the second page on screen (no rejected one on it):
    # the pick, beyond the page, not a hand-off
    t = institution.tracker("result_wrong", "被驳回的那个", shown="utter_progress_list")
    t.slots["progress_list"] = [e for e in institution.list_page_1 if "未通过" not in e["status"]]
    said, _, messages = await run(ActionOfferHandoff(), t)
    assert said == ["utter_submission_detail"]
    assert "未通过" in messages[0]["status"]
