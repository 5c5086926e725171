"""Hostile and malformed answers: parsing gives a dataclass or a PortalError, nothing else."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_client import (
    AccountLocked,
    InvalidResponse,
    LoginThrottled,
    NotAllowed,
    PortalError,
    PortalUnavailable,
    SessionExpired,
    SubmissionStatus,
)
from portal_client._wire import (
    DEFAULT_RETRY_AFTER_SECONDS,
    decode_json,
    error_from_response,
    parse_account,
    parse_session,
    parse_submission,
    parse_submission_page,
)

ACCOUNT: dict[str, Any] = {
    "username": "demo-company",
    "kind": "enterprise",
    "display_name": "陈静",
    "unit_name": "杭州西溪数联科技有限公司",
    "citizen_mailbox": False,
}
SUBMISSION: dict[str, Any] = {
    "acceptance_no": "HZ2026112509342",
    "item": "职工参保增员",
    "category": "declaration",
    "status": "pending",
    "submitted_at": "2026-11-25T09:18:00+08:00",
    "reviewer_note": None,
    "reviewed_at": None,
    "cancelled_at": None,
    "business_unit": {"name": "杭州市社会保险管理服务中心", "phone": "0571-87250000"},
    "record_count": 12,
}
PAGE: dict[str, Any] = {"items": [SUBMISSION], "page": 1, "page_size": 10, "total": 1}
SESSION: dict[str, Any] = {
    "token": "x" * 43,
    "token_type": "Bearer",
    "expires_in": 1800,
    "account": ACCOUNT,
}
PARSERS: list[Callable[[object], object]] = [
    parse_account,
    parse_session,
    parse_submission,
    parse_submission_page,
]
VALID = [ACCOUNT, SESSION, SUBMISSION, PAGE]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=5)
    ),
    max_leaves=30,
)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(),
    st.sampled_from(["", "\ud800", "2026-13-45T99:99:99", "2026-11-25", "9999-12-31T23:59:59+23:59",
                     "pending ", "PENDING", "x" * 10_000, "0001-01-01T00:00:00-23:59"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)  # fmt: skip


def test_the_valid_documents_parse() -> None:
    assert parse_account(ACCOUNT).unit_name == "杭州西溪数联科技有限公司"
    assert parse_session(SESSION).account.username == "demo-company"
    submission = parse_submission(SUBMISSION)
    assert submission.status is SubmissionStatus.PENDING and submission.record_count == 12
    assert parse_submission_page(PAGE).items == (submission,)


def test_unknown_fields_are_ignored() -> None:
    assert parse_account({**ACCOUNT, "new_field": [1, 2]}) == parse_account(ACCOUNT)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values)
def test_any_json_is_parsed_or_refused_clearly(data: object) -> None:
    for parse in PARSERS:
        try:
            parse(data)
        except InvalidResponse:
            pass


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            paths += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            paths += _paths(value, (*prefix, index))
    return paths


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.integers(min_value=0, max_value=len(VALID) - 1),
    choice=st.data(),
    value=hostile_scalars,
    delete=st.booleans(),
)
def test_a_valid_document_with_one_field_broken(
    which: int, choice: st.DataObject, value: object, delete: bool
) -> None:
    document = copy.deepcopy(VALID[which])
    path = choice.draw(st.sampled_from(_paths(document)))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        PARSERS[which](document)
    except InvalidResponse:
        pass


@settings(max_examples=300)
@given(raw=st.binary(max_size=200))
def test_any_bytes_decode_or_are_refused_clearly(raw: bytes) -> None:
    try:
        decode_json(raw)
    except InvalidResponse:
        pass


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 50_000 + b"]" * 50_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"1" * 5000,
        b"NaN",
        b"-Infinity",
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",
    ],
)
def test_hostile_bodies_decode_or_are_refused_clearly(raw: bytes) -> None:
    try:
        decode_json(raw)
    except InvalidResponse:
        pass


error_bodies = st.one_of(
    st.binary(max_size=100),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {
            "error": st.fixed_dictionaries(
                {"code": hostile_scalars, "message": hostile_scalars},
                optional={
                    "reason": hostile_scalars,
                    "locked_until": hostile_scalars,
                    "retry_after": hostile_scalars,
                },
            )
        }
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=400)
@given(status=st.integers(min_value=400, max_value=599), raw=error_bodies)
def test_any_error_answer_becomes_a_portal_error(status: int, raw: bytes) -> None:
    error = error_from_response(status, raw)
    assert isinstance(error, PortalError)
    assert isinstance(error.message, str)
    if status >= 500:
        assert isinstance(error, PortalUnavailable)


def test_error_codes_map_to_the_tree() -> None:
    def body(code: str, **extra: str) -> bytes:
        return json.dumps({"error": {"code": code, "message": "说明", **extra}}).encode()

    locked = error_from_response(
        423, body("ACCOUNT_LOCKED", locked_until="2026-11-26T10:15:00+08:00")
    )
    assert isinstance(locked, AccountLocked) and locked.locked_until is not None
    assert locked.locked_until.isoformat() == "2026-11-26T10:15:00+08:00"
    throttled = error_from_response(
        429,
        json.dumps(
            {"error": {"code": "TOO_MANY_ATTEMPTS", "message": "请 8 秒后再试", "retry_after": 8}}
        ).encode(),
        retry_after="9",
    )
    assert isinstance(throttled, LoginThrottled) and isinstance(throttled, AccountLocked)
    assert (throttled.retry_after, throttled.message) == (8, "请 8 秒后再试")
    # A 429 from something in between (a proxy) says only its header, or nothing.
    from_proxy = error_from_response(429, b"<html>slow down</html>", retry_after="30")
    assert isinstance(from_proxy, LoginThrottled) and from_proxy.retry_after == 30
    bare = error_from_response(429, b"", retry_after="soon")
    assert isinstance(bare, LoginThrottled) and bare.retry_after == DEFAULT_RETRY_AFTER_SECONDS
    refused = error_from_response(409, body("NOT_ALLOWED", reason="ALREADY_APPROVED"))
    assert isinstance(refused, NotAllowed)
    assert (refused.reason, refused.reason_text) == ("ALREADY_APPROVED", "说明")
    assert isinstance(error_from_response(401, body("AUTHENTICATION_REQUIRED")), SessionExpired)
    unknown = error_from_response(400, body("SOMETHING_NEW"))
    assert type(unknown) is PortalError and unknown.code == "SOMETHING_NEW"
