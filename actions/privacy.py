"""删除我的对话记录: erase this conversation after an explicit confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ran_this_turn
from actions.cancel import deletes_submission
from actions.confirmation import CANCEL_ACTION, AnsweringAction
from bot.contract import ERASE_ACTION


class ActionConfirmDelete(AnsweringAction):
    """Asks before erasing: the conversation can't be restored."""

    def name(self) -> str:
        return "action_confirm_delete"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        # (never back to the 注销 that sent the turn here: the two would pass it round)
        if (
            not text.startswith("/")
            and deletes_submission(text)
            and not ran_this_turn(tracker, CANCEL_ACTION)
        ):
            # "参保证明打印那个记录 我想删掉": a submission's record, whose 删 is its 注销
            return [FollowupAction(CANCEL_ACTION)]
        dispatcher.utter_message(response="utter_confirm_delete")
        return []


class ActionEraseConversation(Action):
    """Tells the user; the tracker store erases the conversation when it saves this turn."""

    def name(self) -> str:
        return ERASE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_conversation_erased")
        return []
