"""The hand-off to 12333's people by e-mail: offer, consent, a form, a ticket, its status.

The form collects a contact and a one-line description; "算了" leaves it at any
step. A question asked at a step is answered and the step asked again, except at the
description step a question handed to the agent ("想问身份证复印件要几份", "问企业…在哪领"),
one about the user's own case, or one said with more ("受理点在哪，想去现场办"): that is
the description (:func:`describes_case`). The applicant type the agent reads is the one the conversation knows, or the
one the description's words give (营业执照, 我们单位…); the form never asks it, since
people expect their ticket once they have said what is wrong. The ticket is written to the outbox
at once and its number given to the user before the mail goes out.

Against abuse (issue 10, finding 8) the ticket is counted against quotas per
conversation, contact and client network in the same transaction; the mail says
whether the contact is verified; and the transcript is only the last turns, with
login links, the user's submissions and personal data left out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import runtime
from actions.answers import (
    MIN_ANSWER_CONFIDENCE,
    advise_shown,
    answer_digression,
    answer_topic,
    answer_whom,
    answered_this_turn,
    applicant_type_of,
    asks_for_batch,
    asks_for_new_ticket,
    asks_for_person,
    asks_which_one_by_status,
    cued_topic,
    looks_at_one_by_status,
    names_documents,
    previous_bot_turn,
)
from actions.confirmation import (
    AnsweringAction,
    accepts_earlier_offer,
    contact_in,
    meant_contact,
    own_phone,
    read_in_mandarin,
    says_own_number,
)
from actions.content import piece
from actions.context import (
    CHECK_PROGRESS,
    SHOWN_RESPONSES,
    asks_reset_form,
    asks_what_now,
    selected_entry,
)
from actions.listing import fetch_one
from actions.names import OFFER_HANDOFF, OFFER_RESPONSE
from actions.portal_session import channel_of, current_link
from actions.topics import (
    asks_beyond_guide,
    asks_what_now_after_return,
    asks_whom,
    disputes_result,
    faq_ranking,
    plain_topic,
    selected_topic,
    topic_of_response,
)
from actions.words import (
    ASIDE_LEAD_SOUNDS,
    ASIDE_LEADS,
    ASIDE_WORDS,
    CLICKED_BUTTON,
    COMPARE_ASK_RE,
    CONTACT_CORRECTION_WORDS,
    COURTESY_WORDS,
    ENGLISH_AGENT_WORDS,
    FOR_THE_AGENT_HEADS,
    FOR_THE_AGENT_WORDS,
    HANDOFF_ITSELF_WORDS,
    HANDOFF_REASONS,
    NOT_KNOWING_RE,
    ONLY_MEANT_TO_ASK_RE,
    OWN_CASE_WORDS,
    PAPER_NEEDED_RE,
    POLITE_ASK_HEADS,
    QUERY_RESULT_WRONG_RE,
    STAFF_REVIEWS_RE,
    SYSTEM_MESSAGE_PREFIX,
)
from actions.yesno import asks_something, clauses, leaves_last, typed_answer, wants_to_leave
from bot.contract import CLIENT_BINDING_KEY, CLIENT_NET_KEY, TWILIO_CHANNELS
from bot.handoff import (
    HandoffCase,
    HandoffQuota,
    PortalIdentity,
    QuotaExceeded,
    SubmissionDetails,
    TranscriptEntry,
    normalise_contact,
)
from bot.handoff.transcript import PROGRESS_OMITTED, last_turns, redact
from bot.nlu.applicant_type import ApplicantType, detect_applicant_type
from portal_client import PortalError, SubmissionStatus

logger = logging.getLogger(__name__)

FORM = "handoff_form"
MAX_DESCRIPTION_CHARS = 200
#: Channels whose ``phone`` metadata Twilio signed for: that number is a verified contact.
VOUCHED_CHANNELS = TWILIO_CHANNELS | {"sms", "voice"}
#: Actions whose answers show the user's submissions or reviewer notes; the mail
#: carries a one-line placeholder instead (login links are cut out by ``redact``).
PROGRESS_ACTIONS = frozenset(
    {
        "action_check_progress",
        "action_show_submission",
        "action_cancel_submission",
        "action_login_event",
        "action_followup",
    }
)
#: Reasons whose hand-off offer starts with a sentence of its own (``utter_handoff_lead_<reason>``).
LEADS = frozenset({"result_wrong", "fallback", "portal_down"})
#: Which quota answer the user gets: their own limit, or the service's.
QUOTA_RESPONSES = {
    "conversation": "utter_handoff_quota",
    "contact": "utter_handoff_quota",
    "network": "utter_handoff_busy",
    "global": "utter_handoff_busy",
}
#: Requests for something else typed at the contact step ("查我的办事进度"): no contact
#: was tried, so the form says what it waits for and how to leave, not "a wrong contact".
OTHER_REQUESTS = frozenset(
    {
        "check_my_progress",
        "pick_submission",
        "cancel_my_submission",
        "login",
        "logout",
        "subscribe_alerts",
        "cancel_alerts",
        "delete_my_data",
        "choose_topic",
        "more",
    }
)
#: Below this the intent is too unsure to call the message a request for something else.
MIN_REQUEST_CONFIDENCE = 0.6
#: Slots the hand-off uses; cleared when it ends, whichever way.
HANDOFF_SLOTS = (
    "handoff_contact",
    "handoff_description",
    "handoff_cancelled",
    "pending_handoff",
    "requested_slot",
)


def is_cancel(text: str) -> bool:
    """ "算了", "不用了 我自己去窗口问吧", "不": the user leaves the hand-off."""
    return wants_to_leave(text) or typed_answer(text) == "no"


def is_yes(text: str) -> bool:
    """ "确认", "对", "好的": the pre-filled answer is right."""
    return typed_answer(text) == "yes" or text.startswith("/affirm")


#: A clause this long or longer, asking nothing, says something of the case ("想去现场办").
MIN_STATEMENT_CHARS = 4


def _states_something(clause: str) -> bool:
    for word in COURTESY_WORDS:
        clause = clause.replace(word, "")
    return (
        len(clause) >= MIN_STATEMENT_CHARS
        and not asks_something(clause)
        and typed_answer(clause) is None
    )


def is_aside(folded: str) -> bool:
    """ "对了，…", "等下，…": a message that sets the form aside for a moment."""
    opening = folded.lower().lstrip(ASIDE_LEAD_SOUNDS)
    return any(word in folded for word in ASIDE_WORDS) or opening.startswith(ASIDE_LEADS)


def describes_case(text: str) -> bool:
    """Whether a message at the description step is the case for the agent, question or not.

    It is when it hands a question to the agent ("想问身份证复印件要几份", "问企业…在哪领",
    "密码重置要带什么想问清楚"), speaks of the user's own case ("我的申报为什么被退回"),
    or says something besides its question ("受理点在哪，想去现场办"). A bare question
    ("养老金怎么领", "要多久回复") or one on the side ("对了，改密码在哪改") is not:
    it is answered and the description asked again.
    """
    parts = clauses(text)
    folded = "".join(parts)
    if is_aside(folded):
        return False
    if any(word in folded for word in FOR_THE_AGENT_WORDS + OWN_CASE_WORDS):
        return True
    if NOT_KNOWING_RE.search(folded):
        return True
    if any(p.startswith(FOR_THE_AGENT_HEADS) and not p.startswith(POLITE_ASK_HEADS) for p in parts):
        return True
    return len(parts) > 1 and any(_states_something(p) for p in parts)


def question_is_the_case(said: list[Any], *, came_for_person: bool) -> bool:
    """Whether a question typed where the case was asked for is the case, by what its
    answer would have been.

    What the guide never says ("协议上要不要盖公章") is the agent's to answer. So is a
    question of how to do something from one who asked for a person before asking
    anything ("我要找人工" … "单位密码重置申请单在哪里领取"): it is why they came (of 105
    questions at this step in the development sets, the writers wanted the ticket for 94;
    the others were asides, the bureau's numbers, a social matter and the windows' hours).
    After a question of their own, another one is a digression, answered, and
    the case asked again; so are small talk, a social matter and a fact told in a line
    (the site's address, the bureau's numbers).
    """
    if said == [NOT_IN_GUIDE]:
        return True
    topics = [topic_of_response(str(response)) for response in said]
    return (
        came_for_person
        and bool(topics)
        and all(topic not in (None, *ONE_LINE_FACTS) for topic in topics)
    )


#: Topics whose answer is a fact in a line, asked on the side even by one who came for a
#: person ("网上办事的网址是什么？" at the description step).
ONE_LINE_FACTS = ("contact", "website")


def asks_for_something_else(message: dict[str, Any]) -> bool:
    """Whether ``message``, typed where a contact was asked for, is a request of another
    kind ("查我的办事进度", "退出登录") and no try at a phone number or an e-mail."""
    text = str(message.get("text") or "")
    if text.startswith("/") or "@" in text or any(c.isdigit() for c in text):
        return False
    intent = message.get("intent") or {}
    return (
        intent.get("name") in OTHER_REQUESTS
        and float(intent.get("confidence") or 0) >= MIN_REQUEST_CONFIDENCE
    )


def typed_text(tracker: Tracker) -> str:
    """The latest message as the user typed it, before any folding for reading it."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return str(event.get("text") or "").strip()
    return latest_text(tracker)


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "").strip()


