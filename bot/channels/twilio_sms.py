"""Twilio SMS at /webhooks/twilio/webhook: signed requests only, answers as TwiML.

Rasa's own ``twilio`` channel checks no signature, crashes on a message without
``Body`` (and re-raises, its debug mode being on by default), and answers through
Twilio's REST API. This one answers in the webhook's own response with a
``MessagingResponse``, so nothing is sent from the bot to Twilio at all.

A reply is one message of at most three segments. Buttons become a numbered
menu that the user answers with a digit; the menu is remembered per phone in the
database. An answer too long for three segments is cut, and its full text is
served for seven days at ``/webhooks/twilio/a/<id>``. The carriers' keywords
(退订/STOP…, 开始/START…, 帮助/HELP) are answered here and never reach the bot.

That page is a bearer URL: whoever holds the link reads it, for days. So a
private answer never goes there (issue 10, finding 10): an answer given while
the phone is logged in, or one that names an acceptance number (受理编号
``HZ`` + 13 digits), is sent whole instead, as several messages of at most
three segments each. Each page keeps its conversation id, so that erasing the
conversation (:meth:`SmsStore.erase`) takes its pages too.

Twilio's delivery reports on the SMS the notification worker sends (an agent's
reply, issue 13) arrive, signed, at ``/webhooks/twilio/status`` and are recorded
with the notification.

Each message is answered once: a replayed request (same ``MessageSid``, which
Twilio's signature covers) gets an empty ``<Response/>`` and no bot turn.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.twiml.messaging_response import MessagingResponse

from bot.alerts import AlertStore
from bot.channels.inbound import APOLOGY, CLIENT_BINDING_KEY, conversation_id, user_message
from bot.channels.responses import response_texts
from bot.channels.sms_format import condense, fits, join_parts, menu_payloads, numbered_menu
from bot.channels.turn import ChannelCollector, guarded_turn, services
from bot.channels.twilio_common import (
    ASK_FEEDBACK,
    FEEDBACK_RESPONSE,
    SmsStore,
    form_value,
    masked_phone,
    signature_required,
    twiml_response,
)
from bot.contract import CHOICE_INTENTS, PICK_INTENT
from bot.feedback import FeedbackStore, Verdict
from bot.login.store import LoginStore
from bot.notify.outbox import NotifyOutbox
from bot.observability import instrumented
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: Keywords compared with the whole message, case and width folded, punctuation stripped.
STOP_KEYWORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "TD", "退订", "取消订阅"}
)
START_KEYWORDS = frozenset({"START", "UNSTOP", "开始", "重新订阅"})
HELP_KEYWORDS = frozenset({"HELP", "INFO", "帮助"})

#: What the channel answers itself, outside a Rasa turn: domain responses.
HELP_RESPONSE = "utter_sms_help"
OPTED_OUT_RESPONSE = "utter_sms_opted_out"
RESUBSCRIBED_RESPONSE = "utter_sms_resubscribed"
NO_SENDER_RESPONSE = "utter_sms_no_sender"
#: A number beyond the last menu: told so, and that menu kept.
NO_SUCH_CHOICE_RESPONSE = "utter_sms_no_such_choice"
OWN_RESPONSES = (
    HELP_RESPONSE,
    OPTED_OUT_RESPONSE,
    RESUBSCRIBED_RESPONSE,
    NO_SENDER_RESPONSE,
    NO_SUCH_CHOICE_RESPONSE,
)
#: The channel's own words around an answer (domain responses, read once at import).
_TEXTS = response_texts(
    [
        *OWN_RESPONSES,
        "utter_sms_login_prompt",
        "utter_sms_private_cut",
        "utter_sms_login_link_elsewhere",
        "utter_sms_page_title",
        "utter_sms_page_note",
        "utter_sms_page_gone_title",
        "utter_sms_page_gone",
    ]
)
#: Put before a login link: ``LOGIN_PROMPT + url``.
LOGIN_PROMPT = _TEXTS["utter_sms_login_prompt"]
#: What the rest of a private answer too long even for several messages becomes.
PRIVATE_CUT_TEXT = _TEXTS["utter_sms_private_cut"]
LOGIN_LINK_ELSEWHERE = _TEXTS["utter_sms_login_link_elsewhere"]

#: What a carrier may turn "@" into (GSM 0x00 read as Latin-1); Rasa's channel undoes it too.
_CORRUPTED_AT = "¡"
#: "2", "二", "选1", "我选2", "回复3": a line of the menu picked, by digits or a Chinese
#: numeral, after the verb that picks it. "第二个" goes to the bot as words: after a
#: submission's details, whose menu is the alerts', it means the second of the list.
# "2", "选2", "是2吧", "2 谢谢": the number with what people say around it.
_MENU_CHOICE = re.compile(
    r"^\s*(?:是|就|那|那就|就是)?\s*(?:我?(?:选|选择|回复|回)\s*)?"
    r"(\d{1,2}|[一二两三四五六七八九十])\s*(?:号)?\s*(?:吧|啊|呀|哈|哦|嘛|呗)?"
    r"\s*(?:[,，]?\s*(?:谢谢|谢了|多谢|thanks|thx))?\s*[。.!！]?\s*$",
    re.I,
)
_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_KEYWORD_STRIP = " \t\r\n.,!?;:。，！？；：、"
#: A 受理编号 as the portal prints it (portal_sandbox): an answer holding one is private.
ACCEPTANCE_NUMBER = re.compile(r"HZ\d{13}")
#: Menu entries that answer the end-of-conversation question ("1" / "2"), with the
#: thanks after the bar.
FEEDBACK_CHOICE = "feedback:"
#: The most messages (of MAX_SEGMENTS each) a private answer is sent as, instead of a page.
MAX_PRIVATE_MESSAGES = 4

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>body{{font:17px/1.7 system-ui,sans-serif;max-width:40em;margin:1.5em auto;padding:0 1em;color:#222}}
.answer{{white-space:pre-wrap}}.note{{color:#666;font-size:14px}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


def keyword_of(text: str) -> str:
    """The message folded for keyword matching: ``" Stop! "`` → ``"STOP"``."""
    return unicodedata.normalize("NFKC", text).strip(_KEYWORD_STRIP).upper()


def _typed_number(text: str) -> int | None:
    match = _MENU_CHOICE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    number = match.group(1)
    return int(number) if number.isdigit() else _CHINESE_DIGITS[number]


def beyond_menu(text: str, menu: Sequence[str]) -> int | None:
    """The number typed, when a menu is waiting and it has no such line ("5" to three)."""
    number = _typed_number(text)
    if number is None or not menu:
        return None
    return number if not 1 <= number <= len(menu) else None


def payload_intent(payload: str) -> str:
    """The intent a button's payload sends ("/pick_submission{…}": pick_submission)."""
    return payload.lstrip("/").split("{", 1)[0]


