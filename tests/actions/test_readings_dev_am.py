"""Readings that development sets AI, M and AM showed missing."""

from rasa_sdk.events import FollowupAction, SlotSet

from actions.cancel import asks_about_cancelling
from actions.chitchat import ActionBotChallenge, ActionGreet
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq, followup_topic
from actions.followup import ActionFollowup
from actions.yesno import asks_something, typed_answer
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


async def test_who_hands_out_a_thing_of_the_guide_is_that_question_not_the_bots():
    latest = parse(
        "bot_challenge", text="还是没懂，用户名到底是谁给我", faq=[("open_online", 0.99)]
    )
    said, events = await responses_of(ActionBotChallenge(), tracker(latest))
    # no word of a person or a program: the question the selector is sure of, which the
    # FAQ action answers
    assert said == [] and FollowupAction("action_answer_faq") in events
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/open_online"]
    # asked of the bot, it is the bot's answer, however sure the selector is
    for text in ("你到底是谁", "谁在回我消息 是机器人吗"):
        latest = parse("bot_challenge", text=text, faq=[("open_online", 0.99)])
        said, _ = await responses_of(ActionBotChallenge(), tracker(latest))
        assert said == ["utter_iamabot"], text
    # the selector unsure: nothing to answer but the bot's own
    latest = parse("bot_challenge", text="这是谁发的", faq=[("open_online", 0.5)])
    said, _ = await responses_of(ActionBotChallenge(), tracker(latest))
    assert said == ["utter_iamabot"]


async def test_a_wait_in_days_is_not_in_the_guide():
    for text in ("最多要等多少天", "审核需要几天啊", "要几个工作日"):
        said, _ = await responses_of(
            ActionFallback(), tracker(parse("nlu_fallback", text=text, faq=[("flow", 0.3)]))
        )
        assert said == ["utter_faq/not_in_guide"], text
    # "前几天" says when it was sent, and asks no time
    said, _ = await responses_of(
        ActionFallback(),
        tracker(parse("nlu_fallback", text="前几天交的那个", faq=[("flow", 0.3)])),
    )
    assert said != ["utter_faq/not_in_guide"]


