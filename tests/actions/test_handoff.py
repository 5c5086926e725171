import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import asks_for_person, read_after_ticket_talk
from actions.handoff import (
    ValidateHandoffForm,
    describes_case,
    is_cancel,
    last_question,
    own_phone,
)
from tests.actions.test_followups_in_context import responses_of, said_in_turn
from tests.actions.trackers import domain, parse, rendered, tracker


def user(text, intent="faq", phone=None):
    metadata = {"phone": phone} if phone else {}
    return {
        "event": "user",
        "text": text,
        "metadata": metadata,
        "parse_data": {"intent": {"name": intent}, "text": text, "metadata": metadata},
    }


def test_cancel_words():
    assert is_cancel("算了") and is_cancel("算了吧") and is_cancel("不转了")
    assert not is_cancel("我的材料算了好几遍还是不对，想找人核实一下")


def test_own_phone_comes_only_from_the_channel_metadata():
    t = tracker(
        parse("request_human", text="转人工"), events=[user("你好", phone="+8613800138000")]
    )
    assert own_phone(t) is None  # the latest message carries no phone
    sms = tracker(
        {**parse("request_human", text="转人工"), "metadata": {"phone": "+8613800138000"}}
    )
    sms.events[-1]["metadata"] = {"phone": "+8613800138000"}
    assert own_phone(sms) == "+8613800138000"


def test_last_question_skips_form_answers_and_the_request():
    events = [
        user("审核不通过的申报还能改吗"),
        user("我要转人工", intent="request_human"),
        {"event": "action", "name": "action_offer_handoff"},
        user("13800138000", intent="nlu_fallback"),
    ]
    t = tracker(parse("affirm", text="确认"), events=events)
    assert last_question(t) == "审核不通过的申报还能改吗"


def test_last_question_skips_small_talk():
    events = [
        user("你是机器人吗", intent="bot_challenge"),
        user("我要转人工", intent="request_human"),
        {"event": "action", "name": "action_offer_handoff"},
    ]
    t = tracker(parse("affirm", text="好"), events=events)
    assert last_question(t) is None


async def test_contact_validation():
    form = ValidateHandoffForm()
    for text, expected in [
        ("138-0013-8000", "+8613800138000"),
        ("Someone@Example.COM", "Someone@example.com"),
    ]:
        result = await form.validate_handoff_contact(
            text, CollectingDispatcher(), tracker(parse("x", text=text)), {}
        )
        assert result == {"handoff_contact": expected}
    dispatcher = CollectingDispatcher()
    result = await form.validate_handoff_contact(
        "12345", dispatcher, tracker(parse("x", text="12345")), {}
    )
    assert result == {"handoff_contact": None}
    assert "算了" in (await rendered(dispatcher.messages))[0]["text"]


async def test_cancel_fills_the_form_and_flags_it():
    form = ValidateHandoffForm()
    result = await form.validate_handoff_description(
        "算了", CollectingDispatcher(), tracker(parse("deny", text="算了")), {}
    )
    assert result["handoff_cancelled"] is True


async def test_a_refusal_at_any_step_leaves_the_form_however_long():
    form = ValidateHandoffForm()
    text = "算了 不用了 我自己去窗口问吧"
    for validate in (
        form.validate_handoff_contact,
        form.validate_handoff_description,
    ):
        result = await validate(text, CollectingDispatcher(), tracker(parse("faq", text=text)), {})
        assert result["handoff_cancelled"] is True


async def test_a_question_at_the_contact_step_is_answered_not_called_a_bad_contact():
    form = ValidateHandoffForm()
    dispatcher = CollectingDispatcher()
    question = parse("out_of_scope_social", text="失业金一个月能领多少")
    result = await form.validate_handoff_contact(
        question["text"], dispatcher, tracker(question), domain()
    )
    assert result == {"handoff_contact": None}  # asked again by the form
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("哦不对，号码输错了，是13900002223", "+8613900002223"),
        ("邮箱写错了 应该是 li.ming@example.com", "li.ming@example.com"),
    ],
)
async def test_the_contact_corrected_at_the_description_step_replaces_it(text, contact):
    form = ValidateHandoffForm()
    dispatcher = CollectingDispatcher()
    said = parse("faq", text=text, faq=[("contact", 0.6)])
    result = await form.validate_handoff_description(text, dispatcher, tracker(said), domain())
    assert result == {"handoff_contact": contact, "handoff_description": None}
    # the form asks for the description again itself: a word here would ask it twice
    assert dispatcher.messages == []


