"""The REST channel at /webhooks/rest/webhook, hardened.

Rasa's own RestInput answers a body that is not JSON with a 500, stores whatever
metadata a client sends, and returns an empty list when the bot fails. This one
answers every request with JSON and always with something to show the user.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import APOLOGY, CLIENT_BINDING_KEY, user_message
from bot.login.store import LoginStore
from bot.observability import instrumented
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_SENDER_ID_CHARS = 128


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

    A client that wants to log in sends a long random secret of its own in the
    ``X-Client-Secret`` header with every message.
    """

    def __init__(self, settings: Settings, store: LoginStore | None = None) -> None:
        self.settings = settings
        self.store = store or LoginStore(settings.database_url, settings.secret_key)

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        return cls(Settings.from_env())

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
            sender = sender.strip()[:MAX_SENDER_ID_CHARS]
            collector = CollectingOutputChannel()
            message = user_message(
                body.get("message"),
                collector,
                sender,
                channel=self.name(),
                secret_key=self.settings.secret_key,
                client_secret=request.headers.get(CLIENT_SECRET_HEADER),
            )
            binding = (message.metadata or {}).get(CLIENT_BINDING_KEY)
            waiting = await self.store.take_deferred(sender, binding)
            try:
                await on_new_message(message)
            except Exception:
                # Logged without the text: it may hold personal data.
                logger.exception("rest: the bot failed on a message from %s", sender)
            if not collector.messages:
                collector.messages.append({"recipient_id": sender, "text": APOLOGY})
            # After a login the waiting replies already hold the list a user's
            # "查进度" would get again; the same reply twice in one answer is noise.
            fresh = [m for m in collector.messages if m not in waiting]
            return response.json(waiting + fresh)

        return hook
