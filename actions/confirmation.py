"""The bot's yes/no questions (注销, 转人工, 删除对话) and the answers to them, however given.

A question counts as pending while it is the last thing the bot asked: its response
is among the bot's messages of the previous turn. The answer can then come as a
button, as typed words (:mod:`actions.yesno`) or as anything the NLU makes of them
("对，注销吧" reads as cancel_my_submission, "好的谢谢" as thank). So it is not a rule
per intent that routes the answer: every answering action derives from
:class:`AnsweringAction`, which first lets a pending question take a yes or no, and
after answering a digression (an FAQ, an out-of-scope question) asks the question
once more, so the user can go on where they were.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ERASE_CONFIRM_ACTION,
    MIN_ANSWER_CONFIDENCE,
    STATUS_ACTION,
    SURE_OVER_UNBORNE,
    answer_topic,
    answered_this_turn,
    applicant_type_of,
    asks_after_ticket,
    asks_erasure,
    asks_for_batch,
    asks_for_person,
    asks_same_for_another_type,
    bureau_notifies,
    closing_said,
    denies_loss,
    first_action_of_turn,
    names_others_password,
    narrow_list,
    password_topic_said,
    previous_bot_turn,
    ran_this_turn,
    read_after_ticket_talk,
    reanswer_for_type,
    show_submission,
    speaks_for_unit,
    stated_type,
    typed_button_payload,
    types_answered,
    unborne_reading,
)
from actions.cancel import (
    CANCELLED,
    ask_cancel,
    asks_about_cancelling,
    asks_to_look,
    confirm_cancel,
    orders_cancel,
    orders_for_own_filing,
    says_cancel_verb,
    wants_cancel,
)
from actions.context import (
    CHECK_PROGRESS,
    REFUSED_CANCELS,
    SHOWN_RESPONSES,
    advise_named_change,
    asks_about_content,
    asks_where_online,
    asks_why_at_once,
    asks_why_no_result,
    asks_why_rejected,
    may_name_unlisted,
    orders_own_look,
    read_in_context,
    read_unsure_reading,
    repeated_topic,
    story_of_a_slip,
)
from actions.listing import fetch_one, previous_user_text, reference_in, unit_values
from actions.names import (
    CANCEL_DECLINED,
    CANCELLED_RESPONSE,
    FALLBACK_ACTION,
    FAQ_ACTION,
    GREET_RESPONSE,
    HANDOFF_DECLINED,
    OFFER_HANDOFF,
    OFFER_RESPONSE,
    SUBMISSION_DETAIL,
)
from actions.portal_session import current_link
from actions.references import acceptance_number, named_by
from actions.topics import (
    TYPE_DEPENDENT,
    answered_topic,
    asks_beyond_guide,
    asks_own_item,
    asks_own_outcome,
    asks_social_matter,
    asks_whom,
    corrected_menu_payload,
    disputes_result,
    doubts_last_answer,
    insists_supplied,
    is_vague,
    lost_in_answer,
    orders_login,
    plain_topic,
    reports_logged_in,
    selected_topic,
    supposes_doubt,
    typed_at_random,
)
from actions.words import (
    ANOTHER_END,
    ASKS_IF_BOT_RE,
    ASKS_WHAT_BOT_DOES_RE,
    BARE_CHALLENGE_RE,
    BARE_LEAVE_ORDERS,
    BARE_LEAVE_PARTICLES,
    BOT_QUESTION_RESIDUE_CHARS,
    CALL_PLAN_RE,
    CANCEL_NEGATIONS,
    CANCEL_UNDONE_RE,
    CONFIRM_VERBS,
    CONTACT_CORRECTION_WORDS,
    CONTACT_KINDS,
    CORRECTION_WORDS,
    DOCUMENT_ASK_WORDS,
    EVERY_TYPE_RE,
    FOLLOWUP_LEADS,
    FOLLOWUP_TRAIL,
    FORGOT_WORDS,
    GO_AHEAD_TAIL,
    HANDOFF_ITSELF_WORDS,
    HANDOFF_WAY_WORDS,
    HONORIFIC_GREETING_RE,
    HOW_LONG_ASKED_RE,
    HOW_TO_LOG_IN_RE,
    HOW_WORDS,
    LOGIN_TROUBLE_WORDS,
    LOGOUT_ORDER_WORDS,
    MAX_TYPE_REPLY_CHARS,
    NO_ACCOUNT_RE,
    NOT_THIS_ONE_RE,
    ONLY_THESE_RE,
    OPENING_WORDS,
    OWN_PLAN_RE,
    PERSON_DECLINED_RE,
    PERSON_REQUEST_LEAD_RE,
    POINTING_AFTER_STATUS,
    POINTING_WORDS,
    QUESTION_END,
    REPEATED_TOPIC_CUES,
    RESTORE_WORDS,
    REVIEW_WORDS,
    SECRET_SENT_RE,
    SECRET_WORDS,
    SITE_FAILING_RE,
    SOCIAL_MATTERS,
    STANDING_WORDS,
    STATUS_NOUN_END,
    SUPPOSED_REJECTION_RE,
    TYPE_CHOSEN_RE,
    TYPE_CORRECTION_WORDS,
    TYPE_DOUBT_WORDS,
    TYPE_GRUMBLE_RE,
    TYPE_ONLY_FILLERS,
    TYPE_ONLY_HAN_FILLERS,
    TYPE_QUESTIONED_RE,
    UNPLACED_INTENTS,
    UNPLACED_TOPICS,
    USE_OWN_NUMBER,
    WEB_ADDRESS_RE,
    WHAT_BECAME_WORDS,
    WHEN_WORDS,
    WHY_OF_WAIT,
    WHY_WORDS,
    YES_LEAD_RE,
)
from actions.yesno import (
    Answer,
    acknowledges,
    asks_something,
    clauses,
    refuses_up_front,
    typed_answer,
    wants_to_leave,
    yes_or_no,
)
from bot.contract import ERASE_ACTION, PHONE_KEY, SECRET_MASKED_KEY
from bot.handoff.contact import Contact, fold_contact_text, normalise_contact
from bot.nlu.text import fold_cantonese, to_simplified
from portal_client import PortalError

HANDOFF_FORM = "handoff_form"
#: The actions that answer keys struck at random themselves (with the closest topics).
MASH_READERS = frozenset({FALLBACK_ACTION, "action_out_of_scope"})
#: Where a contact may stand in "好的，我电话139 5711 2345" (checked by normalise_contact).
CONTACT_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:\+?86)?[\s-]*1[\d\s-]{10,14}")


@dataclass(frozen=True)
class Confirmation:
    """One yes/no question: what it is about, the response asking it, the slot it waits on."""

    about: str
    question: str
    #: The slot holding what the question is about; ``None``: the question alone.
    slot: str | None
    #: Asked again after a digression (an offer of a person is not pressed twice).
    reask: bool


OFFER_QUESTION = OFFER_RESPONSE
GOODBYE = "utter_goodbye"
#: "好的。还有什么可以帮您？": an answer taken in.
ACK = "utter_ack"
CONFIRMATIONS = (
    Confirmation("cancel", "utter_confirm_cancel", "pending_cancel", reask=True),
    Confirmation("erase", "utter_confirm_delete", None, reask=True),
    Confirmation("handoff", OFFER_QUESTION, "pending_handoff", reask=False),
    # Status alerts (actions/alerts.py): the consent asked on SMS/voice or on the web page.
    Confirmation("alerts", "utter_alert_consent_sms", "pending_alerts", reask=False),
    Confirmation("alerts", "utter_alert_consent_web", "pending_alerts", reask=False),
)
SUBSCRIBE_ALERTS = "action_subscribe_alerts"
#: The responses that ask them (the Rasa server runs no action of its own while one waits).
QUESTIONS = frozenset(c.question for c in CONFIRMATIONS)


def bot_turns(tracker: Tracker) -> list[set[str]]:
    """The responses of each earlier bot turn, newest first (this turn left out)."""
    turns: list[set[str]] = []
    current: set[str] | None = None
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if current is not None:
                turns.append(current)
            current = set()
        elif kind == "bot" and current is not None:
            current.add(str((event.get("metadata") or {}).get("utter_action")))
    return turns


def bot_turns_beyond_greeting(tracker: Tracker) -> bool:
    """Whether the bot has said anything yet but a greeting."""
    return any(turn - {GREET_RESPONSE} for turn in bot_turns(tracker))


def pending(tracker: Tracker) -> Confirmation | None:
    """The question the bot asked last turn and still waits on, if any."""
    turns = bot_turns(tracker)
    if not turns:
        return None
    for confirmation in CONFIRMATIONS:
        if confirmation.question in turns[0] and (
            confirmation.slot is None or tracker.get_slot(confirmation.slot)
        ):
            return confirmation
    return None


def cancels_one_listed(tracker: Tracker) -> bool:
    """ "把没通过的那个撤了" with the list shown: a 注销 of one listed, not a how-to."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        bool(tracker.get_slot("progress_list"))
        and wants_cancel(tracker)
        and not asks_about_cancelling(text)
        and reference_in(tracker) is not None
    )


