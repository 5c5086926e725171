"""The two-stage fallback and the scope statement (replies in :mod:`actions.answers`).

Context steers these too (issue 12): a type said while the type question waits answers
it, however the NLU read the message ("民办学校算哪一种" is no social-security question);
a lone run of letters ("asdfjkl") is a miss, not a question from outside the scope; a
detail the guide never gives ("周六能办吗") is said to be so; and a short question the
FAQ action was unsure of, right after an answer, goes on with that answer's topic
("两种方式有什么区别" after the two ways to log in); a question the intent classifier
could not place but the FAQ selector is sure of is answered ("Where do we go to do it?"). The FAQ action hands such a miss
over to the fallback because it runs in the Rasa server with this turn's events only
(bot/rasa_patches.py), while the fallback runs on the action server and sees the
previous answer.

Some misses are of a kind of their own: a social-security matter the guide never covers
asked "in 网上办事" ("公积金能在网上办事里提取吗") is out of scope, not a miss; a user
lost in a long answer ("字太多看不懂") is offered a person; and a numbered choice
corrected right after it was made ("错了 是2" on SMS) is answered as that button.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    WHERE,
    agents_own_part,
    answer_payload,
    answer_topic,
    answer_whom,
    answered_this_turn,
    applicant_type_of,
    asks_for_batch,
    asks_for_person,
    closing_said,
    cued_topic,
    fallback_reply,
    reanswer_for_type,
    sent_for_unit,
    show_submission,
    speaks_for_unit,
    stated_type,
    states_lost_password,
    sure_topic_of_unplaced_question,
    topic_asked_in_doubt,
    typed_button_payload,
)
from actions.confirmation import (
    AnsweringAction,
    bot_turns_beyond_greeting,
    restores_cancelled,
)
from actions.context import (
    asks_bare_where,
    asks_where_only,
    asks_which_after_look,
    is_short_followup,
    points_at_a_name,
    show_named_unlisted,
    text_of,
    wants_own_progress,
)
from actions.listing import reference_in
from actions.names import FALLBACK_ACTION, OFFER_HANDOFF
from actions.references import REJECTED, acceptance_tail, status_named
from actions.topics import (
    TYPE_DEPENDENT,
    answered_topic,
    asks_beyond_guide,
    asks_how_own_filing_stands,
    asks_social_matter,
    corrected_menu_payload,
    faq_ranking,
    is_off_topic,
    is_vague,
    lost_in_answer,
    orders_look_at_own_filing,
    selected_topic,
)
from actions.words import (
    ANNOUNCED_ASK_RE,
    ASKS_WHAT_BOT_DOES_RE,
    BARE_LOOK_RE,
    BASE_BOUND_ASK_RE,
    CANCEL_ORDER_RE,
    COUNTER_NAMED_TOPICS,
    DECLARED_WORDS,
    FIX_ASK_WORDS,
    ITEM_HOW_ONLINE_RE,
    ITEM_ONLINE_RE,
    LOOK_ORDER_WORDS,
    OWN_LOOK_RE,
    POINTING_WORDS,
    PORTAL_NAME_WORDS,
    PROGRESS_NOUNS,
    REFERRED_BACK_WORDS,
    RESET_FORM_WORDS,
    REVIEW_WAIT_ASK_RE,
    SERVICE_FEE_WORDS,
    SOCIAL_MATTERS,
    WANTS_CANCEL_RE,
)
from actions.yesno import asks_something
from bot.nlu.text import to_simplified
from bot.privacy import MASK

#: A message this short that the FAQ action was unsure of, or that names nothing
#: ("怎么弄啊"), goes on with the answer just given ("两种方式有什么区别", "在哪个菜单").
FOLLOWUP_CHARS = 12

#: One word of letters and nothing else: keyboard mash, or a word too bare to answer.
LONE_LETTERS = re.compile(r"[A-Za-z]{3,}")
#: "啊啊啊啊": one character this many times or more is noise, not a question.
MIN_REPEATS = 3
#: The intents that a look at one's own submissions is read as, when the NLU falls back.
LOOK_UP_INTENTS = frozenset({"check_my_progress", "pick_submission"})


def answers_type_question(tracker: Tracker) -> bool:
    """Whether the message says a type while the type question waits for one."""
    return stated_type(tracker) is not None and tracker.get_slot("pending_topic") in TYPE_DEPENDENT


def follow_up_of(tracker: Tracker) -> str | None:
    """The topic just answered, when the latest message is a short FAQ question that the
    FAQ action could not place; ``None`` otherwise."""
    text = str(tracker.latest_message.get("text") or "")
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if text.startswith("/") or len("".join(text.split())) > FOLLOWUP_CHARS:
        return None
    if tracker.get_slot("last_type_topic") == "password_lost" and any(
        w in text for w in RESET_FORM_WORDS
    ):
        return "password_lost"  # "那个申请单叫什么来着": the reset's form, however read
    return answered_topic(tracker) if intent == "faq" else None


def points_back_to_where(tracker: Tracker, text: str) -> bool:
    """ "那刚才那个 去哪办来着": where to go, for the opening asked about before a detour."""
    return (
        is_short_followup(text)
        and asks_where_only(text)
        and any(w in text for w in REFERRED_BACK_WORDS)
        and tracker.get_slot("last_type_topic") == "documents"
    )


def offer_person_for_unclear_answer() -> list[EventType]:
    """ "字太多看不懂": a person can explain what the answer could not."""
    return [SlotSet("handoff_reason", "answer_unclear"), FollowupAction(OFFER_HANDOFF)]


def answer_corrected_choice(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "错了 是2" right after picking 1 from a menu: what 2 picks; ``None`` otherwise."""
    payload = corrected_menu_payload(tracker)
    return answer_payload(dispatcher, tracker, payload, domain) if payload else None


