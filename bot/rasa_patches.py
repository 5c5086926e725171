"""Fixes to Rasa 3.6.21 internals (and the Sanic 21.12 it pins) that the Rasa server
applies at start-up. Each has a test in tests/bot/test_rasa_patches.py.

Sanic 21.12 parses the Accept header without a guard when it renders its own error
pages, so a request with a malformed one (``Accept: x``) to an unknown path gets a
500 from inside the error handler; :func:`lenient_accept` reads such a header as
``*/*``, which is what a client that sent nonsense can be given.

Profiled under load (scripts/bench_load.py with py-spy), 37–40 % of the Rasa
server's event loop went to ``RemoteAction._validate_action_result``: it calls
``jsonschema.validate``, which checks the schema itself again before every action
response. The same validation with a validator built once costs about 1/70 of that.

Issue 15 took a turn's cost apart (docs/performance.md):

- :func:`run_remote_or_here`: the FAQ action, the most frequent by far, runs inside
  the Rasa server with rasa_sdk's own executor, so a plain FAQ turn makes no HTTP
  round trip and the tracker is not serialised for another process. The same
  action class and executor run as on the action server, with the same slots,
  latest message and domain, and the answer goes through Rasa's same validation,
  responses and events. Actions that reach the portal or the stores stay remote.
- :func:`lean_action_call`: an action that does go to the action server gets the
  earlier user messages with their intent, entities and text but without the NLU's
  rankings (``intent_ranking``, ``response_selector``), a third of the JSON of a
  20-turn call, which no action reads of any message but the latest (whole, as before).
- :func:`deeper_listen_backlog`: a listen backlog of :data:`LISTEN_BACKLOG` instead of
  Rasa's 100, so that a burst of new connections waits to be accepted instead of
  being dropped and retried seconds later by the client's TCP.
- :func:`shed_when_overloaded`: ``Agent.handle_message`` answers "请稍后再试" instead
  of running a turn that :mod:`bot.overload` did not admit; :func:`watch_turns` counts
  the turn requests (the Sanic middleware that the ops channel mounts).

All of them target Rasa 3.6.21 (rasa-sdk 3.6.2, Sanic 21.12); a test pins the
version, so an upgrade has to look at each again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import rasa
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.constants import ENV_SANIC_BACKLOG
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core import events as rasa_events
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from sanic import Sanic
from sanic.exceptions import InvalidHeader
from sanic.headers import AcceptContainer, parse_accept
from sanic.request import Request

from bot import overload

if TYPE_CHECKING:
    from rasa.core.channels.channel import OutputChannel
    from rasa.core.nlg import NaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa_sdk.executor import ActionExecutor

#: The Rasa release these patches were written against and tested with.
TARGET_RASA_VERSION = "3.6.21"

_applied = False


@lru_cache(maxsize=1)
def action_result_validator() -> Validator:
    """The validator of an action server's response, with its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server's response, with the same errors, cached."""
    try:
        action_result_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def lenient_accept(self: Request) -> AcceptContainer:
    """Sanic's ``Request.accept``, with a malformed header read as ``*/*``."""
    if self.parsed_accept is None:
        try:
            self.parsed_accept = parse_accept(self.headers.getone("accept", ""))
        except InvalidHeader:
            self.parsed_accept = parse_accept("*/*")
    return self.parsed_accept


def faq_needs_no_portal(tracker: DialogueStateTracker) -> bool:
    """Whether ``action_answer_faq`` can't reach the portal: no list of submissions
    to pick from, so it answers from the guide (actions/faq.py); and no yes/no question
    of the bot's last turn waits for this message, since telling needs the earlier
    turns, which a local call leaves out (actions/confirmation.py)."""
    return not tracker.get_slot("progress_list") and not question_pending(tracker)


def question_pending(tracker: DialogueStateTracker) -> bool:
    """Whether the bot's previous turn asked one of its yes/no questions."""
    from actions.confirmation import QUESTIONS

    users = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users += 1
            if users == 2:
                return False
        elif users == 1 and isinstance(event, rasa_events.BotUttered):
            if (event.metadata or {}).get("utter_action") in QUESTIONS:
                return True
    return False


#: Actions the Rasa server runs itself, each when its condition holds on the tracker.
LOCAL_ACTIONS: dict[str, Callable[[DialogueStateTracker], bool]] = {
    "action_answer_faq": faq_needs_no_portal,
}


