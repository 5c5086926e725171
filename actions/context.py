"""What a logged-in user's follow-up means, given what is on screen (issue 12).

The NLU reads each message alone, and a short follow-up about one's own submissions
is easily read as another request: "我要修改这个" as a 注销, "为啥不能撤" as a 注销 again,
"审核通过的呢" as a look-up, "单位基本信息变更那个" as a unit's type. These kinds are
read here, before the action the NLU chose answers (:class:`AnsweringAction.run
<actions.confirmation.AnsweringAction>`):

- a why/how/can-I question about a 注销 ("为啥不能撤", "撤回了还能再申请吗") is a
  question, answered from the guide (faq/fix_data, or faq/resubmit), never a 注销;
- a bare follow-up "X的呢" right after a guide answer asks that topic again for X, and
  "单位的呢", "那个人的呢" the last type-dependent answer for that type;
- "我前几天报了失业登记，现在弄好了没有" is a look-up of the user's own submissions, and
  so is "你能直接帮我看吗" right after the guide's answer on checking progress;
- an item named whole ("单位基本信息变更那个") is that item, on the page shown or not;
- "看看列表" is the list again;
- a question about the content of the submission just shown ("缺什么材料",
  "就是说身份证号错了？") gets its details again, with the reviewer's note;
- a slip in one's own data ("我提交的时候身份证号填错了") or a change asked for
  ("我要修改这个") is how to fix it: the advice of the submission on screen, or the
  guide's faq/fix_data. A change is never a 注销, and one proposed for the submission
  just shown ("我重新扫一下，直接在办事进度里改就行吧") is that submission's advice.

Logged in or not, a message the NLU read as a bare yes or no with no question
pending, or could not place, is read by what else it says (:func:`read_unsure_reading`):
"好吧，那还是帮我转人工" asks for a person, "经办人呢" after the documents asks a question
of the guide.

Each returns ``None`` when the message is not of its kind, so the action goes on.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    MIN_ANSWER_CONFIDENCE,
    NLU_FALLBACK,
    WHERE,
    advise,
    advise_shown,
    answer_topic,
    applicant_type_of,
    asks_for_person,
    compares_types,
    cued_topic,
    fallback_reply,
    first_action_of_turn,
    previous_bot_turn,
    reanswer_for_type,
    speaks_for_unit,
    stated_type,
)
from actions.cancel import asks_about_cancelling, supposes_after_cancel, wants_cancel
from actions.listing import (
    fetch_one,
    first_page,
    name_chars,
    newest_items,
    reference_in,
    show_details,
)
from actions.names import OFFER_HANDOFF, OFFER_RESPONSE
from actions.portal_session import (
    LOGGED_IN_RESPONSE,
    LOGIN_LINK_RESPONSE,
    current_link,
    offer_login,
    portal_failed,
)
from actions.references import (
    MIN_NAME_RUN,
    MIN_PART_RUN,
    REJECTED,
    acceptance_number,
    named_by,
    number_of,
    only_a_status,
    resolve_reference,
    status_named,
    without_standing,
)
from actions.topics import (
    TOPIC_TITLES,
    answered_topic,
    asks_beyond_guide,
    asks_social_matter,
    asks_whole_import,
    asks_whom,
    cancel_ordered_last,
    carried_by_runner_up,
    corrected_menu_payload,
    corrected_type,
    corrects_type_choice,
    disputes_result,
    faq_ranking,
    insists_supplied,
    is_off_topic,
    is_vague,
    operates_after_batch,
    plain_topic,
    selected_topic,
    states_own_type,
    topic_of_response,
)
from actions.words import (
    ADDRESS_SLIP_RE,
    AFTER_WORDS,
    ANSWER_PART_RE,
    ASKS_WHAT_BOT_DOES_RE,
    AT_ONCE_WORDS,
    BACK_REFERENCE_RE,
    BARE_LOOK_RE,
    BARE_SHOW_ORDERS,
    BARE_STANDING_RE,
    BARE_STATUS_RE,
    BARE_WHERE,
    BARE_WHICH_RE,
    BATCH_WORDS,
    CALL_INSTEAD_WORDS,
    CANCEL_FAILS_RE,
    CANCEL_SUBMISSION_WORDS,
    CHANGE_WORDS,
    CLOSING_MARKS,
    CONFIRM_ASKED_TAIL_RE,
    CREDENTIALS_SOURCE_RE,
    DATA_CHANGE_RE,
    DATA_FIELDS,
    DATA_SLIP_WORDS,
    DATA_WRONG_WORDS,
    DISTRICT_LEVEL_RE,
    DO_IT_FOR_ME_WORDS,
    DO_IT_VERBS,
    DONE_AFTER_WORDS,
    DONE_LEAD_RE,
    DONE_WORDS,
    DONE_YET_WORDS,
    ENGLISH_SUPPOSING_WORDS,
    FILED_NOUNS,
    FIRST_PAGE_WORDS,
    FIX_ASK_WORDS,
    FIX_VERBS,
    FOLLOWUP_END,
    FOLLOWUP_LEADS,
    FOLLOWUP_TRAIL,
    GUIDE_LISTS,
    HOW_TO_CHECK,
    HOW_WORDS,
    INTRODUCING_WORDS,
    ITEM_CONTENT_WORDS,
    LATIN_OWN_LOOK_RE,
    LIST_ALL_TAIL,
    LIST_ALL_WORDS,
    LIST_LOOK_WORDS,
    LIST_ORDER_WORDS,
    LIST_WORDS,
    LOGIN_SLIP_WORDS,
    LOGIN_VERBS,
    LOOK_AFTER_WORDS,
    LOOK_ORDER_LEADS,
    LOOK_ORDER_WORDS,
    LOOK_VERBS,
    LOST_IN_ANSWER_WORDS,
    MEANING_WORDS,
    MEANT_STEP_TOPICS,
    MIN_STORY_CHARS,
    MODIFY_WORDS,
    MONTH_ONLY_RE,
    NEW_UNIT_WORDS,
    NEXT_STEP_WORDS,
    NO_MAILBOX_WORDS,
    NOT_A_QUESTION,
    NOT_OWN_DATA_WORDS,
    NOT_PORTAL_SUBMISSION_WORDS,
    NOT_SUBMISSION_THINGS,
    NOT_SUBMISSIONS_WORDS,
    NOT_TICKET_WORDS,
    NOTHING_MORE,
    ON_THE_PAGE_WORDS,
    ONCE_FIXED_AGAIN_RE,
    OPENED_ALREADY_RE,
    OPENING_WORDS,
    OPERATE_WHERE_WORDS,
    OPERATE_WORDS,
    OR_WORDS,
    ORDER_POLITE_LEADS,
    ORDER_POLITE_TAILS,
    OUTCOME_WORDS,
    OWN_CASE_WORDS,
    OWN_FILED_RE,
    OWN_LOOK_SAID_RE,
    OWN_ONES_RE,
    OWN_PROGRESS,
    OWN_SUBMISSIONS_RE,
    OWN_SUBMITTED_RE,
    OWN_SUBMITTED_WORDS,
    PAST_DAYS_RE,
    PLACE_FILLERS,
    PLACE_ON_PAGE_RE,
    POINTING_WORDS,
    PROGRESS_NOUNS,
    QUERY_RESULT_WRONG_RE,
    QUESTION_END,
    REFUSES_LOGIN_RE,
    REJECTION_TOLD_RE,
    REPEAT_WORDS,
    REPEATED_TOPIC_CUES,
    RESET_FORM_NAME_RE,
    RESET_FORM_WORDS,
    RESUBMIT_WORDS,
    REVIEWED_YET_RE,
    SAME_ASKED_END_RE,
    SECRET_WORDS,
    SELF_LOOK_WORDS,
    SET_ASIDE_RE,
    SIGN_IN_WORDS,
    SPOKEN_FILLERS,
    STANDING_AFTER_WORDS,
    STATUS_CASE_END,
    STEP_NAMED_RE,
    STEP_TOPICS,
    STEPS_TOLD_DONE,
    STILL_CHANGEABLE_WORDS,
    STILL_NOT_WORDS,
    STILL_WAITING,
    STORY_TAIL_CHARS,
    SUBMIT_VERBS,
    SUBMITTED_WHEN_WORDS,
    SUPPOSING_END,
    SUPPOSING_WORDS,
    TICKET_CUES,
    TYPE_FOLLOWUP_PARTICLE,
    TYPE_FOLLOWUP_WORDS,
    USE_WORDS,
    WAIT_SPAN_RE,
    WAIT_SPAN_WORDS,
    WAITING_FOR,
    WANT_LEADS,
    WEBSITE_WORDS,
    WHAT_NOW_RE,
    WHAT_NOW_WORDS,
    WHEN_DONE_RE,
    WHEN_WORDS,
    WHERE_WORDS,
    WHICH_ONES_WORDS,
    WHOLE_FLOW_WORDS,
    WHY_FILLERS,
    WHY_OF_REFUSAL_WORDS,
    WHY_OF_WAIT,
    WHY_WORDS,
    YES_LEAD_RE,
)
from actions.yesno import asks_something, clauses, says_more_than_yes_no
from bot.nlu.text import unglossed
from portal_client import NotFound, PortalError, SubmissionStatus

CHECK_PROGRESS = "action_check_progress"
SHOW_RE = re.compile(r"\bshow\b")
#: The guide's order of doing things (its questions 1–8 and the seven steps): what comes
#: after the topic just answered, for "然后呢".
NEXT_TOPIC = {
    "documents": "open_online",
    "open_online": "login_methods",
    "citizen_mailbox": "login_methods",
    "agent_agreement": "login_methods",
    "login_methods": "how_to_operate",
    "how_to_operate": "check_progress",
    "review_vs_query": "check_progress",
    "check_progress": "fix_data",
    "fix_data": "resubmit",
    "resubmit": "contact",
    # a password reset at the counter, the way in with it is next
    "password_lost": "login_methods",
    # "第三步是啥", "然后呢": the seven steps go on, in the same answer
    "flow": "flow",
}
#: "第五步呢", "那第三步是啥意思": a step named in a few words, however the NLU read it.
MAX_STEP_FOLLOWUP_CHARS = 12
#: "然后呢" is a few characters; a longer message says what it asks.
MAX_NEXT_STEP_CHARS = 12
#: "审核通过的(错了)呢" after the answer on submitting again, which holds only for the
#: unreviewed and the rejected: what each status allows is the answer on fixing data.
STATUS_CASES_TOPIC = {"resubmit": "fix_data"}
#: A rejection supposed after the answer on the review or on checking progress.
REJECTED_CASE_TOPIC = {
    "review_vs_query": "fix_data",
    "check_progress": "fix_data",
    "how_to_operate": "fix_data",
    "flow": "fix_data",
}
#: The responses that show one submission: the user's next words may be about it.
SHOWN_RESPONSES = frozenset(
    {
        "utter_submission_detail",
        "utter_selected_submission_advice",
        "utter_cannot_cancel_approved",
        "utter_cannot_cancel_cancelled",
        "utter_cannot_cancel_query",
        "utter_cancel_declined",
        "utter_confirm_cancel",
    }
)
#: "审核通过的呢" is a follow-up; a longer "X的呢" says enough to be read alone.
MAX_FOLLOWUP_CHARS = 10
#: "那机关事业单位呢": a type named, and nothing else, is this short.
MAX_TYPE_FOLLOWUP_CHARS = 6
#: Follow-ups as short as "去哪里办" or "要带什么东西去"; longer messages keep the
#: topic the NLU chose.
SHORT_FOLLOWUP_CHARS = 12
#: "那如果是我个人自己开通呢": a supposed type, with a few words of who.
MAX_SUPPOSED_TYPE_CHARS = 16
#: "我们下面还有个…": how far into its clause the introducing word may stand.
INTRODUCING_REACH = 6
#: "我们还有个民办的分校，那个呢" is about this long; longer says what it asks.
MAX_INTRODUCED_TYPE_CHARS = 20
#: "看看列表", "再看一下列表": a longer message with 列表 in it asks something else.
MAX_LIST_REQUEST_CHARS = 12
#: A bare item name ("单位参保登记") is looked up beyond the page shown up to this long.
MAX_BARE_NAME_CHARS = 12
FAQ_PREFIX = "utter_faq/"
#: The intents of a bare yes or no (answered by action_followup when nothing is asked).
YES_NO_INTENTS = frozenset({"affirm", "deny"})
#: A bare "经办人呢" the NLU could not place is answered when its FAQ selector is this sure.
SURE_BARE_TOPIC = 0.9
#: A question the NLU could not place right after a submission's details is about it,
#: and answered when the FAQ selector is this sure of the guide's topic.
SURE_TOPIC_ON_SHOWN = 0.8
#: The bot's turns after which a bare "都有哪些" asks which submissions one has.
LOOKED_AT = frozenset({LOGGED_IN_RESPONSE, "utter_progress_list", "utter_progress_list_more"})
#: After the guide's silence, a follow-up for another case takes the topic this sure.
SURE_AFTER_SILENCE = 0.6
#: Guide topics about changing the login, which a bare "咋改" is easily read as.
LOGIN_CHANGE_TOPICS = frozenset({"change_password"})
#: The bot's refusals of a 注销: a bare "为啥" after one asks the guide's rule.
QUERY_REFUSED = "utter_cannot_cancel_query"
REFUSED_CANCELS = frozenset(
    {"utter_cannot_cancel_approved", "utter_cannot_cancel_cancelled", QUERY_REFUSED}
)


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "").strip()


#: Answers told in numbered ways (the guide's 方式一 and 方式二 of logging in).
NUMBERED_WAYS_TOPICS = frozenset({"login_methods"})


def repeated_topic(tracker: Tracker) -> str | None:
    """ "进度那个再说下" after an answer of two topics: the one named, asked again; "再说一遍"
    after an answer of one topic: that one."""
    text = text_of(tracker).lower()
    # "第二种方式是啥意思" after the two ways of logging in: that answer again.
    part = ANSWER_PART_RE.search(text) and (
        asks_something(text) or any(w in text for w in LOST_IN_ANSWER_WORDS)
    )
    repeat = any(w in text for w in REPEAT_WORDS)
    if not part and not repeat:
        return None
    said = previous_bot_turn(tracker)
    if part and OFFER_RESPONSE in said:
        # "还是不懂" brought the offer of a person; "方式二是什么意思" still asks the answer
        said = previous_bot_turn(tracker, back=2)
    answered = {t for r in said if (t := topic_of_response(r)) is not None}
    if not repeat:
        # Only an answer told in numbered ways has a "方式二" to ask about.
        answered &= NUMBERED_WAYS_TOPICS
    named = [t for t in answered if any(w in text for w in REPEATED_TOPIC_CUES.get(t, ()))]
    if len(named) == 1:
        return named[0]
    if len(answered) == 1 and not any(
        w in text for cues in REPEATED_TOPIC_CUES.values() for w in cues
    ):
        return next(iter(answered))
    return None


def previous_faq_topic(tracker: Tracker) -> str | None:
    """The guide topic (``utter_faq/<topic>``) the bot's previous answer gave, if any."""
    topics = [
        r[len(FAQ_PREFIX) :]
        for r in previous_bot_turn(tracker)
        if r.startswith(FAQ_PREFIX) and r[len(FAQ_PREFIX) :] in TOPIC_TITLES
    ]
    return topics[0] if len(topics) == 1 else None


