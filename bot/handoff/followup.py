"""``python -m bot.handoff.followup``: everything after the hand-off mail, in one process.

- the notification worker (:mod:`bot.notify.worker`): agents' replies to citizens
  by mail and SMS, citizens' answers and SLA reminders to the agents;
- the SLA scan: one reminder for each ticket without an agent reply after
  HANDOFF_SLA_HOURS, checked every :data:`SLA_SCAN_INTERVAL`;
- with IMAP_HOST set, the reply mailbox reader (:mod:`bot.handoff.imap`). Without
  it (the local stack), the mail capture takes REPLY_DOMAIN mail as inbound itself.
  With REDIS_URL, a reply for a web page nudges the bot server that holds the page
  (:mod:`bot.notify.web`).

Several may run at once against one database: claims are leases, reminders and
replies are unique by key.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from bot.handoff.delivery import ReplyDelivery
from bot.handoff.imap import ImapReader
from bot.handoff.replies import ReplyStore
from bot.logs import configure_logging
from bot.notify.outbox import NotifyOutbox
from bot.notify.sms import SmsSender
from bot.notify.web import web_signal_for
from bot.notify.worker import NotifyWorker
from bot.settings import Settings

log = logging.getLogger(__name__)

#: How often the worker looks for notifications: a citizen waits for an agent's reply at
#: most this long after the capture or the IMAP reader stored it (an indexed query).
NOTIFY_POLL_INTERVAL = 0.5
#: How often the SLA scan looks for tickets nobody answered.
SLA_SCAN_INTERVAL = 60.0


async def sla_loop(delivery: ReplyDelivery, sla_hours: int, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await delivery.remind_overdue(sla_hours)
        except Exception:
            log.exception("SLA scan failed; it runs again in %.0f s", SLA_SCAN_INTERVAL)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), SLA_SCAN_INTERVAL)


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run the worker, the SLA scan and (with IMAP_HOST) the reader until ``stop``."""
    store = ReplyStore.from_settings(settings)
    await store.create_schema()
    delivery = ReplyDelivery(
        store, agent_senders=settings.agent_senders, web_signal=web_signal_for(settings)
    )
    outbox = NotifyOutbox(settings.database_url)
    worker = NotifyWorker(
        outbox,
        smtp=settings.smtp,
        sms=SmsSender.from_settings(settings),
        poll_interval=NOTIFY_POLL_INTERVAL,
    )
    tasks = [worker.run_forever(stop), sla_loop(delivery, settings.handoff_sla_hours, stop)]
    if settings.imap.enabled:
        tasks.append(ImapReader(settings.imap, delivery).run_forever(stop))
    else:
        log.info(
            "IMAP_HOST unset: replies to %s come from the local capture", settings.reply_domain
        )
    await asyncio.gather(*tasks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.handoff.followup", description=__doc__)
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
