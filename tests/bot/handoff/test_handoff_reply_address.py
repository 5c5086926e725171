"""bot/handoff/reply_address.py: an address per ticket that nobody can forge (issue 13)."""

from __future__ import annotations

from bot.handoff.reply_address import (
    ReplyTarget,
    is_reply_domain,
    read_reply_address,
    reply_address,
)

KEY = "k" * 40
DOMAIN = "reply.hz.gov.cn"
TICKET = "HZ-20261201-0QYXNS"


def test_an_address_names_its_ticket() -> None:
    address = reply_address(TICKET, secret_key=KEY, domain=DOMAIN)
    assert address.startswith("reply+hz-20261201-0qyxns.") and address.endswith("@reply.hz.gov.cn")
    assert read_reply_address(address, secret_key=KEY, domain=DOMAIN) == ReplyTarget(TICKET, True)
    # Mail systems may fold the case of the local part.
    assert read_reply_address(address.upper(), secret_key=KEY, domain=DOMAIN) == ReplyTarget(
        TICKET, True
    )


def test_another_tickets_number_with_this_mac_is_invalid() -> None:
    address = reply_address(TICKET, secret_key=KEY, domain=DOMAIN)
    forged = address.replace("0qyxns", "0qyxnt")
    assert read_reply_address(forged, secret_key=KEY, domain=DOMAIN) == ReplyTarget(
        "HZ-20261201-0QYXNT", False
    )


def test_another_key_gives_another_mac() -> None:
    address = reply_address(TICKET, secret_key="other" * 8, domain=DOMAIN)
    assert read_reply_address(address, secret_key=KEY, domain=DOMAIN) == ReplyTarget(TICKET, False)


def test_other_addresses_are_not_ours() -> None:
    address = reply_address(TICKET, secret_key=KEY, domain=DOMAIN)
    assert (
        read_reply_address(address.replace(DOMAIN, "evil.cn"), secret_key=KEY, domain=DOMAIN)
        is None
    )
    assert read_reply_address("hz12333@hz.gov.cn", secret_key=KEY, domain=DOMAIN) is None
    assert is_reply_domain("X@Reply.HZ.gov.cn", DOMAIN)
    assert not is_reply_domain("x@hz.gov.cn", DOMAIN)
