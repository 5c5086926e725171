"""Shared fixtures: real servers on free ports, started once per session."""

from __future__ import annotations

import gc
import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from scripts.servers import running_bot, running_portal

# Hypothesis's default 200 ms deadline per example is a stopwatch in a pass/fail test:
# on a loaded 2-core machine it fails correct code. Properties are judged on their
# results only; timings belong in benchmarks. (CI keeps Hypothesis's own "ci"
# profile choices otherwise: derandomised, no database.)
settings.register_profile("hz12333", parent=settings.default, deadline=None)
settings.load_profile("hz12333")


@pytest.fixture(autouse=True)
def _unfreeze_the_heap() -> Iterator[None]:
    # A server started inside pytest freezes the heap after start-up (bot.heap); the
    # tests that follow must find the collector as they would in a new process.
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(scope="session")
def bot_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bot")


@pytest.fixture(scope="session")
def portal_process_url(bot_workdir: Path) -> Iterator[str]:
    """The portal sandbox as a real process with the demo accounts."""
    with running_portal(bot_workdir) as url:
        yield url


@pytest.fixture(scope="session")
def bot_url(bot_workdir: Path, portal_process_url: str) -> Iterator[str]:
    """A real Rasa server with the trained model, a real action server and the sandbox."""
    with running_bot(bot_workdir, PORTAL_URL=portal_process_url) as url:
        yield url


Say = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def say(bot_url: str) -> Say:
    """Send one message over the REST channel and return the bot's replies."""

    def send(
        sender: str, message: Any, *, raw: bytes | None = None, secret: str | None = None
    ) -> list[dict[str, Any]]:
        body = (
            raw if raw is not None else json.dumps({"sender": sender, "message": message}).encode()
        )
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["X-Client-Secret"] = secret
        request = urllib.request.Request(
            f"{bot_url}/webhooks/rest/webhook", data=body, headers=headers
        )
        with urllib.request.urlopen(request, timeout=30) as resp:
            assert resp.status == 200
            return json.loads(resp.read())

    return send