def nlu_answers_faq(tracker: Tracker) -> bool:
    """Whether the NLU found a guide topic it is sure enough of to answer."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent == "faq" and selected_topic(tracker)[1] >= MIN_ANSWER_CONFIDENCE


def self_service_topic(text: str) -> str | None:
    """What a user who will not log in here asks to do on the portal themselves: change
    or cancel a submission, or look at its progress, or whom to call instead; ``None``
    for anything else."""
    folded = text.lower()
    if any(w in folded for w in CALL_INSTEAD_WORDS):
        return "contact"
    if any(w in folded for w in (*CANCEL_SUBMISSION_WORDS, *MODIFY_WORDS)):
        return "fix_data"
    if any(w in folded for w in SELF_LOOK_WORDS):
        return "check_progress"
    return None


def rule_topic(text: str) -> str:
    """The guide topic a question about the 注销 rule asks: submitting again, or fixing."""
    return "resubmit" if any(w in text.lower() for w in RESUBMIT_WORDS) else "fix_data"


def story_of_a_slip(text: str) -> bool:
    """ "…说是审核没通过…我现在要怎么弄啊", "…工资多打了一个零，现在已经提交了…到底咋办":
    a story of one's submission rejected or filed wrong, ending in a bare "what now",
    which is how to fix data (modify or cancel through 办事进度查询)."""
    parts = clauses(text)
    if len(parts) < 2 and len(text) < MIN_STORY_CHARS:
        return False
    tail = "".join(text.split())[-STORY_TAIL_CHARS:]
    if not WHAT_NOW_RE.search(tail):
        return False
    told = says_data_slip(text) or REJECTION_TOLD_RE.search(text) is not None
    return told and not asks_social_matter(text)


def says_data_slip(text: str) -> bool:
    """ "身份证号填错了", "金额有误": a slip in the data of a submission, not of a login
    nor of the applicant type just said ("打错了 是企业 不是机关")."""
    folded = text.lower()
    if any(w in folded for w in (*LOGIN_SLIP_WORDS, *NOT_OWN_DATA_WORDS)):
        return False
    if QUERY_RESULT_WRONG_RE.search(folded):
        return False  # "我的参保证明打出来信息不对啊": a query's result, disputed
    if corrected_type(text) or corrects_type_choice(text):
        return False
    if any(w in folded for w in DATA_SLIP_WORDS):
        return True
    return any(
        field in text and any(w in text[text.index(field) :] for w in DATA_WRONG_WORDS)
        for field in DATA_FIELDS
    )


def step_topic(text: str) -> str | None:
    """The topic of a step of the guide's seven named in ``text`` ("第六步说的修改在哪改"
    is fixing the data), or ``None``: what a step means, asked as such, is the flow, and
    what the message asks in its own words beside the step outweighs the step's topic
    ("第一步登录用哪个网址", "第四步提交完发现填错了怎么办", "第四步提交以后呢")."""
    step = STEP_NAMED_RE.search(text)
    lowered = text.lower()
    if step is None:
        return None
    if any(w in lowered for w in WEBSITE_WORDS):
        return "website"  # "第一步的网址是啥": the address asked, however it is asked
    if any(w in lowered for w in NEW_UNIT_WORDS):
        return "open_online"  # "我们公司刚成立…第一步要干嘛": no account yet to log in with
    if CREDENTIALS_SOURCE_RE.search(lowered):
        return "open_online"  # "第一步要登录，用户名哪来": the counter issues it, at opening
    digit = step.group(1) or step.group(2)
    if any(w in lowered for w in MEANING_WORDS):
        return MEANT_STEP_TOPICS.get(number_of(digit), "flow")
    if says_data_slip(text):
        return "fix_data"
    if any(w in lowered for w in OPENING_WORDS) and not OPENED_ALREADY_RE.search(lowered):
        return "open_online"  # "第一步是先去窗口开通对吧": the opening, before the steps
    if asks_something(text) and any(w in lowered for w in RESUBMIT_WORDS):
        return "resubmit"  # "第六步说修改注销后再提交，什么情况下才可以"
    rest = lowered[step.end() :]
    if any(verb + after in rest for verb in SUBMIT_VERBS for after in DONE_AFTER_WORDS):
        return "review_vs_query"  # what happens once it is in: the review, or the result
    return STEP_TOPICS[number_of(digit)]


def asks_to_modify(text: str) -> bool:
    """ "我要修改这个", "那你帮我改一下": a change asked for (a question about it is not,
    nor a change of the login or of the applicant type)."""
    folded = text.lower()
    return (
        any(w in folded for w in MODIFY_WORDS)
        and not asks_something(text)
        and not any(w in folded for w in (*LOGIN_SLIP_WORDS, *NOT_OWN_DATA_WORDS))
        and not states_own_type(text)  # "更正一下，我们是民办非企业单位": the type
    )


def proposes_change(text: str) -> bool:
    """ "我重新扫一下，直接在办事进度里改就行吧", "能补传吗": a change of one's submission,
    proposed or asked about; a change of the login ("改密码") or of the type is not one."""
    folded = text.lower()
    return any(w in folded for w in CHANGE_WORDS) and not any(
        w in folded for w in (*LOGIN_SLIP_WORDS, *NOT_OWN_DATA_WORDS)
    )


def asks_own_status(text: str) -> bool:
    """ "我前几天在网上报了失业登记，现在弄好了没有": whether one's own submission is done."""
    folded = text.lower()
    asking = without_standing(folded)
    if any(
        w in asking for w in (*HOW_TO_CHECK, *HOW_WORDS, *WHY_WORDS, *NOT_PORTAL_SUBMISSION_WORDS)
    ):
        return False
    if any(w in folded for w in (*TICKET_CUES, *NOT_SUBMISSION_THINGS)) and not any(
        w in folded for w in NOT_TICKET_WORDS
    ):
        return False  # "我的工单怎么样了": the hand-off's status
    own = (
        any(w.lower() in folded for w in OWN_SUBMITTED_WORDS)
        or bool(OWN_SUBMITTED_RE.search(folded))
        or bool(OWN_SUBMISSIONS_RE.search(folded))  # "本单位所报事项目前状态如何"
    )
    return own and any(w in folded for w in DONE_YET_WORDS)


