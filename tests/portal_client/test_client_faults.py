"""The client when the portal is down, hangs, fails or answers garbage.

The sandbox can't be made to misbehave, so tiny real servers do it here.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from aiohttp import web

from portal_client import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
    InvalidResponse,
    NotFound,
    PortalClient,
    PortalError,
    PortalTimeout,
    PortalUnavailable,
    Timeouts,
)
from tests.portal_client.conftest import serving

SHORT = Timeouts(connect=0.3, total=0.3)
BACKOFF = 0.01
GOOD_ACCOUNT = {
    "username": "demo-person",
    "kind": "individual",
    "display_name": "王小明",
    "unit_name": None,
    "citizen_mailbox": False,
}


def test_default_timeouts_are_named() -> None:
    assert (DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, DEFAULT_RETRIES) == (2.0, 5.0, 2)
    assert Timeouts() == Timeouts(connect=2.0, total=5.0)
    with pytest.raises(ValueError):
        Timeouts(connect=6.0, total=5.0)


@pytest.mark.parametrize("url", ["localhost:8088", "ftp://portal", "http://", ""])
def test_a_bad_base_url_is_refused_at_once(url: str) -> None:
    with pytest.raises(ValueError):
        PortalClient(url)


async def test_calls_need_the_async_with() -> None:
    client = PortalClient("http://127.0.0.1:1")
    with pytest.raises(RuntimeError):
        await client.check_health()


async def test_a_closed_port_is_unavailable(closed_port_url: str) -> None:
    async with PortalClient(closed_port_url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable) as caught:
            await client.get_account("token")
        with pytest.raises(PortalUnavailable):
            await client.login("demo-person", "Demo-2026")
    # Refused, not timed out: no stopwatch needed to tell (timings are benchmarks).
    assert isinstance(caught.value, ConnectionError)
    assert not isinstance(caught.value, TimeoutError)
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize("call", ["read", "write"])
async def test_a_hanging_portal_times_out(hanging_url: str, call: str) -> None:
    async with PortalClient(hanging_url, timeouts=SHORT, retry_backoff=BACKOFF) as client:
        started = time.monotonic()
        with pytest.raises(PortalTimeout) as caught:
            if call == "read":
                await client.list_submissions("token")
            else:
                await client.cancel_submission("token", "HZ2026112307415")
        elapsed = time.monotonic() - started
    # The named total timeout ended it: never sooner (a busy machine can only be later).
    assert elapsed >= SHORT.total * 0.9
    assert isinstance(caught.value, PortalUnavailable)
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value, ConnectionError)


class Flaky:
    """Answers with the given statuses in turn, then 200 with ``body``; counts hits."""

    def __init__(self, *statuses: int, body: object = GOOD_ACCOUNT) -> None:
        self.statuses = list(statuses)
        self.body = body
        self.hits = 0

    async def __call__(self, request: web.Request) -> web.Response:
        self.hits += 1
        if self.statuses:
            return web.Response(status=self.statuses.pop(0), text="<html>bad gateway</html>")
        return web.json_response(self.body)


async def test_a_read_is_tried_again_after_502_or_503() -> None:
    flaky = Flaky(503, 502)
    async with serving(flaky) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        account = await client.get_account("token")
    assert account.username == "demo-person"
    assert flaky.hits == 3


async def test_a_read_is_tried_at_most_twice_again() -> None:
    flaky = Flaky(503, 503, 503, 503)
    async with serving(flaky) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable) as caught:
            await client.get_account("token")
    assert flaky.hits == 1 + DEFAULT_RETRIES
    assert caught.value.status == 503


async def test_a_write_is_never_tried_again() -> None:
    flaky = Flaky(503)
    async with serving(flaky) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable):
            await client.cancel_submission("token", "HZ2026112307415")
        with pytest.raises(PortalUnavailable):
            flaky.statuses.append(502)
            await client.login("demo-person", "Demo-2026")
    assert flaky.hits == 2


async def test_an_internal_error_is_unavailable_and_not_retried() -> None:
    hits = 0

    async def broken(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        return web.json_response(
            {"error": {"code": "INTERNAL_ERROR", "message": "系统繁忙，请稍后再试。"}}, status=500
        )

    async with serving(broken) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable) as caught:
            await client.get_account("token")
    assert hits == 1
    assert (caught.value.code, caught.value.message) == ("INTERNAL_ERROR", "系统繁忙，请稍后再试。")


async def test_retries_back_off() -> None:
    flaky = Flaky(503, 503)
    async with serving(flaky) as url, PortalClient(url, retry_backoff=0.1) as client:
        started = time.monotonic()
        await client.get_account("token")
    assert time.monotonic() - started >= 0.1 + 0.2


async def test_a_dropped_connection_is_unavailable() -> None:
    async def drop(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        await asyncio.sleep(0.05)
        return web.Response()

    async with serving(drop) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable):
            await client.get_account("token")


async def test_a_truncated_body_is_unavailable() -> None:
    async def truncated(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = 1000
        await response.prepare(request)
        await response.write(b'{"username": "demo')
        assert request.transport is not None
        request.transport.close()
        return response

    async with serving(truncated) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalUnavailable):
            await client.get_account("token")


GARBAGE = [
    (200, b"<html>hello</html>", "text/html", InvalidResponse),
    (200, b"", "application/json", InvalidResponse),
    (200, b'{"username": 1}', "application/json", InvalidResponse),
    (200, b"[" * 100_000 + b"]" * 100_000, "application/json", InvalidResponse),
    (200, b'{"a": NaN}', "application/json", InvalidResponse),
    (200, b"\xff\xfe{}", "application/json", InvalidResponse),
    (200, b" " * (1024 * 1024 + 1), "application/json", InvalidResponse),
    (404, b"<html>not found</html>", "text/html", InvalidResponse),
    (401, b'{"error": "nope"}', "application/json", InvalidResponse),
    (
        418,
        json.dumps({"error": {"code": "TEAPOT", "message": "我是茶壶"}}).encode(),
        "application/json",
        PortalError,
    ),
    (
        404,
        json.dumps({"error": {"code": "NOT_FOUND", "message": "没有"}}).encode(),
        "application/json",
        NotFound,
    ),
    (502, b"<html>bad gateway</html>", "text/html", PortalUnavailable),
    (500, b"", "text/plain", PortalUnavailable),
]


@pytest.mark.parametrize(("status", "body", "content_type", "expected"), GARBAGE)
async def test_garbage_from_the_portal_is_a_clear_portal_error(
    status: int, body: bytes, content_type: str, expected: type[PortalError]
) -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=status, body=body, headers={"Content-Type": content_type})

    async with serving(answer) as url, PortalClient(url, retry_backoff=BACKOFF) as client:
        with pytest.raises(PortalError) as caught:
            await client.get_account("token")
    assert type(caught.value) is expected


async def test_a_hostile_session_token_is_refused() -> None:
    body = {"token": "abc\r\nX-Injected: 1", "token_type": "Bearer", "expires_in": 60}
    body["account"] = GOOD_ACCOUNT  # type: ignore[assignment]

    async def answer(request: web.Request) -> web.Response:
        return web.json_response(body, status=201)

    async with serving(answer) as url, PortalClient(url) as client:
        with pytest.raises(InvalidResponse):
            await client.login("demo-person", "Demo-2026")


async def test_a_redirect_is_not_followed() -> None:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://example.invalid/login")

    async with serving(redirect) as url, PortalClient(url) as client:
        with pytest.raises(InvalidResponse):
            await client.get_account("token")


async def test_the_token_travels_as_a_bearer_header_only() -> None:
    seen: list[web.Request] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(request)
        return web.json_response(GOOD_ACCOUNT)

    async with serving(record) as url, PortalClient(url) as client:
        await client.get_account("secret-token")
    assert seen[0].headers["Authorization"] == "Bearer secret-token"
    assert "secret-token" not in str(seen[0].rel_url)