def cancels_unlisted(tracker: Tracker) -> bool:
    """ "把9月28号那个职业技能提升补贴的撤了" with the list shown: a 注销 of one named
    beyond the page shown (the 注销 finds it on the portal, or asks which)."""
    text = str(tracker.latest_message.get("text") or "")
    items = tracker.get_slot("progress_list") or []
    return (
        bool(items)
        and wants_cancel(tracker)
        and not asks_about_cancelling(text)
        and named_by(text, items) is None
        and may_name_unlisted(text)
    )


def contacts_in(text: str) -> list[Contact]:
    """The mobile numbers and e-mail addresses written inside a longer answer."""
    found = (
        normalise_contact(m.group()) for m in CONTACT_IN_TEXT.finditer(fold_contact_text(text))
    )
    return [contact for contact in found if contact is not None]


def contact_in(text: str) -> Contact | None:
    """A mobile number or e-mail address written inside a longer answer, if any."""
    return next(iter(contacts_in(text)), None)


def meant_contact(text: str) -> Contact | None:
    """The one contact an answer gives: "他的电话137… 不对 打我的吧 137…" corrects the first
    with the last; two given with no correction leave it to ask which."""
    found = contacts_in(text)
    if len({c.value for c in found}) == 1:
        return found[0]
    if found and any(w in text for w in CONTACT_CORRECTION_WORDS):
        return found[-1]
    return None


def calls_instead(tracker: Tracker) -> bool:
    """ "那我打12333问问", "好吧 我还是打电话问一下": a call the user will make, told, and
    nothing else asked or refused."""
    text = str(tracker.latest_message.get("text") or "")
    return acknowledges(text) and CALL_PLAN_RE.search("".join(text.split())) is not None


def leaves_offer(tracker: Tracker) -> bool:
    """ "never mind, cancel", "算了 不用了" to the offer of a person: a no, as in the form.

    A 注销 asked for ("取消我的申报") is not one: it is left to the cancel.
    """
    text = str(tracker.latest_message.get("text") or "")
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return wants_to_leave(text) and not asks_something(text) and intent != "cancel_my_submission"


def yes_asking_contact_way(tracker: Tracker) -> bool:
    """ "可以，不过我不想留电话，只留邮箱行吗": a yes first, then a question about the way
    the agents may reach the user, which the form's contact step answers."""
    text = str(tracker.latest_message.get("text") or "")
    parts = clauses(text)
    return (
        len(parts) > 1
        and typed_answer(parts[0], about="handoff") == "yes"
        and any(kind in text.lower() for kind in CONTACT_KINDS)
    )


def says_own_number(text: str) -> bool:
    """ "就用这个号码", "本机": the number the user writes or calls from."""
    return any(words in text for words in USE_OWN_NUMBER)


