"""Latency of a progress-look-up turn through the REST channel, after a real login.

Starts the portal sandbox, the action server and the Rasa server the way the tests
do, logs in as demo-person through the login page, then sends ``--turns`` progress
questions one after another and prints the median and p95. Writes var/bench/progress.md.

    PYTHONPATH=. .venv/bin/python scripts/bench_progress.py --turns 200
"""

from __future__ import annotations

import argparse
import asyncio
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.servers import running_bot, running_portal  # noqa: E402

#: One turn that takes longer than this counts as an error, not a latency.
TURN_TIMEOUT = 30.0


#: Turns per conversation: a real conversation is short, and a long one makes every
#: turn slower (the tracker is loaded and counted whole), which would skew the figure.
TURNS_PER_CONVERSATION = 10


async def measure(bot_url: str, turns: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    while len(latencies) + errors < turns:
        more = min(TURNS_PER_CONVERSATION, turns - len(latencies) - errors)
        got, failed = await conversation(bot_url, more)
        latencies += got
        errors += failed
    return latencies, errors


async def conversation(bot_url: str, turns: int) -> tuple[list[float], int]:
    sender, secret = f"bench-{secrets.token_hex(6)}", secrets.token_hex(16)
    headers = {"X-Client-Secret": secret}
    webhook = f"{bot_url}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:

        async def say(text: str) -> list[dict]:
            async with session.post(webhook, json={"sender": sender, "message": text}) as resp:
                resp.raise_for_status()
                return await resp.json()

        replies = await say("查我的办事进度")
        url = next(
            r["custom"]["url"] for r in replies if (r.get("custom") or {}).get("type") == "login"
        )
        async with session.post(
            url, data={"username": "demo-person", "password": "Demo-2026"}
        ) as r:
            page = await r.text()
            assert r.status == 200, page
        code = re.search(r'id="confirm-code">(\d{6})<', page)
        assert code, page
        await say(code.group(1))  # links the login; the replies it left come with this one
        latencies: list[float] = []
        errors = 0
        for _ in range(turns):
            started = time.perf_counter()
            try:
                replies = await say("查我的办事进度")
            except (aiohttp.ClientError, asyncio.TimeoutError):
                errors += 1
                continue
            elapsed = time.perf_counter() - started
            if not any("HZ2026" in (r.get("text") or "") for r in replies):
                errors += 1
                continue
            latencies.append(elapsed * 1000)
    return latencies, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with (
            running_portal(workdir) as portal_url,
            running_bot(workdir, PORTAL_URL=portal_url, RATE_LIMITS="off") as bot,
        ):
            latencies, errors = asyncio.run(measure(bot, args.turns))
    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    lines = [
        "# Progress-look-up turn latency (REST channel, logged in, sequential)",
        "",
        f"Command: `PYTHONPATH=. .venv/bin/python scripts/bench_progress.py --turns {args.turns}`",
        "",
        "| turns | errors | median | p95 | max |",
        "|---|---|---|---|---|",
        f"| {len(latencies)} | {errors} | {median:.1f} ms | {p95:.1f} ms | {latencies[-1]:.1f} ms |",
        "",
    ]
    out = ROOT / "var" / "bench" / "progress.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