def orders_look_at_outcome(text: str) -> bool:
    """ "想查一下职业年金基数申报为什么被退回了", "想看看社保基数申报的结果": a look at the
    outcome of something filed, which only the user's own submission shows (its status and
    the reviewer's note), not how the portal shows outcomes."""
    folded = text.lower()
    if any(w in folded for w in (*HOW_TO_CHECK, *HOW_WORDS)):
        return False
    return (
        any(w in folded for w in LOOK_ORDER_WORDS)
        and any(w in folded for w in FILED_NOUNS)
        and any(w in folded for w in OUTCOME_WORDS)
    )


def asks_own_submissions(text: str) -> bool:
    """ "那我能在这里看我自己的申报吗", "登录查一下单位办事": to see one's own submissions."""
    folded = text.lower()
    asking = SHOW_RE.sub("", folded)  # "show me" holds "how "
    asking = SET_ASIDE_RE.sub("", asking)  # "不是问方法，你直接帮我查我自己的那条"
    if any(w in asking for w in (*HOW_TO_CHECK, *HOW_WORDS, *SECRET_WORDS)):
        return False
    named = OWN_SUBMISSIONS_RE.search(folded) or OWN_FILED_RE.search(folded)
    if named:
        return any(w in folded for w in LIST_LOOK_WORDS)
    # "把申报列给我": a list ordered of what is filed can only be the user's own
    return (
        any(w in folded for w in LIST_ORDER_WORDS)
        and any(w in folded for w in PROGRESS_NOUNS)
        and not any(w in folded for w in GUIDE_LISTS)
    )


def asks_to_look_up(text: str) -> bool:
    """ "你能直接帮我看吗", "帮我查一下": the bot asked to look, not how to."""
    folded = text.lower()
    return any(w in folded for w in DO_IT_FOR_ME_WORDS) and not any(
        w in folded for w in (*HOW_TO_CHECK, *HOW_WORDS)
    )


def orders_own_look(text: str) -> bool:
    """ "先别急着教我，帮我查查我自己的办事进度": the bot told to look at one's own, whatever
    else the story asks; "我是说查我自己的" (read as the type 个人), in a few words."""
    compact = "".join(text.lower().split()).rstrip(CLOSING_MARKS)
    if OWN_LOOK_SAID_RE.search(compact):
        return True
    return (
        asks_to_look_up(text)
        and any(w in text for w in OWN_CASE_WORDS)
        and any(w in text for w in LOOK_VERBS)
        and any(w in text for w in PROGRESS_NOUNS)
    )


def asks_for_list(text: str) -> bool:
    """ "看看列表", "再看下全部": the list of submissions again."""
    compact = "".join(text.split()).lower()
    parts = clauses(text)
    if len(compact) > MAX_LIST_REQUEST_CHARS and len(parts) > 1:
        # "哦 原来已经注销过了 那把我们全部的列出来看看": the order, said last
        return asks_for_list(parts[-1])
    if len(compact) > MAX_LIST_REQUEST_CHARS or any(
        w in compact for w in (*HOW_WORDS, *NOT_SUBMISSIONS_WORDS)
    ):
        return False
    if any(w in compact for w in (*LIST_WORDS, *FIRST_PAGE_WORDS, *LIST_ORDER_WORDS)):
        return True
    if bare_order(compact) in BARE_SHOW_ORDERS:
        return True
    if bare_order(compact).rstrip(LIST_ALL_TAIL) in LIST_ALL_WORDS:
        return True  # "全部" over SMS, "所有的": all of them, from the first page
    return any(w in compact for w in LIST_ALL_WORDS) and any(w in compact for w in LIST_LOOK_WORDS)


