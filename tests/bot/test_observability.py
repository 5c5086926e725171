"""Turn, fallback and portal metrics; readiness probes; the worker's ops server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from prometheus_client import REGISTRY

from bot import observability
from bot.handoff.outbox import Outbox
from bot.logs import conversation_id
from bot.settings import Settings
from portal_client import NotFound, PortalTimeout


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def settings_for(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", **env}, dotenv=tmp_path / "none"
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Message:
    def __init__(self, sender_id: str) -> None:
        self.sender_id = sender_id


async def test_instrumented_counts_and_times_turns_and_tags_the_conversation() -> None:
    seen = []

    async def bot(message: Message) -> str:
        seen.append(conversation_id.get())
        await asyncio.sleep(0.01)
        return "answer"

    before = sample("hz12333_turns_total", channel="t-ok")
    time_before = sample("hz12333_turn_duration_seconds_sum", channel="t-ok")
    handle = observability.instrumented(bot, "t-ok")  # type: ignore[arg-type]
    assert await handle(Message("+8613800138000")) == "answer"  # type: ignore[arg-type]
    assert seen == ["…8000"]
    assert conversation_id.get() is None
    assert sample("hz12333_turns_total", channel="t-ok") == before + 1
    assert sample("hz12333_turn_duration_seconds_count", channel="t-ok") >= 1
    # The turn's time was added; how much is a benchmark's business (asyncio may wake a
    # sleeper up to its clock's resolution early, so not even the 10 ms are sure).
    assert sample("hz12333_turn_duration_seconds_sum", channel="t-ok") > time_before


async def test_a_turn_that_raises_is_counted_as_failed_and_still_raises() -> None:
    async def broken(message: Message) -> None:
        raise RuntimeError("boom")

    handle = observability.instrumented(broken, "t-fail")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        await handle(Message("u1"))  # type: ignore[arg-type]
    assert sample("hz12333_turn_failures_total", channel="t-fail") == 1
    assert sample("hz12333_turns_total", channel="t-fail") == 1


async def test_fallbacks_are_counted_when_the_tracker_store_writes_them(tmp_path: Path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    observability.count_fallbacks()
    observability.count_fallbacks()  # idempotent: one hook, one count per event
    nlu, action = (
        sample("hz12333_fallbacks_total", kind="nlu_fallback"),
        sample("hz12333_fallbacks_total", kind="action_fallback"),
    )
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    tracker = DialogueStateTracker.from_events(
        "s1",
        [
            UserUttered("看不懂的话", {"name": "nlu_fallback", "confidence": 0.3}),
            ActionExecuted("action_fallback"),
            UserUttered("你好", {"name": "greet", "confidence": 0.9}),
            ActionExecuted("utter_greet"),
        ],
    )
    await store.save(tracker)
    assert sample("hz12333_fallbacks_total", kind="nlu_fallback") == nlu + 1
    assert sample("hz12333_fallbacks_total", kind="action_fallback") == action + 1


async def test_portal_calls_are_timed_and_their_errors_counted_by_class() -> None:
    ok_before = sample("hz12333_portal_call_duration_seconds_count", outcome="ok")
    with observability.portal_call():
        await asyncio.sleep(0)
    for error in (PortalTimeout("slow"), NotFound("gone")):
        with pytest.raises(type(error)), observability.portal_call():
            raise error
    assert sample("hz12333_portal_call_duration_seconds_count", outcome="ok") == ok_before + 1
    assert sample("hz12333_portal_errors_total", error="PortalTimeout") >= 1
    assert sample("hz12333_portal_errors_total", error="NotFound") >= 1


async def test_within_deadline_counts_a_timeout(monkeypatch) -> None:
    from actions import runtime

    monkeypatch.setattr(runtime, "PORTAL_TURN_DEADLINE", 0.01)
    before = sample("hz12333_portal_errors_total", error="PortalTimeout")
    with pytest.raises(PortalTimeout):
        await runtime.within_deadline(asyncio.sleep(1))
    assert sample("hz12333_portal_errors_total", error="PortalTimeout") == before + 1


async def test_handoffs_by_state_are_read_from_the_outbox(tmp_path: Path) -> None:
    outbox = Outbox.from_settings(settings_for(tmp_path))
    missing = observability.render_metrics(await observability.handoff_families(outbox))
    assert b"hz12333_handoff_outbox_up 0.0" in missing
    await outbox.create_schema()
    body = observability.render_metrics(await observability.handoff_families(outbox)).decode()
    await outbox.close()
    assert "hz12333_handoff_outbox_up 1.0" in body
    for state in ("queued", "sending", "sent", "failed"):
        assert f'hz12333_handoffs{{state="{state}"}} 0.0' in body
    assert "# TYPE hz12333_turns_total counter" in body


@pytest.fixture
async def portal_url() -> AsyncIterator[str]:
    """A real HTTP server standing in for the portal's /healthz."""
    app = web.Application()
    app.router.add_get("/healthz", lambda _: web.json_response({"status": "ok"}))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_ready_when_database_and_portal_answer(tmp_path: Path, portal_url: str) -> None:
    probes = observability.Probes(settings_for(tmp_path, PORTAL_URL=portal_url))
    ready, body = await probes.run({"model": "ok"})
    probes.close()
    assert ready
    assert body == {
        "status": "ready",
        "checks": {"model": "ok", "database": "ok", "portal": "ok"},
    }


async def test_not_ready_names_what_is_down(tmp_path: Path) -> None:
    port = closed_port()
    settings = settings_for(
        tmp_path,
        PORTAL_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"postgresql://nobody@127.0.0.1:{port}/none",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
    )
    probes = observability.Probes(settings)
    ready, body = await probes.run({"model": "ok"})
    probes.close()
    assert not ready
    assert body["status"] == "not ready"
    assert body["not_ready"] == ["database", "portal", "redis"]
    assert body["checks"]["model"] == "ok"
    assert body["checks"]["database"].startswith("OperationalError")


async def test_the_worker_ops_server(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    outbox = Outbox.from_settings(settings)
    await outbox.create_schema()
    async with observability.ops_http_server(
        settings, host="127.0.0.1", port=0, outbox=outbox
    ) as port:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/healthz") as resp:
                assert resp.status == 200
            async with session.get(f"{base}/readyz") as resp:
                assert resp.status == 200
                assert json.loads(await resp.text())["checks"] == {"database": "ok"}
            async with session.get(f"{base}/metrics") as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                assert 'hz12333_handoffs{state="queued"} 0.0' in await resp.text()
    await outbox.close()
