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
  latest message and domain, and the answer goes through Rasa's same responses and
  events (the schema check of a remote answer is left to the tests). Actions that
  reach the portal or the stores stay remote.
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
- :func:`batch_nlu`: the NLU parses that arrive while one runs are run together, as one
  graph run in a worker thread (:class:`ParseBatcher`), and DIET and the
  ResponseSelector predict the whole batch in one TensorFlow call
  (:func:`predict_together`); Rasa runs each message alone, once per message. A
  message's parse is the same either way (to 1e-5 in confidence; tested with the model).

- :func:`resolve_event_type`: reading a stored event back finds its class once per
  event type, not with a walk over every ``Event`` subclass for each event, which was
  two thirds of the CPU of loading a tracker.
- :func:`predict_with_graph_function`: DIET and the ResponseSelector call their traced
  TensorFlow graph directly with the batch's tensors, not through ``tf.function``'s
  argument matching, which cost as much CPU as the graph itself for one message.
- :func:`run_action_uncopied`: an action with no events predicted before it runs on
  the tracker itself, not on a copy that replays the whole session (loops keep theirs).
- :func:`copy_slot`: the slots every new tracker copies are copied without
  ``copy.copy``'s pickling round.
- :func:`domain_is_empty`: the check that a parse's intent is in the domain no longer
  builds an empty domain to compare with, for every message.
- :func:`find_action_from_rules`: the RulePolicy reads a user turn as its text only
  when one of its rules could match text; ours name intents, so the pass that rebuilt
  the conversation's states with the text is skipped; :func:`rule_prediction_states`:
  it builds only the latest states its rules can read, not one for every action of
  the session.
- :func:`run_graph_in_order`: a graph run (an NLU parse, each prediction of the next
  action) calls its nodes in an order worked out once per set of targets, not through
  dask's scheduler, which rebuilt, ordered and scheduled the graph for every run.

:func:`close_tripped_turn`: when a turn hits Rasa's limit of predicted actions (the
circuit breaker), Rasa ends it without ``action_listen``; its count of a turn's actions
runs back to the last listen, so every later message of that conversation tripped the
breaker at once and got no answer at all. The tripped turn is now closed with a listen:
that turn gets the channel's apology, the next message a turn of its own.

:func:`answer_once`: a message sent again under the id its client gave it, whose turn
is already stored, gets that turn's stored answers and is not run again
(:mod:`bot.once`); the check runs inside Rasa's lock on the conversation.

All of them target Rasa 3.6.21 (rasa-sdk 3.6.2, Sanic 21.12); a test pins the
version, so an upgrade has to look at each again.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import rasa.shared.utils.common as rasa_common
import tensorflow as tf
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from keras.utils import tf_utils
from prometheus_client import Histogram
from rasa.constants import ENV_SANIC_BACKLOG
from rasa.core.actions.action import RemoteAction
from rasa.core.actions.loops import LoopAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.policy import SupportedData
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
    RulePolicy,
)
from rasa.core.processor import MessageProcessor, structlogger
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.constants import DIAGNOSTIC_DATA, DOCS_BASE_URL
from rasa.shared.core import events as rasa_events
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import ENTITY_RECOGNITION, FEATURIZERS
from rasa.utils.tensorflow.models import RasaModel
from sanic import Sanic
from sanic.exceptions import InvalidHeader
from sanic.headers import AcceptContainer, parse_accept
from sanic.request import Request

from bot import once, overload

if TYPE_CHECKING:
    from rasa.core.channels.channel import OutputChannel
    from rasa.core.nlg import NaturalLanguageGenerator
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