def offers_choice(menu: Sequence[str]) -> bool:
    """Whether the menu is a choice among like things, or the end-of-conversation question."""
    return any(
        payload.startswith(FEEDBACK_CHOICE) or payload_intent(payload) in CHOICE_INTENTS
        for payload in menu
    )


def beside_list(menu: list[str], before: Sequence[str]) -> list[str]:
    """The menu to keep: a menu of things to do with one picked from a list ("注销这条",
    "开启提醒") keeps the list's numbers beyond its own lines, so that "2" after "1" picked
    the first still picks the second; any other menu replaces the one before."""
    picks = any(payload_intent(p) == PICK_INTENT for p in before)
    if not menu or offers_choice(menu) or not picks or len(before) <= len(menu):
        return menu
    return [*menu, *before[len(menu) :]]


def menu_choice(text: str, menu: Sequence[str]) -> str | None:
    """The payload a number picks from the last menu, if the text is such a number."""
    number = _typed_number(text)
    if number is None:
        return None
    index = number - 1
    return (menu[index] or None) if 0 <= index < len(menu) else None


@dataclass
class SmsReply:
    """The bot's messages gathered for one SMS."""

    answer: str = ""
    #: One-time login links (``custom.type == "login"``): never cut, never stored.
    login_urls: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    #: The end-of-conversation question and its thanks (``custom.type == "ask_feedback"``).
    feedback: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.answer or self.login_urls or self.titles)

    def login_lines(self, *, missing_only: bool) -> list[str]:
        return [
            LOGIN_PROMPT + url
            for url in self.login_urls
            if not (missing_only and url in self.answer)
        ]

    def without_login_urls(self, replacement: str = "") -> str:
        answer = self.answer
        for url in self.login_urls:
            answer = answer.replace(url, replacement)
        return re.sub(r"\n{2,}", "\n", answer).strip()


