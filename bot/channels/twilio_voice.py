"""Twilio voice at /webhooks/twilio_voice/webhook: a Mandarin phone menu in front of the bot.

Rasa's own ``twilio_voice`` channel checks no signature, sets no language on
``<Say>`` or ``<Gather>`` (so Twilio listens for US English), and rejects
``Polly.Zhiyu``, the Mandarin voice. This one speaks with Polly.Zhiyu in
``cmn-CN``, listens in Mandarin, and takes the keypad as well: 1 开通, 2 材料,
3 密码, 4 进度, 0 人工.

Every answer is rewritten for the ear (:mod:`bot.channels.speech`). A link the
caller cannot hear is sent to the caller's phone by SMS instead, and only to a
mainland mobile, within caps per number and overall (SMS pumping, issue 10,
finding 9). Silence or a key that means nothing gets one reprompt, then a polite
goodbye; the count of reprompts travels in the action URL's query string, which
Twilio signs with the rest of the URL.

A voice login is bound to the call (its ``CallSid``), not to the caller id that
anyone can spoof, so it ends with the call. When the bot has just asked for the
login page's confirmation code, the next ``<Gather>`` takes several keys ended
by ``#``, and the digits go to the bot as text.

Every action URL carries a fresh one-time nonce (signed with the URL), and each
(``CallSid``, nonce) is answered once; the call's first request, which has no
nonce, once per ``CallSid``. A replayed request gets an empty ``<Response/>``.

An agent's reply reaches a caller from a mobile by SMS. A caller from a landline
hears a reply code with the ticket number; on a later call a waiting reply is read
out only after that code is keyed in or said (:mod:`bot.channels.voice_replies`,
issue 13): the spoofable caller id alone opens nothing.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol
from urllib.parse import urlencode

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from twilio.twiml.voice_response import Gather, VoiceResponse

from bot.channels import speech
from bot.channels.inbound import APOLOGY, client_binding, conversation_id, user_message
from bot.channels.responses import response_texts
from bot.channels.turn import ChannelCollector, guarded_turn, services
from bot.channels.twilio_common import (
    ASK_FEEDBACK,
    FEEDBACK_RESPONSE,
    SmsCap,
    SmsStore,
    form_value,
    is_phone_number,
    is_textable_mobile,
    masked_phone,
    signature_required,
    twiml_response,
)
from bot.channels.voice_replies import (
    LOCKED,
    WAITING,
    WRONG_CODE,
    VoiceReplies,
    entered_code,
    voice_reply_texts,
)
from bot.contract import MAIN_MENU_TOPICS, topic_payload
from bot.feedback import FeedbackStore, Verdict
from bot.handoff.replies import ReplyStore
from bot.handoff.reply_codes import ReplyCodes
from bot.login.store import LoginStore
from bot.observability import instrumented
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: Amazon Polly's Mandarin voice; Twilio takes it with the Polly language code cmn-CN.
VOICE = "Polly.Zhiyu"
SAY_LANGUAGE = "cmn-CN"
#: Speech recognition in Mandarin (Simplified, China). Twilio's accepted <Gather>
#: language values (the generated TwiML schema, e.g. twilio-java's Gather.Language)
#: list "cmn-Hans-CN"; the "default" speech model serves every listed language.
GATHER_LANGUAGE = "cmn-Hans-CN"
SPEECH_MODEL = "default"
#: Seconds of silence that end an utterance. Twilio rejects speechTimeout="auto"
#: with the default model (warning 13335), so it is a whole number.
SPEECH_TIMEOUT = "3"
#: Seconds Twilio waits for the caller to start after the prompt has been read.
INPUT_TIMEOUT = 6
#: Silences or unknown keys answered with a reprompt before saying goodbye.
MAX_REPROMPTS = 1
#: While the caller logs in on the phone and types the code, Twilio waits this long
#: for the first key, and the call survives this many silences.
CODE_INPUT_TIMEOUT = 30
MAX_CODE_REPROMPTS = 3
#: The key that ends a multi-digit entry (the confirmation code, the reply code).
FINISH_KEY = "#"
#: Seconds Twilio waits for the first key of a ticket's reply code (issue 13).
REPLY_CODE_TIMEOUT = 15
REPLY_CODE_HINTS = "零,一,二,三,四,五,六,七,八,九,幺"
#: A reply naming this has asked the caller for the login page's code.
CODE_WORD = "确认码"
#: The one-time nonce of each action URL: 16 hex digits (64 bits).
NONCE_BYTES = 8
_NONCE = re.compile(rf"^[0-9a-f]{{{2 * NONCE_BYTES}}}$")
#: The most an outbound SMS (the login link) may hold up the call.
SMS_SEND_TIMEOUT = 8.0
#: Words a caller says to reach a person, as 0 on the keypad.
HUMAN_WORDS = ("人工", "真人", "转接", "接线员", "客服人员")
RECOGNITION_HINTS = "开通,材料,密码,忘记密码,进度,办事进度,人工,网上办事,登录"

HUMAN_PAYLOAD = "/request_human"
#: Keys 1–3 are the main menu every channel offers (bot.contract); on the phone, 4 looks
#: up the caller's own progress (the login link goes out by SMS) and 0 is a person.
KEYPAD: dict[str, str] = {
    **{str(n): topic_payload(t) for n, t in enumerate(MAIN_MENU_TOPICS, start=1)},
    "4": "/check_my_progress",
    "0": HUMAN_PAYLOAD,
}

#: What the voice channel says itself (domain responses, read once at import).
OWN_RESPONSES = (
    "utter_voice_greeting",
    "utter_voice_keypad_menu",
    "utter_voice_follow_up",
    "utter_voice_reprompt",
    "utter_voice_goodbye",
    "utter_voice_feedback_thanks",
    "utter_voice_transferring",
    "utter_voice_transfer_failed",
    "utter_voice_login_sms_sent",
    "utter_voice_links_sms_sent",
    "utter_voice_sms_not_sent",
    "utter_voice_sms_capped",
    "utter_voice_sms_not_mobile",
    "utter_voice_code_reprompt",
    "utter_voice_url_placeholder_sent",
    "utter_voice_sms_login_body",
    "utter_voice_sms_links_body",
)
_TEXTS = response_texts(OWN_RESPONSES)
GREETING = _TEXTS["utter_voice_greeting"]
KEYPAD_MENU = _TEXTS["utter_voice_keypad_menu"]
FOLLOW_UP = _TEXTS["utter_voice_follow_up"]
REPROMPT = _TEXTS["utter_voice_reprompt"]
GOODBYE = _TEXTS["utter_voice_goodbye"]
FEEDBACK_THANKS = _TEXTS["utter_voice_feedback_thanks"]
TRANSFERRING = _TEXTS["utter_voice_transferring"]
TRANSFER_FAILED = _TEXTS["utter_voice_transfer_failed"]
LOGIN_SMS_SENT = _TEXTS["utter_voice_login_sms_sent"]
LINKS_SMS_SENT = _TEXTS["utter_voice_links_sms_sent"]
SMS_NOT_SENT = _TEXTS["utter_voice_sms_not_sent"]
SMS_CAPPED = _TEXTS["utter_voice_sms_capped"]
SMS_NOT_MOBILE = _TEXTS["utter_voice_sms_not_mobile"]
CODE_REPROMPT = _TEXTS["utter_voice_code_reprompt"]
URL_PLACEHOLDER_SENT = _TEXTS["utter_voice_url_placeholder_sent"]
SMS_LOGIN_BODY = _TEXTS["utter_voice_sms_login_body"]
SMS_LINKS_BODY = _TEXTS["utter_voice_sms_links_body"]

_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.I)


class SmsSender(Protocol):
    """Sends one SMS; ``True`` when the provider accepted it."""

    async def send(self, *, to: str, from_: str, body: str) -> bool: ...


class TwilioRestSms:
    """An SMS through Twilio's REST API, run in a thread with a timeout.

    ``api_base_url`` points the client at another host (a proxy, or a local fake
    Twilio in the tests); by default it is Twilio's own.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        api_base_url: str | None = None,
        timeout: float = SMS_SEND_TIMEOUT,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_base_url = api_base_url
        self.timeout = timeout
        self._client: Client | None = None

    def _get_client(self) -> Client:
        if self._client is None:
            client = Client(
                self.account_sid,
                self.auth_token,
                http_client=TwilioHttpClient(timeout=self.timeout),
            )
            if self.api_base_url:
                client.api.base_url = self.api_base_url.rstrip("/")
            self._client = client
        return self._client

    def _send(self, to: str, from_: str, body: str) -> None:
        self._get_client().messages.create(to=to, from_=from_, body=body)

    async def send(self, *, to: str, from_: str, body: str) -> bool:
        try:
            await asyncio.wait_for(
                asyncio.to_thread(self._send, to, from_, body), timeout=self.timeout + 1
            )
        except Exception:
            logger.warning("twilio voice: SMS to %s not sent", masked_phone(to), exc_info=True)
            return False
        return True


