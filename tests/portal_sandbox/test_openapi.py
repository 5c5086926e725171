"""The contract document and the sandbox agree: same routes, same codes, same shapes.

Every documented response of every operation is provoked against the real sandbox and
its body checked against the document's schema.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest
import yaml
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

import portal_client
from portal_sandbox.app import ROUTES, create_app
from portal_sandbox.errors import ErrorCode
from portal_sandbox.service import PortalService
from portal_sandbox.testing import running_sandbox
from tests.portal_fixtures import DEMO_PASSWORD, SandboxHandle

DOCUMENT_PATH = Path(portal_client.__file__).parent / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT_PATH.read_text(encoding="utf-8"))


def documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def test_the_document_is_openapi_3(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Submission"])


def test_every_route_is_documented_and_every_documented_route_exists(
    document: dict[str, Any],
) -> None:
    app = create_app(PortalService(sessionmaker(), session_idle_seconds=60))
    served = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
    }
    assert served == documented_operations(document)
    assert served == {(method, path) for method, path, _ in ROUTES}


def test_path_parameters_are_declared(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        declared = set()
        for parameter in item.get("parameters", []):
            if "$ref" in parameter:
                parameter = resolve(document, parameter["$ref"])
            declared.add(parameter["name"])
        assert set(re.findall(r"{(\w+)}", path)) == declared, path


def test_the_documented_error_codes_are_the_sandboxs(document: dict[str, Any]) -> None:
    documented = set(document["components"]["schemas"]["ErrorCode"]["enum"])
    assert documented == {code.value for code in ErrorCode}


def test_the_documented_password_rule_is_the_sandboxs(document: dict[str, Any]) -> None:
    from portal_sandbox.security import PASSWORD_RULE

    description = document["paths"]["/api/v1/account/password"]["post"]["description"]
    assert PASSWORD_RULE in description


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


class ContractChecker:
    """Sends raw requests and checks each answer against the document."""

    def __init__(self, document: dict[str, Any], http: aiohttp.ClientSession, base: str) -> None:
        self.document = document
        self.http = http
        self.base = base
        self.seen: set[tuple[str, str, str]] = set()
        self.last_headers: Any = {}
        self.resolver = jsonschema.RefResolver.from_schema(document)

    def operation(self, method: str, url_path: str) -> tuple[str, dict[str, Any]]:
        for template, item in self.document["paths"].items():
            pattern = "^" + re.sub(r"{\w+}", "[^/]+", template) + "$"
            if re.match(pattern, url_path) and method.lower() in item:
                return template, item[method.lower()]
        raise AssertionError(f"{method} {url_path} is not in the document")

    async def call(
        self, method: str, url_path: str, *, token: str | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.http.request(
            method, self.base + url_path, headers=headers, **kwargs
        ) as response:
            status = response.status
            body = await response.json() if response.content_length else None
            content_type = response.content_type
            self.last_headers = response.headers
        template, operation = self.operation(method, url_path.partition("?")[0])
        documented = operation["responses"]
        assert str(status) in documented, f"{method} {template} answered undocumented {status}"
        spec = documented[str(status)]
        if "$ref" in spec:
            spec = resolve(self.document, spec["$ref"])
        if "content" in spec:
            assert content_type == "application/json"
            schema = spec["content"]["application/json"]["schema"]
            jsonschema.Draft202012Validator(schema, resolver=self.resolver).validate(body)
        else:
            assert body is None, f"{method} {template} {status} should have no body"
        self.seen.add((method, template, str(status)))
        return status, body

    async def login(self, username: str) -> str:
        status, body = await self.call(
            "POST", "/api/v1/sessions", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert status == 201
        return body["token"]


@pytest.fixture
async def broken_database_url() -> AsyncIterator[str]:
    """A sandbox whose database cannot be opened, for /readyz."""
    engine = create_engine("sqlite:////proc/no-such-dir/portal.db")
    service = PortalService(sessionmaker(bind=engine), session_idle_seconds=60)
    from aiohttp import web

    runner = web.AppRunner(create_app(service), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_every_documented_answer_happens_and_matches_its_schema(
    document: dict[str, Any], sandbox: SandboxHandle, broken_database_url: str
) -> None:
    async with aiohttp.ClientSession() as http:
        c = ContractChecker(document, http, sandbox.url)
        await c.call("GET", "/healthz")
        await c.call("GET", "/readyz")
        c.base = broken_database_url
        assert (await c.call("GET", "/readyz"))[0] == 503
        c.base = sandbox.url

        # sessions
        assert (await c.call("POST", "/api/v1/sessions", data=b"not json"))[0] == 400
        assert (await c.call("POST", "/api/v1/sessions", json={"username": "x"}))[0] == 400
        wrong = {"username": "demo-mailbox", "password": "wrong"}
        assert (await c.call("POST", "/api/v1/sessions", json=wrong))[0] == 401
        for _ in range(4):
            assert (await c.call("POST", "/api/v1/sessions", json=wrong))[0] == 401
        status, body = await c.call("POST", "/api/v1/sessions", json=wrong)
        assert (status, body["error"]["code"]) == (429, "TOO_MANY_ATTEMPTS")
        assert body["error"]["retry_after"] == int(c.last_headers["Retry-After"]) > 0

        token = await c.login("demo-person")
        company = await c.login("demo-company")

        # account
        assert (await c.call("GET", "/api/v1/account", token=token))[0] == 200
        assert (await c.call("GET", "/api/v1/account"))[0] == 401

        # submissions
        status, page = await c.call("GET", "/api/v1/submissions?page_size=50", token=company)
        assert status == 200 and page["total"] == len(page["items"]) >= 6
        assert (await c.call("GET", "/api/v1/submissions?status=open", token=token))[0] == 400
        assert (await c.call("GET", "/api/v1/submissions?from=2026-1-1", token=token))[0] == 400
        assert (await c.call("GET", "/api/v1/submissions?page=x", token=token))[0] == 400
        assert (await c.call("GET", "/api/v1/submissions"))[0] == 401
        mine = "/api/v1/submissions/HZ2026112307415"
        theirs = "/api/v1/submissions/HZ2026112509342"
        assert (await c.call("GET", mine, token=token))[0] == 200
        assert (await c.call("GET", theirs, token=token))[0] == 404
        assert (await c.call("GET", mine))[0] == 401

        # status-change subscriptions (issue 16)
        assert (await c.call("POST", mine + "/subscription", token=token))[0] == 201
        assert (await c.call("POST", theirs + "/subscription", token=token))[0] == 404
        assert (await c.call("POST", mine + "/subscription"))[0] == 401

        # cancel
        assert (await c.call("POST", mine + "/cancel", token=token))[0] == 200
        assert (await c.call("POST", mine + "/cancel", token=token))[0] == 200
        status, body = await c.call("POST", mine + "/subscription", token=token)
        assert (status, body["error"]["reason"]) == (409, "NOT_PENDING")
        approved = "/api/v1/submissions/HZ2026102609884/cancel"
        status, body = await c.call("POST", approved, token=token)
        assert (status, body["error"]["reason"]) == (409, "ALREADY_APPROVED")
        assert (await c.call("POST", theirs + "/cancel", token=token))[0] == 404
        assert (await c.call("POST", mine + "/cancel"))[0] == 401

        # password
        password = "/api/v1/account/password"
        assert (await c.call("POST", password, token=token, json={"old_password": 1}))[0] == 400
        change = {"old_password": "wrong", "new_password": "Strong-Pass-1"}
        assert (await c.call("POST", password, token=token, json=change))[0] == 403
        weak = {"old_password": DEMO_PASSWORD, "new_password": "weak"}
        status, body = await c.call("POST", password, token=token, json=weak)
        assert (status, body["error"]["reason"]) == (422, "LENGTH")
        for _ in range(5):
            assert (await c.call("POST", password, token=company, json=change))[0] == 403
        assert (await c.call("POST", password, token=company, json=change))[0] == 429
        assert (await c.call("POST", password, json=change))[0] == 401
        good = {"old_password": DEMO_PASSWORD, "new_password": "Strong-Pass-1"}
        assert (await c.call("POST", password, token=token, json=good))[0] == 204

        # logout
        assert (await c.call("DELETE", "/api/v1/sessions/current", token=token))[0] == 204
        assert (await c.call("DELETE", "/api/v1/sessions/current", token=token))[0] == 401

    documented = {
        (method.upper(), path, status)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
        for status in operation["responses"]
    }
    assert c.seen == documented


async def test_running_sandbox_serves_the_demo_data(portal_db_url: str) -> None:
    async with running_sandbox(portal_db_url) as base_url, aiohttp.ClientSession() as http:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        async with http.post(
            base_url + "/api/v1/sessions",
            json={"username": "demo-institution", "password": DEMO_PASSWORD},
        ) as response:
            assert response.status == 201
            assert (await response.json())["account"]["kind"] == "institution"
