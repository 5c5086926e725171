from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ValidateHandoffForm, is_cancel, last_question, own_phone
from tests.actions.trackers import parse, tracker


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
    assert "算了" in dispatcher.messages[0]["text"]


async def test_cancel_fills_the_form_and_flags_it():
    form = ValidateHandoffForm()
    result = await form.validate_handoff_description(
        "算了", CollectingDispatcher(), tracker(parse("deny", text="算了")), {}
    )
    assert result["handoff_cancelled"] is True