def local_actions() -> tuple[type, ...]:
    """The actions the Rasa server runs itself (issue 15: no HTTP round trip, no tracker
    sent as JSON): those that answer from the guide, the domain and the conversation.

    Each runs on the action server instead when it reaches for what only the action
    server has: the portal session, the login link, the outbox, the stores
    (``actions.runtime.NotConfigured``). Left out: the actions that always need them
    (the look-up, the cancel, the login, the alerts, the tickets) and any that catches
    every exception around them (the hand-off's submit), which would take the missing
    set-up for a failure of its own.
    """
    from actions.chitchat import (
        ActionBotChallenge,
        ActionCapabilities,
        ActionGoodbye,
        ActionGreet,
        ActionThank,
    )
    from actions.fallback import ActionFallback, ActionOutOfScope
    from actions.faq import ActionAnswerFaq
    from actions.followup import ActionFollowup
    from actions.handoff import (
        ActionAskHandoffContact,
        ActionAskHandoffDescription,
        ActionOfferHandoff,
        ValidateHandoffForm,
    )

    return (
        ActionAnswerFaq,
        ActionFallback,
        ActionOutOfScope,
        ActionFollowup,
        ActionGreet,
        ActionCapabilities,
        ActionBotChallenge,
        ActionThank,
        ActionGoodbye,
        ActionOfferHandoff,
        ValidateHandoffForm,
        ActionAskHandoffContact,
        ActionAskHandoffDescription,
    )


