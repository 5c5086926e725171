"""Greeting, thanks, "what can you do" and "are you a robot", with topic buttons.

The buttons are sent from here, not from domain.yml, because Rasa's response
templating reads the braces of an intent payload as a slot placeholder; their
titles are responses of domain.yml (``utter_topic_title_<topic>``).

These are answering actions like any other (issue 12), so the context reads the
message first: "第一个是几个人的增员", which the NLU may take for "are you a robot", is
the first submission of the list on screen. And "what can you do" asked of the portal
rather than of the bot ("哦，那网上办事能查什么") is a question of the guide: the topic the
FAQ selector finds, else the guide's seven steps of 网上办事; so is one the NLU barely
took for small talk while its FAQ selector is sure of the topic ("能查进度吗"). A thanks
that carries a request ("謝謝，登出") is that request.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    MIN_ANSWER_CONFIDENCE,
    SURE_UNPLACED_TOPIC,
    advise_selected,
    answer_topic,
    applicant_type_of,
    asks_for_person,
)
from actions.confirmation import AnsweringAction, asks_only_if_bot
from actions.context import CHECK_PROGRESS, asks_which_after_look, wants_own_progress
from actions.names import FALLBACK_ACTION, OFFER_HANDOFF
from actions.topics import (
    asks_beyond_guide,
    carried_by_runner_up,
    corrected_choice,
    intent_confidence,
    plain_topic,
    runners_up,
    selected_topic,
    topic_button,
)
from actions.words import (
    ASKS_IF_BOT_RE,
    ASKS_WHAT_BOT_DOES_RE,
    BOT_SUBJECT_WORDS,
    BRING_WORDS,
    GREETING_FILLERS,
    GREETING_WORDS,
    LOGIN_VERBS,
    PERSON_WORDS,
    PORTAL_SUBJECT_WORDS,
    PROGRESS_NOUNS,
    STEP_NAMED_RE,
    THANK_WORDS,
)
from actions.yesno import asks_something, says_more_than_yes_no
from bot.contract import MAIN_MENU_TOPICS

#: The main menu's topics (shared with the voice keypad), then how to check progress.
GREETING_TOPICS = (*MAIN_MENU_TOPICS, "check_progress")
CAPABILITY_TOPICS = ("flow", "fix_data", "login_methods")
#: What the portal does, in the guide's words, when the FAQ selector names no topic.
PORTAL_OVERVIEW = "flow"
#: "能查进度吗" read as "what can you do" below this, while the FAQ selector is at least
#: SURE_TOPIC sure of its topic, asks that topic ("有哪些问题可以咨询", read surely as
#: small talk, keeps its reading though the selector likes the contacts).
UNSURE_READING = 0.6
SURE_TOPIC = 0.9
#: A question asked with a greeting, by the NLU's runner-up intent → its action; the
#: greeting words take most of the reading, so a little is enough.
ASKED_WITH_GREETING = {
    "bot_challenge": "action_bot_challenge",
    "what_can_you_do": "action_capabilities",
}
ASKED_MIN_CONFIDENCE = 0.05
#: A request made with a greeting ("您好，我们公司登一下"), by the NLU's runner-up intents →
#: its action and the words that must name it in what is left of the message (a
#: greeting with anything else, "您好，我想问个问题", is no request to log in).
REQUESTED_WITH_GREETING = {
    "login": ("action_login", LOGIN_VERBS),
    "request_human": (OFFER_HANDOFF, PERSON_WORDS),
}


def asks_of_bot(text: str) -> bool:
    """ "你都能做什么": the bot is asked."""
    folded = text.lower()
    return any(w in folded for w in BOT_SUBJECT_WORDS)


def asks_about_portal(text: str) -> bool:
    """Whether "what can … do" is asked of the portal, not of the bot."""
    folded = text.lower()
    return any(w in folded for w in PORTAL_SUBJECT_WORDS) and not asks_of_bot(text)


def says_more_than_thanks(text: str) -> bool:
    """Whether ``text`` says more than thanks, a yes and fillers ("謝謝，登出")."""
    rest = text
    for word in THANK_WORDS:
        rest = rest.replace(word, " ")  # a clause break
    return says_more_than_yes_no(rest)


def carried_request(tracker: Tracker) -> str | None:
    """The action of the request a thanks carries ("謝謝，登出": logging out), by the NLU's
    runner-up intents; ``None`` for a thanks alone."""
    text = str(tracker.latest_message.get("text") or "")
    if not text or text.startswith("/") or not says_more_than_thanks(text):
        return None
    return carried_by_runner_up(tracker)


def asks_with_thanks(text: str) -> bool:
    """ "好的谢谢 那要带啥材料": a question asked after the thanks for the last answer."""
    if not text or text.startswith("/"):
        return False
    rest = text
    for word in THANK_WORDS:
        rest = rest.replace(word, " ")
    return says_more_than_yes_no(rest) and asks_something(rest)


def asked_with_greeting(tracker: Tracker) -> str | None:
    """ "你好你好请问你是真人吗…": a question asked with the greeting, which the NLU ranks
    next (are you a robot, what can you do); "您好，我们公司登一下": a request made with
    it, ranked among the next two and named in the rest (logging in, a person); ``None``
    for a greeting alone."""
    text = str(tracker.latest_message.get("text") or "")
    rest = text
    for word in GREETING_WORDS:
        rest = rest.replace(word, " ")
    if not text or text.startswith("/"):
        return None
    if asks_something(rest):
        for name in runners_up(tracker, depth=1, min_confidence=ASKED_MIN_CONFIDENCE):
            if name in ASKED_WITH_GREETING:
                return ASKED_WITH_GREETING[name]
    folded = rest.lower()
    for name in runners_up(tracker, depth=2, min_confidence=ASKED_MIN_CONFIDENCE):
        action, words = REQUESTED_WITH_GREETING.get(name, ("", ()))
        if action and any(word in folded for word in words):
            return action
    return None


#: What is told beside a greeting must be this long, greeting words and fillers aside,
#: to be a question of its own ("喂你好那个我的密马忘记了"; "哈喽 在吗 有人吗" is not).
MIN_TOLD_WITH_GREETING = 4
#: … and the selector this sure of its topic.
SURE_TOLD_TOPIC = 0.95


def told_with_greeting(tracker: Tracker) -> str | None:
    """ "你好，我的密码忘了": a guide topic told with the greeting, which the NLU read as a
    greeting; ``None`` when the greeting is all, or the topic is unsure."""
    text = str(tracker.latest_message.get("text") or "")
    if not text or text.startswith("/"):
        return None
    rest = text.lower()
    for word in (*GREETING_WORDS, *GREETING_FILLERS):
        rest = rest.replace(word, "")
    if sum(ch.isalnum() for ch in rest) < MIN_TOLD_WITH_GREETING:
        return None
    topic, confidence = selected_topic(tracker)
    if topic is None or topic == "not_in_guide" or confidence < SURE_TOLD_TOPIC:
        return None
    return topic


def looks_up_with_greeting(tracker: Tracker) -> bool:
    """ "hello 查下网办进度": a look at one's own progress ordered with the greeting."""
    rest = str(tracker.latest_message.get("text") or "").lower()
    for word in GREETING_WORDS:
        rest = rest.replace(word, " ")
    listed = bool(tracker.get_slot("progress_list"))
    return any(w in rest for w in PROGRESS_NOUNS) and wants_own_progress(rest, logged_in=listed)


