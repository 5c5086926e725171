"""注销 of a submission: ask to confirm, naming it, and carry it out once confirmed.

Only where the guide allows (not yet reviewed, or rejected); otherwise the user
hears why not and whom to ask.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.listing import (
    fetch_one,
    first_page,
    named_just_before,
    reference_in,
    reference_unlisted,
    unit_values,
)
from actions.names import CANCEL_DECLINED, CANCELLED_RESPONSE
from actions.portal_session import CANCEL_REQUEST, current_link, offer_login, portal_failed
from actions.references import acceptance_number, names_another, status_named
from actions.words import (
    CANCEL_DENIED_RE,
    CANCEL_NEGATIONS,
    CANCEL_OBJECT_WORDS,
    CANCEL_ORDER_CLAUSE_RE,
    CANCEL_ORDER_RE,
    CANCEL_SUBMISSION_WORDS,
    CANCEL_WONDERED_RE,
    CANCELLED_THEN_RE,
    CHOICE_QUESTION_RE,
    CONVERSATION_WORDS,
    DELETE_VERBS,
    DETAIL_WORDS,
    FILED_WHEN_RE,
    GIVEN_UP_RE,
    HOW_WORDS,
    LOOK_VERBS,
    NOT_A_CANCEL_WORDS,
    NOT_MEANT_RE,
    NOT_MEANT_VERB_RE,
    OWN_LOOK_ORDER_RE,
    POINTING_WORDS,
    PROPOSAL_TAIL_RE,
    SET_ASIDE_RE,
    UNCANCELLED_RE,
    WHEN_DONE_RE,
)
from actions.yesno import asks_something, clauses, typed_answer, without_unrefusing_nots
from bot.nlu.text import fold_slips
from portal_client import (
    Category,
    NotAllowed,
    NotFound,
    PortalError,
    SessionExpired,
    Submission,
    SubmissionStatus,
)

#: The portal's label of a cancelled submission: "已经注销的那个" names it, asks no 注销.
CANCELLED = SubmissionStatus.CANCELLED.label
#: How far before a cancel verb a negation refuses it ("不想撤", "别给我注销").
NEGATION_REACH = 2


def wants_cancel(tracker: Tracker) -> bool:
    """ "注销这个", "把它撤了": a 注销 asked for; "已经注销的那个" and "没取消的那个" only
    name a status."""
    text = (tracker.latest_message.get("text") or "").lower()
    if text.startswith("/") or status_named(text) == CANCELLED or WHEN_DONE_RE.search(text):
        return False  # ("那条是啥时候注销的" asks when, of one already cancelled)
    if CANCEL_WONDERED_RE.search(text):
        return False  # "这条怎么是注销": its status wondered at
    text = CANCEL_DENIED_RE.sub("", UNCANCELLED_RE.sub("", text))
    return any(word in text for word in CANCEL_SUBMISSION_WORDS) or deletes_submission(text)


def deletes_submission(text: str) -> bool:
    """ "参保证明打印那条删掉", "我那条申报要删掉": a submission deleted is its 注销;
    "删掉聊天记录" is the erasure of the conversation, and "不是删聊天记录" means neither."""
    meant = [c for c in clauses(text) if not NOT_MEANT_RE.match(c)]
    said = "".join(meant)
    if not any(
        not any(
            n in said[max(0, found.start() - NEGATION_REACH) : found.start()]
            for n in CANCEL_NEGATIONS
        )
        for verb in DELETE_VERBS
        for found in re.finditer(verb, said)
    ):
        return False  # "不要删那个申报"
    if any(word in said for word in CONVERSATION_WORDS):
        return False
    return any(word in said for word in (*CANCEL_OBJECT_WORDS, *POINTING_WORDS))


def supposes_after_cancel(text: str) -> bool:
    """ "撤了以后可以重新提交吧": what a 注销 allows after it, supposed, with no question
    mark or particle to tell it from an order."""
    return CANCELLED_THEN_RE.search(text.lower()) is not None


def asks_about_cancelling(text: str) -> bool:
    """ "怎么撤销", "为啥不能撤", "撤回了还能重新交吗": about the rule, not asking for one.

    Said without a question, "那我先注销掉重新交" asks for the 注销 (then a new submission).
    """
    # "不是问怎么撤，是让你帮我把我的一个申请撤回": the question set aside asks nothing
    text = SET_ASIDE_RE.sub("", text)
    folded = text.lower()
    if any(word in folded for word in HOW_WORDS) or supposes_after_cancel(text):
        return True
    parts = clauses(text)
    for at, part in enumerate(parts[1:], 1):
        if (
            (CANCEL_ORDER_RE.search(part) or CANCEL_ORDER_CLAUSE_RE.match(part))
            and not asks_something(part)
            and not any(asks_something(p) for p in parts[at + 1 :])
        ):
            # "这个还没审是吧 那你先帮我注消掉": a guess confirmed, then the order, and
            # maybe a plan after it ("还没审是吧 帮我注销掉 我重新报")
            return False
    if CHOICE_QUESTION_RE.search(folded):
        return True  # "我直接改还是要先撤掉": the 注销 weighed against another way
    if not asks_something(text):
        return False
    # "要不注销了重新弄？" proposes the 注销, "能不能注销" asks it: their 不 refuses nothing
    if any(w in folded for w in CANCEL_SUBMISSION_WORDS) and not says_cancel_verb(text):
        return True  # "被退回的能不能不注销、直接改？": another way than the 注销, asked
    # "能注销吗，我想重新申请一次": the 注销 asked, the reason after it says nothing of the rule.
    parts = clauses(text)
    asked = next((c for c in parts if any(v in c for v in CANCEL_SUBMISSION_WORDS)), folded)
    if PROPOSAL_TAIL_RE.search(asked):
        return False  # "注销掉重新报好伐": the 注销 proposed, agreement sought, not the rule
    return any(word in asked for word in NOT_A_CANCEL_WORDS)


#: Statuses no submission can be cancelled in, each with what to say of them all.
UNCANCELLABLE_STATUSES = {
    SubmissionStatus.APPROVED.label: "utter_cannot_cancel_approved_ones",
    CANCELLED: "utter_cannot_cancel_cancelled_ones",
}


#: Statuses a submission may be cancelled in (guide 第 9 问).
CANCELLABLE_STATUSES = frozenset({SubmissionStatus.PENDING.label, SubmissionStatus.REJECTED.label})
ASK_WHICH_TO_CANCEL = "utter_ask_which_to_cancel"


def orders_cancel(text: str) -> bool:
    """ "注销申报", "帮我把变更申请撤回": a 注销 of one's own submission ordered, not asked
    about; a bare "取消" names nothing and may call off anything."""
    folded = text.lower()
    return (
        (any(word in folded for word in CANCEL_SUBMISSION_WORDS) or deletes_submission(text))
        and any(word in folded for word in CANCEL_OBJECT_WORDS)
        and status_named(folded) != CANCELLED
        and not asks_something(text)
        and not asks_about_cancelling(text)
    )


def cannot_cancel_response(submission: Submission) -> str:
    if submission.category is Category.QUERY:
        return "utter_cannot_cancel_query"
    if submission.status is SubmissionStatus.APPROVED:
        return "utter_cannot_cancel_approved"
    return "utter_cannot_cancel_cancelled"


def orders_for_own_filing(text: str) -> str | None:
    """ "我九月份报的技能提升补贴想撤回 不想申请了": a 注销 ("cancel") of a filing of one's
    own told by when it went in; "我想看看单位上周提交的增员": a look ("look") at it. How
    one does either ("上周提交的怎么撤回") is the guide's, and ``None``."""
    lowered = text.lower()
    if not FILED_WHEN_RE.search(lowered) or any(w in lowered for w in HOW_WORDS):
        return None
    if says_cancel_verb(text) or GIVEN_UP_RE.search(lowered):
        return "cancel"
    return "look" if OWN_LOOK_ORDER_RE.search(lowered) else None


