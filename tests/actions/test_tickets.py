"""The ticket after the hand-off is read in context (issue 12): "发出去了吗" after a ticket is
its status, whatever the NLU made of it; a guide question read as ticket talk is answered
from the guide; "回复工单：…" said as such is the ticket's whatever is on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime, tickets
from actions.answers import asks_ticket_status, read_after_ticket_talk
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.handoff import ActionOfferHandoff
from actions.tickets import ActionHandoffStatus, ActionTicketReply, is_reply_command, is_ticket_talk
from bot.settings import Settings
from tests.actions.trackers import domain, parse, tracker

STATUS = FollowupAction("action_handoff_status")


def exchange(text: str, intent: str, action: str, *responses: str) -> list[dict]:
    return [
        {"event": "user", "text": text, "parse_data": parse(intent, text=text)},
        {"event": "action", "name": action},
        *[{"event": "bot", "text": "…", "metadata": {"utter_action": r}} for r in responses],
        {"event": "action", "name": "action_listen"},
    ]


SUBMITTED = exchange(
    "上周提交的工单没人回复", "faq", "action_submit_handoff", "utter_handoff_submitted"
)
ANSWERED = exchange("密码忘了怎么办", "faq", "action_answer_faq", "utter_faq/password_lost")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reply store of this test's own, with no ticket in it."""
    runtime.configure(
        Settings.from_env(
            {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}, dotenv=tmp_path / "none"
        )
    )
    monkeypatch.setattr(tickets, "_store", None)
    monkeypatch.setattr(tickets, "_store_ready", False)


async def run(action, t) -> tuple[list[str | None], list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], events


def test_short_questions_whether_the_ticket_went_out():
    assert asks_ticket_status("发出去了吗") and asks_ticket_status("现在发出去了吗")
    assert asks_ticket_status("有人回了没") and asks_ticket_status("工单审核了吗有人回了没")
    assert not asks_ticket_status("我的申报有回复了吗")  # a submission, not the ticket
    assert not asks_ticket_status("发出去以后多久能收到短信通知呢请问一下")  # too long
    assert asks_ticket_status("刚才那个单子发过去了没有啊")  # the ticket named before the verb


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ("发出去了吗", "nlu_fallback", ActionFallback()),
        ("现在发出去了吗", "out_of_scope", ActionOutOfScope()),
    ],
)
async def test_right_after_a_ticket_whether_it_went_out_is_its_status(text, intent, action):
    said, events = await run(action, tracker(parse(intent, text=text), events=SUBMITTED))
    assert said == [] and events == [STATUS]


async def test_with_a_ticket_opened_earlier_it_is_its_status_too():
    t = tracker(
        parse("nlu_fallback", text="发出去了吗"),
        events=SUBMITTED + ANSWERED,
        slots={"last_ticket": "HZ-20261201-ABCDEF"},
    )
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) == [STATUS]
    # Without a ticket in this conversation nor ticket talk before, the reading stands.
    t = tracker(parse("nlu_fallback", text="发出去了吗"), events=ANSWERED)
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) is None


async def test_a_bare_status_question_after_a_ticket_asks_after_the_ticket():
    ticket = {"last_ticket": "HZ-20261201-ABCDEF"}
    t = tracker(
        parse("check_my_progress", text="现在怎么样了"), events=SUBMITTED + ANSWERED, slots=ticket
    )
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) == [STATUS]
    # with a submission on screen it is that submission's, and with none opened, no ticket's
    shown = {**ticket, "selected_submission": "HZ2026112307415"}
    t = tracker(
        parse("check_my_progress", text="现在怎么样了"), events=SUBMITTED + ANSWERED, slots=shown
    )
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) is None
    t = tracker(parse("check_my_progress", text="现在怎么样了"), events=ANSWERED)
    assert await read_after_ticket_talk(CollectingDispatcher(), t, domain()) is None


async def test_the_status_action_itself_is_not_handed_over_again():
    t = tracker(parse("handoff_status", text="发出去了吗"), events=SUBMITTED)
    found = await read_after_ticket_talk(
        CollectingDispatcher(), t, domain(), action="action_handoff_status"
    )
    assert found is None


