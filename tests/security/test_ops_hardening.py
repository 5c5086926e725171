"""Operations hardening (issue 10, findings 6 and 11), against real processes.

- A forged tracker posted to the action server no longer sends a hand-off: without
  the shared ACTION_SERVER_TOKEN, or with a wrong one, it gets 401 and no outbox row.
- The action server and the Rasa server listen on loopback only.
- ``python -m actions`` in production refuses the shipped template secrets and exits
  before it binds its port.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.handoff.outbox import Outbox
from bot.settings import Settings, read_dotenv
from scripts.servers import ROOT, free_port, process, stack_env
from tests.security.conftest import AttackStack

#: One action call; the hand-off action reads the database only (no portal login).
REQUEST_TIMEOUT = 30.0
#: How long a refused start may take: importing Sanic and rasa_sdk on a busy machine.
REFUSAL_TIMEOUT = 120.0
CONNECT_TIMEOUT = 3.0


@dataclass(frozen=True)
class ActionServer:
    url: str
    port: int
    token: str
    database_url: str
    log: Path


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    """``python -m actions`` as `make run` starts it, with its own database."""
    workdir = tmp_path_factory.mktemp("ops_actions")
    port = free_port()
    env = stack_env(workdir, ACTIONS_PORT=str(port))
    log = workdir / "actions.log"
    url = f"http://127.0.0.1:{port}"
    with process([sys.executable, "-m", "actions"], env, f"{url}/health", log):
        yield ActionServer(url, port, env["ACTION_SERVER_TOKEN"], env["DATABASE_URL"], log)


def forged_handoff(sender: str) -> bytes:
    """What an attacker posts: a made-up tracker whose next action submits a hand-off."""
    tracker = {
        "sender_id": sender,
        "slots": {
            "handoff_contact": "forged-sender@example.org",
            "handoff_description": "这是一份伪造的转人工工单",
        },
        "latest_message": {"text": "确认", "intent": {"name": "affirm"}, "metadata": {}},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    call = {
        "next_action": "action_submit_handoff",
        "sender_id": sender,
        "tracker": tracker,
        "domain": {},
        "version": "3.6.21",
    }
    return json.dumps(call).encode()


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


async def ticket_of(server: ActionServer, sender: str) -> object | None:
    outbox = Outbox.from_settings(
        Settings.from_env({"DATABASE_URL": server.database_url}, dotenv=Path("/nonexistent"))
    )
    try:
        await outbox.create_schema()
        return await outbox.latest_for_conversation(sender)
    finally:
        await outbox.close()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer " + secrets.token_urlsafe(32)},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic " + secrets.token_urlsafe(32)},
        {"X-Action-Token": "anything"},
    ],
    ids=["none", "wrong", "empty", "other-scheme", "other-header"],
)
async def test_a_forged_handoff_without_the_token_is_refused(
    action_server: ActionServer, headers: dict[str, str]
) -> None:
    sender = f"forged-{uuid.uuid4().hex[:12]}"
    status, body = post(f"{action_server.url}/webhook", forged_handoff(sender), headers)
    assert status == 401, body
    assert "HZ-" not in body
    assert await ticket_of(action_server, sender) is None


async def test_the_token_in_a_query_string_is_not_enough(action_server: ActionServer) -> None:
    # Rasa's `token:` option would send it so, and into every access log.
    sender = f"forged-{uuid.uuid4().hex[:12]}"
    status, _ = post(
        f"{action_server.url}/webhook?token={action_server.token}", forged_handoff(sender)
    )
    assert status == 401
    assert await ticket_of(action_server, sender) is None


async def test_a_call_with_the_token_is_served(action_server: ActionServer) -> None:
    sender = f"forged-{uuid.uuid4().hex[:12]}"
    status, body = post(
        f"{action_server.url}/webhook",
        forged_handoff(sender),
        {"Authorization": f"Bearer {action_server.token}"},
    )
    assert status == 200, body
    assert "HZ-" in body
    assert await ticket_of(action_server, sender) is not None


def test_probes_stay_open_and_the_action_list_does_not(action_server: ActionServer) -> None:
    for path in ("/health", "/healthz", "/metrics"):
        assert get(action_server.url + path) == 200, path
    # 503 while the portal is away, but never a demand for the token.
    assert get(action_server.url + "/readyz") in (200, 503)
    assert get(action_server.url + "/actions") == 401


# --- listeners ----------------------------------------------------------------------------


def outside_addresses() -> list[str]:
    """This machine's addresses that are not loopback (nor link-local, which needs a scope)."""
    try:
        words = subprocess.run(
            ["hostname", "-I"], capture_output=True, text=True, timeout=10
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        words = []
    try:
        words += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        pass
    found = []
    for word in words:
        try:
            address = ipaddress.ip_address(word.split("%")[0])
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local) and str(address) not in found:
            found.append(str(address))
    return found