def says_cancel_verb(text: str) -> bool:
    """ "这个我不要了帮我住销掉吧": the 注销 asked for in so many words (a voice slip
    folded), whatever "不要了" says; "不注销了", "别撤" refuse it, "要不撤回吧"
    and "能不能注销" do not."""
    folded = fold_slips(without_unrefusing_nots(text.lower()))
    # "不是要注销": the 注销 denied as what is meant, a 不 as near as "不注销"
    folded = NOT_MEANT_VERB_RE.sub(CANCEL_NEGATIONS[0], folded)
    verbs = (*CANCEL_SUBMISSION_WORDS, *(DELETE_VERBS if deletes_submission(text) else ()))
    for verb in verbs:
        for found in re.finditer(re.escape(verb), folded):
            before = folded[max(0, found.start() - NEGATION_REACH) : found.start()]
            if not any(word in before for word in CANCEL_NEGATIONS):
                return True
    return False


def asks_to_look(text: str) -> bool:
    """ "错了，我要看第二个", "先看下尾号6741的详情": a look at a submission, or its
    details, and not its 注销."""
    folded = "".join(text.split()).lower()
    return any(w in folded for w in (*LOOK_VERBS, *DETAIL_WORDS)) and not says_cancel_verb(text)


async def ask_cancel(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """Name the submission meant (or the one shown last) and ask to confirm its 注销."""
    text = str(tracker.latest_message.get("text") or "")
    refused = typed_answer(text, about="cancel") == "no" and not says_cancel_verb(text)
    if refused and reference_in(tracker) is None and not acceptance_number(text):
        # "不撤了" after the question was left for a digression: the 注销 word is refused.
        # "不对，我说的是第一个" points at another one: that is the one asked about.
        dispatcher.utter_message(response=CANCEL_DECLINED)
        return [SlotSet("pending_cancel", None)]
    link = await current_link(tracker)
    if link is None:
        # the list after the login, and the 注销 still wanted of the one picked from it
        return await offer_login(dispatcher, tracker, CANCEL_REQUEST)
    entry = reference_in(tracker)
    if entry is None:
        try:
            entry = await reference_unlisted(tracker, link)
        except PortalError as error:
            return await portal_failed(error, dispatcher, tracker, "progress")
    selected = tracker.get_slot("selected_submission")
    if entry is None and not selected:
        entry = named_just_before(tracker)
    if entry is None and names_another(text, tracker.get_slot("progress_list") or [], selected):
        selected = None  # another one meant, none named for sure: asked which, never guessed
    number = entry["no"] if entry else acceptance_number(text) or selected
    status = status_named(text)
    listed_so = [e for e in tracker.get_slot("progress_list") or [] if e.get("status") == status]
    if not number and status in UNCANCELLABLE_STATUSES and listed_so:
        # "把审核通过的撤了": none of those can be, whichever is meant.
        dispatcher.utter_message(response=UNCANCELLABLE_STATUSES[status])
        return [SlotSet("pending_cancel", None)]
    if not number:
        dispatcher.utter_message(response=ASK_WHICH_TO_CANCEL)
        return await first_page(dispatcher, tracker, link, domain)
    try:
        submission = await fetch_one(link, number)
    except NotFound:
        dispatcher.utter_message(response="utter_submission_not_found")
        return [SlotSet("selected_submission", None)]
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    if not submission.can_cancel:
        dispatcher.utter_message(
            response=cannot_cancel_response(submission), **unit_values(submission)
        )
        return [SlotSet("selected_submission", submission.acceptance_no)]
    dispatcher.utter_message(response="utter_confirm_cancel", **unit_values(submission))
    return [
        SlotSet("selected_submission", submission.acceptance_no),
        SlotSet("pending_cancel", submission.acceptance_no),
    ]


async def confirm_cancel(
    dispatcher: CollectingDispatcher, tracker: Tracker, number: str
) -> list[EventType]:
    """Carry out a confirmed 注销 and report the portal's answer."""
    done: list[EventType] = [SlotSet("pending_cancel", None)]
    link = await current_link(tracker)
    if link is None:
        return done + await offer_login(dispatcher, tracker, "progress")
    try:
        async with runtime.portal() as client:
            submission = await runtime.within_deadline(client.cancel_submission(link.token, number))
    except NotAllowed as refusal:
        dispatcher.utter_message(
            response="utter_cancel_refused", reason=str(refusal.reason_text or refusal)
        )
        return done
    except NotFound:
        dispatcher.utter_message(response="utter_submission_not_found")
        return done
    except SessionExpired:
        await runtime.login_store().revoke(tracker.sender_id)
        return done + await offer_login(dispatcher, tracker, "progress", expired=True)
    except PortalError:
        dispatcher.utter_message(response="utter_cancel_portal_down")
        return done
    dispatcher.utter_message(response=CANCELLED_RESPONSE, **unit_values(submission))
    return done