async def test_a_question_at_the_description_step_is_answered_a_case_is_taken():
    form = ValidateHandoffForm()
    dispatcher = CollectingDispatcher()
    question = parse("faq", text="网上办事的网址是什么？", faq=[("website", 0.9)])
    result = await form.validate_handoff_description(
        question["text"], dispatcher, tracker(question), domain()
    )
    assert result == {"handoff_description": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/website"]
    case = parse("faq", text="我的申报被退回了，想找人核实", faq=[("fix_data", 0.9)])
    result = await form.validate_handoff_description(
        case["text"], CollectingDispatcher(), tracker(case), domain()
    )
    assert result == {"handoff_description": "我的申报被退回了，想找人核实"}


# -- issue 10, finding 8: quotas, an unverified contact, a trimmed transcript ----------


def bot(text, *, buttons=None):
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}, "timestamp": 1.0}


def action(name):
    return {"event": "action", "name": name}


def offer_of_person(text: str, intent: str = "request_human", phone: str | None = None) -> list:
    """A turn in which ``text`` brought the offer of a person, still waiting for consent."""
    return [
        user(text, intent=intent, phone=phone),
        action("action_offer_handoff"),
        {**bot("…"), "metadata": {"utter_action": "utter_offer_handoff"}},
        action("action_listen"),
    ]


def id_number(first17="33010619850214001"):
    """A well-formed ID number, its check character computed at run time."""
    from bot.privacy import id_check_char

    return first17 + id_check_char(first17)


def test_transcript_keeps_the_last_turns_without_lists_links_or_id_numbers():
    from actions.handoff import transcript
    from bot.handoff.transcript import PROGRESS_OMITTED, TRANSCRIPT_TURNS

    secret_id = id_number()
    events = [user(f"早先的问题 {n}") for n in range(TRANSCRIPT_TURNS)]
    events += [
        user("查我的办事进度", intent="check_my_progress"),
        action("action_check_progress"),
        bot("请点击链接登录：http://127.0.0.1:5005/webhooks/login/t/tok_123abc（10 分钟内有效）"),
        user("（系统消息：登录结果 succeeded）", intent="login_event"),
        action("action_login_event"),
        bot("登录成功，张三。"),
        bot("1. HZ2026102609884 就业创业证申领 审核未通过\n审核意见：缺少离职证明"),
        user(f"我的身份证号是 {secret_id}"),
        action("action_offer_handoff"),
        bot("需要转人工吗？", buttons=[{"title": "好的，转人工", "payload": "/affirm"}]),
        user("/affirm", intent="affirm"),
    ]
    entries, said = transcript(tracker(parse("affirm", text="确认"), events=events))
    texts = "\n".join(e.text for e in entries)
    assert "早先的问题 0" not in texts  # older turns are left out
    assert sum(e.speaker == "user" for e in entries) == TRANSCRIPT_TURNS
    assert "tok_123abc" not in texts and "/webhooks/login/" not in texts
    assert "HZ2026102609884" not in texts and "缺少离职证明" not in texts and "张三" not in texts
    assert texts.count(PROGRESS_OMITTED) == 2  # one line per answer, not per message
    assert secret_id not in texts and "******" in texts
    assert "好的，转人工" in texts and "/affirm" not in texts
    assert PROGRESS_OMITTED not in said and "需要转人工吗？" in said


def test_only_the_number_twilio_vouched_for_is_verified():
    from actions.handoff import contact_is_verified

    sms = tracker(
        {**parse("x", text="本机"), "metadata": {"phone": "+8613800138000", "channel": "twilio"}}
    )
    sms.events[-1]["metadata"] = {"phone": "+8613800138000"}
    assert contact_is_verified(sms, "+8613800138000")
    assert not contact_is_verified(sms, "+8613900139000")  # another number typed in
    rest = tracker({**parse("x", text="13800138000"), "metadata": {"channel": "rest"}})
    rest.events[-1]["metadata"] = {"phone": "+8613800138000"}  # forged metadata on REST
    assert not contact_is_verified(rest, "+8613800138000")


async def test_over_the_quota_the_user_gets_the_domain_answer_and_no_ticket(tmp_path):
    from sqlalchemy import func, select

    from actions import runtime
    from actions.handoff import ActionSubmitHandoff
    from bot.handoff.models import outbox_table
    from bot.handoff.quota import MAX_PER_CONVERSATION
    from bot.settings import Settings

    settings = Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}, dotenv=tmp_path / "none"
    )
    runtime.configure(settings)
    slots = {"handoff_contact": "+8613800138000", "handoff_description": "想请人工核实"}
    answers = []
    for _ in range(MAX_PER_CONVERSATION + 1):
        dispatcher = CollectingDispatcher()
        latest = {**parse("affirm", text="确认"), "metadata": {"client_net": "net-1"}}
        await ActionSubmitHandoff().run(dispatcher, tracker(latest, slots=slots), {})
        answers.append(dispatcher.messages[0] | (await rendered(dispatcher.messages))[0])
    assert all("工单号" in (a.get("text") or "") for a in answers[:-1])
    assert answers[-1]["response"] == "utter_handoff_quota"
    with runtime.outbox().engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(outbox_table)).scalar_one()
    assert count == MAX_PER_CONVERSATION
    await runtime.outbox().close()


