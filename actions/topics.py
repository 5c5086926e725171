"""The guide's FAQ topics: which there are, their buttons, and which depend on the applicant type.

A topic's button title is the response ``utter_topic_title_<topic>`` of domain.yml;
its answer is ``utter_faq/<topic>`` (or ``utter_<topic>_<applicant type>``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker

from actions.content import button
from actions.names import OFFER_HANDOFF
from actions.words import (
    ACCOUNT_CLOSE_RE,
    ADDRESS_CHECKED_RE,
    AFTER_FIX_NEXT_RE,
    AGENT_SWAP_RE,
    ALL_LISTED_RE,
    AMOUNT_ASK_WORDS,
    ASKING_FOR_WHOM_RE,
    AT_ONCE_WHY_RE,
    BASE_BOUND_ASK_RE,
    CAN_CANCEL_ASK_RE,
    CANCEL_DENIED_RE,
    CANCEL_OBJECT_WORDS,
    CANCEL_ORDERED_LAST_RE,
    CANCEL_PROPOSED_RE,
    CASE_WORD,
    CHOICE_CORRECTION_WORDS,
    CHOICE_FILLERS,
    CONDITION_MARK,
    COPY_ONLY_ASK_RE,
    CREDENTIALS_HANDED_RE,
    CREDENTIALS_SOURCE_RE,
    DATA_FIELDS,
    DATA_SLIP_WORDS,
    DENIED_SLIP_RE,
    DISPUTE_WORDS,
    DO_IT_FOR_ME_WORDS,
    DOCUMENT_ASK_WORDS,
    DOUBT_RE,
    DOUBT_WORDS,
    ELSEWHERE_TOLD_RE,
    ENGLISH_OWN_LOOK_RE,
    FILE_FORMAT_ASK_RE,
    FILED_THING_MARK,
    FILED_TOLD_RE,
    FILING_STANDING_RE,
    FIRST_STEP_RE,
    FIX_OR_CANCEL_RE,
    FIX_RULE_RE,
    FOLLOWUP_TRAIL,
    FOUND_AFTER_WORDS,
    HEAD_IN_PERSON_RE,
    HOTLINE_CHECK_RE,
    HOW_TO_CHECK,
    HOW_TO_KNOW_RE,
    HOW_TO_LOOK_OUTCOME_RE,
    HOW_TO_LOOK_RE,
    HOW_WORDS,
    ID_CARD_WORDS,
    IMPORT_RE,
    IN_THE_CHAT_WORDS,
    INSIST_WORDS,
    ITEM_FILED_WHERE_RE,
    ITEM_ONLINE_RE,
    LATIN_MIN_SHARE,
    LATIN_OWN_LOOK_RE,
    LATIN_TOPICS,
    LOGGED_IN_REPORTS,
    LOGIN_FAILS_RE,
    LOGIN_HERE_WORDS,
    LOGIN_ORDER_RE,
    LOGIN_SLIP_WORDS,
    LOGIN_TROUBLE_WORDS,
    LOGIN_VERBS,
    LOGIN_WAY_NAMED_RE,
    LOGOUT_PAIRS,
    LOGOUT_WORDS,
    LOOK_ASKED_WORDS,
    LOOK_ORDER_LEAD_RE,
    LOOK_ORDER_TAIL_RE,
    LOST_IN_ANSWER_FILLERS,
    LOST_IN_ANSWER_WORDS,
    MAILBOX_APPLY_RE,
    MAILBOX_HAD_RE,
    MAILBOX_STILL_NEEDS_RE,
    MANY_RECORDS_RE,
    MASH_SIGHS,
    MAX_LOGGED_IN_REPORT_CHARS,
    MISSING_FILE_SENT_RE,
    MISSING_PAPER_RE,
    NEGATED_TYPE_LEADS,
    NEVER_FILED_RE,
    NEW_UNIT_WORDS,
    NEWCOMER_WORDS,
    NEXT_USE_RE,
    NOT_IN_GUIDE_CUES,
    NOT_MEANT_RE,
    NOT_OPERATING_WORDS,
    NOT_WHOLE_IMPORT_WORDS,
    OFF_TOPIC_WORDS,
    ONE_LOGIN_MANY_RE,
    OPEN_HOW_RE,
    OPEN_OTHER_TOPIC_WORDS,
    OPENED_ALREADY_RE,
    OPERATE_ASK_RE,
    ORDINAL_RE,
    ORIGIN_ELIGIBLE_RE,
    OTHER_CHANNEL_RE,
    OUTCOME_ASK_WORDS,
    OUTCOME_KNOWN_WORDS,
    OWN_FILED_RE,
    OWN_HOURS_SAID,
    OWN_ITEM_CHECK_RE,
    OWN_ITEM_STATUS_RE,
    OWN_PROGRESS_NOUN_RE,
    OWN_TYPE_LEAD_RE,
    OWNER_WORDS,
    PAPER_WHAT_IS_RE,
    PAPER_WORDS,
    PASSWORD_LOST_CUES,
    PAST_DAYS_RE,
    POINTING_WORDS,
    PORTAL_DOINGS_RE,
    PORTAL_MATTER_WORDS,
    PROXY_RE,
    RENAMED_REOPEN_RE,
    RESUBMIT_ASK_RE,
    RETURN_WHAT_NOW_RE,
    REUPLOAD_WORDS,
    REVIEW_WORDS,
    REVIEW_WRONG_WORDS,
    SKIPPED_IF_RE,
    SOCIAL_MATTERS,
    SPOKEN_DIGITS,
    SPOKEN_NUMBER_RE,
    STANDING_WORDS,
    START_ASK_RE,
    SUB_UNIT_RE,
    SUBMIT_AFTER_FIX_RE,
    SUPPLIED_WORDS,
    SUPPOSING_END,
    SUPPOSING_WORDS,
    THIN_ANSWER_RE,
    TYPE_CHOICE_SLIP_WORDS,
    TYPE_FOLLOWUP_WORDS,
    TYPE_NAME_WORDS,
    UNIT_PAPERS_RE,
    VAGUE_FILLERS,
    VAGUE_HOW,
    WANTS_CANCEL_RE,
    WEBSITE_ASK_RE,
    WEBSITE_MEANT_RE,
    WHERE_CUES,
    WHOLE_IMPORT_WORDS,
    WHOM_WORDS,
    WITHDRAW_WORDS,
    ZH_DIGITS,
)
from actions.yesno import asks_something, clauses, unled
from bot.contract import FAQ_TOPICS
from bot.contract import topic_payload as contract_topic_payload
from bot.nlu.text import fold_slips, to_simplified, unglossed

#: Each topic → the response holding its short title (suggestion buttons, numbered menus).
TOPIC_TITLES: dict[str, str] = {topic: f"utter_topic_title_{topic}" for topic in FAQ_TOPICS}

#: Topics whose answer differs for enterprises, institutions and individuals.
TYPE_DEPENDENT = frozenset({"documents", "password_lost"})
APPLICANT_TYPES = ("enterprise", "institution", "individual")
#: Topics of units only: the agent (经办人) signs the agreement for a unit.
UNIT_ONLY_TOPICS = frozenset({"agent_agreement"})


def topic_payload(topic: str) -> str:
    return contract_topic_payload(topic)


def topic_button(domain: dict[str, Any], topic: str) -> dict[str, Any]:
    return button(domain, TOPIC_TITLES[topic], topic_payload(topic))


def faq_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The ResponseSelector's ranking of FAQ topics for the latest message, best first."""
    selector = tracker.latest_message.get("response_selector", {}).get("faq", {})
    ranking = []
    for entry in selector.get("ranking", []):
        key = str(entry.get("intent_response_key", ""))
        topic = key.split("/", 1)[1] if "/" in key else key
        if topic in TOPIC_TITLES:
            ranking.append((topic, float(entry.get("confidence", 0.0))))
    return ranking


