"""Helpers for the Twilio channel tests: signed requests, TwiML parsing, a real Sanic server.

Requests are signed exactly as Twilio signs them, with ``RequestValidator``, for
the public URL (``PUBLIC_URL`` + path + query), and sent to wherever the server
really listens.
"""

from __future__ import annotations

import asyncio
import http.server
import itertools
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic
from twilio.request_validator import RequestValidator

PUBLIC_URL = "https://bot.example.test"
AUTH_TOKEN = "test-token-5f1c9a7e0b2d4c68"
SMS_PATH = "/webhooks/twilio/webhook"
VOICE_PATH = "/webhooks/twilio_voice/webhook"
CALLER = "+8613800138000"
OUR_NUMBER = "+8657112333"


def new_sid(prefix: str) -> str:
    """A Sid as Twilio makes them: two letters and 32 hex digits (``SM…``, ``CA…``)."""
    return prefix + uuid.uuid4().hex


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


@dataclass
class Answer:
    status: int
    body: str
    content_type: str

    def xml(self) -> ET.Element:
        assert self.content_type.startswith("text/xml"), self.content_type
        root = ET.fromstring(self.body.encode())
        assert root.tag == "Response"
        return root


def post_twilio(
    base_url: str,
    path: str,
    params: dict[str, str],
    *,
    query: str = "",
    token: str = AUTH_TOKEN,
    public_url: str = PUBLIC_URL,
    signed_path: str | None = None,
    sign: bool = True,
    forged: str | None = None,
) -> Answer:
    """POST ``params`` as Twilio would, signed for ``public_url`` + ``signed_path``."""
    suffix = f"?{query}" if query else ""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sign:
        signed_url = public_url + (signed_path or path) + suffix
        headers["X-Twilio-Signature"] = forged or signature(signed_url, params, token)
    request = urllib.request.Request(
        base_url + path + suffix,
        data=urllib.parse.urlencode(params).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return Answer(resp.status, resp.read().decode(), resp.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read().decode(), exc.headers.get("Content-Type", ""))


def get(url: str) -> Answer:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return Answer(resp.status, resp.read().decode(), resp.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read().decode(), exc.headers.get("Content-Type", ""))


def messages_of(root: ET.Element) -> list[str]:
    """The bodies of the ``<Message>`` verbs of an SMS reply."""
    assert all(child.tag == "Message" for child in root), [c.tag for c in root]
    return [child.text or "" for child in root]


def action_of(root: ET.Element) -> tuple[str, str]:
    """The path and query of the URL a voice reply tells Twilio to call next."""
    verb = root.find("Gather")
    if verb is None:
        verb = root.find("Dial")
    assert verb is not None, ET.tostring(root)
    url = urllib.parse.urlsplit(verb.get("action") or "")
    return url.path, url.query


def says(element: ET.Element) -> list[ET.Element]:
    return list(element.iter("Say"))


def spoken_text(element: ET.Element) -> str:
    return "".join(say.text or "" for say in says(element))


# -- an in-process server for channel tests without the model ----------------------

OnMessage = Callable[[UserMessage], Awaitable[Any]]
_app_names = itertools.count()


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@asynccontextmanager
async def serving(channels: list[InputChannel], on_message: OnMessage) -> AsyncIterator[str]:
    """Mount the channels' blueprints as Rasa does and serve them on a free port."""
    # Sanic rewrites its protocol class when an app starts; in test mode it does so
    # from the original each time, so that several apps can start in one process.
    Sanic.test_mode = True
    app = Sanic(f"twilio_channel_test_{next(_app_names)}")
    for channel in channels:
        app.blueprint(channel.blueprint(on_message), url_prefix=f"/webhooks/{channel.url_prefix()}")
    sock = free_socket()
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    assert server is not None  # create_server has already started listening
    await server.startup()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()
        sock.close()


class FakeBot:
    """Answers like the bot would, from a table ``text → messages``; records what it got."""

    def __init__(self, answers: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self.answers = answers or {}
        self.received: list[UserMessage] = []
        self.fail = False

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.fail:
            raise RuntimeError("the bot broke")
        for reply in self.answers.get(message.text or "", [{"text": f"你说的是：{message.text}"}]):
            channel = message.output_channel
            if "custom" in reply:
                await channel.send_custom_json(message.sender_id, reply["custom"])
            elif "buttons" in reply:
                await channel.send_text_with_buttons(
                    message.sender_id, reply["text"], reply["buttons"]
                )
            else:
                await channel.send_text_message(message.sender_id, reply["text"])


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def apost(*args: Any, **kwargs: Any) -> Answer:
    """:func:`post_twilio` from async code, off the loop that runs the server."""
    return await asyncio.to_thread(post_twilio, *args, **kwargs)


async def aget(url: str) -> Answer:
    return await asyncio.to_thread(get, url)


# -- a local stand-in for Twilio's REST API (outbound SMS never leaves the machine) ----


class FakeTwilioApi:
    """A real HTTP server that accepts ``POST …/Messages.json`` like Twilio's API.

    ``fail`` answers with Twilio's error shape instead; ``sent`` holds the forms
    of the messages it accepted.
    """

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []
        self.fail = False
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if api.fail or not self.path.endswith("/Messages.json"):
                    self._reply(400, {"code": 21211, "message": "invalid 'To'", "status": 400})
                    return
                api.sent.append(form)
                self._reply(201, {"sid": f"SM{len(api.sent):032d}", "status": "queued", **form})

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeTwilioApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
