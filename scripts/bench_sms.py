"""Latency of the Twilio SMS webhook: signed requests into the real bot, timed end to end.

Starts an action server and a Rasa server with the newest model exactly as the
tests do (``scripts.servers.running_bot``), sends signed SMS webhooks the way
Twilio does, and reports the median and 95th percentile of the time from
sending the request to having the whole TwiML answer. Requests are sequential
by default (``--concurrency 1``): the figure is the latency one user sees, not
the throughput of the machine.

    PYTHONPATH=. .venv/bin/python scripts/bench_sms.py            # 200 requests
    PYTHONPATH=. .venv/bin/python scripts/bench_sms.py -n 500 -c 4

Writes var/bench/sms.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.servers import latest_model, running_bot  # noqa: E402

PUBLIC_URL = "https://bot.example.test"
AUTH_TOKEN = "bench-token-3b8e6c1d"
PATH = "/webhooks/twilio/webhook"
WARM_UP = 5
REQUEST_TIMEOUT = 60
#: What users send, in the order a conversation might go: questions, menu digits, keywords.
MESSAGES = [
    "你好",
    "1",
    "开通网上办事要带什么材料",
    "个人",
    "密码忘了怎么办",
    "3",
    "网上办事的流程是怎样的",
    "怎么查办事进度",
    "数据填错了怎么改",
    "帮助",
    "网址是多少",
    "谢谢",
]
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.twilio_sms.TwilioSmsInput:
"""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with ``share`` of all at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


async def send(
    session: aiohttp.ClientSession, base_url: str, validator: RequestValidator, n: int, phone: str
) -> tuple[float, int, bool]:
    form = {
        "MessageSid": f"SM{n:032d}",
        "From": phone,
        "To": "+8657112333",
        "Body": MESSAGES[n % len(MESSAGES)],
    }
    headers = {
        "X-Twilio-Signature": validator.compute_signature(PUBLIC_URL + PATH, form),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    async with session.post(base_url + PATH, data=urlencode(form), headers=headers) as resp:
        body = await resp.read()
    elapsed = time.perf_counter() - started
    answered = resp.status == 200 and ET.fromstring(body).find("Message") is not None
    return elapsed, resp.status, answered


async def run(base_url: str, total: int, concurrency: int, phones: int) -> dict[str, object]:
    validator = RequestValidator(AUTH_TOKEN)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for n in range(WARM_UP):
            await send(session, base_url, validator, n, "+8613300000000")
        numbers = itertools.count()
        results: list[tuple[float, int, bool]] = []

        async def worker() -> None:
            while (n := next(numbers)) < total:
                phone = f"+86135{n % phones:08d}"
                results.append(await send(session, base_url, validator, n, phone))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    latencies = [r[0] * 1000 for r in results]
    return {
        "latencies": latencies,
        "wall": wall,
        "non_200": sum(1 for r in results if r[1] != 200),
        "unanswered": sum(1 for r in results if not r[2]),
    }


def report(args: argparse.Namespace, result: dict[str, object], model: str) -> str:
    latencies: list[float] = result["latencies"]  # type: ignore[assignment]
    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    mode = "sequential" if args.concurrency == 1 else f"{args.concurrency} concurrent"
    command = "PYTHONPATH=. .venv/bin/python scripts/bench_sms.py"
    if args.requests != 200 or args.concurrency != 1:
        command += f" -n {args.requests} -c {args.concurrency}"
    return "\n".join(
        [
            "# Twilio SMS webhook latency",
            "",
            f"- measured: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, model `{model}`",
            f"- machine: {os.cpu_count()} cores ({platform.machine()}), "
            f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}, shared with other work",
            f"- command: `{command}`",
            f"- {len(latencies)} signed SMS webhooks ({mode}) after {WARM_UP} warm-up requests, "
            f"{args.phones} phones, messages cycling through {len(MESSAGES)} realistic texts; "
            "time from sending the request to the whole TwiML answer, through the real "
            "Rasa server, NLU model, action server and SQLite state",
            "",
            "| median | p95 | mean | max | throughput | non-200 | without a Message |",
            "|---|---|---|---|---|---|---|",
            f"| {median:.0f} ms | {p95:.0f} ms | {statistics.fmean(latencies):.0f} ms "
            f"| {max(latencies):.0f} ms | {len(latencies) / result['wall']:.1f} req/s "  # type: ignore[operator]
            f"| {result['non_200']} | {result['unanswered']} |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("-c", "--concurrency", type=int, default=1)
    parser.add_argument("--phones", type=int, default=20, help="distinct senders")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "sms.md")
    args = parser.parse_args()

    model = latest_model().name
    with tempfile.TemporaryDirectory(prefix="bench-sms-") as tmp:
        workdir = Path(tmp)
        credentials = workdir / "credentials.yml"
        credentials.write_text(CREDENTIALS, encoding="utf-8")
        print(f"starting the bot with {model} …", flush=True)
        with running_bot(
            workdir,
            credentials=credentials,
            PUBLIC_URL=PUBLIC_URL,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        ) as base_url:
            result = asyncio.run(run(base_url, args.requests, args.concurrency, args.phones))
    text = report(args, result, model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
