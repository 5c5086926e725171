"""nginx with deploy/nginx.conf, its upstreams and port rewritten, under a temporary prefix."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.servers import ROOT, free_port, wait_tcp

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
DOCKER_NGINX_CONF = ROOT / "deploy" / "docker" / "nginx.conf"
#: Host ports of the two bots in deploy/nginx.conf, in the order they appear.
CONF_BOT_ADDRESSES = ("127.0.0.1:5005", "127.0.0.1:5006")
#: One line per request: which upstream served it, to check balancing and stickiness.
ACCESS_FORMAT = "$request_method $uri $status $upstream_addr"


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not found:
        message = "nginx not installed (apt-get install nginx): deploy/nginx.conf is untested"
        print(f"\n*** SKIPPED: {message}", file=sys.stderr)
        pytest.skip(message)
    return found


def site_conf(source: Path, upstreams: dict[str, str], listen: int) -> str:
    """``source`` with each upstream server address replaced and ``listen 80`` moved."""
    text = source.read_text(encoding="utf-8")
    for old, new in upstreams.items():
        text, count = re.subn(rf"\bserver {re.escape(old)} ", f"server {new} ", text)
        assert count, f"{old} is not an upstream server in {source}"
    text, count = re.subn(r"\blisten 80;", f"listen 127.0.0.1:{listen};", text)
    assert count == 1, f"{source} must listen on port 80 exactly once"
    return text


def write_prefix(prefix: Path, site: str) -> Path:
    """A main nginx.conf in ``prefix`` that includes ``site`` as Debian's conf.d would."""
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "hz12333.conf").write_text(site, encoding="utf-8")
    # As root nginx's workers would run as nobody, who can't enter pytest's 0700 folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {prefix / 'tmp' / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = prefix / "nginx.conf"
    main.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "logs" / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    log_format upstreams '{ACCESS_FORMAT}';
    access_log {prefix / "logs" / "access.log"} upstreams;
{temp}    include {prefix / "hz12333.conf"};
}}
""",
        encoding="utf-8",
    )
    return main


def config_test(main: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(main.parent), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=30,
    )


@contextmanager
def running_nginx(prefix: Path, bot_ports: tuple[int, int]) -> Iterator[str]:
    """nginx with deploy/nginx.conf in front of two local bots; yields its base URL."""
    port = free_port()
    upstreams = dict(zip(CONF_BOT_ADDRESSES, (f"127.0.0.1:{p}" for p in bot_ports), strict=True))
    main = write_prefix(prefix, site_conf(NGINX_CONF, upstreams, port))
    checked = config_test(main)
    assert checked.returncode == 0, checked.stderr
    log = prefix / "logs" / "nginx.out"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [nginx_binary(), "-p", str(prefix), "-c", str(main)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_tcp(port, proc, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        # SIGQUIT: nginx's graceful stop.
        proc.send_signal(3)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def served_by(prefix: Path, uri_prefix: str) -> list[str]:
    """The upstream address of every logged request whose URI starts with ``uri_prefix``."""
    log = prefix / "logs" / "access.log"
    # nginx writes the access log line when the response is done; give it a moment.
    time.sleep(0.2)
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        method, uri, status, upstream = line.split(" ", 3)
        if uri.startswith(uri_prefix):
            found.append(upstream)
    return found
