"""The local capture, and both command-line entry points as real processes."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

import bot.handoff
from bot.handoff import Outbox
from bot.handoff.capture import CaptureServer, read_messages, running_capture, save_message
from bot.settings import PROJECT_ROOT
from tests.bot.handoff.handoff_helpers import make_case, wait_for


def small_mail(message_id: str | None, subject: str = "你好") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["To"] = "b@example.com"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content("正文 body")
    return message


async def test_capture_writes_one_eml_file_per_message(capture: CaptureServer) -> None:
    await aiosmtplib.send(small_mail("<one@x>"), hostname=capture.host, port=capture.port)
    await aiosmtplib.send(small_mail("<one@x>", "again"), hostname=capture.host, port=capture.port)
    await aiosmtplib.send(small_mail(None), hostname=capture.host, port=capture.port)

    files = sorted(capture.mail_dir.iterdir())
    assert len(files) == 3 and all(path.suffix == ".eml" for path in files)
    assert sum("one@x" in path.name for path in files) == 2
    assert sum("no-message-id" in path.name for path in files) == 1
    subjects = {str(message["Subject"]) for message in capture.messages()}
    assert subjects == {"你好", "again"}
    for path in files:
        assert b"\r\n\r\n" in path.read_bytes()  # headers, blank line, body: RFC 5322


def test_save_message_never_overwrites_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    data = b"Message-ID: <HZ-20260302-ABCDEF@bot/../x>\r\nSubject: s\r\n\r\nbody\r\n"
    first = save_message(tmp_path, data, now=now)
    second = save_message(tmp_path, data, now=now)
    assert first.name == "20260302T013000.000000Z-HZ-20260302-ABCDEF@bot_.._x.eml"
    assert second.name == "20260302T013000.000000Z-HZ-20260302-ABCDEF@bot_.._x-2.eml"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])
    assert first.parent == tmp_path
    assert [str(m["Subject"]) for m in read_messages(tmp_path)] == ["s", "s"]


async def test_capture_creates_the_folder_it_is_given(tmp_path: Path) -> None:
    async with running_capture(tmp_path / "var" / "mail") as capture:
        assert capture.port > 0 and capture.mail_dir.is_dir()


def test_the_package_exports_its_public_names() -> None:
    assert sorted(bot.handoff.__all__) == [
        "CATEGORIES",
        "ClaimedMail",
        "Contact",
        "DeliveryError",
        "HandoffCase",
        "HandoffError",
        "HandoffQuota",
        "Outbox",
        "OutboxError",
        "OutboxWorker",
        "PermanentDeliveryError",
        "PortalIdentity",
        "QuotaExceeded",
        "RetryPolicy",
        "SubmissionDetails",
        "Ticket",
        "TicketStatus",
        "TranscriptEntry",
        "TransientDeliveryError",
        "build_mail",
        "find_contacts",
        "message_id_for",
        "normalise_contact",
    ]
    for name in bot.handoff.__all__:
        assert getattr(bot.handoff, name) is not None


def test_the_package_leaves_the_local_mail_capture_to_those_who_run_it() -> None:
    import subprocess
    import sys

    # The action server imports bot.handoff; aiosmtpd is a local-development server.
    probe = "import sys, bot.handoff; print('aiosmtpd' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the entry points, as `make run` starts them ------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stack_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SMTP_")}
    env.update(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'bot.db'}",
        SMTP_HOST="127.0.0.1",
        HANDOFF_FROM="12333-bot@localhost",
        HANDOFF_TO="hz12333@hz.gov.cn",
        PYTHONPATH=str(PROJECT_ROOT),
        **extra,
    )
    return env


async def start_module(module: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        env=env,
        cwd=str(PROJECT_ROOT),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def stop_module(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_capture_command_saves_mail_under_var_mail(tmp_path: Path) -> None:
    port = free_port()
    process = await start_module("bot.handoff.capture", stack_env(tmp_path, SMTP_PORT=str(port)))
    try:
        for _ in range(200):
            try:
                await aiosmtplib.send(small_mail("<cli@x>"), hostname="127.0.0.1", port=port)
                break
            except aiosmtplib.SMTPConnectError:
                await asyncio.sleep(0.05)
        [message] = read_messages(tmp_path / "var" / "mail")
        assert message["Message-ID"] == "<cli@x>"
    finally:
        output = await stop_module(process)
    assert "capturing mail" in output and "stopped" in output


async def test_worker_command_delivers_the_outbox_and_stops_on_sigterm(
    tmp_path: Path, capture: CaptureServer
) -> None:
    env = stack_env(tmp_path, SMTP_PORT=str(capture.port))
    box = Outbox(env["DATABASE_URL"], handoff_from="12333-bot@localhost", handoff_to="x@hz.gov.cn")
    await box.create_schema()
    ticket = await box.enqueue(make_case())
    process = await start_module("bot.handoff.worker", env)
    try:
        await wait_for(lambda: len(capture.messages()) == 1, timeout=20)
    finally:
        output = await stop_module(process)
    assert capture.messages()[0]["Message-ID"] == ticket.message_id
    assert f"ticket {ticket.ticket_no} sent" in output and "stopped" in output
    await box.close()
