"""Throughput of the outbox: ``python -m bot.handoff.bench --mails 500``.

Everything is local and temporary: a capture relay on port 0, a SQLite outbox in a
temporary folder. It measures how fast tickets are enqueued, how fast workers drain
them through SMTP, and how the worker rides out a relay outage in real time, then
writes ``var/bench/outbox.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import platform
import socket
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.handoff.capture import read_messages, running_capture
from bot.handoff.case import HandoffCase, TranscriptEntry
from bot.handoff.contact import Contact
from bot.handoff.outbox import Outbox
from bot.handoff.worker import OutboxWorker, RetryPolicy
from bot.settings import PROJECT_ROOT, SmtpSettings

HANDOFF_FROM = "12333-bot@localhost"
HANDOFF_TO = "hz12333@hz.gov.cn"


def bench_case(number: int) -> HandoffCase:
    """A hand-off of realistic size: a dozen turns of conversation."""
    start = datetime.now(timezone.utc)
    transcript = [
        TranscriptEntry(
            start + timedelta(seconds=10 * turn),
            "user" if turn % 2 == 0 else "bot",
            f"第 {turn} 句：我的养老保险补缴申报被退回了，想请工作人员帮忙看看。",
        )
        for turn in range(12)
    ]
    return HandoffCase(
        category="审核结果有异议",
        reason="用户对审核结果有异议",
        channel="web",
        contact=Contact("phone", f"+86138{number:08d}"),
        description=f"补缴申报被退回（压测 {number}）",
        conversation_id=f"bench-{number}",
        transcript=transcript,
        bot_said=["审核未通过的申报可以修改后再次提交。"],
        applicant_type="个人",
    )


@dataclass
class Run:
    workers: int
    mails: int
    enqueue_seconds: float
    drain_seconds: float
    copies: int
    distinct: int

    @property
    def enqueue_rate(self) -> float:
        return self.mails / self.enqueue_seconds

    @property
    def send_rate(self) -> float:
        return self.mails / self.drain_seconds


@dataclass
class Outage:
    mails: int
    down_seconds: float
    recovered_seconds: float
    attempts: list[int]
    copies: int
    distinct: int


async def drain(worker: OutboxWorker) -> None:
    while await worker.run_once():
        pass


async def throughput(mails: int, workers: int, batch_size: int, root: Path) -> Run:
    url = f"sqlite:///{root / 'bot.db'}"
    async with running_capture(root / "mail") as capture:
        smtp = SmtpSettings(host=capture.host, port=capture.port)
        seed = Outbox(url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO)
        await seed.create_schema()
        cases = [bench_case(n) for n in range(mails)]
        started = time.perf_counter()
        for case in cases:
            await seed.enqueue(case)
        enqueued = time.perf_counter()
        pool = [
            OutboxWorker(
                Outbox(url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO),
                smtp,
                worker_id=f"bench-{n}",
                batch_size=batch_size,
            )
            for n in range(workers)
        ]
        began = time.perf_counter()
        await asyncio.gather(*(drain(worker) for worker in pool))
        drained = time.perf_counter()
        counts = await seed.counts()
        assert counts["sent"] == mails, counts
        for worker in pool:
            await worker.outbox.close()
        await seed.close()
    ids = Counter(str(message["Message-ID"]) for message in read_messages(root / "mail"))
    return Run(
        workers=workers,
        mails=mails,
        enqueue_seconds=enqueued - started,
        drain_seconds=drained - began,
        copies=sum(ids.values()),
        distinct=len(ids),
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def outage(mails: int, down_seconds: float, root: Path) -> Outage:
    """The relay refuses connections for ``down_seconds``, then comes back."""
    url = f"sqlite:///{root / 'bot.db'}"
    box = Outbox(url, handoff_from=HANDOFF_FROM, handoff_to=HANDOFF_TO)
    await box.create_schema()
    port = _free_port()
    worker = OutboxWorker(
        box,
        SmtpSettings(host="127.0.0.1", port=port),
        poll_interval=0.1,
        lease=timedelta(seconds=10),
        send_deadline=5,
        smtp_timeout=2,
        # The production schedule scaled down 100-fold, to fit a benchmark.
        retry=RetryPolicy(base=timedelta(seconds=0.3), cap=timedelta(seconds=36)),
    )
    for n in range(mails):
        await box.enqueue(bench_case(n))
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run_forever(stop))
    await asyncio.sleep(down_seconds)
    async with running_capture(root / "mail", port=port):
        back = time.perf_counter()
        while (await box.counts())["sent"] < mails:
            if time.perf_counter() - back > 120:
                raise RuntimeError("the outbox did not recover within 120 s")
            await asyncio.sleep(0.02)
        recovered = time.perf_counter() - back
        await asyncio.sleep(1.0)  # room for a duplicate to show up, if any
    stop.set()
    await running
    with sqlite3.connect(root / "bot.db") as conn:
        attempts = [row[0] for row in conn.execute("SELECT attempts FROM handoff_outbox")]
    await box.close()
    ids = Counter(str(message["Message-ID"]) for message in read_messages(root / "mail"))
    return Outage(
        mails=mails,
        down_seconds=down_seconds,
        recovered_seconds=recovered,
        attempts=attempts,
        copies=sum(ids.values()),
        distinct=len(ids),
    )


def report(runs: list[Run], down: Outage, batch_size: int) -> str:
    lines = [
        "# Hand-off outbox benchmark",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with "
        f"`python -m bot.handoff.bench`: Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version} (WAL), the local aiosmtpd capture on loopback, "
        f"batch size {batch_size}, one new SMTP connection per mail.",
        "",
        "## Throughput",
        "",
        "| workers | mails | enqueue (tickets/s) | delivery (mails/s) | files | distinct Message-IDs |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.workers} | {r.mails} | {r.enqueue_rate:.0f} | {r.send_rate:.0f} "
        f"| {r.copies} | {r.distinct} |"
        for r in runs
    ]
    lines += [
        "",
        "Enqueue is one committed transaction per ticket, as the bot does it;",
        "delivery counts from the first claim to the last `sent`.",
        "",
        "## Relay outage",
        "",
        f"{down.mails} tickets queued while the relay refused connections for "
        f"{down.down_seconds:.1f} s (backoff scaled down 100-fold: 0.3 s doubling).",
        "",
        "| relay down | all sent after it came back | attempts per ticket (min / median / max) "
        "| files received | distinct Message-IDs |",
        "|---:|---:|---:|---:|---:|",
        f"| {down.down_seconds:.1f} s | {down.recovered_seconds:.2f} s "
        f"| {min(down.attempts)} / {statistics.median(down.attempts):g} / {max(down.attempts)} "
        f"| {down.copies} | {down.distinct} |",
        "",
    ]
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> str:
    runs = []
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="outbox-bench-") as root:
            result = await throughput(args.mails, workers, args.batch, Path(root))
        runs.append(result)
        print(
            f"{workers} worker(s): {result.mails} mails, enqueue {result.enqueue_rate:.0f}/s, "
            f"delivery {result.send_rate:.0f} mails/s, {result.copies} files, "
            f"{result.distinct} distinct"
        )
    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as root:
        down = await outage(args.outage_mails, args.outage_seconds, Path(root))
    print(
        f"outage: relay down {down.down_seconds:.1f} s, all {down.mails} sent "
        f"{down.recovered_seconds:.2f} s after it came back, attempts "
        f"{min(down.attempts)}-{max(down.attempts)}, {down.copies} files, {down.distinct} distinct"
    )
    return report(runs, down, args.batch)


def main(argv: list[str] | None = None) -> int:
    """Measure the outbox and write the report."""
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.bench", description=__doc__)
    parser.add_argument("--mails", type=int, default=500, help="tickets per throughput run")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker counts to try"
    )
    parser.add_argument("--batch", type=int, default=10, help="mails claimed per poll")
    parser.add_argument("--outage-seconds", type=float, default=3.0)
    parser.add_argument("--outage-mails", type=int, default=20)
    parser.add_argument("--report", type=Path, default=PROJECT_ROOT / "var" / "bench" / "outbox.md")
    args = parser.parse_args(argv)
    # The outage run fails on purpose; its per-ticket warnings would drown the figures.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    text = asyncio.run(run(args))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
