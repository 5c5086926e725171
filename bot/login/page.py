"""The login page behind a chat's login link: the guide's login way 2, a pop-up login box.

``GET  /webhooks/login/t/<ticket>`` shows the form; ``POST`` sends the username and
password to the portal through ``portal_client``. The password never enters the
conversation: on success only the server-side link is written, and the
conversation is told the outcome by an internal intent that no user can type.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import push
from bot.channels.inbound import CHANNEL_KEY, CLIENT_BINDING_KEY
from bot.login.store import MAX_LOGIN_FAILURES, LoginStore, Ticket, TicketError
from bot.observability import instrumented
from bot.settings import Settings
from portal_client import (
    AccountLocked,
    AuthenticationFailed,
    PortalClient,
    PortalError,
    PortalUnavailable,
)

logger = logging.getLogger(__name__)

#: Internal intent that tells a conversation how its login went. Channels never let
#: a user type it (bot.channels.inbound), and the action re-checks the database.
LOGIN_EVENT_INTENT = "login_event"
LOGIN_PATH = "/webhooks/login/t/"

_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'self'; base-uri 'none'; script-src 'sha256-{script_hash}'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_MESSAGES = {
    "invalid": "登录链接无效。请回到对话中重新获取登录链接。",
    "expired": "登录链接已过期（有效期 10 分钟）。请回到对话中重新获取登录链接。",
    "used": "这个登录链接已经用过了。请回到对话继续；如需重新登录，请在对话中重新获取链接。",
    "wrong_password": "用户名或密码不正确，请重新输入。",
    "locked": "该账户因多次输入错误已被锁定，请 15 分钟后再试；忘记密码请到受理点办理密码重置。",
    "too_many": (
        "本次对话中已连续 5 次登录失败。为保护账户安全，请携带相关证件到受理点办理密码重置"
        "（在对话中问我“密码忘了怎么办”可查看所需材料）。"
    ),
    "unavailable": "网上办事系统暂时无法访问，请稍后再试，或致电 12333。",
    "missing": "请输入用户名和密码。",
    "succeeded": "登录成功！请回到对话窗口继续，我会接着为您查询。",
}

_NOTIFY_SCRIPT = (
    "if (window.parent && window.parent !== window) {"
    " window.parent.postMessage({type: 'hz12333-login', ok: true}, window.location.origin); }"
)


def _script_hash() -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(_NOTIFY_SCRIPT.encode()).digest()).decode()


_HEADERS = {k: v.format(script_hash=_script_hash()) for k, v in _PAGE_HEADERS.items()}


def render_page(*, notice: str | None, form: bool, success: bool = False) -> str:
    """The whole page; every variable part is escaped."""
    notice_html = f'<p class="notice" role="alert">{html.escape(notice)}</p>' if notice else ""
    form_html = (
        """<form method="post" autocomplete="on">
  <label for="username">用户名</label>
  <input id="username" name="username" autocomplete="username" required maxlength="128">
  <label for="password">密码</label>
  <input id="password" name="password" type="password" autocomplete="current-password"
         required maxlength="128">
  <button type="submit">登录</button>
</form>"""
        if form
        else ""
    )
    script = f"<script>{_NOTIFY_SCRIPT}</script>" if success else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录网上办事 · 杭州市人力资源和社会保障</title>
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
</style></head>
<body><main>
<h1>登录杭州市人力资源和社会保障网上办事</h1>
{notice_html}
{form_html}
<small>密码只发送给网上办事系统，不会出现在对话记录中。咨询电话 12333 · hz12333@hz.gov.cn</small>
</main>{script}</body></html>"""


def page(
    notice: str | None, *, form: bool, status: int = 200, success: bool = False
) -> HTTPResponse:
    return response.html(
        render_page(notice=notice, form=form, success=success), status=status, headers=_HEADERS
    )


class LoginInput(InputChannel):
    """Serves the login page and tells the conversation the outcome."""

    def __init__(self, settings: Settings, store: LoginStore | None = None) -> None:
        self.settings = settings
        self.store = store or LoginStore(settings.database_url, settings.secret_key)

    @classmethod
    def name(cls) -> str:
        return "login"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> LoginInput:
        return cls(Settings.from_env())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        hook = Blueprint("login_page", __name__)

        async def tell_conversation(ticket: Ticket, outcome: str) -> None:
            live = push.output_for(ticket.conversation_id)
            output = live or CollectingOutputChannel()
            message = UserMessage(
                f"（系统消息：登录结果 {outcome}）",
                output,
                ticket.conversation_id,
                input_channel=ticket.channel,
                metadata={CHANNEL_KEY: ticket.channel, CLIENT_BINDING_KEY: ticket.client_binding},
                parse_data={
                    "intent": {"name": LOGIN_EVENT_INTENT, "confidence": 1.0},
                    "entities": [{"entity": "login_outcome", "value": outcome}],
                    "text": f"（系统消息：登录结果 {outcome}）",
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

        async def refused(error: TicketError) -> HTTPResponse:
            if error.reason == "expired" and error.ticket is not None:
                await tell_conversation(error.ticket, "expired")
            return page(_MESSAGES[error.reason], form=False, status=410)

        @hook.route("/t/<signed>", methods=["GET"])
        async def show(_: Request, signed: str) -> HTTPResponse:
            try:
                await self.store.check_ticket(signed)
            except TicketError as error:
                return await refused(error)
            return page(None, form=True)

        @hook.route("/t/<signed>", methods=["POST"])
        async def submit(request: Request, signed: str) -> HTTPResponse:
            try:
                ticket = await self.store.check_ticket(signed)
            except TicketError as error:
                return await refused(error)
            if await self.store.failures(ticket.conversation_id) >= MAX_LOGIN_FAILURES:
                return page(_MESSAGES["too_many"], form=False, status=403)
            username = (request.form.get("username") or "").strip()
            password = request.form.get("password") or ""
            if not username or not password:
                return page(_MESSAGES["missing"], form=True, status=400)
            try:
                async with PortalClient(self.settings.portal_url) as client:
                    session = await client.login(username, password)
            except AuthenticationFailed:
                failures = await self.store.record_failure(ticket.conversation_id)
                if failures >= MAX_LOGIN_FAILURES:
                    await tell_conversation(ticket, "too_many")
                    return page(_MESSAGES["too_many"], form=False, status=403)
                await tell_conversation(ticket, "wrong_password")
                left = MAX_LOGIN_FAILURES - failures
                return page(
                    f"{_MESSAGES['wrong_password']}（还可尝试 {left} 次）", form=True, status=401
                )
            except AccountLocked:
                failures = await self.store.record_failure(ticket.conversation_id)
                outcome = "too_many" if failures >= MAX_LOGIN_FAILURES else "locked"
                await tell_conversation(ticket, outcome)
                return page(_MESSAGES[outcome], form=False, status=423)
            except (PortalUnavailable, PortalError):
                return page(_MESSAGES["unavailable"], form=True, status=503)
            try:
                await self.store.redeem(
                    ticket,
                    token=session.token,
                    username=session.account.username,
                    display_name=session.account.display_name,
                    account_kind=session.account.kind.value,
                )
            except TicketError as error:
                return page(_MESSAGES[error.reason], form=False, status=410)
            await tell_conversation(ticket, "succeeded")
            return page(_MESSAGES["succeeded"], form=False, success=True)

        return hook
