"""Readings that the development sets CF, CG, CH and CI showed missing."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import asks_for_person, looks_first, picks_to_cancel
from actions.cancel import asks_about_cancelling
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.portal_session import CANCEL_REQUEST, LOGGED_IN_RESPONSE
from actions.topics import asks_beyond_guide, asks_own_outcome, asks_social_matter
from actions.words import HEAD_IN_PERSON_RE
from actions.yesno import acknowledges
from tests.actions.test_context import faq_answered, run
from tests.actions.test_followups_in_context import answered
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ("先看下尾号6741的详情", True),
        ("看看增员那条", True),
        ("第二个的详细情况", True),
        ("尾号6741那条", False),  # picked: the 注销 asked before the login
        ("第一个", False),
        ("先看下 然后注销6741那条", False),  # the 注销 said again
    ],
)
def test_a_pick_that_asks_to_look_is_shown_before_the_cancel_asked_at_login(text, looks):
    logged_in = answered(LOGGED_IN_RESPONSE, "启明这边缴费基数申报被打回了 能帮我撤掉吗")
    t = tracker(
        parse("pick_submission", text=text),
        events=logged_in,
        slots={"pending_request": CANCEL_REQUEST},
    )
    assert picks_to_cancel(t)
    assert looks_first(t) is looks


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("喂 那个 就是 我这个 嗯 网上办事 登不上去 你给我转一下人工吧", True),
        ("帮我转给人工处理一下", True),
        ("还是转吧，就问刚才那个收费的问题", True),
        ("那就转吧", True),
        ("转账吧", False),
        ("有人工审核吗", False),
        ("转一下人工审核", False),
        ("能转到工作人员审核吗", False),
    ],
)
def test_a_person_asked_for_with_words_between_or_after_declining(text, person):
    assert asks_for_person(text) is person


async def test_a_person_asked_for_with_a_number_goes_on_to_the_case():
    text = "转人工 我手机13800000000 有人联系我就行"
    said, events, _ = await run(ActionOfferHandoff(), tracker(parse("request_human", text=text)))
    assert said == []
    assert SlotSet("handoff_contact", "+8613800000000") in events
    assert events[-1] == FollowupAction("handoff_form")


async def test_a_dispute_with_a_number_is_still_offered_first():
    text = "结果不对 我手机13800000000"
    said, events, _ = await run(ActionOfferHandoff(), tracker(parse("result_wrong", text=text)))
    assert said == ["utter_offer_handoff"]
    assert FollowupAction("handoff_form") not in events


@pytest.mark.parametrize("text", ["那我老婆没有邮箱的呢", "那没有邮箱的呢", "没邮箱的人呢"])
async def test_those_without_a_mailbox_right_after_it_get_the_individuals_opening(text):
    # the counter and the papers an individual opens with (AY, CI, DA take the opening or
    # the papers; DE and CQ only the opening)
    history = faq_answered("我有市民邮箱 还用开通吗", "citizen_mailbox")
    latest = parse("faq", text=text, faq=[("citizen_mailbox", 0.8), ("documents", 0.1)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_where_individual"]


@pytest.mark.parametrize(
    ("text", "beyond"),
    [
        ("要本人去吗 让我老婆帮我跑一趟行不行", True),
        ("家里人能帮我去办吗", True),
        ("能让我儿子替我去吗", True),
        ("你帮我去查一下", False),  # the bot asked
        ("帮我去办一下开通", False),
        # one login for many units
        ("能不能一个账号管所有客户", True),
        ("一个用户名能登几个公司", True),
        ("我有一个账号登不上", False),
    ],
)
def test_someone_else_going_or_one_login_for_many_is_beyond_the_guide(text, beyond):
    assert asks_beyond_guide(text) is beyond


@pytest.mark.parametrize("text", ["法人要亲自去伐", "老板要来吗", "法人要去吗"])
def test_whether_the_head_must_come_asked_with_a_bare_yao(text):
    assert HEAD_IN_PERSON_RE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "好吧 那打过去问问",
        "哦哦好的 那不用跑了",
        "好 那我还是打电话问一下",
        "好的 我跟领导汇报一下",
    ],
)
async def test_a_call_or_a_trip_spared_after_an_answer_takes_it_in(text):
    history = faq_answered("结果不对找谁", "contact")
    latest = parse("faq", text=text, faq=[("contact", 0.9)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_ack"]


@pytest.mark.parametrize(
    "text", ["不用跑了吗", "打过去问问什么", "那不用去了", "好的 我跟你说个事 密码丢了"]
)
def test_whether_a_trip_is_spared_asked_is_no_acknowledgement(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("还没审是吧 帮我注销掉 我重新报", False),  # the order, then a plan
        ("这个还没审是吧 那你先帮我注消掉", False),
        ("还没审是吧 帮我注销掉 能重新报吗", True),  # a question after the order
        ("怎么注销", True),
    ],
)
def test_a_cancel_ordered_between_a_guess_and_a_plan_is_ordered(text, asks):
    assert asks_about_cancelling(text) is asks


@pytest.mark.parametrize(
    ("text", "social"),
    [
        ("谢谢 顺便问一下职业年金个人缴多少", True),
        ("养老保险一个月交多少", True),
        ("职业年金缴费基数申报那条", False),  # an item named
        ("单位社保网上缴多少钱手续费", False),  # a fee, which the guide is silent on
    ],
)
def test_how_much_is_paid_in_is_a_social_matter(text, social):
    assert asks_social_matter(text) is social


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你刚才说的第三步是什么意思", "flow"),  # what a step means: the steps again
        ("你前面说的第五步具体要怎么弄", "check_progress"),
    ],
)
async def test_a_step_pointed_back_at_right_after_the_flow_is_read_as_a_step(text, topic):
    from actions.fallback import ActionFallback

    history = faq_answered("网上办事流程是怎样的", "flow")
    said, _, _ = await run(
        ActionFallback(), tracker(parse("nlu_fallback", text=text), events=history)
    )
    assert said == [f"utter_faq/{topic}"]


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("I'd like to see my own applications on the portal", True),
        ("Can you check my applications? I submitted something", True),
        ("check our submissions please", True),
        ("how can I see my applications", False),  # how it is done
        ("where do I check my submissions", False),
        ("I want to see my password", False),
    ],
)
def test_ones_own_looked_at_in_english(text, own):
    assert asks_own_outcome(text) is own


async def test_ones_own_looked_at_in_english_read_as_a_topic_is_the_look_up():
    text = "I'd like to see my own applications on the portal"
    latest = parse("faq", text=text, faq=[("how_to_operate", 0.61), ("login_methods", 0.22)])
    said, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("12333一直占线 能直接转人工吗", [("contact", 0.86), ("not_in_guide", 0.06)]),
        ("还是转吧，就问刚才那个收费的问题", [("contact", 0.65), ("not_in_guide", 0.21)]),
    ],
)
async def test_a_person_asked_for_in_a_message_not_placed_is_offered(text, faq):
    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text=text, faq=faq)
    said, events, _ = await run(ActionFallback(), tracker(latest))
    assert said == [] and events[-1] == FollowupAction("action_offer_handoff")


@pytest.mark.parametrize("text", ["要是已经审核通过了呢", "如果还没审核呢"])
async def test_a_status_supposed_after_where_progress_is_seen_is_what_then(text):
    history = faq_answered("办事进度查询在哪", "check_progress")
    latest = parse("faq", text=text, faq=[("check_progress", 0.7), ("fix_data", 0.2)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize(
    "text",
    ["citizen mailbox password forgot, same reset process as the portal?", "市民邮箱密码忘了咋办"],
)
async def test_a_lost_password_with_a_mailbox_named_is_an_individuals(text):
    latest = parse("faq", text=text, faq=[("password_lost", 0.8), ("citizen_mailbox", 0.1)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_password_lost_individual"]


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        # the NLU's gloss (bot.nlu.text.gloss_english) put 开通 after "opening"
        (
            "is there any fee for opening it 收费 开通",
            [("not_in_guide", 1.0)],
            "utter_faq/not_in_guide",
        ),
        (
            "what do i need to bring to open online services 带 开通 网上办事",
            [("documents", 1.0)],
            "utter_ask_applicant_type_documents",
        ),
        ("how to kaitong wangshang banshi", [("how_to_operate", 0.6)], "utter_faq/open_online"),
    ],
)
async def test_the_glossed_terms_of_english_name_no_topic_typed_in_latin(text, faq, said):
    got, _, _ = await run(ActionAnswerFaq(), tracker(parse("faq", text=text, faq=faq)))
    assert got == [said]


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("nlu_fallback", "OK, then how to open wangshang banshi as geren"),
        ("faq", "I'm a foreigner. How can I open the online services thing? 开通 网上办事"),
    ],
)
async def test_how_to_open_asked_in_english_is_the_opening(intent, text):
    from actions.fallback import ActionFallback

    action = ActionFallback() if intent == "nlu_fallback" else ActionAnswerFaq()
    latest = parse(intent, text=text, faq=[("not_in_guide", 0.5), ("how_to_operate", 0.3)])
    said, _, _ = await run(action, tracker(latest))
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize(
    ("text", "said", "events"),
    [
        (
            "我们机构的社保缴费基数申报被打回了 想直接作废掉重新报",
            [],
            [FollowupAction("action_cancel_submission")],
        ),
        (
            "我們單位那筆被退回的年金申報，想直接註銷掉重新報",
            [],
            [FollowupAction("action_cancel_submission")],
        ),
        ("撤了以后能重新报吗", ["utter_faq/resubmit"], None),  # asked, not wanted
    ],
)
async def test_a_cancel_wanted_before_handing_in_again_is_the_cancel(text, said, events):
    latest = parse("faq", text=text, faq=[("fix_data", 0.89), ("resubmit", 0.08)])
    got, got_events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert got == said
    if events is not None:
        assert got_events == events


async def test_those_without_a_mailbox_after_the_ways_in_it_led_to_get_the_individuals_opening():
    # CI: "那我用啥登录" after the mailbox is answered with the ways in since 19a609a; the
    # mailbox is still what "没有邮箱的呢" speaks of
    history = faq_answered("我有市民邮箱，还要去开通网上办事吗", "citizen_mailbox") + faq_answered(
        "那我用啥登录", "login_methods"
    )
    latest = parse("faq", text="那我老婆没有邮箱的呢", faq=[("contact", 0.95)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_where_individual"]
