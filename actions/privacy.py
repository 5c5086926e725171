"""删除我的对话记录: erase this conversation after an explicit confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.retention import ERASE_ACTION


class ActionConfirmDelete(Action):
    """Asks before erasing: the conversation can't be restored."""

    def name(self) -> str:
        return "action_confirm_delete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            text=(
                "确认要删除本次对话的全部记录吗？删除后无法恢复，登录状态也会一并清除。"
                "（已转交人工客服的工单邮件由工作人员按规定保管。）"
            ),
            buttons=[
                {"title": "确认删除", "payload": "/affirm"},
                {"title": "不删除", "payload": "/deny"},
            ],
        )
        return []


class ActionEraseConversation(Action):
    """Tells the user; the tracker store erases the conversation when it saves this turn."""

    def name(self) -> str:
        return ERASE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text="您的对话记录已删除。如需帮助，随时可以再问我。")
        return []