class ActionGreet(AnsweringAction):
    """Says what the assistant can do, with the most asked topics as buttons; a question
    asked or a request made with the greeting ("你好，你是真人吗", "您好，我们公司登一下")
    is answered instead."""

    REASKS = True

    def name(self) -> str:
        return "action_greet"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if not text.startswith("/") and asks_beyond_guide(text):
            # "周六有人接不", "你好，窗口几点下班": a detail the guide never gives.
            return answer_topic(dispatcher, "not_in_guide", None, domain)
        if not text.startswith("/") and asks_for_person(text):
            # "接线员在吗": the 在吗 of a greeting, said to call a person
            return [FollowupAction(OFFER_HANDOFF)]
        asked = asked_with_greeting(tracker)
        if asked is not None:
            return [FollowupAction(asked)]
        if looks_up_with_greeting(tracker):
            # "hello 查下网办进度": one's own look-up, not how the portal shows progress
            return [FollowupAction(CHECK_PROGRESS)]
        told = told_with_greeting(tracker)
        if told is not None:
            # "你好，我的密码忘了": its answer, not the greeting's list of what I can do
            return answer_topic(dispatcher, told, applicant_type_of(tracker), domain)
        dispatcher.utter_message(
            response="utter_greet", buttons=[topic_button(domain, t) for t in GREETING_TOPICS]
        )
        return []


