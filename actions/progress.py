"""办事进度查询: the logged-in user's submissions, five at a time, the one they pick, its 注销.

A message read as a look-up of one's own progress that names nothing to look up ("就那个
东西啊你懂的") is a miss; one that asks how to go on without a word of one's own ("报上去
的东西给打回来了，我该咋弄") is the guide topic the FAQ selector is sure of.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ERASE_CONFIRM_ACTION,
    MIN_ANSWER_CONFIDENCE,
    answer_topic,
    answer_whom,
    applicant_type_of,
    asks_erasure,
    asks_for_person,
    asks_standing_of_shown,
    finds_out_how_filing_stands,
    ran_this_turn,
    sent_for_unit,
    show_submission,
)
from actions.cancel import ask_cancel, wants_cancel
from actions.confirmation import AnsweringAction
from actions.context import (
    asks_for_list,
    orders_own_look,
    proposes_change,
    says_data_slip,
    show_selected,
    wants_own_progress,
)
from actions.listing import first_page, reference_in
from actions.names import FALLBACK_ACTION, OFFER_HANDOFF
from actions.portal_session import current_link, offer_login
from actions.references import acceptance_number, means_oldest, status_named, without_standing
from actions.topics import (
    answered_topic,
    asks_beyond_guide,
    asks_own_item,
    asks_own_outcome,
    asks_social_matter,
    asks_what_now_after_return,
    asks_whom,
    cancel_ordered_last,
    is_vague,
    lacks_paper,
    selected_topic,
    supposes,
)
from actions.words import (
    ACCOUNT_NOUNS,
    ACCOUNT_ORIGIN_WORDS,
    BASE_BOUND_ASK_RE,
    CANCEL_WONDERED_RE,
    DO_IT_FOR_ME_WORDS,
    DONE_YET_WORDS,
    FIX_ASK_WORDS,
    HOW_TO_CHECK,
    HOW_WORDS,
    LOOK_ASKED_WORDS,
    LOOK_UP_CUES,
    OWN_PROGRESS,
    PICKING_PARTICLES,
    PROXY_RE,
    REJECTION_TOLD_RE,
    RESUBMIT_ASK_RE,
    SET_ASIDE_RE,
    STEPS_TOLD_RE,
    TOLD_LEADS,
    WHEN_WORDS,
    WHICH_ONE_RE,
    WHY_OF_WAIT,
    WHY_WORDS,
)
from actions.yesno import asks_something, clauses


def asks_how_to_find_out(tracker: Tracker) -> bool:
    """ "交上去以后我哪能晓得批了没有": how one finds out how a filing stands, asked with
    nothing listed or on screen (where "怎么看它审到哪了" would point at one)."""
    if tracker.get_slot("progress_list") or tracker.get_slot("selected_submission"):
        return False
    text = str(tracker.latest_message.get("text") or "")
    return finds_out_how_filing_stands(text) and not asks_social_matter(text)


class ActionCheckProgress(AnsweringAction):
    """办事进度查询 for the logged-in user: the newest submissions, five at a time."""

    def name(self) -> str:
        return "action_check_progress"

    def steered(self, tracker: Tracker) -> bool:
        # "公司那个信息变更审核通过没", sent here as one's own: no other reading
        return not asks_own_outcome(str(tracker.latest_message.get("text") or ""))

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if picks_from_list(tracker) and not asks_for_list(text):
            # "审核没通过的那个" with the list on screen is one of it, not the list again
            # ("原来已经注销过了 那把我们全部的列出来看看" asks the list).
            return await show_submission(dispatcher, tracker, domain)
        selected = tracker.get_slot("selected_submission")
        if selected and asks_standing_of_shown(tracker):
            # "那它现在是啥状态" after its 注销 was declined: that one, as it stands now.
            shown = await show_selected(dispatcher, tracker, domain, str(selected))
            if shown is not None:
                return shown
        if asks_erasure(tracker):
            return [FollowupAction(ERASE_CONFIRM_ACTION)]
        text = str(tracker.latest_message.get("text") or "")
        if asks_how_to_find_out(tracker):
            # "那我怎么知道审完了没", nothing listed: the way one looks, as the guide says
            # (nearly every set's writer wants it, logged in or not)
            return answer_topic(dispatcher, "check_progress", None, domain)
        whom = answer_whom(dispatcher, tracker, domain)
        if whom is not None:
            # "who can I ask if my result looks strange", read as a look-up: whom to ask
            return whom
        # "我那个灵活就业参保登记怎么还没弄好": its 怎么 asks after one's own, not how to.
        own = (
            asks_own_item(text)
            and not asks_social_matter(text)
            or orders_own_look(text)
            or asks_own_outcome(text)
            # "说有个身份证号写错了 是哪一条", the list at hand: which of it
            or bool(tracker.get_slot("progress_list") and WHICH_ONE_RE.search(text.strip()))
        )
        if not text.startswith("/") and not acceptance_number(text) and not own:
            if sent_for_unit(tracker):
                # "我寻个人代我去办好伐" for a unit: whoever goes is its agent, who signs
                return answer_topic(
                    dispatcher, "agent_agreement", applicant_type_of(tracker), domain
                )
            if (
                asks_beyond_guide(text)
                and asks_something(text)
                and (any(w in text for w in WHEN_WORDS) or PROXY_RE.search(text))
            ) or lacks_paper(text):
                # "到底多久能审完", read as a look-up: how long a review takes, which the
                # guide never says, whoever's it is ("我在app上交的…咋样了" is a look-up);
                # "我帮她去办可以吗": going in her place, which it does not say either;
                # "营业执照我们没有的呀": a paper lacked, the unit's own words misleading
                return answer_topic(dispatcher, "not_in_guide", None, domain)
            if STEPS_TOLD_RE.search(text):
                # "一步一步讲给我听", read as a look-up for its 给我: the guide's steps
                return answer_topic(dispatcher, "flow", None, domain)
            if asks_account_origin(text):
                # "系统让我输用户名 我哪来的用户名啊", read as a look-up: the counter issues it.
                return answer_topic(dispatcher, "open_online", applicant_type_of(tracker), domain)
            if asks_social_matter(text) and not tracker.get_slot("progress_list"):
                # "能帮我查社保交了几年吗": a record of the matter itself, not a submission
                dispatcher.utter_message(response="utter_out_of_scope_social")
                return []
            vague = is_vague(text) or not names_a_look_up(text)
            if vague and not ran_this_turn(tracker, FALLBACK_ACTION):
                # "就那个东西啊你懂的": nothing named to look up, so a miss like any other;
                # one the fallback sent here ("都有哪些" after the login) is the list.
                return [FollowupAction(FALLBACK_ACTION)]
            topic, confidence = selected_topic(tracker)
            if supposes_a_case(text) and (previous := answered_topic(tracker)) is not None:
                # "要是已经审核通过了呢" after the answer on fixing data: that answer's case.
                return answer_topic(dispatcher, previous, applicant_type_of(tracker), domain)
            if (
                topic == "review_vs_query"
                and confidence >= SURE_HOW_TO_TOPIC
                and asks_something(text)
                and not tracker.get_slot("progress_list")
                and not asks_only_where_it_stands(text)
            ):
                # "我交了申报为什么到现在没结果", not logged in: why a filing waits, which
                # the guide explains (and names the look-up that shows it)
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
            if (
                topic == "check_progress"
                and confidence >= MIN_ANSWER_CONFIDENCE
                and any(w in SET_ASIDE_RE.sub("", text).lower() for w in HOW_TO_CHECK)
            ):
                # "我怎么知道审完没有": how one finds out, in the selector's reading ("不是问
                # 怎么查，你直接帮我查一下我的" sets the how aside and orders the look).
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
            if (
                not tracker.get_slot("progress_list")
                and asks_something(text)
                and (says_data_slip(text) or proposes_change(text))
            ):
                # "交上去的表信息填错了 能改吗", "你能直接帮我把数据改了吗": whether and how a
                # submission is changed, which the user does on the portal as the guide says
                return answer_topic(dispatcher, "fix_data", None, domain)
            if asks_resubmit(text):
                # "那我重新上传再提交行吗" beside the list, read as a look-up: whether and how
                # it is handed in again, as the guide says
                return answer_topic(dispatcher, "resubmit", None, domain)
            if topic is not None and confidence >= SURE_HOW_TO_TOPIC and asks_how_not_own(text):
                # "报上去的东西给打回来了，我该咋弄": how to go on, which the guide answers.
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        link = await current_link(tracker)
        if link is None and asks_what_now_after_return(text):
            # "我们的申报被打回来了咋整", logged out: how one goes on, which the guide says,
            # however much the user's own it is
            return answer_topic(dispatcher, "fix_data", None, domain)
        if link is None and tells_slip_or_return(text):
            # "被退回了", "我提交错了一个东西", logged out: what one does about it, as the
            # guide says, rather than a login to see it
            return answer_topic(dispatcher, "fix_data", None, domain)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        return await first_page(dispatcher, tracker, link, domain)


def asks_resubmit(text: str) -> bool:
    """ "那重新报一遍可以吧": whether one may hand in again, with no look asked."""
    folded = text.lower()
    return bool(RESUBMIT_ASK_RE.search("".join(clauses(folded))[-12:])) and not any(
        w in folded for w in LOOK_ASKED_WORDS
    )


def tells_slip_or_return(text: str) -> bool:
    """ "被退回了", "我提交错了一个东西": a rejection or a slip told, with no look asked."""
    folded = text.lower()
    if asks_something(text) or any(w in folded for w in LOOK_ASKED_WORDS):
        return False
    return bool(REJECTION_TOLD_RE.fullmatch("".join(clauses(text)))) or says_data_slip(text)


def asks_only_where_it_stands(text: str) -> bool:
    """ "我们单位提交的东西审核到哪了": where one's own stands, with no why asked."""
    lowered = text.lower()
    return any(w in lowered for w in DONE_YET_WORDS) and not any(
        w in lowered for w in (*WHY_WORDS, *WHY_OF_WAIT)
    )