#: A request a thanks or a yes may carry ("謝謝，登出", "好了，看进度"), by the NLU's
#: runner-up intent → its action.
CARRIED_REQUESTS = {
    "logout": "action_logout",
    "request_human": OFFER_HANDOFF,
    "check_my_progress": "action_check_progress",
    "handoff_status": "action_handoff_status",
}
#: A runner-up intent this likely names the request carried.
CARRIED_MIN_CONFIDENCE = 0.2


def carried_by_runner_up(tracker: Tracker) -> str | None:
    """The action of a request the NLU ranks among its next two intents, if any."""
    carried = runners_up(tracker, depth=2, min_confidence=CARRIED_MIN_CONFIDENCE)
    return next((CARRIED_REQUESTS[n] for n in carried if n in CARRIED_REQUESTS), None)


def intent_confidence(tracker: Tracker) -> float:
    """How sure the NLU is of the intent it chose for the latest message."""
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)


def runners_up(tracker: Tracker, *, depth: int, min_confidence: float) -> list[str]:
    """The intents the NLU ranked right after its choice, the next ``depth`` of them, that
    it gave ``min_confidence`` or more: what else a message says ("谢谢，登出", "您好，我们
    公司登一下", "删掉我的记录" read as one's progress)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return [
        str(entry.get("name"))
        for entry in ranking[1 : 1 + depth]
        if float(entry.get("confidence") or 0) >= min_confidence
    ]


def selected_topic(tracker: Tracker) -> tuple[str | None, float]:
    """The FAQ topic that the ResponseSelector chose for the latest message."""
    ranking = faq_ranking(tracker)
    return ranking[0] if ranking else (None, 0.0)


#: The applicant-type question's buttons: the title is a response
#: (``utter_applicant_title_<type>``), the payload carries the entity.
APPLICANT_BUTTONS: list[dict[str, Any]] = [
    {
        "title": f"utter_applicant_title_{value}",
        "payload": "/inform_applicant_type" + json.dumps({"applicant_type": value}),
    }
    for value in APPLICANT_TYPES
]


def applicant_buttons(domain: dict[str, Any]) -> list[dict[str, Any]]:
    return [button(domain, b["title"], b["payload"]) for b in APPLICANT_BUTTONS]


#: Responses that answer a part of a topic (the 受理点 of the opening).
_PART_OF = {"utter_where": "open_online"}


def topic_of_response(response: str) -> str | None:
    """The FAQ topic a response answers or asks the type for, if any.

    ``utter_faq/flow`` → flow; ``utter_password_lost_institution`` and
    ``utter_ask_applicant_type_password_lost`` → password_lost; ``utter_where_individual``
    → open_online (the 受理点 is the opening's part).
    """
    if response.startswith("utter_faq/"):
        topic = response.split("/", 1)[1]
        return topic if topic in TOPIC_TITLES else None
    for prefix, topic in _PART_OF.items():
        if response == prefix or response.startswith(prefix + "_"):
            return topic
    for topic in TYPE_DEPENDENT:
        if response.endswith("_" + topic) or any(
            response == f"utter_{topic}_{kind}" for kind in APPLICANT_TYPES
        ):
            return topic
    return None


def answered_topic(tracker: Tracker) -> str | None:
    """The topic of the bot's answer to the user's previous message, if it gave one.

    What a short follow-up ("两种方式有什么区别", "在哪个菜单") is about when the NLU
    is unsure of it.
    """
    topics = recent_topics(tracker, answers=1)
    return topics[0] if topics else None


def recent_topics(tracker: Tracker, answers: int = 2) -> list[str]:
    """The topics of the bot's answers to the user's last ``answers`` messages before the
    latest, newest first: "网站是哪个" may come between a password's change and where on
    the site it is done."""
    topics: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users > answers:
                break
        elif kind == "bot" and users:
            response = str((event.get("metadata") or {}).get("utter_action") or "")
            topic = topic_of_response(response)
            if topic is not None:
                topics.append(topic)
    return topics


#: The answers that list papers to bring.
PAPERS_TOPICS = frozenset({"documents", "password_lost"})


def doubts_last_answer(tracker: Tracker) -> str | None:
    """ "真的不用开？" right after an answer: that answer's topic, to say again."""
    compact = "".join(str(tracker.latest_message.get("text") or "").lower().split())
    topic = answered_topic(tracker)
    if ALL_LISTED_RE.match(compact):
        return topic if topic in PAPERS_TOPICS else None
    if asks_beyond_guide(compact):
        return None  # "只能去窗口盖章吗?": a detail the guide never gives, not the answer again
    return topic if DOUBT_RE.match(compact) else None


def lacks_paper(text: str) -> bool:
    """ "没有营业执照怎么办", "营业执照我们没有的呀 只有民政发的登记证书": a paper of the
    list lacked, of which (and of what stands in for it) the guide says nothing."""
    return MISSING_PAPER_RE.search("".join(ch for ch in text.lower() if ch.isalnum())) is not None


def operates_after_batch(text: str, last: str | None) -> bool:
    """ "怎么弄 在哪里点" right after the batch's answer, which says only that there is one:
    how, or where on the pages, an item is done (not the template, a slip or progress)."""
    return (
        last == "batch"
        and OPERATE_ASK_RE.search(text) is not None
        and not any(w in text.lower() for w in NOT_OPERATING_WORDS)
    )


def asks_whole_import(text: str) -> bool:
    """ "86个人的表能不能整个重新导一遍": many put in by one import, asked."""
    lowered = text.lower()
    return (
        IMPORT_RE.search(lowered) is not None
        and (
            MANY_RECORDS_RE.search(lowered) is not None
            or any(w in lowered for w in WHOLE_IMPORT_WORDS)
        )
        and not any(w in lowered for w in NOT_WHOLE_IMPORT_WORDS)
        and asks_something(text)
    )


def asks_beyond_guide(text: str) -> bool:
    """ "几点下班", "周六能办吗", "复印件要彩印吗": a detail the guide never gives."""
    lowered = text.lower()
    for said in OWN_HOURS_SAID:
        lowered = lowered.replace(said, "")
    lowered = PAST_DAYS_RE.sub("", lowered)  # "刚成立没多久": a time told, not asked
    lowered = ELSEWHERE_TOLD_RE.sub("", lowered)  # "儿子在外地上班": where one is, told
    # "不预约的话带身份证去就行？": a step the user means to skip is not what is asked
    lowered = SKIPPED_IF_RE.sub("", lowered)
    # "失业金一个月能领多少钱": how much of a benefit is no detail the guide left out, it
    # is a matter the guide never covers at all
    cued = (
        any(cue in lowered for cue in NOT_IN_GUIDE_CUES)
        or OTHER_CHANNEL_RE.search(lowered)
        or PROXY_RE.search(lowered)
        or ONE_LOGIN_MANY_RE.search(lowered)
        or FILE_FORMAT_ASK_RE.search(lowered)
        or ORIGIN_ELIGIBLE_RE.search(lowered)
        or PAPER_WHAT_IS_RE.search(lowered)
        or (COPY_ONLY_ASK_RE.search(lowered) and not any(w in lowered for w in ID_CARD_WORDS))
        or MAILBOX_APPLY_RE.search(lowered)
        or ACCOUNT_CLOSE_RE.search(lowered)
        # ("下属单位自己开通要什么材料" asks the papers, whoever opens)
        or (SUB_UNIT_RE.search(lowered) and not any(w in lowered for w in DOCUMENT_ASK_WORDS))
        or lacks_paper(lowered)
        or AGENT_SWAP_RE.search(lowered)
        or RENAMED_REOPEN_RE.search(lowered)
    )
    if ITEM_ONLINE_RE.search(lowered):
        return True  # "失业登记可以在网上办吗": the item is the portal's, whatever its matter
    return bool(cued) and not asks_social_matter(text)


#: Latin letters typed with no vowel between them this many times: no English word nor
#: pinyin has such a run ("asdkjh;;lll"), a hand running over the keys does.
MASH_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
HAN = re.compile(r"[\u3400-\u9fff]")


def typed_at_random(text: str) -> bool:
    """ "asdkjh;;lll": keys struck at random, whatever the NLU made of them."""
    # "asdkjh啊啊": the sighs typed after the keys are no words either
    lowered = "".join(ch for ch in text.lower() if ch not in MASH_SIGHS)
    return not HAN.search(lowered) and bool(MASH_CONSONANT_RUN.search(lowered))


def is_off_topic(text: str) -> bool:
    """ "明天杭州下不下雨": weather, jokes, food; no topic of the guide is near, however
    the NLU ranked them."""
    lowered = text.lower()
    return any(word in lowered for word in OFF_TOPIC_WORDS)


def asks_what_now_after_return(text: str) -> bool:
    """ "我们的申报被打回来了咋整": what to do about a filing sent back, with no look asked
    ("帮我看看被打回来的怎么改" asks the look first)."""
    folded = text.lower()
    return bool(RETURN_WHAT_NOW_RE.search(folded)) and not any(
        w in folded for w in (*LOOK_ASKED_WORDS, *DO_IT_FOR_ME_WORDS)
    )


def asks_own_item(text: str) -> bool:
    """ "我的就业创业证申领现在什么状态了", "查一下我的就业创业证申领": one's own submission
    named by its item, how it stands asked or a look-up ordered ("怎么查我的…" asks how)."""
    if OWN_ITEM_STATUS_RE.search(text):
        return True
    return bool(OWN_ITEM_CHECK_RE.search(text)) and not HOW_TO_LOOK_RE.search(text)


def asks_how_own_filing_stands(text: str) -> bool:
    """ "我们单位报的职业年金基数现在什么情况了": how something the user filed stands now."""
    lowered = text.lower()
    return (
        OWN_FILED_RE.search(lowered) is not None
        and any(w in lowered for w in (*STANDING_WORDS, *OUTCOME_ASK_WORDS))
        and not asks_social_matter(text)
    )


def asks_own_outcome(text: str) -> bool:
    """ "公司那个信息变更审核通过没", "想知道我申请的补贴有没有通过": whether a submission of
    one's own went through, asked (not how one finds out)."""
    english = text.lower()
    if ENGLISH_OWN_LOOK_RE.search(english) and not any(w in english for w in ("how ", "where ")):
        return True  # "I'd like to see my own applications on the portal"
    lowered = "".join(text.split()).lower()
    if (
        LOOK_ORDER_TAIL_RE.search(lowered)
        and FILED_TOLD_RE.search(lowered)
        and any(w in lowered for w in CANCEL_OBJECT_WORDS)
    ):
        return True  # "上周在网上交了个失业登记 一直没动静 帮忙看看"
    if OWN_PROGRESS_NOUN_RE.fullmatch(lowered.rstrip(FOLLOWUP_TRAIL)):
        return True  # "公司的进度", a whole message over SMS: one's own, named by its owner
    # "我的技能补贴申请什么情况", not "什么情况下要变更"
    standing = any(w in lowered for w in STANDING_WORDS) and CASE_WORD not in lowered
    asked = standing or any(w in lowered for w in OUTCOME_ASK_WORDS)
    if not asked or any(w in lowered for w in HOW_TO_CHECK):
        return False
    if FILING_STANDING_RE.search(lowered) and CASE_WORD not in lowered:
        return True
    owner = min((lowered.find(w) for w in OWNER_WORDS if w in lowered), default=-1)
    return owner >= 0 and (
        OWN_FILED_RE.search(lowered) is not None
        or any(w in lowered[owner:] for w in CANCEL_OBJECT_WORDS)
    )


def orders_look_at_own_filing(text: str) -> bool:
    """ "查 我们 单位 十月 二十一号 交 的 养老保险 参保 登记": a look ordered at something the
    user filed, however social its item sounds."""
    compact = "".join(text.split()).lower()
    filed = OWN_FILED_RE.search(compact)
    # "…交的养老保险参保登记" names a filing; "养老保险交了多少" asks the paying, a record the
    # portal's look-up does not hold
    return (
        bool(LOOK_ORDER_LEAD_RE.match(compact))
        and filed is not None
        and filed.group().endswith(FILED_THING_MARK)
        and not any(w in compact for w in AMOUNT_ASK_WORDS)
    )


def papers_asked_beyond_a_condition(text: str) -> bool:
    """ "不预约的话带身份证去就行？": a silence (no appointment) is the condition, the
    papers what is asked."""
    head, said, tail = text.partition(CONDITION_MARK)
    return (
        bool(said)
        and asks_beyond_guide(head)
        and any(w in tail for w in PAPER_WORDS)
        and not asks_beyond_guide(tail)
    )


def cancel_ordered_last(text: str) -> bool:
    """ "怎么都不行？那把第一个注销": a 注销 ordered with 把 in the last clause, whatever was
    asked or vented before it."""
    parts = clauses(text)
    return bool(parts) and CANCEL_ORDERED_LAST_RE.match(parts[-1]) is not None


def asks_social_matter(text: str) -> bool:
    """ "公积金能在网上办事里提取吗", "那医保报销呢": a social-security matter the guide
    never covers, asked about for itself (the portal's own doings, such as a password or
    a submission's review, are the guide's whatever the matter)."""
    lowered = text.lower()
    social = any(word in lowered for word in SOCIAL_MATTERS) or BASE_BOUND_ASK_RE.search(lowered)
    # "开通以后他每个月养老金多少能在上面看到吗": the opening is when, the pension is what
    asked = OPENED_ALREADY_RE.sub("", lowered)
    return bool(social) and not any(word in asked for word in PORTAL_MATTER_WORDS)


def _rest(text: str, words: tuple[str, ...], fillers: str) -> str:
    rest = "".join(ch for ch in text.lower() if ch.isalnum() or ch in "'")
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word.replace(" ", ""), "")
    return "".join(ch for ch in rest if ch not in fillers and ch != "'")


