"""The local mail capture: an SMTP server that keeps every message as an ``.eml`` file.

It stands in for the real relay in the local stack, so that a person can open each
hand-off mail from ``var/mail/``. Run it as ``python -m bot.handoff.capture``; tests
use :func:`running_capture` on port 0.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import itertools
import logging
import os
import re
import secrets
import signal
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.handoff.delivery import ReplyDelivery
from bot.handoff.replies import ReplyStore
from bot.handoff.reply_address import is_reply_domain
from bot.logs import configure_logging
from bot.notify.web import web_signal_for
from bot.settings import Settings

log = logging.getLogger(__name__)

SERVER_NAME = "hz12333-capture"
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")
_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(.+?)\r?$", re.IGNORECASE | re.MULTILINE)


def _file_stem(data: bytes, now: datetime) -> str:
    header_end = data.find(b"\r\n\r\n")
    match = _MESSAGE_ID.search(data[: header_end if header_end >= 0 else len(data)])
    ident = match.group(1).decode("ascii", "replace") if match else "no-message-id"
    safe = _UNSAFE.sub("_", ident.strip("<> ")).strip("._")[:100] or "no-message-id"
    return f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{safe}"


def save_message(mail_dir: Path, data: bytes, *, now: datetime | None = None) -> Path:
    """Write one message to ``mail_dir`` atomically and return its path.

    The file appears complete or not at all: it is written under a hidden name and
    linked into place, which also never overwrites an earlier copy.
    """
    mail_dir.mkdir(parents=True, exist_ok=True)
    stem = _file_stem(data, now or datetime.now(timezone.utc))
    temporary = mail_dir / f".{stem}.{secrets.token_hex(4)}.tmp"
    temporary.write_bytes(data)
    try:
        for number in itertools.count(1):
            target = mail_dir / (f"{stem}.eml" if number == 1 else f"{stem}-{number}.eml")
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            return target
    finally:
        temporary.unlink()
    raise AssertionError("unreachable")  # pragma: no cover


def read_messages(mail_dir: Path) -> list[EmailMessage]:
    """Every captured message in ``mail_dir``, oldest first."""
    messages = []
    for path in sorted(mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        messages.append(message)
    return messages


class CaptureHandler:
    """aiosmtpd handler that saves each message under ``mail_dir``.

    With an ``inbound`` delivery, a message to ``reply_domain`` (an agent answering
    a ticket) is also taken as inbound at once, as the IMAP reader takes it in
    production (issue 13). A database that cannot take it gets a 451, so that the
    sender's relay tries again.
    """

    def __init__(
        self,
        mail_dir: Path,
        *,
        inbound: ReplyDelivery | None = None,
        reply_domain: str | None = None,
    ) -> None:
        self.mail_dir = mail_dir
        self.inbound = inbound
        self.reply_domain = reply_domain

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        path = await asyncio.to_thread(save_message, self.mail_dir, data)
        log.info("captured %s", path.name)
        recipients = [str(r) for r in envelope.rcpt_tos]
        if self.inbound is not None and self.reply_domain is not None:
            if any(is_reply_domain(r, self.reply_domain) for r in recipients):
                try:
                    received = await self.inbound.receive(data, envelope_recipients=recipients)
                except Exception:
                    log.exception("an inbound reply could not be stored")
                    return "451 4.3.0 Reply not stored, try again later"
                log.info(
                    "inbound reply for %s: %s",
                    received.ticket_no or "-",
                    "accepted" if received.accepted else f"quarantined ({received.reason})",
                )
        return "250 2.0.0 Message captured"


@dataclass
class CaptureServer:
    """A running capture: where it listens and where it writes."""

    host: str
    port: int
    mail_dir: Path
    server: asyncio.AbstractServer

    def messages(self) -> list[EmailMessage]:
        return read_messages(self.mail_dir)

    async def close(self) -> None:
        self.server.close()
        await self.server.wait_closed()


async def start_capture(
    mail_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    handler: Any = None,
    implicit_tls: ssl.SSLContext | None = None,
    **smtp_options: Any,
) -> CaptureServer:
    """Listen on ``host:port`` (0 picks a free port) in the running event loop.

    ``handler`` replaces :class:`CaptureHandler`, for tests that need a relay which
    refuses or stalls. ``implicit_tls`` makes it a TLS-only relay (port 465 style);
    ``smtp_options`` go to :class:`aiosmtpd.smtp.SMTP`, e.g. ``tls_context`` for
    STARTTLS or ``authenticator``.
    """
    await asyncio.to_thread(mail_dir.mkdir, parents=True, exist_ok=True)
    chosen = handler if handler is not None else CaptureHandler(mail_dir)
    loop = asyncio.get_running_loop()
    # aiosmtpd's threaded Controller cannot use port 0 (it dials the port it was
    # given to check itself), so the server is created here directly.
    server = await loop.create_server(
        lambda: SMTP(chosen, hostname=SERVER_NAME, enable_SMTPUTF8=True, **smtp_options),
        host=host,
        port=port,
        ssl=implicit_tls,
    )
    bound = server.sockets[0].getsockname()
    return CaptureServer(host=bound[0], port=bound[1], mail_dir=mail_dir, server=server)


@asynccontextmanager
async def running_capture(
    mail_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    handler: Any = None,
    implicit_tls: ssl.SSLContext | None = None,
    **smtp_options: Any,
) -> AsyncIterator[CaptureServer]:
    """``async with running_capture(tmp_path) as capture:`` … ``capture.port``."""
    capture = await start_capture(
        mail_dir, host=host, port=port, handler=handler, implicit_tls=implicit_tls, **smtp_options
    )
    try:
        yield capture
    finally:
        await capture.close()


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Capture mail on SMTP_PORT into ``settings.mail_dir`` until ``stop`` is set."""
    if not settings.smtp.is_local_capture:
        log.warning(
            "SMTP_HOST is %s, so hand-offs go to that relay and not to this capture",
            settings.smtp.host,
        )
    host = settings.smtp.host if settings.smtp.is_local_capture else "localhost"
    store = ReplyStore.from_settings(settings)
    await store.create_schema()
    handler = CaptureHandler(
        settings.mail_dir,
        inbound=ReplyDelivery(
            store, agent_senders=settings.agent_senders, web_signal=web_signal_for(settings)
        ),
        reply_domain=settings.reply_domain,
    )
    async with running_capture(
        settings.mail_dir, host=host, port=settings.smtp.port, handler=handler
    ) as capture:
        log.info("capturing mail on %s:%d into %s", host, capture.port, capture.mail_dir)
        await stop.wait()
    log.info("mail capture stopped")


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.handoff.capture``: save mail to var/mail/ until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.capture", description=main.__doc__)
    parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_format)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
