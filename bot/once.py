"""A message its client sends again, under the id it gave it, is answered once.

A turn can run to its end, its tracker saved and its ticket filed, and its answer
still never reach the user: the server is killed between the save and the response,
or the connection drops. The client, or the load balancer in front of the servers,
sends the same message again, perhaps to another server. Run again, the turn would
meet a conversation that has moved on: "确认" to a hand-off form that has already
filed the ticket gets "好的。还有什么可以帮您？", and the user never learns the
ticket's number (the two-server crash test met exactly that).

So a client may name each message (the REST body's ``message_id``, the web page's
``user_uttered``). Rasa keeps the id on the stored user turn; a message whose id and
text are already in its conversation's tracker is not run again, and the answers that
turn gave, as stored, are sent instead (:func:`answers_to`, installed by
:mod:`bot.rasa_patches` inside Rasa's per-conversation lock, so the check and the
turn can't interleave). A different text under a used id is a new message.

Rasa gives a message without an id a random one; a client's id is stored with a
prefix of its own (:func:`client_message_id`), so that only a message that came
with one costs the look into its tracker.
"""

from __future__ import annotations

import re

from rasa.shared.core.events import BotUttered, Event, UserUttered

#: What a client's id may be: what a UUID, a ULID or a counter is written with.
CLIENT_ID_RE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
#: The stored id's prefix that marks it as the client's.
CLIENT_ID_PREFIX = "client-"


class InvalidMessageId(ValueError):
    """A client's message id that is not a short token (:data:`CLIENT_ID_RE`)."""


def client_message_id(raw: object) -> str | None:
    """The stored id for a client's ``raw`` id; None when it gave none.

    Raises :class:`InvalidMessageId` for anything but a short token, which the
    channel answers as the client's mistake.
    """
    if raw is None:
        return None
    if not isinstance(raw, str) or not CLIENT_ID_RE.fullmatch(raw):
        raise InvalidMessageId("message_id must be 1 to 64 letters, digits or _.:-")
    return CLIENT_ID_PREFIX + raw


def is_client_id(message_id: str | None) -> bool:
    return bool(message_id) and str(message_id).startswith(CLIENT_ID_PREFIX)


def answers_to(events: list[Event], message_id: str, text: str | None) -> list[BotUttered] | None:
    """The answers stored for the user turn ``message_id`` with ``text``; None if it has none.

    The latest such turn counts; its answers are the bot's utterances up to the next
    user turn. A turn stored with no answer at all failed (its user got the channel's
    apology, which asks them to try again), so it is run again: None.
    """
    turn: int | None = None
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if (
            isinstance(event, UserUttered)
            and event.message_id == message_id
            and (event.text or "") == (text or "")
        ):
            turn = index
            break
    if turn is None:
        return None
    answers: list[BotUttered] = []
    for event in events[turn + 1 :]:
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            answers.append(event)
    return answers or None