def names_own_progress(tracker: Tracker, text: str) -> bool:
    """ "我想查进度", "申报记录" with the list shown: the user's own look-up."""
    return (
        any(w in text for w in PROGRESS_NOUNS)
        # "养老金发放进度": a matter of its own, whatever the portal's words beside it
        and not any(w in text.lower() for w in SOCIAL_MATTERS)
        and wants_own_progress(text, logged_in=bool(tracker.get_slot("progress_list")))
    )


def orders_a_look_again(tracker: Tracker) -> bool:
    """ "刚才那个失业登记再给我看一下": a look ordered, which the NLU ranks next to the
    look-up or a pick, at something it could not place."""
    text = str(tracker.latest_message.get("text") or "").lower()
    ranked = [e.get("name") for e in (tracker.latest_message.get("intent_ranking") or [])[:3]]
    if not LOOK_UP_INTENTS & set(ranked):
        return False
    if OWN_LOOK_RE.search(text):
        return not asks_social_matter(text)  # "不是问方法，你直接帮我查我自己的那条"
    return any(w in text for w in LOOK_ORDER_WORDS) and not asks_something(text)


def asks_how_one_seen_stands(tracker: Tracker) -> bool:
    """ "刚才那个就业登记还在审吧": how one of the user's own, pointed back at, stands now,
    which the NLU ranks next to the look-up at something it could not place."""
    text = str(tracker.latest_message.get("text") or "")
    ranked = [e.get("name") for e in (tracker.latest_message.get("intent_ranking") or [])[:3]]
    return (
        bool(LOOK_UP_INTENTS & set(ranked))
        and any(w in text for w in POINTING_WORDS)
        and status_named(text) is not None
        and not asks_social_matter(text)
    )


def looks_at_own_records(tracker: Tracker, text: str) -> bool:
    """ "申报记录" after logging in, "刚才那个失业登记再给我看一下": the user's own list (a
    login first, if logged out since), not a topic of the guide."""
    if orders_a_look_again(tracker) or asks_how_one_seen_stands(tracker):
        return True
    shown = bool(tracker.get_slot("progress_list"))
    compact = "".join(ch for ch in text if ch.isalnum())
    if shown and BARE_LOOK_RE.match(compact):
        return True
    if asks_which_after_look(tracker, text):
        return True
    return names_own_progress(tracker, text) and not (shown and asks_something(text))


def is_mash(text: str) -> bool:
    """ "asdfjkl": letters only, one word; "asdfgh jkl": runs along a keyboard row;
    or "啊啊啊啊": one character over and over."""
    compact = "".join(text.split())
    repeated = len(compact) >= MIN_REPEATS and len(set(compact)) == 1
    return repeated or bool(LONE_LETTERS.fullmatch(text.strip())) or runs_along_rows(text)


