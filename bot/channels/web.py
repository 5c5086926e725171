"""The web chat: the page at /chat/ and the socket.io channel it talks to.

Rasa 3.6's ``SocketIOInput`` never delivers a reply when ``session_persistence``
is on and python-socketio is 5.10 or newer (rasa#13027): its ``session_request``
handler calls ``sio.enter_room(...)`` without ``await``. Since python-socketio 5.10
``AsyncServer.enter_room`` is a coroutine, so the call only creates one that never
runs; the socket never joins the session's room, and every reply is emitted to an
empty room. :class:`WebChatInput` awaits it.

It also ties a conversation to a secret that the page makes once and keeps: the
session id is a keyed hash of that secret, so a session id seen in a log or on a
screen does not let anyone join its room and read the replies.

While a page is connected, its conversation's output is registered in
:mod:`bot.channels.push`, so that a message the server starts itself (the login
outcome, an agent's reply to a ticket) reaches the page at once. An agent's reply
waiting for a page is pushed when the page joins, after each of its messages, and as
soon as it arrives (issue 13):

- with REDIS_URL (several servers) the servers share one socket.io manager
  (:class:`SharedRoomsManager`, python-socketio's ``AsyncRedisManager``), so an emit
  to a conversation's room reaches the server that holds its socket. The process that
  reads the agent's mail emits :data:`~bot.notify.web.REPLIES_WAITING_EVENT` to the
  room through Redis (:mod:`bot.notify.web`); the server holding a socket in that
  room takes the replies with the page's binding and pushes them;
- without it there is one server, which looks for replies for the pages it holds
  every :data:`REPLY_PUSH_INTERVAL`.

A page that is not open gets them at its next visit.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels import push
from bot.channels.inbound import APOLOGY, client_binding, conversation_id, user_message
from bot.channels.turn import guarded_turn, services
from bot.handoff.notices import reply_notice
from bot.handoff.replies import ReplyStore
from bot.login.store import LoginStore
from bot.notify.web import REDIS_CHANNEL, REPLIES_WAITING_EVENT
from bot.observability import instrumented
from bot.once import InvalidMessageId, client_message_id
from bot.ratelimit import client_address
from bot.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

#: Where scripts/build_web.sh puts the built page.
WEB_DIST = PROJECT_ROOT / "bot" / "web" / "dist"
PAGE_PATH = "/chat/"
#: Rasa's default, kept so that any socket.io client for Rasa finds the channel.
SOCKETIO_PATH = "/socket.io"
USER_MESSAGE_EVENT = "user_uttered"
BOT_MESSAGE_EVENT = "bot_uttered"
#: What the page sends: 32 random bytes, base64url. Anything else is not trusted.
CLIENT_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{32,128}")
#: How often a lone server (no REDIS_URL) looks for agents' replies for its pages (issue 13).
REPLY_PUSH_INTERVAL = 2.0
#: One chat message is at most a few kilobytes; python-socketio's default is 1 MB.
MAX_SOCKET_MESSAGE_BYTES = 64 * 1024
ASSET_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
_HOST_RE = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

NOT_BUILT_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>网上办事智能助手</title></head>
<body><h1>网上办事智能助手暂时无法打开</h1>
<p>网页尚未构建（运行 <code>scripts/build_web.sh</code>，<code>make run</code> 会自动运行）。</p>
<p>咨询电话 12333 · 邮箱 hz12333@hz.gov.cn</p></body></html>
"""


def session_id_for(secret_key: str, client_secret: str) -> str:
    """The conversation of the browser that holds ``client_secret``."""
    digest = hmac.new(
        secret_key.encode(), b"webchat-session:" + client_secret.encode(), hashlib.sha256
    )
    return conversation_id(WebChatInput.name(), digest.hexdigest()[:32])


def address_of(environ: dict[str, Any]) -> str | None:
    """The client's address from the socket.io handshake's Sanic request."""
    request = environ.get("sanic.request")
    return client_address(request) if isinstance(request, Request) else None


