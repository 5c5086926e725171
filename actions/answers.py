"""Replies more than one action gives: a guide answer, the two-stage miss, one submission shown.

Plain functions, so that an action that needs another's answer calls the
function rather than the other action's ``run()``. ``fallback_reply`` and
``show_submission`` call each other ("那个" with no list is a miss; a miss that
names a listed submission shows it), which is why they live together. The hand-off
form answers a digression with :func:`answer_digression`, the FAQ action with
:func:`answer_topic`.

Context steers what a message means (issue 12): with a submission on screen, "这个要怎么改"
is about it (:func:`advise_selected`); a type said now re-answers the last
type-dependent question; a turn that already has an answer gets no "I did not
understand" after it (:func:`answered_this_turn`); and after a ticket's status or a
hand-off left, "那我再提一个" is a new ticket and "那你告诉我12333的邮箱" how to reach
12333 (:func:`read_after_ticket_talk`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import (
    ask_cancel,
    asks_about_cancelling,
    asks_to_look,
    deletes_submission,
    wants_cancel,
)
from actions.content import button, piece
from actions.listing import (
    advice_response,
    entry_lines,
    fetch_one,
    first_page,
    list_some,
    newest_items,
    pick_buttons,
    reference_in,
    reference_unlisted,
    show_details,
    unit_values,
)
from actions.names import CANCEL_PAYLOAD, FALLBACK_ACTION, OFFER_HANDOFF
from actions.portal_session import (
    CANCEL_REQUEST,
    LOGGED_IN_RESPONSE,
    current_link,
    offer_login,
    portal_failed,
)
from actions.references import (
    POINTERS,
    acceptance_number,
    acceptance_tail,
    in_time,
    listed_by_name,
    means_oldest,
    narrowed,
    number_of,
    said_when,
    status_named,
)
from actions.topics import (
    APPLICANT_BUTTONS,
    APPLICANT_TYPES,
    TOPIC_TITLES,
    TYPE_DEPENDENT,
    answered_topic,
    applicant_buttons,
    asks_beyond_guide,
    asks_social_matter,
    asks_whom,
    button_payload,
    buttons_before,
    disputes_result,
    faq_ranking,
    plain_topic,
    runners_up,
    selected_topic,
    topic_button,
    topic_of_response,
)
from actions.words import (
    AFTER_WORDS,
    AGENT_WORDS,
    AGREEMENT_WORDS,
    ALERT_WORDS,
    ALL_AT_ONCE_WORDS,
    ALSO_BRING_WORDS,
    BARE_GOODBYES,
    BARE_STATUS_WORDS,
    BATCH_WORDS,
    BESIDES_WORDS,
    BOT_CHALLENGE_WORDS,
    BRING_WORDS,
    BUREAU_NOTIFIES_RE,
    BUSINESS_UNIT_WORD,
    BUTTON_PLACE_RE,
    CAN_CHANGE_WORDS,
    CHANGE_CHAR,
    CLOSING_MARKS,
    CLOSING_TRAIL,
    CLOSING_TRAIL_WORDS,
    COMPARE_WORDS,
    COMPARED_TYPE_GROUPS,
    COMPLAINT_LAST_RE,
    COMPLAINT_LEAD,
    CONFIRM_VERBS,
    CONVERSATION_WORDS,
    COPY_WORDS,
    DOCUMENT_ASK_WORDS,
    DOCUMENT_CUES,
    DONE_WORDS,
    EMOJI_TAIL_RE,
    ENGLISH_AGENT_WORDS,
    ENGLISH_STATUS_WORDS,
    ENGLISH_TICKET_WORDS,
    FILING_STANDING_WORDS,
    FOLLOWUP_TRAIL,
    GENERIC_UNIT_WORDS,
    HOTLINE,
    HOW_TO_FIND_OUT_RE,
    HOW_TO_OPEN_WORDS,
    HOW_WORDS,
    HURRY_WORDS,
    ID_CARD_WORDS,
    IN_ANOTHERS_PLACE_RE,
    INFO_ORDER_RE,
    LINK_ASK_RE,
    LOGIN_BOX_FAILS_RE,
    LOGIN_BOX_RE,
    LOOK_INSTEAD_WORDS,
    LOOK_ORDER_WORDS,
    LOOK_UP_LINK_WORDS,
    LOOK_UP_NAMED,
    MAILBOX_WORDS,
    MANY_RECORDS_RE,
    MATTER_ROUTE_RE,
    MODIFY_WORDS,
    NEEDS_OPENING_RE,
    NEW_TICKET_WORDS,
    NOT_LOST_LEADS,
    NOT_TICKET_WORDS,
    ONLINE_DOING_WORDS,
    ONLY_MEANT_TO_ASK_RE,
    OPENED_ALREADY_RE,
    OPENING_VERBS,
    OPENING_WORDS,
    ORDINAL_RE,
    ORGANISATION_WORDS,
    OTHER_ACCOUNT_WORDS,
    OWN_CASE_WORDS,
    OWN_FILINGS_FILLERS,
    OWN_HANDED_IN_ASKED_RE,
    OWN_OPENING_WORDS,
    OWN_SUBMISSIONS_RE,
    PAPER_ALSO_NEEDED_RE,
    PAPER_FILED_WORDS,
    PAPER_NEEDED_RE,
    PAPERS_MERGED_WORDS,
    PASSWORD_CHANGE_RE,
    PASSWORD_LOST_CUES,
    PASSWORD_NOUN,
    PASSWORD_REMEMBERED_RE,
    PAST_HANDOFF_RE,
    PAUSE_MARKS,
    PERSON_DECLINED_RE,
    PERSON_RE,
    PERSON_WORDS,
    PINYIN_GREETING_RE,
    PLACE_QUESTION_WORDS,
    POINTING_WORDS,
    REACH_12333_WORDS,
    RECORD_WORD,
    REJECTION_TOLD_RE,
    RELATIVE_WORDS,
    REQUEST_WORDS,
    RESET_DONE_WORDS,
    RESET_FORM_WORDS,
    RESET_NOUN,
    RESET_ONLINE_RE,
    RESUBMIT_WORDS,
    SECRET_SENT_RE,
    SECRET_WORDS,
    SELF_BRING_RE,
    SELF_CORRECTION_RE,
    SELF_WORDS,
    SIGN_IN_WORDS,
    SLIP_BESIDE_STATUS_RE,
    SOCIAL_MATTERS,
    STANDING_WORDS,
    START_TO_END_WORDS,
    THANK_WORDS,
    THIRD_BRING_RE,
    THIRD_PERSON_RE,
    THIRD_SELF_BRING_RE,
    TICKET_STATUS_WORDS,
    TICKET_WORDS,
    TROUBLE_THANKS_RE,
    TYPE_DOUBT_WORDS,
    UNIT_OR_PERSON_RE,
    UNIT_WORDS,
    USUAL_ASK_WORDS,
    WEBSITE_WORDS,
    WHEN_DONE_RE,
    WHERE_CUES,
    WHICH_ONE_RE,
    WHO_GOES_RE,
    WHY_WORDS,
    WITHDRAW_WORDS,
    ZH_DIGITS,
)
from actions.yesno import asks_something, clauses
from bot.nlu.text import fold_slips, to_simplified
from portal_client import NotFound, PortalError

#: The action that asks to confirm erasing the conversation (actions/privacy.py).
ERASE_CONFIRM_ACTION = "action_confirm_delete"
#: The bot's "I am not sure what you mean", whichever action said it.
MISSED_RESPONSE = "utter_suggest_topics"
SUGGESTIONS = 3
#: Offered when the NLU ranks no topic at all.
DEFAULT_TOPICS = ("open_online", "documents", "password_lost")
#: Below this ResponseSelector confidence an answer is more likely wrong than right,
#: so the closest topics are offered instead.
MIN_ANSWER_CONFIDENCE = 0.35
#: "不对，是单位": too little after a taking back to read a topic from alone.
MIN_CORRECTED_CHARS = 4
#: "去哪里办": not a topic of its own in the guide, but the 受理点 part of the
#: type-dependent answers (``utter_where_<type>``, ``utter_where`` with no type).
WHERE = "where"
#: "企业和事业单位要带的材料一样吗": the types compared, the guide's documents of every
#: type in one answer (``utter_faq/documents``), whatever type is known.
ALL_DOCUMENTS = "all_documents"
#: "单位和个人开通要带的材料有什么区别": a person and a unit compared, whose documents
#: asked first (the question says they differ by type), whatever type was said before.
WHOSE_DOCUMENTS = "whose_documents"
#: Intents a form step answers before asking again for what it needs.
DIGRESSION_INTENTS = frozenset(
    {"faq", "out_of_scope_social", "out_of_scope", "bot_challenge", "what_can_you_do"}
)
#: Digressions answered by one response of their own.
SMALL_TALK_ANSWERS = {"bot_challenge": "utter_iamabot", "what_can_you_do": "utter_capabilities"}
UNIT_TYPES = ("enterprise", "institution")
#: The citizen mailbox's topic: an individual's way in, which no unit has.
MAILBOX = "citizen_mailbox"
#: The NLU's reading of a message it could not place.
NLU_FALLBACK = "nlu_fallback"
#: A question the intent classifier could not place ("Where do we go to do it?",
#: "你们人工几点上班" at a form step) is answered when the FAQ selector is this sure of
#: its topic and no out-of-scope intent came close.
SURE_UNPLACED_TOPIC = 0.9
#: Letters a pick with nothing to pick from must have left, its pointing words gone, to
#: be read as a question of the guide ("12333电话", not "2").
MIN_NAMED_CHARS = 2
OUT_OF_SCOPE_INTENTS = frozenset({"out_of_scope", "out_of_scope_social"})
#: The bot's answers about tickets and the hand-off (actions/tickets.py, actions/handoff.py):
#: the user's next short message is read against them.
TICKET_TALK = frozenset(
    {
        "utter_handoff_no_ticket",
        "utter_handoff_status_sent",
        "utter_handoff_status_failed",
        "utter_handoff_status_pending",
        "utter_ticket_waiting",
        "utter_ticket_replied",
        "utter_ticket_resolved",
        "utter_handoff_submitted",
        "utter_handoff_cancelled",
        "utter_handoff_declined",
        "utter_handoff_failed",
    }
)
#: "那我自己个人开通呢": a type's turn asked this briefly, after another type's answer.
SHORT_TYPE_FOLLOWUP_CHARS = 12
#: A follow-up this long or shorter ("那我再提一个") is read in the context of ticket talk.
SHORT_TICKET_FOLLOWUP_CHARS = 12
#: "那你告诉我12333的邮箱" may say a little more.
SHORT_REACH_CHARS = 20
STATUS_ACTION = "action_handoff_status"
#: "密码丢了找谁": a whom-question answered by the topic the selector is this sure of.
SURE_WHOM_TOPIC = 0.9


def stated_type(tracker: Tracker) -> str | None:
    """The applicant type said in the latest message (ApplicantTypeExtractor's entity)."""
    stated = next(tracker.get_latest_entity_values("applicant_type"), None)
    if stated is None:
        # "我们是学校 没有营业执照也行吧" after 机关事业单位 was said: a hint (学校) that
        # agrees with the type remembered says it again; one that differs overrides nothing.
        hinted = next(tracker.get_latest_entity_values("applicant_type", "hint"), None)
        stated = hinted if hinted == tracker.get_slot("applicant_type") else None
    return stated if stated in APPLICANT_TYPES else None


def applicant_type_of(tracker: Tracker) -> str | None:
    """The type stated in this message, else the one remembered from earlier, else an
    individual when a relative going in person is asked of, in no unit's conversation."""
    value = stated_type(tracker) or tracker.get_slot("applicant_type")
    if value is None and (relative_goes_in_person(tracker) or same_person_again(tracker)):
        return "individual"
    return value if value in APPLICANT_TYPES else None


def same_person_again(tracker: Tracker) -> bool:
    """ "他要是以后密码忘了呢" right after an individual's answer given for "他": the same
    person, an individual still (the type was never the user's own, so it is not kept)."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        THIRD_PERSON_RE.search(text) is not None
        and not speaks_for_unit(text)
        and types_answered(tracker) == {"individual"}
    )


def relative_goes_in_person(tracker: Tracker) -> bool:
    """ "那她自己去的话要带点什么" after "我妈六十八了…", "她要带啥" after "那我老婆没有
    市民邮箱呢": the relative, an individual."""
    text = str(tracker.latest_message.get("text") or "")
    said_before = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    # "她要带啥" after "那我老婆没有市民邮箱呢": the relative named before, gone bare
    bare = THIRD_BRING_RE.search(text) is not None and any(
        w in said for said in said_before for w in RELATIVE_WORDS
    )
    if not (THIRD_SELF_BRING_RE.search(text) or bare) or any(w in text for w in AGENT_WORDS):
        return False
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        said = str(event.get("text") or "")
        entities = (event.get("parse_data") or {}).get("entities") or []
        if speaks_for_unit(said) or any(
            e.get("entity") == "applicant_type" and e.get("value") != "individual" for e in entities
        ):
            return False  # "我让行政小姑娘去跑 她自己要带什么": the unit's clerk
    return True


def speaks_for_unit(text: str) -> bool:
    """ "我们单位…": a unit, of a kind not said (企业 or 机关事业单位); "算单位还是个人"
    asks which one is, and says neither."""
    if UNIT_OR_PERSON_RE.search(text) or BUSINESS_UNIT_WORD in text:
        return False  # ("业务单位是哪个单位": the office that handles an item, of the guide)
    short = len("".join(text.split())) <= MAX_UNIT_SAYING_CHARS
    return any(word in text for word in UNIT_WORDS) or (
        short and any(word in text for word in ORGANISATION_WORDS)
    )


def unit_buttons(domain: dict[str, Any]) -> list[dict[str, Any]]:
    """The applicant-type buttons without 个人, for a unit that did not say its kind."""
    return [
        button(domain, b["title"], b["payload"])
        for b in APPLICANT_BUTTONS
        if any(t in b["payload"] for t in UNIT_TYPES)
    ]


def answer_topic(
    dispatcher: CollectingDispatcher,
    topic: str,
    applicant_type: str | None,
    domain: dict[str, Any],
    *,
    unit: bool = False,
) -> list[EventType]:
    """Utter the guide's answer for ``topic``, or ask the applicant type first.

    ``unit``: the user speaks for a unit, so only the two unit types are offered.
    """
    if topic == WHERE:
        response = f"utter_where_{applicant_type}" if applicant_type else "utter_where"
        dispatcher.utter_message(response=response)
        return [SlotSet("pending_topic", None)]
    if topic == WHOSE_DOCUMENTS:
        return answer_topic(dispatcher, "documents", None, domain)
    if topic == ALL_DOCUMENTS:
        dispatcher.utter_message(response="utter_faq/documents")
        return [SlotSet("pending_topic", None), SlotSet("last_type_topic", "documents")]
    if topic in TYPE_DEPENDENT:
        if applicant_type is None:
            if unit:
                dispatcher.utter_message(
                    response=f"utter_ask_unit_type_{topic}", buttons=unit_buttons(domain)
                )
            else:
                dispatcher.utter_message(
                    response=f"utter_ask_applicant_type_{topic}", buttons=applicant_buttons(domain)
                )
            # Kept as the last type question too: a digression may clear the pending one.
            return [SlotSet("pending_topic", topic), SlotSet("last_type_topic", topic)]
        dispatcher.utter_message(response=f"utter_{topic}_{applicant_type}")
        return [SlotSet("pending_topic", None), SlotSet("last_type_topic", topic)]
    dispatcher.utter_message(response=f"utter_faq/{topic}")
    return [SlotSet("pending_topic", None)]


#: "我是单位的呢", "那我们单位的": a unit said this shortly says who asks, no more; a
#: longer question of the unit ("那单位名称也改了…") asks something of its own.
MAX_UNIT_SAYING_CHARS = 12


def type_topic_named(tracker: Tracker, text: str) -> str | None:
    """The type-dependent topic that the selector chose and the words name (the papers,
    the password), if any: "我们单位的" names none."""
    topic, sure = selected_topic(tracker)
    if topic not in TYPE_DEPENDENT or sure < MIN_ANSWER_CONFIDENCE:
        return None
    lowered = text.lower()
    named = (
        names_documents(lowered)
        if topic == "documents"
        else any(w in lowered for w in SECRET_WORDS)
    )
    return topic if named else None


def asks_same_for_another_type(tracker: Tracker) -> bool:
    """ "那我自己个人开通呢", "我自己也想开一个" right after the documents (or the reset) of
    another type: the same answer, for the type said now."""
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    stated = stated_type(tracker)
    answered = types_answered(tracker)
    if stated is None and speaks_for_unit(text) and "individual" in answered:
        stated = "unit"  # "那如果是给单位开呢" after an individual's: which unit, asked
    topic = answered_topic(tracker)
    if stated is None or topic not in TYPE_DEPENDENT:
        return False
    if stated in answered or not answered:
        return False
    named = password_topic_said(text) or plain_topic(text)
    return (
        len(text) <= SHORT_TYPE_FOLLOWUP_CHARS
        and any(w in text for w in OPENING_VERBS)
        and named in (None, topic, "open_online")
    )


def reanswer_for_type(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """A type said now ("哦不对，我是单位的，企业") answers the question waiting for it, or
    re-answers the last type-dependent one for the new type; ``None`` if neither."""
    stated = stated_type(tracker)
    topic = tracker.get_slot("pending_topic") or tracker.get_slot("last_type_topic")
    known_unit = applicant_type_of(tracker) in UNIT_TYPES
    if (
        stated is None
        and not known_unit
        and speaks_for_unit(tracker.latest_message.get("text") or "")
    ):
        # "我是单位的": not 个人 any more, but which kind of unit is still to be asked
        # (a unit's kind already known stays: "单位信息里联系人要改" says nothing new).
        if topic in TYPE_DEPENDENT:
            return [SlotSet("applicant_type", None)] + answer_topic(
                dispatcher, topic, None, domain, unit=True
            )
        text = str(tracker.latest_message.get("text") or "")
        named = type_topic_named(tracker, text)
        if named is not None:
            # "单位这边的证件呢", "不好意思按错了。我们单位的网上办事密码忘了": the unit's
            # kind, asked for the topic the words name
            return [SlotSet("applicant_type", None)] + answer_topic(
                dispatcher, named, None, domain, unit=True
            )
        if asks_something(text) and len("".join(text.split())) > MAX_UNIT_SAYING_CHARS:
            return None  # "那单位名称也改了，网上办事要重新开通吗": a question, not a type
        dispatcher.utter_message(response="utter_ask_unit_type", buttons=unit_buttons(domain))
        return [SlotSet("applicant_type", None)]
    if stated in UNIT_TYPES and topic not in TYPE_DEPENDENT and answered_topic(tracker) == MAILBOX:
        # "我们公司的呢 也不用开?" after the mailbox's answer, which is an individual's own
        # way in: a unit opens at the counter
        events = answer_topic(dispatcher, "open_online", stated, domain)
        return [SlotSet("applicant_type", stated), *events]
    opened = answered_topic(tracker) == "open_online"
    if stated is not None and opened and tracker.get_slot("pending_topic") is None:
        # "那就按企业吧 有营业执照" right after how one opens: what that type brings
        events = answer_topic(dispatcher, "documents", stated, domain)
        return [SlotSet("applicant_type", stated), *events]
    if stated is None or topic not in TYPE_DEPENDENT:
        return None
    return [SlotSet("applicant_type", stated)] + answer_topic(dispatcher, topic, stated, domain)


#: "经办人呢": a follow-up this short names the agent and asks nothing else.
SHORT_AGENT_FOLLOWUP_CHARS = 12
#: A unit's lost-password answers, whose papers name the agent's ID card.
UNIT_RESET_ANSWERS = frozenset(
    {"utter_password_lost_enterprise", "utter_password_lost_institution"}
)


def goes_in_anothers_place(text: str) -> bool:
    """ "他本人不去，我去办行吗", "我替老板去": the one who goes for a unit is its agent."""
    return IN_ANOTHERS_PLACE_RE.search(text.lower()) is not None


def sent_for_unit(tracker: Tracker, topic: str | None = None) -> bool:
    """ "老板没空，我替他去可以吗", "我寻个人代我去办好伐", a unit's type known: whoever goes
    in another's place goes as the unit's agent, who signs (the agent's part)."""
    text = str(tracker.latest_message.get("text") or "")
    return goes_in_anothers_place(text) and agents_own_part(tracker, topic)


def asks_reset_papers(tracker: Tracker, topic: str | None) -> bool:
    """ "经办人身份证要复印件吗" right after a unit's lost-password answer: the papers of
    that reset, which name the agent's ID card, not the opening's agreement."""
    if topic not in ("agent_agreement", "documents") or not (
        previous_bot_turn(tracker) & UNIT_RESET_ANSWERS
    ):
        return False
    text = str(tracker.latest_message.get("text") or "")
    lowered = text.lower()
    return (
        len("".join(text.split())) <= SHORT_AGENT_FOLLOWUP_CHARS
        and any(w in lowered for w in (*ID_CARD_WORDS, *COPY_WORDS))
        and not any(w in lowered for w in (*OPENING_WORDS, *AGREEMENT_WORDS))
    )


def agent_speaking_of_self(tracker: Tracker) -> str | None:
    """ "那我本人要带啥" right after a unit's papers: the unit's agent, of their own person
    (the extractor, reading one message, takes 本人 for an individual); the unit's type,
    else ``None``."""
    text = str(tracker.latest_message.get("text") or "")
    if stated_type(tracker) != "individual" or not SELF_BRING_RE.search(text):
        return None
    if any(w in text.lower() for w in OWN_OPENING_WORDS):
        return None
    answered = types_answered(tracker)
    if len(answered) != 1 or not answered <= set(UNIT_TYPES):
        return None
    return next(iter(answered))


def agents_own_part(tracker: Tracker, topic: str | None) -> bool:
    """ "经办人呢", "我是经办人，我自己也要带身份证吗": a unit's type remembered, what its agent
    brings personally and signs (the agreement), not an individual's documents."""
    if tracker.get_slot("applicant_type") not in UNIT_TYPES:
        return False
    text = str(tracker.latest_message.get("text") or "")
    lowered = text.lower()
    if any(w in lowered for w in OPENING_WORDS):
        return False  # "经办人去开通要带什么" is the unit's documents, the agent's included
    if any(w in lowered for w in BESIDES_WORDS):
        return False  # "除了经办人自己的身份证，单位还要带哪些证件": the rest, the unit's
    if goes_in_anothers_place(text):
        return True
    short = len("".join(text.split())) <= SHORT_AGENT_FOLLOWUP_CHARS
    marker = next((m for m in AFTER_WORDS if m in lowered), None)
    if marker is not None:
        # "签完以后怎么登录" asks what comes after the signing, not about it.
        lowered = lowered.rsplit(marker, 1)[1]
    if short and any(w in lowered for w in AGENT_WORDS):
        return True
    if short and WHO_GOES_RE.search(lowered):
        return True  # "得谁去办" after the reset's answer: the unit's agent goes
    # "我本人要带什么，是不是还要签个什么东西": the agent's own ID card, or the signing;
    # "到时候是我去办 我自己要带什么", the unit's type known: what the one going brings
    own_part = any(w in lowered for w in SELF_WORDS) and any(
        w in lowered for w in (*ID_CARD_WORDS, *AGENT_WORDS, *ALSO_BRING_WORDS, *BRING_WORDS)
    )
    # "公司那边去办的人还要带什么": the one who goes, named by the agent's words, however long
    agent_brings = any(w in lowered for w in AGENT_WORDS) and any(
        w in lowered for w in (*ALSO_BRING_WORDS, *BRING_WORDS)
    )
    return topic in ("documents", "open_online") and (own_part or agent_brings)


def answered_this_turn(tracker: Tracker) -> bool:
    """Whether the bot already said something since the user's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def ran_this_turn(tracker: Tracker, action: str) -> bool:
    """Whether ``action`` already ran since the user's latest message (sent back to it by
    another action's reading, which this one's reading sent there)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def names_documents(lowered: str) -> bool:
    """Whether papers are named, a place's words aside ("在哪里" holds no 证)."""
    unplaced = lowered
    for place in PLACE_QUESTION_WORDS:
        unplaced = unplaced.replace(place, "")
    return any(cue in unplaced for cue in DOCUMENT_CUES)


#: The NLU's readings of a request that its words must bear out: read with none of them,
#: while the FAQ selector is sure of a topic, the message asks that topic. Every training
#: example of these intents holds one (tests/actions/test_readings_dev_bh_bi.py).
BORNE_BY: dict[str, tuple[str, ...]] = {
    "check_my_progress": LOOK_UP_NAMED,
    "subscribe_alerts": ALERT_WORDS,
    # an address given for the alerts
    "confirm_alerts": (*ALERT_WORDS, "@"),
    "bot_challenge": BOT_CHALLENGE_WORDS,
    **REQUEST_WORDS,
}
#: How sure the FAQ selector must be of a topic to outweigh a reading not borne out.
SURE_OVER_UNBORNE = 0.9


def asks_listed_paper(text: str) -> bool:
    """ "组织机构代码证一定要吗": whether a paper the guide lists is needed, the user's own
    (an agent's, "那我自己的身份证要带吗") and one merged into another left out."""
    lowered = text.lower()
    needed = PAPER_NEEDED_RE.search(lowered) or PAPER_ALSO_NEEDED_RE.search(lowered)
    return (
        needed is not None
        and names_documents(lowered)
        and not any(
            w in lowered
            for w in (*SELF_WORDS, *AGENT_WORDS, *PAPERS_MERGED_WORDS, *PAPER_FILED_WORDS)
        )
        and not asks_beyond_guide(text)
    )


def unborne_reading(tracker: Tracker) -> bool:
    """ "我们单位mm忘了" read as one's own look-up, "那你告诉我你们的邮箱" as alerts asked
    for, "你们的电话是不是幺二三三三" as whether a person answers: a request that the words
    do not bear out, where the FAQ selector is sure of the topic asked."""
    message = tracker.latest_message
    words = BORNE_BY.get(str((message.get("intent") or {}).get("name")))
    text = str(message.get("text") or "")
    if words is None or text.startswith("/"):
        return False
    folded = to_simplified(text).lower()
    if any(word in folded for word in words) or names_ticket(text):
        return False  # "我这个公单弄好了伐": the ticket's, which its own reading takes
    return selected_topic(tracker)[1] >= SURE_OVER_UNBORNE


def bureau_notifies(tracker: Tracker) -> bool:
    """ "审核完了会发短信通知吗": whether the bureau tells its result, which the guide never
    says; not where one looks instead ("会通知吗还是要自己查"), nor after a ticket, whose
    reply is the hand-off's own answer."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        BUREAU_NOTIFIES_RE.search(text) is not None
        and not any(w in text for w in LOOK_INSTEAD_WORDS)
        and not tracker.get_slot("last_ticket")
    )


def finds_out_how_filing_stands(text: str) -> bool:
    """ "那我怎么知道审完了没", "填好交上去以后我哪能晓得批了没有": how one finds out how a
    filing stands, which the guide answers (办事进度查询), whoever's it is."""
    compact = "".join(text.split())
    return HOW_TO_FIND_OUT_RE.search(compact) is not None and any(
        w in compact for w in FILING_STANDING_WORDS
    )


def asks_for_batch(text: str) -> bool:
    """ "我们要给37个人报基数，能一次弄完吗", "店里十几个服务员 能一下子都报上去伐": many
    records at once, not the opening nor its papers."""
    lowered = OPENED_ALREADY_RE.sub("", text.lower())
    return (
        MANY_RECORDS_RE.search(lowered) is not None
        and any(w in lowered for w in ALL_AT_ONCE_WORDS)
        and not any(word in lowered for word in OPENING_WORDS)
        and not names_documents(lowered)
        # "批量提交的一批申报被打回来了，是能直接改…": the batch's fate told, its fixing asked
        and not REJECTION_TOLD_RE.search(lowered)
    )


#: How sure the NLU must be, second, that "删掉我的记录" asks to erase the conversation.
ERASURE_RUNNER_UP = 0.05


def asks_erasure(tracker: Tracker) -> bool:
    """ "删掉我的记录" read as one's own progress or as nothing: a verb of erasing, no
    submission named, and the NLU's runner-up is the erasure request. The user then hears the erasure's
    confirmation question, never a login link, and nothing is erased without a yes."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or not any(verb in text for verb in CONFIRM_VERBS["erase"]):
        return False
    if SECRET_SENT_RE.search(text.lower()):
        # "刚才不小心把密码发出来了 能删掉吗": what the user typed here, whatever else it names
        return True
    if acceptance_number(text) or deletes_submission(text):
        return False  # "参保证明打印那个记录 我想删掉": a submission's record, its 注销
    if RECORD_WORD in text and not any(word in text for word in NOT_TICKET_WORDS):
        # "诶我怎么把身份证发出来了 把这条记录删掉": the chat's record, the only record
        # here that is not a submission's (those are named: "那条增员记录")
        return True
    if reference_in(tracker):
        return False
    # after the fallback's own entry when the NLU fell back ("删掉我的记录" on another draw)
    depth = 2 if (tracker.latest_message.get("intent") or {}).get("name") == NLU_FALLBACK else 1
    return "delete_my_data" in runners_up(tracker, depth=depth, min_confidence=ERASURE_RUNNER_UP)


def sure_topic_of_unplaced_question(tracker: Tracker) -> str | None:
    """The FAQ topic of a question the NLU fell back on though its FAQ selector is sure."""
    message = tracker.latest_message
    text = str(message.get("text") or "")
    if (message.get("intent") or {}).get("name") != NLU_FALLBACK:
        return None
    if not asks_something(text) and not INFO_ORDER_RE.search(text):
        return None  # "那我打电话问吧 号码给我" orders what it does not ask
    runners_up = [entry.get("name") for entry in (message.get("intent_ranking") or [])[:3]]
    guide_at = runners_up.index("faq") if "faq" in runners_up else len(runners_up)
    if OUT_OF_SCOPE_INTENTS & set(runners_up[:guide_at]):
        # an out-of-scope reading placed before the guide's ("需要哪些证件" with the guide's
        # first is still the guide's)
        return None
    topic, confidence = selected_topic(tracker)
    if topic is None or confidence < SURE_UNPLACED_TOPIC:
        return None
    return topic


async def answer_digression(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    *,
    leaving: bool = False,
) -> list[EventType] | None:
    """Answer a question asked in the middle of a form; ``None`` when it is none.

    A question is a guide topic or an out-of-scope one, asked as a question (a
    description of the user's own case, "信息填错了需要修改", is not a digression).
    """
    text = str(tracker.latest_message.get("text") or "")
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == NLU_FALLBACK and asks_something(text):
        if sure_topic_of_unplaced_question(tracker) is not None:
            intent = "faq"
        elif (told := plain_topic(text)) is not None and told == selected_topic(tracker)[0]:
            # "等一记 你先讲讲那个网址是多少": its words and the selector name one topic,
            # whatever out-of-scope reading came close
            intent = "faq"
        elif (closest := runners_up(tracker, depth=1, min_confidence=0.0)) and (
            closest[0] in OUT_OF_SCOPE_INTENTS
        ):
            # "失业金一个月能领多少" at the contact step, unsure: still not a contact.
            intent = closest[0]
    if not text.startswith("/") and asks_something(text) and asks_social_matter(text):
        # "顺便问下社保缴费基数上下限今年是多少": a social matter's policy, not the guide's
        # silence about the portal
        dispatcher.utter_message(response="utter_out_of_scope_social")
        return []
    if not text.startswith("/") and asks_something(text) and asks_beyond_guide(text):
        # "对了，你们窗口几点下班？" read as a yes: a detail the guide never gives, asked
        # beside the form, whatever the NLU made of it.
        dispatcher.utter_message(response="utter_faq/not_in_guide")
        return []
    if intent not in DIGRESSION_INTENTS or text.startswith("/"):
        return None
    if (
        intent not in SMALL_TALK_ANSWERS
        and not asks_something(text)
        and not ONLY_MEANT_TO_ASK_RE.search(text)  # "其实我想问下网址先": asked, if plainly
        and not INFO_ORDER_RE.search(text)  # "等下 你们官网网址先发我一下": asked as an order
    ):
        return None  # "你是机器人吧" needs no question mark to be small talk
    if intent == "faq":
        topic, confidence = selected_topic(tracker)
        if topic is None or confidence < MIN_ANSWER_CONFIDENCE:
            return None
        if leaving:
            # The form ends with this answer: the type question, if any, stands alone.
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        # The type question would take the form's next answer: answer for all types.
        if topic in TYPE_DEPENDENT and applicant_type_of(tracker) is None:
            dispatcher.utter_message(response=f"utter_faq/{topic}")
            return []
        events = answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        return [e for e in events if e.get("name") != "pending_topic"]
    if intent in SMALL_TALK_ANSWERS:
        dispatcher.utter_message(response=SMALL_TALK_ANSWERS[intent])
        return []
    social = intent == "out_of_scope_social"
    dispatcher.utter_message(
        response="utter_out_of_scope_social" if social else "utter_out_of_scope"
    )
    return []


def ends_closing(text: str) -> bool:
    """ "那我再等等吧，谢谢": the message ends with a thanks or a goodbye."""
    # one trailing character at a time: "谢了哈" ends with 谢了, which a strip of the
    # whole trail ("了" included) would cut down to 谢
    tail = EMOJI_TAIL_RE.sub("", text.lower())
    if is_bare_goodbye(tail) or thanks_for_trouble(tail):
        return True
    while True:
        trailing = next(
            (w for w in CLOSING_TRAIL_WORDS if tail.rstrip(CLOSING_TRAIL).endswith(w)), None
        )
        if trailing is not None:
            tail = tail.rstrip(CLOSING_TRAIL)[: -len(trailing)]
            continue
        if any(tail.endswith(word) for word in (*THANK_WORDS, *DONE_WORDS)):
            return True
        if not tail or tail[-1] not in CLOSING_TRAIL:
            return False
        tail = tail[:-1]


def closing_response(text: str) -> str | None:
    """ "算了，谢谢", "那我再等等吧，谢谢": with nothing asked, thanks or a goodbye."""
    lowered = text.lower()
    if asks_something(text):
        return None  # "好的谢谢，那再问一下网址是多少" goes on with a question
    if any(word in lowered for word in THANK_WORDS) or thanks_for_trouble(lowered):
        return "utter_thank"
    if any(word in lowered for word in DONE_WORDS) or is_bare_goodbye(lowered):
        return "utter_goodbye"
    return None


def thanks_for_trouble(text: str) -> bool:
    """ "好吧 麻烦了": the trouble given, thanked for, at the end ("太麻烦了" complains)."""
    return TROUBLE_THANKS_RE.search(text.rstrip(CLOSING_MARKS)) is not None


def is_bare_goodbye(text: str) -> bool:
    """ "88", "拜～": a goodbye that is the whole message, or its last clause after a
    pause ("好吧 机器人也挺好 拜"; inside a clause, 88 may end a phone number)."""
    last = clauses(text)[-1:] or [text]
    return any(
        "".join(part.split()).lower().rstrip(CLOSING_TRAIL) in BARE_GOODBYES
        for part in {text, last[0]}
    )


def closing_said(text: str) -> str | None:
    """The thanks or goodbye a message ends on with nothing asked ("那我再等等吧，谢谢");
    ``None`` when a closing word only passes in the middle ("谢谢你，不过网址呢")."""
    return closing_response(text) if ends_closing(text) else None


def answer_whom(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "那我该找谁", "who can I call about it": whom to ask, the guide's contacts (a topic
    the selector is sure of, its own: "密码丢了找谁"); ``None`` when not asked so."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_whom(text) or asks_for_person(text):
        return None
    if asks_beyond_guide(text):
        # "…到底要等几天啊，有没有个时限的，超过了找谁": the wait asked first, which the
        # guide never gives, is answered as such (it names 12333 too)
        return None
    topic, confidence = selected_topic(tracker)
    if topic is None or confidence < SURE_WHOM_TOPIC:
        topic = "contact"
    elif (
        topic != "contact"
        and (tracker.latest_message.get("intent") or {}).get("name") == "out_of_scope_social"
    ):
        # "我档案在老家 要转过来找谁": whom to ask of a social matter, which the scope
        # statement says (12333), not a topic of the guide that the selector is sure of
        return None
    return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)


def link_action(text: str) -> str | None:
    """ "发我链接", "登录链接再发一次": the login link asked for, by the action that sends
    it (the look-up's, when progress is named); ``None`` when no link is asked."""
    if not LINK_ASK_RE.search(text.lower()) or asks_something(text):
        return None
    looks_up = any(w in text for w in LOOK_UP_LINK_WORDS)
    return "action_check_progress" if looks_up else "action_login"


def asks_for_person(text: str) -> bool:
    """ "我要转人工，这个需要改", "谁能催一下": the user wants a person, whatever else they say."""
    if text.lstrip().startswith(COMPLAINT_LEAD) and not asks_something(text):
        return True  # "投诉！你们网站老是打不开"; "投诉电话多少" asks a number
    if COMPLAINT_LAST_RE.search(text):
        return True
    text = PERSON_DECLINED_RE.sub("", text)  # "那就不用转人工了，谢谢"
    for words in ENGLISH_AGENT_WORDS:  # "and the staff member who goes there?"
        text = re.sub(re.escape(words), "", text, flags=re.IGNORECASE)
    return any(word in text for word in PERSON_WORDS + HURRY_WORDS) or bool(PERSON_RE.search(text))


def asks_ticket_status(text: str) -> bool:
    """ "发出去了吗", "现在有人回了没": a short question whether the ticket went out."""
    text = "".join(text.split())
    named = names_ticket(text)
    if any(w in text for w in NOT_TICKET_WORDS) and not named:
        return False
    short = len(text) <= SHORT_TICKET_FOLLOWUP_CHARS or named  # "我之前的工单…"
    # the spaces are gone: "any reply" is sought as "anyreply"
    return short and any("".join(w.split()) in text.lower() for w in TICKET_STATUS_WORDS)


def names_ticket(text: str) -> bool:
    """ "我之前的工单", "我上次转人工的单子": the message names a ticket of its own accord."""
    return (
        any(w in text for w in TICKET_WORDS)
        or any(w in text.lower() for w in ENGLISH_TICKET_WORDS)
        or PAST_HANDOFF_RE.search(text) is not None
    )


def asks_bare_status(text: str) -> bool:
    """ "现在怎么样了", "有消息了吗": a short status question that names nothing."""
    text = "".join(text.split()).lower()
    if any(w in text for w in NOT_TICKET_WORDS):
        return False
    return len(text) <= SHORT_TICKET_FOLLOWUP_CHARS and any(w in text for w in BARE_STATUS_WORDS)


def asks_for_new_ticket(text: str) -> bool:
    """ "那我再提一个", "再开一个工单": a short request for another ticket."""
    text = "".join(text.split())
    return len(text) <= SHORT_TICKET_FOLLOWUP_CHARS and any(w in text for w in NEW_TICKET_WORDS)


def previous_bot_events(tracker: Tracker, back: int = 1) -> list[dict[str, Any]]:
    """The bot's messages in answer to the user's previous message (``back=2``: the one
    before it), newest first."""
    said: list[dict[str, Any]] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == back + 1:
                break
        elif users == back and event.get("event") == "bot":
            said.append(event)
    return said


def previous_bot_turn(tracker: Tracker, back: int = 1) -> set[str]:
    """The responses the bot gave to the user's previous message (``back=2``: the one
    before it)."""
    return {
        str((event.get("metadata") or {}).get("utter_action"))
        for event in previous_bot_events(tracker, back)
    }


def types_answered(tracker: Tracker) -> set[str]:
    """The applicant types the bot's previous answer was for (its responses are named
    ``…_enterprise``, ``…_individual``)."""
    return {response.rsplit("_", 1)[-1] for response in previous_bot_turn(tracker)} & set(
        APPLICANT_TYPES
    )


def first_action_of_turn(tracker: Tracker) -> bool:
    """Whether no action but listening has run since the user's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return False
    return True


def asks_after_ticket(tracker: Tracker) -> bool:
    """ "发出去了吗" after ticket talk, or once a ticket was opened in this conversation,
    or naming one; "现在怎么样了", "我提的那个问题到哪一步了" after a ticket with no
    submission on screen: the ticket's status, whatever the NLU and its topics made of it."""
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    if not text or text.startswith("/"):
        return False
    after_talk = bool(previous_bot_turn(tracker) & TICKET_TALK)
    ticket = after_talk or bool(tracker.get_slot("last_ticket"))
    if asks_ticket_status(text) and (ticket or names_ticket(text)):
        return True
    nothing_shown = not tracker.get_slot("progress_list") and not tracker.get_slot(
        "selected_submission"
    )
    # "现在怎么样了" two turns after the ticket: that ticket, not the user's submissions.
    return asks_bare_status(text) and ticket and nothing_shown


async def read_after_ticket_talk(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    *,
    action: str | None = None,
) -> list[EventType] | None:
    """A short follow-up to a ticket's status or a hand-off left, read in that context.

    "那我再提一个" after "no ticket yet" is a new ticket (the offer, as a request for a
    person); "那你告诉我12333的邮箱" after 已取消转人工 is 12333's contacts, unless the NLU
    found another guide topic in it ("市民邮箱怎么注册"); "发出去了吗" after ticket talk,
    or once a ticket was opened in this conversation, is the ticket's status, whatever
    ``action`` the NLU chose. ``None``: not such a follow-up.
    """
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    if not text or text.startswith("/") or not first_action_of_turn(tracker):
        return None
    if asks_after_ticket(tracker):
        return None if action == STATUS_ACTION else [FollowupAction(STATUS_ACTION)]
    after_talk = bool(previous_bot_turn(tracker) & TICKET_TALK)
    if not after_talk:
        return None
    if asks_for_new_ticket(text):
        return [SlotSet("handoff_reason", "request_human"), FollowupAction(OFFER_HANDOFF)]
    if (
        len(text) <= SHORT_REACH_CHARS
        and any(w in text.lower() for w in REACH_12333_WORDS)
        and not any(w in text for w in OWN_CASE_WORDS)  # "我的邮箱写错了": their own
    ):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic, confidence = selected_topic(tracker)
        if intent == "faq" and confidence >= MIN_ANSWER_CONFIDENCE and topic != "contact":
            return None
        return answer_topic(dispatcher, "contact", None, domain)
    return None


def names_own_filings_alone(text: str) -> bool:
    """ "我的记录呢", "我们单位的办事记录给我看看": one's own filings named, nothing asked of
    them."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
    match = OWN_SUBMISSIONS_RE.search(compact)
    if match is None:
        return False
    rest = compact[: match.start()] + compact[match.end() :]
    for word in OWN_FILINGS_FILLERS:
        rest = rest.replace(word, "")
    return not rest


def points_at_selected(tracker: Tracker) -> bool:
    """ "这个要怎么改" with a submission on screen."""
    text = str(tracker.latest_message.get("text") or "")
    return bool(tracker.get_slot("selected_submission")) and any(
        word in text for word in POINTING_WORDS
    )


#: "驳回的是哪个" is short; a long message naming a status and 哪个 tells more.
MAX_WHICH_ONE_CHARS = 12


def looks_at_one_by_status(text: str) -> bool:
    """ "再看下驳回那条": a look ordered at one named by its status, nothing disputed."""
    return (
        any(w in text for w in LOOK_ORDER_WORDS)
        and status_named(text) is not None
        and not disputes_result(text)
        and not asks_something(text)
    )


def asks_which_one_by_status(text: str) -> bool:
    """ "驳回的是哪个": which listed one has the status named, nothing disputed."""
    compact = "".join(text.split())
    return (
        len(compact) <= MAX_WHICH_ONE_CHARS
        and WHICH_ONE_RE.search(compact) is not None
        and status_named(text) is not None
        and not disputes_result(text)
    )


def asks_standing_of_shown(tracker: Tracker) -> bool:
    """ "那它现在是啥状态": how the one on screen stands, pointed at and not named."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        any(w in text for w in POINTING_WORDS)
        and (any(w in text for w in STANDING_WORDS) or WHEN_DONE_RE.search(text) is not None)
        and reference_in(tracker) is None
        and not wants_cancel(tracker)
    )


async def advise_selected(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """What the user may do with the submission on screen, by its status now."""
    if not points_at_selected(tracker):
        return None
    return await advise_shown(dispatcher, tracker, domain)


async def advise_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """The advice of the selected submission's status now; ``None`` when there is none."""
    if not tracker.get_slot("selected_submission"):
        return None
    return await advise(dispatcher, tracker, domain, str(tracker.get_slot("selected_submission")))


async def advise(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], number: str
) -> list[EventType] | None:
    """The advice of submission ``number``'s status now; ``None`` when there is none."""
    link = await current_link(tracker)
    if link is None:
        return None
    try:
        submission = await fetch_one(link, number)
    except NotFound:
        return None
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    values = unit_values(submission)
    note = submission.reviewer_note or piece(domain, "utter_submission_no_note")
    advice = piece(domain, advice_response(submission), note=note, **values)
    buttons = (
        [button(domain, "utter_button_cancel_submission", CANCEL_PAYLOAD)]
        if submission.can_cancel
        else None
    )
    dispatcher.utter_message(
        response="utter_selected_submission_advice",
        buttons=buttons,
        item=values["item"],
        no=values["no"],
        advice=advice,
    )
    return []


def suggestion_buttons(
    tracker: Tracker, domain: dict[str, Any], limit: int = SUGGESTIONS
) -> list[dict[str, Any]]:
    """Buttons for the FAQ topics closest to the latest message."""
    topics = [topic for topic, _ in faq_ranking(tracker)][:limit]
    if not topics:
        topics = list(DEFAULT_TOPICS[:limit])
    return [topic_button(domain, topic) for topic in topics]


def previous_turn_was_fallback(tracker: Tracker) -> bool:
    """Whether the bot's answer to the user's previous message was also a fallback.

    A fallback that answered a topic (a short follow-up of the answer before,
    actions/fallback.py) was no miss.
    """
    user_messages_seen = 0
    fallback_ran = answered = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_messages_seen += 1
            if user_messages_seen == 2:
                break
        elif user_messages_seen == 1:
            said = str((event.get("metadata") or {}).get("utter_action"))
            if event.get("event") == "bot" and said == MISSED_RESPONSE:
                # A miss answered by another action (a low-confidence "嗯…") is a miss too.
                return True
            if event.get("event") == "bot" and topic_of_response(said):
                answered = True
            if event.get("event") == "action" and event.get("name") == FALLBACK_ACTION:
                fallback_ran = True
    return fallback_ran and not answered


def answer_payload(
    dispatcher: CollectingDispatcher, tracker: Tracker, payload: str, domain: dict[str, Any]
) -> list[EventType] | None:
    """Answer as a click on ``payload`` would have: a type, or a topic; ``None`` otherwise."""
    intent, _, raw = payload.lstrip("/").partition("{")
    try:
        values = json.loads("{" + raw) if raw else {}
    except ValueError:
        return None
    if intent == "inform_applicant_type" and values.get("applicant_type") in APPLICANT_TYPES:
        kind = str(values["applicant_type"])
        topic = tracker.get_slot("pending_topic") or tracker.get_slot("last_type_topic")
        if topic not in TYPE_DEPENDENT:
            dispatcher.utter_message(response="utter_applicant_type_noted")
            return [SlotSet("applicant_type", kind)]
        return [SlotSet("applicant_type", kind)] + answer_topic(dispatcher, topic, kind, domain)
    if intent == "choose_topic" and values.get("topic") in TOPIC_TITLES:
        return answer_topic(dispatcher, str(values["topic"]), applicant_type_of(tracker), domain)
    return None


#: "第二个": an ordinal this short picks one of the buttons of the bot's last turn.
MAX_TYPED_CHOICE_CHARS = 5


def typed_button_payload(tracker: Tracker) -> str | None:
    """ "第二个" typed to the bot's buttons (the type question, the topics offered): that
    button's payload; ``None`` when the message is no such pick or there were none."""
    text = "".join(str(tracker.latest_message.get("text") or "").split()).rstrip(FOLLOWUP_TRAIL)
    match = ORDINAL_RE.search(text) if len(text) <= MAX_TYPED_CHOICE_CHARS else None
    place = BUTTON_PLACE_RE.fullmatch(text)
    if match is None and place and (place["first"] or place["last"]):
        buttons = buttons_before(tracker, 1) or []
        return button_payload(buttons, 1 if place["first"] else len(buttons))
    if match is None and len(text) == 1 and (text.isdigit() or text in ZH_DIGITS):
        token = text  # "二" alone: the number of the button
    elif match is None:
        return None
    else:
        token = match.group(1)
    number = number_of(token)
    return button_payload(buttons_before(tracker, 1), number)


async def fallback_reply(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """First miss: the closest topics as buttons. Second miss in a row: offer a person.

    Never after an answer in the same turn: one reply per turn.
    """
    if answered_this_turn(tracker):
        return []
    text = str(tracker.latest_message.get("text") or "")
    if asks_for_person(text):
        return [FollowupAction(OFFER_HANDOFF)]
    if (
        any(w in text for w in CONFIRM_VERBS["erase"])
        and any(w in text for w in CONVERSATION_WORDS)
        or asks_erasure(tracker)
    ):
        # "你们会保存我说的话吗，能删掉吗": the erasure, asked to be confirmed first.
        return [FollowupAction(ERASE_CONFIRM_ACTION)]
    if (
        tracker.get_slot("selected_submission")
        and wants_cancel(tracker)
        and not asks_something(text)
    ):
        # "注销", as the advice of the submission shown says to reply, however it was read;
        # "撤回后那12个人要重新录吗" asks about it.
        return await ask_cancel(dispatcher, tracker, domain)
    if tracker.get_slot("progress_list") and means_oldest(text):
        # "最早的那个" with one on screen: the oldest listed (perhaps on a page not shown),
        # not the one on screen
        return await show_submission(dispatcher, tracker, domain)
    if looks_at_one_by_status(text):
        # "再看下驳回那条" read as nothing: a look at that one (a login first, if need be)
        return [FollowupAction("action_check_progress")]
    if tracker.get_slot("selected_submission") and asks_standing_of_shown(tracker):
        # "刚才那条现在是啥状态" read as nothing: the one on screen as it stands now
        return [FollowupAction("action_check_progress")]
    if names_own_filings_alone(text) or OWN_HANDED_IN_ASKED_RE.search(text):
        # "我的记录呢" read as nothing (or as an erasure), "我们单位提交过哪些事项" read as
        # no topic the selector is sure of: one's own, to look up
        return [FollowupAction("action_check_progress")]
    for contextual in (advise_selected, _reanswer):
        events = await contextual(dispatcher, tracker, domain)
        if events is not None:
            return events
    if tracker.get_slot("progress_list") and reference_in(tracker):
        # "失业登记那个" after a list: the NLU has no intent for every item name
        return await show_submission(dispatcher, tracker, domain)
    typed = typed_button_payload(tracker)
    picked = answer_payload(dispatcher, tracker, typed, domain) if typed else None
    if picked is not None:
        return picked  # "第三个" to the type question, read as a pick of a submission
    closing = closing_said(text)
    if closing is not None:
        # "886" read as a pick with nothing to pick from: a goodbye.
        dispatcher.utter_message(response=closing)
        return []
    if PINYIN_GREETING_RE.fullmatch(text.strip().lower()):
        dispatcher.utter_message(response="utter_greet")
        return []
    if (linked := link_action(text)) is not None:
        # "机构办件查询，发我链接" over SMS: the look-up's login link, or the login's.
        return [FollowupAction(linked)]
    if REJECTION_TOLD_RE.fullmatch("".join(clauses(text))):
        # "被退回了", alone: what one does with a submission sent back, as the guide says.
        return answer_topic(dispatcher, "fix_data", None, domain)
    if previous_turn_was_fallback(tracker):
        return [FollowupAction(OFFER_HANDOFF)]
    dispatcher.utter_message(
        response="utter_suggest_topics", buttons=suggestion_buttons(tracker, domain)
    )
    return []


def picks_to_cancel(tracker: Tracker) -> bool:
    """A pick right after the login that a 注销 asked for brought the list."""
    return tracker.get_slot(
        "pending_request"
    ) == CANCEL_REQUEST and LOGGED_IN_RESPONSE in previous_bot_turn(tracker)


def looks_first(tracker: Tracker) -> bool:
    """ "先看下尾号6741的详情": the one picked is looked at before the 注销 asked earlier."""
    return asks_to_look(str(tracker.latest_message.get("text") or ""))


async def unpointed_reply(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """A pick with no list to pick from ("12333电话" over SMS): the topic the selector is
    sure of, else a miss."""
    if asks_beyond_guide(str(tracker.latest_message.get("text") or "")):
        # "那12333几点有人接", its number read as a pick: the hours the guide never gives
        return answer_topic(dispatcher, "not_in_guide", None, domain)
    topic = named_sure_topic(tracker, POINTERS)
    if topic is not None:
        return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
    return await fallback_reply(dispatcher, tracker, domain)


def named_sure_topic(tracker: Tracker, empty_words: tuple[str, ...]) -> str | None:
    """The topic the selector is sure of, when the message names something beyond
    ``empty_words``: a bare "2", "那个" or "还有呢" names nothing, however sure it is."""
    text = str(tracker.latest_message.get("text") or "").lower()
    for word in empty_words:
        text = text.replace(word, "")
    topic, confidence = selected_topic(tracker)
    named = sum(ch.isalpha() for ch in text) >= MIN_NAMED_CHARS
    return topic if named and topic is not None and confidence >= SURE_UNPLACED_TOPIC else None


async def narrow_list(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "只看未审核的", "10月份报的那两条", with one's list shown: the newest pages'
    submissions of that status or month, to pick from; ``None`` when the message narrows
    nothing or no one is logged in."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or not tracker.get_slot("progress_list") or not narrowed(text, []):
        return None
    if wants_cancel(tracker) or any(
        w in text.lower() for w in (*HOW_WORDS, *WHY_WORDS, *USUAL_ASK_WORDS)
    ):
        # "没通过的那两个能撤吗", "为什么有几条没通过", "两个多月了还没审 正常吗": asked
        # of them, not a look
        return None
    link = await current_link(tracker)
    if link is None:
        return None
    try:
        items = await newest_items(link)
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    found = narrowed(text, items)
    assert found is not None  # the same words narrow any list
    some = found.items
    if len(some) == 1:
        # "只看没过的" with one such: that one, and its note ("看原因" next is about it)
        try:
            submission = await fetch_one(link, some[0]["no"])
        except PortalError as error:
            return await portal_failed(error, dispatcher, tracker, "progress")
        show_details(dispatcher, submission, domain)
        return [SlotSet("selected_submission", submission.acceptance_no)]
    kind, value = ("status", found.status) if found.status is not None else ("month", found.month)
    dispatcher.utter_message(
        response=f"utter_progress_list_{kind}" if some else f"utter_progress_list_no_{kind}",
        buttons=pick_buttons(some) or None,
        count=len(some),
        lines=entry_lines(some, domain),
        **{kind: value},
    )
    if not some:
        return []
    # The list kept for picks gains those shown from beyond its page and loses none: "没通过
    # 的那个呢" right after "已经批了的有哪些" still finds the rejected one.
    shown = tracker.get_slot("progress_list") or []
    known = {e["no"] for e in shown}
    added = [{k: v for k, v in e.items() if k != "more"} for e in some if e["no"] not in known]
    kept = sorted([*shown, *added], key=lambda e: int(e["n"]))
    return [SlotSet("progress_list", kept), SlotSet("selected_submission", None)]


async def show_submission(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """The listed submission the user points at: its status and what they may do next."""
    if picks_to_cancel(tracker) and not looks_first(tracker):
        # "增员那个 4个人的", picked from the list a 注销 asked before the login brought
        return [SlotSet("pending_request", None), *await ask_cancel(dispatcher, tracker, domain)]
    if wants_cancel(tracker) and not asks_about_cancelling(
        str(tracker.latest_message.get("text") or "")
    ):
        return await ask_cancel(dispatcher, tracker, domain)
    link = await current_link(tracker)
    shown = bool(tracker.get_slot("progress_list"))
    if link is None:
        # "那个" with no list shown refers to nothing the bot knows; a 受理编号 does.
        named = acceptance_number(str(tracker.latest_message.get("text") or ""))
        if shown or named:
            return await offer_login(dispatcher, tracker, "progress")
        return await unpointed_reply(dispatcher, tracker, domain)
    try:
        # "没通过的那个" can name one unseen: a status or an acceptance number.
        entry = reference_in(tracker) if shown else await reference_unlisted(tracker, link)
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    number = acceptance_number(str(tracker.latest_message.get("text") or ""))
    if entry is None and number:
        entry = {"no": number}  # beyond the page shown: the portal knows it or says not
    if entry is None and not shown:
        return await unpointed_reply(dispatcher, tracker, domain)
    if entry is None:
        try:
            # "10月9号那个" may be on a page not shown.
            entry = await reference_unlisted(tracker, link)
        except PortalError as error:
            return await portal_failed(error, dispatcher, tracker, "progress")
    text = str(tracker.latest_message.get("text") or "")
    listed = tracker.get_slot("progress_list") or []
    if (
        entry is not None
        and entry.get("no") == tracker.get_slot("selected_submission")
        and asks_something(text)
        and any(w in text.lower() for w in (*MODIFY_WORDS, *CAN_CHANGE_WORDS, CHANGE_CHAR))
    ):
        # "86个人里就3个不对 能只改那3个吗" about the one on screen: what may be done with
        # it now, not its details again
        advised = await advise_shown(dispatcher, tracker, domain)
        if advised is not None:
            return advised
    when = said_when(text)
    if entry is None and when is not None and len(some := in_time(text, listed)) > 1:
        list_some(dispatcher, some, when, domain)
        return []
    if entry is None and acceptance_tail(text):
        # "尾号1234的", no listed one ending so: a slip of the number, so the list to check
        dispatcher.utter_message(response="utter_pick_not_found")
        return await first_page(dispatcher, tracker, link, domain)
    closing = closing_said(text) if entry is None else None
    if closing is not None:
        # "88" with a shorter list on screen: no 88th, so the goodbye it also is
        dispatcher.utter_message(response=closing)
        return []
    if entry is None:
        by_name = listed_by_name(text, listed)
        if len(by_name) > 1 and len({e["item"] for e in by_name}) == 1:
            # "灵活就业那个" with two of that name listed: those two, to say which
            list_some(dispatcher, by_name, str(by_name[0]["item"]), domain)
            return []
        several = len(by_name) > 1
        dispatcher.utter_message(
            response="utter_pick_several" if several else "utter_pick_not_found"
        )
        return []
    try:
        submission = await fetch_one(link, entry["no"])
    except NotFound:
        if entry == {"no": number}:
            # "HZ2026111203915", a digit slipped: not the user's, so their list to check it on
            dispatcher.utter_message(response="utter_pick_not_found")
            return await first_page(dispatcher, tracker, link, domain)
        dispatcher.utter_message(response="utter_submission_gone")
        return []
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    if SLIP_BESIDE_STATUS_RE.search(text) and not disputes_result(text):
        # "还有失业登记那条已经审核通过了，可里面有个信息错了": what may be done with it
        advised = await advise(dispatcher, tracker, domain, submission.acceptance_no)
        if advised is not None:
            return [*advised, SlotSet("selected_submission", submission.acceptance_no)]
    show_details(dispatcher, submission, domain)
    return [SlotSet("selected_submission", submission.acceptance_no)]


async def _reanswer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    return reanswer_for_type(dispatcher, tracker, domain)


def after_self_correction(text: str) -> str:
    """What the user says after taking back what came before ("我密码忘了……不对，密码我
    记得，就是想换一个"); the whole text when nothing is taken back, or too little follows."""
    taken_back = list(SELF_CORRECTION_RE.finditer(text))
    if not taken_back:
        return text
    rest = text[taken_back[-1].end() :]
    return rest if len("".join(rest.split())) >= MIN_CORRECTED_CHARS else text


def _loss_cues(lowered: str) -> Iterator[bool]:
    """For each word of a loss in ``lowered`` ("忘", "丢"…), whether a lead denies it."""
    for cue in PASSWORD_LOST_CUES:
        at = lowered.find(cue)
        while at >= 0:
            # "不是 忘了": a denial spoken with a pause before the loss still denies it
            yield any(lowered[:at].rstrip(PAUSE_MARKS).endswith(n) for n in NOT_LOST_LEADS)
            at = lowered.find(cue, at + 1)


def password_topic_said(text: str) -> str | None:
    """The portal's password said lost or changed in words no ranking moves ("我们公司的
    那个蜜码 忘掉了", "改密码是不是也得…填个申请单", "公积金你管不了是吧，那改密码呢",
    "我密码忘了……不对，密码我记得，就是想换一个"); ``None`` for another service's
    password ("社保卡密码也忘了", "支付宝密码怎么改") or a loss denied with nothing more
    ("不是忘了密码，是想换一个")."""
    lowered = fold_slips(after_self_correction(text).lower())
    if PASSWORD_NOUN not in lowered or names_others_password(lowered):
        return None
    if says_lost(lowered):
        return "password_lost"
    reset = RESET_NOUN in lowered and not any(w in lowered for w in RESET_DONE_WORDS)
    if PASSWORD_CHANGE_RE.search(lowered) and not reset:
        return "change_password"  # "重置以后怎么改密码": the change that follows the reset
    if PASSWORD_REMEMBERED_RE.search(lowered):
        return "change_password"  # "我原密码还记得": nothing lost, so a change it is
    if reset and not asks_beyond_guide(text):
        # "企业重置密码要带哪些东西": the reset is the loss's answer ("重置要几天" is not)
        return "password_lost"
    return None


def names_others_password(text: str) -> bool:
    """ "社保卡密码也忘了", "支付宝密码怎么改": the password of another card or account."""
    return any(
        PASSWORD_NOUN in part and any(w in part for w in (*OTHER_ACCOUNT_WORDS, *SOCIAL_MATTERS))
        for part in clauses(text.lower())
    )


def says_lost(lowered: str) -> bool:
    """ "密码唔记得咗": a password said to be lost; "不是忘了密码" says it is not."""
    return not all(_loss_cues(lowered))


def denies_loss(lowered: str) -> bool:
    """ "不是忘了": a loss named only to be denied."""
    return any(_loss_cues(lowered))


#: The doubts of one's own type: "个人和单位的材料有啥区别" compares the types instead.
OWN_TYPE_DOUBTS = tuple(w for w in TYPE_DOUBT_WORDS if not any(c in w for c in COMPARE_WORDS))


def compares_types(lowered: str) -> bool:
    """ "个人和单位开通有什么区别", "企业和事业单位要带的一样吗": applicant types compared."""
    if not any(w in lowered for w in COMPARE_WORDS):
        return False
    named = [any(w in lowered for w in group) for group in COMPARED_TYPE_GROUPS]
    units_unsaid = not any(named[1:]) and any(w in lowered for w in GENERIC_UNIT_WORDS)
    return sum(named) + units_unsaid >= 2


def topic_asked_in_doubt(text: str) -> str | None:
    """The topic asked by one unsure of their type ("不知道算哪一种", "算单位还是个人"):
    the documents, the lost password or the opening; ``None`` when no doubt or no such
    topic."""
    lowered = text.lower()
    if compares_types(lowered) and states_lost_password(text):
        # "单位和个人密码丢了 处理方式一样吗": each resets with papers of its own, so
        # whose is asked
        return "password_lost"
    either = UNIT_OR_PERSON_RE.search(lowered) is not None
    if not (either or any(w in lowered for w in OWN_TYPE_DOUBTS)):
        return None
    if any(w in lowered for w in COMPARE_WORDS):
        return None
    if any(w in lowered for w in SECRET_WORDS) and says_lost(lowered):
        return "password_lost"
    if any(w in lowered for w in (*DOCUMENT_ASK_WORDS, *BRING_WORDS)):
        return "documents"
    if either and any(w in lowered for w in OPENING_WORDS):
        # "个体户开通网上办事算单位还是个人": the guide's ways of opening, the unit's and
        # the individual's side by side; it does not say which a 个体户 is
        return "open_online"
    return None


def states_lost_password(text: str) -> bool:
    """ "接手单位网上办事 密码没人知道": a password said lost, with or without a question."""
    kept = after_self_correction(text.lower())
    return any(w in kept for w in SECRET_WORDS) and says_lost(kept)


def cued_topic(text: str, ranking: list[str]) -> str | None:
    """A topic the message names in plain words, among the selector's three closest ones:
    "我是区人民医院人事科的，我们单位开通网上办事要带什么" asks the documents, however long
    the introduction that made the selector unsure; ``None`` when no cue is that plain."""
    lowered = text.lower()
    closest = ranking[:CUED_AMONG]
    opening = any(w in lowered for w in OPENING_WORDS)
    if opening and any(w in lowered for w in BRING_WORDS):
        # what to bring to open it, said plainly, however long the story before it
        return "documents"
    if any(w in lowered for w in START_TO_END_WORDS) and {"flow", "how_to_operate"} & set(closest):
        return "flow"  # "想知道办事整体分几步": the whole way, counted in steps
    kept = after_self_correction(lowered)
    if any(w in kept for w in SECRET_WORDS) and any(w in kept for w in PASSWORD_LOST_CUES):
        # a secret and its loss both said plainly: further down the ranking than other
        # topics, since few other questions name both
        return "password_lost" if "password_lost" in ranking[:LOST_CUED_AMONG] else None
    if RESET_ONLINE_RE.search(lowered) and "password_lost" in ranking[:LOST_CUED_AMONG]:
        return "password_lost"
    if any(w in lowered for w in RESET_FORM_WORDS) and closest[:1] == ["password_lost"]:
        return "password_lost"  # "那个申请单是在受理点填的吗": the reset's form, at the counter
    if (
        any(w in lowered for w in BRING_WORDS)
        and "documents" in closest
        and not any(w in lowered for w in (*SECRET_WORDS, *AGENT_WORDS))
    ):
        return "documents"  # "我们是企业，要带什么，一次说全，别让我跑两趟"
    if (
        LOGIN_BOX_RE.search(lowered)
        and not LOGIN_BOX_FAILS_RE.search(lowered)
        and "login_methods" in closest
    ):
        return "login_methods"  # "弹出框又是啥": the box one logs in with
    if closest[:1] == ["login_methods"] and any(
        how + verb in lowered for how in HOW_WORDS for verb in SIGN_IN_WORDS
    ):
        return "login_methods"  # "謝謝 要怎麼登入": how one logs in, after a thanks
    if opening and any(w in lowered for w in WHERE_CUES) and "open_online" in closest:
        return "open_online"
    if (
        NEEDS_OPENING_RE.search(lowered)
        and not any(w in lowered for w in MAILBOX_WORDS)
        and "open_online" in closest
    ):
        return "open_online"  # "阿拉姆妈七十几岁了 想网上查查东西 伊要去开通伐"
    if any(w in lowered for w in HOW_TO_OPEN_WORDS) and "open_online" in closest:
        return "open_online"  # "老乡 我在杭州打工的 网上办事是啥 咋开"
    if asks_something(text) and any(w in lowered for w in BATCH_WORDS):
        return "batch"  # "阿拉员工交关多，好批量弄伐？": the one topic of doing many at once
    if (
        MANY_RECORDS_RE.search(lowered)
        and any(w in lowered for w in ALL_AT_ONCE_WORDS)
        and "batch" in closest
    ):
        return "batch"  # "一次处理很多条数据是在哪里操作", after an aside
    if (
        asks_something(text)
        and any(w in lowered for w in (*MODIFY_WORDS, *CAN_CHANGE_WORDS))
        and (status_named(lowered) is not None or any(w in lowered for w in ENGLISH_STATUS_WORDS))
        and "fix_data" in closest
    ):
        return "fix_data"  # "已经approved的也能改吗": what may be changed in which status
    if asks_something(text) and any(w in lowered for w in RESUBMIT_WORDS) and "resubmit" in closest:
        return "resubmit"  # "撤回后那12个人要重新录吗"
    if (
        asks_something(text)
        and any(w in lowered for w in WITHDRAW_WORDS)
        and "fix_data" in closest
        and not opening
    ):
        return "fix_data"  # "网上申报提交之后还能撤回吗": how one's submission is withdrawn
    if asks_something(text) and any(w in lowered for w in WEBSITE_WORDS) and "website" in closest:
        return "website"  # "那电脑上网址是什么"
    if finds_out_how_filing_stands(lowered) and closest[:1] == ["check_progress"]:
        return "check_progress"  # "那我怎么知道审完没有": how one finds out, read unsure
    if asks_something(text) and HOTLINE in lowered and closest[:1] == ["contact"]:
        return "contact"  # "打12333能直接帮我重置吗": what the line is for, said by the guide
    if (
        asks_something(text)
        and PASSWORD_CHANGE_RE.search(lowered)
        and not any(w in lowered for w in OTHER_ACCOUNT_WORDS)
        and "change_password" in closest
    ):
        return "change_password"  # "那你告诉我怎么改密码", read as out of scope
    if (
        closest[:1] == ["how_to_operate"]
        and any(w in lowered for w in ONLINE_DOING_WORDS)
        and any(w in lowered for w in HOW_WORDS)
        and not opening
    ):
        return "how_to_operate"  # "HR一枚，想问下招了人，就业登记网上怎么弄": an item, done online
    if MATTER_ROUTE_RE.search(lowered) and "how_to_operate" in closest and not opening:
        return "how_to_operate"  # "联系人要改成我 是不是走单位基本信息变更": a matter, online
    return None


#: How far down the selector's ranking a plainly named topic may stand.
CUED_AMONG = 3
LOST_CUED_AMONG = 5
