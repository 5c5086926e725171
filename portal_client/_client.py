"""The async client of the portal API (``portal_client/openapi.yaml``)."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable, Mapping
from datetime import date
from types import TracebackType
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from portal_client._config import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_BACKOFF,
    DEFAULT_TIMEOUTS,
    MAX_RESPONSE_BYTES,
    Timeouts,
)
from portal_client._errors import (
    InvalidResponse,
    NotFound,
    PortalTimeout,
    PortalUnavailable,
    SessionExpired,
)
from portal_client._models import (
    Account,
    Session,
    Submission,
    SubmissionPage,
    SubmissionStatus,
    Subscription,
)
from portal_client._wire import (
    decode_json,
    error_from_response,
    parse_account,
    parse_session,
    parse_submission,
    parse_submission_page,
    parse_subscription,
)

log = logging.getLogger("portal_client")

USER_AGENT = "hz12333-portal-client/1.0"
#: Answers worth trying an idempotent read again for.
RETRY_STATUSES = frozenset({502, 503, 504})
_ACCEPTANCE_NO = re.compile(r"[A-Z0-9_-]{1,32}")


class PortalClient:
    """Talks to the portal for one process; pass each user's session token per call.

    Use it as ``async with PortalClient(base_url) as client: ...``. Every call has the
    timeouts of :class:`Timeouts`; only idempotent reads (GET) are tried again, after a
    connection error or 502/503/504, at most ``retries`` times with doubling backoff.
    A timeout is not retried: it has already used the time there was.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retries: int = DEFAULT_RETRIES,
        retry_backoff: float = DEFAULT_RETRY_BACKOFF,
    ) -> None:
        url = URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"the portal URL must be http(s)://host[:port], not {base_url!r}")
        if retries < 0 or retry_backoff < 0:
            raise ValueError("retries and retry_backoff must not be negative")
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self.retries = retries
        self.retry_backoff = retry_backoff
        self._http: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"PortalClient({self.base_url!r})"

    async def __aenter__(self) -> PortalClient:
        return await self.open()

    async def open(self) -> PortalClient:
        """Open the connections if they are not; for a client kept for a whole process.

        Such a client is shared by every turn and closed once with :meth:`aclose`
        when the process stops; ``async with`` opens and closes it around one use.
        """
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(
                    total=self.timeouts.total, connect=self.timeouts.connect
                ),
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections; the client can be opened again with ``async with``."""
        if self._http is not None:
            await self._http.close()
            self._http = None

    # -- the API ------------------------------------------------------------------

    async def check_health(self) -> None:
        """Return if the portal process answers; raise :class:`PortalUnavailable` if not."""
        await self._call("GET", "/healthz", idempotent=True)

    async def check_ready(self) -> None:
        """Return if the portal and its database answer; raise :class:`PortalUnavailable` if not."""
        await self._call("GET", "/readyz", idempotent=True)

    async def login(self, username: str, password: str) -> Session:
        """Log in; raises :class:`AuthenticationFailed`, or :class:`LoginThrottled` (an
        :class:`AccountLocked`) after too many wrong passwords for this username."""
        data = await self._call(
            "POST", "/api/v1/sessions", json={"username": username, "password": password}
        )
        return parse_session(data)

    async def logout(self, token: str) -> None:
        """End the session. A session that has already ended is not an error."""
        try:
            await self._call("DELETE", "/api/v1/sessions/current", token=token)
        except SessionExpired:
            pass

    async def get_account(self, token: str) -> Account:
        """The logged-in account."""
        return parse_account(
            await self._call("GET", "/api/v1/account", token=token, idempotent=True)
        )

    async def list_submissions(
        self,
        token: str,
        *,
        status: SubmissionStatus | Iterable[SubmissionStatus] | None = None,
        item: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> SubmissionPage:
        """办事进度查询: the account's submissions, newest first, filtered and paged.

        ``item`` matches part of the item name; the dates are Beijing days, inclusive.
        """
        params: dict[str, str] = {"page": str(page), "page_size": str(page_size)}
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            if statuses:
                params["status"] = ",".join(SubmissionStatus(s).value for s in statuses)
        if item:
            params["item"] = item
        if date_from is not None:
            params["from"] = date_from.isoformat()
        if date_to is not None:
            params["to"] = date_to.isoformat()
        data = await self._call(
            "GET", "/api/v1/submissions", token=token, params=params, idempotent=True
        )
        return parse_submission_page(data)

    async def get_submission(self, token: str, acceptance_no: str) -> Submission:
        """One of the account's submissions; :class:`NotFound` if it is not theirs."""
        path = f"/api/v1/submissions/{self._acceptance_no(acceptance_no)}"
        return parse_submission(await self._call("GET", path, token=token, idempotent=True))

    async def cancel_submission(self, token: str, acceptance_no: str) -> Submission:
        """注销 a submission; :class:`NotAllowed` says why not. Cancelling again is fine."""
        path = f"/api/v1/submissions/{self._acceptance_no(acceptance_no)}/cancel"
        return parse_submission(await self._call("POST", path, token=token))

    async def subscribe(self, token: str, acceptance_no: str) -> Subscription:
        """One status-change event for this pending declaration; :class:`NotAllowed` if not."""
        path = f"/api/v1/submissions/{self._acceptance_no(acceptance_no)}/subscription"
        return parse_subscription(await self._call("POST", path, token=token))

    async def change_password(self, token: str, *, old_password: str, new_password: str) -> None:
        """Change the password; :class:`WeakPassword` states the rule if it is broken."""
        await self._call(
            "POST",
            "/api/v1/account/password",
            token=token,
            json={"old_password": old_password, "new_password": new_password},
        )

    # -- plumbing -----------------------------------------------------------------

    @staticmethod
    def _acceptance_no(raw: str) -> str:
        """The number as the portal writes it; one that cannot exist is not found."""
        number = raw.strip().upper()
        if not _ACCEPTANCE_NO.fullmatch(number):
            raise NotFound("没有找到该受理编号对应的办件，请核对受理编号。", code="NOT_FOUND")
        return quote(number, safe="")

    async def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        idempotent: bool = False,
    ) -> object:
        """Send one call (with retries if idempotent) and return its decoded JSON body."""
        attempts = 1 + (self.retries if idempotent else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                status, raw, retry_after = await self._send(method, path, token, params, json)
            except PortalTimeout:
                raise
            except PortalUnavailable as exc:
                if last:
                    raise
                log.info("portal %s %s: %s; trying again", method, path, exc.message)
            else:
                if status not in RETRY_STATUSES or last:
                    break
                log.info("portal %s %s: HTTP %s; trying again", method, path, status)
            await asyncio.sleep(self.retry_backoff * 2**attempt)
        if status >= 400:
            raise error_from_response(status, raw, retry_after=retry_after)
        if status == 204 or not raw:
            return None
        return decode_json(raw)

    async def _send(
        self,
        method: str,
        path: str,
        token: str | None,
        params: Mapping[str, str] | None,
        json: Mapping[str, Any] | None,
    ) -> tuple[int, bytes, str | None]:
        """One HTTP exchange: status, body and Retry-After header.

        This is the one place where aiohttp's errors are translated.
        """
        if self._http is None:
            raise RuntimeError("use the client as `async with PortalClient(...) as client`")
        headers = {"Authorization": f"Bearer {token}"} if token is not None else None
        url = URL(self.base_url + path, encoded=True)
        started = time.perf_counter()
        try:
            async with self._http.request(
                method, url, params=params, json=json, headers=headers, allow_redirects=False
            ) as response:
                raw = await _read_limited(response)
                status = response.status
                retry_after = response.headers.get("Retry-After")
        except asyncio.TimeoutError as exc:
            raise PortalTimeout(
                f"the portal did not answer within {self.timeouts.total:g} s"
            ) from exc
        except aiohttp.ClientError as exc:
            raise PortalUnavailable(f"cannot reach the portal: {type(exc).__name__}") from exc
        log.debug(
            "portal %s %s -> %s in %.1f ms",
            method,
            path,
            status,
            (time.perf_counter() - started) * 1000,
        )
        return status, raw, retry_after


async def _read_limited(response: aiohttp.ClientResponse) -> bytes:
    """The whole body, refusing one larger than :data:`MAX_RESPONSE_BYTES`."""
    if response.content_length is not None and response.content_length > MAX_RESPONSE_BYTES:
        raise InvalidResponse(f"the portal's answer is larger than {MAX_RESPONSE_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise InvalidResponse(f"the portal's answer is larger than {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