def request_id_of(tracker: Tracker) -> str | None:
    """The id of the message this turn answers, which keys its ticket in the outbox."""
    message_id = tracker.latest_message.get("message_id")
    return message_id if isinstance(message_id, str) and message_id else None


def last_question(tracker: Tracker) -> str | None:
    """The user's last real question, to pre-fill the description."""
    # Small talk is no case for an agent ("你是机器人吗" first, then the real question).
    skip = {
        "request_human",
        "affirm",
        "deny",
        "handoff_status",
        "login_event",
        "sent_secret",
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "what_can_you_do",
    }
    offered = not any(
        e.get("event") == "action" and e.get("name") == OFFER_HANDOFF for e in tracker.events
    )
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == OFFER_HANDOFF:
            offered = True  # what came after the offer are answers to the form
            continue
        if event.get("event") != "user" or not offered:
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = str(event.get("text") or "").strip()
        if (
            intent in skip
            or not text
            or text.startswith("/")
            or text.startswith(SYSTEM_MESSAGE_PREFIX)
        ):
            continue
        if normalise_contact(text) is not None or is_yes(text):
            continue
        if says_own_number(text) or is_cancel(text):
            continue
        if asks_for_new_ticket(text):  # "那我再提一个": the request, not the question
            continue
        return " ".join(text.split())[:MAX_DESCRIPTION_CHARS]
    return None


