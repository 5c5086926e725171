"""The CPU of a lone NLU parse and of one prediction of the next action, with Rasa's
graph runner, TensorFlow call and RulePolicy passes and with ours
(bot/rasa_patches.py, issue 15).

One process loads the model once; the two ways alternate round by round (A/B/A/B),
since other work shares the cores, and the report gives each figure's median over
the rounds. CPU is the process's (all threads: TensorFlow's pool counts).

    PYTHONPATH=. .venv/bin/python scripts/bench_turn_parts.py --rounds 5
    PYTHONPATH=. .venv/bin/python scripts/bench_turn_parts.py --model models/<older>.tar.gz
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.core.agent import Agent  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage  # noqa: E402
from rasa.core.policies.rule_policy import RulePolicy  # noqa: E402
from rasa.engine.runner.dask import DaskGraphRunner  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402
from rasa.utils.log_utils import configure_structlog  # noqa: E402
from rasa.utils.tensorflow.models import RasaModel  # noqa: E402

from bot import rasa_patches  # noqa: E402
from scripts.bench_load import FAQ  # noqa: E402
from scripts.servers import latest_model  # noqa: E402

#: Nothing listens there: every action these conversations run is answered in-process.
NO_ACTION_SERVER = "http://127.0.0.1:9/webhook"
CONVERSATION_TURNS = (5, 20)


def rasas_way() -> None:
    DaskGraphRunner.run = rasa_patches._rasa_graph_run  # type: ignore[method-assign]
    RasaModel._rasa_predict = rasa_patches._rasa_model_predict  # type: ignore[method-assign]
    Domain.is_empty = _rasa_is_empty  # type: ignore[method-assign]
    RulePolicy._find_action_from_rules = rasa_patches._rasa_find_action_from_rules  # type: ignore[method-assign]


def our_way() -> None:
    DaskGraphRunner.run = rasa_patches.run_graph_in_order  # type: ignore[method-assign]
    RasaModel._rasa_predict = rasa_patches.predict_with_graph_function  # type: ignore[method-assign]
    Domain.is_empty = rasa_patches.domain_is_empty  # type: ignore[method-assign]
    RulePolicy._find_action_from_rules = rasa_patches.find_action_from_rules  # type: ignore[method-assign]


_rasa_is_empty = Domain.is_empty
WAYS: dict[str, Callable[[], None]] = {"rasa": rasas_way, "ours": our_way}


def cpu_ms(work: Callable[[], object], repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        work()
    return 1000 * (time.process_time() - started) / repeat


async def conversation(agent: Agent, turns: int) -> DialogueStateTracker:
    sender = f"parts-{turns}"
    for n in range(turns):
        message = UserMessage(FAQ[n % len(FAQ)], CollectingOutputChannel(), sender_id=sender)
        await agent.handle_message(message)
    tracker = await agent.tracker_store.retrieve(sender)
    assert tracker is not None
    # Up to the latest user message: the prediction that starts a turn.
    events = list(tracker.events)
    last = max(n for n, event in enumerate(events) if isinstance(event, UserUttered))
    return DialogueStateTracker.from_events(sender, events[: last + 1], agent.domain.slots)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=100, help="calls per figure and round")
    args = parser.parse_args()
    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    rasa_patches.apply()
    model = args.model or latest_model()
    agent = Agent.load(str(model), action_endpoint=EndpointConfig(NO_ACTION_SERVER))
    processor = agent.processor
    assert processor is not None
    trackers = {turns: asyncio.run(conversation(agent, turns)) for turns in CONVERSATION_TURNS}
    empty = DialogueStateTracker.from_events("parts", [])
    texts = iter(FAQ * (args.rounds * args.repeat * 2 + 10))

    def parse() -> None:
        processor._parse_message_with_graph(UserMessage(next(texts)), empty, True)

    figures: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for way, install in WAYS.items():
            install()
            parse()  # the first call after a switch may trace or warm up
            figures.setdefault((way, "lone NLU parse"), []).append(cpu_ms(parse, args.repeat))
            for turns, tracker in trackers.items():
                label = f"first action of turn {turns} ({len(tracker.events)} events)"
                figures.setdefault((way, label), []).append(
                    cpu_ms(lambda t=tracker: processor.predict_next_with_tracker(t), args.repeat)
                )
    our_way()
    labels = list(dict.fromkeys(label for _, label in figures))
    print(f"model {model.name}, {args.rounds} rounds of {args.repeat} calls; CPU ms per call,")
    print("median over the rounds (each round's in brackets)\n")
    print("| | " + " | ".join(WAYS) + " |")
    print("|---|" + "---|" * len(WAYS))
    for label in labels:
        cells = []
        for way in WAYS:
            values = figures[(way, label)]
            rounds = ", ".join(f"{v:.2f}" for v in values)
            cells.append(f"{statistics.median(values):.2f} ({rounds})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