#: "how" as a word ("show me my submissions" asks no how).
ENGLISH_HOW = re.compile(r"(?<![a-z])how(?![a-z])")
#: How sure the FAQ selector must be of a guide topic to answer a how-to read as a look-up.
SURE_HOW_TO_TOPIC = 0.9


def names_a_look_up(text: str) -> bool:
    """Whether a message read as a look-up of one's own progress names whose, what or the
    look ("查我的进度", "我们报的批了没"); "就那个东西啊你懂的" names none of them."""
    folded = text.lower()
    return any(cue in folded for cue in LOOK_UP_CUES)


def asks_account_origin(text: str) -> bool:
    """ "我哪来的用户名啊", "账号是谁给的": where the login comes from, not a look-up."""
    folded = text.lower()
    return any(w in folded for w in ACCOUNT_NOUNS) and any(
        w in folded for w in ACCOUNT_ORIGIN_WORDS
    )


def supposes_a_case(text: str) -> bool:
    """ "要是已经审核通过了呢": a case supposed, not one's own looked up ("如果我想看我的
    进度" still asks the look-up)."""
    folded = text.lower()
    # "说是已经审核通过了": the case as the user was told it, a status and no look asked
    told = folded.startswith(TOLD_LEADS) and status_named(folded) is not None
    return (supposes(text) or told) and not any(
        word in folded for word in (*OWN_PROGRESS, *DO_IT_FOR_ME_WORDS)
    )


