"""Readings that the development sets DD and DE (and the older sets' failing steps at
stop 54's end) showed missing: a look ordered again, bare."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.chitchat import ActionThank
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCheckProgress
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("action", "intent", "text", "faq"),
    [
        # DE: "再查一次" read as handing in again
        (ActionAnswerFaq, "faq", "再查一次", [("resubmit", 0.61)]),
        # DD: how it stands, asked bare right after the login asked for it
        (ActionAnswerFaq, "faq", "到哪一步了", [("flow", 0.31)]),
        (ActionFallback, "nlu_fallback", "审完了没", None),
    ],
)
async def test_a_bare_look_right_after_the_login_is_the_look_up(
    institution: Session, action, intent, text, faq
):
    t = institution.tracker(intent, text, shown="utter_login_succeeded", faq=faq)
    _, events, _ = await run(action(), t)
    assert FollowupAction("action_check_progress") in events


async def test_a_look_again_after_a_cancel_is_the_list(nonprofit: Session):
    # DE: "再查一下" after "已注销", read as thanks
    t = nonprofit.tracker("thank", "再查一下", shown="utter_cancelled")
    said, events, _ = await run(ActionThank(), t)
    assert "utter_thank" not in said
    assert FollowupAction("action_check_progress") in events


async def test_a_thanks_after_a_cancel_stays_thanks(nonprofit: Session):
    t = nonprofit.tracker("thank", "谢谢", shown="utter_cancelled")
    said, _, _ = await run(ActionThank(), t)
    assert said == ["utter_thank"]


async def test_how_the_one_on_screen_stands_is_not_the_list(institution: Session):
    # the standing asked bare is the look-up only right after the login
    shown = institution.list_page_1[0]["no"]
    t = institution.tracker(
        "faq", "到哪一步了", shown="utter_submission_detail", selected=shown, faq=[("flow", 0.31)]
    )
    _, events, _ = await run(ActionAnswerFaq(), t)
    assert FollowupAction("action_check_progress") not in events


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        # DE: a district's counter and its address, asked first: the guide gives none
        ("西湖区受理点地址", [("not_in_guide", 1.0)], ["utter_faq/not_in_guide"]),
        # where one goes, asked first, is the counter the guide names
        ("受理点在哪", [("open_online", 0.5)], ["utter_where"]),
    ],
)
async def test_a_counters_address_asked_first_is_the_guides_silence(text, faq, said):
    t = tracker(parse("faq", text=text, faq=faq))
    assert (await responses_of(ActionAnswerFaq(), t))[0] == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # DE: what to do about one's own filing sent back, logged out: the guide's way
        ("我们的申报被打回来了咋整", "utter_faq/fix_data"),
        ("我的申报被退回来了怎么办", "utter_faq/fix_data"),
        # why it was sent back is in its details, which need the login
        ("我们事业单位职业年金基数申报被打回来了 咋回事", "utter_login_link"),
    ],
)
async def test_what_to_do_about_ones_own_filing_sent_back_is_the_guides_way(
    tmp_path: Path, text, said
):
    latest = logged_out(tmp_path, parse("check_my_progress", text=text, faq=[("fix_data", 1.0)]))
    assert (await responses_of(ActionCheckProgress(), tracker(latest)))[0] == [said]


@pytest.mark.parametrize(
    ("text", "said", "looks"),
    [
        # CD: why one's own filing was sent back is in its details: the look-up
        ("我们事业单位职业年金基数申报被打回来了 咋回事", [], True),
        # the rule of a 注销 refused stays the rule
        ("我的申报没通过的为啥不能撤", ["utter_faq/fix_data"], False),
    ],
)
async def test_why_ones_own_filing_was_sent_back_is_looked_up(tmp_path: Path, text, said, looks):
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("fix_data", 0.89)]))
    answered, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert answered == said
    assert (FollowupAction("action_check_progress") in events) is looks


async def test_a_person_named_bare_after_never_mind_is_asked_for():
    # CB: "算了 人工吧", read as a no, gave up on nothing: a person is wanted
    from actions.followup import ActionFollowup

    t = tracker(parse("deny", text="算了 人工吧"), events=answered("utter_faq/resubmit"))
    said, events = await responses_of(ActionFollowup(), t)
    assert said == []
    assert FollowupAction("action_offer_handoff") in events