@lru_cache(maxsize=1)
def local_executor() -> ActionExecutor:
    """rasa_sdk's executor with :func:`local_actions` registered."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    for action in local_actions():
        executor.register_action(action)
    return executor


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
    """``RemoteAction.run``, in this process for :func:`local_actions`."""
    from actions.runtime import NotConfigured

    if self.name() not in local_executor().actions:
        return await _remote_run(self, output_channel, nlg, tracker, domain)
    try:
        # The call the action server would get, as Python objects: the same events,
        # so that what reads earlier turns reads them here too.
        response = await local_executor().run(self._action_call_format(tracker, domain))  # type: ignore[arg-type]
    except NotConfigured:
        # Nothing was said or stored: the action only collects until it returns.
        return await _remote_run(self, output_channel, nlg, tracker, domain)
    response = response or {}
    # Not validated against Rasa's schema of an action server's response: it comes from
    # rasa_sdk's executor in this process, not over the network, and the check was a
    # tenth of a FAQ turn's CPU on the event loop (issue 15). The tests validate it.
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


# -- NLU parses in batches -------------------------------------------------------------

#: The most messages one NLU graph run parses together. DIET's and the
#: ResponseSelector's CPU per message falls from about 14 ms alone to 6 ms in fours and
#: 3.5 ms in eights and sixteens (docs/performance.md); a cap keeps a batch's wall time,
#: which every message in it waits for, near 50 ms.
MAX_NLU_BATCH = 16

#: Where the batches run: off the event loop, so that turns go on (tracker loads,
#: policies, HTTP) while TensorFlow, which releases the GIL, works on the other core.
#: One thread: one batch at a time per process, and the graph's components are never
#: run by two threads at once.
_nlu_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")


#: How many messages each NLU graph run parsed.
NLU_BATCH_MESSAGES = Histogram(
    "hz12333_nlu_batch_messages",
    "Messages parsed together in one NLU graph run.",
    buckets=(1, 2, 4, 8, 16, 32),
)


@dataclass
class _Parse:
    message: UserMessage
    tracker: DialogueStateTracker
    only_output_properties: bool
    future: asyncio.Future[dict[str, Any]]


class ParseBatcher:
    """The NLU parses of one processor's model, run together when they arrive together.

    A parse that finds no batch running starts one at the loop's next turn, so an idle
    server adds no wait; parses that arrive while a batch runs wait for it to end and
    then run together (up to :data:`MAX_NLU_BATCH`) as one graph run.
    """

    def __init__(self, processor: MessageProcessor, *, max_batch: int | None = None) -> None:
        self.processor = processor
        self.max_batch = 1 if nlu_reads_tracker(processor) else max_batch or MAX_NLU_BATCH
        self.loop = asyncio.get_running_loop()
        self.waiting: list[_Parse] = []
        self._drain: asyncio.Task[None] | None = None

    async def parse(
        self, message: UserMessage, tracker: DialogueStateTracker, only_output_properties: bool
    ) -> dict[str, Any]:
        """``MessageProcessor._parse_message_with_graph`` of ``message``, in a batch."""
        job = _Parse(message, tracker, only_output_properties, self.loop.create_future())
        self.waiting.append(job)
        if self._drain is None:
            self._drain = self.loop.create_task(self.drain())
        return await job.future

    async def drain(self) -> None:
        try:
            while self.waiting:
                batch = [job for job in self.waiting[: self.max_batch] if not job.future.done()]
                del self.waiting[: self.max_batch]
                if not batch:
                    continue
                NLU_BATCH_MESSAGES.observe(len(batch))
                try:
                    results = await self.run_off_loop(batch)
                except Exception as error:  # handed to each waiting parse
                    results = [error] * len(batch)
                for job, result in zip(batch, results, strict=True):
                    if job.future.done():
                        continue  # its turn was cancelled
                    if isinstance(result, BaseException):
                        job.future.set_exception(result)
                    else:
                        job.future.set_result(result)
        finally:
            self._drain = None
            for job in self.waiting:  # only if this task itself was cancelled
                job.future.cancel()
            self.waiting.clear()

    async def run_off_loop(self, batch: list[_Parse]) -> list[dict[str, Any] | Exception]:
        return await self.loop.run_in_executor(_nlu_thread, self.run, batch)

    def run(self, batch: list[_Parse]) -> list[dict[str, Any] | Exception]:
        """One graph run for ``batch`` (in the NLU thread); if it fails, each message alone,
        so that a message that breaks a component fails only its own turn."""
        if len(batch) > 1:
            try:
                return self.run_together(batch)
            except Exception:
                structlogger.exception("nlu.batch.failed", size=len(batch))
        results: list[dict[str, Any] | Exception] = []
        for job in batch:
            try:
                results.append(
                    self.processor._parse_message_with_graph(
                        job.message, job.tracker, job.only_output_properties
                    )
                )
            except Exception as error:
                results.append(error)
        return results

    def run_together(self, batch: list[_Parse]) -> list[dict[str, Any] | Exception]:
        """What ``_parse_message_with_graph`` gives each message, from one graph run."""
        processor = self.processor
        target = processor.model_metadata.nlu_target
        outputs = processor.graph_runner.run(
            inputs={
                PLACEHOLDER_MESSAGE: [job.message for job in batch],
                # Read by no node of the NLU target (nlu_reads_tracker): any will do.
                PLACEHOLDER_TRACKER: batch[0].tracker,
            },
            targets=[target],
        )
        parsed: list[Message] = outputs[target]
        if len(parsed) != len(batch):
            raise RuntimeError(f"NLU graph gave {len(parsed)} messages for {len(batch)}")
        results: list[dict[str, Any] | Exception] = []
        for job, message in zip(batch, parsed, strict=True):
            parse_data: dict[str, Any] = {
                TEXT: "",
                INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                ENTITIES: [],
            }
            parse_data.update(message.as_dict(only_output_properties=job.only_output_properties))
            results.append(parse_data)
        return results


def nlu_reads_tracker(processor: MessageProcessor) -> bool:
    """Whether a node of the model's NLU graph reads the tracker (none of Rasa's nor ours
    does: a batch shares one tracker input, so such a model parses one message at a time)."""
    schema = processor.graph_runner._graph_schema  # type: ignore[attr-defined]
    nodes = schema.minimal_graph_schema([processor.model_metadata.nlu_target]).nodes
    return any(PLACEHOLDER_TRACKER in node.needs.values() for node in nodes.values())


_batchers: weakref.WeakKeyDictionary[MessageProcessor, ParseBatcher] = weakref.WeakKeyDictionary()


def batcher_for(processor: MessageProcessor) -> ParseBatcher:
    """The processor's batcher on the running event loop (a new model is a new processor)."""
    batcher = _batchers.get(processor)
    if batcher is None or batcher.loop is not asyncio.get_running_loop():
        batcher = _batchers[processor] = ParseBatcher(processor)
    return batcher