@pytest.mark.parametrize(
    ("intent", "text", "response"),
    [
        ("bot_challenge", "你是机器人吗", "utter_iamabot"),
        # said, not asked: no question mark nor 吗
        ("bot_challenge", "你是机器人吧", "utter_iamabot"),
        ("bot_challenge", "你不会是个程序", "utter_iamabot"),
        ("what_can_you_do", "你能帮我做什么", "utter_capabilities"),
        ("out_of_scope", "杭州明天会下雨吗", "utter_out_of_scope"),
    ],
)
async def test_small_talk_at_the_contact_step_is_answered(intent, text, response):
    dispatcher = CollectingDispatcher()
    question = parse(intent, text=text)
    result = await ValidateHandoffForm().validate_handoff_contact(
        text, dispatcher, tracker(question), domain()
    )
    assert result == {"handoff_contact": None}
    assert [m["response"] for m in dispatcher.messages] == [response]


async def at_step(step: str, latest: dict) -> tuple[dict, list]:
    """What the form's check of ``step`` makes of the latest message, and what it says."""
    dispatcher = CollectingDispatcher()
    validate = getattr(ValidateHandoffForm(), f"validate_handoff_{step}")
    result = await validate(latest["text"], dispatcher, tracker(latest), domain())
    return result, [m["response"] for m in dispatcher.messages]


async def test_a_statement_of_the_case_at_the_description_step_is_the_description():
    # "好几天" counts days; the FAQ the NLU saw in it is not a question asked.
    text = "我的失业登记提交好几天了没人审"
    result, said = await at_step(
        "description", parse("faq", text=text, faq=[("review_vs_query", 0.95)])
    )
    assert result == {"handoff_description": text} and said == []


# -- issue 12: at the description step a question for the agent is the description ------


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("想问身份证复印件要几份，要不要正反面", "not_in_guide"),  # handed over: 想问
        ("密码重置要带什么想问清楚", "password_lost"),
        ("问企业网上办事密码重置申请单在哪领", "password_lost"),  # a clause led by 问
        ("上周提交的工单没人回复，问单位密码重置的事", "password_lost"),
        ("企业开通网上办事的受理点在哪，想去现场办", "open_online"),  # and a statement
        ("我的申报为什么被退回了", "fix_data"),  # the user's own case
        ("我想咨询一下灵活就业怎么参保", "open_online"),
        # what the guide never says is the agent's question to answer (set AC)
        ("密码重置申请单能不能提前下载打印好带过去", "not_in_guide"),
        ("单位开通网上办事签的协议上要不要盖公章", "agent_agreement"),
        ("问一下，受理点几点下班", "not_in_guide"),
    ],
)
async def test_a_question_for_the_agent_at_the_description_step_is_the_description(text, topic):
    said = parse("faq", text=text, faq=[(topic, 0.99)])
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_description(
        text, dispatcher, tracker(said), domain()
    )
    assert result == {"handoff_description": text}
    assert dispatcher.messages == []  # no answer, no second prompt: the ticket comes next


@pytest.mark.parametrize(
    ("intent", "text", "topic", "response"),
    [
        # About the hand-off itself: answered, then the form asks again.
        ("faq", "要多久回复", "not_in_guide", "utter_faq/not_in_guide"),
        ("bot_challenge", "你是机器人吗", None, "utter_iamabot"),
        # A bare question, or one said on the side, is a digression as before.
        ("out_of_scope_social", "养老金怎么领", None, "utter_out_of_scope_social"),
        ("faq", "对了，改密码在哪改", "change_password", "utter_faq/change_password"),
        ("faq", "好的谢谢，那再问一下，网址是什么", "website", "utter_faq/website"),
        # a detail the guide never gives, however the NLU read it
        ("affirm", "对了，你们窗口几点下班？", None, "utter_faq/not_in_guide"),
    ],
)
async def test_small_talk_and_questions_on_the_side_at_the_description_step_are_answered(
    intent, text, topic, response
):
    said = parse(intent, text=text, faq=[(topic, 0.99)] if topic else None)
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_description(
        text, dispatcher, tracker(said), domain()
    )
    assert result == {"handoff_description": None}
    assert [m["response"] for m in dispatcher.messages] == [response]


