"""The one exception tree of the portal client.

::

    PortalError                      anything that went wrong talking to the portal
    ├── AuthenticationFailed         wrong username or password (or wrong old password)
    ├── AccountLocked                the portal refuses this username's logins for now
    │   └── LoginThrottled           too many wrong passwords: try again in .retry_after s
    ├── SessionExpired               token unknown, logged out or idle too long: log in again
    ├── NotFound                     no such submission for this account (also someone else's)
    ├── NotAllowed                   refused for a reason: .reason (code), .reason_text (Chinese)
    ├── InvalidRequest               the portal rejected the request's form (VALIDATION_FAILED)
    │   └── WeakPassword             the new password breaks the rule; the message states it
    ├── InvalidResponse              the portal's answer is not what the contract says
    ├── InvalidEvent                 a status-change event unsigned, forged, stale or malformed
    └── PortalUnavailable            cannot connect, connection lost, HTTP 5xx (a ConnectionError)
        └── PortalTimeout            no answer within the timeout (also a TimeoutError)

``message`` of an error the portal sent is Chinese text meant for the user; ``code`` is
the stable error code of the contract (``portal_client/openapi.yaml``), ``status`` the
HTTP status. Errors made by the client itself have English messages.
"""

from __future__ import annotations

from datetime import datetime


class PortalError(Exception):
    """Base of every error raised by :class:`~portal_client.PortalClient`."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.reason = reason


class AuthenticationFailed(PortalError):
    """The username or password (or the old password in a change) is wrong."""


class AccountLocked(PortalError):
    """The portal refuses logins for this username for now.

    The sandbox no longer locks accounts (it answers :class:`LoginThrottled`); an older
    portal's ``ACCOUNT_LOCKED`` still arrives as this class, with :attr:`locked_until`.
    """

    def __init__(
        self,
        message: str,
        *,
        locked_until: datetime | None = None,
        code: str | None = None,
        status: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status, reason=reason)
        self.locked_until = locked_until


class LoginThrottled(AccountLocked):
    """Too many wrong passwords for this username lately: wait :attr:`retry_after` seconds.

    Unknown usernames get the same answer, and open sessions are not affected.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        code: str | None = None,
        status: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status, reason=reason)
        self.retry_after = retry_after


class SessionExpired(PortalError):
    """The session token no longer works (idle too long, logged out, unknown)."""


class NotFound(PortalError):
    """No such submission for this account. Someone else's number looks the same."""


class NotAllowed(PortalError):
    """The portal refused, e.g. to cancel an approved submission.

    :attr:`reason` is the stable reason code (``ALREADY_APPROVED``, ``QUERY_ITEM``) and
    :attr:`reason_text` the Chinese explanation to show the user.
    """

    @property
    def reason_text(self) -> str:
        return self.message


class InvalidRequest(PortalError):
    """The portal found the request malformed (a bad filter, a missing field)."""


class WeakPassword(InvalidRequest):
    """The new password breaks the portal's rule; :attr:`message` states the rule."""


class InvalidResponse(PortalError):
    """The portal answered something that is not the contract's format."""


class InvalidEvent(PortalError):
    """A status-change event that must not be believed: answer it with 401."""


class PortalUnavailable(PortalError, ConnectionError):
    """The portal cannot be reached or failed (connection error, HTTP 5xx)."""


class PortalTimeout(PortalUnavailable, TimeoutError):
    """The portal did not answer within the timeout."""