class ActionOfferHandoff(AnsweringAction):
    """Says what a hand-off means (an e-mail to 12333, a reply by phone or e-mail) and asks."""

    def name(self) -> str:
        return OFFER_HANDOFF

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reason = tracker.get_slot("handoff_reason")
        text = latest_text(tracker)
        if (
            intent == "result_wrong"
            and disputes_result(text)
            and asks_whom(text)
            and not asks_for_person(text)
        ):
            # "那我要是觉得他们审错了找谁": whom one asks about a result one doubts, which
            # the guide's contacts answer (its first line), not a person offered unasked
            return answer_topic(dispatcher, "contact", applicant_type_of(tracker), domain)
        if intent == "result_wrong" and COMPARE_ASK_RE.search(text):
            topic, confidence = selected_topic(tracker)
            if topic is not None and confidence >= MIN_ANSWER_CONFIDENCE:
                # "查询和申报有什么不一样": two things compared, 不一样 no dispute
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        asked = intent in ("request_human", "result_wrong")
        whom = answer_whom(dispatcher, tracker, domain) if asked else None
        if whom is not None:
            # "那我该找谁", "那通过了的有错我找谁": whom to ask, the guide's answer
            return whom
        if intent == "request_human" and accepts_earlier_offer(tracker):
            # "好 那转吧" after "转之前问一下…" was answered: the offer made before taken up
            return [SlotSet("pending_handoff", None), FollowupAction(FORM)]
        if intent == "result_wrong" and (
            looks_at_one_by_status(text) or asks_which_one_by_status(text)
        ):
            # "再看下驳回那条": a look at the one so named, not a dispute of it
            return [FollowupAction(CHECK_PROGRESS)]
        if asks_for_person(text) and intent != "result_wrong":
            intent = "request_human"  # handed over by another action ("我要转人工，这个需要改")
        elif (
            intent == "result_wrong"
            and PAPER_NEEDED_RE.search(text)
            and names_documents(text.lower())
            and not tracker.get_slot("selected_submission")
        ):
            # "户口本要带伐", read as a dispute: whether a paper is needed, which the list
            # for the user's type answers, or not, for a paper it never names
            paper_topic = "not_in_guide" if asks_beyond_guide(text) else "documents"
            return answer_topic(dispatcher, paper_topic, applicant_type_of(tracker), domain)
        elif (
            intent == "result_wrong"
            and (
                plain_topic(text) == "fix_data"
                # "my application was rejected, what should I do", nothing on screen
                or (
                    asks_what_now_after_return(text) and not tracker.get_slot("selected_submission")
                )
            )
            and not disputes_result(text)
            # "我的参保证明打出来信息不对啊": a query's result disputed, no data to fix
            and not QUERY_RESULT_WRONG_RE.search(text.lower())
        ):
            # "缺的盖章工资汇总表在哪传", read as a dispute: how the missing file goes in
            return answer_topic(dispatcher, "fix_data", applicant_type_of(tracker), domain)
        elif intent == "result_wrong" and await self._advised_instead(dispatcher, tracker, domain):
            # "这个被reject了 我现在能做什么" with it on screen: what its status allows now
            return []
        elif intent == "request_human" and asks_beyond_guide(text):
            # "晚上交的会不会没人审": a 人 of the bureau's hours, no person asked for
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        elif intent in ("request_human", "result_wrong") and asks_reset_form(
            text, tracker.get_slot("last_type_topic")
        ):
            # "那个表格叫啥", "两个申请单是不一样的吧" after the reset, read as a person
            # wanted or a dispute: the reset's answer, which names its form
            return answer_topic(dispatcher, "password_lost", applicant_type_of(tracker), domain)
        elif intent == "request_human" and (topic := self._asked_instead(tracker, text)):
            # "工人木佬佬，一个一个录要死快嘞，有没得一记头弄好的": a grumble, no person
            # asked for, and a question of the guide in it
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        if intent == "result_wrong":
            reason = "result_wrong"
        elif intent == "request_human" and reason not in ("portal_down", "approved_change"):
            reason = "approved_change" if self._approved_selected(tracker) else "request_human"
        elif intent not in ("request_human",):
            reason = reason or "fallback"
        contact = contact_in(text) if intent == "request_human" else None
        if contact is not None and asks_for_person(text):
            # "转人工 我手机13800000000 有人联系我就行": asked for, and the way back given;
            # the form goes on to the case, as after a yes with a number.
            return [
                SlotSet("handoff_reason", reason),
                SlotSet("handoff_contact", contact.value),
                FollowupAction(FORM),
            ]
        lead = piece(domain, f"utter_handoff_lead_{reason}") if reason in LEADS else ""
        dispatcher.utter_message(response=OFFER_RESPONSE, lead=lead)
        return [SlotSet("pending_handoff", True), SlotSet("handoff_reason", reason)]

    @staticmethod
    async def _advised_instead(
        dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> bool:
        """Whether a question of what to do now, with a submission on screen and nothing
        disputed, was answered with its advice."""
        if not asks_what_now(latest_text(tracker)):
            return False
        if not previous_bot_turn(tracker) & SHOWN_RESPONSES:
            return False
        return await advise_shown(dispatcher, tracker, domain) is not None

    @staticmethod
    def _asked_instead(tracker: Tracker, text: str) -> str | None:
        if asks_for_batch(text):
            return "batch"
        if any(w in text.lower() for w in ENGLISH_AGENT_WORDS):
            return "agent_agreement"  # "and the staff member who goes there?"
        if STAFF_REVIEWS_RE.search(text) and asks_something(text):
            # "那增员的要等工作人员审核对伐": the bureau's people as the ones who review,
            # which is what tells a declaration from a query
            return "review_vs_query"
        return cued_topic(text, [t for t, _ in faq_ranking(tracker)])

    @staticmethod
    def _approved_selected(tracker: Tracker) -> bool:
        entry = selected_entry(tracker)
        return entry is not None and entry.get("status") == SubmissionStatus.APPROVED.label


class ValidateHandoffForm(FormValidationAction):
    """Checks each answer of the hand-off form; "算了" ends it at any step."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return ["handoff_contact", "handoff_description"]

    def _cancelled(self) -> dict[str, Any]:
        # Filling every slot ends the form at once; the submit action sees the flag.
        return {
            "handoff_cancelled": True,
            "handoff_contact": "-",
            "handoff_description": "-",
        }

    async def validate_handoff_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        read_in_mandarin(tracker)
        text = latest_text(tracker)
        given = normalise_contact(text) is not None
        if (wants_to_leave(text) and (not given or leaves_last(text))) or (
            is_cancel(text) and not given
        ):
            # "幺三八零零零零 不对不对 是幺三九…": a "不对" before the number meant corrects
            # it, and "算了还是留这吧 150…" takes the 算了 back: the form is left only with
            # no number given, or with the leave said after it
            return self._cancelled()
        if ONLY_MEANT_TO_ASK_RE.search(text):
            # "等下，其实我就是想问密码丢了怎么重置": answered as if asked on its own (the
            # type question too), and no person after all, nor a word more about one.
            answered = await answer_digression(dispatcher, tracker, domain, leaving=True)
            if answered is not None:
                slots = {e["name"]: e["value"] for e in answered if e.get("event") == "slot"}
                return {**self._cancelled(), **slots}
        phone = own_phone(tracker)
        if phone and (says_own_number(text) or is_yes(text)):
            return {"handoff_contact": phone}
        contact = normalise_contact(text)
        if contact is None and not asks_something(text):
            # "他的电话137… 不对 打我的吧 137… 他耳朵不好": the number meant, in its words
            contact = meant_contact(text)
        if contact is None:
            # A question asked meanwhile is answered, then the form asks again.
            if await answer_digression(dispatcher, tracker, domain) is None:
                invalid = not asks_for_something_else(tracker.latest_message)
                response = "utter_handoff_contact_invalid" if invalid else "utter_handoff_waiting"
                dispatcher.utter_message(response=response)
            return {"handoff_contact": None}
        return {"handoff_contact": contact.value}

    async def validate_handoff_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        read_in_mandarin(tracker)  # the case itself is taken as typed (typed_text)
        text = latest_text(tracker)
        corrected = contact_in(text)
        if corrected is not None and any(w in text for w in CONTACT_CORRECTION_WORDS):
            # "哦不对，号码输错了，是139…": the contact corrected, and the case still to say
            # (the form asks it again itself, as after every answer it did not take).
            return {"handoff_contact": corrected.value, "handoff_description": None}
        if wants_to_leave(text):  # a bare "不对" here rejects the pre-filled sentence only
            return self._cancelled()
        prefill = last_question(tracker)
        answer = typed_answer(text)
        if answer == "yes" or text.startswith("/affirm"):
            if prefill:
                return {"handoff_description": prefill}
            return {"handoff_description": None}
        if answer == "no":  # "不对": the pre-filled sentence is wrong, not the hand-off
            return {"handoff_description": None}
        if not describes_case(text):
            scratch = CollectingDispatcher()
            if await answer_digression(scratch, tracker, domain) is not None:
                said = [m.get("response") for m in scratch.messages]
                folded = "".join(clauses(text))
                aside = is_aside(folded) or any(word in folded for word in HANDOFF_ITSELF_WORDS)
                if aside or not question_is_the_case(said, came_for_person=prefill is None):
                    dispatcher.messages.extend(scratch.messages)
                    return {"handoff_description": None}
        description = " ".join(typed_text(tracker).split())
        if len(description) < 2 or description.startswith("/"):
            dispatcher.utter_message(response="utter_handoff_description_invalid")
            return {"handoff_description": None}
        return {"handoff_description": description[:MAX_DESCRIPTION_CHARS]}


def rejects_prefill(tracker: Tracker) -> bool:
    """ "不对" to the sentence put up as the description: it is not offered again."""
    return (
        tracker.get_slot("requested_slot") == "handoff_description"
        and typed_answer(latest_text(tracker)) == "no"
    )


#: The answer to a question the guide does not answer.
NOT_IN_GUIDE = "utter_faq/not_in_guide"


class ActionAskHandoffContact(Action):
    """Asks for a contact, offering the SMS or caller number as the default."""

    def name(self) -> str:
        return "action_ask_handoff_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        phone = own_phone(tracker)
        if phone:
            shown = f"{phone[3:6]}****{phone[-4:]}" if phone.startswith("+86") else phone
            dispatcher.utter_message(response="utter_handoff_ask_contact_own", shown=shown)
        else:
            dispatcher.utter_message(response="utter_handoff_ask_contact")
        return []


class ActionAskHandoffDescription(Action):
    """Offers the user's last question as the description, to confirm or replace."""

    def name(self) -> str:
        return "action_ask_handoff_description"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        prefill = last_question(tracker)
        if prefill and not rejects_prefill(tracker):
            dispatcher.utter_message(
                response="utter_handoff_ask_description_prefilled", prefill=prefill
            )
        else:
            dispatcher.utter_message(response="utter_handoff_ask_description")
        return []


def _button_titles(event: dict[str, Any]) -> dict[str, str]:
    buttons = (event.get("data") or {}).get("buttons") or []
    return {
        str(b.get("payload")): str(b.get("title"))
        for b in buttons
        if isinstance(b, dict) and b.get("payload") and b.get("title")
    }


def transcript(tracker: Tracker) -> tuple[list[TranscriptEntry], list[str]]:
    """The last turns for the agent, redacted, and what the bot said in them.

    Answers of :data:`PROGRESS_ACTIONS` become one :data:`PROGRESS_OMITTED` line; a
    button's payload (``/affirm``) reads as the button's title.
    """
    entries: list[TranscriptEntry] = []
    action: str | None = None
    titles: dict[str, str] = {}
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action":
            action = event.get("name")
            continue
        if kind not in ("user", "bot"):
            continue
        text = str(event.get("text") or "")
        when = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)
        if kind == "bot":
            titles = _button_titles(event) or titles
            if action in PROGRESS_ACTIONS:
                if not (entries and entries[-1].text == PROGRESS_OMITTED):
                    entries.append(TranscriptEntry(when, "bot", PROGRESS_OMITTED))
                continue
        elif text in titles:
            text = f"{CLICKED_BUTTON}{titles[text]}"
        if text:
            entries.append(TranscriptEntry(when, "user" if kind == "user" else "bot", text))
    trimmed = last_turns(entries)
    said = [e.text for e in trimmed if e.speaker == "bot" and e.text != PROGRESS_OMITTED]
    return trimmed, said