def test_describes_case_reads_the_frame_not_the_topic():
    assert describes_case("想问身份证复印件要几份")
    assert describes_case("受理点在哪，想去现场办")
    assert not describes_case("受理点在哪")
    # not knowing where to go with it, whatever the verb, is the case handed over
    assert describes_case("单位网上办事密码重置申请单填好了但不知道交到哪个窗口")
    assert describes_case("材料准备好了 不晓得该送去哪")
    assert not describes_case("我不知道")
    assert not describes_case("麻烦你了，网址是什么")  # courtesy is no statement of the case
    assert not describes_case("对了，我想问一下网址")  # on the side, whatever follows


async def test_a_question_about_the_hand_off_at_the_contact_step_is_answered():
    # "多久" asks something: not a bad contact.
    said = parse("faq", text="要多久回复", faq=[("not_in_guide", 0.99)])
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_contact(
        "要多久回复", dispatcher, tracker(said), domain()
    )
    assert result == {"handoff_contact": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/not_in_guide"]


# -- issue 12: a short follow-up to ticket talk is read in its context --------------------


def turn(user_text, *responses, intent="handoff_status"):
    """One earlier exchange: the user's message and the bot's responses to it."""
    return [
        user(user_text, intent=intent),
        action("action_handoff_status"),
        *[{**bot("…"), "metadata": {"utter_action": r}} for r in responses],
        action("action_listen"),
    ]


@pytest.mark.parametrize(
    ("before", "text", "intent"),
    [
        ("utter_handoff_no_ticket", "那我再提一个", "nlu_fallback"),
        ("utter_handoff_no_ticket", "那帮我提一个", "cancel_my_submission"),
        ("utter_ticket_waiting", "能不能再开一个工单", "handoff_status"),
        ("utter_handoff_cancelled", "还是重新提吧", "faq"),
        ("utter_handoff_declined", "还是转吧", "affirm"),
        ("utter_handoff_declined", "嗯那就转吧", "affirm"),
    ],
)
async def test_after_ticket_talk_a_new_one_asked_for_is_the_offer(before, text, intent):
    t = tracker(parse(intent, text=text), events=turn("我的工单呢", before))
    dispatcher = CollectingDispatcher()
    events = await read_after_ticket_talk(dispatcher, t, domain())
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": "request_human"},
        {"event": "followup", "timestamp": None, "name": "action_offer_handoff"},
    ]
    assert dispatcher.messages == []


async def test_after_a_hand_off_left_12333s_mailbox_asked_is_the_contact_answer():
    asked = parse("nlu_fallback", text="那你告诉我12333的邮箱", faq=[("contact", 1.0)])
    t = tracker(asked, events=turn("等等，我先不转了", "utter_handoff_cancelled", intent="deny"))
    dispatcher = CollectingDispatcher()
    assert await read_after_ticket_talk(dispatcher, t, domain()) is not None
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/contact"]


@pytest.mark.parametrize(
    ("before", "said"),
    [
        # No ticket talk before: the NLU's reading stands.
        ("utter_faq/resubmit", parse("faq", text="那我再提一个", faq=[("resubmit", 0.8)])),
        # Another guide topic named: it is answered as such.
        (
            "utter_handoff_cancelled",
            parse("faq", text="市民邮箱怎么注册", faq=[("citizen_mailbox", 0.95)]),
        ),
        # The user's own contact, not 12333's.
        ("utter_handoff_submitted", parse("faq", text="我的邮箱写错了", faq=[("contact", 0.6)])),
        # A long message is not a follow-up.
        (
            "utter_handoff_no_ticket",
            parse("faq", text="我想再提一个灵活就业人员参保登记的申请，要带什么材料", faq=[]),
        ),
    ],
)
async def test_other_messages_after_ticket_talk_keep_their_reading(before, said):
    t = tracker(said, events=turn("我的工单呢", before))
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) is None


async def test_the_offer_handed_over_reads_no_context_again():
    # The offer runs after the reading in the same turn: it must not hand over once more.
    t = tracker(
        parse("nlu_fallback", text="那我再提一个"), events=turn("工单", "utter_handoff_no_ticket")
    )
    t.events.append(action("action_fallback"))
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) is None


def test_hurrying_a_review_along_asks_for_a_person():
    assert asks_for_person("谁能催一下") and asks_for_person("能不能帮我催催审核")
    assert not asks_for_person("收到社保催缴通知怎么办")
    assert asks_for_person("找人帮我") and asks_for_person("字太多了，叫个人来跟我说")
    assert not asks_for_person("找人社局的网址")


