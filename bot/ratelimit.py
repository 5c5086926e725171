"""Rate limits per client address and per username, on the REST channel and the login page.

A conversation id costs nothing to change, so limits that count per conversation
stop no script. These count per network address (and per username on the login
page) with the ``limits`` library's moving window, in the memory of each server
process; nginx's ``limit_req`` (deploy/nginx.conf) is the shared limit in front
of several servers.
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from sanic.request import Request

#: One person chatting sends a message every few seconds, but one address may be a
#: whole office or a mobile carrier's NAT: this stops floods, not people.
REST_PER_ADDRESS = "600/minute"
#: Every POST of the login form from one address, whatever its outcome.
LOGIN_PER_ADDRESS = "30/minute"
#: Wrong passwords: a person mistypes a few times; a script tries thousands.
LOGIN_FAILURES_PER_ADDRESS = "20/15minutes"
LOGIN_FAILURES_PER_USERNAME = "10/15minutes"
#: Opening the login page (GET) is cheap but is also how a link is probed.
LOGIN_PAGE_PER_ADDRESS = "120/minute"


@dataclass(frozen=True)
class Limits:
    """The limits one process applies."""

    rest_per_address: str = REST_PER_ADDRESS
    login_per_address: str = LOGIN_PER_ADDRESS
    login_failures_per_address: str = LOGIN_FAILURES_PER_ADDRESS
    login_failures_per_username: str = LOGIN_FAILURES_PER_USERNAME
    login_page_per_address: str = LOGIN_PAGE_PER_ADDRESS
    enabled: bool = True


class RateLimiter:
    """Moving-window counters by name and key; ``hit`` says whether one more is allowed."""

    def __init__(self) -> None:
        # The strategy holds its storage only weakly: keep it alive here.
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, spec: str) -> RateLimitItem:
        if spec not in self._items:
            self._items[spec] = parse(spec)
        return self._items[spec]

    async def hit(self, spec: str, name: str, key: str) -> bool:
        """Count one request of ``name`` for ``key``; ``False`` when over ``spec``."""
        return bool(await self._limiter.hit(self._item(spec), name, key))

    async def test(self, spec: str, name: str, key: str) -> bool:
        """Whether one more of ``name`` for ``key`` would be within ``spec``; counts nothing."""
        return bool(await self._limiter.test(self._item(spec), name, key))


def client_address(request: Request) -> str:
    """The client's address: the proxy's word for it where Sanic is told to trust one.

    Behind nginx, set ``SANIC_REAL_IP_HEADER=X-Real-IP`` (or ``SANIC_PROXIES_COUNT``)
    so that ``remote_addr`` is the citizen's address rather than the proxy's.
    """
    return request.remote_addr or request.ip or "unknown"