def own_phone(tracker: Tracker) -> str | None:
    """The number an SMS or voice user writes from, which Twilio has vouched for."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            phone = (event.get("metadata") or {}).get(PHONE_KEY)
            if phone:
                contact = normalise_contact(str(phone))
                return contact.value if contact else None
            return None
    return None


def cancels_selected(tracker: Tracker) -> bool:
    """ "撤回", "这个能撤吗", "再注销一次" with one submission shown and no other named."""
    text = str(tracker.latest_message.get("text") or "")
    return (
        bool(tracker.get_slot("selected_submission"))
        and wants_cancel(tracker)
        and not asks_about_cancelling(text)
        and named_by(text, tracker.get_slot("progress_list") or []) is None
    )


#: The hand-off's reason when the user asked for a person.
REQUESTED_REASON = "request_human"
#: The answers that list what a type brings (the opening's papers, the reset's).
TYPE_ANSWER_PREFIXES = ("utter_documents_", "utter_password_lost_", "utter_faq/documents")
#: A 注销 refused or done: "那第二个呢" next asks the same of another submission.
CANCEL_OUTCOMES = REFUSED_CANCELS | {CANCELLED_RESPONSE}
LOGOUT_ACTION = "action_logout"
LOGIN_ACTION = "action_login"
BOT_CHALLENGE_ACTION = "action_bot_challenge"
CAPABILITIES_ACTION = "action_capabilities"
#: The NLU's readings of a question of the guide's, or of none it knows.
TOPIC_READINGS = ("faq", "out_of_scope", "out_of_scope_social", "nlu_fallback")
#: The password changed or lost: told apart by the words, whatever the ranking.
PASSWORD_TOPICS = ("change_password", "password_lost")
#: Answers after which "又忘了呢" is the password's: its change, or the site for it.
PASSWORD_CONTEXT_TOPICS = ("change_password", "website")
#: A follow-up longer than this says more than "and if I forget it".
MAX_FORGOT_FOLLOWUP_CHARS = 16
#: The NLU's readings of one's own submissions asked after.
OWN_LOOKUP_READINGS = ("check_my_progress", "cancel_my_submission", "pick_submission")
#: Topics said in words that no look-up of one's own answers, however the NLU read them:
#: the portal's password, and why a query answers at once while a filing waits.
NOT_LOOKED_UP_TOPICS = (*PASSWORD_TOPICS, "review_vs_query", "documents")
#: Topics whose answer, with a submission on screen, is what that one allows.
ON_SCREEN_TOPICS = ("fix_data", "resubmit")
#: Actions that answer "你会干嘛" themselves (the miss and the out-of-scope say it in place).
OWN_CAPABILITY_READERS = (CAPABILITIES_ACTION, FALLBACK_ACTION, "action_out_of_scope")


def restores_cancelled(tracker: Tracker, text: str) -> bool:
    """ "能恢复吗", asked of the submission just cancelled or of a cancelled one on screen;
    "那已经注销掉的那条还能恢复吗", the 注销 named with it, of any: no undoing, it goes in
    anew."""
    lowered = text.lower()
    if not asks_something(text) or not any(w in lowered for w in RESTORE_WORDS):
        return False
    if CANCEL_UNDONE_RE.search(lowered) or CANCELLED_RESPONSE in previous_bot_turn(tracker):
        return True
    selected = tracker.get_slot("selected_submission")
    listed = tracker.get_slot("progress_list") or []
    return any(i.get("no") == selected and i.get("status") == CANCELLED for i in listed)


def carries_cancel(tracker: Tracker) -> bool:
    """ "那职工增员那条呢 HZ2026112509342" right after a 注销 ordered ("给我撤了") was
    refused or done: the 注销 again, for the submission it names; "那它为啥没通过" asks
    about it instead."""
    text = str(tracker.latest_message.get("text") or "")
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
    if not compact or compact.startswith("/") or not previous_bot_turn(tracker) & CANCEL_OUTCOMES:
        return False
    corrected = any(w in text for w in CORRECTION_WORDS)  # "哦搞错了，是HZ…那个"
    if not (compact[0] in FOLLOWUP_LEADS or QUESTION_END in compact or corrected):
        return False
    folded = compact.lower()
    if any(w in folded for w in (*HOW_WORDS, *WHY_WORDS, *WHEN_WORDS)) or asks_about_content(text):
        return False
    if asks_to_look(text):
        # to look at it, which the details answer
        return False
    ordered = previous_user_text(tracker)
    if asks_something(ordered):
        # "这个能撤吗" refused, then "那第二个呢": whether that one can be, so its details.
        return False
    items = tracker.get_slot("progress_list") or []
    if (
        not corrected
        and previous_bot_turn(tracker) & REFUSED_CANCELS
        and named_by(ordered, items) is None
        and acceptance_number(ordered) is None
    ):
        # "注销" of the one on screen refused, then "减员那条呢": one who looks before
        # ordering is shown the next one named; "第2个撤了", refused, walks the list by 注销
        # ("哦搞错了，是…那个" says which was meant for the 注销)
        return False
    return named_by(text, items) is not None or acceptance_number(text) is not None


def names_another_to_cancel(tracker: Tracker) -> bool:
    """ "不对 是要撤职业技能提升补贴那个" while the 注销 of another waits: the verb said
    again for one named by its 受理编号 or by a name the page shown may not hold."""
    text = str(tracker.latest_message.get("text") or "")
    if not says_cancel_verb(text):
        return False
    number = acceptance_number(text)
    if number is not None:
        return number != tracker.get_slot("pending_cancel")
    # "我想注消的不是这个": the one asked about denied, and no other named
    named = NOT_THIS_ONE_RE.sub("", text)
    return any(w in text for w in CORRECTION_WORDS) and may_name_unlisted(named)


#: The answer to a no, and the action asking that question again when the mind changes.
ASKED_AGAIN_AFTER_NO = {"utter_delete_declined": ("erase", "action_confirm_delete")}
#: How far before the question's verb a negation still denies it ("不要删了").
NEGATION_REACH_CHARS = 2


def changes_mind_after_no(tracker: Tracker) -> str | None:
    """ "还是删了吧" right after saying no to the erasure: the action asking again."""
    text = str(tracker.latest_message.get("text") or "").lower()
    for declined in previous_bot_turn(tracker) & ASKED_AGAIN_AFTER_NO.keys():
        about, action = ASKED_AGAIN_AFTER_NO[declined]
        for verb in CONFIRM_VERBS[about]:
            at = text.find(verb)
            if at < 0:
                continue
            lead = text[max(0, at - NEGATION_REACH_CHARS) : at]
            if not any(neg in lead for neg in CANCEL_NEGATIONS) and not asks_something(text):
                return action
            break
    return None


def asks_beside_pending_cancel(tracker: Tracker) -> bool:
    """ "注销要收费吗" while the 注销 of one waits for its yes: a question beside it, to
    answer before the confirmation comes back, not the 注销 asked for again."""
    confirmation = pending(tracker)
    text = str(tracker.latest_message.get("text") or "")
    if confirmation is None or confirmation.about != "cancel" or not asks_something(text):
        return False
    named = reference_in(tracker)
    number = acceptance_number(text)
    waiting = tracker.get_slot("pending_cancel")
    return (named is None or named["no"] == waiting) and number in (None, waiting)


def asks_only_what_bot_does(text: str) -> bool:
    """ "你们能干嘛", "你会什么": what the assistant does, and nothing else asked."""
    return _asks_only(ASKS_WHAT_BOT_DOES_RE, text)


def asks_only_if_bot(text: str) -> bool:
    """ "在吗？你是人还是程序": whether the assistant is a machine, and nothing else asked
    (with another question beside it, that one is answered)."""
    return _asks_only(ASKS_IF_BOT_RE, text)


def _asks_only(question: re.Pattern[str], text: str) -> bool:
    folded = text.lower()
    match = question.search(folded)
    if match is None:
        return False
    rest = "".join(clauses(folded[: match.start()] + " " + folded[match.end() :]))
    return len(rest) <= BOT_QUESTION_RESIDUE_CHARS


def orders_logout(tracker: Tracker) -> bool:
    """ "还是未审核啊。好，我下班了，帮我登出": a log-out said in so many words, whatever
    else the message holds (a status named there is no pick); "怎么退出登录" asks how."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or asks_something(text):
        return False
    if any(w in text.lower() for w in LOGOUT_ORDER_WORDS):
        return True
    # "哦，原来早就注销过了…那退出吧": a bare 退出 said last closes the session
    said = clauses(text)
    return bool(said) and said[-1].strip(BARE_LEAVE_PARTICLES) in BARE_LEAVE_ORDERS


#: "被驳回的", "审核没通过的": a status made a noun, said alone, is this short.
MAX_STATUS_NOUN_CHARS = 8


#: The refusals of a 注销 ("「…」是查询类事项，…不能注销").
REFUSAL_PREFIX = "utter_cannot_cancel"
#: "招用人员就业登记那条呢": the same asked of another, at most this long.
MAX_ANOTHER_CHARS = 24


def cancels_another_after_refusal(tracker: Tracker) -> bool:
    """ "招用人员就业登记那条呢", "HZ2026110605172 呢" right after a 注销 was refused: the
    注销 asked of the one named; a refusal of the one just shown asks nothing of the
    next, so "X呢" after it shows X, as the older sets' writers want."""
    text = str(tracker.latest_message.get("text") or "")
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
    if not compact.endswith(ANOTHER_END) or len(compact) > MAX_ANOTHER_CHARS:
        return False
    turns = bot_turns(tracker)
    if not turns or not any(r.startswith(REFUSAL_PREFIX) for r in turns[0]):
        return False
    if len(turns) > 1 and SUBMISSION_DETAIL in turns[1]:
        return False
    return acceptance_number(text) is not None or named_by(
        text, tracker.get_slot("progress_list") or []
    ) in ("name", "number", "date", "position", "status")


def names_one_listed(tracker: Tracker) -> bool:
    """Whether the message points at one listed submission by what it is, the list shown.

    A bare number is left to the question it may answer; a status counts only as a
    noun phrase ("没通过的那个"), and a how-to question is answered as one.
    """
    text = str(tracker.latest_message.get("text") or "")
    items = tracker.get_slot("progress_list") or []
    # "怎么还没好", "怎么回事": 怎么 asking why, not how to
    asks_why = asks_why_rejected(text) or any(
        w in text.lower() for w in (*WHY_OF_WAIT, *WHAT_BECAME_WORDS)
    )
    how = any(w in text.lower() for w in HOW_WORDS) and not asks_why
    if not items or text.startswith("/") or how:
        return False
    way = named_by(text, items, beside=tracker.get_slot("selected_submission"))
    if way == "name" and asks_social_matter(text) and asks_something(text):
        # "今年缴费基数下限是多少": the policy, not the 缴费基数申报 listed; "职业年金那个怎么了"
        # points at the listed one
        return any(w in text for w in POINTING_WORDS)
    if way == "position":
        return not text.strip().isdigit() and len(text.strip()) > 2
    if way == "count":
        # "12个人那条…名单能改伐" asks the guide about the batch it names (the same
        # batch whatever its count); "增员12个人的那个现在什么情况" asks for that one.
        return not asks_something(text) or any(w in text for w in STANDING_WORDS)
    if way == "status":
        # "被驳回的", said alone: the one of that status, as "被驳回的那个" would be
        compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
        bare = compact.endswith(STATUS_NOUN_END) and len(compact) <= MAX_STATUS_NOUN_CHARS
        return bare or any(p in text.lower() for p in POINTING_AFTER_STATUS)
    return way is not None


