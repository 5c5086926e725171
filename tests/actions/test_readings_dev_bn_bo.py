"""Readings that the development sets of this stop showed missing."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import asks_for_batch, asks_for_person
from actions.cancel import asks_about_cancelling, orders_cancel, wants_cancel
from actions.chitchat import ActionGreet
from actions.confirmation import meant_contact
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.login import ActionLogin
from actions.progress import ActionCancelSubmission, ActionCheckProgress
from actions.references import resolve_reference
from actions.topics import orders_login
from actions.words import ANNOUNCED_ASK_RE, ASKS_WHAT_BOT_DOES_RE, BASE_BOUND_ASK_RE
from actions.yesno import acknowledges
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ad import ITEMS as COMPANY_ITEMS
from tests.actions.test_readings_dev_bf_bg import PERSON_LIST
from tests.actions.trackers import entity, parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


async def test_a_cancel_denied_of_a_listed_one_names_it_and_asks_no_cancel(
    person: Session,  # noqa: F811
):
    text = "灵活就业那个，没取消的那个"
    said, events, _ = await run(
        ActionCancelSubmission(),
        person.tracker("cancel_my_submission", text, shown="utter_progress_list"),
    )
    assert said == ["utter_submission_detail"], events
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    assert SlotSet("selected_submission", rejected) in events


def test_only_a_cancel_denied_of_those_named_is_set_aside():
    def reads(text):
        return wants_cancel(tracker(parse("cancel_my_submission", text=text)))

    assert not reads("没注销的那条")
    assert not reads("还没撤回的那个增员")
    # a 注销 asked of the one not yet cancelled is still asked
    assert reads("把没取消的那个注销掉")
    assert reads("不注销了")


async def test_a_declaration_sent_back_with_its_fixing_asked_is_fixed_however_social():
    text = "我是事业单位管社保的 快退休了 年金基数申报被打回来了 要怎么改"
    latest = parse("out_of_scope_social", text=text, faq=[("fix_data", 1.0)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
    # a card applied for elsewhere, turned down, is still no submission of the portal's
    latest = parse("out_of_scope_social", text="社保卡申请被驳回了怎么办", faq=[("fix_data", 0.9)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


async def test_the_amount_of_the_base_asked_is_social_though_a_listed_item_is_named():
    text = "对了，今年护工的社保基数按多少报"
    latest = parse("out_of_scope_social", text=text, faq=[("how_to_operate", 0.81)])
    t = tracker(latest, slots={"progress_list": COMPANY_ITEMS})
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]
    # the declaration named alone is still that one
    assert not BASE_BOUND_ASK_RE.search("社保缴费基数申报那个")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("一直没人审 我要找人", True),
        ("要带的东西太多了 我年纪大了搞不清 有人能跟我讲讲伐", True),
        # someone else's errand, or what someone once said
        ("我要找人代办", False),
        ("有没有人跟我说过要带户口本", False),
    ],
)
def test_a_person_asked_for_in_plain_words(text, wanted):
    assert asks_for_person(text) is wanted


async def test_a_question_announced_and_not_yet_asked_is_invited():
    text = "你好，我在香港，想幫杭州的媽媽問網上辦事的事"
    latest = parse("nlu_fallback", text=text, faq=[("open_online", 0.87)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_greet"]
    # after an answer, only the invitation
    history = answered("utter_faq/website", "网址多少")
    latest = parse("nlu_fallback", text="我还想问个问题", faq=[("contact", 0.3)])
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=history))
    assert said == ["utter_ack"]
    # a question asked is no announcement
    assert not ANNOUNCED_ASK_RE.search("想问一下网上办事怎么开通")


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("哦已经注销了啊 那好", True),
        ("哦早就通过了呀，好的", True),
        ("已经注销了吗", False),
        ("已经交了啊 那怎么还没审", False),
    ],
)
def test_what_has_already_happened_told_back_takes_the_answer_in(text, taken):
    assert acknowledges(text) is taken


async def test_a_look_at_ones_own_progress_ordered_with_a_greeting():
    latest = parse("greet", text="hello 查下网办进度", faq=[("check_progress", 1.0)])
    _, events = await responses_of(ActionGreet(), tracker(latest))
    assert FollowupAction("action_check_progress") in events
    said, _ = await responses_of(ActionGreet(), tracker(parse("greet", text="hello")))
    assert said == ["utter_greet"]


async def test_the_papers_asked_as_a_follow_up_with_the_type_are_that_types():
    text = "单位材料那边呢，我们是事业单位"
    latest = parse(
        "inform_applicant_type",
        text=text,
        entities=[entity("applicant_type", "institution")],
        faq=[("documents", 0.85)],
    )
    history = answered("utter_faq/agent_agreement", "新经办人本人要带什么去签协议")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_documents_institution"]


@pytest.mark.parametrize(
    ("text", "ordered"),
    [
        ("登录网办账号", True),
        ("我要登录", True),
        ("帮我登一下账号", True),
        # how, or where, is asked
        ("登录怎么弄", False),
        ("登录账号在哪", False),
        ("登录", False),
    ],
)
def test_the_login_ordered_in_so_many_words(text, ordered):
    assert orders_login(text) is ordered


async def test_the_login_ordered_read_as_how_to_log_in_is_the_login():
    latest = parse("faq", text="登录网办账号", faq=[("login_methods", 0.99)])
    _, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert FollowupAction("action_login") in events


def test_a_cancel_ordered_of_a_numbered_one_is_ordered():
    assert orders_cancel("年金基数被退回了，想注销掉重新报，受理号尾号3265")
    # asked about, it is the guide's
    assert not orders_cancel("受理号的那个能注销吗")


async def test_it_points_back_at_the_one_named_just_before(
    person: Session,  # noqa: F811
):
    pending = person.number("失业登记", "未审核")
    before = person.tracker("faq", "失业登记那个咋还没审")
    history = [
        *before.events,
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/review_vs_query"}},
        {"event": "action", "name": "action_listen"},
    ]
    latest = person.tracker("cancel_my_submission", "那它撤掉吧")
    t = tracker(
        latest.latest_message,
        slots=latest.slots,
        events=history,
        sender=latest.sender_id,
    )
    said, events, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"]
    assert SlotSet("selected_submission", pending) in events


async def said_of_shown(session: Session, text: str, selected: str, faq) -> list:
    """What the FAQ action says to ``text`` with listed submission ``selected`` on screen."""
    t = session.tracker("faq", text, shown="utter_submission_detail", selected=selected, faq=faq)
    said, _, _ = await run(ActionAnswerFaq(), t)
    return said


async def test_where_online_to_hand_in_again_is_the_guides_not_the_advice(
    person: Session,  # noqa: F811
):
    cancelled = person.number("灵活就业人员参保登记", "已注销")
    text = "灵活就业参保登记要重新报的话，网上在哪操作"
    faq = [("resubmit", 0.66), ("how_to_operate", 0.19)]
    assert await said_of_shown(person, text, cancelled, faq) == ["utter_faq/resubmit"]


async def test_cancelling_and_handing_in_again_an_approved_one_is_not_said_possible(
    person: Session,  # noqa: F811
):
    text, faq = "那能直接注销重报吗", [("resubmit", 0.96)]
    approved = person.number("就业创业证申领", "审核通过")
    assert await said_of_shown(person, text, approved, faq) == ["utter_faq/fix_data"]
    # of a rejected one, it may be done
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    assert await said_of_shown(person, text, rejected, faq) != ["utter_faq/fix_data"]
    # its 注销 alone is that one's, which its status refuses, not the rule for all
    said = await said_of_shown(person, "回到我那个，能不能注销", approved, [("fix_data", 0.5)])
    assert said != ["utter_faq/fix_data"]


def test_a_question_announced_for_someone_else():
    assert ANNOUNCED_ASK_RE.search("你好 我帮我爸问一下")
    assert acknowledges("我帮她记一下 谢了")


def test_a_listed_one_named_by_its_dictated_number_or_as_the_one_above():
    found = resolve_reference("受理编号是2026111908263", PERSON_LIST)
    assert found is not None and found["no"] == "HZ2026111908263"
    # a phone number is no 受理编号
    assert resolve_reference("电话是13700002222", PERSON_LIST) is None
    above = resolve_reference("不是这个是上面那个", PERSON_LIST, beside="HZ2026111203951")
    assert above is not None and above["n"] == 2


def test_what_else_it_can_do_and_a_batch_told_by_a_relative():
    assert ASKS_WHAT_BOT_DOES_RE.search("还有别的能帮我的吗")
    assert asks_for_batch("我帮我侄子问的 他开了个小公司 员工多 能不能一次性报")
    assert not asks_for_batch("员工多久能一次性报完")


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("他的电话13700002222 不对 打我的吧 13700003333 他耳朵不好", "+8613700003333"),
        ("打这个 13700002222 吧", "+8613700002222"),
        # two given and neither corrected: asked which
        ("13700002222 或者 13700003333", None),
    ],
)
def test_the_contact_meant_among_the_words(text, meant):
    found = meant_contact(text)
    assert (found.value if found else None) == meant


async def test_a_look_ordered_with_the_login_told_is_the_list(
    person: Session,  # noqa: F811
):
    said, _, _ = await run(ActionLogin(), person.tracker("login", "登录好了你帮我看一下进渡"))
    assert said and said[0].startswith("utter_progress_list")
    said, _, _ = await run(ActionLogin(), person.tracker("login", "登录"))
    assert said == ["utter_already_logged_in"]


async def test_an_approved_one_on_a_page_not_listed_is_not_said_cancellable(
    institution: Session,  # noqa: F811
):
    # 单位基本信息变更 is the sixth: shown from the second page, the list keeps the first
    text, faq = "那能直接注销重报吗", [("resubmit", 0.96)]
    said = await said_of_shown(institution, text, "HZ2026100806390", faq)
    assert said == ["utter_faq/fix_data"]


async def test_where_online_to_hand_in_a_named_one_again_is_the_guides(
    company: Session,  # noqa: F811
):
    cancelled = company.number("招用人员就业登记", "已注销")
    text = "就业登记要重新报的话，网上在哪操作"
    faq = [("resubmit", 0.66), ("how_to_operate", 0.19)]
    assert await said_of_shown(company, text, cancelled, faq) == ["utter_faq/resubmit"]


def test_another_way_than_the_cancel_asked_is_about_the_rule():
    assert asks_about_cancelling("等等，被退回的能不能不注销、直接改？")
    # the 注销 asked, with its reason, is still asked, and so is one proposed
    assert not asks_about_cancelling("能注销吗，我想重新申请一次")
    assert not asks_about_cancelling("那要不注销了重新弄？")
    assert not asks_about_cancelling("回到我那个，能不能注销")


async def test_a_look_ordered_at_one_named_by_part_of_its_name(
    nonprofit: Session,  # noqa: F811
):
    t = nonprofit.tracker("check_my_progress", "好，那看下增员那条", faq=[("check_progress", 0.38)])
    said, _, _ = await run(ActionCheckProgress(), t)
    assert said == ["utter_submission_detail"]


async def test_a_look_at_the_rejected_one_is_no_dispute_of_it():
    latest = parse("result_wrong", text="再看下驳回那条", faq=[("resubmit", 0.97)])
    _, events = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert FollowupAction("action_check_progress") in events
    # its result disputed is still offered a person
    latest = parse("result_wrong", text="驳回那条明明材料都齐了，凭什么")
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]
