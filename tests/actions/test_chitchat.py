"""Small talk is an answering action like any other (issue 12): "what can you do" asked of
the portal is a question of the guide, a thanks carrying a request is the request, and a
pick of the list read as "are you a robot" is the pick (against the portal sandbox:
tests/actions/test_context.py)."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.chitchat import (
    ActionBotChallenge,
    ActionCapabilities,
    ActionGoodbye,
    ActionThank,
    asks_about_portal,
    says_more_than_thanks,
)
from tests.actions.trackers import domain, parse, tracker

CANCEL_ASKED = [
    {"event": "user", "text": "注销第一个", "parse_data": parse("cancel_my_submission")},
    {"event": "action", "name": "action_cancel_submission"},
    {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_confirm_cancel"}},
    {"event": "action", "name": "action_listen"},
]
LISTED = [
    {"n": 1, "no": "HZ2026112307415", "item": "失业登记", "status": "未审核", "date": "2026-11-23"}
]


async def run(action, t) -> list[str | None]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages]


def test_what_can_be_done_is_asked_of_the_portal_or_of_the_bot():
    assert asks_about_portal("哦，那网上办事能查什么")
    assert asks_about_portal("这个系统能办哪些事")
    assert not asks_about_portal("你能做什么")
    assert not asks_about_portal("网上办事你能帮我什么")  # asked of the bot
    assert not asks_about_portal("这里能办什么")


async def test_what_the_portal_can_do_is_the_guides_answer():
    latest = parse("what_can_you_do", text="哦，那网上办事能查什么", faq=[("how_to_operate", 0.7)])
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_faq/how_to_operate"]
    # The selector unsure or elsewhere: "能查什么" names how an item is done (chosen from
    # the list of items), as "能办啥西" does (dev sets BE, BV)
    latest = parse("what_can_you_do", text="哦，那网上办事能查什么", faq=[("documents", 0.19)])
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_faq/how_to_operate"]
    latest = parse("what_can_you_do", text="那网上办事到底能查啥", faq=[("check_progress", 0.9)])
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_faq/how_to_operate"]
    # Nothing named: the guide's seven steps, which say what the portal does.
    latest = parse("what_can_you_do", text="这个系统是干嘛的", faq=[("documents", 0.19)])
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_faq/flow"]


async def test_barely_small_talk_while_the_selector_is_sure_is_the_guides_answer():
    latest = parse("what_can_you_do", text="能查进度吗", faq=[("check_progress", 1.0)])
    latest["intent"]["confidence"] = 0.45
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_faq/check_progress"]
    # Surely small talk: the capabilities, whatever the selector says.
    latest = parse("what_can_you_do", text="有哪些问题可以咨询", faq=[("contact", 1.0)])
    latest["intent"]["confidence"] = 0.99
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_capabilities"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("你能做什么", [("how_to_operate", 0.9)]),  # asked of the bot
        ("网上办事你能帮我查什么", [("how_to_operate", 0.2)]),
        ("你到底能干啥", None),
        ("这里能办什么", [("flow", 0.5)]),
    ],
)
async def test_what_the_bot_can_do_is_its_capabilities(text, faq):
    latest = parse("what_can_you_do", text=text, faq=faq)
    assert await run(ActionCapabilities(), tracker(latest)) == ["utter_capabilities"]


async def test_are_you_a_robot_is_answered_and_a_pending_question_asked_again():
    assert await run(
        ActionBotChallenge(), tracker(parse("bot_challenge", text="你是机器人吗"))
    ) == ["utter_iamabot"]
    t = tracker(
        parse("bot_challenge", text="你是机器人吗"),
        events=CANCEL_ASKED,
        slots={"pending_cancel": "HZ2026112307415", "progress_list": LISTED},
    )
    assert await run(ActionBotChallenge(), t) == ["utter_iamabot", "utter_confirm_cancel"]


def thanked(text: str, *ranking: tuple[str, float]) -> dict:
    latest = parse("thank", text=text)
    latest["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return latest


def test_a_thanks_says_more_when_a_clause_is_not_thanks_a_yes_or_a_filler():
    assert says_more_than_thanks("謝謝，登出") and says_more_than_thanks("谢谢，帮我转人工")
    assert not says_more_than_thanks("谢谢") and not says_more_than_thanks("好的谢谢你")
    assert not says_more_than_thanks("謝謝")


async def test_a_thanks_carrying_a_request_is_the_request():
    latest = thanked("謝謝，登出", ("thank", 0.63), ("logout", 0.34), ("more", 0.01))
    dispatcher = CollectingDispatcher()
    events = await ActionThank().run(dispatcher, tracker(latest), domain())
    assert dispatcher.messages == [] and events == [FollowupAction("action_logout")]
    # A log-out said in so many words is one, however unlikely the NLU found it.
    latest = thanked("謝謝，登出", ("thank", 0.95), ("logout", 0.04))
    dispatcher = CollectingDispatcher()
    events = await ActionThank().run(dispatcher, tracker(latest), domain())
    assert dispatcher.messages == [] and events == [FollowupAction("action_logout")]


@pytest.mark.parametrize(
    "latest",
    [
        thanked("谢谢", ("thank", 0.6), ("logout", 0.38)),  # thanks alone
        thanked("谢谢，我明白了", ("thank", 0.9), ("affirm", 0.05)),  # no request close
    ],
)
async def test_a_thanks_alone_is_answered_as_one(latest):
    assert await run(ActionThank(), tracker(latest)) == ["utter_thank"]


async def test_a_yes_with_thanks_to_a_pending_question_is_a_yes():
    offered = [
        {"event": "user", "text": "转人工", "parse_data": parse("request_human")},
        {"event": "action", "name": "action_offer_handoff"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_offer_handoff"}},
        {"event": "action", "name": "action_listen"},
    ]
    t = tracker(thanked("好的谢谢"), events=offered, slots={"pending_handoff": True})
    events = await ActionThank().run(CollectingDispatcher(), t, domain())
    assert FollowupAction("handoff_form") in events


async def test_a_question_asked_with_a_greeting_is_answered():
    from rasa_sdk.events import FollowupAction

    from actions.chitchat import ActionGreet

    latest = parse("greet", text="你好你好请问你是真人吗还是机器我老眼昏花看不清楚")
    latest["intent_ranking"] = [
        {"name": "greet", "confidence": 0.84},
        {"name": "bot_challenge", "confidence": 0.09},
    ]
    dispatcher = CollectingDispatcher()
    events = await ActionGreet().run(dispatcher, tracker(latest), domain())
    assert dispatcher.messages == [] and events == [FollowupAction("action_bot_challenge")]
    # A greeting alone is greeted.
    latest = parse("greet", text="你好你好")
    latest["intent_ranking"] = latest["intent_ranking"] = [
        {"name": "greet", "confidence": 0.9},
        {"name": "bot_challenge", "confidence": 0.09},
    ]
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, tracker(latest), domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet"]


async def test_a_request_made_with_a_greeting_is_carried_out():
    from actions.chitchat import ActionGreet

    def greeted(text: str, runner_up: str, confidence: float = 0.06):
        latest = parse("greet", text=text)
        latest["intent_ranking"] = [
            {"name": "greet", "confidence": 0.86},
            {"name": "inform_applicant_type", "confidence": 0.07},
            {"name": runner_up, "confidence": confidence},
        ]
        return tracker(latest)

    dispatcher = CollectingDispatcher()
    events = await ActionGreet().run(dispatcher, greeted("您好，我们公司登一下", "login"), domain())
    assert dispatcher.messages == [] and events == [FollowupAction("action_login")]
    # The request must be named in what the greeting leaves: "我想问个问题" is none.
    said = await run(ActionGreet(), greeted("您好，我想问个问题", "login"))
    assert said == ["utter_greet"]
    # A runner-up too unlikely is no request.
    said = await run(ActionGreet(), greeted("您好，我们公司登一下", "login", 0.01))
    assert said == ["utter_greet"]


@pytest.mark.parametrize("text", ["再见", "拜拜啦", "886"])
async def test_a_goodbye_is_answered_as_one(text):
    assert await run(ActionGoodbye(), tracker(parse("goodbye", text=text))) == ["utter_goodbye"]


@pytest.mark.parametrize("text", ["错了 是2", "不是1是3"])
async def test_a_choice_corrected_heard_as_a_goodbye_goes_to_the_menu(text):
    dispatcher = CollectingDispatcher()
    events = await ActionGoodbye().run(dispatcher, tracker(parse("goodbye", text=text)), domain())
    assert dispatcher.messages == [] and events == [FollowupAction("action_fallback")]