async def test_what_the_hotline_can_do_is_the_guides_contact():
    latest = parse(
        "nlu_fallback",
        text="打12333能直接帮我重置吗",
        faq=[("contact", 0.715), ("not_in_guide", 0.207)],
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/contact"]


async def test_cannot_get_in_read_as_a_no_is_the_ways_in():
    latest = parse("deny", text="进不去")
    said, events = await responses_of(ActionFollowup(), tracker(latest))
    # (since stop 46 the words' own topic answers it at once, as the login action would)
    assert said == ["utter_faq/login_methods"]
    said, _ = await responses_of(ActionFollowup(), tracker(parse("deny", text="不用了")))
    assert said == ["utter_deny_ack"]


async def test_how_one_finds_out_in_dialect_is_the_look_up_not_why_it_waits():
    latest = parse(
        "faq", text="交上去了咋个晓得好没好", faq=[("review_vs_query", 0.87), ("fix_data", 0.04)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/check_progress"]
    latest = parse("faq", text="为啥交上去了不晓得好没好", faq=[("review_vs_query", 0.87)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


async def test_too_little_an_answer_offers_a_person_to_fill_it_out():
    flow = answered("utter_faq/flow", text="网上办事的整个流程是怎样的")
    for text in ("就这么点?", "就这？", "就这些?"):
        said, events = await responses_of(
            ActionFollowup(), tracker(parse("affirm", text=text), events=flow)
        )
        assert FollowupAction("action_offer_handoff") in events, text
    # "就这样吧" closes the talk
    said, events = await responses_of(
        ActionFollowup(), tracker(parse("affirm", text="就这样吧"), events=flow)
    )
    assert FollowupAction("action_offer_handoff") not in events


async def test_a_website_that_will_not_open_offers_a_person():
    latest = parse("faq", text="这个网址打不开啊", faq=[("website", 0.94)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == []
    assert FollowupAction("action_offer_handoff") in events
    assert SlotSet("handoff_reason", "site_unreachable") in events
    latest = parse("faq", text="网址是多少", faq=[("website", 0.94)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/website"]


def test_one_way_weighed_against_doing_another_first_is_a_question():
    for text in ("我直接改还是要先撤掉", "直接重报还是先改"):
        assert asks_something(text), text
    for text in ("那还是先撤了吧", "我还是先撤吧"):
        assert not asks_something(text), text


async def test_a_cancelled_one_asked_to_be_restored_gets_the_resubmission():
    cancelled = answered("utter_cancelled", text="可以的")
    latest = parse("nlu_fallback", text="能恢复吗", faq=[("not_in_guide", 0.6)])
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=cancelled))
    assert said == ["utter_faq/resubmit"]
    listed = [{"n": 1, "no": "HZ1", "item": "招用人员就业登记", "status": "已注销"}]
    said, _ = await responses_of(
        ActionFallback(),
        tracker(latest, slots={"progress_list": listed, "selected_submission": "HZ1"}),
    )
    assert said == ["utter_faq/resubmit"]
    # with nothing cancelled in sight, restoring is no question of the guide's
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said != ["utter_faq/resubmit"]


def test_a_password_handed_over_and_to_be_replaced_is_the_change():
    text = "我们是民办非企业 原来的会计离职了 她把密码告诉我了 但我想换个新密码"
    assert followup_topic(text, "password_lost", None) == "change_password"
    assert followup_topic("密码没人知道 想换一个", "password_lost", None) == "password_lost"


def test_going_to_the_counter_asked_again_is_the_answer_that_sent_one_there():
    assert followup_topic("又要跑窗口??", "open_online", "password_lost") == "password_lost"
    assert followup_topic("又要跑窗口??", "open_online", None) == "open_online"
    assert followup_topic("开通也要去窗口吗", "open_online", "password_lost") == "open_online"


async def test_the_offer_of_a_person_taken_up_a_turn_after_it_lapsed():
    events = [
        *answered("utter_offer_handoff", text="叫你们领导来"),
        *answered("utter_iamabot", text="你是机器人吧"),
    ]
    said, out = await responses_of(
        ActionFollowup(), tracker(parse("affirm", text="要得 转"), events=events)
    )
    assert FollowupAction("handoff_form") in out
    # a bare yes is no 转, and an offer long gone is no offer
    said, out = await responses_of(
        ActionFollowup(), tracker(parse("affirm", text="要得"), events=events)
    )
    assert FollowupAction("handoff_form") not in out
    old = [*answered("utter_offer_handoff"), *answered("utter_faq/flow"), *events[4:]]
    said, out = await responses_of(
        ActionFollowup(), tracker(parse("affirm", text="好 转吧"), events=old)
    )
    assert FollowupAction("handoff_form") not in out


async def test_an_operator_called_for_is_a_person_not_a_greeting():
    said, events = await responses_of(ActionGreet(), tracker(parse("greet", text="接线员在吗")))
    assert events == [FollowupAction("action_offer_handoff")]
    said, _ = await responses_of(ActionGreet(), tracker(parse("greet", text="你好")))
    assert said == ["utter_greet"]


def test_the_short_verb_said_over_cancels():
    assert typed_answer("撤撤撤", about="cancel") == "yes"
    assert typed_answer("不撤了", about="cancel") == "no"
    assert typed_answer("嗯呐", about="cancel") == "yes"


async def test_a_social_matter_in_english_or_pinyin_is_outside_the_guide():
    for text in ("talent subsidy rencai butie how to apply", "gongjijin zenme ti"):
        latest = parse("nlu_fallback", text=text, faq=[("how_to_operate", 0.35)])
        said, _ = await responses_of(ActionFallback(), tracker(latest))
        assert said == ["utter_out_of_scope_social"], text


async def test_a_unit_asking_after_the_mailbox_answer_opens_at_the_counter():
    mailbox = answered("utter_faq/citizen_mailbox", text="有市民邮箱 还要不要开通网上办事")
    latest = parse(
        "nlu_fallback",
        text="我们公司的呢 也不用开?",
        entities=[{"entity": "applicant_type", "value": "enterprise"}],
        faq=[("open_online", 0.44)],
    )
    said, events = await responses_of(ActionFallback(), tracker(latest, events=mailbox))
    assert said == ["utter_faq/open_online"]
    assert SlotSet("applicant_type", "enterprise") in events
    # the mailbox asked about again for oneself is no unit's question
    latest = parse("nlu_fallback", text="那我老婆的呢", faq=[("citizen_mailbox", 0.5)])
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=mailbox))
    assert said != ["utter_faq/open_online"]


def test_put_off_is_no_consent():
    for text in ("等等再说", "先放着", "再说吧"):
        assert typed_answer(text, about="erase") == "no", text


async def test_what_comes_after_a_password_reset_is_the_way_in():
    reset = answered("utter_password_lost_individual", text="个人啊")
    said, _ = await responses_of(
        ActionFollowup(), tracker(parse("more", text="然后呢"), events=reset)
    )
    assert said == ["utter_faq/login_methods"]


async def test_a_yes_and_a_goodbye_to_the_offer_of_a_person_is_a_goodbye():
    offered = answered("utter_offer_handoff", text="这个网址打不开啊")
    said, events = await responses_of(
        ActionFollowup(),
        tracker(parse("affirm", text="行吧 886"), events=offered, slots={"pending_handoff": True}),
    )
    assert said == ["utter_goodbye"]
    assert FollowupAction("handoff_form") not in events
    said, events = await responses_of(
        ActionFollowup(),
        tracker(parse("affirm", text="好的 转吧"), events=offered, slots={"pending_handoff": True}),
    )
    assert FollowupAction("handoff_form") in events


def test_a_cancel_weighed_against_another_way_is_asked_about_not_ordered():
    assert asks_about_cancelling("我直接改还是要先撤掉")
    assert not asks_about_cancelling("这个能撤吗")
    assert not asks_about_cancelling("那还是先撤了吧")


async def test_a_password_told_lost_without_a_question_is_the_reset_for_the_type_asked():
    latest = parse(
        "nlu_fallback",
        text="接手单位网上办事 密码没人知道",
        faq=[("change_password", 0.304), ("login_methods", 0.1), ("password_lost", 0.068)],
    )
    said, events = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_ask_unit_type_password_lost"]
    assert SlotSet("pending_topic", "password_lost") in events
    # a password named with no loss is no reset
    latest = parse("nlu_fallback", text="单位网上办事 密码", faq=[("change_password", 0.304)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said != ["utter_ask_unit_type_password_lost"]


async def test_a_units_word_keeps_the_kind_of_unit_already_known():
    latest = parse(
        "faq",
        text="单位信息里联系人要改成我 是不是走单位基本信息变更",
        faq=[("contact", 0.252), ("how_to_operate", 0.185), ("change_password", 0.125)],
    )
    slots = {"applicant_type": "enterprise", "last_type_topic": "change_password"}
    said, events = await responses_of(ActionFallback(), tracker(latest, slots=slots))
    assert "utter_ask_unit_type" not in said
    assert SlotSet("applicant_type", None) not in events
    # a person's type is no unit's: which kind of unit is asked
    latest = parse("inform_applicant_type", text="我是单位的")
    slots = {"applicant_type": "individual", "last_type_topic": "documents"}
    said, _ = await responses_of(ActionFallback(), tracker(latest, slots=slots))
    assert said == ["utter_ask_unit_type_documents"]


async def test_a_person_asked_for_at_the_type_question_is_offered():
    history = answered("utter_ask_applicant_type_documents", "材料")
    latest = parse(
        "faq", text="我们村委会到底选哪个我也不晓得，有没有人工", faq=[("documents", 0.6)]
    )
    t = tracker(latest, slots={"pending_topic": "documents"}, events=history)
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert "utter_ask_applicant_type_documents" not in said
    assert FollowupAction("action_offer_handoff") in events


async def test_documents_asked_by_one_unsure_of_the_type_ask_the_type():
    text = "我是做个体的不知道算哪一种开通要什么东西"
    faq = [("open_online", 0.309), ("not_in_guide", 0.118), ("documents", 0.1)]
    hinted = [{"entity": "applicant_type", "value": "enterprise"}]
    for latest in (
        parse("inform_applicant_type", text=text, faq=faq, entities=hinted),
        parse("nlu_fallback", text=text, faq=faq),
    ):
        action = (
            ActionAnswerFaq() if latest["intent"]["name"] != "nlu_fallback" else ActionFallback()
        )
        said, events = await responses_of(action, tracker(latest))
        assert said == ["utter_ask_applicant_type_documents"], latest["intent"]
        assert SlotSet("applicant_type", None) in events
    # two types compared is no doubt of one's own
    latest = parse("nlu_fallback", text="个人和单位开通要带的材料有啥不一样", faq=faq)
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said != ["utter_ask_applicant_type_documents"]


async def test_whether_a_copy_is_needed_is_in_the_guides_documents():
    latest = parse(
        "faq",
        text="身份证要复印吗，我是个人",
        faq=[("not_in_guide", 0.646), ("documents", 0.222)],
        entities=[{"entity": "applicant_type", "value": "individual"}],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_documents_individual"]
    # how it is copied is not
    latest = parse("faq", text="复印件要彩印吗", faq=[("not_in_guide", 0.8), ("documents", 0.1)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_question_of_the_unit_is_no_saying_of_its_type():
    history = answered("utter_faq/how_to_operate", "我们单位搬家了，地址变了，网上能改单位信息吗")
    latest = parse(
        "faq",
        text="那单位名称也改了，网上办事要重新开通吗",
        faq=[("change_password", 0.192), ("fix_data", 0.165), ("resubmit", 0.145)],
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=history))
    assert said and "utter_ask_unit_type" not in said
    # the unit said and nothing else asks which kind it is
    latest = parse("inform_applicant_type", text="我是单位的")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_ask_unit_type"]
