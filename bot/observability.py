"""Metrics and health checks shared by the Rasa server, the action server and the worker.

Metrics live in prometheus-client's default registry, one per process, and every
process serves its own ``/metrics``:

- Rasa server (:mod:`bot.channels.ops`): ``hz12333_turns_total``,
  ``hz12333_turn_failures_total`` and ``hz12333_turn_duration_seconds`` by channel
  (:func:`instrumented`), ``hz12333_fallbacks_total`` by kind (:func:`count_fallbacks`),
  and ``hz12333_handoffs`` by outbox state, read at scrape time;
- action server (``python -m actions``): ``hz12333_portal_errors_total`` by error class
  and ``hz12333_portal_call_duration_seconds`` by outcome (:func:`portal_call`);
- outbox worker (``--http-port``): ``hz12333_handoffs`` by state.

Readiness (:class:`Probes`) means: the database answers ``SELECT 1``, the portal answers
``GET /healthz``, Redis answers PING when ``REDIS_URL`` is set; the Rasa server adds
"the model is loaded".

Rasa is imported lazily here: the action server and the worker import this module too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import aiohttp
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text

from bot.db import engine_for
from bot.logs import conversation

if TYPE_CHECKING:
    from rasa.core.channels.channel import UserMessage

    from bot.handoff.outbox import Outbox
    from bot.settings import Settings

log = logging.getLogger(__name__)

METRICS_CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
#: A probe's whole check (connect and query) gives up after this many seconds; load
#: balancers and orchestrators probe every few seconds and must not pile up.
PROBE_TIMEOUT = 3.0
PORTAL_PROBE_TIMEOUT = 2.0
#: The bot promises an answer within 6 s; the portal deadline in a turn is 4.5 s.
TURN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.5, 6.0, 10.0, 30.0)
PORTAL_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.5, 10.0)
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTION = "action_fallback"
HANDOFF_STATES = ("queued", "sending", "sent", "failed")

TURNS = Counter("hz12333_turns_total", "User turns the Rasa server handled.", ["channel"])
TURN_FAILURES = Counter(
    "hz12333_turn_failures_total",
    "Turns in which Rasa raised instead of answering (the user got the apology).",
    ["channel"],
)
TURN_LATENCY = Histogram(
    "hz12333_turn_duration_seconds",
    "Time from a user message to the bot's last reply, actions included.",
    ["channel"],
    buckets=TURN_BUCKETS,
)
FALLBACKS = Counter(
    "hz12333_fallbacks_total",
    "Fallbacks: nlu_fallback (not understood) and action_fallback (the fallback action ran).",
    ["kind"],
)
PORTAL_ERRORS = Counter(
    "hz12333_portal_errors_total",
    "Portal calls that failed, by error class (portal_client's PortalError tree).",
    ["error"],
)
PORTAL_LATENCY = Histogram(
    "hz12333_portal_call_duration_seconds",
    "Time of one portal call made by an action, under the turn's deadline.",
    ["outcome"],
    buckets=PORTAL_BUCKETS,
)

# -- turns -----------------------------------------------------------------------


def instrumented(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], channel: str
) -> Callable[[UserMessage], Awaitable[Any]]:
    """``on_new_message`` that counts and times each turn and tags its log lines."""

    async def handle(message: UserMessage) -> Any:
        started = time.perf_counter()
        try:
            with conversation(message.sender_id):
                return await on_new_message(message)
        except BaseException:
            TURN_FAILURES.labels(channel).inc()
            raise
        finally:
            TURNS.labels(channel).inc()
            TURN_LATENCY.labels(channel).observe(time.perf_counter() - started)

    return handle


_fallback_hook_installed = False


def count_fallbacks() -> None:
    """Count fallbacks as the SQL tracker store writes their events.

    A hook on the store's ``events`` rows sees every turn of every channel, including
    the rules that run ``action_fallback``, without a custom tracker store, event
    broker or change to ``endpoints.yml``. Idempotent.
    """
    global _fallback_hook_installed
    if _fallback_hook_installed:
        return
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy import event

    def after_insert(_mapper: Any, _connection: Any, row: Any) -> None:
        if row.type_name == "user" and row.intent_name == FALLBACK_INTENT:
            FALLBACKS.labels(FALLBACK_INTENT).inc()
        elif row.type_name == "action" and row.action_name == FALLBACK_ACTION:
            FALLBACKS.labels(FALLBACK_ACTION).inc()

    event.listen(SQLTrackerStore.SQLEvent, "after_insert", after_insert)
    _fallback_hook_installed = True


# -- portal calls ------------------------------------------------------------------


@contextlib.contextmanager
def portal_call() -> Iterator[None]:
    """Time the portal call in the block and count it by error class when it fails."""
    started = time.perf_counter()
    try:
        yield
    except BaseException as exc:
        if not isinstance(exc, asyncio.CancelledError):
            PORTAL_ERRORS.labels(type(exc).__name__).inc()
        PORTAL_LATENCY.labels("error").observe(time.perf_counter() - started)
        raise
    PORTAL_LATENCY.labels("ok").observe(time.perf_counter() - started)


# -- exposition --------------------------------------------------------------------


class _Families(Collector):
    def __init__(self, families: Iterable[Any]) -> None:
        self.families = list(families)

    def collect(self) -> Iterable[Any]:
        return self.families


async def handoff_families(outbox: Outbox) -> list[GaugeMetricFamily]:
    """``hz12333_handoffs{state}`` from the outbox table now, and whether it could be read."""
    up = GaugeMetricFamily(
        "hz12333_handoff_outbox_up", "1 when the hand-off outbox table could be read."
    )
    try:
        counts = await asyncio.wait_for(outbox.counts(), PROBE_TIMEOUT)
    except Exception as exc:
        log.warning("metrics: could not count the hand-off outbox: %s", _describe(exc))
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    gauge = GaugeMetricFamily(
        "hz12333_handoffs", "Hand-off tickets in the outbox, by state.", labels=["state"]
    )
    for state in HANDOFF_STATES:
        gauge.add_metric([state], counts.get(state, 0))  # type: ignore[call-overload]
    return [up, gauge]


def render_metrics(extra: Iterable[Any] = ()) -> bytes:
    """This process's metrics in Prometheus text format, plus ``extra`` metric families."""
    body = generate_latest(REGISTRY)
    families = list(extra)
    if families:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Families(families))
        body += generate_latest(registry)
    return body