@lru_cache(maxsize=1)
def local_executor() -> ActionExecutor:
    """rasa_sdk's executor with the actions of :data:`LOCAL_ACTIONS` registered."""
    from rasa_sdk.executor import ActionExecutor

    from actions.faq import ActionAnswerFaq

    executor = ActionExecutor()
    executor.register_action(ActionAnswerFaq)
    return executor


def turn_events(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """The events of the turn at hand, from the user's message on, as dicts."""
    found: list[Event] = []
    for event in reversed(tracker.events):
        found.append(event)
        if isinstance(event, UserUttered):
            break
    return [event.as_dict() for event in reversed(found)]


def local_call(action: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict:
    """The action call the server would get, with only this turn's events."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = turn_events(tracker)
    return {
        "next_action": action.name(),
        "sender_id": tracker.sender_id,
        "tracker": state,
        "version": rasa.__version__,
        "domain": domain.as_dict(),
    }


#: What an earlier user message keeps of its parse data in an action call; the
#: actions read its intent's name (actions/handoff.py), nothing else.
KEPT_PARSE_KEYS = ("intent", "entities", "text")

_full_action_call = RemoteAction._action_call_format


def lean_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``events`` with every user message but the latest stripped of the NLU's rankings."""
    last_user = max((n for n, e in enumerate(events) if e.get("event") == "user"), default=-1)
    lean = []
    for n, event in enumerate(events):
        parse = event.get("parse_data")
        if n < last_user and event.get("event") == "user" and isinstance(parse, dict):
            event = {**event, "parse_data": {k: parse[k] for k in KEPT_PARSE_KEYS if k in parse}}
        lean.append(event)
    return lean


def lean_action_call(
    self: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """``RemoteAction._action_call_format`` with :func:`lean_events`."""
    call = _full_action_call(self, tracker, domain)
    state = call.get("tracker") or {}
    if isinstance(state.get("events"), list):
        state["events"] = lean_events(state["events"])
    return call


_remote_run = RemoteAction.run


async def run_remote_or_here(
    self: RemoteAction,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    tracker: DialogueStateTracker,
    domain: Domain,
) -> list[Event]:
    """``RemoteAction.run``, in this process for the actions of :data:`LOCAL_ACTIONS`."""
    condition = LOCAL_ACTIONS.get(self.name())
    if condition is None or not condition(tracker):
        return await _remote_run(self, output_channel, nlg, tracker, domain)
    response = await local_executor().run(local_call(self, tracker, domain))  # type: ignore[arg-type]
    response = response or {}
    self._validate_action_result(response)
    bot_messages = await self._utter_responses(
        response.get("responses", []), output_channel, nlg, tracker
    )
    return [*bot_messages, *rasa_events.deserialise_events(response.get("events", []))]


#: The listen backlog of the Rasa server: Rasa's default (100) overflows when a few
#: hundred clients connect to a busy server, and each dropped SYN costs the client a
#: 1, 3, 7, 15 s retransmission (measured: connects of 11 s at 200 users, issue 15).
#: Well under the kernel's somaxconn (4096 on Debian 12).
LISTEN_BACKLOG = 1024


def deeper_listen_backlog() -> None:
    """Rasa reads ``SANIC_BACKLOG`` when it starts serving, after it built the channels
    (where :func:`apply` runs); an operator's own value wins."""
    os.environ.setdefault(ENV_SANIC_BACKLOG, str(LISTEN_BACKLOG))


#: The turns in flight in this Rasa process (one per process: Sanic workers are processes).
admission = overload.Admission()


def shed_when_overloaded() -> None:
    """``Agent.handle_message`` that skips the turns :mod:`bot.overload` shed."""
    Agent.handle_message = overload.shedding(Agent.handle_message)  # type: ignore[method-assign]


def watch_turns(app: Sanic) -> None:
    """Count this server's turn requests in :data:`admission` (called once per app)."""
    overload.watch(app, admission)


def apply() -> None:
    """Install the fixes; idempotent."""
    global _applied
    if not _applied:
        RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
        RemoteAction.run = run_remote_or_here  # type: ignore[method-assign]
        RemoteAction._action_call_format = lean_action_call  # type: ignore[method-assign]
        Request.accept = property(lenient_accept)  # type: ignore[method-assign, assignment]
        shed_when_overloaded()
        deeper_listen_backlog()
        _applied = True
