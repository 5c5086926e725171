"""The staff command line: review, reset-password, seed (and the real `python -m` entry)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from portal_sandbox.cli import main
from portal_sandbox.db import make_engine, make_session_factory
from portal_sandbox.errors import ApiError
from portal_sandbox.models import Account, Submission
from portal_sandbox.service import PortalService
from portal_sandbox.testing import FakeClock
from tests.portal_fixtures import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PENDING = "HZ2026112307415"
APPROVED = "HZ2026102609884"
QUERY = "HZ2026111908263"


@pytest.fixture
def env(portal_db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"PORTAL_DATABASE_URL": portal_db_url, "VAR_DIR": str(tmp_path)}


@pytest.fixture
def service(portal_db_url: str) -> PortalService:
    engine = make_engine(portal_db_url)
    return PortalService(make_session_factory(engine), session_idle_seconds=1800)


def submission(service: PortalService, number: str) -> Submission:
    with service._sessions() as db:
        return db.execute(select(Submission).where(Submission.acceptance_no == number)).scalar_one()


def test_review_approves(env: dict[str, str], service: PortalService, capsys) -> None:
    assert main(["review", PENDING, "--approve"], env=env) == 0
    assert f"{PENDING} 失业登记: 审核通过" in capsys.readouterr().out
    row = submission(service, PENDING)
    assert (row.status, row.reviewer_note) == ("approved", None)
    assert row.reviewed_at is not None


def test_review_rejects_with_a_note(env: dict[str, str], service: PortalService, capsys) -> None:
    note = "缺少离职证明，请补充后再次提交。"
    assert main(["review", PENDING, "--reject", "--note", note], env=env) == 0
    assert f"审核未通过（审核意见：{note}）" in capsys.readouterr().out
    row = submission(service, PENDING)
    assert (row.status, row.reviewer_note) == ("rejected", note)


def test_restore_demo_puts_reviewed_and_cancelled_ones_back(
    env: dict[str, str], service: PortalService, capsys
) -> None:
    rejected = "HZ2026111203951"
    assert main(["review", PENDING, "--approve"], env=env) == 0
    token = service.login("demo-person", DEMO_PASSWORD)["token"]
    service.cancel_submission(token, rejected)
    capsys.readouterr()
    assert main(["restore-demo"], env=env) == 0
    assert "2 条演示申报已恢复" in capsys.readouterr().out
    pending, back = submission(service, PENDING), submission(service, rejected)
    assert (pending.status, pending.reviewed_at) == ("pending", None)
    assert (back.status, back.cancelled_at) == ("rejected", None)
    assert back.reviewer_note and "身份证复印件" in back.reviewer_note
    assert main(["restore-demo"], env=env) == 0
    assert "0 条演示申报已恢复" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["review", PENDING, "--reject"], "VALIDATION_FAILED"),
        (["review", PENDING, "--reject", "--note", "  "], "VALIDATION_FAILED"),
        (["review", APPROVED, "--approve"], "NOT_ALLOWED"),
        (["review", QUERY, "--approve"], "NOT_ALLOWED"),
        (["review", "HZ2026010100000", "--approve"], "NOT_FOUND"),
        (["reset-password", "nobody"], "NOT_FOUND"),
        (["reset-password", "demo-person", "--password", "weak"], "WEAK_PASSWORD"),
    ],
)
def test_refusals_exit_1_with_the_reason(
    env: dict[str, str], service: PortalService, capsys, argv: list[str], message: str
) -> None:
    assert main(argv, env=env) == 1
    assert message in capsys.readouterr().err
    assert submission(service, PENDING).status == "pending"


@pytest.mark.parametrize(
    "argv",
    [
        ["review", PENDING],
        ["review", PENDING, "--approve", "--reject"],
        ["reset-password"],
        ["unknown"],
    ],
)
def test_bad_usage_exits_2(env: dict[str, str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv, env=env)
    assert caught.value.code == 2


def test_reset_password_prints_a_new_one_and_clears_the_backoff(
    env: dict[str, str], portal_db_url: str, capsys
) -> None:
    clock = FakeClock()
    engine = make_engine(portal_db_url)
    user_side = PortalService(make_session_factory(engine), session_idle_seconds=1800, clock=clock)
    token = user_side.login("demo-person", DEMO_PASSWORD)["token"]
    for _ in range(5):
        with pytest.raises(ApiError):
            user_side.login("demo-person", "wrong")
    with pytest.raises(ApiError) as throttled:
        user_side.login("demo-person", DEMO_PASSWORD)
    assert throttled.value.code.value == "TOO_MANY_ATTEMPTS"

    assert main(["reset-password", "demo-person"], env=env) == 0
    out = capsys.readouterr().out
    new_password = re.search(r"新密码：(\S+)", out).group(1)  # type: ignore[union-attr]
    assert "登录限制已解除" in out
    assert user_side.login("demo-person", new_password)["account"]["username"] == "demo-person"
    with pytest.raises(ApiError):
        user_side.account(token)
    with pytest.raises(ApiError):
        user_side.login("demo-person", DEMO_PASSWORD)
    engine.dispose()


def test_reset_password_takes_a_given_one_without_echoing_it(
    env: dict[str, str], service: PortalService, capsys
) -> None:
    assert main(["reset-password", "demo-company", "--password", "Counter-Reset-7"], env=env) == 0
    out = capsys.readouterr().out
    assert "Counter-Reset-7" not in out
    assert service.login("demo-company", "Counter-Reset-7")["account"]["kind"] == "enterprise"


def test_seed_is_idempotent(tmp_path: Path, capsys) -> None:
    env = {"PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh' / 'portal.db'}"}
    assert main(["seed"], env=env) == 0
    assert main(["seed"], env=env) == 0
    assert "demo data ready" in capsys.readouterr().out
    engine = make_engine(env["PORTAL_DATABASE_URL"])
    with make_session_factory(engine)() as db:
        usernames = db.execute(select(Account.username)).scalars().all()
    engine.dispose()
    assert sorted(usernames) == sorted(
        ["demo-person", "demo-company", "demo-institution", "demo-nonprofit", "demo-mailbox"]
    )


def test_python_dash_m_entry_point(env: dict[str, str], service: PortalService) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "portal_sandbox",
            "review",
            PENDING,
            "--reject",
            "--note",
            "材料不全",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "审核未通过" in result.stdout
    assert submission(service, PENDING).status == "rejected"


def test_serve_listens_on_portal_port(env: dict[str, str]) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "portal_sandbox", "serve"],
        cwd=ROOT,
        env={**os.environ, **env, "PORTAL_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
