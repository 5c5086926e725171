"""The HTTP layer: routes of ``portal_client/openapi.yaml`` over :class:`PortalService`.

Handlers parse and check the request, run the service method in a worker thread (the
database calls are synchronous) and answer JSON. Every error, ours or aiohttp's, leaves
as the contract's error body.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiohttp import web

from portal_sandbox.errors import ApiError, ErrorCode, not_found, validation_failed
from portal_sandbox.events import EventSender, EventSettings, sender_context
from portal_sandbox.models import STATUSES
from portal_sandbox.service import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PortalService,
    SubmissionQuery,
)

log = logging.getLogger(__name__)

SERVICE_KEY = web.AppKey("service", PortalService)
SENDER_KEY = web.AppKey("event_sender", EventSender)
#: Request bodies are tiny JSON objects; anything bigger is refused.
MAX_BODY_BYTES = 16 * 1024
MAX_TEXT_LENGTH = 128
MAX_PAGE = 10_000
MAX_ACCEPTANCE_NO_LENGTH = 32
#: Date filters outside these days are refused: 0001-01-01 in Beijing is before the
#: first UTC day that datetime can hold, and 9999-12-31 has no next day (schemathesis).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(data: Any, *, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False)
    )


def error_response(error: ApiError) -> web.Response:
    response = json_response(error.body(), status=error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hrss"'
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


_HTTP_ERRORS: dict[int, tuple[ErrorCode, str]] = {
    404: (ErrorCode.NOT_FOUND, "没有这个接口。"),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "该接口不支持这种请求方法。"),
    413: (ErrorCode.PAYLOAD_TOO_LARGE, "请求内容过大。"),
}


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure into the contract's JSON error body."""
    try:
        response = await handler(request)
    except ApiError as exc:
        response = error_response(exc)
    except web.HTTPException as exc:
        code, message = _HTTP_ERRORS.get(
            exc.status, (ErrorCode.VALIDATION_FAILED, "请求格式不正确。")
        )
        status = exc.status if exc.status >= 400 else 400
        response = error_response(ApiError(status, code, message))
        if exc.status == 405:
            response.headers["Allow"] = exc.headers.get("Allow", "")
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        response = error_response(ApiError(500, ErrorCode.INTERNAL_ERROR, "系统繁忙，请稍后再试。"))
    response.headers["Cache-Control"] = "no-store"
    return response


def _service(request: web.Request) -> PortalService:
    return request.app[SERVICE_KEY]


