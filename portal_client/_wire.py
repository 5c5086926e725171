"""Reading the portal's answers: JSON bodies to dataclasses, error bodies to exceptions.

Everything that comes off the wire passes through here, and anything that is not the
contract's format becomes :class:`InvalidResponse` (or :class:`PortalUnavailable` for
a 5xx). No other exception leaves these functions.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from portal_client._errors import (
    AccountLocked,
    AuthenticationFailed,
    InvalidRequest,
    InvalidResponse,
    LoginThrottled,
    NotAllowed,
    NotFound,
    PortalError,
    PortalUnavailable,
    SessionExpired,
    WeakPassword,
)
from portal_client._models import (
    Account,
    AccountKind,
    BusinessUnit,
    Category,
    Session,
    StatusEvent,
    Submission,
    SubmissionPage,
    SubmissionStatus,
    Subscription,
)

E = TypeVar("E", bound=enum.Enum)

_ERROR_TYPES: dict[str, type[PortalError]] = {
    "AUTHENTICATION_FAILED": AuthenticationFailed,
    "ACCOUNT_LOCKED": AccountLocked,
    "TOO_MANY_ATTEMPTS": LoginThrottled,
    "AUTHENTICATION_REQUIRED": SessionExpired,
    "SESSION_EXPIRED": SessionExpired,
    "NOT_FOUND": NotFound,
    "NOT_ALLOWED": NotAllowed,
    "VALIDATION_FAILED": InvalidRequest,
    "METHOD_NOT_ALLOWED": InvalidRequest,
    "PAYLOAD_TOO_LARGE": InvalidRequest,
    "WEAK_PASSWORD": WeakPassword,
    "INTERNAL_ERROR": PortalUnavailable,
    "UNAVAILABLE": PortalUnavailable,
}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_json(raw: bytes) -> object:
    """Parse a body as strict JSON (UTF-8, no NaN or Infinity)."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidResponse(f"the portal's answer is not valid JSON: {exc}") from exc


def _object(data: object, where: str) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise InvalidResponse(f"{where}: expected a JSON object, got {type(data).__name__}")
    return data


def _missing(data: Mapping[str, object], key: str, where: str) -> object:
    if key not in data:
        raise InvalidResponse(f"{where}.{key}: missing")
    return data[key]