#: A keyboard's letter rows, each way: "asdfgh" and "lkj" are a hand run along one.
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def runs_along_rows(text: str) -> bool:
    """Whether every word of ``text`` is letters run along a keyboard row ("asdfgh jkl")."""
    words = text.lower().split()
    if not words or not all(w.isascii() and w.isalpha() for w in words):
        return False
    return all(
        len(w) >= MIN_REPEATS and any(w in row or w in row[::-1] for row in KEYBOARD_ROWS)
        for w in words
    )


#: How sure the FAQ selector must be of a message that carried a masked secret.
MASKED_TOPIC_CONFIDENCE = 0.5


def answer_masked_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], text: str
) -> list[EventType] | None:
    """ "我现在的密码是******，想改成别的怎么改": the channel masked a password in it, and a
    password typed here is this portal's, so the question is the guide's, whatever the
    intent classifier made of the rest. ``None`` if the FAQ selector is not sure of a topic.
    """
    if MASK not in text:
        return None
    topic, confidence = selected_topic(tracker)
    if topic is None or confidence < MASKED_TOPIC_CONFIDENCE:
        return None
    return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)


#: The selector's first topics under which a password said lost is the reset's question.
PASSWORD_TOPICS = frozenset({"change_password", "password_lost", "login_methods"})

#: The answers after which "where do we go" asks for the counter (受理点).
OPENING_TOPICS = ("documents", "open_online", "agent_agreement")


def sent_back_to_fix(text: str) -> bool:
    """ "年金基数申报被打回来了 要怎么改": a declaration sent back, and its fixing asked."""
    folded = text.lower()
    return (
        status_named(folded) == REJECTED
        and any(w in folded for w in FIX_ASK_WORDS)
        and any(w in folded for w in DECLARED_WORDS)
    )