def contact_is_verified(tracker: Tracker, contact: str) -> bool:
    """Whether ``contact`` is the number Twilio vouched for on this SMS or voice turn."""
    return channel_of(tracker) in VOUCHED_CHANNELS and own_phone(tracker) == contact


def handoff_quota() -> HandoffQuota:
    """The quotas every hand-off is counted against; the network and hourly ones are settings."""
    settings = runtime.settings()
    return HandoffQuota(
        per_network=settings.handoff_max_per_network, per_hour=settings.handoff_max_per_hour
    )


class ActionSubmitHandoff(Action):
    """Writes the ticket and its mail to the outbox and gives the user the ticket number."""

    def name(self) -> str:
        return "action_submit_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reset = [SlotSet(slot, None) for slot in HANDOFF_SLOTS] + [SlotSet("handoff_reason", None)]
        if tracker.get_slot("handoff_cancelled"):
            if not answered_this_turn(tracker):
                # Left by asking something instead: that answer is the turn's one reply.
                dispatcher.utter_message(response="utter_handoff_cancelled")
            return reset
        contact = normalise_contact(str(tracker.get_slot("handoff_contact") or ""))
        if contact is None:
            dispatcher.utter_message(response="utter_handoff_contact_unusable")
            return reset
        reason_key = tracker.get_slot("handoff_reason") or "request_human"
        category, reason = HANDOFF_REASONS.get(reason_key, HANDOFF_REASONS["request_human"])
        described = detect_applicant_type(str(tracker.get_slot("handoff_description") or ""))
        applicant = tracker.get_slot("applicant_type") or (described.value if described else None)
        identity, submission = await self._portal_context(tracker)
        entries, said = transcript(tracker)
        binding = (tracker.latest_message.get("metadata") or {}).get(CLIENT_BINDING_KEY)
        case = HandoffCase(
            category=category,
            reason=reason,
            channel=channel_of(tracker),
            contact=contact,
            description=redact(str(tracker.get_slot("handoff_description") or "")),
            conversation_id=tracker.sender_id,
            transcript=entries,
            bot_said=said,
            applicant_type=ApplicantType(applicant).label
            if applicant in {t.value for t in ApplicantType}
            else None,
            identity=identity,
            submission=submission,
            contact_verified=contact_is_verified(tracker, contact.value),
            # Only this client is shown the agents' replies (actions/tickets.py, issue 13).
            client_binding=binding if isinstance(binding, str) and binding else None,
        )
        client_net = (tracker.latest_message.get("metadata") or {}).get(CLIENT_NET_KEY)
        try:
            ticket = await (await runtime.ready_outbox()).enqueue(
                case,
                quota=handoff_quota(),
                client_net=client_net if isinstance(client_net, str) and client_net else None,
                request_id=request_id_of(tracker),
            )
        except QuotaExceeded as exc:
            logger.warning("hand-off: %s quota reached, no ticket", exc.limit)
            dispatcher.utter_message(response=QUOTA_RESPONSES.get(exc.limit, "utter_handoff_busy"))
            return reset
        except Exception:
            logger.exception("hand-off: the outbox refused a ticket")
            dispatcher.utter_message(response="utter_handoff_failed")
            return reset
        dispatcher.utter_message(
            response="utter_handoff_submitted", ticket_no=ticket.ticket_no, contact=contact.masked
        )
        return reset + [
            SlotSet("last_ticket", ticket.ticket_no),
            SlotSet("ticket_binding", binding),
        ]

    async def _portal_context(
        self, tracker: Tracker
    ) -> tuple[PortalIdentity | None, SubmissionDetails | None]:
        link = await current_link(tracker)
        if link is None:
            return None, None
        identity = PortalIdentity(link.username, link.display_name, link.account_kind)
        number = tracker.get_slot("selected_submission")
        if not number:
            return identity, None
        try:
            s = await fetch_one(link, number)
        except PortalError:
            return identity, SubmissionDetails(acceptance_no=number)
        return identity, SubmissionDetails(
            acceptance_no=s.acceptance_no,
            item=s.item,
            status=s.status.label,
            business_unit=s.business_unit.name,
            business_unit_phone=s.business_unit.phone,
            submitted_at=s.submitted_at,
            reviewer_note=s.reviewer_note,
        )
