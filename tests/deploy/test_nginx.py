"""deploy/nginx.conf and its compose variant pass `nginx -t` and say the same thing."""

from __future__ import annotations

import re
from pathlib import Path

from tests.deploy.nginx import (
    CONF_BOT_ADDRESSES,
    DOCKER_NGINX_CONF,
    NGINX_CONF,
    config_test,
    site_conf,
    write_prefix,
)
from tests.servers import free_port

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