class ActionOutOfScope(AnsweringAction):
    """The scope statement, unless the message names a submission from the list just shown."""

    REASKS = True

    def name(self) -> str:
        return "action_out_of_scope"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if BASE_BOUND_ASK_RE.search(text_of(tracker)):
            # "今年护工的社保基数按多少报" names 社保缴费基数申报 but asks the base's amount
            dispatcher.utter_message(response="utter_out_of_scope_social")
            return []
        if ITEM_HOW_ONLINE_RE.search(text_of(tracker)) and not asks_social_matter(text_of(tracker)):
            # "在网上怎么办失业登记", read as a social matter by its item: how any item is
            # done online, which the guide says
            return answer_topic(dispatcher, "how_to_operate", applicant_type_of(tracker), domain)
        if REVIEW_WAIT_ASK_RE.search(text_of(tracker)) and asks_something(text_of(tracker)):
            # "失业登记审核要多久啊", read as a social matter by its item: the review's wait
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        if ITEM_ONLINE_RE.search(text_of(tracker).lower()):
            # "失业登记可以在网上办吗", read as a social matter by its item: whether the
            # portal has it, which the guide does not list
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        if asks_how_own_filing_stands(text_of(tracker)) or orders_look_at_own_filing(
            text_of(tracker)
        ):
            # "我们单位报的职业年金基数现在什么情况了", read as a social matter: the look-up
            return [FollowupAction("action_check_progress")]
        said = text_of(tracker)
        if (CANCEL_ORDER_RE.search(said) or WANTS_CANCEL_RE.search(said)) and not asks_something(
            said
        ):
            # "我那个技能提升补贴交错了 帮我注消掉", "…报错了想撤掉", read as a social matter
            # by its item: a 注销 of one's own, ordered or wanted
            return [FollowupAction("action_cancel_submission")]
        # "失业登记通过了 能领失业金了吗" names a listed one, but asks the benefit
        asks_benefit = asks_social_matter(said) and asks_something(said)
        if (
            tracker.get_slot("progress_list")
            and not asks_benefit
            and (reference_in(tracker, strong_only=True) or acceptance_tail(text_of(tracker)))
        ):
            # "尾号1234的": a listed one named by its number's end, found or not
            return await show_submission(dispatcher, tracker, domain)
        if tracker.get_slot("progress_list") and points_at_a_name(text_of(tracker)):
            # "补贴那个", read as a social matter, with 职业技能提升补贴申领 on a page not shown.
            named = await show_named_unlisted(dispatcher, tracker, domain)
            if named is not None:
                return named
        if answers_type_question(tracker):
            reanswered = reanswer_for_type(dispatcher, tracker, domain)
            if reanswered is not None:
                return reanswered
        text = str(tracker.latest_message.get("text") or "")
        if is_mash(text) or is_vague(text):
            # ("我那个东西弄不好啊 烦死了": a miss to clear up, not a matter out of scope)
            return await fallback_reply(dispatcher, tracker, domain)
        closing = closing_said(text)
        if closing is not None:
            # "haode xiexie", "ok zaijian", read as out of scope: the thanks or goodbye
            dispatcher.utter_message(response=closing)
            return []
        if ASKS_WHAT_BOT_DOES_RE.search(text):
            # "你会干嘛", "你还能干点别的不": what it can do, not a question out of scope.
            dispatcher.utter_message(response="utter_capabilities")
            return []
        if lost_in_answer(text):
            return offer_person_for_unclear_answer()
        if asks_for_person(text) and not asks_social_matter(text):
            # "你这等于没说，找个人来", read as beyond the service: a person, as asked
            return [SlotSet("handoff_reason", "request_human"), FollowupAction(OFFER_HANDOFF)]
        whom = answer_whom(dispatcher, tracker, domain)
        if whom is not None:
            return whom  # "who can I call about it": the guide's contacts
        if any(w in text for w in SERVICE_FEE_WORDS) and not asks_social_matter(text):
            # "一年要交多少服务费", read as a contribution: the service's fee, never given
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        social = (tracker.latest_message.get("intent") or {}).get("name") == "out_of_scope_social"
        # "那技能提升补贴能补多少钱": a benefit's amount, a social matter, not the bureau's detail
        near_not_in_guide = not social and "not_in_guide" in [
            t for t, _ in faq_ranking(tracker)[:2]
        ]
        if asks_beyond_guide(text) and (answered_topic(tracker) is not None or near_not_in_guide):
            # "哪条路上" right after the guide's answer on opening: a detail of it;
            # "12333几点有人接": the bureau's, which the selector places beside the guide.
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        masked = answer_masked_question(dispatcher, tracker, domain, text)
        if masked is not None:
            return masked
        if (
            is_short_followup(text)
            and asks_where_only(text)
            and answered_topic(tracker) in OPENING_TOPICS
            and not asks_social_matter(text)  # "落户在哪办": where, of something else
        ):
            # "Where do we go to do it?" after the documents: the counter, for the type known.
            return answer_topic(dispatcher, WHERE, applicant_type_of(tracker), domain)
        if names_own_progress(tracker, text):
            # "我想查进度" read as out of scope: one's own look-up, login first.
            return [FollowupAction("action_check_progress")]
        if sent_back_to_fix(text):
            # "年金基数申报被打回来了 要怎么改": a declaration of one's own sent back, however
            # social its item sounds, is fixed as the guide says
            return answer_topic(dispatcher, "fix_data", None, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        social = intent == "out_of_scope_social" or asks_social_matter(text)
        portal_named = any(w in text for w in PORTAL_NAME_WORDS)
        ranking = [t for t, _ in faq_ranking(tracker)]
        cued = None if social and not portal_named else cued_topic(text, ranking)
        if cued is not None:
            # "我老头子不太会弄电脑，密码忘记了，咋整": a topic named in plain words, among
            # the selector's closest, however out of scope the rest looked to the NLU
            return answer_topic(dispatcher, cued, applicant_type_of(tracker), domain)
        dispatcher.utter_message(
            response="utter_out_of_scope_social" if social else "utter_out_of_scope"
        )
        return []


class ActionFallback(AnsweringAction):
    """First miss: the closest topics as buttons. Second miss in a row: 12333 and the mailbox."""

    REASKS = True

    def name(self) -> str:
        return FALLBACK_ACTION

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if answered_this_turn(tracker):
            return []
        corrected = answer_corrected_choice(dispatcher, tracker, domain)
        if corrected is not None:
            return corrected
        typed = typed_button_payload(tracker)
        picked = answer_payload(dispatcher, tracker, typed, domain) if typed else None
        if picked is not None:
            return picked  # "第二个" to the type question: what its second button says
        whom = answer_whom(dispatcher, tracker, domain)
        if whom is not None:
            return whom  # "那联系谁": the guide's contacts
        if ASKS_WHAT_BOT_DOES_RE.search(text):
            # "那你们管什么的呀", not placed: what the assistant does.
            dispatcher.utter_message(response="utter_capabilities")
            return []
        if is_off_topic(text):
            # "明天杭州下不下雨": no topic of the guide is close, however the NLU ranked them.
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        closing = closing_said(text)
        if closing is not None:
            # "那我再等等吧，谢谢": a thanks or a goodbye that says nothing else to answer.
            dispatcher.utter_message(response=closing)
            return []
        if lost_in_answer(text):
            return offer_person_for_unclear_answer()
        if asks_for_person(text) and not asks_social_matter(text):
            # "12333一直占线 能直接转人工吗", "还是转吧，就问刚才那个收费的问题", not placed:
            # a person, as asked, before any topic the rest of the message names
            return [SlotSet("handoff_reason", "request_human"), FollowupAction(OFFER_HANDOFF)]
        if (asks_social_matter(text) and not tracker.get_slot("progress_list")) or (
            BASE_BOUND_ASK_RE.search(text)
        ):
            # "公积金能在网上办事里提取吗": 网上办事 named, but the matter is not the guide's;
            # "这个下限到底是多少" with the rejected one on screen, too (no item is named so).
            dispatcher.utter_message(response="utter_out_of_scope_social")
            return []
        if sent_for_unit(tracker):
            # "老板没空，我替他去可以吗": whether one may go for the unit is the agent's part
            return answer_topic(dispatcher, "agent_agreement", applicant_type_of(tracker), domain)
        if asks_beyond_guide(text):
            dispatcher.utter_message(response="utter_faq/not_in_guide")
            return []
        if restores_cancelled(tracker, text):
            # "能恢复吗" of one cancelled: a 注销 is final, the guide's way is to submit again
            return answer_topic(dispatcher, "resubmit", None, domain)
        if agents_own_part(tracker, None):
            # "经办人呢" the NLU could not place, a unit's type known: the agent's part.
            return answer_topic(dispatcher, "agent_agreement", applicant_type_of(tracker), domain)
        if looks_at_own_records(tracker, text):
            return [FollowupAction("action_check_progress")]
        if asks_something(text) and asks_for_batch(text):
            # "店里十几个服务员 能一下子都报上去伐": many at once, whatever came before
            return answer_topic(dispatcher, "batch", None, domain)
        sure = sure_topic_of_unplaced_question(tracker)
        if sure is None and (doubted := topic_asked_in_doubt(text)) is not None:
            # "我是做个体的不知道算哪一种开通要什么东西": the type asked, for that topic
            return [SlotSet("applicant_type", None)] + answer_topic(
                dispatcher, doubted, None, domain
            )
        if sure is None and asks_something(text):
            # a topic named in plain words among the selector's closest, however long
            # the story around it that made the NLU fall back
            sure = cued_topic(text, [topic for topic, _ in faq_ranking(tracker)])
        if sure is not None:
            return answer_topic(dispatcher, sure, applicant_type_of(tracker), domain)
        if states_lost_password(text) and selected_topic(tracker)[0] in PASSWORD_TOPICS:
            # "接手单位网上办事 密码没人知道": the loss told, the reset left unasked
            kind = applicant_type_of(tracker)
            unit = kind is None and speaks_for_unit(text)
            return answer_topic(dispatcher, "password_lost", kind, domain, unit=unit)
        if points_back_to_where(tracker, text):
            # "那刚才那个 去哪办来着" after a detour: where one opens, for the type known
            return answer_topic(dispatcher, WHERE, applicant_type_of(tracker), domain)
        where = asks_bare_where(text) or (is_short_followup(text) and asks_where_only(text))
        if where and answered_topic(tracker) in COUNTER_NAMED_TOPICS:
            # "在哪", "去哪理办" right after the reset's answer, which sends one to the
            # counter: where the counter is, for the type known
            return answer_topic(dispatcher, WHERE, applicant_type_of(tracker), domain)
        previous = follow_up_of(tracker)
        if previous is not None:
            return answer_topic(dispatcher, previous, applicant_type_of(tracker), domain)
        if ANNOUNCED_ASK_RE.search(to_simplified(text).lower()) and not asks_something(text):
            # "你好，我在香港，想帮杭州的妈妈问网上办事的事": a question announced, none
            # asked yet: the invitation to ask it
            opening = not bot_turns_beyond_greeting(tracker)
            dispatcher.utter_message(response="utter_greet" if opening else "utter_ack")
            return []
        return await fallback_reply(dispatcher, tracker, domain)
