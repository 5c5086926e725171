"""The ticket after the hand-off (issue 13): its state, the agents' replies, the citizen's answer.

- "我的工单" / "工单 HZ-… 怎么样了": the state (处理中 → 已回复 → 已解决) and the
  agents' replies. Only the conversation that opened the ticket sees them, and
  only from the client it was opened from (the same client binding as the login:
  actions/portal_session.py, bot/login/store.py).
- "回复工单：…": the citizen's answer goes to hz12333@hz.gov.cn in the ticket's
  thread (In-Reply-To, References), through the notification outbox.

Both read the message in its context first (issue 12, :class:`AnsweringAction
<actions.confirmation.AnsweringAction>`), and a question about the guide's topics that
names nothing of a ticket ("缺盖章的工资汇总表，补上传在哪") is answered from the guide,
not taken for ticket talk. "回复工单：…" said as such is the ticket's, whatever is on screen.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.answers import (
    MIN_ANSWER_CONFIDENCE,
    answer_topic,
    applicant_type_of,
    asks_after_ticket,
    asks_for_person,
    asks_ticket_status,
    closing_said,
)
from actions.confirmation import AnsweringAction
from actions.context import asks_when
from actions.names import OFFER_HANDOFF
from actions.topics import asks_beyond_guide, selected_topic
from actions.words import NOT_TICKET_CUES, TICKET_CUES, WAITS_FOR_REPLY_RE
from actions.yesno import asks_something
from bot.contract import CLIENT_BINDING_KEY
from bot.handoff.notices import citizen_answer_text, reply_lines
from bot.handoff.outbox import find_ticket_no
from bot.handoff.replies import ReplyStore, TicketNotFound, TicketView, shows_replies

logger = logging.getLogger(__name__)

#: How many of a ticket's latest agent replies the status shows.
SHOWN_REPLIES = 3
_store: ReplyStore | None = None
_store_ready = False


async def reply_store() -> ReplyStore:
    """The action server's store of tickets' threads; its tables made on first use."""
    global _store, _store_ready
    if _store is None:
        _store = ReplyStore.from_settings(runtime.settings())
    if not _store_ready:
        await _store.create_schema()
        _store_ready = True
    return _store


def binding_of(tracker: Tracker) -> str | None:
    binding = (tracker.latest_message.get("metadata") or {}).get(CLIENT_BINDING_KEY)
    return binding if isinstance(binding, str) and binding else None


def replies_block(view: TicketView, most: int = SHOWN_REPLIES) -> str:
    """The latest agent replies, oldest first, each with its time (the agents' own words)."""
    return reply_lines([(r.created_at, r.text, r.attachments) for r in view.agent_replies[-most:]])


async def which_ticket(tracker: Tracker, store: ReplyStore) -> str | None:
    """The ticket named in the message, else the newest one this client opened here."""
    named = find_ticket_no(str(tracker.latest_message.get("text") or ""))
    if named:
        return named
    latest = await store.latest_ticket(tracker.sender_id, binding_of(tracker))
    return latest or tracker.get_slot("last_ticket")


def is_ticket_talk(text: str) -> bool:
    """Whether ``text`` names a ticket, a person or a reply (see :data:`TICKET_CUES`), or
    asks whether it went out ("有人看了吗")."""
    folded = text.lower()
    for words in NOT_TICKET_CUES:
        folded = folded.replace(words, "")
    return any(cue in folded for cue in TICKET_CUES) or asks_ticket_status(text)


def guide_topic_instead(tracker: Tracker) -> str | None:
    """The guide topic of a message read as ticket talk that names nothing of a ticket
    ("缺盖章的工资汇总表，补上传在哪"); ``None`` when it is ticket talk after all."""
    text = str(tracker.latest_message.get("text") or "")
    if not text or text.startswith("/") or is_ticket_talk(text) or asks_after_ticket(tracker):
        return None
    topic, confidence = selected_topic(tracker)
    if topic is None or confidence < MIN_ANSWER_CONFIDENCE:
        return None
    # "单位批准成立文件年代久了找不到怎么办": the selector's topic (the reset, for its 找不到)
    # is near; what is asked is a detail the guide never gives
    return "not_in_guide" if asks_something(text) and asks_beyond_guide(text) else topic


def is_reply_command(text: str) -> bool:
    """ "回复工单：…", "回复工单 HZ-…：…": the citizen's answer said as such."""
    return citizen_answer_text(text) != text.strip()


class ActionHandoffStatus(AnsweringAction):
    """我的工单 / 工单 HZ-… 怎么样了: the ticket's state and the agents' replies."""

    def name(self) -> str:
        return "action_handoff_status"

    def steered(self, tracker: Tracker) -> bool:
        # "我的事有结果了没有" after a ticket, sent here as its status: no other reading
        return not asks_after_ticket(tracker)

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if asks_for_person(text) and not asks_ticket_status(text):
            # "没有工单？那转人工": the ticket asked about is the one to open.
            return [FollowupAction(OFFER_HANDOFF)]
        topic = guide_topic_instead(tracker)
        if topic is not None:
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        store = await reply_store()
        ticket_no = await which_ticket(tracker, store)
        view = (
            await store.view(
                ticket_no, conversation_id=tracker.sender_id, binding=binding_of(tracker)
            )
            if ticket_no
            else None
        )
        if view is None:
            if asks_when(text):
                # "转人工要多久才有人回" before any ticket: how a reply comes, and the offer.
                dispatcher.utter_message(response="utter_handoff_reply_time")
                return [FollowupAction(OFFER_HANDOFF)]
            # Another conversation's ticket looks the same as none at all.
            dispatcher.utter_message(response="utter_handoff_no_ticket")
            return []
        if view.life == "open" or not shows_replies(view.client_binding, binding_of(tracker)):
            # An agent's words only to the client that opened the ticket; anyone else on
            # this conversation id hears the delivery state (the reply went to the contact).
            self._mail_state(dispatcher, view)
            return []
        dispatcher.utter_message(
            response="utter_ticket_resolved" if view.life == "resolved" else "utter_ticket_replied",
            ticket_no=view.ticket_no,
            replies=replies_block(view),
        )
        # Shown now: the channel's next turn need not bring them again.
        await store.mark_shown([m.id for m in view.agent_replies])
        return []

    @staticmethod
    def _mail_state(dispatcher: CollectingDispatcher, view: TicketView) -> None:
        if view.mail_status == "sent":
            dispatcher.utter_message(response="utter_ticket_waiting", ticket_no=view.ticket_no)
        elif view.mail_status == "failed":
            dispatcher.utter_message(
                response="utter_handoff_status_failed", ticket_no=view.ticket_no
            )
        else:
            dispatcher.utter_message(
                response="utter_handoff_status_pending", ticket_no=view.ticket_no
            )


class ActionTicketReply(AnsweringAction):
    """回复工单：…: the citizen's answer to the agents, in the ticket's mail thread.

    Said without "回复工单" the message may be anything the NLU took for an answer to
    the agents: the context reads it first, and a guide question is answered as one.
    """

    def name(self) -> str:
        return "action_ticket_reply"

    def steered(self, tracker: Tracker) -> bool:
        return not is_reply_command(str(tracker.latest_message.get("text") or ""))

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        said = str(tracker.latest_message.get("text") or "")
        topic = None if is_reply_command(said) else guide_topic_instead(tracker)
        if topic is not None:
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        if not is_reply_command(said) and WAITS_FOR_REPLY_RE.match(said.strip().lower()):
            # "那我等回复" after the ticket's status: nothing for the agents, taken in
            dispatcher.utter_message(response="utter_ack")
            return []
        text = citizen_answer_text(said)
        store = await reply_store()
        ticket_no = await which_ticket(tracker, store)
        if not ticket_no:
            # "承蒙答复，谨致谢忱": thanks for the bot's answer, with no ticket to answer
            closing = closing_said(said)
            dispatcher.utter_message(response=closing or "utter_handoff_no_ticket")
            return []
        if len(text) < 2:
            dispatcher.utter_message(response="utter_ticket_answer_empty", ticket_no=ticket_no)
            return []
        try:
            await store.citizen_answer(
                ticket_no, text, conversation_id=tracker.sender_id, binding=binding_of(tracker)
            )
        except TicketNotFound:
            dispatcher.utter_message(response="utter_handoff_no_ticket")
            return []
        except Exception:
            logger.exception("ticket answer: the outbox refused it")
            dispatcher.utter_message(response="utter_ticket_answer_failed")
            return []
        dispatcher.utter_message(response="utter_ticket_answer_sent", ticket_no=ticket_no)
        return []
