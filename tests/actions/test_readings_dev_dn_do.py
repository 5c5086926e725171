"""Readings that development sets DN and DO's first runs showed missing: each test fails
on the code before it."""

from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import asks_for_person, names_own_filings_alone
from actions.chitchat import ActionCapabilities, ActionThank
from actions.context import asks_same_for_type
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.login import ActionLogin
from actions.progress import ActionShowSubmission
from actions.tickets import ActionHandoffStatus
from actions.topics import asks_beyond_guide, asks_whole_import
from actions.words import CONFIRM_ASKED_TAIL_RE
from actions.yesno import acknowledges
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import responses_of
from tests.actions.test_readings_dev_dj_dk import answered_before, faq_says
from tests.actions.trackers import entity, parse, tracker


def type_told(
    text: str, kind: str, *, confidence: float, faq: list[tuple[str, float]]
) -> dict[str, Any]:
    """A message read as a type said (``kind``), as sure as ``confidence``."""
    latest = parse(
        "inform_applicant_type", text=text, entities=[entity("applicant_type", kind)], faq=faq
    )
    latest["intent"]["confidence"] = confidence
    return latest


@pytest.mark.parametrize(
    ("text", "before"),
    [
        # DN: after the reset, the name of its form, however long the asking
        ("要填的那张单子叫啥名字来着", "utter_password_lost_institution"),
        ("刚才说要填的那个申请单全称叫什么来着", "utter_password_lost_institution"),
    ],
)
async def test_the_name_of_a_form_after_the_reset_is_the_reset(text: str, before: str):
    said = await faq_says(
        text,
        [("website", 0.28), ("password_lost", 0.21), ("how_to_operate", 0.11)],
        before=("我们是事业单位", before),
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    assert said == [before]


@pytest.mark.parametrize(
    "text",
    [
        # DN: the units put before the verb
        "我是做代账的，手上七八家小公司，能不能用我一个账号把几家公司都管起来",
        # DO: how many logins one unit may have
        "学校好几个老师都要用，能开几个账号",
    ],
)
async def test_how_many_units_one_login_or_logins_one_unit_is_the_guides_silence(text: str):
    said = await faq_says(
        text,
        [("documents", 0.9), ("open_online", 0.05)],
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_a_type_said_to_the_type_question_is_its_answer_however_sure_a_topic_looks():
    # DN: "帐号" put the opening at 0.90, the type reading itself at 0.85
    menu = answered_before("帐号密马都忘记了咋办", "utter_ask_applicant_type_password_lost")
    latest = type_told(
        "我自己的，个人帐号", "individual", confidence=0.85, faq=[("open_online", 0.9)]
    )
    t = tracker(latest, events=menu, slots={"pending_topic": "password_lost"})
    said = (await responses_of(ActionAnswerFaq(), t))[0]
    assert said == ["utter_password_lost_individual"]


async def test_a_topic_told_by_a_unit_unasked_is_still_that_topic():
    # the guard: no type question waiting, the sure topic is answered
    latest = type_told(
        "你好 我们公司几十个员工 每个人一条条录太慢了",
        "enterprise",
        confidence=0.6,
        faq=[("batch", 0.95)],
    )
    said = (await responses_of(ActionAnswerFaq(), tracker(latest)))[0]
    assert said == ["utter_faq/batch"]


async def test_ones_own_looked_at_after_how_one_checks_is_the_look_up():
    # DN: 自己 read as a type, right after how progress is checked
    latest = type_told("我想直接看看我自己那条", "individual", confidence=0.66, faq=[])
    t = tracker(latest, events=answered_before("那申报的进度在哪看", "utter_faq/check_progress"))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_check_progress") in events


async def test_where_one_looks_at_the_result_is_how_one_checks():
    # DN: 到哪看 asks where, not for one's own list
    said = await faq_says(
        "审完了到哪看结果",
        [("check_progress", 1.0)],
        before=("提交了以后是谁来审", "utter_faq/review_vs_query"),
    )
    assert said == ["utter_faq/check_progress"]


@pytest.mark.parametrize(
    ("text", "before", "slots"),
    [
        # DO: without the mailbox, whether one must go, after the papers
        (
            "我没有市民邮箱，是不是一定得跑一趟",
            ("带什么", "utter_documents_individual"),
            {"applicant_type": "individual", "last_type_topic": "documents"},
        ),
        # DO: without the mailbox, where one opens it, after the mailbox's answer
        ("我个人没有市民邮箱，那去哪开", ("市民邮箱用户要开通吗", "utter_faq/citizen_mailbox"), {}),
    ],
)
async def test_where_or_whether_one_goes_without_the_mailbox_is_the_counter(
    text: str, before: tuple[str, str], slots: dict[str, Any]
):
    said = await faq_says(text, [("citizen_mailbox", 0.98)], before=before, slots=slots)
    assert said == ["utter_where_individual"]


async def test_the_papers_without_the_mailbox_are_still_the_papers():
    said = await faq_says(
        "我老婆没有市民邮箱，她去开通要带什么",
        [("citizen_mailbox", 0.9)],
        before=("我有市民邮箱还要开通吗", "utter_faq/citizen_mailbox"),
    )
    assert said == ["utter_documents_individual"]


async def test_a_change_asked_after_the_silence_on_the_resets_time_is_the_new_passwords():
    # DO: the guide's silence on how long the reset takes came between
    events = answered_before("individual, just me", "utter_password_lost_individual")
    events += answered_before("How long does the reset take?", "utter_faq/not_in_guide")
    latest = parse(
        "faq",
        text="after that how do i change it to something new",
        faq=[("how_to_operate", 0.45), ("change_password", 0.32), ("flow", 0.1)],
    )
    t = tracker(latest, events=events, slots={"last_type_topic": "password_lost"})
    assert (await responses_of(ActionAnswerFaq(), t))[0] == ["utter_faq/change_password"]


async def test_where_the_one_spoken_of_is_found_is_the_look_up():
    # DO: "刚才那条", its noun left out
    said = await faq_says(
        "在哪里找到刚才那条",
        [("how_to_operate", 0.46), ("fix_data", 0.28), ("open_online", 0.19)],
        before=("撤回以后还能重新交吗", "utter_faq/resubmit"),
    )
    assert said == ["utter_faq/check_progress"]


@pytest.mark.parametrize(
    "text",
    [
        # DO: the slip the review found, denied
        "可我觉得审核的人搞错了，我根本没填错",
        # DN
        "不对啊，这个退回理由有问题，我核对过号码没错的",
    ],
)
async def test_a_slip_denied_disputes_the_result(text: str):
    t = tracker(parse("result_wrong", text=text, faq=[("fix_data", 0.85)]))
    assert (await responses_of(ActionOfferHandoff(), t))[0] == ["utter_offer_handoff"]


async def test_a_slip_owned_is_still_fixed():
    t = tracker(parse("result_wrong", text="身份证号填错了被退回了", faq=[("fix_data", 0.85)]))
    assert (await responses_of(ActionOfferHandoff(), t))[0] == ["utter_faq/fix_data"]


async def test_what_the_sixth_step_means_is_handing_in_again():
    # DO: step six is 修改、注销后再次提交
    latest = parse("what_can_you_do", text="第六步是什么意思", faq=[("flow", 0.28)])
    latest["intent"]["confidence"] = 0.58
    t = tracker(latest, events=answered_before("网上办事整个流程是怎样的", "utter_faq/flow"))
    assert (await responses_of(ActionCapabilities(), t))[0] == ["utter_faq/resubmit"]


async def test_what_another_step_means_is_still_the_flow():
    said = await faq_says(
        "第三步是什么意思",
        [("flow", 0.6)],
        before=("网上办事整个流程是怎样的", "utter_faq/flow"),
    )
    assert said == ["utter_faq/flow"]


@pytest.mark.parametrize("text", ["那就等着吧", "那我再等等"])
def test_a_wait_that_follows_from_the_answer_takes_it_in(text: str):
    # DO: after how long a review takes
    assert acknowledges(text)


@pytest.mark.parametrize("text", ["等一下", "我在等"])
def test_a_wait_without_its_then_is_no_taking_in(text: str):
    assert not acknowledges(text)


async def test_how_one_checks_oneself_after_how_one_checks_is_still_how():
    # BP: 自己 read as a type, but how is asked
    latest = type_told("那我教她自己在网上查 怎么查", "individual", confidence=0.7, faq=[])
    t = tracker(latest, events=answered_before("办事进度在哪查", "utter_faq/check_progress"))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_check_progress") not in events


async def test_a_slip_told_of_another_listed_one_after_its_status_is_its_advice(mailbox: Session):
    # DN: the one named is not the one on screen; what may be done with it is asked
    t = mailbox.tracker(
        "pick_submission",
        "还有失业登记那条已经审核通过了，可里面有个信息错了",
        shown="utter_submission_detail",
        selected=mailbox.number("就业登记"),
    )
    said, events, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["no"] == mailbox.number("失业登记")
    assert SlotSet("selected_submission", mailbox.number("失业登记")) in events


async def test_a_listed_one_named_alone_is_still_shown(mailbox: Session):
    t = mailbox.tracker("pick_submission", "失业登记那条", shown="utter_progress_list")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]


@pytest.mark.parametrize(
    ("latest", "action", "reply"),
    [
        # DO: read as nothing, the selector sure of the contacts
        (
            parse("nlu_fallback", text="那我打12333问问", faq=[("contact", 1.0)]),
            "fallback",
            "utter_ack",
        ),
        (parse("faq", text="好吧 我还是打电话问一下", faq=[("contact", 0.96)]), "faq", "utter_ack"),
        (parse("goodbye", text="那我先打12333问问，拜拜"), "fallback", "utter_goodbye"),
    ],
)
async def test_a_call_the_user_will_make_to_the_offer_of_a_person_lets_it_go(
    latest: dict[str, Any], action: str, reply: str
):
    offered = answered_before("可我觉得审核的人搞错了，我根本没填错", "utter_offer_handoff")
    runner = ActionFallback() if action == "fallback" else ActionAnswerFaq()
    t = tracker(latest, events=offered, slots={"pending_handoff": True, "handoff_reason": "x"})
    said, events = await responses_of(runner, t)
    assert said == [reply]
    assert SlotSet("pending_handoff", None) in events
    assert FollowupAction("handoff_form") not in events


async def test_a_call_with_a_no_to_the_offer_of_a_person_still_declines_it():
    offered = answered_before("我要投诉", "utter_offer_handoff")
    latest = parse("faq", text="不用了，我直接打12333", faq=[("contact", 0.92)])
    t = tracker(latest, events=offered, slots={"pending_handoff": True})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_handoff_declined"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # DN: the selector unsure between handing in again and the fix, a way put up to confirm
        ("说身份证号填错一位，改了再交就行吧", [("resubmit", 0.61), ("fix_data", 0.37)]),
        ("身份证号码错了啊 改好了再提交就可以吧", [("resubmit", 0.59), ("fix_data", 0.21)]),
    ],
)
async def test_going_in_again_once_fixed_put_up_to_confirm_is_the_rule(
    nonprofit: Session, text: str, faq: list[tuple[str, float]]
):
    t = nonprofit.tracker(
        "faq",
        text,
        shown="utter_submission_detail",
        selected=nonprofit.number("社保缴费基数申报"),
        faq=faq,
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/resubmit"]


def test_a_plan_told_is_not_put_up_to_confirm():
    assert CONFIRM_ASKED_TAIL_RE.search("改完重新交可以吧")
    for text in ("行吧", "好吧", "那个撤了吧", "好的 改好了再交"):
        assert not CONFIRM_ASKED_TAIL_RE.search(text), text


@pytest.mark.parametrize(
    ("text", "kind", "faq"),
    [
        # P, AJ: a unit's own filings named, read as the unit's type told
        ("康康我们公司的申报", "enterprise", [("how_to_operate", 0.37)]),
        ("我们公司的申报", "enterprise", [("how_to_operate", 0.31)]),
        # BG, BM: one's own, said last or as several
        ("查我自己单位的", "individual", [("check_progress", 0.77)]),
        ("我自己那几条帮我看看", "individual", [("check_progress", 0.29)]),
        # DQ: their records
        ("我们公司的办理记录", "enterprise", [("how_to_operate", 0.58)]),
    ],
)
async def test_ones_own_filings_named_are_looked_up_not_a_type_told(
    text: str, kind: str, faq: list[tuple[str, float]]
):
    latest = type_told(text, kind, confidence=0.8, faq=faq)
    _, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert FollowupAction("action_check_progress") in events


async def test_a_type_told_alone_is_still_noted():
    latest = type_told("我们是公司", "enterprise", confidence=0.95, faq=[("open_online", 0.3)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_applicant_type_noted"]


async def test_a_stamp_on_the_resets_form_is_the_guides_silence():
    # DP: right after the reset's answer, the form pointed at by the selector's reset
    said = await faq_says(
        "申请单要盖单位章吗",
        [("password_lost", 0.97)],
        before=("区里机关单位的，网上办事的密码忘记了", "utter_password_lost_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_a_listed_paper_lost_is_the_guides_silence():
    # DP: read as a ticket's status, the selector on the reset for its 找不到
    before = answered_before("我们这种要带哪些证件", "utter_documents_institution")
    latest = parse(
        "handoff_status",
        text="你刚才说的单位批准成立文件，年代久了找不到怎么办",
        faq=[("password_lost", 0.56), ("how_to_operate", 0.13), ("not_in_guide", 0.08)],
    )
    t = tracker(latest, events=before, slots={"applicant_type": "institution"})
    said, _ = await responses_of(ActionHandoffStatus(), t)
    assert said == ["utter_faq/not_in_guide"]


async def test_parking_at_the_counter_is_the_guides_silence():
    # DP: read as beyond the bot's scope, with the selector on the silence
    before = answered_before("要带的东西呢，他就是普通老百姓个人", "utter_documents_individual")
    latest = parse(
        "out_of_scope", text="受理点那边有地方停车吗，我开车送他", faq=[("not_in_guide", 0.81)]
    )
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest, events=before))
    assert said == ["utter_faq/not_in_guide"]


async def test_the_address_of_a_mail_is_the_contacts_not_the_counter():
    # DP: 地址 named apart from 发邮件, right after whom to ask
    said = await faq_says(
        "发邮件的话地址呢",
        [("contact", 0.98)],
        before=("对结果有疑问找谁", "utter_faq/contact"),
    )
    assert said == ["utter_faq/contact"]


@pytest.mark.parametrize("text", ["民办非企业也一样吗", "我们是民非 一样的伐"])
async def test_the_same_asked_for_a_type_is_the_last_answer_for_it(text: str):
    # DP (in pinyin, "minban fei qiye ye yiyang ma"): read as a result disputed
    before = answered_before("1", "utter_documents_enterprise")
    latest = parse(
        "result_wrong",
        text=text,
        entities=[entity("applicant_type", "enterprise")],
        faq=[("documents", 0.26), ("review_vs_query", 0.24)],
    )
    slots = {"applicant_type": "enterprise", "last_type_topic": "documents"}
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest, events=before, slots=slots))
    assert said == ["utter_documents_enterprise"]


async def test_two_types_compared_are_not_the_same_asked_for_one():
    assert asks_same_for_type("民办非企业也一样吗")
    assert not asks_same_for_type("个人和单位密码丢了处理方式一样吗")


@pytest.mark.parametrize("text", ["我的记录呢", "我们单位的办事记录给我看看"])
async def test_ones_own_records_read_as_nothing_are_looked_up(text: str):
    # DQ: read as nothing, an erasure as near as the look-up
    latest = parse("nlu_fallback", text=text, faq=[("how_to_operate", 0.19)])
    _, events = await responses_of(ActionFallback(), tracker(latest))
    assert FollowupAction("action_check_progress") in events


@pytest.mark.parametrize("text", ["删掉我的记录", "我的申报被退回来了怎么办", "我的申报怎么查"])
def test_ones_own_records_with_more_said_are_not_a_look_up(text: str):
    assert not names_own_filings_alone(text)


async def test_whether_one_without_the_mailbox_opens_is_the_counter():
    # DQ: 没得 for 没有, and whether to open at all
    said = await faq_says(
        "阿拉老太婆没得市民邮箱，伊要开通伐",
        [("citizen_mailbox", 1.0)],
        before=("阿拉有市民邮箱额，网上办事还要去开通伐", "utter_faq/citizen_mailbox"),
    )
    assert said == ["utter_where_individual"]


async def test_a_slip_found_in_approved_data_is_fixed_not_disputed():
    # DQ, after a hand-off called off: the user found it, not the review
    said = await faq_says(
        "审核通过的数据发现有错，到底能不能自己改",
        [("fix_data", 1.0)],
        before=("等等，我还是先不转了", "utter_handoff_cancelled"),
    )
    assert said == ["utter_faq/fix_data"]


async def test_where_one_clicks_once_in_is_how_one_operates():
    # DQ: the opening named before the login, the selector sure of it
    said = await faq_says(
        "我是说开通完第一次登进去先点哪",
        [("open_online", 0.98), ("login_methods", 0.02)],
        before=("?", "utter_clarify"),
    )
    assert said == ["utter_faq/how_to_operate"]


async def test_what_you_all_answer_is_what_the_bot_does():
    # DQ: read as a person asked for, after two social matters
    before = answered_before("那退休手续在哪办", "utter_out_of_scope_social")
    latest = parse("request_human", text="你们到底能回答啥", faq=[("flow", 0.18)])
    _, events = await responses_of(ActionOfferHandoff(), tracker(latest, events=before))
    assert FollowupAction("action_capabilities") in events


async def test_no_account_however_stressed_is_the_opening():
    # DQ: read as logging in here
    before = answered_before("帐号怎么登陆啊", "utter_faq/login_methods")
    latest = parse("login", text="可我压根没有帐号", faq=[("open_online", 1.0)])
    said, _ = await responses_of(ActionLogin(), tracker(latest, events=before))
    assert said == ["utter_faq/open_online"]


async def test_many_put_in_again_by_one_import_is_the_batch(company: Session):
    # DQ: the rejected one on screen, the selector nearer handing in again
    t = company.tracker(
        "faq",
        "86个人的表能不能整个重新导一遍",
        shown="utter_submission_detail",
        selected=company.number("社保缴费基数申报"),
        faq=[("resubmit", 0.52), ("batch", 0.31)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/batch"]
    assert not asks_whole_import("一次最多导入多少人")
    assert not asks_whole_import("12个人是批量导进去的 能不能只改其中一个人")


async def test_how_long_asked_beside_why_one_waits_is_the_guides_silence(institution: Session):
    # DQ: the pending one on screen
    t = institution.tracker(
        "faq",
        "怎么还没审，一般几个工作日",
        shown="utter_submission_detail",
        selected=institution.number("机关事业单位人员参保增员"),
        faq=[("not_in_guide", 0.98)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/not_in_guide"]


async def test_the_same_person_again_after_an_individuals_answer_is_an_individual():
    # DQ: the father's papers answered, the user's own type never said
    said = await faq_says(
        "他要是以后密码忘了呢",
        [("password_lost", 0.99)],
        before=("那他本人去要带啥", "utter_documents_individual"),
        slots={"last_type_topic": "documents"},
    )
    assert said == ["utter_password_lost_individual"]


async def test_a_unit_named_after_an_individuals_answer_is_still_asked():
    said = await faq_says(
        "他们单位的密码忘了呢",
        [("password_lost", 0.99)],
        before=("那他本人去要带啥", "utter_documents_individual"),
    )
    assert said != ["utter_password_lost_individual"]


async def test_what_ones_unit_handed_in_asked_is_looked_up():
    # DP: the selector on nothing sure, the FAQ action leaves it to the miss
    t = tracker(
        parse(
            "faq",
            text="我们单位提交过哪些事项",
            faq=[("documents", 0.24), ("how_to_operate", 0.19)],
        )
    )
    _, events = await responses_of(ActionAnswerFaq(), t)
    if FollowupAction("action_fallback") in events:
        _, events = await responses_of(ActionFallback(), t)
    assert FollowupAction("action_check_progress") in events


@pytest.mark.parametrize(
    ("intent", "text", "faq"),
    [
        # AU (traditional, folded before reading): 先 and 的 inside the opening asked
        (
            "nlu_fallback",
            "你好，麻煩你，我是幫我媽媽問一下，她想在網上辦點社保的事情，是不是要先去開通的伐？",
            [("open_online", 0.71), ("flow", 0.06), ("how_to_operate", 0.03)],
        ),
        # BC: how one opens it, the long way round
        (
            "faq",
            "你好啊我是个老同志我想问问看这个人力社保的网上办事是怎么个开通法子的是不是在网上自己注册一下就好了",
            [("open_online", 0.32), ("website", 0.14), ("citizen_mailbox", 0.13)],
        ),
    ],
)
async def test_the_opening_asked_in_a_long_story_is_the_opening(
    intent: str, text: str, faq: list[tuple[str, float]]
):
    t = tracker(parse(intent, text=text, faq=faq))
    runner = ActionFallback() if intent == "nlu_fallback" else ActionAnswerFaq()
    said, events = await responses_of(runner, t)
    if FollowupAction("action_fallback") in events:
        said, events = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # D: 机构
        ("我们机构的申报有哪些", [("password_lost", 0.25), ("documents", 0.16)]),
        # BT: 近 typed for 进
        ("嗯对 我们单位的近度", [("contact", 0.18), ("open_online", 0.09)]),
    ],
)
async def test_ones_own_filings_read_as_nothing_are_looked_up(
    text: str, faq: list[tuple[str, float]]
):
    t = tracker(parse("nlu_fallback", text=text, faq=faq))
    _, events = await responses_of(ActionFallback(), t)
    assert FollowupAction("action_check_progress") in events


def test_where_someone_is_told_in_a_story_is_not_asked():
    # V, H, CK: a son away, told; "人在外地也能上去办吗" still asks
    assert not asks_beyond_guide(
        "我这种就是个人吧。我一个大老粗，电脑也不太会用，儿子在外地打工也帮不上忙，"
        "想想就心酸。去窗口要带啥材料？"
    )
    assert asks_beyond_guide("要是不在杭州呢，人在外地也能上去办吗")
    assert asks_beyond_guide("要本人去伐 我妈在外地回不来")


@pytest.mark.parametrize("text", ["喂 我要人公服务", "找个人跟我说"])
def test_a_person_asked_for_by_a_slip_or_plainly_is_a_person(text: str):
    # BF (voice: 人公 heard for 人工), CL (over SMS)
    assert asks_for_person(text)


async def test_the_login_box_read_as_nothing_is_the_logins_ways():
    # AF: the selector near the login's ways, the intent nowhere
    before = answered_before("烦死了 到底怎么登录啊 用户名密码输哪里", "utter_faq/login_methods")
    latest = parse("nlu_fallback", text="弹出框又是啥", faq=[("login_methods", 0.71)])
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=before))
    assert said == ["utter_faq/login_methods"]


async def test_how_one_logs_in_after_a_thanks_is_the_logins_ways():
    # CD (traditional, over SMS): the thanks for the site's address, then the question
    before = answered_before("網上辦事網址是什麼", "utter_faq/website")
    t = tracker(parse("thank", text="謝謝 要怎麼登入", faq=[("login_methods", 1.0)]), events=before)
    _, events = await responses_of(ActionThank(), t)
    assert FollowupAction("action_fallback") in events
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/login_methods"]


async def test_whether_a_renamed_unit_opens_anew_is_the_guides_silence():
    # M: the selector spread over the mailbox, handing in again and the opening
    said = await faq_says(
        "那单位名称也改了，网上办事要重新开通吗",
        [("citizen_mailbox", 0.25), ("resubmit", 0.14), ("open_online", 0.13)],
        before=("我们单位搬家了，地址变了，网上能改单位信息吗", "utter_faq/not_in_guide"),
    )
    assert said == ["utter_faq/not_in_guide"]
