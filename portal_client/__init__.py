"""Async client of the Hangzhou HRSS online-services portal (杭州人社网上办事) API.

    async with PortalClient(settings.portal_url) as client:
        session = await client.login("demo-person", "Demo-2026")
        page = await client.list_submissions(session.token, status=SubmissionStatus.PENDING)

The wire format is ``portal_client/openapi.yaml``. The client returns frozen
dataclasses and raises only :class:`PortalError` and its subclasses (see
``portal_client._errors`` for the tree). It never logs passwords or tokens.
"""

from portal_client._client import PortalClient
from portal_client._config import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_PAGE_SIZE,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_BACKOFF,
    DEFAULT_TIMEOUTS,
    DEFAULT_TOTAL_TIMEOUT,
    MAX_RESPONSE_BYTES,
    Timeouts,
)
from portal_client._errors import (
    AccountLocked,
    AuthenticationFailed,
    InvalidEvent,
    InvalidRequest,
    InvalidResponse,
    LoginThrottled,
    NotAllowed,
    NotFound,
    PortalError,
    PortalTimeout,
    PortalUnavailable,
    SessionExpired,
    WeakPassword,
)
from portal_client._events import (
    EVENT_ID_HEADER,
    REPLAY_WINDOW_SECONDS,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    event_signature,
    verify_event,
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

__all__ = [
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