def asks_guide_after_story(tracker: Tracker, text: str) -> bool:
    """ "…一直转圈，换了浏览器也一样。除了这个登录框，还有别的登录方式吗？": a question of
    the guide's, asked last, that the selector is sure of, after the story of a failure."""
    parts = clauses(text)
    topic, confidence = selected_topic(tracker)
    # "…气死了。到底怎么登录？": the topic named in the question's own words
    named = any(w in parts[-1].lower() for w in REPEATED_TOPIC_CUES.get(topic or "", ()))
    return (
        len(parts) > 1
        and asks_something(parts[-1])
        and not is_vague(parts[-1])  # "网站还是打不开，怎么办？" asks nothing of the guide's
        and not SITE_FAILING_RE.search(parts[-1])
        and (confidence >= SURE_OVER_UNBORNE or (named and confidence >= MIN_ANSWER_CONFIDENCE))
    )


def asks_person_again(tracker: Tracker) -> bool:
    """ "我要人工客服" to the offer of a person: asked again, not yet consent; "转人工！！！
    马上！！！" to a person the bot offered of its own (after a miss, a failing site, a
    dispute) is the request made, which the offer answers as such (a person asked for
    and offered, "转人工 转人工" again is consent)."""
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    if not asks_for_person(text) or asks_something(text) or YES_LEAD_RE.match(text):
        return False
    if PERSON_REQUEST_LEAD_RE.match(text) is not None:
        return True
    offered_unasked = tracker.get_slot("handoff_reason") not in (None, REQUESTED_REASON)
    return offered_unasked and not text.rstrip(FOLLOWUP_TRAIL).endswith(GO_AHEAD_TAIL)


def asks_about_offer(tracker: Tracker) -> bool:
    """ "要留电话吗", "会打电话给我吗" to the offer of a person: how the hand-off goes,
    asked before consent, which the offer itself says; not how long the answer takes
    ("人工一般多久能回我"), which neither the offer nor the guide says."""
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    return (
        asks_something(text)
        and any(word in text for word in HANDOFF_WAY_WORDS)
        and not any(word in text.lower() for word in WHEN_WORDS)
        and typed_answer(text, about="handoff") is None
        and not YES_LEAD_RE.match(text)
        and not yes_asking_contact_way(tracker)
    )


def opens_asking_for_person(tracker: Tracker) -> bool:
    """ "转人工 转人工 听不懂吗": the message opens with a request for a person that asks
    nothing itself ("为什么要转人工" asks why)."""
    said = clauses(str(tracker.latest_message.get("text") or ""))
    return bool(said) and asks_for_person(said[0]) and not asks_something(said[0])


