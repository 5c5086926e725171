"""`python -m actions`: the action server, with the settings built once at start-up.

Besides rasa_sdk's ``/health``, ``/webhook`` and ``/actions`` it serves ``/healthz``
(liveness), ``/readyz`` (the database and the portal answer) and ``/metrics``
(portal errors and latency, see :mod:`bot.observability`).

rasa_sdk has no authentication, and a forged tracker posted to ``/webhook`` runs any
action with any slots, a hand-off mail included (issue 10, finding 11). So every
path but the probes needs ``Authorization: Bearer <ACTION_SERVER_TOKEN>``, which
endpoints.yml makes the Rasa server send, and the server listens on BIND_HOST
(127.0.0.1 unless configured otherwise).
"""

from __future__ import annotations

import hmac
import json
import logging
import zlib
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import runtime
from bot import heap, observability
from bot.logs import configure_logging, conversation_id, log_conversation_id
from bot.settings import Settings, SettingsError

logger = logging.getLogger(__name__)

#: Paths that answer without the token: probes and Prometheus, which reveal nothing
#: about a conversation and which operators reach on the server's own port.
OPEN_PATHS = frozenset({"/health", "/healthz", "/readyz", "/metrics"})
AUTH_SCHEME = "Bearer "


def authorized(request: Request, token: str) -> bool:
    """Whether ``request`` carries the shared token; compared in constant time."""
    header = request.headers.get("Authorization", "")
    if not header.startswith(AUTH_SCHEME):
        return False
    return hmac.compare_digest(header[len(AUTH_SCHEME) :].encode(), token.encode())


def sender_of(request: Request) -> str | None:
    """The conversation an action call is for, from its body."""
    if request.method != "POST" or request.path != "/webhook":
        return None
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            call = json.loads(zlib.decompress(request.body))
        else:
            call = request.json  # parsed once; the webhook reuses it
    except Exception:
        return None
    sender = call.get("sender_id") if isinstance(call, dict) else None
    return sender if isinstance(sender, str) else None


def create_app(settings: Settings) -> Sanic:
    """rasa_sdk's app for the ``actions`` package, with our operators' endpoints."""
    # Imported here, once logging is set up: importing it warns (sanic_cors).
    from rasa_sdk import endpoint

    app = endpoint.create_app("actions", cors_origins=None)
    probes = observability.Probes(settings)
    token = settings.action_token

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        # First of the middlewares: an unauthenticated call is never parsed nor run.
        if request.path in OPEN_PATHS or authorized(request, token):
            return None
        return response.json({"error": "unauthorized"}, status=401)

    @app.middleware("request")
    async def tag_conversation(request: Request) -> None:
        # Set on every request: a keep-alive connection serves many conversations in
        # one task, so a stale id would otherwise carry over.
        sender = sender_of(request)
        conversation_id.set(log_conversation_id(sender) if sender else None)

    @app.get("/healthz")
    async def healthz(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/readyz")
    async def readyz(_: Request) -> HTTPResponse:
        ready, body = await probes.run()
        return response.json(body, status=200 if ready else 503)

    @app.get("/metrics")
    async def metrics(_: Request) -> HTTPResponse:
        return response.raw(
            observability.render_metrics(), content_type=observability.METRICS_CONTENT_TYPE
        )

    @app.listener("after_server_stop")
    async def close(*_: Any) -> None:
        probes.close()

    # rasa_sdk and the actions' imports, out of the collector's walks (issue 15).
    heap.freeze_after_start(app)
    return app


def main() -> None:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        # One readable message and exit status 1, before any port is bound.
        raise SystemExit(f"action server not started: {exc}") from None
    configure_logging(settings.log_format)
    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    runtime.configure(settings)
    app = create_app(settings)
    # What rasa_sdk.endpoint.run does besides creating the app.
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    logger.info("action server on http://%s:%d", settings.bind_host, settings.actions_port)
    app.run(settings.bind_host, settings.actions_port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