def test_a_request_for_another_ticket_is_not_the_prefilled_description():
    events = [
        user("审核不通过的申报还能改吗"),
        user("我的工单呢", intent="handoff_status"),
        user("那我再提一个", intent="nlu_fallback"),
        {"event": "action", "name": "action_offer_handoff"},
    ]
    t = tracker(parse("affirm", text="可以"), events=events)
    assert last_question(t) == "审核不通过的申报还能改吗"


async def test_a_yes_to_the_offer_naming_the_own_number_takes_that_number():
    from rasa_sdk.events import FollowupAction, SlotSet

    from actions.faq import ActionAnswerFaq

    offered = offer_of_person("找人帮我", intent="nlu_fallback", phone="+8613800138000")
    said = parse("faq", text="好 就用这个手机号", faq=[("how_to_operate", 0.2)])
    t = tracker(said, events=offered, slots={"pending_handoff": True})
    t.events[-1]["metadata"] = {"phone": "+8613800138000"}
    events = await ActionAnswerFaq().run(CollectingDispatcher(), t, domain())
    assert SlotSet("handoff_contact", "+8613800138000") in events
    assert FollowupAction("handoff_form") in events
    # Without a number Twilio vouched for (the web page), the form asks for one.
    t.events[-1]["metadata"] = {}
    events = await ActionAnswerFaq().run(CollectingDispatcher(), t, domain())
    assert not any(e.get("name") == "handoff_contact" for e in events)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("never mind, cancel", "nlu_fallback"), ("算了 不用了 我自己去窗口问吧", "faq")],
)
async def test_leaving_at_the_offer_declines_it_however_the_nlu_read_it(text, intent):
    from rasa_sdk.events import SlotSet

    from actions.fallback import ActionFallback

    offered = offer_of_person("I want to talk to a human agent")
    t = tracker(parse(intent, text=text), events=offered, slots={"pending_handoff": True})
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, t, domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_declined"]
    assert SlotSet("pending_handoff", None) in events


def test_a_real_person_asked_for_is_a_person():
    assert asks_for_person("我要真人") and asks_for_person("转真人客服")
    assert not asks_for_person("你是真人吗")  # are you one: the bot answers


@pytest.mark.parametrize(
    ("intent", "text", "response"),
    [
        ("check_my_progress", "查我的办事进度", "utter_handoff_waiting"),
        ("login", "帮我登录一下", "utter_handoff_waiting"),
        # A try at a contact, whatever the NLU made of it, is a wrong contact.
        ("check_my_progress", "1380013", "utter_handoff_contact_invalid"),
        ("login", "me@", "utter_handoff_contact_invalid"),
        ("affirm", "随便", "utter_handoff_contact_invalid"),
    ],
)
async def test_another_request_at_the_contact_step_is_told_what_the_form_waits_for(
    intent, text, response
):
    dispatcher = CollectingDispatcher()
    said = parse(intent, text=text)
    result = await ValidateHandoffForm().validate_handoff_contact(
        text, dispatcher, tracker(said), domain()
    )
    assert result == {"handoff_contact": None}
    assert [m["response"] for m in dispatcher.messages] == [response]


# -- whom to ask, and a disputed result ---------------------------------------------------


async def test_whom_to_ask_read_as_a_person_wanted_is_the_guides_answer():
    from actions.handoff import ActionOfferHandoff

    for text, faq, expected in (
        ("那我该找谁", [("fix_data", 0.83)], "utter_faq/contact"),
        ("密码丢了找谁", [("password_lost", 0.97)], "utter_password_lost_institution"),
    ):
        t = tracker(
            parse("request_human", text=text, faq=faq), slots={"applicant_type": "institution"}
        )
        said, events = await responses_of(ActionOfferHandoff(), t)
        assert not any(e.get("name") == "pending_handoff" for e in events)
        assert await said_in_turn(ActionOfferHandoff(), t) == [expected], text
    # Hurrying a review along is a person's job, however it is asked.
    dispatcher = CollectingDispatcher()
    await ActionOfferHandoff().run(
        dispatcher, tracker(parse("request_human", text="找谁催一下审核")), domain()
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_handoff"]


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("check_my_progress", "我的申报被打回来了，这结果我不认"),
        ("faq", "驳回没道理啊，基数都是按规定报的，你们审错了"),
        ("faq", "驳回么总归要有个讲法的，审得不对"),
        ("faq", "that's wrong, those salaries are above the minimum, your review made a mistake"),
    ],
)
async def test_a_disputed_result_is_offered_a_person_whatever_the_reading(intent, text):
    from actions.progress import ActionCheckProgress

    t = tracker(parse(intent, text=text, faq=[("fix_data", 0.97)]))
    dispatcher = CollectingDispatcher()
    events = await ActionCheckProgress().run(dispatcher, t, domain())
    assert dispatcher.messages == []
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": "result_wrong"},
        {"event": "followup", "timestamp": None, "name": "action_offer_handoff"},
    ]


