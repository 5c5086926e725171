"""NLU parses in batches (bot/rasa_patches.py, issue 15): before and after, on one machine.

Starts the embedded Rasa server (``scripts.servers``) once per mode and round, and
plays ``--users`` clients sending back to back, without pauses:

- **parse**: the NLU alone, on the benchmark's parse channel
  (scripts/bench_parse_channel.py);
- **faq**: FAQ turns over the REST channel, each client in a conversation of its own
  that it starts afresh every 10 turns, as ``make bench``'s FAQ capacity phase; a
  client whose turn is shed (bot/overload.py) waits the second its 503 asks for.

Each phase follows a warm-up of the same kind (``--warm-up`` seconds, longer than the
overload admission's 5 s rate window, which sheds above 10 turns in flight until then).

Modes, chosen per server by a benchmark-only channel listed after the ops channel
(which applies the patches) and before the model loads:

- ``rasa``: Rasa's own parse, one message per graph run, on the event loop (before);
- ``thread1``: one message per graph run, in the NLU thread (the thread alone);
- ``inline``: batches, run on the event loop;
- ``thread``: batches in the NLU thread (what ``rasa_patches.apply`` installs).

The modes alternate within each round (A/B/A/B), since other work shares the cores;
the report gives each figure's median over the rounds, with the Rasa server's CPU
(from /proc) per request, which other load on the machine moves less than throughput.

    PYTHONPATH=. .venv/bin/python scripts/bench_nlu_batch.py --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.core.channels.channel import InputChannel  # noqa: E402

from bot.overload import RETRY_AFTER_SECONDS  # noqa: E402
from scripts.bench_load import BENCH_ENV, BUSY, FAQ, bench_credentials  # noqa: E402
from scripts.servers import running_bot_server  # noqa: E402

MODES = ("rasa", "thread1", "inline", "thread")
#: Requests of a client that start after the phase's end are not sent; slower ones end it.
REQUEST_TIMEOUT = 30.0
TURNS_PER_CONVERSATION = 10
CLK_TCK = os.sysconf("SC_CLK_TCK")


class NLUMode(InputChannel):
    """Benchmark-only: sets how this Rasa server parses (credentials: ``mode: ...``)."""

    @classmethod
    def name(cls) -> str:
        return "bench_nlu_mode"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> NLUMode:
        from rasa.core.processor import MessageProcessor
        from rasa.nlu.classifiers.diet_classifier import DIETClassifier
        from rasa.nlu.selectors.response_selector import ResponseSelector

        from bot import rasa_patches

        mode = (credentials or {}).get("mode", "thread")
        if mode == "rasa":
            MessageProcessor.parse_message = rasa_patches._rasa_parse_message  # type: ignore[method-assign]
            DIETClassifier._predict = rasa_patches._rasa_predict  # type: ignore[method-assign]
            DIETClassifier.process = rasa_patches._rasa_diet_process  # type: ignore[method-assign]
            ResponseSelector.process = rasa_patches._rasa_selector_process  # type: ignore[method-assign]
        elif mode == "thread1":
            rasa_patches.MAX_NLU_BATCH = 1
        elif mode == "inline":

            async def on_the_loop(self: rasa_patches.ParseBatcher, batch: list) -> list:
                return self.run(batch)

            rasa_patches.ParseBatcher.run_off_loop = on_the_loop  # type: ignore[method-assign]
        return cls()

    def blueprint(self, on_new_message: Any) -> Any:
        from sanic import Blueprint

        return Blueprint("bench_nlu_mode", __name__)


def credentials_for(workdir: Path, mode: str) -> Path:
    path = bench_credentials(workdir)
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nscripts.bench_nlu_batch.NLUMode:\n  mode: {mode}\n",
        encoding="utf-8",
    )
    return path


def cpu_seconds(pid: int) -> float:
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


@dataclass
class Result:
    mode: str
    kind: str
    answered: int
    shed: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    cpu_s: float
    #: Messages per NLU graph run (0 where the mode does not count them: ``rasa``).
    batch_mean: float

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds

    def quantile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def cpu_ms_per_answer(self) -> float:
        return 1000 * self.cpu_s / max(1, self.answered + self.shed)


async def batch_counts(http: aiohttp.ClientSession, url: str) -> tuple[float, float]:
    """The server's ``hz12333_nlu_batch_messages`` histogram: (sum, count)."""
    async with http.get(f"{url}/metrics") as resp:
        text = await resp.text()
    found = {"sum": 0.0, "count": 0.0}
    for line in text.splitlines():
        for key in found:
            if line.startswith(f"hz12333_nlu_batch_messages_{key} "):
                found[key] = float(line.split()[1])
    return found["sum"], found["count"]


