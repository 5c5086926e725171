"""Event-to-SMS latency of the status alerts (issue 16), median over N events.

In one process, on a temporary folder: the portal sandbox with its event sender, and
the bot's event channel (bot/channels/portal_events.py) mounted on Sanic as Rasa
mounts it, with the real notification outbox, its worker and the local SMS files.
For each event a pending declaration is added to the portal, subscribed to at the
portal and in the bot (as the consent action does), then reviewed as the staff's
command does (``PortalService.review``). The figure is the time from the review's
commit to the SMS file in ``<tmp>/sms``: the sender's poll, the signed POST, the
checks, the outbox, the worker's send. QUIET_HOURS=off. Events are sequential.

    PYTHONPATH=. .venv/bin/python scripts/bench_alerts.py          # 100 events
    PYTHONPATH=. .venv/bin/python scripts/bench_alerts.py -n 20

Writes var/bench/alerts.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sanic import Sanic  # noqa: E402

from bot.alerts import AlertStore, AlertSubscription  # noqa: E402
from bot.channels.portal_events import AlertSender, PortalEventsInput, alert_texts  # noqa: E402
from bot.login.store import LoginStore  # noqa: E402
from bot.notify import NotifyOutbox  # noqa: E402
from bot.notify.sms import SmsSender  # noqa: E402
from bot.notify.worker import NotifyWorker  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.sms_store import SmsStore  # noqa: E402
from portal_client import PortalClient  # noqa: E402
from portal_sandbox.events import EventSettings  # noqa: E402
from portal_sandbox.models import Account, BusinessUnit, Submission  # noqa: E402
from portal_sandbox.seed import DEMO_PASSWORD  # noqa: E402
from portal_sandbox.testing import running_service  # noqa: E402

SECRET = "bench-portal-events-secret-0123456789abcdef"
PHONE = "+8613912340000"
#: One event's SMS must appear within this long, or the run fails.
EVENT_TIMEOUT = 30.0
NOTIFY_POLL_SECONDS = 1.0


def add_pending(service: object, number: str) -> None:
    """A new pending declaration of demo-person, straight into the sandbox's database."""
    from sqlalchemy import select

    with service._sessions() as db:  # type: ignore[attr-defined]
        account = db.execute(select(Account).where(Account.username == "demo-person")).scalar_one()
        unit = db.execute(select(BusinessUnit)).scalars().first()
        db.add(
            Submission(
                acceptance_no=number,
                account_id=account.id,
                item="失业登记",
                category="declaration",
                status="pending",
                submitted_at=datetime.now(timezone.utc).replace(tzinfo=None),
                business_unit_id=unit.id,
            )
        )
        db.commit()


async def run(events: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as tmp:
        workdir = Path(tmp)
        database_url = f"sqlite:///{workdir / 'bot.db'}"
        settings = Settings.from_env(
            {
                "DATABASE_URL": database_url,
                "VAR_DIR": str(workdir),
                "PORTAL_EVENTS_SECRET": SECRET,
                "QUIET_HOURS": "off",
            },
            dotenv=workdir / "none",
        )
        outbox = NotifyOutbox(database_url)
        worker = NotifyWorker(
            outbox,
            smtp=settings.smtp,
            sms=SmsSender.from_settings(settings),
            poll_interval=NOTIFY_POLL_SECONDS,
        )
        store = AlertStore(database_url)
        sender = AlertSender(
            settings,
            store=store,
            outbox=outbox,
            login_store=LoginStore(database_url, settings.secret_key),
            sms_store=SmsStore(database_url, secret_key=settings.secret_key),
            texts=alert_texts(),
            wake=worker.wake.set,
        )
        channel = PortalEventsInput(settings, sender, worker)
        Sanic.test_mode = True
        app = Sanic("bench_alerts")

        async def ignore(_message: object) -> None:
            return None

        app.blueprint(channel.blueprint(ignore), url_prefix="/webhooks/portal")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        port = sock.getsockname()[1]
        server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
        assert server is not None
        await server.startup()
        await server.after_start()
        events_url = f"http://127.0.0.1:{port}/webhooks/portal/events"
        sms_dir = settings.sms_dir
        latencies: list[float] = []
        try:
            async with running_service(
                f"sqlite:///{workdir / 'portal.db'}",
                events=EventSettings(url=events_url, secret=SECRET),
            ) as (portal_url, service):
                async with PortalClient(portal_url) as client:
                    session = await client.login("demo-person", DEMO_PASSWORD)
                    for i in range(events):
                        number = f"HZ20261201{i:05d}"
                        await asyncio.to_thread(add_pending, service, number)
                        subscription = await client.subscribe(session.token, number)
                        await store.add(
                            AlertSubscription(
                                portal_subscription_id=subscription.subscription_id,
                                conversation_id=f"sms:{PHONE}",
                                channel="twilio",
                                client_binding="bench",
                                acceptance_no=number,
                                item="失业登记",
                                phone=PHONE,
                            )
                        )
                        before = len(list(sms_dir.glob("*.json"))) if sms_dir.exists() else 0
                        await asyncio.to_thread(service.review, number, approve=True, note=None)
                        started = time.perf_counter()
                        deadline = started + EVENT_TIMEOUT
                        while (
                            len(list(sms_dir.glob("*.json"))) if sms_dir.exists() else 0
                        ) <= before:
                            if time.perf_counter() > deadline:
                                raise RuntimeError(f"no SMS for event {i} in {EVENT_TIMEOUT} s")
                            await asyncio.sleep(0.005)
                        latencies.append(time.perf_counter() - started)
        finally:
            await server.before_stop()
            server.close()
            await server.wait_closed()
            sock.close()
        return latencies


def report(latencies: list[float], path: Path) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = (
        "# Status alerts: event-to-SMS latency (issue 16)\n\n"
        f"`PYTHONPATH=. .venv/bin/python scripts/bench_alerts.py -n {len(ms)}` on "
        f"{platform.node()} ({os.cpu_count()} CPUs, load {load:.1f}), "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.\n\n"
        "From the review's commit (as `python -m portal_sandbox review` makes it) to the SMS "
        "file in `var/sms/`: the sandbox's sender poll (0.2 s), the signed POST, the checks "
        "and dedup, the notification outbox and its worker.\n\n"
        "| events | median | p95 | min | max |\n|---|---|---|---|---|\n"
        f"| {len(ms)} | {statistics.median(ms):.0f} ms | {p95:.0f} ms | {ms[0]:.0f} ms "
        f"| {ms[-1]:.0f} ms |\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--events", type=int, default=100)
    args = parser.parse_args()
    latencies = asyncio.run(run(args.events))
    print(report(latencies, ROOT / "var" / "bench" / "alerts.md"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
