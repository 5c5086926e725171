import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ValidateHandoffForm, is_cancel, last_question, own_phone
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


async def test_a_statement_of_the_case_at_the_description_step_is_the_description():
    # "好几天" counts days; the FAQ the NLU saw in it is not a question asked.
    text = "我的失业登记提交好几天了没人审"
    said = parse("faq", text=text, faq=[("review_vs_query", 0.95)])
    dispatcher = CollectingDispatcher()
    result = await ValidateHandoffForm().validate_handoff_description(
        text, dispatcher, tracker(said), domain()
    )
    assert result == {"handoff_description": text}
    assert dispatcher.messages == []
