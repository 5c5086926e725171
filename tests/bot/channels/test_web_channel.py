"""The web chat channel over a real Sanic server and a real socket.io client.

The bot behind the channel is a stand-in that echoes (the browser tests in
tests/e2e/test_web_page.py run the trained model); everything between the socket
and ``agent.handle_message`` is Rasa's own wiring (``channel.register``).
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import socketio
from rasa.core.channels.channel import InputChannel, UserMessage, register
from rasa.core.channels.socketio import SocketIOInput
from rasa.server import add_root_route
from sanic import Sanic

from bot.channels import push
from bot.channels.inbound import APOLOGY, CLIENT_BINDING_KEY, client_binding
from bot.channels.web import WebChatInput, session_id_for
from bot.once import CLIENT_ID_PREFIX, is_client_id
from bot.settings import Settings

SECRET_KEY = "test-secret-key-" + "x" * 32
#: Long enough for a reply on a busy machine; a reply that never comes costs this much.
REPLY_TIMEOUT = 5.0


def new_secret() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


@dataclass
class EchoAgent:
    """Answers like the real agent would: through the message's output channel."""

    received: list[UserMessage] = field(default_factory=list)
    fail: bool = False
    silent: bool = False

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.fail:
            raise RuntimeError("the model fell over")
        if self.silent:
            return
        assert message.output_channel is not None
        await message.output_channel.send_response(
            message.sender_id,
            {
                "text": f"收到：{message.text}",
                "buttons": [{"title": "个人", "payload": '/inform_applicant_type{"x": 1}'}],
            },
        )


@dataclass
class Server:
    url: str
    agent: EchoAgent
    channel: InputChannel


@asynccontextmanager
async def serve(channel: InputChannel, *, public_url: str | None = None) -> AsyncIterator[Server]:
    # Sanic 21.12 rewrites its HTTP protocol when an app starts; only in test mode does
    # it start from the original each time, so that several apps can run in one
    # process. It stays on: an app started later outside test mode would fail.
    Sanic.test_mode = True
    app = Sanic(f"webchat_test_{uuid.uuid4().hex[:10]}")
    add_root_route(app)
    agent = EchoAgent()
    app.ctx.agent = agent
    register([channel], app, route="/webhooks/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # Awaiting create_server already starts listening (Sanic 21.12).
    server = await app.create_server(sock=sock, return_asyncio_server=True)
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield Server(f"http://127.0.0.1:{port}", agent, channel)
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()
        sock.close()


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"secret_key": SECRET_KEY, "public_url": "https://chat.example.gov.cn"}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / ".build-stamp").write_text("x", encoding="utf-8")
    return tmp_path


class Client:
    """A socket.io client that collects what the server emits.

    It polls: python-engineio's websocket client needs aiohttp 3.10, and Rasa 3.6
    pins 3.9. The browser tests cover the websocket transport.
    """

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.bot: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.sio.on("bot_uttered", self.bot.put)
        self.sio.on("session_confirm", self.confirmed.put)

    async def connect(self, url: str, secret: str | None = None, **kwargs: Any) -> None:
        await self.sio.connect(
            url,
            transports=["polling"],
            auth={"client_secret": secret} if secret else None,
            **kwargs,
        )

    async def session(self, proposed: str | None = None) -> str:
        await self.sio.emit("session_request", {"session_id": proposed})
        return await asyncio.wait_for(self.confirmed.get(), REPLY_TIMEOUT)

    async def say(self, text: str, session_id: str | None, **more: Any) -> None:
        await self.sio.emit("user_uttered", {"message": text, "session_id": session_id, **more})

    async def reply(self, timeout: float = REPLY_TIMEOUT) -> dict[str, Any]:
        return await asyncio.wait_for(self.bot.get(), timeout)

    async def close(self) -> None:
        # Not waiting for the pending long-poll, which the server holds for a whole
        # ping interval (25 s) before it lets go.
        await self.sio.eio.disconnect(abort=True)


