"""The login page behind a chat's login link: the guide's login way 2, a pop-up login box.

``GET  /webhooks/login/t/<ticket>`` shows the form and changes nothing; ``POST``
sends the username and password to the portal through ``portal_client``. The
password never enters the conversation: on success only the server-side link is
written, and the conversation is told the outcome by an internal intent that no
user can type.

A link can be forwarded to someone else, so a login is linked at once only when
the browser proves it is the one that asked: the web chat page keeps its client
secret in this origin's localStorage, and the form sends it along. Any other
login (SMS, voice, REST, or a browser that is not the asker's) waits for the
confirmation code the page shows, typed back into the asking conversation
(:mod:`bot.login.confirm`). Attempts are limited per address, per username and
per conversation (:mod:`bot.ratelimit`, :mod:`bot.login.store`).
"""

from __future__ import annotations

import hmac
import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import push
from bot.channels.inbound import client_binding
from bot.channels.turn import ChannelCollector
from bot.contract import (
    CHANNEL_KEY,
    CLIENT_BINDING_KEY,
    LOGIN_EVENT_INTENT,
    LOGIN_OUTCOME_ENTITY,
    LOGIN_PATH,
)
from bot.login.store import (
    CONFIRM_TTL,
    MAX_LOGIN_FAILURES,
    LoginStore,
    Ticket,
    TicketError,
)
from bot.observability import instrumented
from bot.ratelimit import Limits, RateLimiter, client_address
from bot.responses import response_texts
from bot.settings import Settings
from portal_client import (
    AccountLocked,
    AuthenticationFailed,
    LoginThrottled,
    PortalClient,
    PortalError,
    PortalUnavailable,
)

logger = logging.getLogger(__name__)

__all__ = ["LOGIN_PATH", "LoginInput"]

#: The web chat page's localStorage key for its client secret (bot/web/src/storage.ts).
WEB_SECRET_STORAGE_KEY = "hz12333.webchat.clientSecret"
#: The form field that carries it; nothing else ever fills it.
PROOF_FIELD = "client_proof"
#: The longest username or password the portal takes (portal_client/openapi.yaml).
MAX_CREDENTIAL_CHARS = 128

_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'self'; base-uri 'none'; script-src {script_hashes}"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

#: What the page tells the citizen, by outcome (domain responses ``utter_login_page_*``).
_MESSAGE_KEYS = (
    "invalid",
    "expired",
    "used",
    "wrong_password",
    "locked",
    "slow_down",
    "throttled",
    "too_many",
    "unavailable",
    "missing",
    "too_long",
    "succeeded",
)
_TEXTS = response_texts(
    [
        *(f"utter_login_page_{key}" for key in _MESSAGE_KEYS),
        "utter_login_page_tries_left",
        "utter_login_page_code_sms",
        "utter_login_page_code_voice",
        "utter_login_page_code_web",
        "utter_login_page_code_rest",
        "utter_login_page_code_warning",
        "utter_login_page_code_intro",
        "utter_login_page_code_label",
        "utter_login_page_code_valid",
        "utter_login_page_title",
        "utter_login_page_heading",
        "utter_login_page_username",
        "utter_login_page_password",
        "utter_login_page_submit",
        "utter_login_page_footer",
        "utter_login_page_outcome_event",
    ]
)
_MESSAGES = {key: _TEXTS[f"utter_login_page_{key}"] for key in _MESSAGE_KEYS}

_NOTIFY_SCRIPT = (
    "if (window.parent && window.parent !== window) {"
    " window.parent.postMessage({type: 'hz12333-login', ok: true}, window.location.origin); }"
)
#: The chat page's secret, read where only a page of this origin can read it.
_PROOF_SCRIPT = (
    "try { var s = window.localStorage.getItem('" + WEB_SECRET_STORAGE_KEY + "');"
    " var f = document.getElementById('" + PROOF_FIELD + "'); if (s && f) { f.value = s; } }"
    " catch (e) {}"
)