def lost_in_answer(text: str) -> bool:
    """ "字太多看不懂", "你说的太复杂了": the answer just given was too much to follow,
    and nothing else is asked ("听不懂吗 网上办事怎么登录" asks how to log in)."""
    lowered = text.lower()
    if THIN_ANSWER_RE.search(lowered):
        return True  # "就这?": too little rather than too much, a person fills it out
    if not any(word in lowered for word in LOST_IN_ANSWER_WORDS):
        return False
    return not _rest(text, LOST_IN_ANSWER_WORDS, LOST_IN_ANSWER_FILLERS)


def insists_supplied(text: str) -> bool:
    """ "身份证复印件我明明传了": the user insists they supplied what the result says is
    missing, which disputes the result (a login slip, "密码明明填了", is not one)."""
    lowered = text.lower()
    return (
        any(word in lowered for word in INSIST_WORDS)
        and any(word in lowered for word in SUPPLIED_WORDS)
        and not any(word in lowered for word in LOGIN_SLIP_WORDS)
    )


def disputes_result(text: str) -> bool:
    """ "这结果我不认", "驳回没道理啊，你们审错了", "审核意见不对吧": the user disputes a
    review's result."""
    lowered = text.lower()
    if any(word in lowered for word in DISPUTE_WORDS) or NEVER_FILED_RE.search(lowered):
        return True
    if CANCEL_DENIED_RE.search(lowered):
        return True  # "我们从来没注销过啊": the status 已注销 disputed
    if DENIED_SLIP_RE.search(lowered):
        return True  # "我根本没填错": the slip the review found, denied
    if any(word in lowered for word in (*DATA_SLIP_WORDS, *FOUND_AFTER_WORDS)):
        return False
    for clause in clauses(lowered):
        at = min((i for w in REVIEW_WORDS if (i := clause.find(w)) >= 0), default=-1)
        wrong = at >= 0 and any(w in clause[at:] for w in REVIEW_WRONG_WORDS)
        # "退回的材料有问题吗" asks; "审核通过的错了呢" supposes a case and asks about it
        supposes = clause.rstrip(FOLLOWUP_TRAIL).endswith(SUPPOSING_END)
        if wrong and not asks_something(clause) and not supposes:
            return True
    return False


