"""Operators' endpoints on the Rasa server: ``/healthz``, ``/readyz`` and ``/metrics``.

An input channel is the one place where our code gets the Rasa server's Sanic app, so
this "channel" takes no messages: its blueprint mounts three routes at the app root.

- ``GET /healthz``: liveness, the process answers.
- ``GET /readyz``: 200 when the model is loaded and the database, the portal and (with
  ``REDIS_URL``) Redis answer; otherwise 503 and a JSON body naming what is not ready.
- ``GET /metrics``: Prometheus text format (see :mod:`bot.observability`).

None of them should be public: ``deploy/nginx.conf`` refuses them, and Prometheus and
probes reach each server on its own port.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import heap, observability, rasa_patches
from bot.channels.turn import services
from bot.handoff.outbox import Outbox
from bot.logs import redact_payload_lines, use_json_everywhere
from bot.settings import Settings


class OpsBlueprint(Blueprint):
    """A blueprint whose routes go on the app itself, outside /webhooks/ops."""

    def __init__(self, ops: OpsInput) -> None:
        super().__init__("ops_endpoints")
        self.ctx.ops = ops

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, options)
        self.ctx.ops.mount(app)


class OpsInput(InputChannel):
    """Liveness, readiness and metrics of the Rasa server (credentials.yml: no options)."""

    @classmethod
    def name(cls) -> str:
        return "ops"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> OpsInput:
        # Also done by the first channel's services (bot.channels.turn); idempotent.
        rasa_patches.apply()
        # Rasa quotes a user's unparsable "/…" text in a warning; never in our logs.
        redact_payload_lines()
        return cls(services().settings)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.probes = observability.Probes(settings)
        self.outbox = Outbox.from_settings(settings)
        self.outbox_ready = False
        observability.count_fallbacks()
        if settings.log_format == "json":
            # jieba adds its own console handler when imported, which the model load
            # would do after this; importing it now lets that handler be made JSON too.
            import jieba  # noqa: F401

            # Rasa has installed coloredlogs over --logging-config-file by now.
            use_json_everywhere()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return OpsBlueprint(self)

    def mount(self, app: Sanic) -> None:
        app.add_route(self.healthz, "/healthz", methods=["GET"], name="ops_healthz")
        app.add_route(self.readyz, "/readyz", methods=["GET"], name="ops_readyz")
        app.add_route(self.metrics, "/metrics", methods=["GET"], name="ops_metrics")
        app.register_listener(self.close, "after_server_stop")
        # Turns counted from their request's arrival, shed under overload (issue 15).
        rasa_patches.watch_turns(app)
        # The model loaded at start-up, out of the collector's walks (issue 15).
        heap.freeze_after_start(app)
        if self.settings.log_format == "json":
            # Sanic gave its loggers handlers of their own when Rasa created the app.
            use_json_everywhere()

    async def healthz(self, _: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    async def readyz(self, request: Request) -> HTTPResponse:
        agent = getattr(request.app.ctx, "agent", None)
        model = "ok" if agent is not None and agent.is_ready() else "model not loaded"
        ready, body = await self.probes.run({"model": model})
        return response.json(body, status=200 if ready else 503)

    async def metrics(self, _: Request) -> HTTPResponse:
        if not self.outbox_ready:
            # The worker creates the table at start; a bot started before any worker
            # would otherwise report the outbox as unreadable.
            with contextlib.suppress(Exception):
                await self.outbox.create_schema()
                self.outbox_ready = True
        extra = await observability.handoff_families(self.outbox)
        return response.raw(
            observability.render_metrics(extra), content_type=observability.METRICS_CONTENT_TYPE
        )

    async def close(self, *_: Any) -> None:
        self.probes.close()
        await self.outbox.close()
