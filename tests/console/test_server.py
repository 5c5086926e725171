"""The console's server on a real port: access, CSRF, rate limits, audit, masking."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest
from aiohttp import web

from bot.console.server import Console
from bot.console.store import DEMO_PASSWORD, DEMO_STAFF, ConsoleStore
from tests.console.trackers import id_number

PAGES = ["/inbox", "/tickets", "/conversations", "/figures", "/audit"]
HTML = {"Accept": "text/html"}


@pytest.fixture
async def console(settings, filled) -> AsyncIterator[tuple[str, Console]]:
    console = Console(settings)
    console.store.ensure_demo_staff()
    runner = web.AppRunner(console.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", console
    finally:
        await runner.cleanup()


async def login(http: aiohttp.ClientSession, url: str, password: str = DEMO_PASSWORD) -> int:
    async with http.get(f"{url}/login") as resp:
        token = re.search(r'name="csrf" value="([^"]+)"', await resp.text())[1]  # type: ignore[index]
    data = {"csrf": token, "name": DEMO_STAFF, "password": password}
    async with http.post(f"{url}/login", data=data, allow_redirects=False) as resp:
        return resp.status


def client() -> aiohttp.ClientSession:
    # The default jar refuses cookies from an IP address like 127.0.0.1.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]  # type: ignore[index]


async def test_without_a_session_pages_redirect_and_everything_else_is_401(console):
    url, _ = console
    async with client() as http:
        for path in [*PAGES, "/", "/conversations/web:aaaa"]:
            async with http.get(url + path, headers=HTML, allow_redirects=False) as resp:
                assert resp.status == 303 and resp.headers["Location"] == "/login"
        for path in [
            "/inbox.csv",
            "/figures/fallback.svg",
            "/conversations/web:aaaa",
            "/audit.csv",
        ]:
            async with http.get(url + path) as resp:
                assert resp.status == 401
        async with http.post(f"{url}/inbox/abc/handled", data={"csrf": "x"}) as resp:
            assert resp.status == 401
        async with http.get(f"{url}/healthz") as resp:
            assert resp.status == 200


async def test_login_wrong_password_csrf_and_logout(console):
    url, c = console
    async with client() as http:
        assert await login(http, url, "Wrong-2026") == 401
        async with http.post(
            f"{url}/login",
            data={"name": DEMO_STAFF, "password": DEMO_PASSWORD},
            allow_redirects=False,
        ) as resp:
            assert resp.status == 403  # no CSRF token
        assert await login(http, url) == 303
        cookie = next(m for m in http.cookie_jar if m.key == "console_session")
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        async with http.get(f"{url}/inbox") as resp:
            html = await resp.text()
            assert resp.status == 200 and "公积金" in html
        async with http.post(f"{url}/logout", data={}, allow_redirects=False) as resp:
            assert resp.status == 403  # the form's CSRF token is missing
        async with http.post(
            f"{url}/logout", data={"csrf": csrf_of(html)}, allow_redirects=False
        ) as resp:
            assert resp.status == 303
        async with http.get(f"{url}/inbox", allow_redirects=False) as resp:
            assert resp.status == 401


async def test_login_attempts_are_rate_limited(console, settings):
    url, c = console
    c.limits = replace(c.limits, login_failures_per_address="3/15minutes")
    async with client() as http:
        for _ in range(3):
            assert await login(http, url, "Wrong-2026") == 401
        assert await login(http, url) == 429  # even the right password, until the window passes


async def test_every_page_renders_audits_transcripts_and_hides_id_numbers(console):
    url, c = console
    async with client() as http:
        assert await login(http, url) == 303
        seen = ""
        for path in [*PAGES, "/conversations?channel=rest&fallback=1", "/tickets?q=HZ"]:
            async with http.get(url + path) as resp:
                assert resp.status == 200, path
                assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
                seen += await resp.text()
        for conv in ["rest:bbbb", "web:aaaa"]:
            async with http.get(f"{url}/conversations/{conv}") as resp:
                seen += await resp.text()
        for path in ["/inbox.csv", "/conversations.csv", "/figures/latency.csv", "/tickets.csv"]:
            async with http.get(url + path) as resp:
                assert resp.status == 200 and resp.content_type == "text/csv"
                seen += await resp.text()
        async with http.get(f"{url}/figures/fallback.svg") as resp:
            body = await resp.text()
            assert (
                resp.status == 200 and body.lstrip().startswith("<?xml") and "<script" not in body
            )
        assert id_number() not in seen and "******" in seen
        audit = c.store.audit_log()
        assert [a.conversation_id for a in audit] == ["web:aaaa", "rest:bbbb"]
        assert all(a.staff == DEMO_STAFF and a.action == "transcript" for a in audit)


async def test_mark_handled_hides_the_group_and_the_snippet_downloads(console):
    url, c = console
    async with client() as http:
        assert await login(http, url) == 303
        async with http.get(f"{url}/inbox") as resp:
            html = await resp.text()
        key = re.search(r'action="/inbox/([0-9a-f]+)/handled"', html)[1]  # type: ignore[index]
        async with http.get(f"{url}/inbox/{key}/snippet.yml") as resp:
            assert resp.status == 200 and 'version: "3.1"' in await resp.text()
        async with http.post(
            f"{url}/inbox/{key}/handled", data={"csrf": csrf_of(html)}, allow_redirects=False
        ) as resp:
            assert resp.status == 303
        async with http.get(f"{url}/inbox") as resp:
            assert f"/inbox/{key}/handled" not in await resp.text()


def test_production_refuses_the_demo_account(settings, database_url):
    from bot.console.__main__ import prepare
    from bot.console.errors import ConsoleSetupError

    store = ConsoleStore(database_url)
    prepare(settings, store)
    with pytest.raises(ConsoleSetupError):
        prepare(replace(settings, production=True), store)
    store.add_staff(DEMO_STAFF, "A-real-password-42")
    prepare(replace(settings, production=True), store)
