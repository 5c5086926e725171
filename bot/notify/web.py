"""The nudge that reaches the bot server holding a citizen's web page: a reply is waiting.

With several bot servers (REDIS_URL) the page's socket is held by one of them, while
the agent's reply is read by another process: the local capture, or the IMAP reader
of ``python -m bot.handoff.followup``. Once the reply is stored, that process emits
:data:`REPLIES_WAITING_EVENT` to the conversation's socket.io room through a
write-only ``AsyncRedisManager`` on the servers' own channel (python-socketio's way
to emit from an external process). Every server's manager hears it; the one that
holds a socket in the room takes the replies and pushes them to the page
(:class:`bot.channels.web.SharedRoomsManager`, issue 13).

The nudge carries the conversation id only. The reply is taken (``shown_at``) only
by a server that holds the page, with the page's own client binding; a nudge that
nobody hears (no page open, Redis down) leaves the reply waiting for the page's next
visit or next message. Without REDIS_URL there is one bot server, which looks for
replies for the pages it holds itself.
"""

from __future__ import annotations

import logging

from socketio import AsyncRedisManager

from bot.contract import CONVERSATION_PREFIXES, WEB
from bot.settings import Settings

logger = logging.getLogger(__name__)

#: The socket.io channel the bot servers share through Redis.
REDIS_CHANNEL = "hz12333-socketio"
#: What a server's manager takes as "replies are waiting in this room", never a client event.
REPLIES_WAITING_EVENT = "hz12333:replies_waiting"
#: The socket.io namespace of the web page.
NAMESPACE = "/"
_WEB_PREFIX = CONVERSATION_PREFIXES[WEB] + ":"


def is_web_conversation(conversation_id: str) -> bool:
    return conversation_id.startswith(_WEB_PREFIX)


class WebReplySignal:
    """Emits :data:`REPLIES_WAITING_EVENT` to a web conversation's room through Redis."""

    def __init__(self, redis_url: str) -> None:
        self.manager = AsyncRedisManager(redis_url, channel=REDIS_CHANNEL, write_only=True)

    async def __call__(self, conversation_id: str) -> None:
        """Tell whichever server holds ``conversation_id``'s page to push its replies.

        Best effort: python-socketio logs and drops a publish that Redis refused twice,
        and the reply then waits for the page's next visit or message.
        """
        if not is_web_conversation(conversation_id):
            return
        await self.manager.emit(
            REPLIES_WAITING_EVENT, None, namespace=NAMESPACE, room=conversation_id
        )


def web_signal_for(settings: Settings) -> WebReplySignal | None:
    """The nudge when the servers share Redis; ``None`` with one server (no REDIS_URL)."""
    return WebReplySignal(settings.redis_url) if settings.redis_url else None