@dataclass
class SpokenReply:
    """The bot's messages gathered for the ear, with the links to text instead."""

    parts: list[str] = field(default_factory=list)
    login_url: str | None = None
    links: list[str] = field(default_factory=list)
    #: The end-of-conversation question and its thanks (``custom.type == "ask_feedback"``).
    feedback: dict[str, str] = field(default_factory=dict)


def gather_spoken(messages: list[dict[str, Any]]) -> SpokenReply:
    reply = SpokenReply()
    for message in messages:
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            reply.parts.append(text)
            reply.links.extend(u for u in _URL.findall(text) if u not in reply.links)
        titles = [b.get("title") for b in message.get("buttons") or []]
        choices = speech.spoken_choices([t for t in titles if isinstance(t, str)])
        if choices:
            reply.parts.append(choices)
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == ASK_FEEDBACK:
            reply.feedback = {k: str(v) for k, v in custom.items() if isinstance(v, str)}
        if isinstance(custom, dict) and custom.get("type") == "login" and custom.get("url"):
            reply.login_url = str(custom["url"])
            if isinstance(custom.get("text"), str):
                reply.parts.append(custom["text"])
    return reply


def is_human_request(said: str) -> bool:
    return any(word in said for word in HUMAN_WORDS)


def asks_for_code(reply: SpokenReply) -> bool:
    """Whether the caller is about to type digits: a login link went out, or a code was asked."""
    return bool(reply.login_url) or any(CODE_WORD in part for part in reply.parts)


