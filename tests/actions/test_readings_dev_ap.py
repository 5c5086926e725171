"""Readings that development set AP showed missing."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_batch, asks_for_person, speaks_for_unit
from actions.chitchat import ActionCapabilities
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.progress import ActionShowSubmission
from actions.references import resolve_reference
from actions.topics import asks_beyond_guide, disputes_result
from actions.yesno import typed_answer
from tests.actions.test_followups_in_context import responses_of
from tests.actions.test_readings_dev_ad import ITEMS
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("12个人增员那笔", "职工参保增员"),
        ("86个人的基数那个", "社保缴费基数申报"),
        # the count and the name must agree, and a count alone of people stays none
        ("3个人增员那笔", None),
        ("这三个人的基数", None),
    ],
)
def test_a_batchs_size_said_before_its_name_points_at_it(text, item):
    found = resolve_reference(text, ITEMS)
    assert (found and found["item"]) == item


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("你让人打电话给我吧", True),
        ("麻烦给我回个电话", True),
        ("请工作人员回个电话", True),
        # what happens, or whether they would, is asked, not a call
        ("审核没过会打电话给我吗", False),
        ("12333电话多少", False),
    ],
)
def test_a_call_back_asked_for_is_a_person(text, asks):
    assert asks_for_person(text) is asks


@pytest.mark.parametrize(
    ("text", "batch"),
    [
        ("这个月入职了8个人，能一次性弄吗", True),
        ("两个人能一起报吗", True),
        ("我一个人能一次弄完吗", False),
        ("开通带3个人去可以一次办吗", False),
    ],
)
def test_a_few_people_at_once_is_the_batch(text, batch):
    assert asks_for_batch(text) is batch


async def test_a_slip_told_after_it_went_in_is_how_to_correct_it():
    text = "就是那个嗯我在网上填的数据填错了然后已经提交上去了"
    latest = parse("faq", text=text, faq=[("how_to_operate", 0.607), ("fix_data", 0.302)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
    # how one operates, with no slip told, stays how one operates
    latest = parse("faq", text="网上填好数据以后怎么提交", faq=[("how_to_operate", 0.8)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/how_to_operate"]


async def test_a_pick_with_nothing_to_pick_from_is_the_topic_it_names(tmp_path: Path):
    latest = logged_out(
        tmp_path, parse("pick_submission", text="12333电话", faq=[("contact", 0.999)])
    )
    said, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert said == ["utter_faq/contact"]
    # a bare number names nothing, however sure the selector
    latest = logged_out(tmp_path, parse("pick_submission", text="2", faq=[("contact", 0.98)]))
    said, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert said != ["utter_faq/contact"]


def test_a_review_judged_wrong_is_disputed():
    assert disputes_result("审核说我身份证复印件不清晰，这判得不对，我传的很清楚")


async def test_how_one_finds_out_the_review_is_done_read_unsure_is_checking_progress():
    latest = parse(
        "nlu_fallback",
        text="那我怎么知道审完没有",
        faq=[("check_progress", 0.853), ("open_online", 0.079)],
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_which_there_are_after_the_login_read_as_what_the_bot_does_is_the_list():
    login = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_login_succeeded"}}]
    latest = parse("what_can_you_do", text="都有哪些")
    said, events = await responses_of(ActionCapabilities(), tracker(latest, events=login))
    assert (said, events) == ([], [FollowupAction("action_check_progress")])
    # with nothing looked at, it is what the bot does
    said, _ = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == ["utter_capabilities"]


async def test_unit_or_person_asked_of_oneself_is_the_opening_for_both_not_a_unit_said():
    text = "我是开小店的个体户，开通网上办事算单位还是个人"
    assert not speaks_for_unit(text)
    assert speaks_for_unit("我们单位开通要准备啥")
    latest = parse("inform_applicant_type", text=text, faq=[("open_online", 0.948)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize(
    ("text", "beyond"),
    [
        ("有没有手机app", True),
        ("浙里办上能弄吗", True),
        ("微信公众号能查进度吗", True),
        # English words of the portal are no app, and a benefit's app is a social matter
        ("我的申请approved了吗", False),
        ("医保app怎么下载", False),
    ],
)
def test_a_channel_besides_the_portal_is_beyond_the_guide(text, beyond):
    assert asks_beyond_guide(text) is beyond


async def test_an_app_asked_for_read_as_out_of_scope_is_beyond_the_guide():
    latest = parse("out_of_scope", text="有没有手机app", faq=[("not_in_guide", 0.997)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_weather_read_as_a_no_is_out_of_scope():
    latest = parse("deny", text="明天杭州下不下雨 工地要不要停", faq=[("not_in_guide", 0.43)])
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_out_of_scope"]
    # a rider's question of the guide is no weather
    latest = parse("faq", text="我是送外卖的 怎么开通网上办事", faq=[("open_online", 0.9)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize(
    ("text", "to_cancel", "to_handoff"),
    [
        ("算了那个留着", "no", None),
        ("还是保留吧", "no", None),
        # to a person offered, keeping is no answer ("电话你们留着吧" keeps the number)
        ("电话你们留着吧", "no", None),
        ("注销吧", "yes", None),
    ],
)
def test_keeping_it_is_the_no_to_a_cancel_only(text, to_cancel, to_handoff):
    assert typed_answer(text, about="cancel") == to_cancel
    assert typed_answer(text, about="handoff") == to_handoff
