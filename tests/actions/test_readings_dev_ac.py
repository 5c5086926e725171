"""Readings that development set AC (people who change their mind inside a flow, two
tasks in one session, yes and no said at length, partial information) showed missing,
without the portal (those with one logged in are in test_context.py)."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_person
from actions.chitchat import ActionBotChallenge
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那我还是找个人问问", True),
        ("我想找人问一下", True),
        ("真人在吗", True),
        ("那我要真人", True),
        # whether it is a person, or someone to do it for them, is no request for one
        ("你是机器人还是真人", False),
        ("你是真人吗", False),
        ("找人代办可以吗", False),
    ],
)
def test_someone_to_ask_is_a_person_asked_for(text, expected):
    assert asks_for_person(text) is expected


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("那我要真人", True),
        ("你是真人吗", False),
        # "a real person" asked about, not for (and the offer would send it back here)
        ("Are you a real person?", False),
        ("Are you a real person or a bot?", False),
    ],
)
async def test_a_person_asked_for_right_after_the_bots_answer_is_offered(text, offered):
    t = tracker(
        parse("bot_challenge", text=text),
        events=answered("utter_iamabot", "你是机器人还是真人"),
    )
    said, events = await responses_of(ActionBotChallenge(), t)
    if offered:
        assert said == [] and FollowupAction("action_offer_handoff") in events, events
    else:
        assert said == ["utter_iamabot"]


async def test_someone_to_ask_after_an_answer_the_guide_lacks_is_offered():
    from actions.faq import ActionAnswerFaq

    t = tracker(
        parse("faq", text="那我还是找个人问问", faq=[("not_in_guide", 0.9)]),
        events=answered("utter_faq/not_in_guide", "那个重置申请单网上能下载伐"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == [] and FollowupAction("action_offer_handoff") in events, (said, events)


async def test_documents_asked_in_english_after_the_opening_are_the_documents():
    from actions.fallback import ActionFallback

    t = tracker(
        parse("nlu_fallback", text="what documents?", faq=[("documents", 0.45)]),
        events=answered("utter_faq/open_online", "hi, how to open online service"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_ask_applicant_type_documents"]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("那是改一下好还是注销了重报好", True),
        ("改一下还是注销好", True),
        ("网上办还是去窗口办方便", True),
        # a decision, asking nothing
        ("我还是找个人问问好", False),
        ("那还是注销好了", False),
        ("是的我还是想转人工", False),
    ],
)
def test_two_ways_weighed_are_a_question(text, asks):
    from actions.yesno import asks_something

    assert asks_something(text) is asks


@pytest.mark.parametrize(
    ("text", "deletes"),
    [
        ("参保证明打印那条删掉", True),
        ("我那条申报要删掉", True),
        ("不是删聊天记录，是删我交上去的申报，你帮我删", True),
        ("删掉我的聊天记录", False),  # the erasure of the conversation
        ("你们会保存我说的话吗，能删掉吗", False),
        ("不要删那个申报", False),
        ("别删那条", False),
    ],
)
def test_a_submission_deleted_is_told_from_the_conversation_erased(text, deletes):
    from actions.cancel import deletes_submission

    assert deletes_submission(text) is deletes


@pytest.mark.parametrize(
    ("text", "mash"),
    [
        ("asdfgh jkl", True),
        ("qwer", True),
        ("lkj hgf", True),
        ("were here", False),  # words, not runs along the row
        ("piliang chuli", False),
        ("are you a bot", False),
    ],
)
def test_keys_run_along_a_row_are_a_mash(text, mash):
    from actions.fallback import runs_along_rows

    assert runs_along_rows(text) is mash


async def test_a_mash_read_as_out_of_scope_is_not_understood():
    from actions.fallback import ActionOutOfScope

    t = tracker(parse("out_of_scope", text="asdfgh jkl", faq=[("not_in_guide", 0.3)]))
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_suggest_topics"], said