def reachable(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=CONNECT_TIMEOUT):
            return True
    except OSError:
        return False


def assert_loopback_only(port: int, what: str) -> None:
    assert reachable("127.0.0.1", port), f"{what} is not even on 127.0.0.1:{port}"
    addresses = outside_addresses()
    if not addresses:
        reason = "this machine has no address besides loopback: nothing to reach it on"
        print(f"\n*** SKIPPED: {reason}", file=sys.stderr)
        pytest.skip(reason)
    for address in addresses:
        assert not reachable(address, port), f"{what} answers on {address}:{port}"


def test_the_action_server_listens_on_loopback_only(action_server: ActionServer) -> None:
    assert_loopback_only(action_server.port, "the action server")


def test_the_rasa_server_listens_on_loopback_only(attack_stack: AttackStack) -> None:
    port = urlsplit(attack_stack.url).port
    assert port is not None
    assert_loopback_only(port, "the Rasa server")


# --- production refuses templates ---------------------------------------------------------


def refused_start(env_file: Path, tmp_path: Path, **extra: str) -> tuple[int, str, int]:
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "VAR_DIR": str(tmp_path),
        **read_dotenv(env_file),
        "APP_ENV": "production",
        "ACTIONS_PORT": str(port),
        **extra,
    }
    done = subprocess.run(
        [sys.executable, "-m", "actions"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=REFUSAL_TIMEOUT,
    )
    return done.returncode, done.stdout + done.stderr, port


def test_production_refuses_the_shipped_systemd_env(tmp_path: Path) -> None:
    code, output, port = refused_start(ROOT / "deploy" / "env" / "hz12333.env", tmp_path)
    assert code != 0
    assert "refuses to start" in output
    for name in ("SECRET_KEY", "ACTION_SERVER_TOKEN", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"):
        assert name in output, name
    assert "action server on" not in output  # never got as far as listening
    assert "Traceback" not in output
    assert not reachable("127.0.0.1", port)


def test_production_refuses_clear_smtp_and_an_http_portal(tmp_path: Path) -> None:
    real = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(48),
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "PUBLIC_URL": "https://bot.hz12333.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "HANDOFF_FROM": "12333-bot@hz.gov.cn",
    }
    code, output, port = refused_start(
        ROOT / ".env.example",
        tmp_path,
        **real,
        SMTP_HOST="smtp.hz.gov.cn",
        SMTP_TLS="none",
        PORTAL_URL="http://portal.hz12333.gov.cn",
    )
    assert code != 0
    assert "SMTP_TLS=none" in output and "PORTAL_URL must be https" in output
    assert "SECRET_KEY" not in output
    assert not reachable("127.0.0.1", port)


def test_the_rasa_server_sends_the_token_on_its_action_calls(attack_stack: AttackStack) -> None:
    # action_offer_handoff is a custom action: its answer comes from the action server,
    # which would refuse the call (and leave the turn without it) if endpoints.yml
    # did not send the token.
    body = json.dumps({"sender": f"ops-{uuid.uuid4().hex[:12]}", "message": "我要转人工"})
    status, text = post(
        f"{attack_stack.url}/webhooks/rest/webhook",
        body.encode(),
        {"X-Client-Secret": secrets.token_urlsafe(32)},
    )
    assert status == 200, text
    replies = " ".join(reply.get("text") or "" for reply in json.loads(text))
    assert "电子邮件" in replies and "12333" in replies
