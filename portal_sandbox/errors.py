"""The error codes of the API and the exception that carries one to the client.

The body is always ``{"error": {"code": ..., "message": ..., "reason": ...}}``; the
codes are stable, the Chinese messages may change.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(str, enum.Enum):
    """Stable error codes, each with its HTTP status."""

    VALIDATION_FAILED = "VALIDATION_FAILED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    AUTHENTICATION_REQUIRED = "AUTHENTICATION_REQUIRED"
    AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED"
    SESSION_EXPIRED = "SESSION_EXPIRED"
    #: Never sent since contract 1.1 (the lockout became :attr:`TOO_MANY_ATTEMPTS`);
    #: kept so that clients of either version understand the code.
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ALLOWED = "NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    UNAVAILABLE = "UNAVAILABLE"


class NotAllowedReason(str, enum.Enum):
    """Why a cancel or a review was refused (``reason`` of a ``NOT_ALLOWED`` error)."""

    ALREADY_APPROVED = "ALREADY_APPROVED"
    QUERY_ITEM = "QUERY_ITEM"
    NOT_PENDING = "NOT_PENDING"


class ApiError(Exception):
    """An error answer: HTTP status, stable code, Chinese message, optional extras."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        reason: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.reason = reason
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        error: dict[str, Any] = {"code": self.code.value, "message": self.message}
        if self.reason is not None:
            error["reason"] = self.reason
        if self.retry_after is not None:
            error["retry_after"] = self.retry_after
        return {"error": error}


def validation_failed(message: str) -> ApiError:
    return ApiError(400, ErrorCode.VALIDATION_FAILED, message)


def too_many_attempts(retry_after: int) -> ApiError:
    """The same answer for every username, known or not: wait ``retry_after`` seconds."""
    return ApiError(
        429,
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"密码错误次数过多，请 {retry_after} 秒后再试；忘记密码可携带有效证件到受理点办理密码重置。",
        retry_after=retry_after,
    )


def not_found() -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, "未找到该受理编号对应的办件，请核对受理编号。")


def session_expired() -> ApiError:
    return ApiError(401, ErrorCode.SESSION_EXPIRED, "登录已失效，请重新登录。")
