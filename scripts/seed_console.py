"""Seed a tracker database with many conversations, for the console's page-load measurement.

    .venv/bin/python scripts/seed_console.py --database-url sqlite:///var/seed/bot.db --conversations 10000

Events are made with Rasa's own event classes and stored as its SQLTrackerStore
stores them (one ``events`` row per event: type, timestamp, intent or action name
and ``event.as_dict()`` as JSON), in bulk, so ten thousand conversations take
seconds rather than the minutes ``SQLTrackerStore.save`` would. Feedback rows are
written in bulk into :mod:`bot.feedback`'s table, as its store writes them. Never
point it at a real database.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered  # noqa: E402

from bot.db import create_tables  # noqa: E402
from bot.feedback import Verdict, feedback_table, metadata  # noqa: E402

CHANNELS = (("web", 0.5), ("rest", 0.15), ("sms", 0.2), ("voice", 0.15))
ANSWERED = [
    ("密码忘了怎么办", "faq", "faq/password_lost"),
    ("网上办事的网址是多少", "faq", "faq/website"),
    ("怎么查办事进度", "faq", "faq/check_progress"),
    ("需要准备哪些材料", "faq", "faq/documents"),
    ("你好", "greet", None),
    ("谢谢", "thank", None),
]
UNANSWERED = [
    "公积金怎么提取",
    "公积金如何取出来",
    "医保报销比例是多少",
    "医保怎么报销",
    "社保卡丢了怎么补办",
    "社保卡挂失",
    "退休金什么时候发",
    "养老金调整了吗",
    "失业金怎么领",
    "人才补贴怎么申请",
]
INSERT_BATCH = 5000


def rows_for(sender: str, events: list[Event]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        data = event.as_dict()
        rows.append(
            {
                "sender_id": sender,
                "type_name": event.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
                "action_name": data.get("name"),
                "data": json.dumps(data),
            }
        )
    return rows


def user(text: str, ts: float, intent: str, confidence: float, guess: str | None) -> UserUttered:
    parse: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
    }
    if guess:
        parse["response_selector"] = {
            "faq": {"response": {"intent_response_key": guess, "confidence": confidence}}
        }
    return UserUttered(text, intent=parse["intent"], parse_data=parse, timestamp=ts)


def conversation(rng: random.Random, start: float) -> tuple[list[Event], list[tuple[float, str]]]:
    """One conversation's events, and the answers in it (timestamp, response) to judge."""
    events: list[Event] = [ActionExecuted("action_session_start", timestamp=start)]
    answers = []
    ts = start
    for _ in range(rng.randint(1, 5)):
        ts += rng.uniform(5, 60)
        latency = rng.lognormvariate(-0.7, 0.5)
        if rng.random() < 0.2:
            text = rng.choice(UNANSWERED)
            events += [
                user(text, ts, "nlu_fallback", rng.uniform(0.1, 0.44), None),
                ActionExecuted("action_fallback", timestamp=ts + latency / 2),
                BotUttered(
                    "抱歉，我没有理解。", {}, {"utter_action": "utter_fallback"}, ts + latency
                ),
            ]
        else:
            text, intent, guess = rng.choice(ANSWERED)
            response = f"utter_{guess}" if guess else f"utter_{intent}"
            events += [
                user(text, ts, intent, rng.uniform(0.7, 1.0), guess),
                ActionExecuted(
                    "action_answer_faq" if guess else response, timestamp=ts + latency / 2
                ),
                BotUttered("……", {}, {"utter_action": response}, ts + latency),
            ]
            if guess:
                answers.append((ts + latency, response))
        events.append(ActionExecuted("action_listen", timestamp=ts + latency + 0.01))
    if rng.random() < 0.08:
        ts += 30
        events += [
            user("我要转人工", ts, "request_human", 0.99, None),
            ActionExecuted("action_submit_handoff", timestamp=ts + 0.5),
            BotUttered("已为您转人工。", {}, {"utter_action": "utter_handoff_done"}, ts + 0.6),
        ]
    return events, answers


def seed(database_url: str, count: int, days: int, seed_value: int) -> None:
    rng = random.Random(seed_value)
    tracker_store = SQLTrackerStore(domain=Domain.empty(), host=database_url)
    events_table = tracker_store.SQLEvent.__table__
    verdicts: list[tuple[Verdict, float]] = []
    pending: list[dict[str, Any]] = []
    now = time.time()
    names, weights = zip(*CHANNELS, strict=True)
    with tracker_store.engine.begin() as conn:
        for n in range(count):
            channel = rng.choices(names, weights)[0]
            sender = f"{channel}:seed{n:06d}{rng.getrandbits(32):08x}"
            events, answers = conversation(rng, now - rng.uniform(0, days * 86400))
            pending += rows_for(sender, events)
            for at, response in answers:
                if rng.random() < 0.3:
                    verdict = Verdict(
                        sender, channel, "helpful", rng.random() < 0.75, response, "faq", at
                    )
                    verdicts.append((verdict, at + 5))
            if rng.random() < 0.15:
                saved = Verdict(sender, channel, "saved_call", rng.random() < 0.6)
                verdicts.append((saved, float(events[-1].timestamp) + 5))
            if len(pending) >= INSERT_BATCH:
                conn.execute(sa.insert(events_table), pending)
                pending = []
        if pending:
            conn.execute(sa.insert(events_table), pending)
    create_tables(metadata, tracker_store.engine)
    with tracker_store.engine.begin() as conn:
        conn.execute(
            sa.insert(feedback_table),
            [
                {**asdict(v), "created_at": datetime.fromtimestamp(at, timezone.utc)}
                for v, at in verdicts
            ],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    seed(args.database_url, args.conversations, args.days, args.seed)
    print(f"seeded {args.conversations} conversations in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