def asks_which_have_status(text: str) -> bool:
    """ "还没审核的有哪些", "which ones are approved": the list, whose lines say each one's
    status (more may be on the next page than the one shown names)."""
    lowered = text.lower()
    if text.isascii():
        short = len(text.split()) <= MAX_ENGLISH_FOLLOWUP_WORDS
    else:
        short = len("".join(text.split())) <= MAX_LIST_REQUEST_CHARS
    statused = status_named(text) is not None or any(w in text for w in STILL_CHANGEABLE_WORDS)
    return short and statused and any(w in lowered for w in WHICH_ONES_WORDS)


def bare_order(compact: str) -> str:
    """ "麻烦给我看看吧" → "看看": the order without what is said around it."""
    rest = compact.rstrip(FOLLOWUP_TRAIL).rstrip(ORDER_POLITE_TAILS)
    while (lead := next((w for w in ORDER_POLITE_LEADS if rest.startswith(w)), None)) is not None:
        rest = rest[len(lead) :]
    return rest


def is_bare_followup(text: str) -> bool:
    """ "审核通过的呢", "那驳回的呢？": the same question again, for another case."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL).lstrip(FOLLOWUP_LEADS)
    return (
        compact.endswith(FOLLOWUP_END)
        and len(compact) > len(FOLLOWUP_END)
        and len(compact) <= MAX_FOLLOWUP_CHARS
    )


def names_status_case(text: str) -> bool:
    """ "还没审核的", "审核通过的": a status and 的 alone, the case the last answer is
    asked again for when nothing listed is on screen."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL).lstrip(FOLLOWUP_LEADS)
    return (
        (compact.endswith(STATUS_CASE_END) or BARE_STATUS_RE.fullmatch(compact) is not None)
        and len(compact) <= MAX_FOLLOWUP_CHARS
        and status_named(compact) is not None
        and not any(w in compact for w in POINTING_WORDS)
    )


def asks_for_type(text: str) -> bool:
    """ "那单位呢", "企业呢？": a few words and 呢, the last answer asked again for
    whoever they name (the caller checks that they name a type)."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL).lstrip(FOLLOWUP_LEADS)
    body = compact.removesuffix(SUPPOSING_END).removesuffix(TYPE_FOLLOWUP_PARTICLE)
    rest = body
    for word in TYPE_FOLLOWUP_WORDS:
        rest = rest.replace(word, "")
    short = 0 < len(body) <= MAX_TYPE_FOLLOWUP_CHARS
    return compact.endswith(SUPPOSING_END) and short and not rest


def asks_for_introduced_type(text: str) -> bool:
    """ "我们还有个民办的分校，那个呢": another one of the user's brought in and asked
    about with 呢 and nothing else (the caller checks that it names a type)."""
    # "我们下面还有个民非 它呢": a space parts the clauses as a comma does
    parts = clauses(text.rstrip(FOLLOWUP_TRAIL))
    compact = "".join(parts)
    lead = parts[0].lstrip(FOLLOWUP_LEADS) if parts else ""
    return (
        compact.endswith(SUPPOSING_END)
        and len(compact) <= MAX_INTRODUCED_TYPE_CHARS
        and len(parts) == 2
        and any(w in lead[:INTRODUCING_REACH] for w in INTRODUCING_WORDS)
        and parts[1].rstrip(SUPPOSING_END) in POINTING_WORDS
    )


def asks_next_step(text: str) -> bool:
    """ "拿到以后然后呢", "接下来呢": what to do after the step just answered."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL).lower()
    return len(compact) <= MAX_NEXT_STEP_CHARS and any(w in compact for w in NEXT_STEP_WORDS)


def step_told_done(text: str) -> str | None:
    """ "账号密码拿到了": the topic of the guide's step the user says is done."""
    folded = text.lower()
    return next((topic for pattern, topic in STEPS_TOLD_DONE if pattern.search(folded)), None)


def asks_what_now(text: str) -> bool:
    """ "那我接下来能做什么", "现在该咋办": what one may do now, of the one on screen; not of
    the bot ("你能做什么"), nor a result disputed or a document insisted on."""
    folded = text.lower()
    return (
        any(w in folded for w in WHAT_NOW_WORDS)
        and not ASKS_WHAT_BOT_DOES_RE.search(folded)
        and not disputes_result(text)
        and not insists_supplied(text)
    )


def asks_which_after_look(tracker: Tracker, text: str) -> bool:
    """ "都有哪些", "能撤的有哪些" right after the login or the list: one's own, listed
    (whose lines say what each one's status allows)."""
    compact = "".join(ch for ch in text if ch.isalnum())
    return bool(previous_bot_turn(tracker) & LOOKED_AT) and (
        BARE_WHICH_RE.match(compact) is not None or asks_which_have_status(text)
    )


def orders_look_after_login(tracker: Tracker, text: str) -> bool:
    """ "查吧", "好的 看看", "好了，你看吧", "到哪一步了" right after the login: the look-up
    the login was for; "再查一下" with the list taken since (after a 注销, say): the list
    again."""
    compact = DONE_LEAD_RE.sub("", "".join(ch for ch in text.lower() if ch.isalnum()))
    compact = YES_LEAD_RE.sub("", compact)
    if tracker.get_slot("progress_list") and BARE_LOOK_RE.match(compact):
        return True
    return LOGGED_IN_RESPONSE in previous_bot_turn(tracker) and bool(
        BARE_LOOK_RE.match(compact)
        or BARE_WHICH_RE.match(compact)  # "有几条", "所有记录"
        or BARE_STANDING_RE.match(compact)
    )


def asks_same_for_type(text: str) -> bool:
    """ "民办非企业也一样吗" after the enterprise's papers: the last answer asked again for
    the type the message names (not two types compared, "个人和单位一样吗")."""
    compact = "".join(text.split())
    return (
        SAME_ASKED_END_RE.search(compact) is not None
        and len(compact) <= MAX_SUPPOSED_TYPE_CHARS
        and not compares_types(compact.lower())
    )


def supposes_type(text: str) -> bool:
    """ "那如果是我个人自己开通呢", "要是事业单位呢": the last answer asked again, supposing
    another applicant type (which the message states)."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
    if text.isascii():
        # "my colleague works at a public institution, same list?"
        folded = f" {text.lower()} "
        return len(text.split()) <= MAX_ENGLISH_FOLLOWUP_WORDS + 2 and any(
            w in folded for w in ENGLISH_SUPPOSING_WORDS
        )
    return (
        compact.endswith(SUPPOSING_END)
        and len(compact) <= MAX_SUPPOSED_TYPE_CHARS
        and any(w in compact for w in SUPPOSING_WORDS)
    )


#: "approved": a word in Latin letters, said as one word among characters.
LATIN_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*", re.I)


def spoken_length(compact: str) -> int:
    """How long a mixed message is, an English word counting as one character: "要是已经
    approved了呢" is as short as "要是已经通过了呢"."""
    return len(LATIN_WORD.sub("A", compact))


def supposes_case(text: str) -> bool:
    """ "审核通过的错了呢", "要是已经审核通过了呢": the last answer asked again for the case
    of a status."""
    # "already approved 的呢": its end as typed, its status in the guide's words too
    # "嗯那审核通过了的那种呢": the sounds a voice message opens with are no words
    said = "".join(unglossed(text).split()).rstrip(FOLLOWUP_TRAIL).lstrip(SPOKEN_FILLERS)
    return (
        said.endswith(SUPPOSING_END)
        and spoken_length(said) <= MAX_FOLLOWUP_CHARS
        and status_named("".join(text.split())) is not None
    )


def asks_why_rejected(text: str) -> bool:
    """ "这个为什么被驳回", "为啥没通过": why a rejection, which the reviewer's note says."""
    folded = text.lower()
    return any(w in folded for w in WHY_WORDS) and status_named(text) == REJECTED