def asks_whom(text: str) -> bool:
    """ "那我该找谁": whom to ask, which the guide answers (12333, the 经办机构)."""
    lowered = text.lower()
    return any(word in lowered for word in WHOM_WORDS)


def supposes(text: str) -> bool:
    """ "要是…", "如果…": a case supposed, not one's own told."""
    lowered = text.lower()
    return any(w in lowered for w in SUPPOSING_WORDS)


def supposes_doubt(text: str) -> bool:
    """ "要是审核完了对结果有疑问怎么办": a doubt supposed, asked about; the guide's answer
    is whom to ask (12333, the business unit), not a dispute to hand over."""
    return supposes(text) and any(w in text.lower() for w in DOUBT_WORDS)


def corrected_choice(text: str) -> int | None:
    """The number in "错了 是2", "不是1是2", "我按错了，应该选第二个": a numbered choice just
    made, corrected; ``None`` when the message is not only that ("說錯了 是2" too)."""
    text = to_simplified(text)
    lowered = text.lower()
    if not any(word in lowered for word in CHOICE_CORRECTION_WORDS):
        return None
    text = " ".join(c for c in clauses(text) if not ASKING_FOR_WHOM_RE.match(c))
    lowered = text.lower()
    numbers = [int(ch) if ch.isdigit() else ZH_DIGITS.get(ch, 0) for ch in lowered]
    numbers = [n for n in numbers if 1 <= n <= 9]
    rest = _rest(text, CHOICE_CORRECTION_WORDS, CHOICE_FILLERS)
    rest = "".join(ch for ch in rest if not ch.isdigit() and ch not in ZH_DIGITS)
    if not numbers or rest:
        return None
    return numbers[-1]


