"""A benchmark-only input channel: ``POST /webhooks/bench_parse/webhook`` runs the NLU alone.

`make bench` measures the floor of a turn in the same run as the turns themselves:
the NLU parse of a message on the same Rasa server, without tracker, lock, policies
or actions. Rasa's ``/model/parse`` would need ``--enable-api`` with a token, which
opens the whole HTTP API; this channel is listed only in the credentials file the
benchmark writes for its own servers, never in credentials.yml.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


class BenchParseInput(InputChannel):
    """POST {"text": "..."} → the NLU's intent for it."""

    @classmethod
    def name(cls) -> str:
        return "bench_parse"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("bench_parse_webhook", __name__)

        @hook.route("/webhook", methods=["POST"])
        async def parse(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            parsed = await request.app.ctx.agent.parse_message(str(body.get("text") or ""))
            return response.json({"intent": (parsed.get("intent") or {}).get("name")})

        return hook
