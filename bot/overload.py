"""Graceful overload: a turn the server can't answer in time gets "请稍后再试" at once.

Under more load than a Rasa server can carry, turns queue on its one event loop and
every conversation slows down together: at 200 users on two cores a turn took 14.5 s
(issue 15), and Twilio gives a webhook 15 s before it drops the call or the SMS.

Where the queue is: a turn's own work (NLU, tracker, policies, a local action) runs
on the loop without yielding, 25–35 ms; the waiting happens between the request's
arrival and that work (the hop to the login store's thread, the loop's ready queue).
So turns are counted from their request's arrival to its response
(:func:`watch`, Sanic middleware on the turn webhooks), and a request is admitted
only while those in flight would drain within :data:`QUEUE_BUDGET_SECONDS` at the
rate the process has been finishing them. A request that is not admitted must cost
next to nothing, since its user comes back a second later: the middleware answers a
REST or SMS turn itself, in that channel's format (:func:`busy_response`); a voice
turn goes through its channel (its speech settings) but ``Agent.handle_message``
(:func:`shedding`) answers :data:`BUSY` instead of running the turn. Either way:
no NLU, no lock, nothing stored.

Reports the server makes to itself (a login's outcome, a confirmation code: their
``parse_data`` is set by our code) are never shed, since they can't be sent again.
The web chat's socket.io messages are not HTTP requests and are not counted.
"""

from __future__ import annotations

import contextvars
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter, Histogram
from rasa.core.channels.channel import UserMessage
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.inbound import conversation_id
from bot.channels.responses import response_texts
from bot.channels.twilio_common import twiml_response

#: What a shed turn answers; the channels' own collectors carry it to the user.
BUSY_RESPONSE = "utter_channel_busy"
BUSY = response_texts([BUSY_RESPONSE])[BUSY_RESPONSE]
#: The longest a newly admitted turn should wait behind those in flight. Short: the
#: loop runs every ready turn (25-35 ms each, atomic) once per iteration, and a new
#: connection needs several iterations before its first request is read, so the budget
#: is also what a new client waits per iteration (at 200 users, the first request on a
#: new connection took 12-17 s with 2 s; docs/performance.md).
QUEUE_BUDGET_SECONDS = 0.5
#: What a shed REST client is told to wait before it tries again.
RETRY_AFTER_SECONDS = 1
#: Turns always admitted, whatever the rate: a server just started has none yet.
MIN_IN_FLIGHT = 10
#: The completion rate is measured over windows this long.
RATE_WINDOW_SECONDS = 5.0
#: A request in flight longer than this is taken as gone (its client went away and
#: Sanic cancelled the handler before the response middleware could count it out).
STALE_AFTER_SECONDS = 60.0
#: The channels whose webhook requests are turns (credentials.yml's names).
TURN_CHANNELS = ("rest", "twilio", "twilio_voice")
TURN_PATHS = frozenset(f"/webhooks/{name}/webhook" for name in TURN_CHANNELS)
REST_PATH, SMS_PATH = "/webhooks/rest/webhook", "/webhooks/twilio/webhook"

SHED = Counter("hz12333_turns_shed_total", "Turns answered 'try again later' under overload.")
#: From the turn request's arrival (its middleware) to its response, shed ones included:
#: the queueing a turn's own timer (hz12333_turn_duration_seconds) does not see.
IN_SERVER = Histogram(
    "hz12333_turn_request_seconds",
    "Turn webhook requests, from arrival to response.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 6.0, 10.0, 15.0, 30.0),
)

#: Set by :func:`watch` for the request being handled: whether its turn is shed.
shed_this_turn: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "shed_this_turn", default=False
)


