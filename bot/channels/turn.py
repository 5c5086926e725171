"""The skeleton every channel's turn goes through, and what the channels share per process.

Each channel used to repeat it: read the settings, build a login store, take the
replies the login page left, run the turn, apologise on failure, and each did it a
little differently (one took the waiting replies outside its guard, so a database
fault there became a 500). Here it is once:

- :func:`services` builds the settings and the shared stores once per process;
  Rasa builds every channel through ``from_credentials``, so that is where they
  take them from.
- :func:`guarded_turn` runs one turn: the waiting replies, the confirmation code,
  the bot, all inside one guard; a failure is logged without the user's text and
  reported to the caller, never raised.
- :func:`with_apology` gives the user something to read whatever happened.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import rasa_patches
from bot.channels.inbound import APOLOGY
from bot.channels.twilio_common import SmsStore
from bot.contract import CLIENT_BINDING_KEY
from bot.handoff.notices import reply_notice
from bot.handoff.replies import ReplyStore
from bot.login.confirm import confirmation_turn
from bot.login.store import LoginStore
from bot.ratelimit import Limits, RateLimiter
from bot.settings import Settings
from portal_client import PortalClient

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass
class ChannelServices:
    """What every channel of one Rasa server process shares."""

    settings: Settings
    login_store: LoginStore
    limits: Limits
    #: One client of the portal for the whole process (the login page's logins).
    portal: PortalClient
    limiter: RateLimiter = field(default_factory=RateLimiter)
    _sms_store: SmsStore | None = None
    _reply_store: ReplyStore | None = None

    @property
    def reply_store(self) -> ReplyStore:
        """Tickets' threads: the agents' replies a client gets with its next turn (issue 13)."""
        if self._reply_store is None:
            self._reply_store = ReplyStore.from_settings(self.settings)
        return self._reply_store

    @property
    def sms_store(self) -> SmsStore:
        """The SMS channels' state (menus, opt-outs, replays, caps), made on first use."""
        if self._sms_store is None:
            self._sms_store = SmsStore(
                self.settings.database_url, secret_key=self.settings.secret_key
            )
        return self._sms_store

    @classmethod
    def from_settings(cls, settings: Settings) -> ChannelServices:
        return cls(
            settings=settings,
            login_store=LoginStore(settings.database_url, settings.secret_key),
            limits=Limits(enabled=settings.rate_limits),
            portal=PortalClient(settings.portal_url),
        )


@lru_cache(maxsize=1)
def services() -> ChannelServices:
    """The process's services, from the settings read once at the first channel's start.

    The first of our channels to start also installs :mod:`bot.rasa_patches`, before
    Rasa loads the model: a server whose credentials leave out the ops channel still
    gets its fixes (an answer to every message, a message sent again not run twice, no
    500 on a malformed header).
    """
    rasa_patches.apply()
    return ChannelServices.from_settings(Settings.from_env())


class ChannelCollector(CollectingOutputChannel):
    """Collects a turn's replies under the channel's own name.

    Rasa picks a response's per-channel variant (``channel: twilio_voice`` in the
    domain) by the output channel's name; Rasa's collector is named "collector",
    so without this no variant for SMS or voice would ever be chosen.
    """

    def __init__(self, channel: str) -> None:
        super().__init__()
        self._channel = channel

    def name(self) -> str:  # type: ignore[override]
        return self._channel


@dataclass
class Turn:
    """What a guarded turn gives back to its channel."""

    #: Replies the server left for this client earlier (a login's outcome), to show first.
    waiting: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False


async def guarded_turn(
    login_store: LoginStore,
    message: UserMessage,
    on_new_message: OnNewMessage,
    *,
    who: str,
    take_waiting: bool = True,
    replies: ReplyStore | None = None,
) -> Turn:
    """Run ``message`` through the bot; never raises.

    With ``replies``, the agents' replies to this client's tickets that it has not
    been shown yet come with the turn, after the bot ran (so that a status answer
    that showed them already took them).

    ``who`` names the sender for the log (a masked phone, a conversation id): the
    message text is never logged, since it may hold personal data.
    """
    turn = Turn()
    if take_waiting:
        binding = (message.metadata or {}).get(CLIENT_BINDING_KEY)
        try:
            waiting = await login_store.take_deferred(
                message.sender_id, binding if isinstance(binding, str) else None
            )
            turn.waiting = [dict(m) for m in waiting]
        except Exception:
            # The question at hand still gets its answer; the report waits for next time.
            logger.exception(
                "%s: could not read the replies left for %s", message.input_channel, who
            )
    try:
        await on_new_message(await confirmation_turn(login_store, message))
    except Exception:
        logger.exception("%s: the bot failed on a message from %s", message.input_channel, who)
        turn.failed = True
    if replies is not None:
        binding = (message.metadata or {}).get(CLIENT_BINDING_KEY)
        try:
            taken = await replies.take_unshown(
                message.sender_id, binding if isinstance(binding, str) else None
            )
        except Exception:
            logger.exception(
                "%s: could not read the agents' replies for %s", message.input_channel, who
            )
            taken = []
        turn.waiting += [
            {
                "recipient_id": message.sender_id,
                "text": reply_notice(
                    ticket_no, reply.text, attachments=reply.attachments, resolved=reply.resolves
                ),
            }
            for ticket_no, reply in taken
        ]
    return turn


def with_apology(messages: list[dict[str, Any]], recipient_id: str) -> list[dict[str, Any]]:
    """``messages``, or the apology when there is nothing to show: never a silence."""
    return messages or [{"recipient_id": recipient_id, "text": APOLOGY}]
