"""Readings that development sets CF–CI's English and CJ–CM showed missing."""

import pytest

from actions.fallback import ActionFallback
from actions.yesno import acknowledges
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text", ["ok understood", "ok good", "alright", "cool", "kk", "oh i see", "makes sense"]
)
def test_an_answer_taken_in_in_english_is_acknowledged(text):
    assert acknowledges(text)


@pytest.mark.parametrize("text", ["good morning", "not good", "is it fine", "ok but why"])
def test_english_that_asks_or_says_more_is_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [("ok understood", "utter_ack"), ("ok good", "utter_ack"), ("tks", "utter_thank")],
)
async def test_english_taken_in_or_thanks_after_an_answer_unplaced_by_the_nlu(text, said):
    latest = parse("nlu_fallback", text=text)
    responses, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_faq/batch"))
    )
    assert responses == [said]
