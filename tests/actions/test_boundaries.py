"""The action server process loads neither Rasa's core nor our local mail capture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import actions
for module in pkgutil.iter_modules(actions.__path__):
    importlib.import_module("actions." + module.name)
from rasa_sdk.executor import ActionExecutor
ActionExecutor().register_package("actions")
print(sorted(m for m in ("rasa.core", "rasa", "aiosmtpd") if m in sys.modules))
"""


def test_the_action_server_imports_no_rasa_core_nor_mail_capture() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
