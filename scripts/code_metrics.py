"""Figures about the code's shape, for issue notes: run before and after a refactor.

    PYTHONPATH=. .venv/bin/python scripts/code_metrics.py

- lines in ``actions/`` (every line of every ``.py`` file);
- inline sentences: string literals in ``actions/`` holding Chinese text, outside
  logging calls (every sentence a user sees belongs in the domain's responses);
- database engines one Rasa server process creates: the channels of
  ``credentials.yml`` are built the way ``rasa run`` builds them, with the tracker
  store of ``endpoints.yml``, while ``sqlalchemy.create_engine`` is counted.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words the actions read users' messages with, not sentences shown to them.
WORD_LISTS = {"words.py"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def action_lines() -> int:
    return sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "actions").glob("*.py")
    )


def inline_sentences() -> list[tuple[str, int, str]]:
    """(file, line, text) of each Chinese string literal outside a log call or docstring."""
    found = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        if path.name in WORD_LISTS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in LOG_METHODS:
                    skip.update(id(n) for n in ast.walk(node))
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                body = getattr(node, "body", [])
                if (
                    body
                    and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant)
                ):
                    skip.add(id(body[0].value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and CJK.search(node.value)
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


def utter_calls(root: Path = ROOT) -> tuple[int, int]:
    """(all ``utter_message`` calls in ``actions/``, those that pass ``text=``)."""
    total = inline = 0
    for path in sorted((root / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "utter_message"
            ):
                total += 1
                inline += any(k.arg == "text" for k in node.keywords)
    return total, inline


def rasa_engines() -> int:
    """Engines created while Rasa's server builds our channels and the tracker store."""
    import sqlalchemy

    count = 0
    real = sqlalchemy.create_engine

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        return real(*args, **kwargs)

    sqlalchemy.create_engine = counting  # type: ignore[assignment]
    import sqlalchemy.engine

    sqlalchemy.engine.create_engine = counting  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bot.db")
        os.environ.setdefault("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
        os.environ.setdefault("REDIS_URL", "")
        os.environ.setdefault("ACTION_SERVER_TOKEN", "metrics-only-" + "x" * 32)
        from rasa.core.run import create_http_input_channels
        from rasa.core.tracker_store import TrackerStore
        from rasa.shared.core.domain import Domain
        from rasa.utils.endpoints import read_endpoint_config

        channels = create_http_input_channels(None, str(ROOT / "credentials.yml"))
        from sanic import Sanic

        app = Sanic("count_engines")
        for channel in channels:
            channel.blueprint(lambda message: None)  # type: ignore[arg-type, return-value]
        store_config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
        store = TrackerStore.create(store_config, Domain.empty())
        del app, store
        # Engines made lazily on first use count too: touch what a first turn touches.
        for channel in channels:
            for attr in ("store", "login_store", "outbox", "probes"):
                target = getattr(channel, attr, None)
                engine = getattr(target, "engine", None)
                _ = engine
    return count


def main() -> int:
    sentences = inline_sentences()
    total, inline = utter_calls()
    print(f"lines in actions/: {action_lines()}")
    print(f"utter_message calls in actions/: {total}, with an inline text=: {inline}")
    print(
        "Chinese string literals in actions/ outside log calls, docstrings and "
        f"the word lists ({', '.join(sorted(WORD_LISTS))}): {len(sentences)}"
    )
    if "-v" in sys.argv:
        for path, line, text in sentences:
            print(f"  {path}:{line}: {text[:40]!r}")
    print(f"database engines in one Rasa server process: {rasa_engines()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