async def settle(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """Carry out a yes or a no to the pending question; ``None`` when this is neither."""
    confirmation = pending(tracker)
    if confirmation is None:
        return None
    answer = yes_or_no(tracker.latest_message, about=confirmation.about)
    if answer is None and confirmation.about == "handoff" and leaves_offer(tracker):
        answer = "no"  # "never mind, cancel", however the NLU read it
    if answer != "no" and confirmation.about == "handoff" and calls_instead(tracker):
        # "那我打12333问问", "好吧 我还是打电话问一下" to the offer: the user will ring the
        # line instead, which takes the answer in and lets the offer go (with "不用", a no,
        # the offer declined)
        text = str(tracker.latest_message.get("text") or "")
        dispatcher.utter_message(response=GOODBYE if closing_said(text) == GOODBYE else ACK)
        return [SlotSet("pending_handoff", None), SlotSet("handoff_reason", None)]
    if answer is None and confirmation.about == "handoff" and opens_asking_for_person(tracker):
        answer = "yes"  # "转人工 转人工 听不懂吗": a person, asked for while one is offered
    if answer is None and confirmation.about == "handoff" and yes_asking_contact_way(tracker):
        answer = "yes"  # the form's contact step answers the question of the way
    if answer is None and confirmation.about == "handoff":
        contact = normalise_contact(str(tracker.latest_message.get("text") or ""))
        if contact is not None:
            # A number or address typed to the offer: a yes, with the form's first answer.
            return [
                SlotSet("pending_handoff", None),
                SlotSet("handoff_contact", contact.value),
                FollowupAction(HANDOFF_FORM),
            ]
    if (
        answer is None
        and confirmation.about in ("cancel", "erase")
        and refuses_up_front(
            str(tracker.latest_message.get("text") or ""), about=confirmation.about
        )
    ):
        answer = "no"
    if answer is None:
        return None
    text = str(tracker.latest_message.get("text") or "")
    if (
        confirmation.about == "handoff"
        and answer == "yes"
        and closing_said(text) == GOODBYE
        and not any(verb in text for verb in CONFIRM_VERBS["handoff"])
    ):
        # "行吧 886" to the offer: the answer taken, and the user gone, with no contact
        # left to reach them by
        dispatcher.utter_message(response=GOODBYE)
        return [SlotSet("pending_handoff", None), SlotSet("handoff_reason", None)]
    return await _carry_out(confirmation, answer, dispatcher, tracker, domain)


async def _carry_out(
    confirmation: Confirmation,
    answer: Answer,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
) -> list[EventType]:
    if confirmation.about == "cancel":
        named = reference_in(tracker)
        if answer == "no" and named and named["no"] != tracker.get_slot("pending_cancel"):
            # "不对，我说的是第一个": not this one, that one.
            return await ask_cancel(dispatcher, tracker, domain)
        if answer == "no" and names_another_to_cancel(tracker):
            # "不对 我说错了 是要撤职业技能提升补贴那个", beyond the page shown: that one.
            return await ask_cancel(dispatcher, tracker, domain)
        if answer == "yes":
            return await confirm_cancel(
                dispatcher, tracker, str(tracker.get_slot("pending_cancel"))
            )
        dispatcher.utter_message(response=CANCEL_DECLINED)
        return [SlotSet("pending_cancel", None)]
    if confirmation.about == "erase":
        if answer == "yes":
            return [FollowupAction(ERASE_ACTION)]
        dispatcher.utter_message(response="utter_delete_declined")
        return []
    if confirmation.about == "alerts":
        if answer == "yes":
            return [FollowupAction(SUBSCRIBE_ALERTS)]
        dispatcher.utter_message(response="utter_deny_ack")
        return [SlotSet("pending_alerts", None)]
    if answer == "yes":
        # "好的，我电话13957112345": the yes brings the form's first answer along.
        text = str(tracker.latest_message.get("text") or "")
        contact = contact_in(text)
        phone = own_phone(tracker) if says_own_number(text) else None  # "好 就用这个手机号"
        given = [SlotSet("handoff_contact", contact.value if contact else phone)]
        if contact is None and phone is None:
            given = []
        return [SlotSet("pending_handoff", None), *given, FollowupAction(HANDOFF_FORM)]
    declined = [SlotSet("pending_handoff", None), SlotSet("handoff_reason", None)]
    text = str(tracker.latest_message.get("text") or "")
    topic, sure = selected_topic(tracker)
    if (
        topic in SELF_FIX_TOPICS
        and sure >= MIN_ANSWER_CONFIDENCE
        and OWN_PLAN_RE.match("".join(text.split()))
    ):
        # "那我重新传一次算了": no person, and the user's own way out, which the guide
        # tells how to take
        return declined + answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
    dispatcher.utter_message(response=HANDOFF_DECLINED)
    return declined


#: What a user declining a person may set out to do alone, which the guide tells how.
SELF_FIX_TOPICS = frozenset({"fix_data", "resubmit"})
#: How many bot turns back an offer of a person still stands for a "转" said to it.
OFFER_STANDS_TURNS = 2


def accepts_earlier_offer(tracker: Tracker) -> bool:
    """ "要得 转", a turn after the offer of a person was left for "你是机器人吧": the
    offer taken up, by its own verb."""
    text = str(tracker.latest_message.get("text") or "")
    # a yes of its own beside the verb: "转人工" alone, a question later, asks for a person
    # anew and is offered again (CO), "好 那转吧" takes the offer up (CV)
    if asks_something(text) or typed_answer(text) != "yes":
        return False
    if not any(verb in text for verb in CONFIRM_VERBS["handoff"]):
        return False
    turns = bot_turns(tracker)
    # an offer made just now and answered by a person asked for is made again, as the
    # older sets' writers want; only one left for a question is taken up this way
    if turns and OFFER_QUESTION in turns[0]:
        return False
    return any(OFFER_QUESTION in turn for turn in turns[1:OFFER_STANDS_TURNS])


async def ask_again(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """After a digression, the pending question once more; asked twice already, let it go."""
    confirmation = pending(tracker)
    if confirmation is None or any(
        m.get("response") == confirmation.question for m in dispatcher.messages
    ):
        return []
    asked = [confirmation.question in turn for turn in bot_turns(tracker)[:2]]
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    if confirmation.about == "handoff" and any(w in text for w in HANDOFF_ITSELF_WORDS):
        # "人工一般多久能回我": a question about the hand-off weighs the offer, which is
        # put again for the answer that follows (a number typed straight away, say)
        dispatcher.utter_message(response=confirmation.question, lead="")
        return []
    if not confirmation.reask or all(asked) and len(asked) == 2:
        return [SlotSet(confirmation.slot, None)] if confirmation.slot else []
    if confirmation.about == "erase":
        dispatcher.utter_message(response=confirmation.question)
        return []
    values = await _cancel_values(tracker, str(tracker.get_slot("pending_cancel")))
    if values is None:
        return [SlotSet("pending_cancel", None)]
    dispatcher.utter_message(response=confirmation.question, **values)
    return []


async def _cancel_values(tracker: Tracker, number: str) -> dict[str, str] | None:
    for entry in tracker.get_slot("progress_list") or []:
        if entry.get("no") == number:
            return {"item": str(entry["item"]), "no": number}
    link = await current_link(tracker)
    if link is None:
        return None
    try:
        submission = await fetch_one(link, number)
    except PortalError:
        return None
    values = unit_values(submission)
    return {"item": values["item"], "no": values["no"]}


#: "我们是单位的": a type said in answer to the type question, and nothing else, is this short.
MAX_TYPE_ANSWER_CHARS = 8
#: The type questions (actions/answers.py answer_topic), of all types or of the unit types.
UNIT_TYPE_QUESTION = "utter_ask_unit_type_"
TYPE_QUESTIONS = ("utter_ask_applicant_type_", UNIT_TYPE_QUESTION)


def answers_type_question_plainly(tracker: Tracker) -> bool:
    """ "单位的", "机关": a short message that says a type (or a unit, of a kind not said)
    while the type question waits; how the NLU read it does not matter."""
    text = str(tracker.latest_message.get("text") or "")
    compact = "".join(text.split())
    if compact.startswith("/"):
        return False
    parts = clauses(text)
    if len(parts) > 1 and TYPE_GRUMBLE_RE.search("".join(parts[1:])):
        # "个人啊 你问这么多干嘛": the type, then a grumble at being asked
        compact = parts[0]
    if len(compact) > MAX_TYPE_ANSWER_CHARS and not TYPE_CHOSEN_RE.search(compact):
        return False
    if tracker.get_slot("pending_topic") not in TYPE_DEPENDENT:
        return False
    return stated_type(tracker) is not None or speaks_for_unit(text)


def asks_every_type(tracker: Tracker) -> bool:
    """ "都要知道 三种都说说" right after the type question: no one type, every one."""
    text = "".join(str(tracker.latest_message.get("text") or "").split())
    return (
        tracker.get_slot("pending_topic") in TYPE_DEPENDENT
        and any(r.startswith(TYPE_QUESTIONS) for r in previous_bot_turn(tracker))
        and stated_type(tracker) is None
        and EVERY_TYPE_RE.search(text) is not None
    )


def leaves_type_question_open(tracker: Tracker) -> bool:
    """ "这几个有什么区别？", "我开了个小超市", "我帮我老板问的" right after the type
    question: no type in it, and nothing the guide answers, so the question is asked again
    (a guide question beside it, "网址是多少", is answered as asked)."""
    text = str(tracker.latest_message.get("text") or "")
    compact = "".join(text.split())
    if compact.startswith("/") or tracker.get_slot("pending_topic") not in TYPE_DEPENDENT:
        return False
    if not any(r.startswith(TYPE_QUESTIONS) for r in previous_bot_turn(tracker)):
        return False
    if asks_for_person(text):
        return False  # "到底选哪个我也不晓得，有没有人工": a person, not the question again
    questioned = TYPE_QUESTIONED_RE.search(compact) and stated_type(tracker) is None
    if questioned and typed_button_payload(tracker) is None:
        return True  # "我们居委会算机关事业单位吗": a type asked about, not said
    if stated_type(tracker) is not None or speaks_for_unit(text):
        return False
    if typed_button_payload(tracker) is not None:
        return False  # "第二个": that button
    if any(w in compact.lower() for w in TYPE_DOUBT_WORDS):
        return True
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    unplaced = intent in UNPLACED_INTENTS or (
        intent == "faq" and selected_topic(tracker)[0] in UNPLACED_TOPICS
    )
    return unplaced and not asks_something(text) and len(compact) <= MAX_TYPE_REPLY_CHARS


def corrects_type(tracker: Tracker) -> bool:
    """ "搞错了，是我个人的", "不对，我们是事业单位": another applicant type than the one
    remembered, said with a word of correction."""
    text = str(tracker.latest_message.get("text") or "")
    stated = stated_type(tracker)
    if stated is None:
        # "不对 我是单位的" after an individual's answer: a unit, of a kind not said yet
        answered = types_answered(tracker)
        return (
            "individual" in answered
            and speaks_for_unit(text)
            and any(word in text.lower() for word in TYPE_CORRECTION_WORDS)
        )
    if stated != tracker.get_slot("applicant_type"):
        return any(word in text for word in CORRECTION_WORDS)
    # The slot takes the type said before any action reads it: "不对不对，我们登记的是事业单位"
    # right after the enterprise's papers corrects the type of that answer ("sorry,
    # actually…" in English); a review named ("结果搞错了") is a dispute after all.
    answered = types_answered(tracker)
    lowered = text.lower()
    return (
        bool(answered)
        and stated not in answered
        and any(word in lowered for word in TYPE_CORRECTION_WORDS)
        and not any(word in lowered for word in REVIEW_WORDS)
    )


#: The action that asks to confirm a 注销 (actions/progress.py).
CANCEL_ACTION = "action_cancel_submission"


def hands_over(events: list[EventType]) -> bool:
    """Whether an answer hands the turn to another action (which asks again if it must)."""
    return any(isinstance(e, dict) and e.get("event") == "followup" for e in events)


def forgets_after_password_answer(tracker: Tracker, text: str) -> bool:
    """ "那要是换完又给忘了呢" right after the answer on changing the password (or its
    site): the password forgotten, which the message need not name again (the caller
    has found no topic named in it)."""
    reading = (tracker.latest_message.get("intent") or {}).get("name")
    compact = "".join(text.split())
    return (
        reading in TOPIC_READINGS
        and answered_topic(tracker) in PASSWORD_CONTEXT_TOPICS
        and len(compact) <= MAX_FORGOT_FOLLOWUP_CHARS
        # "登不上去咋改": no way in to change it, so it is as good as lost
        and any(w in compact for w in (*FORGOT_WORDS, *LOGIN_TROUBLE_WORDS))
        # "社保卡密码忘了咋办" right after the site: another card's password, not the portal's
        and not names_others_password(compact)
        # "不是忘了 就是想换个": the loss denied; "登录都登不上，到底怎么登录的": how one
        # logs in, asked
        and not denies_loss(compact.lower())
        and not HOW_TO_LOG_IN_RE.search(compact.lower())
        and pending(tracker) is None
        and not tracker.get_slot("pending_topic")
    )


#: The most characters a message that only leaves says before its goodbye.
MAX_LEAVING_CHARS = 14


def says_only_another_type(tracker: Tracker) -> bool:
    """ "personal account" right after the enterprise's answer: a type and nothing else,
    another than the one answered, which asks that answer for it."""
    stated = stated_type(tracker)
    answered = types_answered(tracker)
    if stated is None or not answered or stated in answered:
        return False
    found = next(
        (
            e
            for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == "applicant_type" and not e.get("role") and "start" in e
        ),
        None,
    )
    if found is None:
        return False
    text = str(tracker.latest_message.get("text") or "").lower()
    rest = text[: found["start"]] + " " + text[found["end"] :]
    words = re.findall(r"[a-z']+|[\u4e00-\u9fff]", rest)
    han = "".join(w for w in words if not w.isascii())
    for filler in TYPE_ONLY_HAN_FILLERS:
        han = han.replace(filler, "")
    return not han and all(w in TYPE_ONLY_FILLERS for w in words if w.isascii())


def nothing_waits(tracker: Tracker) -> bool:
    """Whether the bot has answered something and waits for nothing: no yes/no, no
    applicant type, no form."""
    if pending(tracker) is not None or tracker.get_slot("pending_topic"):
        return False
    return not tracker.active_loop_name and bool(bot_turns(tracker))


def leaves_plainly(tracker: Tracker) -> bool:
    """ "下班了 溜了": a short message ending on a goodbye, asking nothing, with no question
    of the bot's waiting and after some answer."""
    text = str(tracker.latest_message.get("text") or "")
    if text.startswith("/") or asks_something(text):
        return False
    if len("".join(text.split())) > MAX_LEAVING_CHARS or closing_said(text) != GOODBYE:
        return False
    return nothing_waits(tracker)


def takes_answer_in(tracker: Tracker) -> bool:
    """Whether the latest message only acknowledges the bot's last answer, with no
    question of the bot's waiting for it (a yes/no, the applicant type, a form)."""
    if not acknowledges(str(tracker.latest_message.get("text") or "")):
        return False
    return nothing_waits(tracker)


def read_in_mandarin(tracker: Tracker) -> None:
    """The latest message's text, as every reading here takes it: in simplified characters,
    Cantonese words in their Mandarin ones ("其實我想問下網址先", "顯示出嚟睇下").

    The word lists are written so; the NLU folds its own input the same way
    (bot.nlu.text.normalize), but the text an action sees is the user's as typed. The
    stored conversation keeps what the user typed; only this action's reading changes.
    """
    text = tracker.latest_message.get("text")
    if isinstance(text, str) and text and not text.startswith("/"):
        tracker.latest_message["text"] = fold_cantonese(to_simplified(text))


class AnsweringAction(Action, ABC):
    """An action that answers a user's message, after any yes/no the message gives.

    Subclasses write :meth:`answer`. Those that answer digressions (``REASKS``) ask the
    pending question again after their answer. One whose message says plainly what it
    is (:meth:`steered`) is answered without the context's reading.
    """

    #: Whether this action's answer is a digression after which the question comes back.
    REASKS: ClassVar[bool] = False

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]: ...

    def steered(self, tracker: Tracker) -> bool:
        """Whether the context reads the latest message before :meth:`answer` does."""
        return True

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        read_in_mandarin(tracker)
        if answered_this_turn(tracker) or ran_this_turn(tracker, self.name()):
            # Run after another answer this turn (a FollowupAction's, then the fallback the
            # policy adds after it), or sent back here by the action this one sent the
            # message to ("登上了，帮我查下进度": the look-up and the login, each reading the
            # other's words): the message was read once; read again, it could send the
            # turn round the same FollowupActions until Rasa's limit, with no reply.
            return await self.answer(dispatcher, tracker, domain)
        if (tracker.latest_message.get("metadata") or {}).get(SECRET_MASKED_KEY):
            # A password sent along with a question: warned about, then the question.
            dispatcher.utter_message(response="utter_secret_masked_note")
        # Readings that name what the message is, however plainly the NLU read it: only
        # as the turn's first action, with no question of the bot's waiting.
        if pending(tracker) is None and first_action_of_turn(tracker):
            text = str(tracker.latest_message.get("text") or "")
            if self.name() != STATUS_ACTION and asks_after_ticket(tracker):
                # "我提的那个问题到哪一步了" after a ticket, read as a topic or a look-up
                return [FollowupAction(STATUS_ACTION)]
            if (
                self.name() != ERASE_CONFIRM_ACTION
                and SECRET_SENT_RE.search(text.lower())
                and asks_erasure(tracker)
            ):
                # "啊呀密码不该发的 记录删了", read as the password's topic or anything
                return [FollowupAction(ERASE_CONFIRM_ACTION)]
            narrowed_list = await narrow_list(dispatcher, tracker, domain)
            if narrowed_list is not None:
                # "只看未审核的", "rejected only", read as a pick or anything: those ones
                return narrowed_list
            if bureau_notifies(tracker):
                # "审核完了会发短信通知吗", read as alerts asked for or a look-up: whether
                # the bureau tells its result, which the guide never says (a ticket's
                # reply is the hand-off's own answer)
                return answer_topic(dispatcher, "not_in_guide", None, domain)
            ordered = (
                None
                if tracker.get_slot("progress_list") or tracker.get_slot("selected_submission")
                else orders_for_own_filing(text)
            )
            if ordered == "cancel" and self.name() != CANCEL_ACTION:
                # "我九月份报的技能提升补贴想撤回", read as how one fixes data: the 注销 of
                # one's own, which asks the login first
                return [FollowupAction(CANCEL_ACTION)]
            if self.name() != CHECK_PROGRESS and orders_own_look(text):
                return [FollowupAction(CHECK_PROGRESS)]  # "我是说查我自己的"
            if ordered == "look" and self.name() != CHECK_PROGRESS:
                return [FollowupAction(CHECK_PROGRESS)]  # "我想看看单位上周提交的增员"
            if (
                self.name() != CHECK_PROGRESS
                and not tracker.get_slot("progress_list")
                and not tracker.get_slot("selected_submission")
                and asks_own_outcome(text)
                and not story_of_a_slip(text)
            ):
                # "想知道我申请的补贴有没有通过", read as a social matter or a topic: one's own
                return [FollowupAction(CHECK_PROGRESS)]
            if asks_same_for_another_type(tracker) or corrects_type(tracker):
                # "那我自己个人开通呢" after the enterprise's papers, read as how one opens;
                # "不对 我是单位的" after an individual's, read as a no
                reanswered = reanswer_for_type(dispatcher, tracker, domain)
                if reanswered is not None:
                    return reanswered
        if not self.steered(tracker):
            return await self.answer(dispatcher, tracker, domain)
        text = str(tracker.latest_message.get("text") or "")
        if HONORIFIC_GREETING_RE.match("".join(text.split())):
            # "老师好" read as a login or anything else: a greeting, greeted back
            dispatcher.utter_message(response=GREET_RESPONSE)
            return []
        if (
            is_vague(text)
            and self.name() not in MASH_READERS
            and not bot_turns_beyond_greeting(tracker)
        ):
            # "弄那个 那个啥" as the first words, read as anything: nothing named, a miss
            return [FollowupAction(FALLBACK_ACTION)]
        if (
            BARE_CHALLENGE_RE.match("".join(text.lower().split()))
            and self.name() != BOT_CHALLENGE_ACTION
        ):
            return [FollowupAction(BOT_CHALLENGE_ACTION)]  # "真人?" read as a person wanted
        if NO_ACCOUNT_RE.match("".join(text.split()).rstrip(FOLLOWUP_TRAIL)):
            # "没帐号" read as a yes, "我还没有账号的" as a look-up: how one gets one
            return answer_topic(dispatcher, "open_online", None, domain)
        if typed_at_random(text) and self.name() not in MASH_READERS:
            # "asdkjh;;lll" read as a thanks: a miss, and the closest topics.
            return [FollowupAction(FALLBACK_ACTION)]
        if tracker.get_slot("pending_handoff") and (
            asks_person_again(tracker) or asks_about_offer(tracker)
        ):
            # "我要人工客服", "要留电话吗" with a person offered: the offer again, which
            # says what a hand-off is, how the agent answers, and asks consent
            if self.name() == OFFER_HANDOFF:
                return await self.answer(dispatcher, tracker, domain)
            return [FollowupAction(OFFER_HANDOFF)]
        settled = await settle(dispatcher, tracker, domain)
        if settled is not None:
            return settled
        if self.name() != FALLBACK_ACTION and corrected_menu_payload(tracker) is not None:
            # "不对，刚才按错了，应该是二" read as a no: the menu's other choice, which the
            # miss's reading of a corrected choice answers
            return [FollowupAction(FALLBACK_ACTION)]
        if leaves_plainly(tracker):
            # "下班了 溜了", "好吧 机器人也挺好 拜", read as a topic or a challenge
            dispatcher.utter_message(response=GOODBYE)
            return []
        if takes_answer_in(tracker):
            # "明白了", "收到", "好，我去改" after an answer, read as anything: taken in;
            # "那我先打12333问问，拜拜" takes it in and leaves.
            leaves = closing_said(text) == GOODBYE
            dispatcher.utter_message(response=GOODBYE if leaves else ACK)
            return []
        if self.name() not in OWN_CAPABILITY_READERS and asks_only_what_bot_does(text):
            # "你们能干嘛", read as a topic it sounds like: what the assistant does.
            return [FollowupAction(CAPABILITIES_ACTION)]
        doubted = (
            doubts_last_answer(tracker)
            if pending(tracker) is None and not tracker.active_loop_name
            else None
        )
        if doubted is not None:
            # "真的不用开？" right after the answer, read as a no or anything: the answer again
            return answer_topic(dispatcher, doubted, applicant_type_of(tracker), domain)
        if SUPPOSED_REJECTION_RE.match("".join(text.split())) and pending(tracker) is None:
            # "那如果被退回了", read as a look-up or anything: what one does then
            return answer_topic(dispatcher, "fix_data", None, domain)
        said_topic = plain_topic(text) or password_topic_said(text)
        if said_topic is None and story_of_a_slip(text):
            said_topic = "fix_data"  # "…说是审核没通过…我现在要怎么弄啊"
        if said_topic is None and asks_something(text) and asks_for_batch(text):
            said_topic = "batch"  # "这个月入职了8个人，能一次性弄吗"
        reading = (tracker.latest_message.get("intent") or {}).get("name")
        if reading == "pick_submission" and not tracker.get_slot("progress_list"):
            reading = "nlu_fallback"  # a pick with nothing listed to pick from is a miss
        selected, sure = selected_topic(tracker) if reading == "faq" else (None, 0.0)
        if (
            said_topic is not None
            and (
                reading in TOPIC_READINGS
                # "我们公司的那个蜜码 忘掉了", read as one's own look-up: the password
                or (said_topic in NOT_LOOKED_UP_TOPICS and reading in OWN_LOOKUP_READINGS)
                # "我怎么知道它被打回了", read as a 注销 with no word of one
                or (reading == "cancel_my_submission" and not wants_cancel(tracker))
            )
            # the same topic ranked too low to be answered ("网址是www…对不对") is said too,
            # or one that names a listed submission ("为什么参保证明打印一提交就有结果")
            and (
                said_topic != selected
                or sure < MIN_ANSWER_CONFIDENCE
                or (said_topic in NOT_LOOKED_UP_TOPICS and bool(tracker.get_slot("progress_list")))
            )
            # "密码忘了，顺便问下网址是啥": the reset, which asks the type, first; "改密码
            # 是不是也得…填个申请单" is the change, however like the reset it sounds
            and (
                selected not in TYPE_DEPENDENT
                # "改完直接提交就行?" barely placed among the papers: not a reading to keep
                or sure < MIN_ANSWER_CONFIDENCE
                or said_topic in TYPE_DEPENDENT
                or said_topic in PASSWORD_TOPICS
                # "没通过的那种就可以自己改对吧": no word of papers or a password at all
                or not any(w in text.lower() for w in (*DOCUMENT_ASK_WORDS, *SECRET_WORDS))
            )
            and pending(tracker) is None
            and not tracker.get_slot("pending_topic")
            # "这个退回的能改吗" with one on screen: what that one allows, in context below
            and not (said_topic in ON_SCREEN_TOPICS and tracker.get_slot("selected_submission"))
            # "我九月份报的技能提升补贴想撤回 不想申请了", a social matter to the NLU that
            # action_out_of_scope sent here: the 注销 wanted, not the rule of fixing
            and not (
                self.name() == CANCEL_ACTION
                and reading != "faq"
                and wants_cancel(tracker)
                and not asks_something(text)
            )
        ):
            # "cailiao ne", "那个网指是多少", read as a miss or another topic: the topic its
            # words name (a request read as such keeps its own action)
            return answer_topic(
                dispatcher,
                said_topic,
                applicant_type_of(tracker),
                domain,
                unit=speaks_for_unit(text),  # "接手单位网上办事 密码没人知道"
            )
        if (
            PERSON_DECLINED_RE.search(text)
            and not asks_something(text)
            and not tracker.active_loop_name
            and pending(tracker) is None
        ):
            # "那我发邮件好了，不用转人工了", read as a request for a person or a miss: no
            # person is wanted, whatever was offered before
            dispatcher.utter_message(response=HANDOFF_DECLINED)
            return [SlotSet("pending_handoff", None)]
        if self.name() != FAQ_ACTION and pending(tracker) is None and unborne_reading(tracker):
            if said_topic is not None and said_topic != selected_topic(tracker)[0]:
                # "注销完了呢" after how a slip is fixed, read as a log-out: what its words
                # name (handing in again), over the selector's topic of the answer before
                return answer_topic(dispatcher, said_topic, applicant_type_of(tracker), domain)
            # "我们单位mm忘了" read as one's own look-up: the topic the selector is sure of
            return [FollowupAction(FAQ_ACTION)]
        if said_topic is None and forgets_after_password_answer(tracker, text):
            # "那要是换完又给忘了呢" after the change or the site: then it is lost
            return answer_topic(dispatcher, "password_lost", applicant_type_of(tracker), domain)
        if (
            self.name() != OFFER_HANDOFF
            and SITE_FAILING_RE.search(text)
            and not asks_guide_after_story(tracker, text)
        ):
            # "点半天没反应": why the portal fails them the guide never says; a person may see.
            return [SlotSet("handoff_reason", "site_failing"), FollowupAction(OFFER_HANDOFF)]
        asked_again = changes_mind_after_no(tracker)
        if asked_again is not None and asked_again != self.name():
            return [FollowupAction(asked_again)]
        repeated = repeated_topic(tracker)
        if repeated is not None:
            # "进度那个再说下": that part of the answer again, whatever the NLU made of it
            return answer_topic(dispatcher, repeated, applicant_type_of(tracker), domain)
        listed_topic = tracker.get_slot("last_type_topic")
        if (
            listed_topic
            and ONLY_THESE_RE.match("".join(text.split()))
            and any(r.startswith(TYPE_ANSWER_PREFIXES) for r in previous_bot_turn(tracker))
        ):
            # "就这一样？" right after a type's documents: yes, that list, told again
            return answer_topic(dispatcher, listed_topic, applicant_type_of(tracker), domain)
        shown_note = bool(previous_bot_turn(tracker) & SHOWN_RESPONSES) and asks_about_content(text)
        if lost_in_answer(text) and self.name() != OFFER_HANDOFF and not shown_note:
            # ("什么意思" right after a submission's details asks what its note means)
            # "就这么点?", "看不懂", read as a yes or anything: the answer just given was
            # too thin or too much, and a person can fill it out ("你这个回答我看不懂" as
            # the first words, read as what the bot does, too)
            return [SlotSet("handoff_reason", "answer_unclear"), FollowupAction(OFFER_HANDOFF)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if WEB_ADDRESS_RE.search(text) and intent != "faq" and not asks_for_person(text):
            # "https://… 这个呢": a pasted address, read as anything; the guide's own address
            # is what the user can tell it by.
            return answer_topic(dispatcher, "website", None, domain)
        # "那我再提一个" after a ticket's status: whatever the NLU made of it.
        followed = await read_after_ticket_talk(dispatcher, tracker, domain, action=self.name())
        if followed is not None:
            return followed
        text = str(tracker.latest_message.get("text") or "")
        if supposes_doubt(text) and pending(tracker) is None:
            # "要是对审核结果有疑问怎么办": whom to ask, before any look-up or dispute.
            return answer_topic(dispatcher, "contact", None, domain)
        if answers_type_question_plainly(tracker):
            # "单位的" to the type question, read as a yes: the answer it waits for.
            reanswered = reanswer_for_type(dispatcher, tracker, domain)
            if reanswered is not None:
                return reanswered
        if asks_every_type(tracker):
            # "都要知道 三种都说说" to the type question: every type's answer, together
            every = str(tracker.get_slot("pending_topic"))
            dispatcher.utter_message(response=f"utter_faq/{every}")
            return [SlotSet("pending_topic", None), SlotSet("last_type_topic", every)]
        if leaves_type_question_open(tracker):
            unit = any(r.startswith(UNIT_TYPE_QUESTION) for r in previous_bot_turn(tracker))
            waiting = str(tracker.get_slot("pending_topic"))
            return answer_topic(dispatcher, waiting, None, domain, unit=unit)
        if corrects_type(tracker) or says_only_another_type(tracker):
            # "我搞错了，是我个人的账号": the type corrected, not a result disputed;
            # "personal account" right after the enterprise's answer, read as a topic.
            reanswered = reanswer_for_type(dispatcher, tracker, domain)
            if reanswered is not None:
                return reanswered
        disputed = (disputes_result(text) or insists_supplied(text)) and not asks_whom(text)
        if disputed and self.name() == OFFER_HANDOFF:
            return await self.answer(dispatcher, tracker, domain)  # no details again
        if disputed:
            # "这结果我不认", even read as a look-up: only a person can look at it again.
            return [SlotSet("handoff_reason", "result_wrong"), FollowupAction(OFFER_HANDOFF)]
        if self.name() != LOGOUT_ACTION and orders_logout(tracker):
            return [FollowupAction(LOGOUT_ACTION)]
        if self.name() != BOT_CHALLENGE_ACTION and asks_only_if_bot(text):
            # "你是人还是程序", whatever topic 程序 looked like to the NLU
            return [FollowupAction(BOT_CHALLENGE_ACTION)]
        if self.name() != LOGIN_ACTION and orders_login(text):
            # "登录网办账号", read as how to log in: the login here, as ordered
            return [FollowupAction(LOGIN_ACTION)]
        if self.name() != LOGIN_ACTION and reports_logged_in(text):
            # "登上了" after the link, read as a question of how: the login's own answer.
            return [FollowupAction(LOGIN_ACTION)]
        if restores_cancelled(tracker, text):
            # "那已经注销掉的那条还能恢复吗", "刚注销的还能恢复吗": it goes in anew
            return answer_topic(dispatcher, "resubmit", None, domain)
        if carries_cancel(tracker):
            # "那职工增员那条呢" after a 注销 refused: that one's 注销, not its details.
            return await ask_cancel(dispatcher, tracker, domain)
        asks_beside = asks_beside_pending_cancel(tracker)
        if asks_beside and self.name() == CANCEL_ACTION:
            # "撤回后那12个人要重新录吗", read as the 注销 again: its answer, then the question.
            if any(w in text.lower() for w in SOCIAL_MATTERS):
                # "等下，注销了失业金还能领伐": the benefit is beyond the guide, then the 注销
                dispatcher.utter_message(response="utter_out_of_scope_social")
                return await ask_again(dispatcher, tracker, domain)
            topic, confidence = selected_topic(tracker)
            if topic is not None and confidence >= MIN_ANSWER_CONFIDENCE:
                answered = answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
                return answered + await ask_again(dispatcher, tracker, domain)
        if not asks_beside and (
            cancels_one_listed(tracker)
            or cancels_selected(tracker)
            or cancels_unlisted(tracker)
            or cancels_another_after_refusal(tracker)
        ):
            # "cancel the rejected one" with the list on screen, "这个能撤吗" with one shown:
            # a 注销, whatever the NLU made of it.
            return await ask_cancel(dispatcher, tracker, domain)
        if (
            orders_cancel(text)
            and not tracker.get_slot("selected_submission")
            and self.name() != CANCEL_ACTION
            and not answered_this_turn(tracker)
        ):
            # "注销我们公司的变更申报", logged out, read as anything: the 注销, login first;
            # "注销申报" with the list shown and none named: the 注销, asking which.
            return [FollowupAction(CANCEL_ACTION)]
        if acceptance_number(str(tracker.latest_message.get("text") or "")):
            # "HZ2026111203951这个办到哪了": a 受理编号 is always the user's own submission.
            if wants_cancel(tracker) and not asks_beside:
                return await ask_cancel(dispatcher, tracker, domain)
            return await show_submission(dispatcher, tracker, domain)
        why_of_review = asks_why_no_result(text) or asks_why_at_once(text)
        if why_of_review and not any(w in text.lower() for w in WHY_WORDS):
            # "增员那个 四个人的 交了几天了还没审" with the list shown: that one, named,
            # and no why asked
            items = tracker.get_slot("progress_list") or []
            named = named_by(text, items) if items else None
            why_of_review = named not in ("name", "count", "number", "date")
        if (
            why_of_review
            and pending(tracker) is None
            and not asks_for_person(text)
            # "怎么还没审，一般几个工作日": how long, which the guide never says
            and not HOW_LONG_ASKED_RE.search(text)
        ):
            # "报了一周了为什么还没审核", read as a look-up or beside a pending one shown,
            # "为什么参保证明打印一下就好了" naming one listed: why a declaration waits and
            # a query does not is the guide's answer.
            return answer_topic(dispatcher, "review_vs_query", None, domain)
        if (
            not tracker.get_slot("progress_list")
            and asks_own_item(text)
            and not asks_social_matter(text)
            and not any(w in text.lower() for w in (*SECRET_WORDS, *OPENING_WORDS))
        ):
            # "我的就业创业证申领现在什么状态了", however the NLU read it: the look-up, with
            # its login link if need be ("…怎么变成注销了" is no 注销 to read in context)
            if self.name() == CHECK_PROGRESS:
                return await self.answer(dispatcher, tracker, domain)
            return [FollowupAction(CHECK_PROGRESS)]
        read = await read_in_context(dispatcher, tracker, domain, action=self.name())
        if read is not None:
            # "为啥不能撤", "审核通过的呢", "我要修改这个": what it means with this context;
            # asked while a 注销 waits, the 注销 is asked again after it.
            if asks_beside and not hands_over(read):
                return read + await ask_again(dispatcher, tracker, domain)
            return read
        if (
            names_one_listed(tracker)
            and asks_something(text)
            and asks_beyond_guide(text)
            and not wants_cancel(tracker)
        ):
            # "这个参保证明打出来要盖章才有效吗" of the one listed: a detail of it the guide
            # never gives, not the one shown again
            return answer_topic(dispatcher, "not_in_guide", None, domain)
        if names_one_listed(tracker) and not asks_where_online(text):
            # ("就业登记要重新报的话，网上在哪操作" asks where online, the guide's answer)
            changed = await advise_named_change(dispatcher, tracker, domain)
            if changed is not None:
                return changed
            # "缴费基数那个为什么被驳回", "Why was the third one rejected?": that one.
            return await show_submission(dispatcher, tracker, domain)
        unsure = await read_unsure_reading(dispatcher, tracker, domain)
        if unsure is not None:
            # "好吧，那还是帮我转人工", "经办人呢" read as a yes or a miss: what they ask.
            return unsure
        events = await self.answer(dispatcher, tracker, domain)
        if not self.REASKS or hands_over(events):
            return events
        return events + await ask_again(dispatcher, tracker, domain)