@pytest.mark.parametrize(
    "make_channel",
    [
        pytest.param(lambda: WebChatInput(settings()), id="ours"),
        pytest.param(
            lambda: SocketIOInput(session_persistence=True),
            id="rasa-stock",
            marks=pytest.mark.xfail(
                strict=True,
                raises=asyncio.TimeoutError,
                reason=(
                    "rasa#13027: Rasa 3.6's SocketIOInput calls sio.enter_room() without "
                    "await, a coroutine since python-socketio 5.10, so with "
                    "session_persistence no reply is ever delivered. Should this pass, "
                    "the defect is fixed upstream."
                ),
            ),
        ),
    ],
)
async def test_replies_arrive_with_session_persistence(make_channel):
    async with serve(make_channel()) as server:
        client = Client()
        await client.connect(server.url, new_secret())
        try:
            session_id = await client.session(uuid.uuid4().hex)
            await client.say("你好", session_id)
            reply = await client.reply()
        finally:
            await client.close()
    assert reply["text"] == "收到：你好"
    assert reply["quick_replies"][0]["title"] == "个人"


async def test_the_session_follows_the_secret_not_what_the_client_proposes(web_dist):
    channel = WebChatInput(settings(), dist=web_dist)
    secret = new_secret()
    async with serve(channel) as server:
        first = Client()
        await first.connect(server.url, secret)
        proposed = uuid.uuid4().hex
        confirmed = await first.session(proposed)
        await first.close()

        again = Client()
        await again.connect(server.url, secret)
        try:
            assert await again.session() == confirmed
        finally:
            await again.close()
    assert confirmed == session_id_for(SECRET_KEY, secret)
    assert confirmed != proposed
    assert secret not in confirmed