def gather_reply(messages: Sequence[dict[str, Any]]) -> SmsReply:
    """Flatten the bot's messages: texts joined, buttons collected, login links noted."""
    texts: list[str] = []
    reply = SmsReply()
    for message in messages:
        if message.get("text"):
            texts.append(str(message["text"]))
        for button in message.get("buttons") or []:
            title, payload = button.get("title"), button.get("payload")
            if isinstance(title, str) and isinstance(payload, str) and title and payload:
                reply.titles.append(title)
                reply.payloads.append(payload)
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "login" and custom.get("url"):
            reply.login_urls.append(str(custom["url"]))
        if isinstance(custom, dict) and custom.get("type") == ASK_FEEDBACK:
            reply.feedback = {k: str(v) for k, v in custom.items() if isinstance(v, str)}
        if message.get("image"):
            texts.append(str(message["image"]))
    reply.answer = join_parts(*texts)
    return reply


def answer_page(body: str | None) -> str:
    """The full answer as a small HTML page; everything from the bot is escaped."""
    if body is None:
        content = f'<p class="answer">{html.escape(_TEXTS["utter_sms_page_gone"])}</p>'
        return _PAGE.format(title=html.escape(_TEXTS["utter_sms_page_gone_title"]), body=content)
    content = f'<p class="answer">{html.escape(body)}</p>'
    content += f'<p class="note">{html.escape(_TEXTS["utter_sms_page_note"])}</p>'
    return _PAGE.format(title=html.escape(_TEXTS["utter_sms_page_title"]), body=content)


