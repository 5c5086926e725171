"""The portal session of a conversation: find it, offer a login link, explain a portal failure.

Private data is read only through a portal session that the login page bound to
this conversation *and* this client; no slot holds a token, and every action
checks the binding again rather than trusting the conversation's state.
"""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY, LOGIN_PATH
from bot.login.store import PortalLink
from portal_client import PortalError, SessionExpired

logger = logging.getLogger(__name__)


def client_binding(tracker: Tracker) -> str | None:
    metadata = tracker.latest_message.get("metadata") or {}
    value = metadata.get(CLIENT_BINDING_KEY)
    return value if isinstance(value, str) and value else None


def channel_of(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get(CHANNEL_KEY) or tracker.get_latest_input_channel() or "rest")


async def current_link(tracker: Tracker) -> PortalLink | None:
    """The portal session of this conversation, for this client on this channel only."""
    return await runtime.login_store().active_link(
        tracker.sender_id, client_binding(tracker), channel_of(tracker)
    )


#: ``pending_request`` when a 注销 was asked before the login: the list comes after it,
#: and the one picked from it is asked to be cancelled.
CANCEL_REQUEST = "cancel"
#: What the bot says once the login page reports a login.
LOGIN_LINK_RESPONSE = "utter_login_link"
LOGGED_IN_RESPONSE = "utter_login_succeeded"


async def offer_login(
    dispatcher: CollectingDispatcher, tracker: Tracker, pending: str, *, expired: bool = False
) -> list[EventType]:
    """Send a one-time login link; the question waits in ``pending_request``."""
    binding = client_binding(tracker)
    if binding is None:
        dispatcher.utter_message(response="utter_login_unsupported")
        return [SlotSet("pending_request", None)]
    ticket = await runtime.login_store().issue_ticket(
        tracker.sender_id, binding, channel_of(tracker)
    )
    url = f"{runtime.settings().public_url}{LOGIN_PATH}{ticket.signed}"
    dispatcher.utter_message(
        response="utter_login_link_expired" if expired else LOGIN_LINK_RESPONSE,
        url=url,
        json_message={"type": "login", "url": url},
    )
    return [SlotSet("pending_request", pending)]


async def portal_failed(
    error: PortalError, dispatcher: CollectingDispatcher, tracker: Tracker, pending: str
) -> list[EventType]:
    """A new login link when the session expired; else the portal is down, say so."""
    if isinstance(error, SessionExpired):
        await runtime.login_store().revoke(tracker.sender_id)
        return await offer_login(dispatcher, tracker, pending, expired=True)
    logger.warning("portal look-up failed: %s", type(error).__name__)
    dispatcher.utter_message(response="utter_portal_down")
    return [SlotSet("pending_request", None), SlotSet("handoff_reason", "portal_down")]


def display_name(link: PortalLink) -> str:
    return link.display_name or link.username
