"""Every outcome a conversation set expects is one the bot can show.

A label no response can satisfy (a typo, a topic renamed) would make a step fail
for ever in `make bench-dialogue`, and read as the bot's error. Only the labels
and the login accounts are read here, never the user texts: the blind sets stay
blind to whoever runs this.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portal_sandbox.seed import DEMO_ACCOUNTS
from scripts.bench_dialogue import ERASED, satisfies

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted((ROOT / "tests" / "dialogue").glob("*_conversations.yml"))
#: Every response the domain holds: a label no subset of these satisfies is unknown.
RESPONSES = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"])
ACCOUNTS = {account.username for account in DEMO_ACCOUNTS}


def test_the_sets_are_found():
    assert len(SETS) >= 5


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_label_and_login_is_known(path: Path):
    conversations = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = []
    for number, conversation in enumerate(conversations, 1):
        assert conversation.get("steps"), f"conversation {number} has no steps"
        for step in conversation["steps"]:
            if "login" in step:
                if step["login"] not in ACCOUNTS:
                    unknown.append((number, f"login {step['login']}"))
                continue
            expect = step.get("expect")
            labels = expect if isinstance(expect, list) else [expect]
            for label in labels:
                said = RESPONSES | {ERASED}
                if not isinstance(label, str) or not satisfies(label, said):
                    unknown.append((number, label))
    assert unknown == []


def test_an_unknown_label_is_caught():
    said = RESPONSES | {ERASED}
    assert satisfies("faq/documents/enterprise", said)
    assert not satisfies("faq/documents/enterprize", said)
    assert not satisfies("handoff_tciket", said)


def test_conversations_no_stack_answered_are_told_apart_in_the_report(tmp_path: Path):
    from scripts.bench_dialogue import Result, report

    source = tmp_path / "dev_zz_conversations.yml"
    results = [
        Result("answered", "rest", 3, source=str(source)),
        Result("lost", "rest", 2, source=str(source), failed_at=1, unreached=True),
    ]
    text = report(results, tmp_path / "out", 1.0, [source])
    assert "1 not reached: no stack answered" in text
    assert "| 2 | 1 (50.0%) |" in text