@dataclass
class Admission:
    """The turns in flight in one process, and whether one more may start."""

    budget: float = QUEUE_BUDGET_SECONDS
    floor: int = MIN_IN_FLIGHT
    window: float = RATE_WINDOW_SECONDS
    stale_after: float = STALE_AFTER_SECONDS
    clock: Callable[[], float] = time.monotonic
    shed: int = 0
    #: Turns finished per second in the last full window (0 until one has passed).
    rate: float = 0.0
    _entered: dict[int, float] = field(default_factory=dict, repr=False)
    _tickets: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    _done_in_window: int = 0
    _window_start: float | None = field(default=None, repr=False)

    @property
    def limit(self) -> int:
        """Turns in flight above which a new one is shed."""
        return max(self.floor, int(self.rate * self.budget))

    @property
    def in_flight(self) -> int:
        return len(self._entered)

    def try_enter(self) -> int | None:
        """A ticket for :meth:`leave`, or None when the turn is to be shed."""
        now = self.clock()
        if len(self._entered) >= self.limit:
            self._forget_stale(now)
        if len(self._entered) >= self.limit:
            self.shed += 1
            SHED.inc()
            return None
        ticket = next(self._tickets)
        self._entered[ticket] = now
        return ticket

    def leave(self, ticket: int) -> None:
        if self._entered.pop(ticket, None) is None:
            return
        now = self.clock()
        if self._window_start is None:
            self._window_start = now
        self._done_in_window += 1
        elapsed = now - self._window_start
        if elapsed >= self.window:
            self.rate = self._done_in_window / elapsed
            self._done_in_window, self._window_start = 0, now

    def _forget_stale(self, now: float) -> None:
        for ticket, since in list(self._entered.items()):
            if now - since > self.stale_after:
                del self._entered[ticket]


def busy_response(request: Request) -> HTTPResponse | None:
    """:data:`BUSY` in the format of the channel ``request`` is for, where the middleware
    can answer it (REST, SMS); None where the channel must (voice)."""
    if request.path == REST_PATH:
        try:
            body = request.json
        except Exception:  # Sanic raises InvalidUsage on malformed JSON
            body = None
        sender = body.get("sender") if isinstance(body, dict) else None
        recipient = conversation_id("rest", sender.strip()) if isinstance(sender, str) else ""
        # 503 with the usual reply list: a person reads the sentence, a client may retry.
        return response.json(
            [{"recipient_id": recipient, "text": BUSY}],
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if request.path == SMS_PATH:
        twiml = MessagingResponse()
        twiml.message(BUSY)
        return twiml_response(twiml)
    return None


def watch(app: Sanic, admission: Admission) -> None:
    """Count the turn webhooks' requests in ``admission``; mark the ones to shed."""

    async def arrive(request: Request) -> HTTPResponse | None:
        # Sanic runs a keep-alive connection's requests in one task, hence one context.
        shed_this_turn.set(False)
        if request.method != "POST" or request.path not in TURN_PATHS:
            return None
        ticket = admission.try_enter()
        request.ctx.overload_ticket = ticket
        request.ctx.overload_arrived = time.monotonic()
        if ticket is not None:
            return None
        shed_this_turn.set(True)
        return busy_response(request)

    async def answered(request: Request, _: BaseHTTPResponse) -> None:
        arrived = getattr(request.ctx, "overload_arrived", None)
        if arrived is not None:
            IN_SERVER.observe(time.monotonic() - arrived)
            request.ctx.overload_arrived = None
        ticket = getattr(request.ctx, "overload_ticket", None)
        if ticket is not None:
            admission.leave(ticket)
            request.ctx.overload_ticket = None

    app.register_middleware(arrive, "request")
    app.register_middleware(answered, "response")


def sheddable(message: UserMessage) -> bool:
    """Whether ``message`` is a user's own turn (ours carry their parse data)."""
    return message.parse_data is None


HandleMessage = Callable[[Any, UserMessage], Awaitable[Any]]


def shedding(handle_message: HandleMessage) -> HandleMessage:
    """``Agent.handle_message`` that answers :data:`BUSY` for a turn :func:`watch` shed."""

    async def handle(agent: Any, message: UserMessage) -> Any:
        if shed_this_turn.get() and sheddable(message):
            if message.output_channel is not None:
                await message.output_channel.send_text_message(message.sender_id, BUSY)
            return None
        return await handle_message(agent, message)

    return handle
