"""What the garbage collector walks in a long-running server (issue 15).

A Rasa server holds the model, TensorFlow and Rasa's graph for as long as it runs:
millions of objects in CPython's oldest generation. Every so often the collector walks
that generation whole, and with this heap each walk took 230–460 ms on the 2-core
machine (``gc.callbacks`` in the Rasa server during `make bench` at 20 users, 12 walks
in two minutes): a pause for every turn in flight, which is where the FAQ turn's p95
went. The heap left after start-up is frozen (``gc.freeze``) so the walks skip it;
what turns allocate is collected as before. The cost is that a cycle among the
start-up objects that becomes garbage later is never freed; start-up builds the model
and its caches, which live as long as the process.

``hz12333_gc_frozen_objects`` says how much was frozen, and
``hz12333_gc_pause_seconds`` times every collection by generation, so an operator sees
the pauses come back if something loaded later grows the old generation.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import Any

from prometheus_client import Gauge, Histogram
from sanic import Sanic

logger = logging.getLogger(__name__)

#: Collections of the young generations take well under a millisecond; a walk of the
#: whole heap before freezing took hundreds.
PAUSE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)

FROZEN = Gauge(
    "hz12333_gc_frozen_objects",
    "Objects moved out of the garbage collector's walks after start-up (gc.freeze).",
)
PAUSES = Histogram(
    "hz12333_gc_pause_seconds",
    "Garbage collections of this process, by generation (2 walks the whole unfrozen heap).",
    ["generation"],
    buckets=PAUSE_BUCKETS,
)

_started: list[float] = []


def _time_collection(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started:
        PAUSES.labels(str(info["generation"])).observe(time.perf_counter() - _started[0])


def freeze_startup_heap() -> int:
    """Collect what start-up left as garbage, then freeze the rest; returns its size."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    FROZEN.set(frozen)
    if _time_collection not in gc.callbacks:
        gc.callbacks.append(_time_collection)
    return frozen


def freeze_after_start(app: Sanic) -> None:
    """Freeze the heap once ``app`` has started (Rasa loads its model before that)."""

    async def freeze(_app: Sanic, _loop: Any) -> None:
        logger.info("froze %d objects loaded at start-up", freeze_startup_heap())

    app.register_listener(freeze, "after_server_start")
