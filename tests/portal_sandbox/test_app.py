"""The HTTP layer: every failure leaves as the contract's JSON error body."""

from __future__ import annotations

import aiohttp
import pytest

from tests.portal_fixtures import DEMO_PASSWORD, SandboxHandle


async def fetch(method: str, url: str, **kwargs: object) -> tuple[int, dict[str, str], dict | None]:
    async with aiohttp.ClientSession() as http:
        async with http.request(method, url, **kwargs) as response:  # type: ignore[arg-type]
            body = await response.json() if response.content_length else None
            return response.status, dict(response.headers), body


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nothing-here", 404, "NOT_FOUND"),
        ("GET", "/", 404, "NOT_FOUND"),
        ("PUT", "/api/v1/sessions", 405, "METHOD_NOT_ALLOWED"),
        ("GET", "/api/v1/submissions/HZ2026112307415/cancel", 405, "METHOD_NOT_ALLOWED"),
        ("HEAD", "/api/v1/account", 405, "METHOD_NOT_ALLOWED"),
    ],
)
async def test_unknown_routes_and_methods_answer_json(
    portal_url: str, method: str, path: str, status: int, code: str
) -> None:
    got, headers, body = await fetch(method, portal_url + path)
    assert got == status
    if method != "HEAD":
        assert body is not None and body["error"]["code"] == code
        assert body["error"]["message"]
    assert headers["Cache-Control"] == "no-store"


async def test_a_large_body_is_refused(portal_url: str) -> None:
    status, _, body = await fetch(
        "POST", portal_url + "/api/v1/sessions", data=b"{" + b" " * 100_000 + b"}"
    )
    assert status == 413 and body is not None
    assert body["error"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",
        b"null",
        b'{"username": 1, "password": 2}',
        b"\xff",
        b"[" * 5000 + b"]" * 5000,
        # Valid JSON that is not text: a lone surrogate reached SQLite and answered 500.
        b'{"username": "\\ud800", "password": "x"}',
        b'{"username": "demo-person", "password": "\\udfff"}',
        b'{"username": "demo\\u0000person", "password": "x"}',
    ],
    ids=["list", "null", "numbers", "not-utf8", "deep", "surrogate", "surrogate-pw", "nul"],
)
async def test_a_malformed_login_body_is_a_validation_error(
    portal_url: str, payload: bytes
) -> None:
    status, _, body = await fetch("POST", portal_url + "/api/v1/sessions", data=payload)
    assert status == 400 and body is not None
    assert body["error"]["code"] == "VALIDATION_FAILED"


@pytest.mark.parametrize("header", [None, "Basic abc", "Bearer", "Bearer  ", "token abc"])
async def test_no_bearer_token_asks_to_log_in(portal_url: str, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    status, response_headers, body = await fetch(
        "GET", portal_url + "/api/v1/account", headers=headers
    )
    assert status == 401 and body is not None
    assert body["error"]["code"] == "AUTHENTICATION_REQUIRED"
    assert response_headers["WWW-Authenticate"].startswith("Bearer")


async def test_chinese_text_is_sent_as_utf8_not_escaped(sandbox: SandboxHandle) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            sandbox.url + "/api/v1/sessions",
            json={"username": "demo-company", "password": DEMO_PASSWORD},
        ) as response:
            raw = await response.read()
    assert "杭州西溪数联科技有限公司".encode() in raw
    assert response.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "query", ["from=0001-01-01", "to=9999-12-31", "from=1899-12-31", "to=3000-01-01"]
)
async def test_dates_at_the_ends_of_the_calendar_are_refused(
    sandbox: SandboxHandle, query: str
) -> None:
    """0001-01-01 once overflowed into a 500 (found by schemathesis)."""
    status, _, body = await fetch(
        "POST",
        sandbox.url + "/api/v1/sessions",
        json={"username": "demo-person", "password": DEMO_PASSWORD},
    )
    assert status == 201 and body is not None
    headers = {"Authorization": f"Bearer {body['token']}"}
    status, _, body = await fetch(
        "GET", f"{sandbox.url}/api/v1/submissions?{query}", headers=headers
    )
    assert status == 400 and body is not None
    assert body["error"]["code"] == "VALIDATION_FAILED"
