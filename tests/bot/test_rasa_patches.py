import asyncio
import copy
import json
import os
from pathlib import Path

import pytest
import rasa
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from actions import runtime
from bot import overload, rasa_patches
from tests.actions.trackers import LISTED

GOOD = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
BAD = {"events": [{"no_event_key": 1}], "responses": "not a list"}


def test_cached_validation_accepts_and_rejects_like_rasa():
    action = RemoteAction("action_x", None)
    original = RemoteAction._validate_action_result
    assert original(action, GOOD)
    with pytest.raises(ValidationError):
        original(action, BAD)
    rasa_patches.apply()
    rasa_patches.apply()  # idempotent
    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as error:
        action._validate_action_result(BAD)
    assert "custom-actions" in error.value.message


def test_the_validator_is_built_once():
    assert rasa_patches.action_result_validator() is rasa_patches.action_result_validator()


def test_a_malformed_accept_header_reads_as_anything() -> None:
    from sanic import Sanic
    from sanic.request import Request

    from bot import rasa_patches

    rasa_patches.apply()
    app = Sanic("accept_probe")
    for header in ("x", "é", "text/html;q=2", ";"):
        request = Request(b"/nowhere", {"accept": header}, "1.1", "GET", None, app)
        assert str(request.accept[0]) == "*/*"
    good = Request(b"/", {"accept": "text/html"}, "1.1", "GET", None, app)
    assert str(good.accept[0]) == "text/html"


