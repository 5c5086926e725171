"""Readings that the development sets CD and CE showed missing."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_after_ticket, asks_same_for_another_type, asks_ticket_status
from actions.chitchat import ActionThank, asks_with_thanks
from actions.confirmation import asks_every_type
from actions.context import asked_after, wants_own_progress
from actions.fallback import ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.handoff import ActionOfferHandoff
from actions.progress import ActionCheckProgress
from actions.references import resolve_reference
from actions.tickets import ActionHandoffStatus
from actions.topics import asks_beyond_guide, asks_own_outcome
from actions.words import HEAD_IN_PERSON_RE, PERSON_DECLINED_RE
from actions.yesno import acknowledges, asks_if_not_needed, wants_to_leave, yes_or_no
from bot.nlu.applicant_type import detect_applicant_type
from tests.actions.test_context import run
from tests.actions.test_followups_in_context import answered
from tests.actions.test_references import ITEMS
from tests.actions.test_tickets import STATUS, SUBMITTED
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text",
    [
        "行 我礼拜一请个假去",  # when the user will go
        "行 明天去",
        "哦 那我打12333问",  # the 哦 that leads the plan took the answer in
        "好的 88",  # taken in, then gone
        "切 还得找业务单位 行吧知道了",  # a grumble, then taken in
        "懂了 你比我们单位IT小哥靠谱多了哈哈",  # praise of the answer
        "行吧",
        "工单号我记下了 88",  # noted down, then gone
        "我截图了 谢谢",
    ],
)
def test_an_answer_taken_in_with_a_plan_a_grumble_or_praise(text):
    assert acknowledges(text)


@pytest.mark.parametrize(
    "text",
    ["我明天去窗口", "明天去哪里办", "行 那单位的呢", "知道了吗", "谢谢", "88", "我去"],
)
def test_what_asks_or_only_thanks_is_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("好的谢谢 那要带啥材料", True),
        ("多谢 怎么改密码", True),
        ("谢谢", False),
        ("谢谢啊 没问题了", False),
    ],
)
def test_a_question_after_the_thanks_is_asked(text, asks):
    assert asks_with_thanks(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("老板不用亲自去吧", True),
        ("不用带原件吧", True),
        ("法人不用到场吗", True),
        ("不用了吧", False),  # a no
        ("不用了谢谢", False),
        ("不用转人工了吧", False),  # a person declined
    ],
)
def test_whether_a_thing_is_not_needed_is_a_question_not_a_no(text, asks):
    assert asks_if_not_needed(text) is asks


def test_a_person_suggested_with_yaobu_is_not_declined():
    assert PERSON_DECLINED_RE.search("好的谢谢 但我们营业执照原件在总部 要不转人工问问") is None
    assert PERSON_DECLINED_RE.search("那就不转人工了") is not None


def test_the_ticket_asked_whether_it_went_out_in_other_words():
    assert asks_ticket_status("刚刚那张单子送出去了伐")


@pytest.mark.parametrize(
    "text", ["公司增员12个人的那个审核了没", "上个月报的减员批了没", "那个就业登记通过了没"]
)
def test_whether_ones_own_thing_went_through_is_the_look_up(text):
    assert wants_own_progress(text, logged_in=False)


def test_how_to_see_whether_it_went_through_stays_the_how_to():
    assert not wants_own_progress("怎么查审核了没", logged_in=False)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("街道的 开通网上办事要带什么", "institution"),
        ("我们是区里的一个局", "institution"),
        ("公立的", "institution"),
        ("我们是教育局的", "institution"),
        ("I'm a freelancer in Hangzhou", "individual"),
        ("我们医院有事业单位法人证书 没有营业执照 对吧", "institution"),
        ("街道上的小店", None),
        ("邮局", None),
    ],
)
def test_street_offices_bureaus_public_units_and_freelancers_tell_their_type(text, kind):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == kind


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("那个事情现在啥进展", "faq", ActionAnswerFaq),
        ("我提的那个问题到哪一步了", "check_my_progress", ActionCheckProgress),
        ("我的事有结果了没有", "check_my_progress", ActionCheckProgress),
        ("刚才转的那个现在什么情况", "check_my_progress", ActionCheckProgress),
        ("工作人员什么时候会联系我", "request_human", ActionOfferHandoff),
        ("怎么还没人联系我", "faq", ActionAnswerFaq),
    ],
)
async def test_right_after_a_ticket_its_status_asked_in_other_words_is_the_tickets(
    text, intent, action
):
    # however plainly the NLU read it as a topic, a look-up or a person wanted
    latest = parse(intent, text=text, faq=[("check_progress", 0.92)])
    said, events, _ = await run(action(), tracker(latest, events=SUBMITTED))
    assert said == [] and events == [STATUS]
    # the status action, sent the message so, answers it with no other reading
    assert not ActionHandoffStatus().steered(tracker(latest, events=SUBMITTED))


def test_with_no_ticket_the_same_words_are_no_tickets():
    latest = parse("check_my_progress", text="我提的那个问题到哪一步了")
    assert not asks_after_ticket(tracker(latest))


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("想知道我申请的补贴有没有通过", True),
        ("公司那个信息变更审核通过没", True),
        ("单位增员批下来没", True),
        ("我是公司人事，前几天报了增员，想确认下报上去没有", True),
        ("我想知道我提交的资料有没有问题", True),
        ("老师您好 我的技能补贴申请审核到什么程度了", True),
        ("我那个就业创业证申领下来没有", True),
        ("我的申请什么状态", True),
        ("上周在网上交了个失业登记 一直没动静 帮忙看看", True),  # the look ordered last
        ("滨江那边招用人员就业登记怎么样了", True),  # a filing's kind, then how it stands
        ("失业登记审核了吗", True),
        ("单位参保登记一般要多久", False),
        ("单位信息变更什么情况下需要", False),  # in which case
        ("我的密码有没有问题", False),  # no submission
        ("怎么办理失业登记 帮我看看", False),  # nothing filed yet
        ("怎么查我的申请通过没", False),  # how one finds out
        ("提交后审核通过了吗", False),  # nobody's own
        ("通过没", False),
    ],
)
def test_whether_ones_own_submission_went_through_is_asked(text, asks):
    assert asks_own_outcome(text) is asks


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("想知道我申请的补贴有没有通过", "out_of_scope_social", ActionOutOfScope),
        ("公司那个信息变更审核通过没", "faq", ActionAnswerFaq),
    ],
)
async def test_ones_own_outcome_read_as_a_social_matter_or_a_topic_is_the_look_up(
    text, intent, action
):
    latest = parse(intent, text=text, faq=[("fix_data", 0.92)])
    said, events, _ = await run(action(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    assert not ActionCheckProgress().steered(tracker(latest))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我在公司上班，想给自己开通网上办事，要带什么", "individual"),
        ("我是医院的护士 我个人的网办密码忘了", "individual"),
        ("我们厂的工人自己要开网上办事 要带啥", "individual"),
        ("我是一名退休教师 密码忘了", "individual"),
        # the unit's own clerk, or its task for its staff: the unit
        ("我是公司的会计 单位密码丢了", "enterprise"),
        ("公司员工社保增员怎么报", "enterprise"),
    ],
)
def test_a_person_who_names_their_workplace_applies_for_themself(text, kind):
    found = detect_applicant_type(text)
    assert found is not None and found.value == kind


def type_said(value: str) -> dict:
    return {"entity": "applicant_type", "value": value}


@pytest.mark.parametrize("text", ["那我自己个人开通呢", "我自己也想开一个"])
async def test_another_types_turn_right_after_the_papers_gets_that_types_papers(text):
    history = answered("utter_documents_enterprise", "公司开通要带什么")
    latest = parse(
        "faq", text=text, faq=[("open_online", 0.95)], entities=[type_said("individual")]
    )
    t = tracker(latest, events=history, slots={"last_type_topic": "documents"})
    assert asks_same_for_another_type(t)
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_documents_individual"]


def test_the_same_type_again_or_another_topic_is_no_such_turn():
    history = answered("utter_documents_enterprise", "公司开通要带什么")
    same = parse("faq", text="我们公司开通呢", entities=[type_said("enterprise")])
    assert not asks_same_for_another_type(tracker(same, events=history))
    other = parse("faq", text="个人的网址是多少", entities=[type_said("individual")])
    assert not asks_same_for_another_type(tracker(other, events=history))


@pytest.mark.parametrize("text", ["不留了 我直接去窗口", "我不留了 自己去问", "不填了 我去窗口"])
def test_a_form_step_refused_in_its_own_verb_leaves(text):
    assert wants_to_leave(text)


@pytest.mark.parametrize(
    ("text", "n"), [("最上面那条", 1), ("头一个", 1), ("最下面那个", 3), ("最后一条呢", 3)]
)
def test_the_top_or_the_bottom_of_the_list_shown_picks_it(text, n):
    assert resolve_reference(text, ITEMS[:3])["n"] == n


def test_the_last_submitted_is_still_the_newest():
    assert resolve_reference("最后提交的那个", ITEMS[:3])["n"] == 1


@pytest.mark.parametrize(
    ("text", "faq", "said", "events"),
    [
        ("好的谢谢 那要带啥材料", [("documents", 0.8)], [], [FollowupAction("action_fallback")]),
        ("好伐，谢谢", [("contact", 0.2)], ["utter_thank"], []),
        ("那就只能找业务单位了是吧，谢谢", [("contact", 0.3)], ["utter_thank"], []),
    ],
)
async def test_a_question_after_thanks_is_answered_when_it_names_a_topic(text, faq, said, events):
    got = await run(ActionThank(), tracker(parse("thank", text=text, faq=faq)))
    assert got[:2] == (said, events)


async def test_whether_a_thing_is_not_needed_read_as_a_no_is_read_as_a_question():
    history = answered("utter_documents_enterprise", "企业开通网上办事要准备哪些材料")
    t = tracker(parse("deny", text="复印件不用带吧"), events=history)
    said, events, _ = await run(ActionFollowup(), t)
    assert said == [] and events == [FollowupAction("action_fallback")]
    # the head of the unit need not come: the agent's part, answered at once
    t = tracker(parse("deny", text="老板不用亲自去吧"), events=history)
    said, _, _ = await run(ActionFollowup(), t)
    assert said == ["utter_faq/agent_agreement"]


def test_whether_the_head_need_not_come_is_the_head_in_person():
    assert HEAD_IN_PERSON_RE.search("老板不用亲自去吧")
    assert HEAD_IN_PERSON_RE.search("法人不必到场吧")


def test_one_who_works_there_sent_for_the_unit_speaks_for_it():
    text = "我在街道办上班，领导让我去把单位的网上办事开了，单位这边要准备哪些证照"
    assert detect_applicant_type(text).value == "institution"


@pytest.mark.parametrize(
    "text", ["网上办事晚上能用吗", "一年要交多少服务费", "开户要手续费吗", "密码输错几次会锁吗"]
)
def test_when_the_portal_can_be_used_and_its_fees_are_the_guides_silence(text):
    assert asks_beyond_guide(text)


async def test_the_services_fee_read_as_a_contribution_is_the_guides_silence():
    latest = parse("out_of_scope_social", text="一年要交多少服务费", faq=[("not_in_guide", 0.97)])
    said, _, _ = await run(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "topic", "ranking", "asked"),
    [
        (
            "登录完怎么办业务",
            "login_methods",
            ["login_methods", "how_to_operate"],
            "how_to_operate",
        ),
        ("开通完怎么登录", "open_online", ["open_online", "login_methods"], "login_methods"),
    ],
)
def test_a_step_done_said_with_wan_asks_what_comes_after_it(text, topic, ranking, asked):
    assert asked_after(text, topic, ranking) == asked


@pytest.mark.parametrize("text", ["弄掉", "麻烦注销一下", "删掉吧", "请注销", "帮我撤了吧"])
def test_a_cancel_asked_politely_or_plainly_is_a_yes(text):
    assert yes_or_no({"text": text}, about="cancel") == "yes"


@pytest.mark.parametrize("text", ["请问注销后能恢复吗", "等一下", "麻烦你了"])
def test_a_question_a_wait_or_thanks_is_no_yes(text):
    assert yes_or_no({"text": text}, about="cancel") != "yes"


TYPE_ASKED = answered("utter_ask_applicant_type_documents", "开通要带什么")


@pytest.mark.parametrize("text", ["都要知道 三种都说说", "三种都要", "每种都讲一下"])
async def test_every_type_asked_for_at_the_type_question_gets_every_types_answer(text):
    t = tracker(parse("faq", text=text), events=TYPE_ASKED, slots={"pending_topic": "documents"})
    assert asks_every_type(t)
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/documents"]


def test_a_type_said_is_no_every_type():
    t = tracker(
        parse("faq", text="企业 都说说", entities=[type_said("enterprise")]),
        events=TYPE_ASKED,
        slots={"pending_topic": "documents"},
    )
    assert not asks_every_type(t)


def test_a_retired_parent_asked_for_is_an_individual():
    assert detect_applicant_type("我是给我爸问的 他退休了").value == "individual"


async def test_a_unit_after_an_individuals_papers_is_asked_which_unit():
    history = answered("utter_documents_individual", "个人开通要带什么")
    t = tracker(
        parse("faq", text="那如果是给单位开呢", faq=[("open_online", 0.9)]),
        events=history,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
    )
    assert asks_same_for_another_type(t)
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_ask_unit_type_documents"]


@pytest.mark.parametrize(
    "text",
    ["我们是协会，社团法人，这三个好像都不是", "社会团体啊 你这三个选项里都没有", "都不知道选哪个"],
)
def test_no_type_fitting_is_not_every_type_asked_for(text):
    t = tracker(parse("faq", text=text), events=TYPE_ASKED, slots={"pending_topic": "documents"})
    assert not asks_every_type(t)