_rasa_parse_message = MessageProcessor.parse_message


async def parse_message_in_batches(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """``MessageProcessor.parse_message`` (Rasa 3.6.21's body), its graph run batched."""
    if self.http_interpreter:
        return await _rasa_parse_message(self, message, tracker, only_output_properties)
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    parse_data = await batcher_for(self).parse(message, tracker, only_output_properties)
    self._update_full_retrieval_intent(parse_data)
    structlogger.debug(
        "processor.message.parse",
        parse_data_text=copy.deepcopy(parse_data["text"]),
        parse_data_intent=parse_data["intent"],
        parse_data_entities=copy.deepcopy(parse_data["entities"]),
    )
    self._check_for_unseen_features(parse_data)
    return parse_data


#: Each message's DIET (or ResponseSelector) output from :func:`predict_together`, by
#: ``id(message)``, while that component's ``process`` runs.
_predicted: ContextVar[dict[int, dict[str, Any]] | None] = ContextVar(
    "hz12333_predicted", default=None
)

_rasa_predict = DIETClassifier._predict
_rasa_diet_process = DIETClassifier.process
_rasa_selector_process = ResponseSelector.process


def predict_together(self: DIETClassifier, messages: list[Message]) -> dict[int, dict[str, Any]]:
    """One TensorFlow call for every message with features: each message's output, sliced
    out of the batch's, by ``id(message)``. Empty where Rasa's own path must run: one
    message, entities (their tags are per token), diagnostic data (padded to the batch)."""
    if (
        len(messages) < 2
        or self.model is None
        or self.component_config[ENTITY_RECOGNITION]
        or self._execution_context.should_add_diagnostic_data
    ):
        return {}
    featurizers = self.component_config.get(FEATURIZERS)
    ready = [m for m in messages if m.features_present(attribute=TEXT, featurizers=featurizers)]
    if len(ready) < 2:
        return {}
    model_data = self._create_model_data(ready, training=False)
    if model_data.is_empty():
        return {}
    out = self.model.run_inference(model_data, batch_size=len(ready))
    scores = out.get("i_scores")
    if not isinstance(scores, np.ndarray) or scores.shape[0] != len(ready):
        return {}
    return {
        id(message): {
            key: value[n : n + 1]
            for key, value in out.items()
            if isinstance(value, np.ndarray) and value.shape[:1] == (len(ready),)
        }
        for n, message in enumerate(ready)
    }


def predict_from_batch(self: DIETClassifier, message: Message) -> Any:
    """``DIETClassifier._predict``: the output :func:`predict_together` made, if any."""
    predicted = _predicted.get()
    if predicted is not None and id(message) in predicted:
        return predicted[id(message)]
    return _rasa_predict(self, message)


def batched(process: Callable[[Any, list[Message]], list[Message]]) -> Callable:
    """A classifier's ``process`` with its predictions made for all messages at once."""

    def process_together(self: DIETClassifier, messages: list[Message]) -> list[Message]:
        token = _predicted.set(predict_together(self, messages))
        try:
            return process(self, messages)
        finally:
            _predicted.reset(token)

    process_together.__doc__ = f"{process.__qualname__} with :func:`predict_together`."
    return process_together


def batch_nlu() -> None:
    """Parses in batches. Must run before the model loads: each graph node keeps the
    component's ``process`` it found when it was built."""
    MessageProcessor.parse_message = parse_message_in_batches  # type: ignore[method-assign]
    DIETClassifier._predict = predict_from_batch  # type: ignore[method-assign]
    DIETClassifier.process = batched(_rasa_diet_process)  # type: ignore[method-assign]
    ResponseSelector.process = batched(_rasa_selector_process)  # type: ignore[method-assign]


#: Event classes by ``type_name``, as :meth:`Event.resolve_by_type` finds them.
_event_types: dict[str, type[Event]] = {}
_rasa_resolve_by_type = Event.resolve_by_type


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's ``Event.resolve_by_type``, remembering the classes it found.

    Rasa walks every subclass of ``Event`` (and asks ``inspect.isabstract`` of each)
    for every event it reads back, 26 classes deep: loading a 20-turn conversation of
    140 events took 9 ms of CPU, two thirds of it in that walk (issue 15). The classes
    do not change once imported; an unknown name still goes through Rasa's walk, so
    an event class imported later is found and ``default`` and errors are Rasa's.
    """
    found = _event_types.get(type_name)
    if found is not None:
        return found
    for cls in rasa_common.all_subclasses(Event):
        if cls.type_name == type_name:
            _event_types[type_name] = cls
            return cls
    return _rasa_resolve_by_type(type_name, default)


def copy_slot(self: Slot) -> Slot:
    """``copy.copy`` of a slot, without the generic ``__reduce_ex__`` round.

    ``DialogueStateTracker.__init__`` copies every slot of the domain for every
    tracker it builds: the load, Rasa's copy before each action, the RulePolicy's
    replay, five or six a FAQ turn. Through ``copy.copy``'s pickling protocol that was
    a tenth of the event loop's own work in a FAQ turn (cProfile, issue 15). Slots
    keep their state in ``__dict__`` and define no ``__setstate__`` (Rasa 3.6.21,
    Python 3.10), so this is the same shallow copy.
    """
    new = object.__new__(type(self))
    new.__dict__.update(self.__dict__)
    return new


@lru_cache(maxsize=1)
def empty_domain_dict() -> dict[str, Any]:
    """What Rasa's ``Domain.empty().as_dict()`` gives: the same for every call."""
    return Domain.empty().as_dict()


def domain_is_empty(self: Domain) -> bool:
    """``Domain.is_empty``, against an empty domain built once.

    Rasa asks it of every parse (``_check_for_unseen_features``) and built a new empty
    domain each time, with its default intents, slots and actions: 0.3 ms of the
    event loop's CPU per message (issue 15).
    """
    return self.as_dict() == empty_domain_dict()


_rasa_model_predict = RasaModel._rasa_predict

#: Each model's traced prediction graph (``tf.function`` has one: Rasa gives it an input
#: signature), by the ``tf.function`` it came from, so a reloaded model gets its own.
_graph_functions: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def predict_with_graph_function(self: RasaModel, batch_in: tuple[np.ndarray, ...]) -> dict:
    """``RasaModel._rasa_predict`` calling the traced graph with the batch's tensors.

    Rasa calls its ``tf.function``, which for every call matches the arguments to the
    input signature, casts them and looks the traced graph up again: for one message,
    1.1–1.4 ms of DIET's 2.8 ms and 1 ms of the ResponseSelector's 1.4 (issue 15). The
    graph is the one Rasa traced, with its first call's signature; a batch that does
    not fit it (another dtype or last dimension) goes through Rasa's call, which
    raises for it as before.
    """
    step = self._tf_predict_step
    if step is None or self._run_eagerly or not self.prepared_for_prediction:
        return _rasa_model_predict(self, batch_in)
    function = _graph_functions.get(step)
    if function is None:
        function = _graph_functions[step] = step.get_concrete_function()
    (specs,) = function.structured_input_signature[0]
    if len(specs) != len(batch_in):
        return _rasa_model_predict(self, batch_in)
    tensors = []
    for value, spec in zip(batch_in, specs, strict=True):
        tensor = tf.convert_to_tensor(value)
        if tensor.dtype != spec.dtype or not spec.shape.is_compatible_with(tensor.shape):
            return _rasa_model_predict(self, batch_in)
        tensors.append(tensor)
    outputs = tf_utils.sync_to_numpy_or_python_type(
        function._call_flat(tensors, function.captured_inputs)
    )
    if DIAGNOSTIC_DATA in outputs:
        outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
    return outputs


_rasa_find_action_from_rules = RulePolicy._find_action_from_rules
_text_rules: weakref.WeakKeyDictionary[RulePolicy, bool] = weakref.WeakKeyDictionary()


def rules_could_match_text(policy: RulePolicy) -> bool:
    """Whether a rule of ``policy`` could match the state of a user turn read as text.

    That state (just after ``action_listen``) has the message's text, not its intent, and
    a rule's state matches only if each of its values is the conversation's. So a rule
    whose latest state names a user intent, or an action other than ``action_listen``,
    never matches it; any other rule (an end-to-end rule, or one that names no user
    input) might.
    """
    known = _text_rules.get(policy)
    if known is not None:
        return known
    could = False
    for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
        for key in policy.lookup.get(table, {}):
            states = json.loads(key)
            latest = states[-1] if states else {}
            action = latest.get("prev_action", {}).get("action_name", ACTION_LISTEN_NAME)
            if "intent" not in latest.get("user", {}) and action == ACTION_LISTEN_NAME:
                could = True
    _text_rules[policy] = could
    return could


def find_action_from_rules(
    self: RulePolicy,
    tracker: DialogueStateTracker,
    domain: Domain,
    use_text_for_last_user_input: bool,
) -> tuple[str | None, str | None, bool]:
    """``RulePolicy._find_action_from_rules``, which finds nothing by text when no rule
    could match text (:func:`rules_could_match_text`).

    Rasa tries every prediction just after a user message twice, first with the
    message as text (for end-to-end rules), then as its intent, each time rebuilding the
    states of the whole conversation: the first try was 40 % of that prediction's CPU
    (0.8 ms of 1.8 for a 5-turn conversation, 1.4 of 3.2 for 20; issue 15), and with
    rules that all name intents it can only find nothing.
    """
    if use_text_for_last_user_input and not rules_could_match_text(self):
        return None, None, False
    return _rasa_find_action_from_rules(self, tracker, domain, use_text_for_last_user_input)


_rasa_rule_prediction_states = RulePolicy._prediction_states
_rule_windows: weakref.WeakKeyDictionary[RulePolicy, int] = weakref.WeakKeyDictionary()


def rule_window(policy: RulePolicy) -> int:
    """How many of a conversation's latest states can decide ``policy``'s prediction.

    A rule is compared with as many of the latest states as it has, and every state
    further back passes it (``RulePolicy._is_rule_applicable``). The prediction's
    source, when no rule matched, is the key of all the states, looked up among the
    rules' keys (``rules_not_in_stories``); a key of one state more than the longest
    rule matches none of them, as the key of a longer conversation does not.
    """
    known = _rule_windows.get(policy)
    if known is not None:
        return known
    longest = 0
    for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RULES_NOT_IN_STORIES):
        for key in policy.lookup.get(table, ()):
            # rules_not_in_stories also names default and loop predictions in words.
            if key.startswith("["):
                longest = max(longest, len(json.loads(key)))
    window = _rule_windows[policy] = longest + 1
    return window