def asks_why_no_result(text: str) -> bool:
    """ "报了一个星期了为什么还没审核", "一直没动静是怎么回事": why a declaration still waits,
    which the guide answers (review by staff); a rejection's reason is the reviewer's note,
    and "how long" is not in the guide."""
    folded = text.lower()
    why = any(w in folded for w in (*WHY_WORDS, *WHY_OF_WAIT))
    if not why and (any(w in folded for w in WAIT_SPAN_WORDS) or WAIT_SPAN_RE.search(folded)):
        why = not any(w in folded for w in (*DO_IT_FOR_ME_WORDS, *LIST_LOOK_WORDS))
    still = any(w in folded for w in STILL_NOT_WORDS) and any(w in folded for w in WAITING_FOR)
    waiting = folded
    for phrase in STILL_WAITING:
        waiting = waiting.replace(phrase, "")
    rejected = status_named(waiting) == REJECTED
    return why and still and not rejected and not asks_when(text)


def asks_why_at_once(text: str) -> bool:
    """ "为什么参保证明打印一下就好了": why one item shows its result at once and another
    waits, which the guide answers (faq/review_vs_query)."""
    folded = text.lower()
    return any(w in folded for w in WHY_WORDS) and any(w in folded for w in AT_ONCE_WORDS)


def asks_when(text: str) -> bool:
    """ "那它什么时候会审", "审核一般要多久": when or how long ("我前几天转过人工" tells when)."""
    folded = PAST_DAYS_RE.sub("", text.lower())
    return any(w in folded for w in WHEN_WORDS) and not any(w in folded for w in NOT_A_QUESTION)


def asks_why_not_cancelled(text: str) -> bool:
    """ "为什么删不了", "为啥撤不掉": why the 注销 fails, asked in a few words."""
    compact = "".join(text.split()).lower()
    return (
        len(compact) <= SHORT_WHY_CHARS
        and any(w in compact for w in WHY_WORDS)
        and CANCEL_FAILS_RE.search(compact) is not None
    )


#: The most characters "为什么删不了" takes before it says more than why.
SHORT_WHY_CHARS = 12


def is_bare_why(text: str) -> bool:
    """ "为啥", "为什么呀？": a why and nothing else."""
    whole = "".join(text.split()).rstrip(FOLLOWUP_TRAIL).lower()
    compact = whole
    for word in WHY_WORDS:
        compact = compact.replace(word, "")
    if compact == whole:
        return False
    for word in WHY_OF_REFUSAL_WORDS:
        compact = compact.replace(word, "")
    return not compact.strip(WHY_FILLERS)


def asks_if_again_beside(text: str) -> bool:
    """ "咋没通过 改了能重新交吗": whether it can go in again, asked beside something else;
    "填错的那个职工改好后怎么再提交": how it goes in again once fixed."""
    parts = clauses(text)
    # "是改还是重新交": submitting again, one of two ways asked between
    how_again = any(h + w in text for h in (*HOW_WORDS, *OR_WORDS) for w in RESUBMIT_WORDS)
    # "那我重新提交一份灵活就业参保要怎么弄": the how said after what is done again
    # "重新报的话还是在原来那个事项里再提交吗": two ways of going in again, weighed
    how_after = any(
        any(w in part for w in RESUBMIT_WORDS) and any(h in part for h in (*HOW_WORDS, *OR_WORDS))
        for part in parts
    )
    return (
        how_again
        or how_after
        or (
            (asks_something(text) or CONFIRM_ASKED_TAIL_RE.search(text) is not None)
            and ONCE_FIXED_AGAIN_RE.search(text) is not None
        )
        or (
            len(parts) > 1
            and any(
                asks_something(part) and any(w in part for w in RESUBMIT_WORDS) for part in parts
            )
        )
    )


def asks_about_content(text: str) -> bool:
    """ "缺什么材料", "就是说身份证号错了？", "为啥没通过": about what the submission shown
    says; not whether or how a slip can be fixed ("我填错了，还能改吗"), which the guide
    answers."""
    folded = text.lower()
    if any(w in folded for w in FIX_ASK_WORDS) or any(
        how + verb in folded for how in HOW_WORDS for verb in FIX_VERBS
    ):
        return False
    if asks_if_again_beside(text):
        return False  # "咋没通过 改了能重新交吗": whether it can go in again, the guide's
    if proposes_change(text):
        return False  # "身份证号填错一个，我自己改掉就行？": whether the change will do
    return (
        any(w in folded for w in ITEM_CONTENT_WORDS)
        or asks_why_rejected(text)
        or (asks_something(text) and says_data_slip(text))
    )


def may_name_unlisted(text: str) -> bool:
    """Whether ``text`` may name a submission by its item ("单位基本信息变更那个"): enough
    characters beyond pointing words and fillers for a name, so that "好的谢谢" costs no
    look-up."""
    how = any(w in text.lower() for w in HOW_WORDS) and not any(w in text for w in WHY_OF_WAIT)
    pointing = any(w in text for w in POINTING_WORDS)
    if pointing and not how and (DISTRICT_LEVEL_RE.search(text) or MONTH_ONLY_RE.search(text)):
        return True  # "区里办的那个", "九月那个": by its office or its month, in few words
    if pointing and only_a_status(text):
        return True  # "被驳回的那个" with another page on screen: by its status
    if name_chars(text) < MIN_NAME_RUN or how:
        return False
    return pointing or (len(text) <= MAX_BARE_NAME_CHARS and not asks_something(text))


def points_at_a_name(text: str) -> bool:
    """ "补贴那个": a part of an item's name and a pointing word, too short for
    :func:`may_name_unlisted` alone, and asking nothing."""
    return (
        # "职业技能提升补贴的到哪了": how it stands asked points at it as well
        (any(w in text for w in POINTING_WORDS) or REVIEWED_YET_RE.search(text) is not None)
        and name_chars(text) >= MIN_PART_RUN
        and len(text) <= MAX_BARE_NAME_CHARS
        # (how it stands is the one question it may ask)
        and not asks_something(REVIEWED_YET_RE.sub("", text))
    )


def wants_own_progress(text: str, *, logged_in: bool) -> bool:
    """ "看下进度", "查我们单位办事进度": the user's own list, not how the portal shows it."""
    folded = text.lower()
    if any(cue in folded for cue in HOW_TO_CHECK):
        return False
    lead = next((w for w in WANT_LEADS if folded.strip().startswith(w)), "")
    # "我想查进度": the look ordered, after a word of wanting
    ordered = folded.strip()[len(lead) :].startswith(LOOK_ORDER_LEADS) and not asks_something(text)
    return (
        logged_in
        or ordered
        or any(word in folded for word in OWN_PROGRESS)
        or LATIN_OWN_LOOK_RE.search(folded) is not None
    )


#: The two guide topics a question about the order of logging in and doing tells apart.
LOGIN_OR_OPERATE = frozenset({"login_methods", "how_to_operate"})


def asked_after(text: str, topic: str | None, ranking: list[str]) -> str | None:
    """ "签完以后怎么登录", "登录以后怎么办事": A以后怎么B asks B. How to log in, asked
    after the turn, is the login whatever A is; with logging in and operating the
    selector's first two topics, the words after the turn choose."""
    lowered = text.lower()
    # the last turn in the sentence: "开通后登录进去，怎么办业务" asks what comes after both;
    # one that ends it asks nothing after it ("开好了以后哪能登进去": 登进去 is what is asked)
    said = lowered.rstrip(FOLLOWUP_TRAIL)
    turns = [w for w in AFTER_WORDS if 0 <= said.rfind(w) < len(said) - len(w)]
    if not turns:
        return topic
    marker = max(turns, key=lowered.rfind)
    head, tail = lowered.rsplit(marker, 1)
    spans_steps = any(w in tail for w in (*LOGIN_VERBS, *OPERATE_WORDS, *USE_WORDS))
    # "开通以后到底怎么一步步办": the steps after the opening are the portal's seven
    after_opening = OPENED_ALREADY_RE.search(lowered) is not None and any(
        w in tail for w in HOW_WORDS
    )
    if (spans_steps or after_opening) and any(w in tail for w in WHOLE_FLOW_WORDS):
        return "flow"  # "开通以后从登录到提交一步一步怎么用": the seven steps
    if any(w in tail for w in HOW_WORDS) and any(verb in tail for verb in LOGIN_VERBS):
        return "login_methods"  # "签完以后怎么登录", however sure the selector of 签
    if any(w in tail for w in LOOK_AFTER_WORDS) and any(w in tail for w in STANDING_AFTER_WORDS):
        return "check_progress"  # "弄好以后咋个查办得怎么样了": how it stands, once handed in
    logged_in_first = any(verb in head for verb in LOGIN_VERBS)
    if logged_in_first and any(w in tail for w in OPERATE_WORDS):
        return "how_to_operate"  # "登入后怎么办理事项": what is done once logged in
    if topic not in LOGIN_OR_OPERATE or set(ranking[:2]) != LOGIN_OR_OPERATE:
        return topic
    if any(verb in tail for verb in LOGIN_VERBS):
        return "login_methods"
    if any(word in tail for word in OPERATE_WORDS):
        return "how_to_operate"
    return topic