async def test_knowing_a_session_id_does_not_let_anyone_read_its_replies(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        owner, intruder = Client(), Client()
        await owner.connect(server.url, new_secret())
        await intruder.connect(server.url, new_secret())
        try:
            owners = await owner.session()
            assert await intruder.session(owners) != owners
            await owner.say("我的办事进度", owners)
            assert (await owner.reply())["text"] == "收到：我的办事进度"
            with pytest.raises(asyncio.TimeoutError):
                await intruder.reply(timeout=1.0)
        finally:
            await owner.close()
            await intruder.close()


async def test_two_tabs_of_one_browser_share_the_conversation(web_dist):
    secret = new_secret()
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        tab1, tab2 = Client(), Client()
        await tab1.connect(server.url, secret)
        await tab2.connect(server.url, secret)
        try:
            session_id = await tab1.session()
            await tab2.session()
            await tab1.say("你好", session_id)
            assert (await tab2.reply())["text"] == "收到：你好"
        finally:
            await tab1.close()
            await tab2.close()


async def test_messages_go_through_user_message_with_the_binding_not_the_secret(web_dist):
    secret = new_secret()
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        client = Client()
        await client.connect(server.url, secret)
        try:
            session_id = await client.session()
            await client.say("/session_start", session_id)
            await client.reply()
            await client.say("我的密码是 Demo-2026", session_id)
            await client.reply()
        finally:
            await client.close()
    typed, secret_message = server.agent.received
    assert typed.text == "session_start"
    assert typed.input_channel == "socketio"
    assert typed.sender_id == session_id
    assert typed.metadata[CLIENT_BINDING_KEY] == client_binding(SECRET_KEY, "socketio", secret)
    assert secret not in repr(typed.metadata)
    assert "Demo-2026" not in secret_message.text


async def test_the_pages_message_id_goes_to_rasa_and_a_malformed_one_is_dropped(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        client = Client()
        await client.connect(server.url, new_secret())
        try:
            session_id = await client.session()
            await client.say("你好", session_id, message_id="0f3a9c")
            await client.reply()
            await client.say("你好", session_id, message_id="no spaces")
            assert (await client.reply())["text"] == "收到：你好"
        finally:
            await client.close()
    named, malformed = server.agent.received
    # bot.once answers a message sent again under this id from its stored turn.
    assert named.message_id == CLIENT_ID_PREFIX + "0f3a9c"
    assert not is_client_id(malformed.message_id)


async def test_a_message_before_the_session_request_is_answered(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        client = Client()
        await client.connect(server.url, new_secret())
        try:
            await client.say("你好", None)
            assert (await client.reply())["text"] == "收到：你好"
        finally:
            await client.close()


async def test_a_client_without_a_secret_gets_a_conversation_of_its_own(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        a, b = Client(), Client()
        await a.connect(server.url)
        await b.connect(server.url)
        try:
            assert await a.session() != await b.session()
            await a.say("你好", None)
            assert (await a.reply())["text"] == "收到：你好"
        finally:
            await a.close()
            await b.close()
    assert CLIENT_BINDING_KEY not in server.agent.received[0].metadata


@pytest.mark.parametrize("fault", ["fail", "silent"])
async def test_a_failing_or_silent_bot_still_answers(web_dist, fault):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        setattr(server.agent, fault, True)
        client = Client()
        await client.connect(server.url, new_secret())
        try:
            await client.say("你好", await client.session())
            assert (await client.reply())["text"] == APOLOGY
        finally:
            await client.close()


async def test_custom_payloads_arrive_whole_for_the_login_pop_up(web_dist):
    channel = WebChatInput(settings(), dist=web_dist)
    async with serve(channel) as server:
        client = Client()
        await client.connect(server.url, new_secret())
        try:
            session_id = await client.session()
            output = channel.get_output_channel()
            assert output is not None
            login = {"type": "login", "url": "https://chat.example.gov.cn/login/abc"}
            await output.send_response(session_id, {"text": "请登录", "custom": login})
            assert (await client.reply())["text"] == "请登录"
            assert (await client.reply())["custom"] == login
        finally:
            await client.close()


async def test_browsers_from_other_sites_cannot_connect(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        client = Client()
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(
                server.url, new_secret(), headers={"Origin": "https://evil.example"}
            )
        ours = Client()
        await ours.connect(server.url, new_secret(), headers={"Origin": server.url})
        await ours.close()
        public = Client()
        await public.connect(
            server.url, new_secret(), headers={"Origin": "https://chat.example.gov.cn"}
        )
        await public.close()


async def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            return resp.status, dict(resp.headers), await resp.text()


async def test_browsers_at_the_root_are_sent_to_the_page_and_probes_are_not(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        status, headers, _ = await get(server.url + "/", Accept="text/html,*/*;q=0.8")
        assert status == 302
        assert headers["Location"] == "chat/"
        status, _, body = await get(server.url + "/", Accept="*/*")
        assert status == 200
        assert body.startswith("Hello from Rasa")
        status, headers, _ = await get(server.url + "/chat")
        assert (status, headers["Location"]) == (301, "/chat/")
        status, _, body = await get(server.url + "/webhooks/socketio/")
        assert status == 200
        assert "ok" in body


async def test_the_page_is_served_with_a_strict_policy(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        status, headers, body = await get(server.url + "/chat/")
        assert status == 200
        assert body.startswith("<!doctype html>")
        assert headers["Content-Type"].startswith("text/html")
        assert headers["X-Content-Type-Options"] == "nosniff"
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "wss://chat.example.gov.cn" in csp
        status, headers, _ = await get(server.url + "/chat/app.js")
        assert status == 200
        assert headers["Content-Type"].startswith("text/javascript")
        for missing in ("nothing.js", ".build-stamp", "..%2fpyproject.toml", "%2e%2e%2fMakefile"):
            status, _, _ = await get(server.url + "/chat/" + missing)
            assert status == 404, missing


async def test_an_unbuilt_page_says_so_instead_of_failing(tmp_path):
    async with serve(WebChatInput(settings(), dist=tmp_path / "nowhere")) as server:
        status, headers, body = await get(server.url + "/chat/")
    assert status == 503
    assert "12333" in body
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_a_connected_page_can_be_reached_by_the_server_until_it_leaves(web_dist):
    async with serve(WebChatInput(settings(), dist=web_dist)) as server:
        tab1, tab2 = Client(), Client()
        secret = new_secret()
        await tab1.connect(server.url, secret)
        await tab2.connect(server.url, secret)
        session_id = await tab1.session()
        await tab2.session()
        live = push.output_for(session_id)
        assert live is not None
        await live.send_text_message(session_id, "登录成功")
        assert (await tab1.reply())["text"] == "登录成功"
        assert (await tab2.reply())["text"] == "登录成功"

        await tab1.close()
        await asyncio.sleep(0.3)
        assert push.output_for(session_id) is not None, "one tab is still open"
        await tab2.close()
        for _ in range(50):
            if push.output_for(session_id) is None:
                break
            await asyncio.sleep(0.1)
        assert push.output_for(session_id) is None