async def phase(url: str, pid: int, mode: str, kind: str, users: int, seconds: float) -> Result:
    latencies: list[float] = []
    counts = {"shed": 0, "errors": 0}
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        end = time.monotonic() + seconds

        async def client(n: int) -> None:
            turn = 0
            while time.monotonic() < end:
                text = FAQ[(n + turn) % len(FAQ)]
                started = time.monotonic()
                try:
                    if kind == "parse":
                        async with http.post(
                            f"{url}/webhooks/bench_parse/webhook", json={"text": text}
                        ) as resp:
                            ok = resp.status == 200 and bool((await resp.json()).get("intent"))
                            shed = False
                    else:
                        sender = f"nb-{mode}-{n}-{turn // TURNS_PER_CONVERSATION}-{time.time_ns()}"
                        if turn % TURNS_PER_CONVERSATION:
                            sender = client_sender[n]
                        client_sender[n] = sender
                        async with http.post(
                            f"{url}/webhooks/rest/webhook",
                            json={"sender": sender, "message": text},
                        ) as resp:
                            replies = await resp.json() if resp.status in (200, 503) else []
                            body = "".join(r.get("text") or "" for r in replies)
                            shed = BUSY in body
                            ok = bool(body) and not shed
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    ok, shed = False, False
                if ok:
                    latencies.append((time.monotonic() - started) * 1000)
                elif shed:
                    counts["shed"] += 1
                    await asyncio.sleep(RETRY_AFTER_SECONDS)  # as the 503 asks
                else:
                    counts["errors"] += 1
                turn += 1

        client_sender = [""] * users
        batched_before = await batch_counts(http, url)
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        await asyncio.gather(*(client(n) for n in range(users)))
        elapsed, cpu = time.monotonic() - started, cpu_seconds(pid) - cpu_before
        batched = [
            a - b for a, b in zip(await batch_counts(http, url), batched_before, strict=True)
        ]
    return Result(
        mode,
        kind,
        len(latencies),
        counts["shed"],
        counts["errors"],
        elapsed,
        latencies,
        cpu,
        batch_mean=batched[0] / batched[1] if batched[1] else 0.0,
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_mode(mode: str, users: int, seconds: float, warm_up: float) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix=f"bench-nlu-{mode}-") as tmp:
        workdir = Path(tmp)
        credentials = credentials_for(workdir, mode)
        with running_bot_server(workdir, credentials=credentials, **BENCH_ENV) as server:
            results = []
            for kind in ("parse", "faq"):
                asyncio.run(phase(server.url, server.rasa.pid, mode, kind, users, warm_up))
                result = asyncio.run(phase(server.url, server.rasa.pid, mode, kind, users, seconds))
                print(
                    f"{mode:8} {kind:5} {result.per_second:6.1f}/s "
                    f"p50 {result.quantile(0.5):6.0f} ms p95 {result.quantile(0.95):6.0f} ms "
                    f"CPU {result.cpu_ms_per_answer:5.1f} ms/req batch {result.batch_mean:4.1f} "
                    f"shed {result.shed} "
                    f"errors {result.errors} (load {load_average()})",
                    flush=True,
                )
                results.append(result)
            return results


def report(results: list[Result], modes: list[str], args: argparse.Namespace) -> str:
    lines = [
        f"NLU batching, {args.users} clients back to back, {args.seconds:.0f} s a phase, "
        f"{args.rounds} round(s) of {', '.join(modes)}; medians over the rounds.",
        "",
        "| mode | kind | answered/s (each round) | p50 ms | p95 ms | Rasa CPU ms per request "
        "| messages per NLU run | shed | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in ("parse", "faq"):
        for mode in modes:
            rows = [r for r in results if r.mode == mode and r.kind == kind]
            if not rows:
                continue
            med = statistics.median
            lines.append(
                f"| {mode} | {kind} | {med(r.per_second for r in rows):.1f} "
                f"({', '.join(f'{r.per_second:.0f}' for r in rows)}) "
                f"| {med(r.quantile(0.5) for r in rows):.0f} "
                f"| {med(r.quantile(0.95) for r in rows):.0f} "
                f"| {med(r.cpu_ms_per_answer for r in rows):.1f} "
                f"| {med(r.batch_mean for r in rows):.1f} "
                f"| {sum(r.shed for r in rows)} | {sum(r.errors for r in rows)} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warm-up", type=float, default=8.0)
    args = parser.parse_args()
    results: list[Result] = []
    for round_ in range(args.rounds):
        print(f"-- round {round_ + 1}", flush=True)
        for mode in args.modes:
            results += run_mode(mode, args.users, args.seconds, args.warm_up)
    print()
    print(report(results, args.modes, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
