"""The Chinese string literals a module would show users: what the two sentence guards share.

tests/actions/test_no_inline_sentences.py and tests/bot/test_no_inline_sentences.py
hold the actions and the bot's own modules to "every sentence a user sees is a
response of domain.yml".
"""

from __future__ import annotations

import ast
import re

CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def literals_shown_to_users(
    tree: ast.Module, allowed: set[str] = frozenset()
) -> list[tuple[int, str]]:
    """(line, text) of each Chinese string literal that is not a docstring, logged or allowed.

    ``allowed`` names module-level constants and functions whose literals are skipped.
    """
    skip: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_METHODS
        ):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in allowed:
            skip.update(id(n) for n in ast.walk(node))
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id in allowed for t in targets):
            skip.update(id(n) for n in ast.walk(node))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CJK.search(node.value)
    )