# -- issue 15: a turn's cost ----------------------------------------------------------


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def set_up_as_in_the_rasa_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Rasa server never configures the actions' run time; a test run earlier in
    this worker may have (tests/actions), which would let a local run reach the portal."""
    monkeypatch.setattr(runtime, "_settings", None)
    monkeypatch.setattr(runtime, "_store", None)
    monkeypatch.setattr(runtime, "_outbox", None)


def test_the_patches_target_the_installed_rasa():
    # An upgrade must look at every patch again (each reaches into Rasa's internals).
    assert rasa.__version__ == rasa_patches.TARGET_RASA_VERSION


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def faq_tracker(domain: Domain, topic: str, *, slots: dict | None = None) -> DialogueStateTracker:
    """A conversation whose latest message the ResponseSelector put in ``topic``."""
    tracker = DialogueStateTracker.from_events("rest:patch-test", [], domain.slots)
    for name, value in (slots or {}).items():
        tracker.update(SlotSet(name, value))
    parse = {
        "intent": {"name": "faq", "confidence": 0.99},
        "entities": [],
        "text": "问题",
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": f"faq/{topic}", "confidence": 0.9},
                "ranking": [{"intent_response_key": f"faq/{topic}", "confidence": 0.9}],
            }
        },
    }
    tracker.update(UserUttered("问题", parse_data=parse))
    tracker.update(ActionExecuted("action_answer_faq"))
    return tracker


async def run_named(domain: Domain, name: str, tracker: DialogueStateTracker) -> list:
    rasa_patches.apply()
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return await RemoteAction(name, None).run(CollectingOutputChannel(), nlg, tracker, domain)


async def run_faq(domain: Domain, tracker: DialogueStateTracker) -> list:
    return await run_named(domain, "action_answer_faq", tracker)


async def server_answer(domain: Domain, tracker: DialogueStateTracker) -> dict:
    """What the action server answers for the whole call Rasa would send it."""
    call = rasa_patches._full_action_call(RemoteAction("action_answer_faq", None), tracker, domain)
    # Through JSON-like copies, as over HTTP.
    return await rasa_patches.local_executor().run(copy.deepcopy(call))


@pytest.mark.parametrize(
    ("topic", "slots"),
    [
        ("open_online", {}),
        ("documents", {}),
        ("documents", {"applicant_type": "enterprise"}),
        ("password_lost", {"applicant_type": "individual"}),
    ],
)
async def test_the_faq_action_runs_here_as_on_the_action_server(domain, topic, slots):
    tracker = faq_tracker(domain, topic, slots=slots)
    expected = await server_answer(domain, tracker)
    # What the executor answers passes Rasa's check of an action server's answer, which
    # the in-process call skips.
    rasa_patches.action_result_validator().validate(expected)
    events = await run_faq(domain, faq_tracker(domain, topic, slots=slots))
    said = [e for e in events if e.type_name == "bot"]
    assert [e.metadata.get("utter_action") for e in said] == [
        r.get("response") for r in expected["responses"]
    ]
    assert said and all(e.text for e in said)
    assert [e.as_dict()["name"] for e in events if e.type_name == "slot"] == [
        e["name"] for e in expected["events"]
    ]


async def test_a_faq_question_with_a_list_shown_is_answered_here(domain):
    # issue 15: after the first look-up, every FAQ turn went to the action server.
    tracker = faq_tracker(domain, "open_online", slots={"progress_list": LISTED})
    expected = await server_answer(domain, tracker)
    events = await run_faq(
        domain, faq_tracker(domain, "open_online", slots={"progress_list": LISTED})
    )
    said = [e.metadata.get("utter_action") for e in events if e.type_name == "bot"]
    assert said == [r.get("response") for r in expected["responses"]] == ["utter_faq/open_online"]


@pytest.mark.parametrize("text", ["失业登记那个怎么样了", "HZ2026111908263 撤销", "看看第2个"])
async def test_a_message_naming_a_listed_submission_goes_to_the_action_server(domain, text):
    # Showing it needs the portal session, which only the action server has.
    tracker = faq_tracker(domain, "check_progress", slots={"progress_list": LISTED})
    tracker.update(
        UserUttered(text, parse_data={**tracker.latest_message.parse_data, "text": text})
    )
    with pytest.raises(RasaException, match="no endpoint"):
        await run_faq(domain, tracker)


def said_to(tracker: DialogueStateTracker, text: str, intent: str) -> DialogueStateTracker:
    parse = {"intent": {"name": intent, "confidence": 0.95}, "entities": [], "text": text}
    tracker.update(UserUttered(text, parse_data=parse))
    return tracker


@pytest.mark.parametrize(
    ("name", "text", "intent", "response"),
    [
        ("action_thank", "谢谢", "thank", "utter_thank"),
        ("action_goodbye", "再见", "goodbye", "utter_goodbye"),
        ("action_offer_handoff", "我要转人工", "request_human", "utter_offer_handoff"),
        ("action_followup", "好的", "affirm", "utter_ack"),
    ],
)
async def test_answers_from_the_domain_and_the_conversation_are_given_here(
    domain, name, text, intent, response
):
    tracker = said_to(DialogueStateTracker("rest:local", domain.slots), text, intent)
    events = await run_named(domain, name, tracker)
    assert [e.metadata.get("utter_action") for e in events if e.type_name == "bot"] == [response]


async def test_more_of_a_list_goes_to_the_action_server(domain):
    tracker = DialogueStateTracker("rest:local", domain.slots)
    tracker.update(SlotSet("progress_list", LISTED))
    with pytest.raises(RasaException, match="no endpoint"):
        await run_named(domain, "action_followup", said_to(tracker, "下一页", "more"))


async def test_the_local_run_reads_the_same_call_as_the_action_server(domain, monkeypatch):
    # What reads earlier turns (the bot's last question, a ticket talked about) must
    # read them here as there.
    tracker = faq_tracker(domain, "open_online")
    tracker.update(UserUttered("再问", parse_data={"intent": {"name": "faq"}, "entities": []}))
    seen = []
    executor = rasa_patches.local_executor()

    async def capture(call):
        seen.append(copy.deepcopy(call))
        return {"events": [], "responses": []}

    monkeypatch.setattr(executor, "run", capture)
    await run_faq(domain, tracker)
    sent = RemoteAction("action_answer_faq", None)._action_call_format(tracker, domain)
    assert seen == [sent]
    assert [e["event"] for e in sent["tracker"]["events"]].count("user") == 2


def test_an_action_call_keeps_what_actions_read_of_earlier_messages(domain):
    rasa_patches.apply()
    tracker = faq_tracker(domain, "open_online")
    tracker.update(UserUttered("我要转人工", parse_data={"intent": {"name": "request_human"}}))
    full = rasa_patches._full_action_call(RemoteAction("action_x", None), tracker, domain)
    lean = RemoteAction("action_x", None)._action_call_format(tracker, domain)
    users = [e for e in lean["tracker"]["events"] if e["event"] == "user"]
    assert users[0]["parse_data"] == {
        "intent": {"name": "faq", "confidence": 0.99},
        "entities": [],
        "text": "问题",
    }
    assert users[-1] == [e for e in full["tracker"]["events"] if e["event"] == "user"][-1]
    assert lean["tracker"]["latest_message"] == full["tracker"]["latest_message"]
    # Every event is still there, in order, with its text.
    assert [(e["event"], e.get("text")) for e in lean["tracker"]["events"]] == [
        (e["event"], e.get("text")) for e in full["tracker"]["events"]
    ]
    assert "response_selector" in full["tracker"]["events"][-3]["parse_data"]


# -- overload ------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_admission_grows_with_the_rate_it_finishes_turns_at():
    clock = Clock()
    gate = overload.Admission(budget=2.0, floor=2, window=1.0, clock=clock)
    first, second = gate.try_enter(), gate.try_enter()
    assert first is not None and second is not None
    assert gate.try_enter() is None
    assert gate.shed == 1
    gate.leave(first)
    gate.leave(second)
    gate.leave(second)  # counted out once only
    assert gate.in_flight == 0
    for _ in range(10):  # about 10 turns a second: some 20 may be in flight
        ticket = gate.try_enter()
        assert ticket is not None
        clock.now += 0.125
        gate.leave(ticket)
    assert gate.rate == pytest.approx(10.0, rel=0.2)
    assert gate.limit >= 16


def test_a_request_whose_client_went_away_is_not_counted_for_ever():
    clock = Clock()
    gate = overload.Admission(floor=1, stale_after=60.0, clock=clock)
    assert gate.try_enter() is not None  # never left: its handler was cancelled
    assert gate.try_enter() is None
    clock.now = 61.0
    assert gate.try_enter() is not None


class Agent:
    """Stands for Rasa's agent: answers every message it is given."""

    def __init__(self) -> None:
        self.handled: list[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message.text or "")
        await message.output_channel.send_text_message(message.sender_id, "答案")