def asks_where_only(text: str) -> bool:
    """ "在哪办理", "去哪里办": where to go (the 受理点), not the website's address or a
    place on the portal's pages."""
    lowered = text.lower()
    return (
        any(word in lowered for word in WHERE_WORDS)
        and not any(word in lowered for word in (*WEBSITE_WORDS, *ON_THE_PAGE_WORDS))
        and not DATA_CHANGE_RE.search(lowered)
        # "开好了去哪里登陆": where one logs in, the site; "地址填错了": a slip of data
        and not any(verb in lowered for verb in SIGN_IN_WORDS)
        and not ADDRESS_SLIP_RE.search(lowered)
    )


def asks_bare_where(text: str) -> bool:
    """ "在哪", "哪里呢": where, of what the answer before named."""
    compact = YES_LEAD_RE.sub("", "".join(text.split()).lower().rstrip(FOLLOWUP_TRAIL))
    return compact in BARE_WHERE


#: "Where do we go to do it?", "which form do we fill in at the counter?": a follow-up
#: in English this many words long is short.
MAX_ENGLISH_FOLLOWUP_WORDS = 10


def is_short_followup(text: str) -> bool:
    """A follow-up short enough to lean on the answer before it ("去哪办", "where to go?")."""
    text = unglossed(text)
    if text.isascii():
        return len(text.split()) <= MAX_ENGLISH_FOLLOWUP_WORDS
    return len("".join(text.split())) <= SHORT_FOLLOWUP_CHARS


#: Answers that tell something done on the portal's pages, where "点哪里" next asks
#: the same again (the guide names the item, never the page's layout).
DONE_ON_PAGES_TOPICS = frozenset(
    {
        "change_password",
        "check_progress",
        "fix_data",
        "resubmit",
        "how_to_operate",
        "login_methods",
        "batch",
    }
)
#: "登进去以后在哪个菜单改": what is left once the place asked and the turn are taken out
#: is a verb at most when no other matter is brought in ("进度查询在哪个菜单" brings one).
MAX_PLACE_FOLLOWUP_CHARS = 3


def asks_place_of_last(text: str, topic: str | None) -> bool:
    """ "点哪里", "登进去以后在哪个菜单改" right after how to change a password: where on
    the pages, of what the last answer told."""
    if topic not in DONE_ON_PAGES_TOPICS or operates_after_batch(text, topic):
        return False
    lowered = text.lower()
    marker = max(AFTER_WORDS, key=lowered.rfind)
    tail = lowered.rsplit(marker, 1)[1] if marker in lowered else lowered
    place = PLACE_ON_PAGE_RE.search(tail)
    if place is None:
        return False
    rest = "".join((tail[: place.start()] + tail[place.end() :]).split()).strip(PLACE_FILLERS)
    if len(rest) > MAX_PLACE_FOLLOWUP_CHARS and not tail.isascii():
        return False
    if topic != "how_to_operate" and any(w in rest for w in (*OPERATE_WORDS, *DO_IT_VERBS)):
        # "登录好以后点哪里办" after the ways of logging in: where an item is done, next
        return False
    return plain_topic(tail) in (None, topic)


def asks_where_online(text: str) -> bool:
    """ "网上在哪操作": where or how online a thing is done, which the guide's steps say,
    whichever submission is named or shown."""
    return any(w in text for w in OPERATE_WHERE_WORDS)


def selected_entry(tracker: Tracker) -> dict[str, Any] | None:
    """The listed entry of the submission picked last, if it is on the list kept."""
    selected = tracker.get_slot("selected_submission")
    items = tracker.get_slot("progress_list") or []
    return next((e for e in items if e.get("no") == selected), None)


def asks_reset_form(text: str, type_topic: str | None) -> bool:
    """ "要填什么申请单", "那个表格叫啥" right after the reset: the form its answer names."""
    lowered = text.lower()
    return type_topic == "password_lost" and (
        is_short_followup(text)
        and any(w in lowered for w in RESET_FORM_WORDS)
        or RESET_FORM_NAME_RE.search(lowered) is not None
    )


async def shown_status(tracker: Tracker) -> str | None:
    """The status of the submission on screen right now, if one is (one from a page not
    listed any more is asked of the portal)."""
    selected = tracker.get_slot("selected_submission")
    if not selected or not previous_bot_turn(tracker) & SHOWN_RESPONSES:
        return None
    entry = selected_entry(tracker)
    listed = entry.get("status") if entry is not None else None
    link = await current_link(tracker) if listed is None else None
    if link is None:
        return listed
    try:
        return (await fetch_one(link, str(selected))).status.label
    except PortalError:
        return None  # NotFound too: nothing on screen to say it of


def speaks_of_mailbox(tracker: Tracker, topic: str | None) -> bool:
    """Whether the citizen mailbox is what the talk is on: just answered, or answered the
    turn before the ways in it led to ("那我用啥登录")."""
    if topic == "citizen_mailbox":
        return True
    return topic == "login_methods" and "utter_faq/citizen_mailbox" in previous_bot_turn(
        tracker, back=2
    )


