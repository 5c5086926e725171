"""Readings that the development sets of this stop showed missing."""

from rasa_sdk.events import SlotSet

from actions.cancel import wants_cancel
from actions.progress import ActionCancelSubmission
from tests.actions.test_context import Session, person, run  # noqa: F401
from tests.actions.trackers import parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


async def test_a_cancel_denied_of_a_listed_one_names_it_and_asks_no_cancel(
    person: Session,  # noqa: F811
):
    text = "灵活就业那个，没取消的那个"
    said, events, _ = await run(
        ActionCancelSubmission(),
        person.tracker("cancel_my_submission", text, shown="utter_progress_list"),
    )
    assert said == ["utter_submission_detail"], events
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    assert SlotSet("selected_submission", rejected) in events


def test_only_a_cancel_denied_of_those_named_is_set_aside():
    def reads(text):
        return wants_cancel(tracker(parse("cancel_my_submission", text=text)))

    assert not reads("没注销的那条")
    assert not reads("还没撤回的那个增员")
    # a 注销 asked of the one not yet cancelled is still asked
    assert reads("把没取消的那个注销掉")
    assert reads("不注销了")
