"""Readings that development sets AI, M and AM showed missing."""

from rasa_sdk.events import FollowupAction

from actions.chitchat import ActionBotChallenge
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import parse, tracker


async def test_who_hands_out_a_thing_of_the_guide_is_that_question_not_the_bots():
    latest = parse(
        "bot_challenge", text="还是没懂，用户名到底是谁给我", faq=[("open_online", 0.99)]
    )
    said, _ = await responses_of(ActionBotChallenge(), tracker(latest))
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
    assert (said, events) == ([], [FollowupAction("action_login")])
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
