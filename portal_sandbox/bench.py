"""Latency of the progress query through ``portal_client`` against a local sandbox.

    python -m portal_sandbox.bench --calls 1000

Starts the sandbox on a free port over a temporary SQLite database, logs in as
``demo-company`` and runs the progress query (办事进度查询, first page of 10) ``--calls``
times, ``--concurrency`` at a time. Prints the median and p95 latency and writes
``var/bench/portal.md``. Timings belong here, never in pass/fail tests.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from portal_client import PortalClient
from portal_sandbox.seed import DEMO_PASSWORD
from portal_sandbox.settings import PROJECT_ROOT
from portal_sandbox.testing import running_sandbox

DEFAULT_OUTPUT = PROJECT_ROOT / "var" / "bench" / "portal.md"
WARMUP_CALLS = 20
BENCH_USER = "demo-company"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


async def measure(base_url: str, calls: int, concurrency: int) -> tuple[list[float], float]:
    """Per-call latencies in ms, and the wall time in s of the whole run."""
    latencies: list[float] = []
    async with PortalClient(base_url) as client:
        session = await client.login(BENCH_USER, DEMO_PASSWORD)
        for _ in range(WARMUP_CALLS):
            await client.list_submissions(session.token)
        remaining = calls

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                page = await client.list_submissions(session.token)
                latencies.append((time.perf_counter() - started) * 1000)
                assert page.items, "the demo company has submissions"

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, wall


def report(latencies: list[float], wall: float, *, calls: int, concurrency: int) -> str:
    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    p99 = percentile(latencies, 0.99)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "# Portal sandbox: progress-query latency",
            "",
            f"Measured {now} with `python -m portal_sandbox.bench --calls {calls}"
            f" --concurrency {concurrency}`.",
            "",
            f"{calls} calls of `GET /api/v1/submissions` (first page of 10) through "
            f"`portal_client`, as `{BENCH_USER}`, against the sandbox on 127.0.0.1 over a "
            "temporary SQLite database, in one process (client and server share the event "
            f"loop), after {WARMUP_CALLS} warm-up calls.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| median | {median:.2f} ms |",
            f"| p95 | {p95:.2f} ms |",
            f"| p99 | {p99:.2f} ms |",
            f"| mean | {statistics.fmean(latencies):.2f} ms |",
            f"| min / max | {min(latencies):.2f} / {max(latencies):.2f} ms |",
            f"| throughput | {calls / wall:.0f} calls/s |",
            "",
            f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}.",
            "",
        ]
    )


async def run(calls: int, concurrency: int, database_url: str) -> str:
    async with running_sandbox(database_url) as base_url:
        latencies, wall = await measure(base_url, calls, concurrency)
    return report(latencies, wall, calls=calls, concurrency=concurrency)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal_sandbox.bench", description=__doc__)
    parser.add_argument("--calls", type=int, default=1000, help="progress queries to time")
    parser.add_argument("--concurrency", type=int, default=1, help="calls in flight at once")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the report file")
    args = parser.parse_args(argv)
    if args.calls < 1 or args.concurrency < 1:
        parser.error("--calls and --concurrency must be at least 1")
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'portal.db'}"
        text = asyncio.run(run(args.calls, args.concurrency, database_url))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