def _text(data: Mapping[str, object], key: str, where: str) -> str:
    value = _missing(data, key, where)
    if not isinstance(value, str):
        raise InvalidResponse(f"{where}.{key}: expected text, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidResponse(f"{where}.{key}: not valid Unicode text") from exc
    return value


def _optional_text(data: Mapping[str, object], key: str, where: str) -> str | None:
    if data.get(key) is None:
        return None
    return _text(data, key, where)


def _int(data: Mapping[str, object], key: str, where: str, *, minimum: int) -> int:
    value = _missing(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidResponse(f"{where}.{key}: expected a whole number")
    if value < minimum:
        raise InvalidResponse(f"{where}.{key}: must be at least {minimum}")
    return value


def _bool(data: Mapping[str, object], key: str, where: str) -> bool:
    value = _missing(data, key, where)
    if not isinstance(value, bool):
        raise InvalidResponse(f"{where}.{key}: expected true or false")
    return value


def _enum(data: Mapping[str, object], key: str, where: str, kind: type[E]) -> E:
    value = _text(data, key, where)
    try:
        return kind(value)
    except ValueError as exc:
        raise InvalidResponse(f"{where}.{key}: unknown value {value[:40]!r}") from exc


def _time(data: Mapping[str, object], key: str, where: str) -> datetime:
    value = _text(data, key, where)
    try:
        if len(value) > 40:
            raise ValueError("too long")
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError as exc:
        raise InvalidResponse(f"{where}.{key}: not an ISO 8601 time") from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidResponse(f"{where}.{key}: the time has no UTC offset")
    return parsed


def _optional_time(data: Mapping[str, object], key: str, where: str) -> datetime | None:
    if data.get(key) is None:
        return None
    return _time(data, key, where)


def parse_account(data: object, where: str = "account") -> Account:
    obj = _object(data, where)
    return Account(
        username=_text(obj, "username", where),
        kind=_enum(obj, "kind", where, AccountKind),
        display_name=_text(obj, "display_name", where),
        unit_name=_optional_text(obj, "unit_name", where),
        citizen_mailbox=_bool(obj, "citizen_mailbox", where),
    )


def parse_session(data: object) -> Session:
    obj = _object(data, "session")
    token = _text(obj, "token", "session")
    if not token or len(token) > 512 or not token.isascii() or not token.isprintable():
        raise InvalidResponse("session.token: not a usable token")
    token_type = obj.get("token_type", "Bearer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise InvalidResponse("session.token_type: expected Bearer")
    return Session(
        token=token,
        expires_in=_int(obj, "expires_in", "session", minimum=1),
        account=parse_account(_missing(obj, "account", "session"), "session.account"),
    )


def parse_submission(data: object, where: str = "submission") -> Submission:
    obj = _object(data, where)
    unit_where = f"{where}.business_unit"
    unit = _object(_missing(obj, "business_unit", where), unit_where)
    record_count = None
    if obj.get("record_count") is not None:
        record_count = _int(obj, "record_count", where, minimum=1)
    return Submission(
        acceptance_no=_text(obj, "acceptance_no", where),
        item=_text(obj, "item", where),
        category=_enum(obj, "category", where, Category),
        status=_enum(obj, "status", where, SubmissionStatus),
        submitted_at=_time(obj, "submitted_at", where),
        business_unit=BusinessUnit(
            name=_text(unit, "name", unit_where), phone=_text(unit, "phone", unit_where)
        ),
        reviewer_note=_optional_text(obj, "reviewer_note", where),
        reviewed_at=_optional_time(obj, "reviewed_at", where),
        cancelled_at=_optional_time(obj, "cancelled_at", where),
        record_count=record_count,
    )


def parse_subscription(data: object) -> Subscription:
    obj = _object(data, "subscription")
    return Subscription(
        subscription_id=_text(obj, "subscription_id", "subscription"),
        acceptance_no=_text(obj, "acceptance_no", "subscription"),
        status=_enum(obj, "status", "subscription", SubmissionStatus),
        expires_at=_time(obj, "expires_at", "subscription"),
    )


def parse_status_event(data: object) -> StatusEvent:
    obj = _object(data, "event")
    if obj.get("type") != "submission.status_changed":
        raise InvalidResponse("event.type: expected submission.status_changed")
    return StatusEvent(
        event_id=_text(obj, "event_id", "event"),
        subscription_id=_text(obj, "subscription_id", "event"),
        acceptance_no=_text(obj, "acceptance_no", "event"),
        item=_text(obj, "item", "event"),
        status=_enum(obj, "status", "event", SubmissionStatus),
        occurred_at=_time(obj, "occurred_at", "event"),
    )


def parse_submission_page(data: object) -> SubmissionPage:
    obj = _object(data, "page")
    items = _missing(obj, "items", "page")
    if not isinstance(items, list):
        raise InvalidResponse("page.items: expected a list")
    return SubmissionPage(
        items=tuple(parse_submission(item, f"page.items[{i}]") for i, item in enumerate(items)),
        page=_int(obj, "page", "page", minimum=1),
        page_size=_int(obj, "page_size", "page", minimum=1),
        total=_int(obj, "total", "page", minimum=0),
    )


#: The wait assumed when a 429 says nothing of how long (e.g. from a proxy).
DEFAULT_RETRY_AFTER_SECONDS = 60
#: A longer wait than this in an answer is taken as this.
MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60


def _retry_after(body_value: object, header: str | None) -> int:
    """Seconds to wait, from the body's ``retry_after`` or else the Retry-After header."""
    if isinstance(body_value, int) and not isinstance(body_value, bool) and body_value >= 0:
        return min(body_value, MAX_RETRY_AFTER_SECONDS)
    if header is not None and header.strip().isascii() and header.strip().isdigit():
        return min(int(header.strip()), MAX_RETRY_AFTER_SECONDS)
    return DEFAULT_RETRY_AFTER_SECONDS


def error_from_response(status: int, raw: bytes, *, retry_after: str | None = None) -> PortalError:
    """The exception for an HTTP error answer (status 400 or above).

    ``retry_after`` is the answer's Retry-After header, if any.
    """
    try:
        body = _object(decode_json(raw), "error body")
        error = _object(_missing(body, "error", "error body"), "error")
        code = _text(error, "code", "error")
        message = _text(error, "message", "error")
        reason = _optional_text(error, "reason", "error")
        locked_until = _optional_time(error, "locked_until", "error")
    except InvalidResponse as exc:
        if status >= 500:
            return PortalUnavailable(f"the portal failed with HTTP {status}", status=status)
        if status == 429:
            return LoginThrottled(
                f"HTTP {status} without the contract's error body",
                retry_after=_retry_after(None, retry_after),
                status=status,
            )
        return InvalidResponse(f"HTTP {status} without the contract's error body: {exc.message}")
    kind = _ERROR_TYPES.get(code, PortalError)
    if status >= 500:
        kind = PortalUnavailable
    elif status == 429:
        kind = LoginThrottled
    if kind is LoginThrottled:
        return LoginThrottled(
            message,
            retry_after=_retry_after(error.get("retry_after"), retry_after),
            code=code,
            status=status,
            reason=reason,
        )
    if kind is AccountLocked:
        return AccountLocked(
            message, locked_until=locked_until, code=code, status=status, reason=reason
        )
    return kind(message, code=code, status=status, reason=reason)