def corrected_type(text: str) -> bool:
    """ "打错了 是企业 不是机关", "哦我打错了，应该是个人": an applicant type just said,
    corrected, and nothing else; "企业的工资填错了" is a slip in what was submitted."""
    lowered = text.lower()
    if not any(word in lowered for word in CHOICE_CORRECTION_WORDS):
        return False
    if not any(word in lowered for word in TYPE_NAME_WORDS):
        return False
    words = sorted((*CHOICE_CORRECTION_WORDS, *TYPE_FOLLOWUP_WORDS, *NEGATED_TYPE_LEADS), key=len)
    pattern = "|".join(re.escape(w) for w in reversed(words))
    rest = re.sub(pattern, "", "".join(ch for ch in lowered if ch.isalnum()))
    return not any(ch not in CHOICE_FILLERS for ch in rest)


def states_own_type(text: str) -> bool:
    """ "更正一下，我们是民政登记的民办非企业单位", "我们是事业单位": the user's own applicant
    type said, with no field of a submission named ("我们是企业，工资数据要更正" names one)."""
    lead = OWN_TYPE_LEAD_RE.search(text)
    if lead is None or any(field in text for field in DATA_FIELDS):
        return False
    return any(word in text[lead.end() :] for word in TYPE_NAME_WORDS)


