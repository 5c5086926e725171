"""Readings found on dev sets L to O, each checked as a rule over several wordings."""

import pytest

from actions.answers import asks_for_person
from actions.context import asks_own_submissions, asks_why_no_result
from actions.fallback import ActionFallback
from actions.words import ASKS_WHAT_BOT_DOES_RE
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text",
    [
        "我交的东西一个星期了还没审核！！！到底有没有人在管",
        "前天报的，到现在还没结果",
        "报了蛮久了，还是没消息",
    ],
)
def test_a_wait_complained_of_asks_why_it_waits(text):
    assert asks_why_no_result(text)


@pytest.mark.parametrize("text", ["报了一个星期了还没审核，帮我查下", "到现在还没结果，给我看看"])
def test_a_wait_with_a_look_up_asked_is_the_look_up(text):
    assert not asks_why_no_result(text)


@pytest.mark.parametrize("text", ["登录一下，我要看我们企业的申报", "查下我们厂里的申报"])
def test_a_unit_named_by_its_kind_owns_its_submissions(text):
    assert asks_own_submissions(text)


@pytest.mark.parametrize("text", ["能不能叫个真人给我打电话，我打字太慢了", "让真人来回答"])
def test_a_real_person_called_for(text):
    assert asks_for_person(text)


def test_what_it_can_look_up_is_what_it_does():
    assert ASKS_WHAT_BOT_DOES_RE.search("你能帮我查东西吗？都能查些什么")


async def test_the_weather_is_out_of_scope_not_a_near_topic():
    latest = parse(
        "nlu_fallback", text="对了顺便问下明天杭州下不下雨", faq=[("how_to_operate", 0.4)]
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope"]


async def test_thanks_for_a_reminder_ends_no_alerts():
    from actions.alerts import ActionCancelAlerts

    said, _ = await responses_of(
        ActionCancelAlerts(), tracker(parse("cancel_alerts", text="谢谢提醒"))
    )
    assert said == ["utter_thank"]
