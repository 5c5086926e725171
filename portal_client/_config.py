"""Named defaults of the client: timeouts, retries, limits."""

from __future__ import annotations

from dataclasses import dataclass

#: Seconds to wait for a connection to the portal.
DEFAULT_CONNECT_TIMEOUT = 2.0
#: Seconds one request may take in all, connecting included.
DEFAULT_TOTAL_TIMEOUT = 5.0
#: How many times an idempotent read is tried again after a connection error or 502/503/504.
DEFAULT_RETRIES = 2
#: Seconds before the first retry; each further retry waits twice as long.
DEFAULT_RETRY_BACKOFF = 0.2
#: A larger answer is refused as :class:`~portal_client.InvalidResponse`.
MAX_RESPONSE_BYTES = 1024 * 1024
#: The progress query's page size unless asked otherwise (the portal allows 1 to 50).
DEFAULT_PAGE_SIZE = 10


@dataclass(frozen=True)
class Timeouts:
    """Timeouts of one request attempt, in seconds."""

    connect: float = DEFAULT_CONNECT_TIMEOUT
    total: float = DEFAULT_TOTAL_TIMEOUT

    def __post_init__(self) -> None:
        if not (0 < self.connect <= self.total):
            raise ValueError("timeouts must satisfy 0 < connect <= total")


DEFAULT_TIMEOUTS = Timeouts()