def corrects_type_choice(text: str) -> bool:
    """ "我前面选错了，我是替公司办的，企业，材料再说一下": the type choice made wrong, the
    type named after it; "企业的增员选错人了" names the type before the slip, in the data."""
    lowered = text.lower()
    slip = max((lowered.find(w) for w in TYPE_CHOICE_SLIP_WORDS), default=-1)
    if slip < 0:
        return False
    return any(lowered.rfind(w) > slip for w in TYPE_NAME_WORDS)


def asks_about_logging_in(text: str) -> bool:
    """ "那我直接能登录吗", "can I log in?": whether or how one can log in, which the guide
    answers; "在你这里能登录吗", "能帮我登录吗" and "我能登录看看进度吗" ask to log in here."""
    lowered = text.lower()
    return asks_something(text) and not any(says_word(lowered, w) for w in LOGIN_HERE_WORDS)


def says_word(lowered: str, word: str) -> bool:
    """Whether ``word`` stands in ``lowered``, a Latin one as a whole word ("there" says no
    "here")."""
    if not word.isascii():
        return word in lowered
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) is not None


def is_vague(text: str) -> bool:
    """ "怎么弄啊", "就是那个网上那个弄不了": a how-to or a complaint that names nothing."""
    rest = "".join(ch for ch in text if ch.isalnum())
    if not any(word in rest for word in VAGUE_HOW):
        return False
    for word in VAGUE_HOW:
        rest = rest.replace(word, "")
    return not rest.strip(VAGUE_FILLERS)


def buttons_before(tracker: Tracker, user_messages_back: int) -> list[dict[str, Any]] | None:
    """The buttons of the bot's turn just before the user's message ``user_messages_back``
    back (1: the latest), or ``None`` when that turn had none."""
    users = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users > user_messages_back:
                return None
        elif kind == "bot" and users == user_messages_back:
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return list(buttons)
    return None


