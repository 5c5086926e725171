"""The console's web server (aiohttp): login, the pages, CSV and SVG; its own process.

Access: every path but ``/login``, ``/healthz`` and the style sheet needs a staff
session. A browser asking for a page without one is sent to the login page (303);
anything else (CSV, SVG, a POST) gets 401. The session cookie is HttpOnly,
SameSite=Strict, Secure in production (and then ``__Host-`` prefixed); it ends
after :data:`~bot.console.store.SESSION_IDLE` without a request. Every form carries
a CSRF token: the session's for the pages, a double-submit cookie for the login.
Logins are rate limited per address and wrong passwords per address and name
(:mod:`bot.ratelimit`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.console import pages
from bot.console.charts import svg
from bot.console.data import CONVERSATIONS_PER_PAGE, ConsoleData, ConversationFilter
from bot.console.figures import CHANNELS, Period, Table
from bot.console.store import Session
from bot.db import utc_now
from bot.ratelimit import Limits, RateLimiter
from bot.settings import Settings

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
LOGIN_CSRF_COOKIE = "console_login_csrf"
#: Days the figures page covers unless asked otherwise, and the most it may cover.
DEFAULT_DAYS = 14
MAX_DAYS = 366
PUBLIC_PATHS = frozenset({"/login", "/healthz", "/static/console.css"})
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: Where the auth middleware leaves the request's session for the handlers.
SESSION_KEY = "console_session"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def session_cookie_name(settings: Settings) -> str:
    # __Host- binds the cookie to this origin over https, with no Domain and Path=/.
    return "__Host-console_session" if settings.production else "console_session"


class Console:
    """The console's routes over a :class:`ConsoleData`."""

    def __init__(
        self,
        settings: Settings,
        data: ConsoleData | None = None,
        *,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.data = data or ConsoleData(settings)
        self.store = self.data.store
        self.limits = Limits(enabled=settings.rate_limits)
        self.limiter = limiter or RateLimiter()
        self.cookie = session_cookie_name(settings)

    # -- the app ---------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self.headers_middleware, self.auth_middleware])
        app.on_startup.append(self.warm_up)  # type: ignore[arg-type]
        app.on_cleanup.append(self.cool_down)  # type: ignore[arg-type]
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/static/console.css", self.stylesheet)
        app.router.add_get("/login", self.login_form)
        app.router.add_post("/login", self.login)
        app.router.add_post("/logout", self.logout)
        app.router.add_get("/", self.home)
        app.router.add_get("/inbox", self.inbox)
        app.router.add_get("/inbox.csv", self.inbox_csv)
        app.router.add_get("/inbox/{key}/snippet.yml", self.snippet)
        app.router.add_post("/inbox/{key}/handled", self.mark_handled)
        app.router.add_get("/tickets", self.tickets)
        app.router.add_get("/tickets.csv", self.tickets_csv)
        app.router.add_get("/conversations", self.conversations)
        app.router.add_get("/conversations.csv", self.conversations_csv)
        app.router.add_get("/conversations/{conversation_id}", self.transcript)
        app.router.add_get("/figures", self.figures)
        app.router.add_get("/figures/{name}.svg", self.figure_svg)
        app.router.add_get("/figures/{name}.csv", self.figure_csv)
        app.router.add_get("/audit", self.audit)
        app.router.add_get("/audit.csv", self.audit_csv)
        return app

    @web.middleware
    async def headers_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if self.settings.production:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if isinstance(response, web.HTTPException) and response.status >= 300:
            raise response
        return response

    @web.middleware
    async def auth_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in PUBLIC_PATHS:
            return await handler(request)
        session = await asyncio.to_thread(self.store.session, request.cookies.get(self.cookie))
        if session is None:
            wants_page = request.method == "GET" and "text/html" in request.headers.get(
                "Accept", ""
            )
            if wants_page:
                raise web.HTTPSeeOther("/login")
            raise web.HTTPUnauthorized(
                text="请先登录 12333 运营控制台。", content_type="text/plain"
            )
        request[SESSION_KEY] = session
        if request.method == "POST":
            form = await request.post()
            token = form.get("csrf")
            if not isinstance(token, str) or not hmac.compare_digest(token, session.csrf):
                raise web.HTTPForbidden(
                    text="表单已过期，请刷新页面后再试。", content_type="text/plain"
                )
        return await handler(request)

    async def warm_up(self, app: web.Application) -> None:
        # Reading a big tracker store takes seconds: start now, not at the first page.
        self._warming = asyncio.create_task(asyncio.to_thread(self.data.conversations))

    async def cool_down(self, app: web.Application) -> None:
        with contextlib.suppress(Exception):
            await self._warming

    # -- helpers ---------------------------------------------------------------------

    @staticmethod
    def session(request: web.Request) -> Session:
        session: Session = request[SESSION_KEY]
        return session

    def page(
        self, request: web.Request, title: str, body: str, *, active: str = ""
    ) -> web.Response:
        s = self.session(request)
        return web.Response(
            text=pages.layout(title, body, staff=s.staff, csrf=s.csrf, active=active),
            content_type="text/html",
        )

    @staticmethod
    def csv(text: str, filename: str) -> web.Response:
        # A BOM, so that Excel (what the bureau opens CSV with) reads UTF-8.
        return web.Response(
            body=("\ufeff" + text).encode(),
            content_type="text/csv",
            charset="utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def set_cookie(self, response: web.StreamResponse, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.settings.production,
        )

    # -- public ------------------------------------------------------------------------

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def stylesheet(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "console.css", headers={"Content-Type": "text/css"})

    async def login_form(
        self, request: web.Request, *, error: str = "", status: int = 200
    ) -> web.Response:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
        response = web.Response(
            text=pages.login_page(token, error=error), content_type="text/html", status=status
        )
        self.set_cookie(response, LOGIN_CSRF_COOKIE, token)
        return response

    async def login(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "unknown"
        form = await request.post()
        name = str(form.get("name") or "").strip()[:64]
        password = str(form.get("password") or "")
        token, cookie = form.get("csrf"), request.cookies.get(LOGIN_CSRF_COOKIE)
        if not (isinstance(token, str) and cookie and hmac.compare_digest(token, cookie)):
            return await self.login_form(request, error="表单已过期，请重新登录。", status=403)
        limits, limiter = self.limits, self.limiter
        if limits.enabled and not (
            await limiter.hit(limits.login_per_address, "console-login", address)
            and await limiter.test(limits.login_failures_per_address, "console-fail-addr", address)
            and await limiter.test(limits.login_failures_per_username, "console-fail-name", name)
        ):
            return await self.login_form(
                request, error="尝试次数过多，请 15 分钟后再试。", status=429
            )
        if not name or not await asyncio.to_thread(self.store.check_password, name, password):
            if limits.enabled:
                await limiter.hit(limits.login_failures_per_address, "console-fail-addr", address)
                await limiter.hit(limits.login_failures_per_username, "console-fail-name", name)
            logger.info("console: a failed login from %s", address)
            return await self.login_form(request, error="工号或密码不正确。", status=401)
        session_token, _ = await asyncio.to_thread(self.store.open_session, name)
        logger.info("console: %s logged in", name)
        redirect = web.HTTPSeeOther("/inbox")
        self.set_cookie(redirect, self.cookie, session_token)
        redirect.del_cookie(LOGIN_CSRF_COOKIE, path="/")
        raise redirect

    async def logout(self, request: web.Request) -> web.StreamResponse:
        token = request.cookies.get(self.cookie)
        if token:
            await asyncio.to_thread(self.store.close_session, token)
        redirect = web.HTTPSeeOther("/login")
        redirect.del_cookie(self.cookie, path="/")
        raise redirect

    # -- pages -------------------------------------------------------------------------

    async def home(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPSeeOther("/inbox")

    async def inbox(self, request: web.Request) -> web.Response:
        groups = await asyncio.to_thread(self.data.inbox)
        body = pages.inbox_page(groups, self.session(request).csrf)
        return self.page(request, "未答问题", body, active="/inbox")

    async def inbox_csv(self, request: web.Request) -> web.Response:
        groups = await asyncio.to_thread(self.data.inbox)
        table = Table(
            "inbox",
            "未答问题",
            ("问题", "次数", "会话数", "首次", "最近", "建议意图", "示例"),
            tuple(
                (
                    g.label,
                    g.count,
                    g.conversations,
                    pages.when(g.first_seen),
                    pages.when(g.last_seen),
                    g.intent,
                    " | ".join(g.examples),
                )
                for g in groups
            ),
        )
        return self.csv(table.csv(), "inbox.csv")

    async def snippet(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        groups = await asyncio.to_thread(self.data.inbox, include_handled=True)
        group = next((g for g in groups if g.key == key), None)
        if group is None:
            raise web.HTTPNotFound(text="这一组已不存在。", content_type="text/plain")
        return web.Response(
            text=group.snippet,
            content_type="text/yaml",
            headers={"Content-Disposition": f'attachment; filename="nlu-{key}.yml"'},
        )

    async def mark_handled(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        await asyncio.to_thread(self.store.mark_handled, key[:32], self.session(request).staff)
        raise web.HTTPSeeOther("/inbox")

    async def tickets(self, request: web.Request) -> web.Response:
        query = request.query.get("q", "")[:200]
        state = request.query.get("state", "")
        rows = await asyncio.to_thread(self.data.tickets, query, state)
        body = pages.tickets_page(
            rows, query=query, state=state, now=utc_now(), sla_hours=self.settings.handoff_sla_hours
        )
        return self.page(request, "转人工工单", body, active="/tickets")

    async def tickets_csv(self, request: web.Request) -> web.Response:
        rows = await asyncio.to_thread(
            self.data.tickets, request.query.get("q", "")[:200], request.query.get("state", "")
        )
        now, sla = utc_now(), self.data.sla
        table = Table(
            "tickets",
            "工单",
            (
                "工单号",
                "状态",
                "创建时间",
                "时长（小时）",
                "超时",
                "原因",
                "渠道",
                "联系方式",
                "会话",
            ),
            tuple(
                (
                    t.ticket_no,
                    t.state,
                    t.created_at.isoformat(),
                    round(t.age(now).total_seconds() / 3600, 1),
                    "yes" if t.breached(now, sla) else "no",
                    t.reason,
                    t.channel,
                    t.contact,
                    t.conversation_id,
                )
                for t in rows
            ),
        )
        return self.csv(table.csv(), "tickets.csv")

    def conversation_filter(self, request: web.Request) -> ConversationFilter:
        q = request.query

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(q.get(name, ""))
            except ValueError:
                return None

        def flag(name: str) -> bool | None:
            return {"1": True, "0": False}.get(q.get(name, ""))

        channel = q.get("channel", "")
        return ConversationFilter(
            first=day("from"),
            last=day("to"),
            channel=channel if channel in CHANNELS else "",
            intent=q.get("intent", "")[:128],
            fallback=flag("fallback"),
            handoff=flag("handoff"),
            login=flag("login"),
        )

    async def conversations(self, request: web.Request) -> web.Response:
        where = self.conversation_filter(request)
        found = await asyncio.to_thread(self.data.list_conversations, where)
        intents = await asyncio.to_thread(self.data.intents)
        pages_count = max(1, math.ceil(len(found) / CONVERSATIONS_PER_PAGE))
        try:
            page = min(max(1, int(request.query.get("page", "1"))), pages_count)
        except ValueError:
            page = 1
        shown = found[(page - 1) * CONVERSATIONS_PER_PAGE : page * CONVERSATIONS_PER_PAGE]
        params = {
            k: request.query.get(k, "")
            for k in ("from", "to", "channel", "intent", "fallback", "handoff", "login")
        }
        body = pages.conversations_page(
            shown, total=len(found), page=page, pages=pages_count, params=params, intents=intents
        )
        return self.page(request, "会话", body, active="/conversations")

    async def conversations_csv(self, request: web.Request) -> web.Response:
        found = await asyncio.to_thread(
            self.data.list_conversations, self.conversation_filter(request)
        )
        table = Table(
            "conversations",
            "会话",
            ("会话", "渠道", "开始", "最后", "提问", "意图", "兜底", "转人工", "登录"),
            tuple(
                (
                    c.conversation_id,
                    c.channel,
                    pages.when(c.started),
                    pages.when(c.last),
                    len(c.user_turns),
                    " ".join(c.intents),
                    int(c.fallback),
                    int(c.handoff),
                    int(c.login),
                )
                for c in found
            ),
        )
        return self.csv(table.csv(), "conversations.csv")

    async def transcript(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversation_id"][:255]
        staff = self.session(request).staff
        lines = await asyncio.to_thread(self.data.transcript, conversation_id, staff)
        body = pages.transcript_page(conversation_id, lines)
        return self.page(request, "会话记录", body, active="/conversations")

    def period(self, request: web.Request) -> tuple[int, str]:
        try:
            days = min(max(1, int(request.query.get("days", DEFAULT_DAYS))), MAX_DAYS)
        except ValueError:
            days = DEFAULT_DAYS
        channel = request.query.get("channel", "")
        return days, channel if channel in CHANNELS else ""

    async def _tables(self, request: web.Request) -> list[Table]:
        days, channel = self.period(request)
        return await asyncio.to_thread(self.data.figures, Period.last_days(days, channel=channel))

    async def figures(self, request: web.Request) -> web.Response:
        days, channel = self.period(request)
        tables = await self._tables(request)
        body = pages.figures_page(tables, days=days, channel=channel)
        return self.page(request, "运行指标", body, active="/figures")

    async def _table(self, request: web.Request) -> Table:
        name = request.match_info["name"]
        table = next((t for t in await self._tables(request) if t.name == name), None)
        if table is None:
            raise web.HTTPNotFound(text="没有这个指标。", content_type="text/plain")
        return table

    async def figure_svg(self, request: web.Request) -> web.Response:
        table = await self._table(request)
        data = await asyncio.to_thread(svg, table)
        return web.Response(body=data, content_type="image/svg+xml")

    async def figure_csv(self, request: web.Request) -> web.Response:
        table = await self._table(request)
        return self.csv(table.csv(), f"{table.name}.csv")

    async def audit(self, request: web.Request) -> web.Response:
        entries = await asyncio.to_thread(self.store.audit_log)
        return self.page(request, "查阅记录", pages.audit_page(entries), active="/audit")

    async def audit_csv(self, request: web.Request) -> web.Response:
        entries = await asyncio.to_thread(self.store.audit_log, 100_000)
        table = Table(
            "audit",
            "查阅记录",
            ("时间", "工作人员", "操作", "会话"),
            tuple((a.at.isoformat(), a.staff, a.action, a.conversation_id) for a in entries),
        )
        return self.csv(table.csv(), "audit.csv")


def build_app(settings: Settings, **kwargs: Any) -> web.Application:
    return Console(settings, **kwargs).app()
