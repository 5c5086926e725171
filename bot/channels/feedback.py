"""Citizens' verdicts on the bot's answers: ``POST /webhooks/feedback/`` on the Rasa server.

The web page's 有帮助 / 没帮助 buttons and its "这次是否帮您省了一个 12333 电话？"
question, and REST clients, post here; the operators' console reads the verdicts
(:mod:`bot.feedback`). A verdict takes no message and starts no turn, so this is
an input channel of its own rather than a message to the bot.

Nobody may judge another person's conversation. The conversation is never taken
from the request as such: the web page proves it with the secret its session id is
derived from (:func:`bot.channels.web.session_id_for`), and a REST client names its
sender and sends the same ``X-Client-Secret`` as with its messages, whose keyed hash
must be the one stored with that conversation's messages. Requests are rate
limited per address.

Body (JSON): ``{"client_secret": "…"}`` (web) or ``{"sender": "…"}`` (REST),
``"helpful": true|false`` and/or ``"saved_call": true|false``, and optionally
``"response"``, the name of the answer judged (``utter_faq/…``), or ``"text"``, the
answer's text as the page shows it; without either the latest answer is judged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import client_binding, conversation_id, usable_client_secret
from bot.channels.rest import CLIENT_SECRET_HEADER, MAX_SENDER_ID_CHARS, request_json
from bot.channels.turn import services
from bot.channels.web import client_secret_from, session_id_for
from bot.contract import CLIENT_BINDING_KEY, REST
from bot.db import engine_for
from bot.feedback import FeedbackStore, Verdict
from bot.ratelimit import RateLimiter, client_address
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: A person clicks a few buttons a conversation; a script clicks thousands.
FEEDBACK_PER_ADDRESS = "60/minute"
#: Events of a conversation read to find the answer judged and the client's binding.
RECENT_EVENTS = 400

_events = sa.table(
    "events",
    sa.column("id"),
    sa.column("sender_id"),
    sa.column("type_name"),
    sa.column("timestamp"),
    sa.column("data"),
)


class FeedbackRefused(ValueError):
    """The request does not prove its conversation, or judges nothing."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Answer:
    """The bot's answer a verdict is about."""

    response: str | None
    intent: str | None
    timestamp: float


def _loads(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def recent_events(
    engine: sa.engine.Engine, conversation: str
) -> list[tuple[str, float, dict[str, Any]]]:
    """The conversation's last user and bot events, newest first (read only)."""
    query = (
        sa.select(_events.c.type_name, _events.c.timestamp, _events.c.data)
        .where(_events.c.sender_id == conversation)
        .where(_events.c.type_name.in_(["user", "bot"]))
        .order_by(_events.c.id.desc())
        .limit(RECENT_EVENTS)
    )
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("events"):
            return []
        return [(r.type_name, float(r.timestamp or 0), _loads(r.data)) for r in conn.execute(query)]


def bound_to(events: list[tuple[str, float, dict[str, Any]]], binding: str) -> bool:
    """Whether the conversation's messages came from the client with ``binding``."""
    for kind, _, data in events:
        if kind == "user":
            metadata = data.get("metadata") or {}
            if isinstance(metadata, dict) and metadata.get(CLIENT_BINDING_KEY) == binding:
                return True
    return False


def answer_judged(
    events: list[tuple[str, float, dict[str, Any]]],
    response_name: str | None,
    text: str | None = None,
) -> Answer | None:
    """The latest bot answer (named ``response_name``, or saying ``text``, if given)
    and its turn's intent. The web page knows an answer by its text only."""
    for n, (kind, ts, data) in enumerate(events):
        if kind != "bot":
            continue
        metadata = data.get("metadata") or {}
        utter = metadata.get("utter_action") if isinstance(metadata, dict) else None
        if response_name and utter != response_name:
            continue
        if text and data.get("text") != text:
            continue
        intent = next(
            (
                ((d.get("parse_data") or {}).get("intent") or {}).get("name")
                for k, _, d in events[n + 1 :]
                if k == "user"
            ),
            None,
        )
        return Answer(utter if isinstance(utter, str) else None, intent, ts)
    return None


class FeedbackInput(InputChannel):
    """``POST /webhooks/feedback/``: a verdict on an answer of the caller's own conversation."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: FeedbackStore | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or FeedbackStore(settings.database_url)
        self.limiter = limiter or RateLimiter()
        self.engine = engine_for(settings.database_url)

    @classmethod
    def name(cls) -> str:
        return "feedback"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> FeedbackInput:
        shared = services()
        return cls(shared.settings, limiter=shared.limiter)

    def conversation(self, request: Request, body: dict[str, Any]) -> tuple[str, str, str | None]:
        """The caller's conversation, its channel, and the binding to check (REST)."""
        web_secret = client_secret_from(body)
        if web_secret:
            return session_id_for(self.settings.secret_key, web_secret), "web", None
        sender = body.get("sender")
        secret = usable_client_secret(request.headers.get(CLIENT_SECRET_HEADER))
        if isinstance(sender, str) and sender.strip() and secret:
            conv = conversation_id(REST, sender.strip()[:MAX_SENDER_ID_CHARS])
            return conv, "rest", client_binding(self.settings.secret_key, REST, secret)
        raise FeedbackRefused(
            403, "a client_secret (web) or a sender and X-Client-Secret (REST) is required"
        )

    async def verdicts(self, request: Request, body: dict[str, Any]) -> list[Verdict]:
        conv, channel, binding = self.conversation(request, body)
        wanted = {k: body[k] for k in ("helpful", "saved_call") if isinstance(body.get(k), bool)}
        if not wanted:
            raise FeedbackRefused(400, "helpful or saved_call (true or false) is required")
        name = body.get("response") if isinstance(body.get("response"), str) else None
        events = await asyncio.to_thread(recent_events, self.engine, conv)
        if binding is not None and not bound_to(events, binding):
            raise FeedbackRefused(403, "this client has no such conversation")
        found: list[Verdict] = []
        if "helpful" in wanted:
            said = body.get("text") if isinstance(body.get("text"), str) else None
            answer = answer_judged(events, name, said)
            if answer is None:
                raise FeedbackRefused(404, "no answer to judge in this conversation")
            found.append(
                Verdict(
                    conv,
                    channel,
                    "helpful",
                    wanted["helpful"],
                    answer.response,
                    answer.intent,
                    answer.timestamp,
                )
            )
        if "saved_call" in wanted:
            if not events:
                raise FeedbackRefused(404, "no such conversation")
            found.append(Verdict(conv, channel, "saved_call", wanted["saved_call"]))
        return found

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("citizen_feedback", __name__)

        @hook.route("/", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.settings.rate_limits and not await self.limiter.hit(
                FEEDBACK_PER_ADDRESS, "feedback", client_address(request)
            ):
                return response.json({"error": "too many requests"}, status=429)
            try:
                verdicts = await self.verdicts(request, request_json(request))
                for verdict in verdicts:
                    await self.store.record(verdict)
            except FeedbackRefused as exc:
                return response.json({"error": exc.reason}, status=exc.status)
            except Exception:
                logger.exception("feedback: could not store a verdict")
                return response.json({"error": "not stored"}, status=500)
            return response.json(
                {"stored": [{"kind": v.kind, "response": v.response} for v in verdicts]}
            )

        return hook


__all__ = ["FeedbackInput", "FeedbackRefused"]
