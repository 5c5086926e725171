"""Yes, no and "more": what they mean depends on the question the bot just asked."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ERASE_CONFIRM_ACTION,
    UNIT_TYPES,
    answer_topic,
    applicant_type_of,
    closing_response,
    fallback_reply,
    named_sure_topic,
    previous_bot_events,
    previous_bot_turn,
    previous_turn_was_fallback,
    show_submission,
    unpointed_reply,
)
from actions.cancel import (
    ASK_WHICH_TO_CANCEL,
    CANCELLABLE_STATUSES,
    ask_cancel,
    orders_cancel,
    wants_cancel,
)
from actions.confirmation import (
    HANDOFF_FORM,
    AnsweringAction,
    accepts_earlier_offer,
    bot_turns_beyond_greeting,
)
from actions.context import show_named_unlisted
from actions.listing import list_page, reference_in
from actions.names import (
    CANCEL_DECLINED,
    CANCEL_PAYLOAD,
    FALLBACK_ACTION,
    HANDOFF_DECLINED,
    SUBMISSION_DETAIL,
)
from actions.portal_session import current_link, offer_login
from actions.references import means_oldest
from actions.topics import answered_topic, asks_beyond_guide, intent_confidence, is_vague
from actions.words import (
    ACK_LEADS,
    CONFIRM_VERBS,
    LIST_AGAIN_WORDS,
    LIST_LOOK_WORDS,
    LOGIN_TROUBLE_WORDS,
    MORE_ONLY_WORDS,
    PERSON_DECLINED_RE,
    POINTING_WORDS,
    PROGRESS_NOUNS,
    QUESTION_MARKS,
)
from actions.yesno import (
    asks_if_not_needed,
    asks_something,
    asks_with_negative_tail,
    typed_answer,
)
from portal_client import PortalError

#: A yes/no/more with nothing pending is taken at its word only above this confidence.
FOLLOWUP_MIN_CONFIDENCE = 0.9


def points_after_miss(tracker: Tracker) -> bool:
    """ "就是那个啊" right after a miss, with nothing on screen to point at."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        any(word in text for word in POINTING_WORDS)
        and not tracker.get_slot("progress_list")
        and not tracker.get_slot("selected_submission")
        and previous_turn_was_fallback(tracker)
    )


#: The erase declined ("好的，不删除").
DECLINED_ERASE = "utter_delete_declined"


def leaves_cancel(tracker: Tracker) -> bool:
    """Whether a bare no ("嗯…算了") answers a 注销 that was on the way: the bot waited to
    be told which one, or showed one that may be cancelled."""
    said = previous_bot_turn(tracker)
    if ASK_WHICH_TO_CANCEL in said:
        return True
    if SUBMISSION_DETAIL not in said:
        return False
    shown = tracker.get_slot("selected_submission")
    items = tracker.get_slot("progress_list") or []
    item = next((i for i in items if isinstance(i, dict) and i.get("no") == shown), None)
    if item is not None:
        return item.get("status") in CANCELLABLE_STATUSES
    # one found beyond the page shown: its details offered the 注销 or not
    return CANCEL_PAYLOAD in offered_payloads(tracker)


def offered_payloads(tracker: Tracker) -> set[str]:
    """The payloads of the buttons the bot's last turn offered."""
    return {
        str(button.get("payload"))
        for event in previous_bot_events(tracker)
        for button in (event.get("data") or {}).get("buttons") or []
    }