def client_secret_from(auth: Any) -> str | None:
    """The page's secret from the socket.io ``auth`` object, when it is well formed."""
    secret = auth.get("client_secret") if isinstance(auth, dict) else None
    if isinstance(secret, str) and CLIENT_SECRET_RE.fullmatch(secret):
        return secret
    return None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_message_id(data: Any) -> str | None:
    """The page's id of its message (:mod:`bot.once`); a malformed one is dropped, not refused.

    The page sends a message again under its id after a reconnect; a message with an
    id that is no short token is still answered, only as a new message.
    """
    raw = data.get("message_id") if isinstance(data, dict) else None
    try:
        return client_message_id(raw)
    except InvalidMessageId:
        logger.warning("socketio: a message id that is no short token was dropped")
        return None


class SharedRoomsManager(AsyncRedisManager):
    """The servers' socket.io manager over Redis, which also hears "replies waiting" nudges.

    :data:`~bot.notify.web.REPLIES_WAITING_EVENT` arrives as any emit to a room does,
    from every server and from the process that read the agent's mail; it is handed to
    ``on_replies_waiting`` and never sent to a client. python-socketio has no public
    hook for this: ``_handle_emit`` is where every emit, local or from Redis, is
    delivered (python-socketio 5.18.1 in requirements.lock;
    ``tests/bot/channels/test_web_reply_push.py`` fails if that changes).
    """

    def __init__(
        self,
        url: str,
        *,
        on_replies_waiting: Callable[[str], Coroutine[Any, Any, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(url, channel=REDIS_CHANNEL, **kwargs)
        self.on_replies_waiting = on_replies_waiting
        self._nudges: set[asyncio.Task[Any]] = set()

    async def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") != REPLIES_WAITING_EVENT:
            await super()._handle_emit(message)
            return
        room = message.get("room")
        if isinstance(room, str):
            # Off the listener, which would otherwise wait for the database.
            task: asyncio.Task[Any] = asyncio.get_running_loop().create_task(
                self.on_replies_waiting(room)
            )
            self._nudges.add(task)
            task.add_done_callback(self._nudges.discard)


class WebChatOutput(SocketIOOutput):
    """Rasa's socket.io output that counts what it sends and sends custom payloads whole."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent = 0

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        # Rasa's version spreads the payload into emit()'s keyword arguments, which
        # fails on {"type": "login", "url": ...}; the page reads it as "custom".
        await self._send_message(recipient_id, {"custom": json_message})


class WebPage:
    """The built page in ``dist``: /chat/ and its files, and browsers sent there from /."""

    def __init__(self, dist: Path, settings: Settings) -> None:
        self.dist = dist
        self.settings = settings

    def mount(self, app: Sanic) -> None:
        app.register_middleware(self.send_browsers_to_page, "request")
        app.add_route(self.to_page, PAGE_PATH.rstrip("/"), strict_slashes=True, name="webchat_to")
        app.add_route(self.page, PAGE_PATH, strict_slashes=True, name="webchat_page")
        app.add_route(self.asset, PAGE_PATH + "<name:str>", name="webchat_asset")

    def content_security_policy(self, request: Request) -> str:
        # 'self' covers ws: only in CSP level 3 browsers; the explicit origins cover
        # the rest, both as users reach us (PUBLIC_URL) and as this request did.
        hosts = {urlsplit(self.settings.public_url).netloc}
        host = request.headers.get("host", "")
        if _HOST_RE.fullmatch(host):
            hosts.add(host)
        sockets = " ".join(f"ws://{h} wss://{h}" for h in sorted(hosts) if h)
        return "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                f"connect-src 'self' {sockets}",
                "frame-src 'self'",
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "object-src 'none'",
            ]
        )

    def headers(self, request: Request) -> dict[str, str]:
        return {
            "Content-Security-Policy": self.content_security_policy(request),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
            "Cache-Control": "no-cache",
        }

    async def send_browsers_to_page(self, request: Request) -> HTTPResponse | None:
        # Rasa's own "/" stays for everything else: health probes ask it for text.
        if (
            request.path == "/"
            and request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
        ):
            # Relative, so that a proxy's path prefix survives.
            return response.redirect(PAGE_PATH.lstrip("/"), status=302)
        return None

    async def to_page(self, request: Request) -> HTTPResponse:
        return response.redirect(PAGE_PATH, status=301)

    async def page(self, request: Request) -> HTTPResponse:
        index = self.dist / "index.html"
        if not index.is_file():
            logger.error("web chat: %s is missing; run scripts/build_web.sh", index)
            return response.html(NOT_BUILT_PAGE, status=503, headers=self.headers(request))
        return await self._file(request, index)

    async def asset(self, request: Request, name: str) -> HTTPResponse:
        path = self.dist / name
        if path.suffix not in ASSET_TYPES or name.startswith(".") or not path.is_file():
            return response.text("not found", status=404, headers=self.headers(request))
        return await self._file(request, path)

    async def _file(self, request: Request, path: Path) -> HTTPResponse:
        return await response.file(
            path, mime_type=ASSET_TYPES[path.suffix], headers=self.headers(request)
        )


class WebChatBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, which also mounts the page on the app."""

    def __init__(
        self, sio: AsyncServer, socketio_path: str, page: WebPage, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(sio, socketio_path, *args, **kwargs)
        self.ctx.page = page

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, options)
        # The page lives outside the channel's /webhooks/socketio prefix, and the app
        # (named "rasa_server" or "rasa_core_no_api" depending on --enable-api) is
        # known for sure only here.
        self.ctx.page.mount(app)


class WebChatInput(SocketIOInput):
    """socket.io at /socket.io with persistent sessions that deliver (rasa#13027).

    The page sends its secret in the socket.io ``auth`` object
    (``{"client_secret": ...}``); a client without one gets a conversation of its
    own for as long as its connection lasts.
    """

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        shared = services()
        return cls(shared.settings, store=shared.login_store)

    def __init__(
        self, settings: Settings, *, dist: Path = WEB_DIST, store: LoginStore | None = None
    ) -> None:
        super().__init__(
            user_message_evt=USER_MESSAGE_EVENT,
            bot_message_evt=BOT_MESSAGE_EVENT,
            session_persistence=True,
            socketio_path=SOCKETIO_PATH,
        )
        self.settings = settings
        self.page = WebPage(dist, settings)
        self.store = store or LoginStore(settings.database_url, settings.secret_key)
        self._replies: ReplyStore | None = None
        #: The client binding of each conversation this server holds a page of.
        self.bindings: dict[str, str | None] = {}
        self._pusher: asyncio.Task[None] | None = None

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return WebChatOutput(self.sio, self.bot_message_evt)

    def origin_allowed(self, origin: str | None, environ: dict[str, Any]) -> bool:
        """Browsers may connect only from our own page; other clients send no Origin."""
        if not origin:
            return True
        allowed = {origin_of(self.settings.public_url)}
        host = environ.get("HTTP_HOST")
        if host:
            allowed.add(f"{environ.get('wsgi.url_scheme', 'http')}://{host}")
        return origin in allowed

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.origin_allowed,
            max_http_buffer_size=MAX_SOCKET_MESSAGE_BYTES,
            **self.manager_options(),
        )
        self.sio = sio
        hook = WebChatBlueprint(sio, self.socketio_path or SOCKETIO_PATH, self.page, "webchat")

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect")
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            secret = client_secret_from(auth)
            session_id = (
                session_id_for(self.settings.secret_key, secret)
                if secret
                else conversation_id(self.name(), uuid.uuid4().hex)
            )
            await sio.save_session(
                sid,
                {
                    "client_secret": secret,
                    "session_id": session_id,
                    "address": address_of(environ),
                },
            )
            return True

        async def join(sid: str) -> dict[str, Any] | None:
            try:
                state: dict[str, Any] = await sio.get_session(sid)
            except KeyError:  # gone before its event was handled
                return None
            # The fix for rasa#13027: enter_room is a coroutine since python-socketio 5.10.
            await sio.enter_room(sid, state["session_id"])
            push.register(state["session_id"], WebChatOutput(sio, self.bot_message_evt))
            secret = state.get("client_secret")
            self.bindings[state["session_id"]] = (
                client_binding(self.settings.secret_key, self.name(), secret) if secret else None
            )
            self.start_pusher()
            return state

        @sio.on("disconnect")
        async def disconnect(sid: str, reason: Any = None) -> None:
            try:
                session_id = (await sio.get_session(sid))["session_id"]
            except KeyError:
                return
            # The leaving socket is still listed while this handler runs.
            others = [p for p, _ in sio.manager.get_participants("/", session_id) if p != sid]
            if not others:
                push.unregister(session_id)
                self.bindings.pop(session_id, None)

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            # A session id the client proposes is ignored: it is derived from the secret.
            state = await join(sid)
            if state is not None:
                await sio.emit("session_confirm", state["session_id"], to=sid)
                await self.push_replies(state["session_id"])

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any = None) -> None:
            # Joining again is harmless and covers a message that overtakes its
            # session_request (python-socketio handles events concurrently).
            state = await join(sid)
            if state is None:
                return
            session_id = state["session_id"]
            output = WebChatOutput(sio, self.bot_message_evt)
            message = user_message(
                data.get("message") if isinstance(data, dict) else data,
                output,
                session_id,
                channel=self.name(),
                secret_key=self.settings.secret_key,
                client_secret=state["client_secret"],
                client_address=state.get("address"),
                message_id=page_message_id(data),
            )
            # A live page hears the login's outcome at once: nothing waits for it.
            await guarded_turn(
                self.store, message, on_new_message, who=session_id, take_waiting=False
            )
            if not output.sent:
                await output.send_text_message(session_id, APOLOGY)
            # A reply whose nudge was lost (Redis down) comes after the answer at the latest.
            await self.push_replies(session_id)

        return hook

    @property
    def replies(self) -> ReplyStore:
        """Tickets' threads, made at the first page that joins."""
        if self._replies is None:
            self._replies = ReplyStore.from_settings(self.settings)
        return self._replies

    def manager_options(self) -> dict[str, Any]:
        """Several servers share one socket.io manager through Redis when REDIS_URL is set."""
        if not self.settings.redis_url:
            return {}
        return {
            "client_manager": SharedRoomsManager(
                self.settings.redis_url, on_replies_waiting=self.push_replies
            )
        }

    def start_pusher(self) -> None:
        """A lone server's look for replies; with Redis the nudges bring them instead."""
        if self.settings.redis_url:
            return
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.get_running_loop().create_task(self._push_forever())

    async def _push_forever(self) -> None:
        while True:
            await asyncio.sleep(REPLY_PUSH_INTERVAL)
            held = [c for c in list(self.bindings) if push.output_for(c) is not None]
            try:
                waiting = await self.replies.conversations_with_unshown(held)
            except Exception:
                logger.exception("web chat: could not look for agents' replies")
                continue
            for conversation in waiting:
                await self.push_replies(conversation)

    async def push_replies(self, conversation: str) -> int:
        """Push the agents' replies waiting for ``conversation`` to its open page."""
        output = push.output_for(conversation)
        if output is None:
            return 0
        try:
            taken = await self.replies.take_unshown(conversation, self.bindings.get(conversation))
        except Exception:
            logger.exception("web chat: could not take agents' replies")
            return 0
        for ticket_no, reply in taken:
            with contextlib.suppress(Exception):
                await output.send_text_message(
                    conversation,
                    reply_notice(
                        ticket_no,
                        reply.text,
                        attachments=reply.attachments,
                        resolved=reply.resolves,
                    ),
                )
        return len(taken)