def asks_how_not_own(text: str) -> bool:
    """ "报上去的东西给打回来了，我该咋弄", "被退回了怎么办": how to go on, with no word of
    one's own submissions or of looking them up ("我的申报怎么样了", "帮我看看怎么回事")."""
    folded = without_standing(text.lower())
    words = (*HOW_WORDS, *FIX_ASK_WORDS)
    chinese = any(word in folded for word in words if not word.isascii())
    if not chinese and not ENGLISH_HOW.search(folded):
        return False
    return not any(word in folded for word in (*OWN_PROGRESS, *DO_IT_FOR_ME_WORDS))


def points_at_one(tracker: Tracker) -> bool:
    """Whether a submission is on screen, or the message names a listed one."""
    text = str(tracker.latest_message.get("text") or "")
    return bool(
        tracker.get_slot("selected_submission")
        or reference_in(tracker)
        or acceptance_number(text)
        # "最早的那个是啥": the oldest, maybe on a page not shown yet
        or (tracker.get_slot("progress_list") and means_oldest(text))
    )


def picks_from_list(tracker: Tracker) -> bool:
    """Whether the message names one listed submission ("第二个", "没通过的那个")."""
    text = str(tracker.latest_message.get("text") or "")
    if tracker.get_slot("progress_list") and means_oldest(text):
        return True  # "最早交的那个": the oldest, on a page not shown yet
    if text.startswith("/") or reference_in(tracker) is None:
        return False
    return status_named(text) is None or any(p in text for p in PICKING_PARTICLES)


