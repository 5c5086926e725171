"""Every sentence a user sees is a response of domain.yml, never a literal in actions/.

Allowed: log calls, docstrings, and :mod:`actions.words` (words the actions read
users' messages with, and labels for the agents' mail). The responses the actions
name must exist, and the values an action passes must fill every placeholder.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from tests.inline_sentences import literals_shown_to_users

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ROOT / "actions"
#: The one module allowed Chinese literals, by name.
EXEMPT = {ACTIONS / "words.py"}
#: Rasa's placeholder syntax (rasa/core/nlg/interpolator.py).
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")
#: Keywords of utter_message that are not template values.
NOT_VALUES = {"response", "buttons", "json_message", "text", "image", "attachment", "elements"}

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES: dict[str, list[dict]] = DOMAIN["responses"]
SLOTS = set(DOMAIN["slots"])


def modules() -> list[Path]:
    return sorted(ACTIONS.glob("*.py"))


def trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in modules()]


def test_no_chinese_literal_outside_the_word_lists() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:30]!r}"
        for path, tree in trees()
        if path not in EXEMPT
        for line, text in literals_shown_to_users(tree)
    ]
    assert not found, "move these to domain.yml as responses:\n" + "\n".join(found)


def test_the_check_sees_an_inline_sentence() -> None:
    tree = ast.parse(
        'def run(d):\n    """说明。"""\n    logger.info("日志")\n    d.utter_message(text="您好")\n'
    )
    assert [text for _, text in literals_shown_to_users(tree)] == ["您好"]


def test_no_utter_message_passes_text() -> None:
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "utter_message"
        and any(k.arg == "text" for k in node.keywords)
    ]
    assert not calls


def named_responses() -> list[tuple[str, str, set[str] | None]]:
    """(where, response, values passed) of each literal response an action sends or reads.

    ``None`` as values: passed through ``**`` as well, so not known statically.
    """
    found = []
    for path, tree in trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name: str | None = None
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "utter_message":
                keyword = next((k for k in node.keywords if k.arg == "response"), None)
                if keyword and isinstance(keyword.value, ast.Constant):
                    name = keyword.value.value
            elif (
                isinstance(func, ast.Name) and func.id in ("piece", "button") and len(node.args) > 1
            ):
                if isinstance(node.args[1], ast.Constant):
                    name = node.args[1].value
            if not isinstance(name, str):
                continue
            values: set[str] | None = {k.arg for k in node.keywords if k.arg} - NOT_VALUES
            if any(k.arg is None for k in node.keywords):
                values = None
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", name, values))
    return found


def test_every_response_an_action_names_is_in_the_domain() -> None:
    from actions.handoff import LEADS, QUOTA_RESPONSES
    from actions.login import OUTCOME_RESPONSES
    from actions.topics import APPLICANT_BUTTONS, APPLICANT_TYPES, TOPIC_TITLES, TYPE_DEPENDENT

    names = {name for _, name, _ in named_responses()}
    names |= set(TOPIC_TITLES.values()) | {b["title"] for b in APPLICANT_BUTTONS}
    names |= {f"utter_handoff_lead_{reason}" for reason in LEADS}
    names |= set(QUOTA_RESPONSES.values()) | set(OUTCOME_RESPONSES.values())
    names |= {f"utter_faq/{topic}" for topic in TOPIC_TITLES}
    names |= {f"utter_ask_applicant_type_{topic}" for topic in TYPE_DEPENDENT}
    names |= {f"utter_{t}_{a}" for t in TYPE_DEPENDENT for a in APPLICANT_TYPES}
    assert names - set(RESPONSES) == set()


@pytest.mark.parametrize(
    ("where", "name", "values"),
    [r for r in named_responses() if r[2] is not None],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_placeholder_is_filled(where: str, name: str, values: set[str]) -> None:
    wanted = {
        placeholder
        for variation in RESPONSES[name]
        for placeholder in PLACEHOLDER.findall(variation.get("text", ""))
    }
    assert wanted - SLOTS - values == set(), f"{where} sends {name} without them"