async def test_a_shed_turn_is_answered_busy_and_not_run():
    handle = overload.shedding(Agent.handle_message)
    agent, out = Agent(), CollectingOutputChannel()
    token = overload.shed_this_turn.set(True)
    try:
        await handle(agent, UserMessage("一", out, "rest:a"))
        # The server's own report of a login is never shed.
        internal = UserMessage("x", out, "rest:a", parse_data={"intent": {"name": "x"}})
        await handle(agent, internal)
    finally:
        overload.shed_this_turn.reset(token)
    await handle(agent, UserMessage("二", out, "rest:a"))
    assert agent.handled == ["x", "二"]
    assert [m["text"] for m in out.messages] == [overload.BUSY, "答案", "答案"]


async def test_turns_over_the_limit_are_answered_busy_on_a_real_server():
    import aiohttp
    from sanic import Sanic, response

    from scripts.servers import free_port

    gate = overload.Admission(floor=1)
    # In test mode Sanic keeps the functions it rewrites at startup, so the next test's
    # app rewrites the originals again instead of failing on the rewritten ones.
    Sanic.test_mode = True
    app = Sanic(f"overload_probe_{free_port()}")
    overload.watch(app, gate)
    entered, release = asyncio.Event(), asyncio.Event()

    @app.post("/webhooks/rest/webhook")
    async def rest(_request):
        entered.set()
        await release.wait()
        return response.json([{"text": "答案"}])

    @app.post("/webhooks/twilio_voice/webhook")
    async def voice(_request):
        # The voice channel answers itself; Agent.handle_message reads the mark.
        return response.json({"shed": overload.shed_this_turn.get()})

    @app.post("/webhooks/feedback/webhook")
    async def other(_request):
        return response.json({"shed": overload.shed_this_turn.get()})

    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await server.startup()
    await server.start_serving()
    url = f"http://127.0.0.1:{port}/webhooks"
    try:
        async with aiohttp.ClientSession() as http:

            async def post(path: str, **kwargs) -> tuple[str, str]:
                async with http.post(f"{url}/{path}/webhook", **kwargs) as resp:
                    return resp.headers.get("content-type", ""), await resp.text()

            first = asyncio.create_task(post("rest", json={"sender": "a", "message": "一"}))
            await entered.wait()
            kind, body = await post("rest", json={"sender": "b", "message": "二"})
            assert json.loads(body) == [{"recipient_id": "rest:b", "text": overload.BUSY}]
            kind, body = await post("twilio", data={"Body": "二"})
            assert "xml" in kind and overload.BUSY in body and "<Message>" in body
            assert json.loads((await post("twilio_voice", data={}))[1]) == {"shed": True}
            # Not a turn: never counted nor shed.
            assert json.loads((await post("feedback", json={}))[1]) == {"shed": False}
            release.set()
            assert json.loads((await first)[1]) == [{"text": "答案"}]
            assert gate.in_flight == 0 and gate.shed == 3
            assert json.loads((await post("twilio_voice", data={}))[1]) == {"shed": False}
    finally:
        server.close()
        await server.wait_closed()