async def read_in_context(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], *, action: str
) -> list[EventType] | None:
    """Answer a follow-up of the kinds above, whatever ``action`` the NLU chose; ``None``
    when the message is none of them (or names a listed submission, which the caller shows).
    """
    text = text_of(tracker)
    if not text or text.startswith("/") or acceptance_number(text) or asks_for_person(text):
        return None
    if corrected_menu_payload(tracker) is not None:
        return None  # "不对打错了 是2" right after a pick: the menu's other line, no data slip
    if REFUSES_LOGIN_RE.search(text) and (topic := self_service_topic(text)) is not None:
        # "我不想在这登录，我自己在网上怎么查": the guide's way, on the portal
        return answer_topic(dispatcher, topic, None, domain)
    if wants_cancel(tracker):
        if (
            asks_something(text)
            and any(w in text for w in RESUBMIT_WORDS)
            and await shown_status(tracker) == SubmissionStatus.APPROVED.label
        ):
            # "那能直接注销重报吗" of the approved one on screen: not the user's to do; the
            # guide's rule for approved data, not "可以" of handing in again ("能不能注销"
            # alone is that one's 注销, refused by its status)
            return answer_topic(dispatcher, "fix_data", None, domain)
        if (
            (asks_something(text) or supposes_after_cancel(text))
            and asks_about_cancelling(text)
            and not nlu_answers_faq(tracker)
            # "…要不要撤掉重新提交。先别急着教我，帮我查查我自己的办事进度": the look first
            and not orders_own_look(text)
            # "怎么都不行？那把第一个注销": the question vented, the 注销 ordered last
            and not cancel_ordered_last(text)
        ):
            # "为啥不能撤", "撤回了还能再申请吗": the guide's rule, not a 注销.
            return answer_topic(dispatcher, rule_topic(text), None, domain)
        return None
    whose_after_link = LOGIN_LINK_RESPONSE in previous_bot_turn(tracker) and OWN_ONES_RE.match(
        "".join(text.split())
    )
    if whose_after_link or orders_look_after_login(tracker, text):
        # "查吧" after the login, read as a yes with nothing pending, or "我自己的" right
        # after the link for a look-up (whose it is, no type): the look-up
        return None if action == CHECK_PROGRESS else [FollowupAction(CHECK_PROGRESS)]
    items = tracker.get_slot("progress_list") or []
    named = named_by(text, items, beside=tracker.get_slot("selected_submission"))
    topic = previous_faq_topic(tracker)
    if not items and asks_place_of_last(text, topic):
        # "点哪里" after how progress is checked: that answer, which names where
        return answer_topic(dispatcher, str(topic), applicant_type_of(tracker), domain)
    last = answered_topic(tracker)
    done = step_told_done(text) or last
    if asks_next_step(text) and done in NEXT_TOPIC and not items:
        # "然后呢" after an answer, or "账号密码拿到了，然后呢": the step after that one
        return answer_topic(dispatcher, NEXT_TOPIC[done], applicant_type_of(tracker), domain)
    # "你刚才说的第三步是什么意思": the answer pointed back at says nothing more of the step
    unled_step = BACK_REFERENCE_RE.sub("", "".join(text.split()))
    step = step_topic(text) if len(unled_step) <= MAX_STEP_FOLLOWUP_CHARS else None
    if step is not None and not nlu_answers_faq(tracker):
        # "第五步呢" read as anything but the guide: that step's topic, which the guide tells
        return answer_topic(dispatcher, step, applicant_type_of(tracker), domain)
    if is_bare_followup(text) and asks_beyond_guide(text):
        # "那宁波的呢": the same question for what the guide does not cover.
        return answer_topic(dispatcher, "not_in_guide", None, domain)
    if (
        (supposes_type(text) or asks_same_for_type(text))
        and named is None
        and stated_type(tracker) is not None
        # "个人的密码要是忘了呢" after the unit's documents: a topic of its own, named
        and cued_topic(text, [t for t, _ in faq_ranking(tracker)])
        in (None, tracker.get_slot("last_type_topic"))
    ):
        # "那如果是我个人自己开通呢": the last type-dependent answer, for that type
        reanswered = reanswer_for_type(dispatcher, tracker, domain)
        if reanswered is not None:
            return reanswered
    # "那个人的呢？我自己个人也要开通": the follow-up said first, the reason after it
    opening_clause = next(iter(clauses(text)), text)
    for_type = asks_for_type(opening_clause) and (
        stated_type(tracker) is not None or speaks_for_unit(opening_clause)
    )
    # "我们还有个民办的分校，那个呢": another unit brought in, of the type it names
    for_type = for_type or (asks_for_introduced_type(text) and stated_type(tracker) is not None)
    # "没通过的那个呢" with the list shown: that one of the list, not the rejected case of
    # the answer before ("那没通过的呢" is the case)
    points_at_listed = named == "status" and any(w in text for w in POINTING_WORDS)
    # "还没审核的" right after the answer on fixing data, nothing listed: that answer's case
    status_case = (
        names_status_case(text)
        and last is not None
        and not items
        and not tracker.get_slot("selected_submission")
    )
    if (is_bare_followup(text) or supposes_case(text) or status_case or for_type) and (
        named is None or (named == "status" and not points_at_listed)
    ):
        if stated_type(tracker) is not None or speaks_for_unit(text):
            # "单位的呢", "那个人的呢？": the last type-dependent answer, for that type.
            reanswered = reanswer_for_type(dispatcher, tracker, domain)
            if reanswered is not None:
                return reanswered
        elif speaks_of_mailbox(tracker, topic) and any(w in text for w in NO_MAILBOX_WORDS):
            # "那我老婆没有邮箱的呢": the others' way, an individual's opening at the
            # counter with the papers it takes (utter_where_individual says both)
            return answer_topic(dispatcher, WHERE, "individual", domain)
        elif topic:
            sure, confidence = selected_topic(tracker)
            if topic == "not_in_guide" and sure != topic and confidence >= SURE_AFTER_SILENCE:
                # "哦 那查询类的呢" after "提交以后多久能有结果", which the guide leaves open:
                # for this case the guide may say (a query answers at once).
                topic = str(sure)
            # "审核通过的呢" after the answer about fixing data: that answer, for this case.
            status = status_named(text)
            if status is not None:
                topic = STATUS_CASES_TOPIC.get(topic, topic)
            if status == REJECTED or (status is not None and supposes_case(text)):
                # "那如果审核没通过呢" after the review's answer: what to do then;
                # "要是已经审核通过了呢" after where progress is seen, too
                topic = REJECTED_CASE_TOPIC.get(topic, topic)
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
    if (
        asks_own_status(text)
        or asks_own_submissions(text)
        or orders_look_at_outcome(text)
        or (asks_to_look_up(text) and any(w in text for w in OWN_CASE_WORDS))
        # "我的灵活就业参保登记为啥没通过": the reviewer's note of one's own, looked up
        # (with a list on screen, the one named there is shown instead)
        or (not items and asks_why_rejected(text) and any(w in text for w in OWN_CASE_WORDS))
        or (
            # "你帮我查查到底为啥没通过": the user's own outcome, looked up
            asks_to_look_up(text)
            and any(w in text for w in OUTCOME_WORDS)
            and not asks_beyond_guide(text)
        )
        or (topic == "check_progress" and asks_to_look_up(text))
    ):
        # "你能直接帮我看吗" after how progress is checked: the look-up itself.
        return None if action == CHECK_PROGRESS else [FollowupAction(CHECK_PROGRESS)]
    selected = tracker.get_slot("selected_submission")
    before = previous_bot_turn(tracker)
    on_shown = bool(selected) and bool(before & SHOWN_RESPONSES)
    pointed = on_shown or named == "name" or any(w in text for w in POINTING_WORDS)
    submitted_when = any(w in text.lower() for w in SUBMITTED_WHEN_WORDS)
    if submitted_when and named in ("name", "office"):
        # "基本信息变更那个是啥时候交的": its details say when it went in
        entry = resolve_reference(text, items, beside=selected)
        if entry is not None:
            return await show_selected(dispatcher, tracker, domain, str(entry["no"]))
    if submitted_when and named is None and items and name_chars(text) >= MIN_NAME_RUN:
        # the same of one on a page not shown
        shown = await show_named_unlisted(dispatcher, tracker, domain)
        if shown is not None:
            return shown
    if selected and pointed and WHEN_DONE_RE.search(text.lower()):
        # "那条是啥时候注销的": what befell the one on screen, its details tell when
        return await show_selected(dispatcher, tracker, domain, str(selected))
    if (selected or items) and pointed and asks_when(text) and not asks_social_matter(text):
        # "那它什么时候会审", "就业创业证啥时候能拿到": the guide gives no times.
        return answer_topic(dispatcher, "not_in_guide", None, domain)
    if before & REFUSED_CANCELS and asks_why_not_cancelled(text):
        # "为什么删不了" right after a 注销 refused, of a query too: why it may not be, the
        # guide's rule of what may be changed (a bare "为啥" of a query asks another why)
        return answer_topic(dispatcher, "fix_data", None, domain)
    if before & REFUSED_CANCELS and (is_bare_why(text) or is_vague(text)):
        # "为啥", "那怎么办" right after a 注销 refused: the guide's rule of what may be
        # changed; of a query, "为啥" asks why it has its result at once (the flow, step 5).
        query = QUERY_REFUSED in before and is_bare_why(text)
        return answer_topic(dispatcher, "review_vs_query" if query else "fix_data", None, domain)
    if on_shown and (is_vague(text) or asks_what_now(text)) and not asks_social_matter(text):
        # "那怎么办", "那我接下来能做什么" with a submission on screen: what its status lets
        # the user do now ("新来的老师社保卡怎么办" asks about the card, beyond the guide).
        advised = await advise_shown(dispatcher, tracker, domain)
        return (
            advised if advised is not None else answer_topic(dispatcher, "fix_data", None, domain)
        )
    if named == "status" and on_shown and asks_about_content(text):
        # "这个为什么被驳回" with the rejected one shown: its status names the one on screen.
        # (with two rejected listed, "为什么不通过" still means the one shown)
        entry = resolve_reference(text, items)
        shown_entry = next((e for e in items if e.get("no") == selected), None)
        of_shown = shown_entry is not None and shown_entry.get("status") == status_named(text)
        if (entry is not None and entry["no"] == selected) or of_shown:
            return await show_selected(dispatcher, tracker, domain, str(selected))
    if (on_shown or items) and named in ("status", "name", None) and asks_if_again_beside(text):
        # "咋没通过 改了能重新交吗" with it shown: the reason is on screen already;
        # "职业年金那个缺工资汇总表 补传的话是改还是重新交": the guide's rule, for any one.
        return answer_topic(dispatcher, "resubmit", None, domain)
    if (
        named is not None
        and items
        and proposes_change(text)
        and asks_something(text)
        # "就业登记要重新报的话，网上在哪操作": where online, which the guide says
        and not asks_where_online(text)
    ):
        # "就业登记那个还没审 我能改吗" with the list shown: what its status lets one change
        entry = resolve_reference(text, items, beside=tracker.get_slot("selected_submission"))
        if entry is not None and not asks_about_cancelling(text):
            advised = await advise(dispatcher, tracker, domain, str(entry["no"]))
            if advised is not None:
                return [*advised, SlotSet("selected_submission", entry["no"])]
    if named is not None and not asks_which_have_status(text):
        return None
    if items and (asks_for_list(text) or asks_which_have_status(text)):
        link = await current_link(tracker)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        return await first_page(dispatcher, tracker, link, domain)
    if items and may_name_unlisted(text):
        shown = await show_named_unlisted(dispatcher, tracker, domain)
        if shown is not None:
            return shown
    if on_shown and asks_about_content(text) and not asks_whom(text):
        return await show_selected(dispatcher, tracker, domain, str(selected))
    # "…要重新报的话，网上在哪操作" asks where online, which the guide says
    changes_shown = on_shown and proposes_change(text) and not asks_where_online(text)
    # "咋改" with a submission on screen, read as a change of the login: the message names
    # no login (proposes_change checks), so it changes the submission, however sure the NLU.
    topic_read, read_sure = selected_topic(tracker)
    misread_as_login = changes_shown and topic_read in LOGIN_CHANGE_TOPICS
    # "能不能只改那一个人的身份证号", placed by the NLU without conviction: the one shown
    # ("那要找谁改" asks whom, "能批量改吗" the batch: the guide answers both)
    unsure = (
        changes_shown
        and read_sure < SURE_TOPIC_ON_SHOWN
        and not asks_whom(text)
        and not any(w in text.lower() for w in BATCH_WORDS)
        and not asks_whole_import(text)
    )
    if nlu_answers_faq(tracker) and not (misread_as_login or unsure):
        return None
    if not (says_data_slip(text) or asks_to_modify(text) or changes_shown):
        return None
    if selected:
        advised = await advise_shown(dispatcher, tracker, domain)
        if advised is not None:
            return advised
    return answer_topic(dispatcher, "fix_data", None, domain)


