"""CPU of loading and saving a tracker, with Rasa's event look-up and with ours (issue 15).

Plays one 20-turn conversation against the embedded stack to get real events (the
NLU's parse data included), then stores 40 copies of it in a fresh SQLite tracker
store and times, per turn, a load of one conversation and the save of a 5-event turn,
first with Rasa 3.6.21's ``Event.resolve_by_type`` and then with
:func:`bot.rasa_patches.resolve_event_type`. Both use the bot's tracker store
(``bot.stores``), so the difference is the event look-up alone.

    PYTHONPATH=. .venv/bin/python scripts/bench_tracker_store.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_patches
from bot.stores import ErasingSQLTrackerStore
from scripts.servers import running_bot_server, running_portal

TURNS = [
    "你好", "网上办事怎么开通", "个人", "填错了怎么改", "怎么查办事进度", "电话是多少",
    "可以批量处理吗", "怎么修改密码", "我要转人工", "/deny", "修改后还能再提交吗",
    "提交了怎么还没结果", "网上办事的网址", "登录以后怎么办事", "谢谢", "网上办事的流程是什么",
    "要带什么材料", "事业单位", "在哪办", "好的",
]  # fmt: skip
SENDER = "bench-tracker"
CONVERSATIONS = 40
#: The events a turn adds, taken from the end of the recorded conversation.
TURN_EVENTS = 5


async def play(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for text in TURNS:
            async with http.post(
                f"{url}/webhooks/rest/webhook", json={"sender": SENDER, "message": text}
            ) as resp:
                resp.raise_for_status()


def recorded_events(workdir: Path) -> list[dict[str, Any]]:
    (workdir / "portal").mkdir()
    (workdir / "bot").mkdir()
    with (
        running_portal(workdir / "portal") as portal_url,
        running_bot_server(workdir / "bot", credentials=None, PORTAL_URL=portal_url) as bot,
    ):
        asyncio.run(play(bot.url))
        database_url = bot.env["DATABASE_URL"]
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT data FROM events WHERE sender_id LIKE :s ORDER BY id"),
            {"s": f"%{SENDER}"},
        ).all()
    engine.dispose()
    return [json.loads(row[0]) for row in rows]


async def measure(events: list[dict[str, Any]], db: Path, rounds: int) -> tuple[float, float]:
    domain = Domain.load("domain.yml")
    store = ErasingSQLTrackerStore(domain=domain, host=f"sqlite:///{db}")
    stored, added = events[:-TURN_EVENTS], events[-TURN_EVENTS:]
    for n in range(CONVERSATIONS):
        await store.save(DialogueStateTracker.from_dict(f"c{n}", stored, domain.slots))
    load = save = 0.0
    for n in range(rounds):
        started = time.process_time()
        tracker = await store.retrieve(f"c{n % CONVERSATIONS}")
        loaded = time.process_time()
        assert tracker is not None
        for event in added:
            tracker.update(Event.from_parameters(event))
        await store.save(tracker)
        load += loaded - started
        save += time.process_time() - loaded
    store.engine.dispose()
    return load / rounds * 1000, save / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        events = recorded_events(Path(tmp))
        print(f"one conversation: {len(TURNS)} turns, {len(events)} events")
        for name, resolve in (
            ("Rasa's Event.resolve_by_type", rasa_patches._rasa_resolve_by_type),
            ("rasa_patches.resolve_event_type", rasa_patches.resolve_event_type),
        ):
            Event.resolve_by_type = staticmethod(resolve)  # type: ignore[method-assign, assignment]
            db = Path(tmp) / f"{resolve.__name__}.db"
            load, save = asyncio.run(measure(events, db, args.rounds))
            print(f"{name}: load {load:.2f} ms CPU, save of {TURN_EVENTS} events {save:.2f} ms CPU")


if __name__ == "__main__":
    main()
