"""What installs with the assistant, and what only developers need (issue 11)."""

from __future__ import annotations

import ast
from pathlib import Path

import tomli as tomllib  # Python 3.10 has no tomllib; tomli is pinned (mypy, pytest)

ROOT = Path(__file__).resolve().parent.parent.parent
DEV_TOOLS = {
    "pytest",
    "pytest-asyncio",
    "hypothesis",
    "schemathesis",
    "ruff",
    "mypy",
    "playwright",
    "import-linter",
}


def names(requirements: list[str]) -> set[str]:
    return {r.split("==")[0].split(">")[0].split("<")[0].strip().lower() for r in requirements}


def test_development_tools_are_an_extra_not_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not names(project["dependencies"]) & DEV_TOOLS
    assert DEV_TOOLS <= names(project["optional-dependencies"]["dev"])


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_production_code_imports_no_benchmark_helper_nor_test_tool() -> None:
    offenders = []
    for package in ("bot", "actions", "portal_client", "portal_sandbox"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name in {"bench.py", "testing.py"}:
                continue  # the benchmark and test helpers themselves
            for module in imported_modules(path):
                top = module.split(".")[0]
                if top in {"tests", "pytest", "hypothesis", "playwright"} or module.endswith(
                    ".bench"
                ):
                    offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert not offenders, offenders


def test_scripts_never_import_the_tests() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "scripts").glob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] == "tests"
    ]
    assert not offenders, offenders
