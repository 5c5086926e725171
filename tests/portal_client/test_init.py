"""The public surface of portal_client: what it exports and what it must never import."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

import portal_client
from portal_client import (
    Account,
    AccountKind,
    AccountLocked,
    AuthenticationFailed,
    BusinessUnit,
    Category,
    InvalidRequest,
    InvalidResponse,
    LoginThrottled,
    NotAllowed,
    NotFound,
    PortalError,
    PortalTimeout,
    PortalUnavailable,
    Session,
    SessionExpired,
    Submission,
    SubmissionStatus,
    WeakPassword,
)

PACKAGE = Path(portal_client.__file__).parent


def test_exported_names_are_pinned() -> None:
    assert sorted(portal_client.__all__) == sorted(
        [
            "DEFAULT_CONNECT_TIMEOUT",
            "DEFAULT_PAGE_SIZE",
            "DEFAULT_RETRIES",
            "DEFAULT_RETRY_BACKOFF",
            "DEFAULT_TIMEOUTS",
            "DEFAULT_TOTAL_TIMEOUT",
            "EVENT_ID_HEADER",
            "MAX_RESPONSE_BYTES",
            "REPLAY_WINDOW_SECONDS",
            "SIGNATURE_HEADER",
            "TIMESTAMP_HEADER",
            "Account",
            "AccountKind",
            "AccountLocked",
            "AuthenticationFailed",
            "BusinessUnit",
            "Category",
            "InvalidEvent",
            "InvalidRequest",
            "InvalidResponse",
            "LoginThrottled",
            "NotAllowed",
            "NotFound",
            "PortalClient",
            "PortalError",
            "PortalTimeout",
            "PortalUnavailable",
            "Session",
            "SessionExpired",
            "StatusEvent",
            "Submission",
            "SubmissionPage",
            "SubmissionStatus",
            "Subscription",
            "Timeouts",
            "WeakPassword",
            "event_signature",
            "verify_event",
        ]
    )
    for name in portal_client.__all__:
        assert hasattr(portal_client, name)


def test_modules_behind_the_init_are_private_and_typed() -> None:
    modules = {p.name for p in PACKAGE.glob("*.py")}
    assert modules - {"__init__.py"} == {
        m for m in modules if m.startswith("_") and m != "__init__.py"
    }
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "openapi.yaml").is_file()


def test_the_exception_tree() -> None:
    for error in (
        AuthenticationFailed,
        AccountLocked,
        SessionExpired,
        NotFound,
        NotAllowed,
        InvalidRequest,
        InvalidResponse,
        PortalUnavailable,
    ):
        assert issubclass(error, PortalError)
    assert issubclass(WeakPassword, InvalidRequest)
    # The login page catches AccountLocked; the backoff's error must still land there.
    assert issubclass(LoginThrottled, AccountLocked)
    assert issubclass(PortalUnavailable, ConnectionError)
    assert issubclass(PortalTimeout, PortalUnavailable)
    assert issubclass(PortalTimeout, TimeoutError)
    assert not issubclass(InvalidResponse, ConnectionError)


def test_the_tree_is_written_out_in_the_errors_docstring() -> None:
    doc = portal_client._errors.__doc__ or ""  # type: ignore[attr-defined]
    for name in (
        "PortalError",
        "AccountLocked",
        "LoginThrottled",
        "NotAllowed",
        "PortalUnavailable",
        "PortalTimeout",
    ):
        assert name in doc


def test_errors_carry_their_details() -> None:
    until = datetime(2026, 11, 26, 10, 15, tzinfo=timezone.utc)
    locked = AccountLocked("已锁定", locked_until=until, code="ACCOUNT_LOCKED", status=423)
    assert (locked.locked_until, locked.code, locked.status, str(locked)) == (
        until,
        "ACCOUNT_LOCKED",
        423,
        "已锁定",
    )
    throttled = LoginThrottled("请 4 秒后再试", retry_after=4, code="TOO_MANY_ATTEMPTS", status=429)
    assert (throttled.retry_after, throttled.status, throttled.locked_until) == (4, 429, None)
    refused = NotAllowed("已审核通过", code="NOT_ALLOWED", reason="ALREADY_APPROVED")
    assert (refused.reason, refused.reason_text) == ("ALREADY_APPROVED", "已审核通过")
    assert str(PortalTimeout("too slow")) == "too slow"


def test_labels_are_the_portals_wording() -> None:
    assert [s.label for s in SubmissionStatus] == ["未审核", "审核通过", "审核未通过", "已注销"]
    assert [c.label for c in Category] == ["申报类", "查询类"]
    assert [k.label for k in AccountKind] == ["企业", "民办非企业单位", "机关事业单位", "个人"]
    assert SubmissionStatus("rejected") is SubmissionStatus.REJECTED


def test_results_are_frozen_and_tokens_hidden() -> None:
    account = Account("demo-person", AccountKind.INDIVIDUAL, "王小明", None, False)
    session = Session(token="very-secret-token", expires_in=1800, account=account)
    assert "very-secret-token" not in repr(session)
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.token = "other"  # type: ignore[misc]
    submission = Submission(
        acceptance_no="HZ2026112307415",
        item="失业登记",
        category=Category.QUERY,
        status=SubmissionStatus.PENDING,
        submitted_at=datetime(2026, 11, 23, 2, 12, tzinfo=timezone.utc),
        business_unit=BusinessUnit("西湖区人力资源和社会保障局", "0571-87250400"),
    )
    assert not submission.can_cancel and not submission.is_batch


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_client_never_imports_rasa_the_bot_or_the_sandbox() -> None:
    for path in PACKAGE.glob("*.py"):
        assert not _imported_modules(path) & {
            "rasa",
            "rasa_sdk",
            "bot",
            "actions",
            "portal_sandbox",
        }
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, portal_client; print(','.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout.split(",")
    assert not [
        m for m in loaded if m.split(".")[0] in {"rasa", "rasa_sdk", "bot", "portal_sandbox"}
    ]