def button_payload(buttons: list[dict[str, Any]] | None, number: int) -> str | None:
    """The payload of button ``number`` (from 1) of ``buttons``, if there is one."""
    if not buttons or not 1 <= number <= len(buttons):
        return None
    return str(buttons[number - 1].get("payload") or "") or None


def previous_menu_choice(tracker: Tracker, number: int) -> str | None:
    """The payload that ``number`` picks from the menu the user's previous message chose from.

    On SMS and the voice keypad a digit picks a button, and the user's message is that
    button's payload: the menu is the buttons of the bot's turn before it.
    """
    users = [e for e in reversed(tracker.events) if e.get("event") == "user"]
    if len(users) < 2 or not str(users[1].get("text") or "").startswith("/"):
        return None
    return button_payload(buttons_before(tracker, 2), number)


def corrected_menu_payload(tracker: Tracker) -> str | None:
    """ "错了 是2" right after picking 1 from a menu: the payload of 2; ``None`` otherwise.

    Whatever the NLU read the message as (a miss, a pick from a list, a guide question),
    the action answering it may call this first.
    """
    number = corrected_choice(str(tracker.latest_message.get("text") or ""))
    return None if number is None else previous_menu_choice(tracker, number)


def reports_logged_in(text: str) -> bool:
    """ "登上了", "好了 登录好了": the user says they have logged in on the page."""
    compact = "".join(text.split()).lower()
    return (
        len(compact) <= MAX_LOGGED_IN_REPORT_CHARS
        and any(w in compact for w in LOGGED_IN_REPORTS)
        and not asks_something(text)
        and not any(w in compact for w in LOGIN_TROUBLE_WORDS)
    )


def orders_login(text: str) -> bool:
    """ "登录网办账号", "我要登录": the login here, ordered, not how to log in asked."""
    return bool(LOGIN_ORDER_RE.match("".join(text.split()).lower())) and not asks_something(text)


def asks_to_log_out(text: str) -> bool:
    """ "退出登录", "把登录注销掉", "log me out": a word of leaving ("登录不上去" has none)."""
    lowered = text.lower()
    if any(word in lowered for word in LOGOUT_WORDS):
        return True
    verbs, objects = LOGOUT_PAIRS
    return any(v in lowered for v in verbs) and any(o in lowered for o in objects)


def logs_in_here(text: str) -> bool:
    """ "那我在你这里能登录吗", "can I log in here": logging in in this chat."""
    lowered = text.lower()
    return any(word in lowered for word in IN_THE_CHAT_WORDS) and any(
        word in lowered for word in LOGIN_VERBS
    )


def latin_topic(text: str) -> str | None:
    """The guide topic whose key word a message types in Latin letters ("yao dai shenme
    cailiao", "change pw?"); ``None`` for a message mostly in characters, whose letters
    are a slip or a loan word among them."""
    # The guide's terms the NLU's gloss put after English words are not typed: "is there
    # any fee for opening it" names no opening for its 开通.
    text = unglossed(text)
    letters = [ch for ch in text if ch.isalpha()]
    latin = [ch for ch in letters if ch.isascii()]
    if not letters or len(latin) < LATIN_MIN_SHARE * len(letters):
        return None
    folded = text.lower()
    if LATIN_OWN_LOOK_RE.search(folded):
        return None  # "cha yixia wo de banshi jindu": one's own, for the look-up to show
    return next((topic for pattern, topic in LATIN_TOPICS if pattern.search(folded)), None)


