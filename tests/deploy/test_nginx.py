"""deploy/nginx.conf and its compose variant pass `nginx -t` and say the same thing.

Its per-address rate limits (issue 10, finding 3) are checked on a real nginx in
front of a small counting upstream.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scripts.servers import free_port
from tests.deploy.nginx import (
    CONF_BOT_ADDRESSES,
    DOCKER_NGINX_CONF,
    NGINX_CONF,
    config_test,
    running_nginx,
    site_conf,
    write_prefix,
)

#: More requests than any allowance in deploy/nginx.conf lets through at once.
EXTRA_REQUESTS = 60
REQUEST_TIMEOUT = 10.0

DOCKER_BOT_ADDRESSES = ("bot1:5005", "bot2:5005")


def upstreams_to_local(addresses: tuple[str, ...]) -> dict[str, str]:
    return {address: f"127.0.0.1:{free_port()}" for address in addresses}


def test_the_host_config_passes_nginx_t(tmp_path: Path) -> None:
    site = site_conf(NGINX_CONF, upstreams_to_local(CONF_BOT_ADDRESSES), free_port())
    checked = config_test(write_prefix(tmp_path, site))
    assert checked.returncode == 0, checked.stderr


def test_the_compose_config_passes_nginx_t(tmp_path: Path) -> None:
    # Compose's service names don't resolve here; nginx -t resolves upstream hosts.
    site = site_conf(DOCKER_NGINX_CONF, upstreams_to_local(DOCKER_BOT_ADDRESSES), free_port())
    checked = config_test(write_prefix(tmp_path, site))
    assert checked.returncode == 0, checked.stderr


def directives(path: Path, addresses: tuple[str, ...]) -> list[str]:
    """The config without comments and blank lines, the bots' addresses made generic."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        for n, address in enumerate(addresses):
            line = line.replace(f"server {address} ", f"server BOT{n} ")
        if line:
            lines.append(line)
    return lines


def test_the_compose_config_differs_only_in_the_upstream_addresses() -> None:
    assert directives(DOCKER_NGINX_CONF, DOCKER_BOT_ADDRESSES) == directives(
        NGINX_CONF, CONF_BOT_ADDRESSES
    )


def test_socketio_and_the_login_page_are_sticky_and_the_rest_is_not() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    sticky = re.search(r"upstream bots_sticky \{(.*?)\}", text, re.S)
    plain = re.search(r"upstream bots \{(.*?)\}", text, re.S)
    assert sticky and "hash $remote_addr consistent;" in sticky.group(1)
    assert plain and "hash" not in plain.group(1) and "ip_hash" not in plain.group(1)
    locations = dict(re.findall(r"location\s+([^{]+?)\s*\{(.*?)\}", text, re.S))
    assert "proxy_pass http://bots_sticky;" in locations["/socket.io/"]
    assert "Upgrade $http_upgrade" in locations["/socket.io/"]
    assert "proxy_pass http://bots_sticky;" in locations["/webhooks/login/"]
    assert "proxy_pass http://bots;" in locations["/"]


def burst_of(zone: str) -> int:
    """The ``burst`` of the location that uses ``zone`` in deploy/nginx.conf."""
    match = re.search(rf"limit_req zone={zone} burst=(\d+) nodelay;", NGINX_CONF.read_text())
    assert match, f"no limit_req for {zone} in {NGINX_CONF}"
    return int(match.group(1))


@contextmanager
def counting_upstream() -> Iterator[tuple[int, list[str]]]:
    """A stand-in bot that answers 200 to anything and notes each path it was asked for."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.answer()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.answer()

        def answer(self) -> None:
            seen.append(self.path)
            body = b"[]"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def request(url: str, body: bytes | None = None) -> tuple[int, str, dict[str, str]]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        req = urllib.request.Request(url, data=body, headers=headers)
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_a_burst_from_one_address_on_the_login_page_gets_a_polite_429(tmp_path: Path) -> None:
    burst = burst_of("hz12333_login")
    with counting_upstream() as (port, seen), running_nginx(tmp_path, (port, port)) as base:
        answers = [
            request(f"{base}/webhooks/login/t/guess-{n}") for n in range(burst + 1 + EXTRA_REQUESTS)
        ]
    statuses = [status for status, _, _ in answers]
    # The allowance is full at the start: the first 1 + burst always pass.
    assert statuses[: burst + 1] == [200] * (burst + 1)
    assert 429 in statuses
    assert set(statuses) == {200, 429}
    status, body, headers = answers[statuses.index(429)]
    assert "过于频繁" in body and "12333" in body
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Retry-After"] == "60"
    # A refused request never reached a bot.
    assert len(seen) == statuses.count(200)


def test_a_burst_on_the_rest_channel_gets_a_429_in_rasas_reply_format(tmp_path: Path) -> None:
    burst = burst_of("hz12333_rest")
    message = json.dumps({"sender": "flood", "message": "你好"}).encode()
    with counting_upstream() as (port, seen), running_nginx(tmp_path, (port, port)) as base:
        answers = [
            request(f"{base}/webhooks/rest/webhook", message)
            for _ in range(burst + 1 + EXTRA_REQUESTS)
        ]
        # Another path is not limited by this zone.
        other = request(f"{base}/chat/")
    statuses = [status for status, _, _ in answers]
    assert statuses[: burst + 1] == [200] * (burst + 1)
    assert 429 in statuses
    _, body, headers = answers[statuses.index(429)]
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    (reply,) = json.loads(body)
    assert "过于频繁" in reply["text"]
    assert other[0] == 200
    assert len(seen) == statuses.count(200) + 1