def _bearer_token(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 512:
        raise ApiError(401, ErrorCode.AUTHENTICATION_REQUIRED, "请先登录。")
    return token


async def _json_object(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise validation_failed("请求内容不是有效的 JSON。") from exc
    if not isinstance(data, dict):
        raise validation_failed("请求内容必须是 JSON 对象。")
    return data


def _text_field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT_LENGTH:
        raise validation_failed(f"字段 {name} 必须是 1 至 {MAX_TEXT_LENGTH} 个字符的文本。")
    if not _is_unicode_text(value):
        raise validation_failed(f"字段 {name} 含有无效的字符。")
    return value


def _is_unicode_text(value: str) -> bool:
    """False for a lone surrogate (``"\\ud800"`` is valid JSON but not text)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def _int_param(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise validation_failed(f"参数 {name} 必须是 {low} 至 {high} 之间的整数。")
    return int(raw)


def _date_param(request: web.Request, name: str) -> date | None:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise validation_failed(f"参数 {name} 必须是 YYYY-MM-DD 格式的日期。") from exc
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise validation_failed(
            f"参数 {name} 必须是 {EARLIEST_DATE.year} 至 {LATEST_DATE.year} 年之间的日期。"
        )
    return day


def parse_submission_query(request: web.Request) -> SubmissionQuery:
    """The filters of ``GET /api/v1/submissions``, checked."""
    statuses: tuple[str, ...] = ()
    raw_status = request.query.get("status")
    if raw_status:
        statuses = tuple(dict.fromkeys(s.strip() for s in raw_status.split(",")))
        if not set(statuses) <= set(STATUSES):
            raise validation_failed(
                f"参数 status 只能是 {', '.join(STATUSES)}（可用逗号分隔多个）。"
            )
    item = request.query.get("item") or None
    if item is not None and (len(item) > 100 or not _is_unicode_text(item)):
        raise validation_failed("参数 item 必须是不超过 100 个字符的文本。")
    date_from = _date_param(request, "from")
    date_to = _date_param(request, "to")
    if date_from and date_to and date_from > date_to:
        raise validation_failed("开始日期不能晚于结束日期。")
    return SubmissionQuery(
        statuses=statuses,
        item=item,
        date_from=date_from,
        date_to=date_to,
        page=_int_param(request, "page", 1, 1, MAX_PAGE),
        page_size=_int_param(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    )


def _acceptance_no(request: web.Request) -> str:
    """The path's acceptance number; one that cannot exist is simply not found."""
    number = request.match_info["acceptance_no"]
    if len(number) > MAX_ACCEPTANCE_NO_LENGTH or not _is_unicode_text(number):
        raise not_found()
    return number


# -- handlers -------------------------------------------------------------------


async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    try:
        await asyncio.to_thread(_service(request).ping)
    except Exception as exc:
        log.warning("database not reachable: %s", exc)
        raise ApiError(503, ErrorCode.UNAVAILABLE, "数据库暂时无法访问。") from exc
    return json_response({"status": "ready"})


async def login(request: web.Request) -> web.Response:
    data = await _json_object(request)
    username = _text_field(data, "username")
    password = _text_field(data, "password")
    result = await asyncio.to_thread(_service(request).login, username, password)
    return json_response(result, status=201)


async def logout(request: web.Request) -> web.Response:
    await asyncio.to_thread(_service(request).logout, _bearer_token(request))
    return web.Response(status=204)


async def get_account(request: web.Request) -> web.Response:
    result = await asyncio.to_thread(_service(request).account, _bearer_token(request))
    return json_response(result)


async def change_password(request: web.Request) -> web.Response:
    token = _bearer_token(request)
    data = await _json_object(request)
    old = _text_field(data, "old_password")
    new = _text_field(data, "new_password")
    await asyncio.to_thread(_service(request).change_password, token, old, new)
    return web.Response(status=204)


async def list_submissions(request: web.Request) -> web.Response:
    token = _bearer_token(request)
    query = parse_submission_query(request)
    result = await asyncio.to_thread(_service(request).list_submissions, token, query)
    return json_response(result)


async def get_submission(request: web.Request) -> web.Response:
    token = _bearer_token(request)
    number = _acceptance_no(request)
    result = await asyncio.to_thread(_service(request).get_submission, token, number)
    return json_response(result)


async def subscribe_submission(request: web.Request) -> web.Response:
    token = _bearer_token(request)
    number = _acceptance_no(request)
    result = await asyncio.to_thread(_service(request).subscribe, token, number)
    return json_response(result, status=201)


async def cancel_submission(request: web.Request) -> web.Response:
    token = _bearer_token(request)
    number = _acceptance_no(request)
    result = await asyncio.to_thread(_service(request).cancel_submission, token, number)
    sender = request.app.get(SENDER_KEY)
    if sender is not None:
        sender.wake()
    return json_response(result)


#: Every route of the contract: (method, path, handler).
ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/healthz", healthz),
    ("GET", "/readyz", readyz),
    ("POST", "/api/v1/sessions", login),
    ("DELETE", "/api/v1/sessions/current", logout),
    ("GET", "/api/v1/account", get_account),
    ("POST", "/api/v1/account/password", change_password),
    ("GET", "/api/v1/submissions", list_submissions),
    ("GET", "/api/v1/submissions/{acceptance_no}", get_submission),
    ("POST", "/api/v1/submissions/{acceptance_no}/cancel", cancel_submission),
    ("POST", "/api/v1/submissions/{acceptance_no}/subscription", subscribe_submission),
)


def create_app(service: PortalService, *, events: EventSettings | None = None) -> web.Application:
    """The sandbox's web application over ``service``; with ``events``, it sends them too."""
    app = web.Application(middlewares=[error_middleware], client_max_size=MAX_BODY_BYTES)
    app[SERVICE_KEY] = service
    if events is not None:
        sender = EventSender(service, events)
        app[SENDER_KEY] = sender
        app.cleanup_ctx.append(sender_context(sender))
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
    return app