def rule_prediction_states(
    self: RulePolicy,
    tracker: DialogueStateTracker,
    domain: Domain,
    use_text_for_last_user_input: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """``RulePolicy._prediction_states`` for the latest :func:`rule_window` states only.

    Rasa builds the state after every action of the session, for each prediction of
    each turn, and then compares each of its 70 rules with every one of them, parsing
    the rule's key again each time: a fifth of the event loop in a 30-turn
    conversation, growing with its length (issue 15). The conversation is still
    replayed from the session's start, as Rasa's ``generate_all_prior_trackers`` does,
    since a state holds the slots set at any time before; only the states that can
    decide the prediction are built.
    """
    featurizer = self.featurizer
    if (
        type(tracker) is not DialogueStateTracker  # the training's trackers cache states
        or not isinstance(featurizer, MaxHistoryTrackerFeaturizer)
        or featurizer.max_history is not None
        or self.supported_data() == SupportedData.ML_DATA
    ):
        return _rasa_rule_prediction_states(
            self, tracker, domain, use_text_for_last_user_input, rule_only_data
        )
    applied = tracker.applied_events()
    points = sum(1 for event in applied if isinstance(event, rasa_events.ActionExecuted)) + 1
    skip = points - rule_window(self)
    states: list[dict[str, Any]] = []
    before = tracker.init_copy()
    seen = 0
    for event in applied:
        if isinstance(event, rasa_events.ActionExecuted):
            if seen >= skip:
                states.append(domain._clean_state(domain.get_active_state(before)))
            seen += 1
        before.update(event)
    states.append(domain._clean_state(domain.get_active_state(before)))
    featurizer._choose_last_user_input([states], use_text_for_last_user_input)
    return states


#: A graph's run order for a set of targets: each node's name and the names its inputs
#: come from, every node after those it needs.
RunOrder = tuple[tuple[str, tuple[str, ...]], ...]

_run_orders: weakref.WeakKeyDictionary[DaskGraphRunner, dict[tuple[str, ...], RunOrder]] = (
    weakref.WeakKeyDictionary()
)


def run_order(runner: DaskGraphRunner, targets: tuple[str, ...]) -> RunOrder:
    """The nodes a run of ``targets`` needs (Rasa's minimal schema), each after its inputs."""
    orders = _run_orders.setdefault(runner, {})
    order = orders.get(targets)
    if order is not None:
        return order
    nodes = runner._graph_schema.minimal_graph_schema(list(targets)).nodes
    ordered: list[tuple[str, tuple[str, ...]]] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed or name not in nodes:
            return
        if name in path:
            raise GraphRunError(f"The graph has a cycle through '{name}'.")
        needs = tuple(nodes[name].needs.values())
        for need in needs:
            place(need, (*path, name))
        placed.add(name)
        ordered.append((name, needs))

    for name in nodes:
        place(name, ())
    order = orders[targets] = tuple(ordered)
    return order


_rasa_graph_run = DaskGraphRunner.run


def run_graph_in_order(
    self: DaskGraphRunner,
    inputs: dict[str, Any] | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    """``DaskGraphRunner.run`` without dask: the same nodes, called with the same
    arguments, one after the other in the thread that asked.

    Rasa hands the whole graph to ``dask.get`` on every run, whose synchronous
    scheduler rebuilds the task graph, orders it and fires each task through its
    queue: 1.3 ms of CPU an NLU parse and about as much each prediction of the next
    action (profiled, issue 15), around nodes that run one after another anyway.
    As with dask, a node gets ``(name, output)`` of each node or input it needs (or the
    bare name, which Rasa's node warns about, if nothing provides it), and an error
    in a node reaches the caller as itself (a ``RuntimeError`` as Rasa's
    ``GraphRunError``).
    """
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    order = run_order(self, run_targets)
    values: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in self._instantiated_nodes or value in values):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of "
                f"the input names passed to the `run` method are the same as node names "
                f"in the graph schema."
            )
        values[name] = (name, value)
    try:
        for name, needs in order:
            node = self._instantiated_nodes[name]
            values[name] = node(*(values.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(values[target] for target in run_targets)


_rasa_run_action = MessageProcessor._run_action
_rasa_tracker_copy = DialogueStateTracker.copy
#: The tracker whose next ``copy()`` hands back the tracker itself, once.
_uncopied: ContextVar[DialogueStateTracker | None] = ContextVar("uncopied", default=None)


async def run_action_uncopied(
    self: MessageProcessor,
    action: Any,
    tracker: DialogueStateTracker,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    prediction: Any,
) -> bool:
    """Rasa 3.6.21's ``_run_action``, whose action runs on the tracker itself when the
    prediction brings no events to apply first.

    Rasa copies the tracker before every action (a replay of every event of the
    session, twice a FAQ turn) so that a rejected action leaves the prediction's events
    unapplied. With none to apply the copy is the tracker again. Only a loop (the
    hand-off form) changes the tracker it is given, at its activation, so a loop keeps
    its copy; every other action reads its tracker and returns events.
    """
    if prediction.events or isinstance(action, LoopAction):
        return await _rasa_run_action(self, action, tracker, output_channel, nlg, prediction)
    token = _uncopied.set(tracker)
    try:
        return await _rasa_run_action(self, action, tracker, output_channel, nlg, prediction)
    finally:
        _uncopied.reset(token)


def copy_unless_uncopied(self: DialogueStateTracker) -> DialogueStateTracker:
    """``DialogueStateTracker.copy``; the tracker itself for the copy
    :func:`run_action_uncopied` spares (only the first, the one before the action)."""
    if _uncopied.get() is self:
        _uncopied.set(None)
        return self
    return _rasa_tracker_copy(self)


_run_prediction_loop = MessageProcessor._run_prediction_loop


async def close_tripped_turn(
    self: MessageProcessor, output_channel: Any, tracker: DialogueStateTracker
) -> None:
    """Rasa's prediction loop; a turn the circuit breaker stopped is closed with a listen."""
    await _run_prediction_loop(self, output_channel, tracker)
    if tracker.latest_action_name != ACTION_LISTEN_NAME and self.is_action_limit_reached(
        tracker, should_predict_another_action=True
    ):
        tracker.update(rasa_events.ActionExecuted(ACTION_LISTEN_NAME))


_handle_message = MessageProcessor.handle_message


async def answer_once(self: MessageProcessor, message: UserMessage) -> list[dict[str, Any]] | None:
    """Rasa 3.6.21's ``handle_message``; a message answered before gets its stored answers."""
    if not once.is_client_id(message.message_id):
        return await _handle_message(self, message)
    tracker = await self.fetch_tracker_and_update_session(
        message.sender_id, message.output_channel, message.metadata
    )
    answers = once.answers_to(list(tracker.events), message.message_id, message.text)
    if answers is None:
        return await handle_message_with(self, message, tracker)
    structlogger.info("processor.message.answered_before", answers=len(answers))
    await self._send_bot_messages(answers, tracker, message.output_channel)
    if isinstance(message.output_channel, CollectingOutputChannel):
        return message.output_channel.messages
    return None


async def handle_message_with(
    self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker
) -> list[dict[str, Any]] | None:
    """The rest of Rasa 3.6.21's ``handle_message``, on the tracker already fetched.

    Rasa's branch for a model without dialogue is left out: ours always has one.
    """
    await self._handle_message_with_tracker(message, tracker)
    tracker = await self.run_action_extract_slots(message.output_channel, tracker)
    await self._run_prediction_loop(message.output_channel, tracker)
    await self.run_anonymization_pipeline(tracker)
    await self.save_tracker(tracker)
    if isinstance(message.output_channel, CollectingOutputChannel):
        return message.output_channel.messages
    return None


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
        batch_nlu()
        Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign, assignment]
        DaskGraphRunner.run = run_graph_in_order  # type: ignore[method-assign]
        RasaModel._rasa_predict = predict_with_graph_function  # type: ignore[method-assign]
        Domain.is_empty = domain_is_empty  # type: ignore[method-assign]
        Slot.__copy__ = copy_slot  # type: ignore[attr-defined]
        RulePolicy._find_action_from_rules = find_action_from_rules  # type: ignore[method-assign]
        RulePolicy._prediction_states = rule_prediction_states  # type: ignore[method-assign]
        MessageProcessor._run_prediction_loop = close_tripped_turn  # type: ignore[method-assign]
        MessageProcessor._run_action = run_action_uncopied  # type: ignore[method-assign]
        DialogueStateTracker.copy = copy_unless_uncopied  # type: ignore[method-assign]
        MessageProcessor.handle_message = answer_once  # type: ignore[method-assign]
        _applied = True
