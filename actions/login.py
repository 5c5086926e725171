"""Logging in and out of the portal: the link, the login page's report, 退出登录.

A question about logging in ("那我直接能登录吗" after the answer on 市民邮箱) is the
guide's, not a request to log in here (issue 12): only a request to log in, or to see
one's own data, gets the link; a complaint that names nothing ("就是那个网上那个弄不了")
is a miss; and trouble logging in read as a logout ("登录不上去") is no logout.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.answers import MIN_ANSWER_CONFIDENCE, answer_topic, applicant_type_of
from actions.confirmation import AnsweringAction, orders_logout
from actions.context import wants_own_progress
from actions.listing import first_page
from actions.names import FALLBACK_ACTION
from actions.portal_session import (
    CANCEL_REQUEST,
    LOGGED_IN_RESPONSE,
    current_link,
    display_name,
    offer_login,
)
from actions.topics import (
    answered_topic,
    asks_about_logging_in,
    asks_to_log_out,
    is_vague,
    reports_logged_in,
    selected_topic,
)
from actions.words import HOW_WORDS, LOGIN_TROUBLE_WORDS, PROGRESS_NOUNS, WITH_WHAT_WORDS
from bot.contract import LOGIN_OUTCOME_ENTITY
from portal_client import PortalError

#: Guide answers that a question about logging in right after them asks about again.
QUESTION_TOPICS = frozenset({"citizen_mailbox", "login_methods"})

#: The login page's outcomes that a response answers alone, with nothing else to do.
OUTCOME_RESPONSES = {
    "wrong_password": "utter_login_wrong_password",
    "locked": "utter_login_locked",
    "awaiting_code": "utter_login_awaiting_code",
    "wrong_code": "utter_login_wrong_code",
    "no_pending_code": "utter_login_no_pending_code",
}


class ActionLogout(AnsweringAction):
    """退出登录: ends the portal session and forgets it."""

    def name(self) -> str:
        return "action_logout"

    def steered(self, tracker: Tracker) -> bool:
        # "还是未审核啊…帮我登出": the status it names picks nothing.
        return not orders_logout(tracker)

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if not text.startswith("/") and not asks_to_log_out(text):
            # "登录不上去": trouble logging in, not leaving; the guide's answer if sure.
            topic, confidence = selected_topic(tracker)
            if topic is None or confidence < MIN_ANSWER_CONFIDENCE:
                return [FollowupAction(FALLBACK_ACTION)]
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        link = await current_link(tracker)
        if link is None:
            dispatcher.utter_message(response="utter_not_logged_in")
        else:
            try:
                async with runtime.portal() as client:
                    await runtime.within_deadline(client.logout(link.token))
            except PortalError:
                pass  # the local link goes anyway; the portal session expires on its own
            await runtime.login_store().revoke(tracker.sender_id)
            dispatcher.utter_message(response="utter_logged_out")
        return [
            SlotSet("progress_list", None),
            SlotSet("selected_submission", None),
            SlotSet("pending_cancel", None),
            SlotSet("pending_request", None),
        ]


#: What trouble logging in may be answered with from the guide.
LOGIN_TROUBLE_TOPICS = ("login_methods", "password_lost", "change_password")


class ActionLogin(AnsweringAction):
    """The user asks to log in: a link, or who they are logged in as."""

    def name(self) -> str:
        return "action_login"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if not text.startswith("/") and not reports_logged_in(text):
            if is_vague(text):
                return [FollowupAction(FALLBACK_ACTION)]
            compact = "".join(text.lower().split())
            if any(word in text.lower() or word in compact for word in LOGIN_TROUBLE_WORDS):
                # "登录不上去": the portal refuses them; the guide's ways in, or its
                # lost-password answer when the selector reads that.
                topic, confidence = selected_topic(tracker)
                if topic not in LOGIN_TROUBLE_TOPICS or confidence < MIN_ANSWER_CONFIDENCE:
                    topic = "login_methods"
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
            if asks_about_logging_in(text):
                # "市民邮箱用户直接拥有网上办事功能" answers "那我直接能登录吗" after it;
                # "那我怎么登录呢" asks the way, the guide's two ways, whatever came before.
                previous = answered_topic(tracker)
                how = any(word in text.lower() for word in (*HOW_WORDS, *WITH_WHAT_WORDS))
                topic = previous if previous in QUESTION_TOPICS and not how else "login_methods"
                return answer_topic(dispatcher, topic, None, domain)
        link = await current_link(tracker)
        looks = any(w in text for w in PROGRESS_NOUNS) and wants_own_progress(text, logged_in=True)
        if link is not None and (reports_logged_in(text) or looks):
            # "登上了": logged in to see their own submissions, so the list; "登录好了你帮我
            # 看一下进渡" says so at length.
            return await first_page(dispatcher, tracker, link, domain)
        if link is not None:
            dispatcher.utter_message(response="utter_already_logged_in", name=display_name(link))
            return []
        return await offer_login(dispatcher, tracker, "progress")


class ActionLoginEvent(Action):
    """The login page's report on a login: continue the pending question, or explain."""

    def name(self) -> str:
        return "action_login_event"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        outcome = next(tracker.get_latest_entity_values(LOGIN_OUTCOME_ENTITY), None)
        if outcome == "succeeded":
            link = await current_link(tracker)
            if link is None:  # not really logged in: nothing private, and no hint why
                dispatcher.utter_message(response="utter_ask_which_topic")
                return []
            dispatcher.utter_message(response=LOGGED_IN_RESPONSE, name=display_name(link))
            pending = tracker.get_slot("pending_request")
            if pending == CANCEL_REQUEST:
                # "帮我注销一个我们交的申报" before the login: the list, to pick the one from
                listed = await first_page(dispatcher, tracker, link, domain)
                return [*listed, SlotSet("pending_request", CANCEL_REQUEST)]
            if pending == "progress":
                return await first_page(dispatcher, tracker, link, domain)
            dispatcher.utter_message(response="utter_login_ask_what")
            return []
        if outcome in OUTCOME_RESPONSES:
            dispatcher.utter_message(response=OUTCOME_RESPONSES[outcome])
        elif outcome == "too_many":
            dispatcher.utter_message(response="utter_login_too_many")
            applicant = tracker.get_slot("applicant_type")
            dispatcher.utter_message(
                response=f"utter_password_lost_{applicant}"
                if applicant
                else "utter_faq/password_lost"
            )
            return [SlotSet("pending_request", None)]
        elif outcome == "code_exhausted":
            dispatcher.utter_message(response="utter_login_code_exhausted")
            return [SlotSet("pending_request", None)]
        elif outcome == "expired":
            pending = tracker.get_slot("pending_request") or "progress"
            dispatcher.utter_message(response="utter_login_link_stale")
            return await offer_login(dispatcher, tracker, pending)
        return []