async def test_insisting_the_result_is_wrong_at_the_offer_gets_the_offer_not_the_details():
    from actions.handoff import ActionOfferHandoff

    shown = [
        {"event": "user", "text": "第三个", "parse_data": parse("pick_submission", text="第三个")},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_submission_detail"}},
        {"event": "action", "name": "action_listen"},
    ]
    t = tracker(
        parse("result_wrong", text="身份证复印件我明明传的很清楚，你们是不是看错了"),
        events=shown,
        slots={"selected_submission": "HZ2026111203951"},
    )
    dispatcher = CollectingDispatcher()
    await ActionOfferHandoff().run(dispatcher, t, domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_handoff"]


def test_a_person_asked_for_by_handing_over():
    assert asks_for_person("能帮我转给真人吗") and asks_for_person("那你帮我转给人工处理吧")


@pytest.mark.parametrize(
    "text",
    [
        "我想在网上开通个人办事但是不晓得怎么弄请人教教我",
        "单位信息变更后想改联系人不知道怎么操作",
        "我们事业单位的密码重置申请单不知道在哪里领",
    ],
)
def test_not_knowing_how_is_the_case_for_the_agent(text):
    assert describes_case(text)


async def test_a_question_naming_a_ticket_is_its_status_however_long():
    t = tracker(
        parse("faq", text="你好，我之前提交的工单有回复了吗", faq=[("review_vs_query", 0.9)])
    )
    events = await read_after_ticket_talk(CollectingDispatcher(), t, domain())
    assert events == [{"event": "followup", "timestamp": None, "name": "action_handoff_status"}]


async def test_a_yes_to_the_offer_with_a_question_of_the_contact_way_goes_on_to_the_contact():
    from rasa_sdk.events import FollowupAction

    from actions.faq import ActionAnswerFaq

    offered = offer_of_person("我要投诉，申报交了一个多月没人审")
    said = parse("faq", text="可以，不过我不想留电话，只留邮箱行吗", faq=[("contact", 0.6)])
    t = tracker(said, events=offered, slots={"pending_handoff": True})
    events = await ActionAnswerFaq().run(CollectingDispatcher(), t, domain())
    assert FollowupAction("handoff_form") in events
    # A question alone about the way is no yes.
    said = parse("faq", text="只留邮箱行吗", faq=[("contact", 0.6)])
    t = tracker(said, events=offered, slots={"pending_handoff": True})
    events = await ActionAnswerFaq().run(CollectingDispatcher(), t, domain())
    assert FollowupAction("handoff_form") not in events


async def test_a_type_corrected_with_words_of_error_is_no_dispute():
    from actions.handoff import ActionOfferHandoff
    from tests.actions.trackers import entity

    latest = parse(
        "result_wrong",
        text="我搞错了，是我个人的账号",
        entities=[entity("applicant_type", "individual")],
    )
    slots = {"applicant_type": "enterprise", "last_type_topic": "password_lost"}
    dispatcher = CollectingDispatcher()
    events = await ActionOfferHandoff().run(dispatcher, tracker(latest, slots=slots), domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_password_lost_individual"]
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "applicant_type",
        "value": "individual",
    } in events
    # the same words with the type already remembered dispute the result as before
    latest = parse("result_wrong", text="审核结果搞错了", entities=[])
    dispatcher = CollectingDispatcher()
    await ActionOfferHandoff().run(dispatcher, tracker(latest, slots=slots), domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_handoff"]


async def test_a_question_only_the_faq_selector_placed_is_answered_at_the_contact_step():
    dispatcher = CollectingDispatcher()
    question = parse("nlu_fallback", text="你们人工几点上班", faq=[("not_in_guide", 0.96)])
    result = await ValidateHandoffForm().validate_handoff_contact(
        "你们人工几点上班", dispatcher, tracker(question), domain()
    )
    assert result == {"handoff_contact": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/not_in_guide"]


async def test_an_unplaced_question_closest_to_out_of_scope_is_no_faq_digression():
    # The fallback's rule too: a sure FAQ topic does not outweigh an out-of-scope runner-up.
    question = parse("nlu_fallback", text="失业金一个月能领多少啊", faq=[("not_in_guide", 0.96)])
    question["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "out_of_scope_social", "confidence": 0.4},
        {"name": "faq", "confidence": 0.3},
    ]
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_contact(
        "失业金一个月能领多少啊", dispatcher, tracker(question), domain()
    )
    assert result == {"handoff_contact": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope_social"]


async def test_a_pause_before_a_question_asked_the_dialect_way_is_no_refusal():
    # "等一下" alone leaves the form; followed by "…伐" (吴语 "or not") it only asks.
    text = "等一下，先问下开通要收钞票伐"
    result, said = await at_step("contact", parse("faq", text=text, faq=[("not_in_guide", 0.98)]))
    assert result == {"handoff_contact": None} and said == ["utter_faq/not_in_guide"]
    assert is_cancel("等一下") and is_cancel("等一下，先不转了")


async def test_the_turn_run_again_for_the_same_message_gives_the_same_ticket(tmp_path):
    from sqlalchemy import func, select

    from actions import runtime
    from actions.handoff import ActionSubmitHandoff
    from bot.handoff.models import outbox_table
    from bot.settings import Settings

    settings = Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}, dotenv=tmp_path / "none"
    )
    runtime.configure(settings)
    slots = {"handoff_contact": "+8613800138000", "handoff_description": "想请人工核实"}

    async def submit(message_id):
        dispatcher = CollectingDispatcher()
        latest = {**parse("affirm", text="确认"), "message_id": message_id}
        events = await ActionSubmitHandoff().run(dispatcher, tracker(latest, slots=slots), {})
        return next(e["value"] for e in events if e.get("name") == "last_ticket")

    first = await submit("client-7")
    assert await submit("client-7") == first
    assert await submit("client-8") != first
    with runtime.outbox().engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(outbox_table)).scalar_one()
    assert count == 2
    await runtime.outbox().close()


# -- development sets BF and BG: the hand-off's form and offer ----------------------------


@pytest.mark.parametrize("text", ["哦那不用转了", "嗯那算了", "哦，那不用了"])
async def test_a_change_of_mind_opened_by_a_sound_leaves_the_form(text):
    for step in ("contact", "description"):
        result, said = await at_step(step, parse("deny", text=text))
        assert result["handoff_cancelled"] is True, (step, text)


async def test_a_question_opened_by_wait_at_the_description_step_is_answered_not_sent():
    text = "等下，你们受理点几点下班"
    result, said = await at_step(
        "description", parse("faq", text=text, faq=[("not_in_guide", 0.9)])
    )
    assert result == {"handoff_description": None}
    assert said == ["utter_faq/not_in_guide"]
    # asked for the agent, the same question is the case
    text = "问一下，受理点几点下班"
    result, said = await at_step(
        "description", parse("faq", text=text, faq=[("not_in_guide", 0.9)])
    )
    assert result == {"handoff_description": text} and said == []


@pytest.mark.parametrize("text", ["不对", "确认"])
async def test_a_yes_or_no_to_the_description_asks_it_once(text):
    from actions.handoff import ActionAskHandoffDescription

    before = [user("密码重置申请单在哪拿"), bot("…"), user("转人工", intent="request_human")]
    said = parse("affirm" if text == "确认" else "deny", text=text)
    t = tracker(said, events=before, slots={"requested_slot": "handoff_description"})
    validated = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_description(text, validated, t, domain())
    asked = CollectingDispatcher()
    await ActionAskHandoffDescription().run(asked, t, domain())
    replies = [m["response"] for m in validated.messages + asked.messages]
    if text == "不对":
        # the sentence put up is wrong: asked for one, and not offered the same again
        assert result == {"handoff_description": None}
        assert replies == ["utter_handoff_ask_description"]
    else:
        assert result == {"handoff_description": "密码重置申请单在哪拿"}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("要留电话吗", "faq"),
        ("会打电话给我吗", "faq"),
        ("你们会怎么联系我", "request_human"),
    ],
)
async def test_how_the_hand_off_goes_asked_at_the_offer_is_the_offer_again(text, intent):
    from rasa_sdk.events import FollowupAction

    from actions.faq import ActionAnswerFaq

    offered = offer_of_person("还是不会，转人工吧")
    said = parse(intent, text=text, faq=[("contact", 0.8)] if intent == "faq" else None)
    t = tracker(said, events=offered, slots={"pending_handoff": True})
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, t, domain())
    assert FollowupAction("action_offer_handoff") in events
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["人工一般多久能回我", "要多久回复"])
async def test_how_long_the_agent_takes_asked_at_the_offer_is_the_guides_silence(text):
    # DD: the offer says how the agent answers, not when; the offer is put again
    from rasa_sdk.events import SlotSet

    from actions.faq import ActionAnswerFaq

    offered = offer_of_person("能让工作人员联系我吗")
    said = parse("faq", text=text, faq=[("not_in_guide", 1.0)])
    t = tracker(said, events=offered, slots={"pending_handoff": True})
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, t, domain())
    said = [m["response"] for m in dispatcher.messages]
    assert said == ["utter_faq/not_in_guide", "utter_offer_handoff"]
    assert SlotSet("pending_handoff", None) not in events


