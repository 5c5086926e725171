"""Readings that development set AQ showed missing."""

from rasa_sdk.events import FollowupAction

from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


async def test_a_bare_where_after_the_reset_is_where_the_counter_is():
    slots = {"applicant_type": "individual", "last_type_topic": "password_lost"}
    latest = parse("faq", text="在哪", faq=[("open_online", 0.23), ("website", 0.121)])
    history = answered("utter_password_lost_individual", "个人的")
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=history, slots=slots))
    assert said == ["utter_where_individual"]
    # after an answer that names no counter, it is no counter asked
    history = answered("utter_faq/website", "网址")
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=history, slots=slots))
    assert said != ["utter_where_individual"]


async def test_an_order_to_look_right_after_the_login_is_the_look_up():
    login = [{"event": "bot", "text": "…", "metadata": {"utter_action": "utter_login_succeeded"}}]
    # "好了，你看吧": done (logging in), then the order (development set BB)
    for text in ("查吧", "好的 看看", "好了，你看吧", "弄好了 查吧"):
        latest = parse("affirm", text=text)
        said, events = await responses_of(ActionFollowup(), tracker(latest, events=login))
        assert (said, events) == ([], [FollowupAction("action_check_progress")]), text
    # a yes alone orders nothing
    latest = parse("affirm", text="好的")
    _, events = await responses_of(ActionFollowup(), tracker(latest, events=login))
    assert FollowupAction("action_check_progress") not in events
    # nor an order after another answer than the login's
    latest = parse("affirm", text="好了，你看吧")
    history = answered("utter_faq/fix_data")
    _, events = await responses_of(ActionFollowup(), tracker(latest, events=history))
    assert FollowupAction("action_check_progress") not in events


async def test_where_to_change_right_after_the_password_change_is_that_answer():
    history = answered("utter_faq/change_password", "哦不是忘了，是想改密码")
    latest = parse("faq", text="在哪改", faq=[("fix_data", 0.5), ("change_password", 0.3)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/change_password"]
    # with nothing changed before, the selector's topic stands
    history = answered("utter_faq/website", "网址")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]
