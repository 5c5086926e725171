"""Readings that development sets AU and AV showed missing."""

from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import asks_about_cancelling
from actions.progress import ActionShowSubmission
from tests.actions.test_followups_in_context import responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import domain, parse, tracker


async def test_the_hours_asked_with_the_lines_number_read_as_a_pick_are_not_in_the_guide(
    tmp_path: Path,
):
    latest = logged_out(
        tmp_path, parse("pick_submission", text="那12333几点有人接", faq=[("contact", 0.6)])
    )
    said, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


def test_a_cancel_weighed_against_a_change_is_asked_about():
    assert asks_about_cancelling("要撤回来伐，还是直接改")
    assert asks_about_cancelling("撤回还是修改")
    assert asks_about_cancelling("改一下还是注销掉")
    # a decision said with 还是 is no question
    assert not asks_about_cancelling("算了还是直接撤了吧")
    assert not asks_about_cancelling("那还是撤回吧")


def test_where_one_can_see_how_far_it_got_is_how_to_check():
    from actions.context import wants_own_progress

    assert not wants_own_progress("去哪里可以看到办到哪一步了", logged_in=False)
    assert not wants_own_progress("在哪能查到审核结果", logged_in=False)
    assert wants_own_progress("帮我看看办到哪一步了", logged_in=False)


async def test_a_type_only_hinted_with_nothing_asked_is_asked_with_its_buttons():
    from actions.faq import ActionAnswerFaq

    latest = parse("inform_applicant_type", text="村委会算不算机关事业单位？")
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker(latest), domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_applicant_type_unsaid"]
    assert len(dispatcher.messages[0]["buttons"]) == 3