def test_the_listen_backlog_is_deeper_unless_the_operator_set_one(monkeypatch):
    from rasa.constants import ENV_SANIC_BACKLOG

    monkeypatch.delenv(ENV_SANIC_BACKLOG, raising=False)
    rasa_patches.deeper_listen_backlog()
    assert int(os.environ[ENV_SANIC_BACKLOG]) == rasa_patches.LISTEN_BACKLOG > 100
    monkeypatch.setenv(ENV_SANIC_BACKLOG, "50")
    rasa_patches.deeper_listen_backlog()
    assert os.environ[ENV_SANIC_BACKLOG] == "50"


def test_event_classes_are_resolved_as_rasa_resolves_them() -> None:
    import rasa.shared.utils.common as common
    from rasa.shared.core.events import Event

    resolve = rasa_patches._rasa_resolve_by_type
    names = {cls.type_name for cls in common.all_subclasses(Event)}
    assert len(names) > 20
    for name in sorted(names):
        # Twice: the second answer comes from what the first remembered.
        assert rasa_patches.resolve_event_type(name) is resolve(name)
        assert rasa_patches.resolve_event_type(name) is resolve(name)
    assert rasa_patches.resolve_event_type("topic") is None
    assert rasa_patches.resolve_event_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        rasa_patches.resolve_event_type("no_such_event")


def test_an_event_class_imported_later_is_found() -> None:
    from rasa.shared.core.events import Event

    class LateEvent(Event):  # a custom event, imported after the first look-ups
        type_name = "hz12333_late_event"

        def as_story_string(self) -> None:
            return None

        def __eq__(self, other: object) -> bool:
            return isinstance(other, LateEvent)

        __hash__ = Event.__hash__

    assert rasa_patches.resolve_event_type("hz12333_late_event") is LateEvent


def test_a_slot_is_copied_as_copy_copy_copies_it() -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.slots import Slot

    rasa_patches.apply()
    slots = Domain.load(str(ROOT / "domain.yml")).slots
    assert len(slots) > 10
    for slot in slots:
        slot.value = ["x"] if slot.type_name == "list" else slot.value
        ours = copy.copy(slot)
        del Slot.__copy__
        try:
            theirs = copy.copy(slot)
        finally:
            Slot.__copy__ = rasa_patches.copy_slot
        assert type(ours) is type(theirs) is type(slot) and ours is not slot
        assert vars(ours) == vars(theirs) == vars(slot)
        ours.value = "changed"  # a copy's value is its own
        assert slot.value != "changed"