class SmsOutcome(str, Enum):
    SENT = "sent"
    FAILED = "failed"
    CAPPED = "capped"
    NOT_MOBILE = "not_mobile"
    #: No number, opted out, or nothing to send: nothing to say about it either.
    SKIPPED = "skipped"


class TwilioVoiceInput(InputChannel):
    """POST from Twilio Voice (``From``, ``SpeechResult`` or ``Digits``) → TwiML."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: SmsStore | None = None,
        sms: SmsSender | None = None,
        login_store: LoginStore | None = None,
        feedback: FeedbackStore | None = None,
        replies: ReplyStore | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or SmsStore(settings.database_url, secret_key=settings.secret_key)
        self.login_store = login_store or LoginStore(settings.database_url, settings.secret_key)
        self.feedback = feedback or FeedbackStore(settings.database_url)
        self.sms: SmsSender = sms or TwilioRestSms(
            settings.twilio_account_sid, settings.twilio_auth_token
        )
        self._reply_store = replies
        self._replies: VoiceReplies | None = None
        self.reply_texts = voice_reply_texts()

    @classmethod
    def name(cls) -> str:
        return "twilio_voice"

    @property
    def replies(self) -> VoiceReplies:
        """Agents' replies behind a reply code (issue 13), on the tickets' store made at first use."""
        if self._replies is None:
            store = self._reply_store or ReplyStore.from_settings(self.settings)
            self._replies = VoiceReplies(ReplyCodes(store), self.reply_texts)
        return self._replies

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioVoiceInput:
        shared = services()
        settings = shared.settings
        api_base_url = (credentials or {}).get("twilio_api_url")
        sms = TwilioRestSms(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            api_base_url=str(api_base_url) if api_base_url else None,
        )
        return cls(
            settings,
            store=shared.sms_store,
            sms=sms,
            login_store=shared.login_store,
            replies=shared.reply_store,
        )

    @property
    def webhook_url(self) -> str:
        return f"{self.settings.public_url}/webhooks/{self.name()}/webhook"

    def action_url(self, **query: Any) -> str:
        """Our webhook with ``query`` and a fresh nonce: Twilio may call it once."""
        query["n"] = secrets.token_hex(NONCE_BYTES)
        return f"{self.webhook_url}?{urlencode(query)}"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        hook = Blueprint("hz_twilio_voice_webhook", __name__)
        signed = signature_required(self.settings.twilio_auth_token, self.settings.public_url)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        @signed
        async def receive(request: Request) -> HTTPResponse:
            if not await self.first_time(request):
                return twiml_response(VoiceResponse())
            try:
                twiml = await self.respond(request, on_new_message)
            except Exception:
                caller = form_value(request, "From")
                logger.exception("twilio voice: failed on a call from %s", masked_phone(caller))
                twiml = self.listen([speech.for_ear(APOLOGY)], reprompts=0)
            return twiml_response(twiml)

        return hook

    async def first_time(self, request: Request) -> bool:
        """Whether this step of the call is new: (``CallSid``, nonce) never seen before.

        The call's first request has no nonce and counts once per ``CallSid``. A
        request without a ``CallSid`` goes on (Twilio always sends one; the turn
        ends the call politely), one with a malformed nonce does not.
        """
        call_sid = (form_value(request, "CallSid") or "").strip()
        if not call_sid:
            return True
        nonce = request.args.get("n") or ""
        if nonce and not _NONCE.match(nonce):
            logger.warning("twilio voice: an action URL with a malformed nonce was ignored")
            return False
        try:
            fresh = await self.store.first_time(call_sid, nonce)
        except Exception:
            logger.exception("twilio voice: could not record a CallSid")
            return False
        if not fresh:
            logger.warning("twilio voice: a replayed request was ignored")
        return fresh

    # -- building TwiML ---------------------------------------------------------

    def say(self, verb: VoiceResponse | Gather, text: str) -> None:
        verb.say(text, voice=VOICE, language=SAY_LANGUAGE)

    def listen(self, spoken: list[str], *, reprompts: int, code: bool = False) -> VoiceResponse:
        """Say ``spoken`` inside a Gather that waits for speech or a key.

        With ``code`` the Gather takes several keys ended by ``#`` (the login's
        confirmation code) and waits longer; otherwise one key picks from the menu.
        """
        if code:
            action = self.action_url(r=reprompts, c=1)
            keys: dict[str, Any] = {"finish_on_key": FINISH_KEY, "timeout": CODE_INPUT_TIMEOUT}
        else:
            action = self.action_url(r=reprompts)
            keys = {"num_digits": 1, "timeout": INPUT_TIMEOUT}
        return self._gathering(spoken, action, RECOGNITION_HINTS, keys)

    def listen_for_reply_code(self, spoken: list[str]) -> VoiceResponse:
        """Say ``spoken`` inside a Gather that takes the ticket's reply code, ended by ``#``."""
        keys = {"finish_on_key": FINISH_KEY, "timeout": REPLY_CODE_TIMEOUT}
        return self._gathering(spoken, self.action_url(rc=1), REPLY_CODE_HINTS, keys)

    def _gathering(
        self, spoken: list[str], action: str, hints: str, keys: dict[str, Any]
    ) -> VoiceResponse:
        """``spoken`` said inside a speech-and-keys Gather that posts to ``action``."""
        twiml = VoiceResponse()
        gather = Gather(
            input="speech dtmf",
            action=action,
            method="POST",
            language=GATHER_LANGUAGE,
            speech_model=SPEECH_MODEL,
            speech_timeout=SPEECH_TIMEOUT,
            hints=hints,
            action_on_empty_result=True,
            **keys,
        )
        for text in spoken:
            if text:
                self.say(gather, text)
        twiml.append(gather)
        # Reached only if Twilio ends the Gather without calling the action.
        twiml.redirect(action, method="POST")
        return twiml

    def goodbye(self) -> VoiceResponse:
        twiml = VoiceResponse()
        self.say(twiml, GOODBYE)
        twiml.hangup()
        return twiml

    def transfer(self) -> VoiceResponse:
        twiml = VoiceResponse()
        self.say(twiml, TRANSFERRING)
        twiml.dial(
            self.settings.voice_transfer_number,
            action=self.action_url(after="dial"),
            method="POST",
        )
        return twiml

    # -- one turn -----------------------------------------------------------------

    async def respond(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> VoiceResponse:
        caller = (form_value(request, "From") or "").strip()
        if request.args.get("after") == "dial":
            if form_value(request, "DialCallStatus") == "completed":
                twiml = VoiceResponse()
                twiml.hangup()
                return twiml
            return self.listen([TRANSFER_FAILED, KEYPAD_MENU], reprompts=0)
        if not caller:
            twiml = VoiceResponse()
            self.say(twiml, speech.for_ear(APOLOGY))
            twiml.hangup()
            return twiml

        if not (form_value(request, "CallSid") or "").strip():
            # Nothing to bind a login to, nor to tell one call from another.
            twiml = VoiceResponse()
            self.say(twiml, speech.for_ear(APOLOGY))
            twiml.hangup()
            return twiml

        raw_reprompts = request.args.get("r")
        digits = (form_value(request, "Digits") or "").strip()
        said = (form_value(request, "SpeechResult") or "").strip()
        if request.args.get("rc") == "1":
            return await self.reply_code_entered(caller, request, digits or said, on_new_message)
        if raw_reprompts is None and not digits and not said:
            if await self.reply_waiting(caller):
                return self.listen_for_reply_code([GREETING, self.replies.say(WAITING)])
            return self.listen([GREETING, KEYPAD_MENU], reprompts=0)
        reprompts = int(raw_reprompts) if (raw_reprompts or "").isdigit() else 0
        code = request.args.get("c") == "1"
        if request.args.get("fb") == "1":
            # The keypad answer to the end-of-conversation question, then goodbye.
            return await self.feedback_answered(caller, request, digits[:1])

        if code and len(digits) > 1:
            # The confirmation code (or any number): the bot reads it as text.
            return await self.ask_bot(digits, caller, request, on_new_message)
        if digits:
            payload = KEYPAD.get(digits[:1])
            if payload is None:
                return self.no_input(reprompts, code=code)
            if payload == HUMAN_PAYLOAD:
                return await self.human(caller, request, on_new_message)
            return await self.ask_bot(payload, caller, request, on_new_message)
        if said:
            if is_human_request(said):
                return await self.human(caller, request, on_new_message)
            return await self.ask_bot(said, caller, request, on_new_message)
        return self.no_input(reprompts, code=code)

    async def reply_waiting(self, caller: str) -> bool:
        """Whether an agent's reply waits for this landline caller behind a reply code."""
        try:
            return await self.replies.waiting(caller, conversation_id(self.name(), caller))
        except Exception:
            logger.exception("twilio voice: could not look for replies to %s", masked_phone(caller))
            return False

    async def reply_code_entered(
        self,
        caller: str,
        request: Request,
        entered: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> VoiceResponse:
        """The caller answered "a reply is waiting": a code, a question, or nothing."""
        code = entered_code(entered)
        if code is None:
            if entered and not set(entered) <= set("*#"):
                # Words, not a code: a question like any other; the reply keeps waiting.
                return await self.ask_bot(entered, caller, request, on_new_message)
            return self.listen([KEYPAD_MENU], reprompts=0)
        try:
            opened = await self.replies.check(conversation_id(self.name(), caller), code)
        except Exception:
            logger.exception("twilio voice: could not check a reply code")
            return self.listen([speech.for_ear(APOLOGY), FOLLOW_UP], reprompts=0)
        if opened.opened:
            return self.listen([*self.replies.read_out(opened), FOLLOW_UP], reprompts=0)
        if opened.tries_left > 0:
            return self.listen_for_reply_code([self.replies.say(WRONG_CODE)])
        return self.listen([self.replies.say(LOCKED), FOLLOW_UP], reprompts=0)

    def no_input(self, reprompts: int, *, code: bool = False) -> VoiceResponse:
        if reprompts >= (MAX_CODE_REPROMPTS if code else MAX_REPROMPTS):
            return self.goodbye()
        if code:
            return self.listen([CODE_REPROMPT], reprompts=reprompts + 1, code=True)
        return self.listen([REPROMPT, KEYPAD_MENU], reprompts=reprompts + 1)

    async def human(
        self,
        caller: str,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> VoiceResponse:
        if self.settings.voice_zero_action == "dial":
            return self.transfer()
        return await self.ask_bot(HUMAN_PAYLOAD, caller, request, on_new_message)

    async def ask_bot(
        self,
        text: str,
        caller: str,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> VoiceResponse:
        collector = ChannelCollector(self.name())
        call_sid = (form_value(request, "CallSid") or "").strip() or None
        metadata = {"phone": caller} if is_phone_number(caller) else {}
        # A call is not an SMS thread: caller IDs can be spoofed, SMS senders hardly.
        # Callers who withhold their number each get a conversation of their own call.
        local_id = caller if is_phone_number(caller) else f"anonymous-{call_sid or 'unknown'}"
        message = user_message(
            text,
            collector,
            conversation_id(self.name(), local_id),
            channel=self.name(),
            secret_key=self.settings.secret_key,
            # The call, not the (spoofable) number, holds a voice login: it ends with the call.
            client_secret=call_sid,
            extra_metadata=metadata,
        )
        # What the login page left for this call (the look-up it was waiting for) first.
        turn = await guarded_turn(
            self.login_store, message, on_new_message, who=masked_phone(caller)
        )
        reply = gather_spoken(turn.waiting + collector.messages)
        if not reply.parts and not reply.login_url:
            return self.listen([speech.for_ear(APOLOGY), FOLLOW_UP], reprompts=0)
        if reply.feedback.get("question"):
            # The caller said goodbye: one keypad question at most once a day, then hang up.
            if await self.may_ask(message.sender_id):
                return self.ask_feedback(reply)
            return self.goodbye()

        reply_code = await self.reply_code_notice(caller, message.sender_id, call_sid, reply)
        notice, placeholder = "", ""
        code = asks_for_code(reply)
        if reply.login_url or reply.links:
            outcome = await self.text_links(caller, form_value(request, "To"), reply)
            if outcome is SmsOutcome.SENT:
                notice = LOGIN_SMS_SENT if reply.login_url else LINKS_SMS_SENT
                placeholder = URL_PLACEHOLDER_SENT
            elif outcome is SmsOutcome.CAPPED:
                notice = SMS_CAPPED
            elif outcome is SmsOutcome.NOT_MOBILE and reply.login_url:
                notice = SMS_NOT_MOBILE
            elif reply.login_url:
                notice = SMS_NOT_SENT
            if reply.login_url and outcome is not SmsOutcome.SENT:
                code = False  # no link reached the caller: no code will come
        spoken = [speech.for_ear(part, url_placeholder=placeholder) for part in reply.parts]
        return self.listen([*spoken, reply_code or "", notice, FOLLOW_UP], reprompts=0, code=code)

    async def reply_code_notice(
        self, caller: str, conversation: str, call_sid: str | None, reply: SpokenReply
    ) -> str | None:
        """The reply code, when this turn gave a landline caller a new ticket's number."""
        if not call_sid:
            return None
        binding = client_binding(self.settings.secret_key, self.name(), call_sid)
        try:
            return await self.replies.code_notice(
                caller=caller, conversation_id=conversation, binding=binding, said=reply.parts
            )
        except Exception:
            logger.exception("twilio voice: no reply code for a ticket of %s", masked_phone(caller))
            return None

    def ask_feedback(self, reply: SpokenReply) -> VoiceResponse:
        """The question, answered by one key; the thanks travels in the signed URL."""
        twiml = VoiceResponse()
        gather = Gather(
            input="dtmf",
            action=self.action_url(fb=1),
            method="POST",
            timeout=INPUT_TIMEOUT,
            num_digits=1,
            action_on_empty_result=True,
        )
        for text in [*reply.parts, reply.feedback["question"]]:
            self.say(gather, speech.for_ear(text))
        twiml.append(gather)
        twiml.redirect(self.action_url(fb=1), method="POST")
        return twiml

    async def may_ask(self, conversation: str) -> bool:
        try:
            return await self.feedback.may_ask(conversation)
        except Exception:
            logger.exception("twilio voice: could not read when the caller was last asked")
            return False

    async def feedback_answered(self, caller: str, request: Request, key: str) -> VoiceResponse:
        twiml = VoiceResponse()
        if key in {"1", "2"}:
            local_id = (
                caller
                if is_phone_number(caller)
                else "anonymous-" + (form_value(request, "CallSid") or "unknown")
            )
            try:
                await self.feedback.record(
                    Verdict(
                        conversation_id(self.name(), local_id),
                        self.name(),
                        "helpful",
                        key == "1",
                        response=FEEDBACK_RESPONSE,
                    )
                )
            except Exception:
                logger.exception("twilio voice: could not store a verdict")
            self.say(twiml, FEEDBACK_THANKS)
        self.say(twiml, GOODBYE)
        twiml.hangup()
        return twiml

    async def text_links(
        self, caller: str, our_number: str | None, reply: SpokenReply
    ) -> SmsOutcome:
        """Send the login link (or the answer's links) to the caller, within the caps."""
        if not is_phone_number(caller) or not our_number:
            return SmsOutcome.SKIPPED
        if not is_textable_mobile(caller):
            return SmsOutcome.NOT_MOBILE
        try:
            if await self.store.is_opted_out(caller):
                return SmsOutcome.SKIPPED
            cap, reservation = await self.store.reserve_sms(caller)
        except Exception:
            logger.exception("twilio voice: could not read the SMS opt-outs or caps")
            return SmsOutcome.FAILED
        if cap is not SmsCap.OK or reservation is None:
            logger.warning(
                "twilio voice: SMS to %s over the %s cap", masked_phone(caller), cap.value
            )
            return SmsOutcome.CAPPED
        if reply.login_url:
            body = SMS_LOGIN_BODY.format(url=reply.login_url)
        else:
            body = SMS_LINKS_BODY.format(urls=" ".join(reply.links))
        if await self.sms.send(to=caller, from_=our_number, body=body):
            return SmsOutcome.SENT
        try:
            await self.store.release_sms(reservation)
        except Exception:
            logger.exception("twilio voice: could not release an SMS reservation")
        return SmsOutcome.FAILED