@pytest.mark.parametrize(
    "text",
    ["我上次转人工的单子有人回了吗", "昨天找客服留了言，现在有人回了没", "之前提交的工单处理了吗"],
)
async def test_a_status_question_naming_an_earlier_hand_off_is_the_tickets(text):
    # A new conversation, no ticket in it: the words alone say which ticket.
    said, events = await run(ActionOfferHandoff(), tracker(parse("request_human", text=text)))
    assert said == [] and events == [STATUS]


def test_a_submission_of_an_earlier_day_is_no_ticket():
    assert not asks_ticket_status("之前提交的申请审核了吗")
    assert not asks_ticket_status("上次交的材料有人看了吗")


def test_ticket_talk_names_a_ticket_a_person_or_a_reply():
    for text in ("客服回我了吗", "等了很久人工还没回", "我的留言处理到哪了", "有人看了吗"):
        assert is_ticket_talk(text), text
    for text in ("缺盖章的工资汇总表，补上传在哪", "个人工资汇总表在哪下载", "被退回了怎么改"):
        assert not is_ticket_talk(text), text


async def test_a_guide_question_read_as_a_ticket_status_is_answered_from_the_guide(store):
    text = "缺盖章的工资汇总表，补上传在哪"
    latest = parse("handoff_status", text=text, faq=[("fix_data", 0.8)])
    said, _ = await run(ActionHandoffStatus(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_a_status_question_with_no_ticket_says_so(store):
    latest = parse("handoff_status", text="我的工单有回复了吗", faq=[("contact", 0.8)])
    said, _ = await run(ActionHandoffStatus(), tracker(latest))
    assert said == ["utter_handoff_no_ticket"]


async def test_how_long_a_person_takes_asked_with_no_ticket_gets_the_way_and_the_offer(store):
    latest = parse("handoff_status", text="转人工要多久才有人回", faq=[("not_in_guide", 1.0)])
    said, events = await run(ActionHandoffStatus(), tracker(latest))
    assert said == ["utter_handoff_reply_time"]
    assert [e.get("name") for e in events if e.get("event") == "followup"] == [
        "action_offer_handoff"
    ]


async def test_a_guide_question_the_selector_is_unsure_of_stays_ticket_talk(store):
    latest = parse("handoff_status", text="补上传在哪", faq=[("fix_data", 0.2)])
    said, _ = await run(ActionHandoffStatus(), tracker(latest))
    assert said == ["utter_handoff_no_ticket"]


def test_a_reply_said_as_such():
    assert is_reply_command("回复工单：好的，我明天把离职证明补上")
    assert is_reply_command("回复工单 HZ-20261201-0QYXNS：我周五下午去窗口办理")
    assert not is_reply_command("材料我已经重新上传了")


async def test_a_reply_not_said_as_such_is_read_in_context(store):
    # A guide question the NLU took for an answer to the agents.
    latest = parse("ticket_reply", text="材料补上传在哪里", faq=[("fix_data", 0.9)])
    said, _ = await run(ActionTicketReply(), tracker(latest))
    assert said == ["utter_faq/fix_data"]
    # A yes to the offer of a person, read as a reply.
    offered = exchange("我要转人工", "request_human", "action_offer_handoff", "utter_offer_handoff")
    t = tracker(parse("ticket_reply", text="好的"), events=offered, slots={"pending_handoff": True})
    _, events = await run(ActionTicketReply(), t)
    assert FollowupAction("handoff_form") in events


@pytest.mark.parametrize("text", ["承蒙答复，谨致谢忱。", "敬请回复，谢谢。"])
async def test_thanks_read_as_a_reply_with_no_ticket_are_thanks(store, text):
    said, _ = await run(ActionTicketReply(), tracker(parse("ticket_reply", text=text)))
    assert said == ["utter_thank"]


async def test_a_reply_said_as_such_goes_to_the_ticket_whatever_is_pending(store):
    offered = exchange("我要转人工", "request_human", "action_offer_handoff", "utter_offer_handoff")
    latest = parse("ticket_reply", text="回复工单：好的", faq=[("fix_data", 0.9)])
    t = tracker(latest, events=offered, slots={"pending_handoff": True})
    said, events = await run(ActionTicketReply(), t)
    assert said == ["utter_handoff_no_ticket"]  # no ticket in this test's store
    assert FollowupAction("handoff_form") not in events