class ActionCapabilities(AnsweringAction):
    """The guide's topics in one list, with a few as buttons; what the portal can do is
    the guide's answer."""

    REASKS = True

    def name(self) -> str:
        return "action_capabilities"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        topic, confidence = selected_topic(tracker)
        if not text.startswith("/") and asks_for_person(text):
            # "什么都不知道要你有啥用 投诉", read as what the bot does: a person, as asked
            return [SlotSet("handoff_reason", "request_human"), FollowupAction(OFFER_HANDOFF)]
        if not text.startswith("/") and asks_which_after_look(tracker, text):
            # "都有哪些" right after the login, read as what the bot does: one's own list
            return [FollowupAction(CHECK_PROGRESS)]
        if not text.startswith("/"):
            # "这个我可以做啥" with a submission on screen: what that one allows now
            advised = await advise_selected(dispatcher, tracker, domain)
            if advised is not None:
                return advised
        if not text.startswith("/") and STEP_NAMED_RE.search(text):
            # "第六步是什么意思": a step of the guide's seven.
            return answer_topic(dispatcher, PORTAL_OVERVIEW, None, domain)
        if not text.startswith("/") and asks_about_portal(text):
            # "网上办事能查什么": the topic its words name ("能办啥": how an item is done),
            # else the one the selector finds, else the guide's seven steps.
            if topic is None or confidence < MIN_ANSWER_CONFIDENCE:
                topic = PORTAL_OVERVIEW
            topic = plain_topic(text) or topic
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        reading = intent_confidence(tracker)
        brings = topic == "documents" and any(w in text for w in BRING_WORDS)
        if (
            not text.startswith("/")
            and topic is not None
            and (reading < UNSURE_READING or brings)
            and confidence >= SURE_TOPIC
        ):
            # "那要带些什么", read as what the bot does: what to bring, for the type known
            # "能查进度吗": barely small talk, surely a question of the guide; "复印件到底要几份
            # 你就直说": a detail of that topic which the guide never gives
            if asks_beyond_guide(text):
                topic = "not_in_guide"
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        if not text.startswith("/") and reading < UNSURE_READING and asks_beyond_guide(text):
            # "盖章的工资汇总表要什么格式", barely read as what the bot does: a detail of the
            # guide's that it never gives, however unsure the selector of the topic
            return answer_topic(dispatcher, "not_in_guide", None, domain)
        dispatcher.utter_message(
            response="utter_capabilities",
            buttons=[topic_button(domain, t) for t in CAPABILITY_TOPICS],
        )
        return []


class ActionBotChallenge(AnsweringAction):
    """ "你是机器人吗": a machine, and how to reach 12333's people."""

    REASKS = True

    def name(self) -> str:
        return "action_bot_challenge"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        if asks_for_person(text) and not asks_only_if_bot(text):
            # "那我要真人" right after "你是机器人吗": the person, not the same answer again.
            return [FollowupAction(OFFER_HANDOFF)]
        if ASKS_WHAT_BOT_DOES_RE.search(text) and not asks_only_if_bot(text):
            # "机器人能回答啥": what the machine can do, not whether it is one
            return [FollowupAction("action_capabilities")]
        topic = guide_question_of(text, tracker)
        if topic is not None:
            return answer_topic(dispatcher, topic, applicant_type_of(tracker), domain)
        dispatcher.utter_message(response="utter_iamabot")
        return []


def guide_question_of(text: str, tracker: Tracker) -> str | None:
    """ "还是没懂，用户名到底是谁给我": a 谁 that asks who hands out a thing of the guide,
    not who is answering; the topic the FAQ selector is sure of, else ``None``."""
    lowered = text.lower()
    if ASKS_IF_BOT_RE.search(lowered) or any(w in lowered for w in BOT_SUBJECT_WORDS):
        return None
    if not asks_something(text):
        return None
    topic, confidence = selected_topic(tracker)
    return topic if confidence >= SURE_UNPLACED_TOPIC else None


class ActionThank(AnsweringAction):
    """ "谢谢": you are welcome; a request said with the thanks ("謝謝，登出") is carried out."""

    def name(self) -> str:
        return "action_thank"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        action = carried_request(tracker)
        if action is not None:
            return [FollowupAction(action)]
        if (
            asks_with_thanks(str(tracker.latest_message.get("text") or ""))
            and selected_topic(tracker)[1] >= MIN_ANSWER_CONFIDENCE
        ):
            # the thanks closed one answer; the question is read as one the NLU could not
            # place, in the conversation ("好伐，谢谢" and "那就只能找业务单位了是吧，谢谢"
            # name no topic: thanks)
            return [FollowupAction(FALLBACK_ACTION)]
        dispatcher.utter_message(response="utter_thank")
        return []


class ActionGoodbye(AnsweringAction):
    """ "再见": goodbye; "错了 是2", a numbered choice corrected that the NLU heard as a
    goodbye, is read against the menu by the fallback instead."""

    def name(self) -> str:
        return "action_goodbye"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if corrected_choice(str(tracker.latest_message.get("text") or "")) is not None:
            return [FollowupAction(FALLBACK_ACTION)]
        dispatcher.utter_message(response="utter_goodbye")
        return []