class TwilioSmsInput(InputChannel):
    """POST from Twilio Messaging (form fields ``From``, ``Body``) → TwiML ``<Message>``."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: SmsStore | None = None,
        login_store: LoginStore | None = None,
        feedback: FeedbackStore | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or SmsStore(settings.database_url, secret_key=settings.secret_key)
        self.login_store = login_store or LoginStore(settings.database_url, settings.secret_key)
        self.feedback = feedback or FeedbackStore(settings.database_url)
        #: Where the delivery statuses of the notification SMS are recorded (issue 13).
        self.notifications = NotifyOutbox(settings.database_url)
        self.texts = {name: _TEXTS[name] for name in OWN_RESPONSES}

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioSmsInput:
        shared = services()
        return cls(shared.settings, store=shared.sms_store, login_store=shared.login_store)

    def answer_url(self, answer_id: str) -> str:
        return f"{self.settings.public_url}/webhooks/{self.name()}/a/{answer_id}"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        hook = Blueprint("hz_twilio_sms_webhook", __name__)
        signed = signature_required(self.settings.twilio_auth_token, self.settings.public_url)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        @signed
        async def receive(request: Request) -> HTTPResponse:
            phone = (form_value(request, "From") or "").strip()
            twiml = MessagingResponse()
            if not await self.first_time(form_value(request, "MessageSid")):
                return twiml_response(twiml)
            if not phone:
                twiml.message(self.texts[NO_SENDER_RESPONSE])
                return twiml_response(twiml)
            try:
                texts = await self.reply_to(phone, form_value(request, "Body"), on_new_message)
            except Exception:
                logger.exception("twilio sms: failed on a message from %s", masked_phone(phone))
                texts = [APOLOGY]
            for text in texts:
                twiml.message(text)
            return twiml_response(twiml)

        @hook.route("/status", methods=["POST"])
        @signed
        async def delivery_status(request: Request) -> HTTPResponse:
            # Twilio's report on an SMS the notification worker sent (issue 13).
            sid = (form_value(request, "MessageSid") or "").strip()
            status = (form_value(request, "MessageStatus") or "").strip()
            if sid and status:
                try:
                    await self.notifications.record_provider_status(sid, status)
                except Exception:
                    logger.exception("twilio sms: could not record a delivery status")
                    return response.text("not recorded", status=503)
            return response.empty()

        @hook.route("/a/<answer_id>", methods=["GET"])
        async def full_answer(_: Request, answer_id: str) -> HTTPResponse:
            try:
                stored = await self.store.long_answer(answer_id)
            except Exception:
                logger.exception("twilio sms: could not read a stored answer")
                stored = None
            body = stored.body if stored else None
            return response.html(
                answer_page(body), status=200 if stored else 404, headers=_PAGE_HEADERS
            )

        return hook

    async def first_time(self, message_sid: str | None) -> bool:
        """Whether this message is new; a replay, or a message we can't tell, is not."""
        sid = (message_sid or "").strip()
        if not sid:
            # Twilio names every message; a signed request without a Sid can't be deduplicated.
            logger.warning("twilio sms: a signed request without a MessageSid was ignored")
            return False
        try:
            fresh = await self.store.first_time(sid)
        except Exception:
            # Without the record, answering could answer a replay: refuse instead.
            logger.exception("twilio sms: could not record a MessageSid")
            return False
        if not fresh:
            logger.warning("twilio sms: a replayed message was ignored")
        return fresh

    async def reply_to(
        self,
        phone: str,
        body: str | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> list[str]:
        """The SMS messages to send back to ``phone``; none at all after an opt-out."""
        text = (body or "").replace(_CORRUPTED_AT, "@")
        keyword = keyword_of(text)
        state = await self.store.state(phone)
        # HELP is answered even after an opt-out: carriers require it.
        if keyword in HELP_KEYWORDS:
            return [self.texts[HELP_RESPONSE]]
        if keyword in START_KEYWORDS:
            await self.store.opt_in(phone)
            return [self.texts[RESUBSCRIBED_RESPONSE]]
        if keyword in STOP_KEYWORDS:
            if state.opted_out:
                return []
            await self.store.opt_out(phone)
            logger.info("twilio sms: %s opted out", masked_phone(phone))
            try:
                # STOP, TD, 退订 end every status alert of this phone too (issue 16).
                await AlertStore(self.settings.database_url).end_for_contact(
                    conversation_id(self.name(), phone)
                )
            except Exception:
                logger.exception("twilio sms: could not end the status alerts of a phone")
            return [self.texts[OPTED_OUT_RESPONSE]]
        if state.opted_out:
            return []

        conversation = conversation_id(self.name(), phone)
        beyond = beyond_menu(text, state.menu)
        if beyond is not None:
            # A slip of the finger on a menu of three: said so, not sent to the bot as
            # words, whose answer would bring a new menu and lose the one the user reads.
            # A list's numbers stay in the menus of one picked from it (beside_list).
            return [self.texts[NO_SUCH_CHOICE_RESPONSE].format(number=beyond, last=len(state.menu))]
        choice = menu_choice(text, state.menu)
        if choice and choice.startswith(FEEDBACK_CHOICE):
            # The answer to the end-of-conversation question: counted, never a bot turn.
            await self.record_feedback(conversation, choice)
            await self.store.save_menu(phone, [])
            return [choice.split("|", 1)[1]]
        collector = ChannelCollector(self.name())
        # The number is no secret, but only a request signed by Twilio names it here,
        # and the binding is scoped to this channel: no other channel can present it.
        message = user_message(
            choice or text,
            collector,
            conversation,
            channel=self.name(),
            secret_key=self.settings.secret_key,
            client_secret=phone,
            extra_metadata={"phone": phone},
        )
        # Replies the login page left for this phone come first, as on the REST channel.
        turn = await guarded_turn(
            self.login_store, message, on_new_message, who=masked_phone(phone)
        )
        reply = gather_reply(turn.waiting + collector.messages)
        if reply.feedback.get("question") and not reply.payloads:
            if await self.may_ask(conversation):
                reply.answer = join_parts(reply.answer, reply.feedback["question"])
                thanks = reply.feedback.get("thanks", "")
                reply.payloads = [f"{FEEDBACK_CHOICE}1|{thanks}", f"{FEEDBACK_CHOICE}0|{thanks}"]
                await self.store.save_menu(phone, reply.payloads)
                return await self.fit(reply, conversation=conversation, private=False)
        menu = menu_payloads(reply.titles, reply.payloads)
        await self.store.save_menu(phone, beside_list(menu, state.menu))
        if reply.is_empty:
            return [APOLOGY]
        private = await self.is_private(reply, message)
        return await self.fit(reply, conversation=message.sender_id, private=private)

    async def may_ask(self, conversation: str) -> bool:
        try:
            return await self.feedback.may_ask(conversation)
        except Exception:
            logger.exception("twilio sms: could not read when the phone was last asked")
            return False

    async def record_feedback(self, conversation: str, choice: str) -> None:
        positive = choice[len(FEEDBACK_CHOICE)] == "1"
        try:
            await self.feedback.record(
                Verdict(conversation, self.name(), "helpful", positive, response=FEEDBACK_RESPONSE)
            )
        except Exception:
            logger.exception("twilio sms: could not store a verdict")

    async def is_private(self, reply: SmsReply, message: UserMessage) -> bool:
        """Whether the answer may hold the user's own data: logged in, or a 受理编号 in it."""
        if ACCEPTANCE_NUMBER.search(reply.answer):
            return True
        binding = (message.metadata or {}).get(CLIENT_BINDING_KEY)
        try:
            link = await self.login_store.active_link(
                message.sender_id, binding if isinstance(binding, str) else None, self.name()
            )
        except Exception:
            logger.exception("twilio sms: could not tell whether the phone is logged in")
            return True  # when in doubt, no bearer page
        return link is not None

    async def fit(self, reply: SmsReply, *, conversation: str, private: bool) -> list[str]:
        """The reply within three segments; a longer one is cut and linked to in full.

        A login link is kept whole in the SMS and left out of the stored full text:
        it is a one-time key, and the page outlives it by days. A private reply is
        never stored: it goes out whole, as several messages.
        """
        menu = numbered_menu(reply.titles)
        whole = join_parts(reply.answer, *reply.login_lines(missing_only=True), menu)
        if fits(whole):
            return [whole]
        if private:
            return split_messages(whole)
        stored = join_parts(reply.without_login_urls(LOGIN_LINK_ELSEWHERE), menu)
        answer_id = await self.store.save_long_answer(stored, conversation_id=conversation)
        return [
            condense(
                reply.without_login_urls(),
                tail=join_parts(*reply.login_lines(missing_only=False), menu),
                link=self.answer_url(answer_id),
            )
        ]


def split_messages(text: str, *, most: int = MAX_PRIVATE_MESSAGES) -> list[str]:
    """``text`` as up to ``most`` messages of at most MAX_SEGMENTS each, cut between lines.

    A line too long for one message is cut hard. Should the text need more than
    ``most`` messages, the last one says that the rest was left out.
    """
    messages: list[str] = []
    current = ""
    for line in text.splitlines():
        while line:
            candidate = join_parts(current, line)
            if fits(candidate):
                current, line = candidate, ""
            elif current:
                messages.append(current)
                current = ""
            else:
                keep = max(1, _longest_fitting(line))
                messages.append(line[:keep])
                line = line[keep:]
    if current:
        messages.append(current)
    if len(messages) > most:
        last = messages[most - 1]
        while last and not fits(join_parts(last, PRIVATE_CUT_TEXT)):
            last = last[:-1]
        messages = [*messages[: most - 1], join_parts(last, PRIVATE_CUT_TEXT)]
    return messages


def _longest_fitting(text: str) -> int:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return low
