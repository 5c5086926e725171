"""``python -m bot.handoff reply HZ-… --text "…"``: a staff command that answers a ticket by mail.

It sends a real mail through the relay of SMTP_* (the local capture on SMTP_PORT
by default) to the ticket's reply address, in the ticket's thread, as an agent
would from a mail client. Add ``--resolve`` to close the ticket.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from bot.db import utc_now
from bot.handoff.mail import message_id_for
from bot.handoff.models import ClaimedMail
from bot.handoff.outbox import find_ticket_no
from bot.handoff.reply_address import reply_address
from bot.handoff.worker import deliver
from bot.settings import Settings

#: The agent address the command writes from unless --sender says otherwise.
DEFAULT_SENDER = "agent@hz.gov.cn"


def agent_reply(
    ticket_no: str,
    text: str,
    *,
    settings: Settings,
    sender: str = DEFAULT_SENDER,
    resolve: bool = False,
) -> EmailMessage:
    """The mail an agent's client would send: to the reply address, in the thread."""
    original = message_id_for(ticket_no, settings.handoff_from)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = reply_address(
        ticket_no, secret_key=settings.secret_key, domain=settings.reply_domain
    )
    message["Subject"] = f"Re: [12333 转人工] {ticket_no}"
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["In-Reply-To"] = original
    message["References"] = original
    message.set_content(text + ("\n\n#已解决\n" if resolve else "\n"), charset="utf-8")
    return message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.handoff", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    reply = commands.add_parser("reply", help="answer a ticket as an agent, by mail")
    reply.add_argument("ticket")
    reply.add_argument("--text", required=True)
    reply.add_argument("--sender", default=DEFAULT_SENDER)
    reply.add_argument("--resolve", action="store_true", help="close the ticket (#已解决)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    ticket_no = find_ticket_no(args.ticket)
    if ticket_no is None:
        print(f"not a ticket number: {args.ticket}", file=sys.stderr)
        return 2
    message = agent_reply(
        ticket_no, args.text, settings=settings, sender=args.sender, resolve=args.resolve
    )
    claim = ClaimedMail(
        ticket_no=ticket_no,
        claim_token="",
        attempts=1,
        created_at=utc_now(),
        message_id=str(message["Message-ID"]),
        mail_from=args.sender,
        rcpt_to=(str(message["To"]),),
        mail=message.as_bytes(),
    )
    asyncio.run(deliver(claim, settings.smtp))
    print(f"sent {message['Message-ID']} to {message['To']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
