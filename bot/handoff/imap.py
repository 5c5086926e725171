"""The reply mailbox in production: IMAP over TLS, with IDLE where the server has it (issue 13).

Mail to ``reply+…@REPLY_DOMAIN`` lands in one mailbox (IMAP_HOST, IMAP_USER,
IMAP_FOLDER). The reader takes every unseen message, hands it to
:meth:`bot.handoff.delivery.ReplyDelivery.receive` and only then flags it
``\\Seen``: a reader that dies in between reads the mail again, and the reply's
Message-ID keeps the second reading from delivering twice. Between rounds it
waits in IDLE, so an agent's reply is read within a second of its arrival; a
server without IDLE is polled every :data:`POLL_INTERVAL` seconds.

aioimaplib's errors and timeouts end one session; :meth:`ImapReader.run_forever`
logs them and connects again after :data:`RECONNECT_DELAY`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import dataclass

import aioimaplib

from bot.handoff.delivery import ReplyDelivery
from bot.settings import ImapSettings

log = logging.getLogger(__name__)

#: Each IMAP command must answer within this many seconds.
IMAP_TIMEOUT = 30.0
#: IDLE is renewed this often (RFC 2177: servers may drop an IDLE after 30 minutes).
IDLE_TIMEOUT = 25 * 60.0
#: Without IDLE, the mailbox is polled this often.
POLL_INTERVAL = 10.0
#: The SEARCH criterion for mail not read yet.
UNSEEN = "UNSEEN"
#: After a lost connection or a refused login, wait this long before the next try.
RECONNECT_DELAY = 15.0


class ImapError(ConnectionError):
    """The IMAP server refused a command or went away; the session is over."""


@dataclass(frozen=True)
class RoundResult:
    """What one round of reading did."""

    read: int
    accepted: int


def _literal(lines: list[bytes | bytearray]) -> bytes | None:
    """The message in a FETCH response: the one literal (a bytearray) aioimaplib hands back."""
    for line in lines:
        if isinstance(line, bytearray):
            return bytes(line)
    return None


class ImapReader:
    """Reads the reply mailbox and delivers every new mail."""

    def __init__(
        self,
        imap: ImapSettings,
        delivery: ReplyDelivery,
        *,
        tls_context: ssl.SSLContext | None = None,
        timeout: float = IMAP_TIMEOUT,
        idle_timeout: float = IDLE_TIMEOUT,
        poll_interval: float = POLL_INTERVAL,
        unseen: str = UNSEEN,
    ) -> None:
        if not imap.host:
            raise ValueError("IMAP_HOST is not set")
        self.imap = imap
        self.delivery = delivery
        self.tls_context = tls_context
        self.timeout = timeout
        self.idle_timeout = idle_timeout
        self.poll_interval = poll_interval
        self.unseen = unseen

    def _client(self) -> aioimaplib.IMAP4:
        assert self.imap.host is not None
        if self.imap.tls:
            return aioimaplib.IMAP4_SSL(
                host=self.imap.host,
                port=self.imap.port,
                timeout=self.timeout,
                ssl_context=self.tls_context or ssl.create_default_context(),
            )
        return aioimaplib.IMAP4(host=self.imap.host, port=self.imap.port, timeout=self.timeout)

    @staticmethod
    def _check(response: aioimaplib.Response, what: str) -> aioimaplib.Response:
        if response.result != "OK":
            raise ImapError(f"IMAP {what} refused: {response.result} {response.lines[-1:]!r}")
        return response

    async def connect(self) -> aioimaplib.IMAP4:
        client = self._client()
        await client.wait_hello_from_server()
        self._check(await client.login(self.imap.user or "", self.imap.password or ""), "LOGIN")
        self._check(await client.select(self.imap.folder), "SELECT")
        return client

    async def read_new(self, client: aioimaplib.IMAP4) -> RoundResult:
        """Deliver every unseen message once, then flag it seen."""
        found = self._check(await client.uid_search(self.unseen), "SEARCH")
        uids = [uid for line in found.lines[:1] for uid in line.decode().split() if uid.isdigit()]
        accepted = 0
        for uid in uids:
            fetched = self._check(await client.uid("fetch", uid, "(BODY.PEEK[])"), "FETCH")
            raw = _literal(fetched.lines)
            if raw is not None:
                received = await self.delivery.receive(raw)
                accepted += received.accepted and not received.duplicate
            self._check(await client.uid("store", uid, "+FLAGS", "(\\Seen)"), "STORE")
        return RoundResult(read=len(uids), accepted=accepted)

    async def wait_for_mail(self, client: aioimaplib.IMAP4, stop: asyncio.Event) -> None:
        """IDLE until the server announces something (or the renewal time), or poll."""
        if not client.has_capability("IDLE"):
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), self.poll_interval)
            return
        idle = await client.idle_start(timeout=self.idle_timeout)
        push = asyncio.ensure_future(client.wait_server_push(timeout=self.idle_timeout))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([push, stopped], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not push.done():
                push.cancel()
            client.idle_done()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(idle, self.timeout)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Read, wait, read again until ``stop``; reconnect after any failure."""
        assert self.imap.host is not None
        log.info("reading agents' replies from %s:%d", self.imap.host, self.imap.port)
        while not stop.is_set():
            client: aioimaplib.IMAP4 | None = None
            try:
                client = await self.connect()
                while not stop.is_set():
                    result = await self.read_new(client)
                    if result.read:
                        log.info("IMAP: %d mail(s) read, %d delivered", *result.__dict__.values())
                    await self.wait_for_mail(client, stop)
            except (ImapError, OSError, asyncio.TimeoutError, aioimaplib.Abort) as exc:
                log.warning("IMAP session ended (%s); again in %.0f s", exc, RECONNECT_DELAY)
            except Exception:
                log.exception("IMAP reader failed; again in %.0f s", RECONNECT_DELAY)
            finally:
                if client is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(client.logout(), self.timeout)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), RECONNECT_DELAY)