def asks_as_followup(text: str) -> bool:
    """ "经办人呢", "那网址是多少": a question, by its words or its last particle ("好的，
    没什么了" closes the talk)."""
    if NOTHING_MORE in text or any(w in text.lower() for w in DONE_WORDS):
        return False
    return asks_something(text) or text.rstrip(FOLLOWUP_TRAIL).endswith(QUESTION_END)


def is_bare_question(text: str) -> bool:
    """ "经办人呢", "那网址呢": a few words and the particle that makes them a question."""
    compact = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
    return compact.endswith(QUESTION_END) and 1 < len(compact) <= MAX_FOLLOWUP_CHARS


async def read_unsure_reading(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """A message the NLU read as a bare yes or no (no question pending: that was settled
    before), or could not place, that says what it means.

    Read as a yes or no: "好吧，那还是帮我转人工" is the offer of a person; "经办人呢" the
    guide topic the FAQ selector finds in it (the last type-dependent answer again, if it
    names a type), or a miss; "好的，我知道了" stays a yes. Not placed at all: a bare "经办人呢"
    right after an answer, or a question right after a submission's details ("缺盖章的工资
    汇总表，补上传在哪"), is the topic the selector is sure of. ``None``: none of these.
    """
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = text_of(tracker)
    if not text or text.startswith("/") or not first_action_of_turn(tracker):
        return None
    if intent == NLU_FALLBACK:
        topic, confidence = selected_topic(tracker)
        before = previous_bot_turn(tracker)
        if topic is None or not before or asks_for_person(text) or stated_type(tracker):
            return None
        if asks_social_matter(text):
            return None  # "这个下限到底是多少" beside a submission: not the guide's, however sure
        bare = is_bare_question(text) and confidence >= SURE_BARE_TOPIC
        # "缺盖章的工资汇总表，补上传在哪" right after a submission's details: about it.
        on_shown = (
            bool(before & SHOWN_RESPONSES)
            and asks_something(text)
            and confidence >= SURE_TOPIC_ON_SHOWN
        )
        if not (bare or on_shown):
            return None
        return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
    if intent not in YES_NO_INTENTS or not says_more_than_yes_no(text):
        return None
    named = plain_topic(text)
    if named is not None:
        # "一二三三三对吧" read as a yes: the topic its words name, whatever the ranking
        return answer_topic(dispatcher, named, applicant_type_of(tracker), domain)
    if is_off_topic(text):
        # "明天杭州下不下雨 工地要不要停" read as a no: no topic of the guide is near
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
    if asks_for_person(text):
        return [SlotSet("handoff_reason", "request_human"), FollowupAction(OFFER_HANDOFF)]
    carried = carried_by_runner_up(tracker)
    if carried is not None and not asks_as_followup(text):
        # "好了，看进度": a yes, and the request the NLU ranks next to it…
        return [FollowupAction(carried)]
    topic, confidence = selected_topic(tracker)
    if (
        topic == "check_progress"
        and confidence >= SURE_BARE_TOPIC
        and not asks_as_followup(text)
        and not any(cue in text for cue in HOW_TO_CHECK)
    ):
        # …or that the FAQ selector is sure of: seeing the progress, not how to.
        return [FollowupAction(CHECK_PROGRESS)]
    if not asks_as_followup(text):
        return None
    if is_vague(text):
        # "嗯那个怎么说呢" read as a yes: a how-to that names nothing is a miss.
        return await fallback_reply(dispatcher, tracker, domain)
    if stated_type(tracker) is not None or speaks_for_unit(text):
        reanswered = reanswer_for_type(dispatcher, tracker, domain)
        if reanswered is not None:
            return reanswered
    topic, confidence = selected_topic(tracker)
    if topic is not None and confidence >= MIN_ANSWER_CONFIDENCE:
        # "弄好以后咋个查办得怎么样了": what is asked after the turn, as the FAQ reads it
        topic = asked_after(text, topic, [t for t, _ in faq_ranking(tracker)])
        return answer_topic(dispatcher, str(topic), applicant_type_of(tracker), domain)
    if asks_beyond_guide(text):
        # "要不要插U盾" read as a no: a detail the guide never gives, however unsure the
        # selector of a topic
        return answer_topic(dispatcher, "not_in_guide", None, domain)
    return await fallback_reply(dispatcher, tracker, domain)


async def show_named_unlisted(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """The submission named by its item, its office or its month, on a page not shown;
    ``None`` if none is named."""
    link = await current_link(tracker)
    if link is None:
        return None
    try:
        items = await newest_items(link)
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    text = text_of(tracker)
    entry = resolve_reference(text, items)
    by = named_by(text, items)
    if entry is None or by not in ("name", "office", "date", "status"):
        return None
    if by == "status" and not only_a_status(text):
        return None  # "被驳回的为什么" asks of them all
    return await show_selected(dispatcher, tracker, domain, str(entry["no"]))


async def advise_named_change(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "还有那个参保登记已经通过了，里面联系电话也想改": a listed one named and a change of
    it asked, so what its status lets the user change, not its details; ``None`` when the
    message asks no change."""
    text = str(tracker.latest_message.get("text") or "")
    # (a slip told names the one it is in: "身份证号码有误被退回的那个" is that one's details)
    if not (asks_to_modify(text) or proposes_change(text)) or asks_where_online(text):
        return None
    entry = reference_in(tracker)
    if entry is None:
        return None
    advised = await advise(dispatcher, tracker, domain, str(entry["no"]))
    if advised is None:
        return None
    return [*advised, SlotSet("selected_submission", str(entry["no"]))]


async def show_selected(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], number: str
) -> list[EventType] | None:
    """The details of the submission on screen again, as the portal has it now."""
    link = await current_link(tracker)
    if link is None:
        return None
    try:
        submission = await fetch_one(link, number)
    except NotFound:
        return None
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")
    show_details(dispatcher, submission, domain)
    return [SlotSet("selected_submission", submission.acceptance_no)]