# -- a question from one who came for a person is the case (dev sets BD, BY) ------------


def came_for_person(*before: dict) -> list:
    """A person asked for at once ("我要找人工"), agreed to, a contact given."""
    return [
        *before,
        *offer_of_person("我要找人工"),
        user("嗯", intent="affirm"),
        action("handoff_form"),
        user("test@example.com", intent="inform"),
        action("handoff_form"),
    ]


async def description_after(events: list, latest: dict) -> tuple[dict, list]:
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_description(
        latest["text"], dispatcher, tracker(latest, events=events), domain()
    )
    return result, [m["response"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("企业密码重置的申请单去哪拿", "password_lost"),
        ("单位密码重置申请单在哪里领取", "password_lost"),
        ("单位开通要带什么材料", "documents"),
    ],
)
async def test_a_question_from_one_who_came_for_a_person_is_the_case(text, topic):
    said = parse("faq", text=text, faq=[(topic, 0.99)])
    result, answered = await description_after(came_for_person(), said)
    assert result == {"handoff_description": text} and answered == []


@pytest.mark.parametrize(
    ("intent", "text", "topic", "response"),
    [
        # how to reach the bureau, a social matter, an aside: answered, the case asked again
        ("faq", "你们电话是多少", "contact", "utter_faq/contact"),
        ("faq", "网上办事的网址是什么？", "website", "utter_faq/website"),
        ("out_of_scope_social", "养老金怎么领", None, "utter_out_of_scope_social"),
        ("faq", "对了，改密码在哪改", "change_password", "utter_faq/change_password"),
    ],
)
async def test_a_digression_from_one_who_came_for_a_person_is_answered(
    intent, text, topic, response
):
    said = parse(intent, text=text, faq=[(topic, 0.99)] if topic else None)
    result, answered = await description_after(came_for_person(), said)
    assert result == {"handoff_description": None} and answered == [response]