def plain_topic(text: str) -> str | None:
    """The guide topic a message names in words no reading of the NLU's can move: its key
    word in Latin letters, the site's address asked ("网指是多少"), how to learn an
    outcome ("咋个晓得好没好"), the login failing, said alone ("进不去"), or whether a
    submission may be cancelled, changed, its files sent again or itself handed in again."""
    typed = latin_topic(text)
    if typed is not None:
        return typed
    folded = fold_slips(text.lower())
    compact = "".join(folded.split())
    parts = clauses(folded)
    # "不是问怎么开通，是开通完了以后…": what is said not to be meant names no topic
    meant = "".join(c for c in parts if not NOT_MEANT_RE.match(c))
    if WEBSITE_ASK_RE.search(folded) or ADDRESS_CHECKED_RE.search(folded):
        return "website"  # "換密碼的那個網站是哪個": the site, whatever is done on it
    if meant != "".join(parts) and WEBSITE_MEANT_RE.match(meant):
        return "website"  # "不是问密码，是问网址"
    if NEXT_USE_RE.search(compact) and not any(w in compact for w in PASSWORD_LOST_CUES):
        return "flow"  # "拿到用户名密码了，接下来怎么用": the steps of using it
    if MAILBOX_STILL_NEEDS_RE.search(compact) and not any(w in compact for w in PASSWORD_LOST_CUES):
        # "我是市民邮箱用户，也要去领用户名密码吗": whether the mailbox spares it, which
        # its answer says
        return "citizen_mailbox"
    if (CREDENTIALS_SOURCE_RE.search(compact) or CREDENTIALS_HANDED_RE.search(compact)) and not any(
        w in compact for w in PASSWORD_LOST_CUES
    ):
        return "open_online"  # "用户名哪来": the counter gives it, at the opening
    spoken = SPOKEN_NUMBER_RE.sub(lambda m: m.group().translate(SPOKEN_DIGITS), compact)
    if HOTLINE_CHECK_RE.search(spoken) and not asks_beyond_guide(text):
        # "一二三三三对吧": the hotline, its number put up to be confirmed ("12333热线几点
        # 有人" asks its hours, which the guide never gives)
        return "contact"
    if UNIT_PAPERS_RE.match(compact):
        return "documents"  # "单位的证件呢": the papers, for whichever unit the user is
    if (
        OPEN_HOW_RE.search(meant)
        and not any(w in meant for w in OPEN_OTHER_TOPIC_WORDS)
        and not asks_beyond_guide(text)
    ):
        return "open_online"
    if MAILBOX_HAD_RE.match("".join(unled(parts))):
        return "citizen_mailbox"  # "哦我有市民邮箱的": the mailbox already opens it
    if AT_ONCE_WHY_RE.search(folded):
        return "review_vs_query"  # "为什么参保证明打印一提交就有结果，别的要等"
    if FIRST_STEP_RE.search(meant) and not any(w in meant for w in NEW_UNIT_WORDS):
        # "我想在网上办失业登记，第一步要干嘛": the steps, the opening first ("我们公司刚
        # 成立…第一步要干嘛" is a new unit's, which opens)
        return "flow"
    if START_ASK_RE.search(meant) and any(w in meant for w in NEWCOMER_WORDS):
        return "open_online"  # "第一次用，不知道从哪开始": a newcomer begins by opening it
    if HOW_TO_KNOW_RE.search(folded) and any(w in folded for w in OUTCOME_KNOWN_WORDS):
        return "check_progress"
    if HOW_TO_LOOK_OUTCOME_RE.search(folded):
        return "check_progress"  # "…提交的失业登记，怎么看审核结果": where one looks
    if LOGIN_WAY_NAMED_RE.search(compact):
        return "login_methods"  # "那方式二是啥意思": the guide's second way of logging in
    if LOGIN_FAILS_RE.match(compact):
        return "login_methods"
    if FIX_RULE_RE.search(folded) or FIX_OR_CANCEL_RE.search(folded):
        return "fix_data"  # "…是能直接改，还是要作废重新报？": the two ways of fixing it
    if HEAD_IN_PERSON_RE.search(folded):
        return "agent_agreement"  # "法人代表必须到场吗": the unit's agent goes and signs
    if ITEM_FILED_WHERE_RE.search(compact):
        return "how_to_operate"  # "增员在哪里报": chosen from the portal's list of items
    if PORTAL_DOINGS_RE.search(folded):
        return "how_to_operate"  # "那网上办事到底能办啥西": items chosen from the list
    if (
        RESUBMIT_ASK_RE.search(compact)
        and any(w in folded for w in WITHDRAW_WORDS)
        and any(w in folded for w in DATA_SLIP_WORDS)
    ):
        # "…名字打错了，我想先把这条撤销掉再重新报": a slip, fixed by cancelling it first
        return "fix_data"
    if SUBMIT_AFTER_FIX_RE.search(compact) or AFTER_FIX_NEXT_RE.search(compact):
        return "resubmit"  # "改完直接提交就行?", "注销完了呢"
    if (
        RESUBMIT_ASK_RE.search(compact)
        and not any(w in folded for w in LOOK_ASKED_WORDS)
        and not CANCEL_PROPOSED_RE.search(compact)
        and not (WANTS_CANCEL_RE.search(compact) and not asks_something(text))
    ):
        return "resubmit"  # "补完还要重新提交吧", "那重新报一遍可以吧"
    if (
        any(w in folded for w in REUPLOAD_WORDS)
        and any(w in folded for w in (*HOW_WORDS, *WHERE_CUES))
        or MISSING_FILE_SENT_RE.search(compact)
    ):
        return "fix_data"  # "盖章的工资汇总表补上传是在哪里弄": a file of a submission sent again
    if (
        CAN_CANCEL_ASK_RE.search(compact)
        and not any(w in folded for w in POINTING_WORDS)
        and not any(ch.isdigit() for ch in compact)
        and not ORDINAL_RE.search(compact)
    ):
        return "fix_data"  # "批量的能整个作废吗": whether, in general, the guide's answer
    return None
