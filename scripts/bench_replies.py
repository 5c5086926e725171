"""Time from an agent's reply to the citizen's channel (issue 13): a benchmark, not a test.

Starts the local mail capture (as the SMTP relay, taking REPLY_DOMAIN mail as inbound)
and the follow-up worker as real processes on a throw-away database, opens tickets in
the hand-off outbox as the hand-off action does, then answers each with smtplib to
its Reply-To, as an agent's mail client would, and times how long until the citizen's
channel has it: the mail to a contact given as an e-mail address in the capture's
folder, or the SMS (a JSON file, placeholder Twilio credentials) for an SMS citizen.
Replies are sent one after another; the figure is the latency one citizen sees.

    PYTHONPATH=. .venv/bin/python scripts/bench_replies.py          # 50 replies
    PYTHONPATH=. .venv/bin/python scripts/bench_replies.py -n 100

Writes var/bench/replies.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import smtplib
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.handoff import Contact, HandoffCase, Outbox  # noqa: E402
from bot.settings import Settings  # noqa: E402
from scripts.servers import free_port, process_tcp, stack_env  # noqa: E402

#: Longest wait for one reply to reach the citizen before the run is called failed.
DELIVERY_TIMEOUT = 30.0
POLL = 0.01
REPLY_DOMAIN = "reply.bench.test"


def case(n: int, *, sms: bool) -> HandoffCase:
    phone = f"+86139{n:08d}"
    return HandoffCase(
        category="转人工",
        reason="用户要求转人工",
        channel="twilio" if sms else "rest",
        contact=Contact("phone", phone) if sms else Contact("email", f"citizen{n}@example.com"),
        description="灵活就业参保登记被退回，看不懂审核意见",
        conversation_id=f"sms:{phone}" if sms else f"rest:bench-{n}",
    )


def agent_reply(to: str, ticket_no: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "agent@hz.gov.cn"
    message["To"] = to
    message["Subject"] = f"Re: [12333 转人工] {ticket_no}"
    message["Message-ID"] = make_msgid(domain="hz.gov.cn")
    message.set_content(
        f"您好，工单 {ticket_no} 请补充离职证明后重新提交。\n\n在 2026年12月1日 写道：\n> 市民诉求：……\n"
    )
    return message


def arrived(folder: Path, marker: str, pattern: str) -> bool:
    return any(
        marker in path.read_bytes().decode("utf-8", "replace") for path in folder.glob(pattern)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--replies", type=int, default=50)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-replies-"))
    port = free_port()
    env = stack_env(workdir, SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), REPLY_DOMAIN=REPLY_DOMAIN)
    settings = Settings.from_env(env)
    outbox = Outbox.from_settings(settings)
    asyncio.run(outbox.create_schema())
    timings: dict[str, list[float]] = {"mail": [], "sms": []}
    with (
        process_tcp(
            [sys.executable, "-m", "bot.handoff.capture"], env, port, workdir / "capture.log"
        ),
        process_tcp(
            [sys.executable, "-m", "bot.handoff.followup"], env, None, workdir / "followup.log"
        ),
    ):
        time.sleep(2)  # the worker's first poll
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            for n in range(args.replies):
                sms = n % 2 == 1
                ticket = asyncio.run(outbox.enqueue(case(n, sms=sms))).ticket_no
                to = outbox.reply_address(ticket)
                assert to is not None
                message = agent_reply(to, ticket)
                started = time.perf_counter()
                smtp.send_message(message)
                folder, pattern, marker = (
                    (settings.sms_dir, "*.json", ticket)
                    if sms
                    else (settings.mail_dir, "*.eml", f"citizen{n}@example.com")
                )
                while not arrived(folder, marker, pattern):
                    if time.perf_counter() - started > DELIVERY_TIMEOUT:
                        raise SystemExit(f"reply {n} did not arrive in {DELIVERY_TIMEOUT:.0f}s")
                    time.sleep(POLL)
                timings["sms" if sms else "mail"].append(time.perf_counter() - started)
    every = timings["mail"] + timings["sms"]
    lines = [
        "# Agent's reply → citizen's channel (issue 13)",
        "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
        f"{args.replies} replies, one after another · `PYTHONPATH=. .venv/bin/python scripts/bench_replies.py`",
        "",
        "| channel | replies | median | p95 | max |",
        "|---|---|---|---|---|",
    ]
    for name, values in (
        ("e-mail contact", timings["mail"]),
        ("SMS", timings["sms"]),
        ("all", every),
    ):
        values = sorted(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        lines.append(
            f"| {name} | {len(values)} | {statistics.median(values) * 1000:.0f} ms | "
            f"{p95 * 1000:.0f} ms | {values[-1] * 1000:.0f} ms |"
        )
    lines += [
        "",
        "From smtplib's DATA to the file in the citizen's channel: the capture judges and stores",
        "the reply at once; the follow-up worker polls the notification outbox every 0.5 s",
        "(bot/handoff/followup.py NOTIFY_POLL_INTERVAL), which is most of the figure.",
    ]
    report = "\n".join(lines) + "\n"
    out = ROOT / "var" / "bench" / "replies.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
