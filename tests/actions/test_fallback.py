from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import previous_turn_was_fallback
from actions.fallback import ActionFallback
from tests.actions.trackers import domain, parse, tracker

MISS = parse("nlu_fallback", text="嗯嗯那个", faq=[("flow", 0.2), ("batch", 0.1)])


def earlier(bot_action: str) -> list[dict]:
    return [
        {"event": "user", "text": "啊啊", "parse_data": MISS},
        {"event": "action", "name": bot_action},
        {"event": "bot", "text": "…"},
        {"event": "action", "name": "action_listen"},
    ]


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, t, domain())
    return dispatcher.messages, events


async def test_first_miss_suggests_topics():
    messages, _ = await run(tracker(MISS))
    assert messages[0]["response"] == "utter_suggest_topics"
    assert [b["title"] for b in messages[0]["buttons"]][:2] == [
        "网上办事流程（七步）",
        "单位能批量处理吗",
    ]


async def test_second_miss_in_a_row_offers_the_hand_off():
    messages, events = await run(tracker(MISS, events=earlier("action_fallback")))
    assert not messages
    assert events == [FollowupAction("action_offer_handoff")]


async def test_a_miss_after_an_answer_is_a_first_miss_again():
    assert not previous_turn_was_fallback(tracker(MISS, events=earlier("action_answer_faq")))
    messages, _ = await run(tracker(MISS, events=earlier("action_answer_faq")))
    assert messages[0]["response"] == "utter_suggest_topics"
