"""deploy/nginx.conf in front of two real bot servers sharing PostgreSQL and Redis.

What deploy/README.md ends with, on this machine: REST turns spread over both servers,
one conversation continues on either, and a socket.io client stays on one server.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import socketio
import sqlalchemy as sa

from scripts.servers import running_bot_server, running_portal
from tests.deploy.nginx import running_nginx, served_by
from tests.infra import running_postgres, running_redis

pytestmark = pytest.mark.slow

REPLY_TIMEOUT = 30.0


@dataclass(frozen=True)
class Cluster:
    url: str
    prefix: Path
    bots: tuple[str, str]
    upstreams: frozenset[str]
    database_url: str


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("two-servers")
    with ExitStack() as stack:
        database_url = stack.enter_context(running_postgres(base))
        redis_url = stack.enter_context(running_redis(base))
        portal_url = stack.enter_context(running_portal(base))
        bots = []
        for name in ("one", "two"):
            workdir = base / name
            workdir.mkdir()
            server = stack.enter_context(
                running_bot_server(
                    workdir,
                    PORTAL_URL=portal_url,
                    DATABASE_URL=database_url,
                    REDIS_URL=redis_url,
                )
            )
            bots.append(server.url)
        ports = tuple(int(url.rsplit(":", 1)[1]) for url in bots)
        url = stack.enter_context(running_nginx(base / "nginx", (ports[0], ports[1])))
        yield Cluster(
            url=url,
            prefix=base / "nginx",
            bots=(bots[0], bots[1]),
            upstreams=frozenset(f"127.0.0.1:{port}" for port in ports),
            database_url=database_url,
        )


def call(url: str, body: dict | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=REPLY_TIMEOUT) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def say(cluster: Cluster, sender: str, text: str) -> list[dict]:
    status, body = call(f"{cluster.url}/webhooks/rest/webhook", {"sender": sender, "message": text})
    assert status == 200, body
    replies = json.loads(body)
    assert replies and replies[0].get("text")
    return replies


def test_each_server_is_ready_on_postgres_and_redis(cluster: Cluster) -> None:
    for bot in cluster.bots:
        status, body = call(f"{bot}/readyz")
        assert status == 200, body
        assert json.loads(body)["checks"] == {
            "model": "ok",
            "database": "ok",
            "portal": "ok",
            "redis": "ok",
        }


def test_rest_turns_are_spread_over_both_servers(cluster: Cluster) -> None:
    for n in range(6):
        say(cluster, f"balance-{n}-{secrets.token_hex(3)}", "密码忘了怎么办")
    assert set(served_by(cluster.prefix, "/webhooks/rest/")) == cluster.upstreams


def test_a_conversation_continues_on_the_other_server(cluster: Cluster) -> None:
    sender = f"across-{secrets.token_hex(4)}"
    before = len(served_by(cluster.prefix, "/webhooks/rest/"))
    say(cluster, sender, "你好")
    say(cluster, sender, "密码忘了怎么办")
    first, second = served_by(cluster.prefix, "/webhooks/rest/")[before:]
    assert first != second, "round robin should have sent the two turns to different servers"
    engine = sa.create_engine(cluster.database_url)
    with engine.connect() as conn:
        users = conn.execute(
            sa.text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
            {"s": f"rest:{sender}"},
        ).scalar()
    engine.dispose()
    assert users == 2


def test_a_socketio_client_stays_on_one_server(cluster: Cluster) -> None:
    async def chat() -> dict:
        # Polling: many HTTP requests for one socket, each of which must reach the
        # server that holds it (python-engineio's websocket client needs aiohttp 3.10).
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue[dict] = asyncio.Queue()
        confirmed: asyncio.Queue[str] = asyncio.Queue()
        client.on("bot_uttered", replies.put)
        client.on("session_confirm", confirmed.put)
        await client.connect(
            cluster.url,
            transports=["polling"],
            auth={"client_secret": secrets.token_urlsafe(32)},
        )
        try:
            await client.emit("session_request", {})
            session_id = await asyncio.wait_for(confirmed.get(), REPLY_TIMEOUT)
            await client.emit(
                "user_uttered", {"message": "密码忘了怎么办", "session_id": session_id}
            )
            return await asyncio.wait_for(replies.get(), REPLY_TIMEOUT)
        finally:
            await client.eio.disconnect(abort=True)

    for _ in range(2):
        reply = asyncio.run(chat())
        assert reply.get("text")
    used = set(served_by(cluster.prefix, "/socket.io/"))
    assert len(used) == 1 and used <= cluster.upstreams


def test_the_websocket_upgrade_passes_through(cluster: Cluster) -> None:
    async def handshake() -> str:
        url = f"{cluster.url}/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url, timeout=10) as ws:
                message = await ws.receive(timeout=10)
                return str(message.data)

    # Engine.io's "open" packet: the server took the upgrade and speaks WebSocket.
    assert asyncio.run(handshake()).startswith("0{")


@pytest.mark.parametrize("path", ["/metrics", "/readyz", "/healthz"])
def test_operators_endpoints_are_not_public(cluster: Cluster, path: str) -> None:
    assert call(cluster.url + path)[0] == 404
    assert call(cluster.bots[0] + path)[0] in (200, 503)