class ActionFollowup(AnsweringAction):
    """Yes, no and "more": they mean something only after the question the bot just asked."""

    def name(self) -> str:
        return "action_followup"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # A yes or no to a pending question never gets here (AnsweringAction.run).
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if wants_cancel(tracker) and (
            tracker.get_slot("selected_submission") or reference_in(tracker)
        ):
            # "注销", as the advice of a shown submission says to reply, reads as a yes.
            return await ask_cancel(dispatcher, tracker, domain)
        text = str(tracker.latest_message.get("text") or "")
        if asks_beyond_guide(text):
            # "几点下班" is no "more": a detail the guide never gives.
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        if DECLINED_ERASE in previous_bot_turn(tracker) and any(
            verb in text for verb in CONFIRM_VERBS["erase"]
        ):
            # "还是删了吧" right after "好的，不删除": the erase asked again, to be confirmed.
            return [FollowupAction(ERASE_CONFIRM_ACTION)]
        if orders_cancel(text):
            # "那个申报不要了，帮我撤回" read as a no: the 注销 it orders (login first).
            return [FollowupAction("action_cancel_submission")]
        if intent == "deny" and (asks_with_negative_tail(text) or asks_something(text)):
            # "要钱不" read as a no: a question, asked as "A or not A"; "點解唔通過" asks why;
            # "审过的能撤不" is answered when the selector is sure of its topic.
            return await unpointed_reply(dispatcher, tracker, domain)
        if accepts_earlier_offer(tracker):
            # "要得 转" after a digression let the offer of a person lapse: taken up
            return [SlotSet("pending_handoff", None), FollowupAction(HANDOFF_FORM)]
        if intent == "deny" and any(w in text.lower() for w in LOGIN_TROUBLE_WORDS):
            # "进不去" read as a no, with nothing asked: the portal refuses them, so the
            # guide's ways in
            return [FollowupAction("action_login")]
        closing = closing_response(text) if intent in ("affirm", "deny") else None
        if closing is not None:
            dispatcher.utter_message(response=closing)
            return [SlotSet("pending_cancel", None)]
        if intent == "affirm" and points_after_miss(tracker):
            # "就是那个啊" right after "I am not sure what you mean": still nothing named.
            return await fallback_reply(dispatcher, tracker, domain)
        if (
            intent == "more"
            and not tracker.get_slot("progress_list")
            and any(w in text for w in PROGRESS_NOUNS)
            and any(w in text.lower() for w in LIST_LOOK_WORDS)
        ):
            # "再看下进度" with no list on screen (logged out since): the look-up again.
            return [FollowupAction("action_check_progress")]
        if intent == "more" and tracker.get_slot("progress_list"):
            if means_oldest(text) or reference_in(tracker):
                # "最早交的那个", "那减员的呢" read as more of the list: the one it names
                return await show_submission(dispatcher, tracker, domain)
            named = await show_named_unlisted(dispatcher, tracker, domain)
            if named is not None:
                return named  # "那减员的呢", on a page not shown
            link = await current_link(tracker)
            if link is None:
                return await offer_login(dispatcher, tracker, "progress")
            # "再看一下全部", "回到第一页": the list again from the top.
            restart = any(word in text for word in LIST_AGAIN_WORDS)
            page = 1 if restart else int(tracker.get_slot("progress_page") or 1) + 1
            try:
                return await list_page(dispatcher, link, page, domain)
            except PortalError:
                dispatcher.utter_message(response="utter_portal_down")
                return []
        more_of = named_sure_topic(tracker, MORE_ONLY_WORDS) if intent == "more" else None
        if more_of is not None and not tracker.get_slot("progress_list"):
            # "公司其他材料呢" with no list to page through: more of what it names
            return answer_topic(dispatcher, more_of, applicant_type_of(tracker), domain)
        if (
            intent == "affirm"
            and any(mark in text for mark in QUESTION_MARKS)
            and not bot_turns_beyond_greeting(tracker)
        ):
            # "嗯？？？" as the first words: puzzled, with nothing said yet to agree to, so a
            # miss ("好" right after the record was erased is still taken in)
            return await fallback_reply(dispatcher, tracker, domain)
        if intent == "deny" and asks_if_not_needed(text):
            # "老板不用亲自去吧": whether something is not needed, asked, not a no; read as a
            # question the NLU could not place, in the conversation
            return [FollowupAction(FALLBACK_ACTION)]
        if intent in ("affirm", "deny") and is_vague(text):
            # "啊啊啊不会弄" read as a yes: nothing answered, a miss like any other.
            return await fallback_reply(dispatcher, tracker, domain)
        confidence = intent_confidence(tracker)
        typed = (tracker.latest_message.get("text") or "").startswith("/")
        said = typed_answer(text.lstrip(ACK_LEADS))
        plainly = (intent, said) in (("affirm", "yes"), ("deny", "no"))
        if confidence < FOLLOWUP_MIN_CONFIDENCE and not typed and not plainly:
            # A lone "材料" can look like a yes; with nothing asked, it's a question we missed.
            # "哦那好吧", however unsure the NLU, is a plain yes.
            return await fallback_reply(dispatcher, tracker, domain)
        kind = applicant_type_of(tracker)
        if intent == "more" and answered_topic(tracker) == "documents" and kind in UNIT_TYPES:
            # "还有呢" after a unit's papers: what the guide says next, the agent's own
            # papers and the agreement signed at the counter
            return answer_topic(dispatcher, "agent_agreement", kind, domain)
        response = {"affirm": "utter_ack", "deny": "utter_deny_ack"}.get(
            intent or "", "utter_nothing_more"
        )
        if intent == "deny" and PERSON_DECLINED_RE.search(text):
            # "那我发邮件好了，不用转人工了", the offer set aside for a question: no person
            response = HANDOFF_DECLINED
        elif intent == "deny" and leaves_cancel(tracker):
            # "嗯…算了" when asked which one to cancel, or shown one that may be: no 注销
            response = CANCEL_DECLINED
        dispatcher.utter_message(response=response)
        return [SlotSet("pending_cancel", None)]
