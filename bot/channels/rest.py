"""The REST channel at /webhooks/rest/webhook, hardened.

Rasa's own RestInput answers a body that is not JSON with a 500, stores whatever
metadata a client sends, and returns an empty list when the bot fails. This one
answers every request with JSON and always with something to show the user.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import conversation_id, usable_client_secret, user_message
from bot.channels.responses import response_texts
from bot.channels.turn import ChannelCollector, guarded_turn, services, with_apology
from bot.handoff.replies import ReplyStore
from bot.login.store import LoginStore
from bot.observability import instrumented
from bot.once import InvalidMessageId, client_message_id
from bot.ratelimit import Limits, RateLimiter, client_address
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_SENDER_ID_CHARS = 128
#: The answer over the per-address limit, in the channel's own reply format.
SLOW_DOWN_RESPONSE = "utter_channel_slow_down"
SLOW_DOWN = response_texts([SLOW_DOWN_RESPONSE])[SLOW_DOWN_RESPONSE]


def request_json(request: Request) -> dict[str, Any]:
    """The JSON object in the body, or an empty one for anything else."""
    try:
        body = request.json
    except Exception:  # sanic raises InvalidUsage for malformed JSON
        return {}
    return body if isinstance(body, dict) else {}


#: The header in which a client sends its own secret; logins bind to it.
CLIENT_SECRET_HEADER = "X-Client-Secret"


class RestInput(InputChannel):
    """POST {"sender": "...", "message": "..."} → the bot's replies as a JSON list.

    A client that wants to log in sends a long random secret of its own (at least
    32 characters) in the ``X-Client-Secret`` header with every message. The
    conversation is ``rest:<sender>``: a REST sender can never name a conversation
    of another channel.

    A client may name each message with a ``message_id`` of its own (1 to 64 letters,
    digits or ``_.:-``) and send it again under the same id when it got no answer:
    a message whose turn was stored is answered from it, not run twice (:mod:`bot.once`).
    """

    def __init__(
        self,
        settings: Settings,
        store: LoginStore | None = None,
        *,
        limits: Limits | None = None,
        limiter: RateLimiter | None = None,
        replies: ReplyStore | None = None,
    ) -> None:
        self.settings = settings
        #: The agents' replies to this client's tickets come with its next turn (issue 13).
        self.replies = replies
        self.store = store or LoginStore(settings.database_url, settings.secret_key)
        self.limits = limits or Limits(enabled=settings.rate_limits)
        self.limiter = limiter or RateLimiter()

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        shared = services()
        return cls(
            shared.settings,
            shared.login_store,
            limits=shared.limits,
            limiter=shared.limiter,
            replies=shared.reply_store,
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = instrumented(on_new_message, self.name())
        hook = Blueprint("hardened_rest_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request_json(request)
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender.strip():
                return response.json(
                    {"error": "a non-empty string 'sender' is required"}, status=400
                )
            try:
                message_id = client_message_id(body.get("message_id"))
            except InvalidMessageId as invalid:
                return response.json({"error": str(invalid)}, status=400)
            sender = conversation_id(self.name(), sender.strip()[:MAX_SENDER_ID_CHARS])
            address = client_address(request)
            if self.limits.enabled and not await self.limiter.hit(
                self.limits.rest_per_address, "rest", address
            ):
                return response.json([{"recipient_id": sender, "text": SLOW_DOWN}], status=429)
            collector = ChannelCollector(self.name())
            message = user_message(
                body.get("message"),
                collector,
                sender,
                channel=self.name(),
                secret_key=self.settings.secret_key,
                client_secret=usable_client_secret(request.headers.get(CLIENT_SECRET_HEADER)),
                client_address=address,
                message_id=message_id,
            )
            turn = await guarded_turn(
                self.store, message, on_new_message, who=sender, replies=self.replies
            )
            # After a login the waiting replies already hold the list a user's
            # "查进度" would get again; the same reply twice in one answer is noise.
            answer = with_apology(collector.messages, sender)
            return response.json(turn.waiting + [m for m in answer if m not in turn.waiting])

        return hook