class ActionShowSubmission(AnsweringAction):
    """One submission from the list: its status and what the user may do next."""

    def name(self) -> str:
        return "action_show_submission"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if BASE_BOUND_ASK_RE.search(text.lower()):
            # "说3个人基数低于下限，这个下限是多少" with the list shown: the base's bound,
            # a matter of social insurance the guide never gives, not one of the list
            dispatcher.utter_message(response="utter_out_of_scope_social")
            return []
        if (
            not tracker.get_slot("progress_list")
            and wants_own_progress(text, logged_in=False)
            and await current_link(tracker) is None
        ):
            # "职工参保增员那条现在啥状态" before any login: one's own, behind the login
            return await offer_login(dispatcher, tracker, "progress")
        return await show_submission(dispatcher, tracker, domain)


class ActionCancelSubmission(AnsweringAction):
    """Asks to confirm a 注销, naming the item and acceptance number; only where the guide allows.

    "对，注销吧" after that question reads as another cancel_my_submission: the
    pending question takes it as the yes it is (AnsweringAction.run) before this asks again.
    """

    def name(self) -> str:
        return "action_cancel_submission"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "").lower()
        if asks_erasure(tracker):
            # "把这条记录删掉" read as a 注销: the chat's record, asked to be confirmed first
            return [FollowupAction(ERASE_CONFIRM_ACTION)]
        if asks_for_person(text) and not wants_cancel(tracker):
            # "那你帮我问问人工" read as a 注销: a person, and nothing to cancel.
            return [FollowupAction(OFFER_HANDOFF)]
        if not text.startswith("/") and not wants_cancel(tracker) and asks_whom(text):
            # "那我该找谁" right after a 注销 refused, read as another: whom to ask.
            return answer_topic(dispatcher, "contact", None, domain)
        if not text.startswith("/") and not wants_cancel(tracker) and not points_at_one(tracker):
            # "我怎么知道审完没有", "那个 我想问下" read as a 注销: no 注销 word and nothing
            # to cancel: the guide topic the selector is sure of, or a miss.
            topic, confidence = selected_topic(tracker)
            if topic is not None and confidence >= MIN_ANSWER_CONFIDENCE and asks_something(text):
                return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
            return [FollowupAction(FALLBACK_ACTION)]
        asks_how = any(word in SET_ASIDE_RE.sub("", text) for word in HOW_WORDS)
        # ("减员那条 怎么显示注销了": its 怎么 wonders at the status, asks no how)
        # ("怎么都不行？那把第一个注销": the 注销 ordered last, whatever came before)
        ordered_last = cancel_ordered_last(text)
        if asks_how and not CANCEL_WONDERED_RE.search(text) and not ordered_last:
            # "被驳回的申报怎么撤销": how it is done, by the guide; the user may then ask.
            # ("不是问怎么撤，是让你帮我…撤回" sets the how aside and asks the 注销.)
            return answer_topic(dispatcher, "fix_data", None, domain)
        if not wants_cancel(tracker) and picks_from_list(tracker):
            # "the first one" read as a cancel: without a cancel word it only points.
            return await show_submission(dispatcher, tracker, domain)
        return await ask_cancel(dispatcher, tracker, domain)