async def test_a_second_question_after_ones_own_is_answered_not_sent():
    asked = user("个人密码忘了怎么办", intent="faq")
    said = parse("faq", text="单位开通要带什么材料", faq=[("documents", 0.99)])
    result, answered = await description_after(came_for_person(asked), said)
    assert result == {"handoff_description": None}
    assert answered == ["utter_faq/documents"]  # both units' lists


async def test_a_question_whose_words_and_selector_agree_at_the_contact_step_is_answered():
    text = "等一记 你先讲讲那个网址是多少"
    latest = parse("nlu_fallback", text=text, faq=[("website", 0.97)])
    latest["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "out_of_scope", "confidence": 0.36},
    ]
    result, said = await at_step("contact", latest)
    assert result == {"handoff_contact": None} and said == ["utter_faq/website"]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("幺三八零零零零 不对不对 是幺三九零零零零零零零零", "+8613900000000"),
        ("邮箱 test 艾特 example 点 com", "test@example.com"),
    ],
)
async def test_a_contact_read_aloud_or_corrected_as_said_is_taken(text, contact):
    result, said = await at_step("contact", parse("nlu_fallback", text=text))
    assert result == {"handoff_contact": contact} and said == []


async def test_a_bare_no_at_the_contact_step_still_leaves():
    result, _ = await at_step("contact", parse("deny", text="不对不对"))
    assert result["handoff_cancelled"] is True


async def test_a_traditional_message_is_read_as_its_simplified_one_and_sent_as_typed():
    # "其實我想問下網址先" at the contact step: only the site was wanted, so no person
    latest = parse("faq", text="等等，其實我想問下網址先", faq=[("website", 0.9)])
    result, said = await at_step("contact", latest)
    assert said == ["utter_faq/website"] and result["handoff_cancelled"] is True
    # the case itself goes to the agent in the user's own characters
    text = "我個人網上辦事密碼唔記得咗，想問點樣重置"
    result, _ = await at_step("description", parse("faq", text=text, faq=[("password_lost", 0.9)]))
    assert result == {"handoff_description": text}


@pytest.mark.parametrize("text", ["我先问下 开通网上办事收不收费", "用不用本人去窗口"])
async def test_a_question_asked_a_not_a_at_the_contact_step_is_answered(text):
    # DD: "收不收费" asks with no question word, and was called a bad contact
    result, said = await at_step("contact", parse("faq", text=text, faq=[("not_in_guide", 1.0)]))
    assert result == {"handoff_contact": None} and said == ["utter_faq/not_in_guide"]