#: The confirmation-code page's hint, by the channel of the asking conversation.
_CODE_WHERE = {
    "twilio": _TEXTS["utter_login_page_code_sms"],
    "twilio_voice": _TEXTS["utter_login_page_code_voice"],
    "socketio": _TEXTS["utter_login_page_code_web"],
    "rest": _TEXTS["utter_login_page_code_rest"],
}
_CODE_WARNING = _TEXTS["utter_login_page_code_warning"]


def _script_hash(script: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


_HEADERS = {
    k: v.format(
        script_hashes=" ".join(
            f"'sha256-{_script_hash(x)}'" for x in (_NOTIFY_SCRIPT, _PROOF_SCRIPT)
        )
    )
    for k, v in _PAGE_HEADERS.items()
}


def last_digits(conversation_id: str) -> str:
    """The last four digits of the phone in an SMS or voice conversation id."""
    digits = "".join(c for c in conversation_id if c.isdigit())
    return digits[-4:] if len(digits) >= 4 else "****"


def code_notice(ticket: Ticket, code: str) -> str:
    """The confirmation-code part of the page, escaped."""
    where = _CODE_WHERE.get(ticket.channel, _CODE_WHERE["rest"]).format(
        last4=last_digits(ticket.conversation_id)
    )
    minutes = int(CONFIRM_TTL.total_seconds() // 60)
    valid = _TEXTS["utter_login_page_code_valid"].format(minutes=minutes)
    return (
        '<section class="code" aria-live="polite">'
        f"<p>{html.escape(_TEXTS['utter_login_page_code_intro'])}</p>"
        f'<p class="code-value">{html.escape(_TEXTS["utter_login_page_code_label"])} '
        f'<strong id="confirm-code">{html.escape(code)}</strong></p>'
        f"<p>{html.escape(where + valid)}</p>"
        f'<p class="warning">{html.escape(_CODE_WARNING)}</p></section>'
    )


def render_page(
    *, notice: str | None, form: bool, success: bool = False, code_html: str = ""
) -> str:
    """The whole page; every variable part is escaped."""
    notice_html = f'<p class="notice" role="alert">{html.escape(notice)}</p>' if notice else ""
    words = {
        name: html.escape(_TEXTS[f"utter_login_page_{name}"])
        for name in ("title", "heading", "username", "password", "submit", "footer")
    }
    form_html = (
        f"""<form method="post" autocomplete="on">
  <input type="hidden" id="{PROOF_FIELD}" name="{PROOF_FIELD}" value="">
  <label for="username">{words["username"]}</label>
  <input id="username" name="username" autocomplete="username" required maxlength="128">
  <label for="password">{words["password"]}</label>
  <input id="password" name="password" type="password" autocomplete="current-password"
         required maxlength="128">
  <button type="submit">{words["submit"]}</button>
</form>
<script>{_PROOF_SCRIPT}</script>"""
        if form
        else ""
    )
    script = f"<script>{_NOTIFY_SCRIPT}</script>" if success else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title>
<style>
body{{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;
margin:0;padding:1.5rem;background:#f5f7fa;color:#1f2933}}
main{{max-width:22rem;margin:0 auto;background:#fff;padding:1.5rem;border-radius:8px;
box-shadow:0 1px 4px rgba(0,0,0,.12)}}
h1{{font-size:1.2rem;margin-top:0}} label{{display:block;margin:.8rem 0 .3rem}}
input{{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #9aa5b1;
border-radius:4px}} button{{margin-top:1.2rem;width:100%;padding:.7rem;font-size:1rem;
background:#0b5cad;color:#fff;border:0;border-radius:4px}}
button:focus,input:focus{{outline:3px solid #f0b429}}
.notice{{background:#fff4e5;border-left:4px solid #f0b429;padding:.6rem}}
small{{display:block;margin-top:1rem;color:#52606d}}
.code-value{{font-size:1.3rem}} .code-value strong{{letter-spacing:.2em;font-size:1.6rem}}
.warning{{color:#7b341e}}
</style></head>
<body><main>
<h1>{words["heading"]}</h1>
{notice_html}
{code_html}
{form_html}
<small>{words["footer"]}</small>
</main>{script}</body></html>"""


def page(
    notice: str | None,
    *,
    form: bool,
    status: int = 200,
    success: bool = False,
    code_html: str = "",
) -> HTTPResponse:
    return response.html(
        render_page(notice=notice, form=form, success=success, code_html=code_html),
        status=status,
        headers=_HEADERS,
    )


class LoginInput(InputChannel):
    """Serves the login page and tells the conversation the outcome."""

    def __init__(
        self,
        settings: Settings,
        store: LoginStore | None = None,
        *,
        limits: Limits | None = None,
        limiter: RateLimiter | None = None,
        portal: PortalClient | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or LoginStore(settings.database_url, settings.secret_key)
        self.portal = portal or PortalClient(settings.portal_url)
        self.limits = limits or Limits(enabled=settings.rate_limits)
        self.limiter = limiter or RateLimiter()

    @classmethod
    def name(cls) -> str:
        return "login"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> LoginInput:
        from bot.channels.turn import services

        shared = services()
        return cls(
            shared.settings, shared.login_store, limits=shared.limits, limiter=shared.limiter
        )

    def proven(self, ticket: Ticket, proof: str | None) -> bool:
        """Whether the browser showed the secret of the web chat that asked for the link."""
        if ticket.channel != "socketio" or not proof:
            return False
        expected = client_binding(self.settings.secret_key, ticket.channel, proof)
        return hmac.compare_digest(expected, ticket.client_binding)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        hook = Blueprint("login_page", __name__)

        async def tell_conversation(ticket: Ticket, outcome: str) -> None:
            live = push.output_for(ticket.conversation_id)
            output = live or ChannelCollector(ticket.channel)
            message = UserMessage(
                _TEXTS["utter_login_page_outcome_event"].format(outcome=outcome),
                output,
                ticket.conversation_id,
                input_channel=ticket.channel,
                metadata={CHANNEL_KEY: ticket.channel, CLIENT_BINDING_KEY: ticket.client_binding},
                parse_data={
                    "intent": {"name": LOGIN_EVENT_INTENT, "confidence": 1.0},
                    "entities": [{"entity": LOGIN_OUTCOME_ENTITY, "value": outcome}],
                    "text": _TEXTS["utter_login_page_outcome_event"].format(outcome=outcome),
                },
            )
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("login: could not continue the conversation after %s", outcome)
                return
            if live is None and isinstance(output, CollectingOutputChannel):
                # No live connection (REST, SMS): the replies wait for the next turn.
                await self.store.defer(
                    ticket.conversation_id, ticket.client_binding, output.messages
                )

        @hook.listener("after_server_stop")
        async def close_portal(*_: Any) -> None:
            await self.portal.aclose()

        def slow_down() -> HTTPResponse:
            return page(_MESSAGES["slow_down"], form=False, status=429)

        async def within(spec: str, name: str, key: str, *, count: bool = True) -> bool:
            if not self.limits.enabled:
                return True
            if count:
                return await self.limiter.hit(spec, name, key)
            return await self.limiter.test(spec, name, key)

        async def count_failure(address: str, username: str) -> None:
            if self.limits.enabled:
                await self.limiter.hit(self.limits.login_failures_per_address, "fail-ip", address)
                await self.limiter.hit(
                    self.limits.login_failures_per_username, "fail-user", username
                )

        @hook.route("/t/<signed>", methods=["GET"])
        async def show(request: Request, signed: str) -> HTTPResponse:
            # A GET changes nothing: link previews and prefetchers open links too.
            address = client_address(request)
            if not await within(self.limits.login_page_per_address, "login-page", address):
                return slow_down()
            try:
                await self.store.check_ticket(signed)
            except TicketError as error:
                return page(_MESSAGES[error.reason], form=False, status=410)
            return page(None, form=True)

        @hook.route("/t/<signed>", methods=["POST"])
        async def submit(request: Request, signed: str) -> HTTPResponse:
            address = client_address(request)
            if not await within(self.limits.login_per_address, "login-ip", address):
                return slow_down()
            try:
                ticket = await self.store.check_ticket(signed)
            except TicketError as error:
                if error.reason == "expired" and error.ticket is not None:
                    await tell_conversation(error.ticket, "expired")
                return page(_MESSAGES[error.reason], form=False, status=410)
            username = (request.form.get("username") or "").strip()
            password = request.form.get("password") or ""
            if not username or not password:
                return page(_MESSAGES["missing"], form=True, status=400)
            if len(username) > MAX_CREDENTIAL_CHARS or len(password) > MAX_CREDENTIAL_CHARS:
                # The portal refuses these too; it is the user's typing, not the portal, at fault.
                return page(_MESSAGES["too_long"], form=True, status=400)
            user_key = username.lower()
            if not (
                await within(
                    self.limits.login_failures_per_address, "fail-ip", address, count=False
                )
                and await within(
                    self.limits.login_failures_per_username, "fail-user", user_key, count=False
                )
            ):
                return slow_down()
            # Counted before the portal is asked, so parallel POSTs can't all pass.
            attempts = await self.store.begin_attempt(ticket.conversation_id)
            if attempts > MAX_LOGIN_FAILURES:
                return page(_MESSAGES["too_many"], form=False, status=403)
            try:
                client = await self.portal.open()
                session = await client.login(username, password)
            except AuthenticationFailed:
                await count_failure(address, user_key)
                if attempts >= MAX_LOGIN_FAILURES:
                    await tell_conversation(ticket, "too_many")
                    return page(_MESSAGES["too_many"], form=False, status=403)
                await tell_conversation(ticket, "wrong_password")
                left = MAX_LOGIN_FAILURES - attempts
                return page(
                    _MESSAGES["wrong_password"]
                    + _TEXTS["utter_login_page_tries_left"].format(left=left),
                    form=True,
                    status=401,
                )
            except LoginThrottled as throttled:
                # The portal did not judge the password: this try is not a failure.
                await self.store.forgive_attempt(ticket.conversation_id)
                wait = _MESSAGES["throttled"].format(seconds=max(1, throttled.retry_after))
                return page(wait, form=True, status=429)
            except AccountLocked:
                outcome = "too_many" if attempts >= MAX_LOGIN_FAILURES else "locked"
                await tell_conversation(ticket, outcome)
                return page(_MESSAGES[outcome], form=outcome == "locked", status=429)
            except (PortalUnavailable, PortalError):
                await self.store.forgive_attempt(ticket.conversation_id)
                return page(_MESSAGES["unavailable"], form=True, status=503)
            identity = {
                "token": session.token,
                "username": session.account.username,
                "display_name": session.account.display_name,
                "account_kind": session.account.kind.value,
            }
            try:
                if self.proven(ticket, request.form.get(PROOF_FIELD)):
                    await self.store.redeem(ticket, **identity)
                else:
                    staged = await self.store.stage(ticket, **identity)
                    if push.output_for(ticket.conversation_id) is not None:
                        # Only an open page hears it now; elsewhere the next message is
                        # the code itself, and this prompt would come stale after it.
                        await tell_conversation(ticket, "awaiting_code")
                    return page(None, form=False, code_html=code_notice(ticket, staged.code))
            except TicketError as error:
                return page(_MESSAGES[error.reason], form=False, status=410)
            await tell_conversation(ticket, "succeeded")
            return page(_MESSAGES["succeeded"], form=False, success=True)

        return hook