# -- readiness ---------------------------------------------------------------------


def _describe(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return f"no answer within {PROBE_TIMEOUT:g}s"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {detail}"[:200] if detail else type(exc).__name__


class Probes:
    """Readiness checks of one process, built once from the settings."""

    def __init__(self, settings: Settings, *, portal: bool = True) -> None:
        self.portal_url = settings.portal_url if portal else None
        self.redis_url = settings.redis_url
        # The process's engine for the database (bot.db): a probe that finds its pool
        # exhausted or its database down reports what the stores would meet.
        self.engine = engine_for(settings.database_url)

    def close(self) -> None:
        """Nothing to release: the engine is the process's, shared with the stores."""

    async def database(self) -> None:
        def select_one() -> None:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        await asyncio.wait_for(asyncio.to_thread(select_one), PROBE_TIMEOUT)

    async def portal(self) -> None:
        timeout = aiohttp.ClientTimeout(total=PORTAL_PROBE_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(f"{self.portal_url}/healthz") as resp:
                if resp.status != 200:
                    raise RuntimeError(f"GET /healthz answered {resp.status}")

    async def redis(self) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(
            self.redis_url or "",
            socket_timeout=PROBE_TIMEOUT,
            socket_connect_timeout=PROBE_TIMEOUT,
        )
        try:
            await asyncio.wait_for(client.ping(), PROBE_TIMEOUT)
        finally:
            await client.close()

    async def run(self, extra: dict[str, str] | None = None) -> tuple[bool, dict[str, Any]]:
        """``(ready, body)``: every check by name, "ok" or what went wrong."""
        named: dict[str, Callable[[], Awaitable[None]]] = {"database": self.database}
        if self.portal_url:
            named["portal"] = self.portal
        if self.redis_url:
            named["redis"] = self.redis
        outcomes = await asyncio.gather(
            *(check() for check in named.values()), return_exceptions=True
        )
        checks = dict(extra or {})
        for name, outcome in zip(named, outcomes, strict=True):
            checks[name] = _describe(outcome) if isinstance(outcome, BaseException) else "ok"
        failing = [name for name, state in checks.items() if state != "ok"]
        if failing:
            log.warning("not ready: %s", ", ".join(f"{n} ({checks[n]})" for n in failing))
        body: dict[str, Any] = {"status": "not ready" if failing else "ready", "checks": checks}
        if failing:
            body["not_ready"] = failing
        return not failing, body


# -- a small ops server for processes that have no HTTP server of their own ----------


@contextlib.asynccontextmanager
async def ops_http_server(
    settings: Settings, *, host: str, port: int, outbox: Outbox | None = None
) -> AsyncIterator[int]:
    """``/healthz``, ``/readyz`` (database) and ``/metrics`` on ``host:port``; yields the port."""
    from aiohttp import web

    probes = Probes(settings, portal=False)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        ready, body = await probes.run()
        return web.json_response(body, status=200 if ready else 503)

    async def metrics(_: web.Request) -> web.Response:
        extra = await handoff_families(outbox) if outbox is not None else []
        return web.Response(
            body=render_metrics(extra), headers={"Content-Type": METRICS_CONTENT_TYPE}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = int(runner.addresses[0][1])
    log.info("health and metrics on http://%s:%d/", host, bound)
    try:
        yield bound
    finally:
        await runner.cleanup()
        probes.close()
