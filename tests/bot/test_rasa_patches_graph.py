"""Graph runs without dask (bot/rasa_patches.py, issue 15): each NLU parse and each
prediction of the next action gives, with the trained model, what Rasa's dask runner
gives."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel

from bot import rasa_patches
from scripts.servers import latest_model
from tests.bot.test_rasa_patches_nlu_batch import MESSAGES

#: Conversations whose every turn is answered in the Rasa server (FAQ, small talk, the
#: rules' responses), so that the trackers they leave hold each kind of turn.
CONVERSATIONS = [
    ["你好", "开通网上办事要带什么材料", "企业", "密码忘了怎么办", "谢谢"],
    ["怎么查办事进度", "填错了怎么改", "今天天气怎么样", "再见"],
    ["你是机器人吗", "网址是多少", "？？？", "登录不上去"],
]


@pytest.fixture(scope="module")
def agent() -> Agent:
    rasa_patches.apply()
    return Agent.load(str(latest_model()))


@pytest.fixture(scope="module")
def processor(agent: Agent) -> MessageProcessor:
    assert agent.processor is not None
    return agent.processor


@pytest.fixture(scope="module")
def runner(processor: MessageProcessor) -> DaskGraphRunner:
    graph_runner = processor.graph_runner
    assert isinstance(graph_runner, DaskGraphRunner)
    return graph_runner


def test_the_patch_is_installed(runner):
    assert DaskGraphRunner.run is rasa_patches.run_graph_in_order


def parse(run, runner: DaskGraphRunner, processor: MessageProcessor, text: str) -> dict:
    message = UserMessage(text)
    target = processor.model_metadata.nlu_target
    out = run(
        runner,
        inputs={
            PLACEHOLDER_MESSAGE: [message],
            PLACEHOLDER_TRACKER: DialogueStateTracker.from_events("graph", []),
        },
        targets=[target],
    )
    assert list(out) == [target]
    (parsed,) = out[target]
    return parsed.as_dict(only_output_properties=True)


@pytest.mark.parametrize("text", MESSAGES)
def test_a_parse_is_what_the_dask_runner_gives(runner, processor, text):
    ours = parse(rasa_patches.run_graph_in_order, runner, processor, text)
    theirs = parse(rasa_patches._rasa_graph_run, runner, processor, text)
    assert ours.keys() == theirs.keys()
    assert ours.get("intent") == theirs.get("intent")
    assert ours.get("intent_ranking") == theirs.get("intent_ranking")
    assert ours.get("entities") == theirs.get("entities")
    assert ours.get("response_selector") == theirs.get("response_selector")


async def played(agent: Agent, sender: str, texts: list[str]) -> DialogueStateTracker:
    for text in texts:
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender_id=sender))
    tracker = await agent.tracker_store.retrieve(sender)
    assert tracker is not None
    return tracker


def prefixes_of(agent: Agent, tracker: DialogueStateTracker) -> list[DialogueStateTracker]:
    """The conversation at every point an action was predicted: after each event."""
    return [
        DialogueStateTracker.from_events(
            tracker.sender_id, list(tracker.events)[:n], agent.domain.slots
        )
        for n in range(1, len(tracker.events) + 1)
    ]


async def ours_and_rasas(
    agent: Agent, processor: MessageProcessor, monkeypatch, sender: str, texts: list[str], **rasas
) -> list[tuple[Any, Any]]:
    """Each prediction of a played conversation, with our RulePolicy and with ``rasas``
    methods put back on it."""
    prefixes = prefixes_of(agent, await played(agent, sender, texts))
    runner = processor.graph_runner
    ours = [prediction(rasa_patches.run_graph_in_order, runner, processor, t) for t in prefixes]
    for name, method in rasas.items():
        monkeypatch.setattr(RulePolicy, name, method)
    theirs = [prediction(rasa_patches.run_graph_in_order, runner, processor, t) for t in prefixes]
    return list(zip(ours, theirs, strict=True))


def prediction(run, runner: DaskGraphRunner, processor: MessageProcessor, tracker) -> Any:
    target = processor.model_metadata.core_target
    assert target is not None
    out = run(runner, inputs={PLACEHOLDER_TRACKER: tracker}, targets=[target])
    return out[target]


@pytest.mark.parametrize("texts", CONVERSATIONS)
async def test_each_prediction_of_the_next_action_is_what_the_dask_runner_gives(
    agent, runner, processor, texts
):
    tracker = await played(agent, f"graph-{texts[0]}", texts)
    prefixes = prefixes_of(agent, tracker)
    policies = set()
    for prefix in prefixes:
        ours = prediction(rasa_patches.run_graph_in_order, runner, processor, prefix)
        theirs = prediction(rasa_patches._rasa_graph_run, runner, processor, prefix)
        assert ours.policy_name == theirs.policy_name
        assert ours.probabilities == theirs.probabilities
        assert ours.events == theirs.events
        assert ours.optional_events == theirs.optional_events
        policies.add(ours.policy_name)
    assert any(name and "RulePolicy" in name for name in policies)


def test_a_node_that_fails_fails_the_run_as_under_dask(runner, processor, monkeypatch):
    target = processor.model_metadata.nlu_target
    node = runner._instantiated_nodes[target]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("a component broke")

    monkeypatch.setattr(node, "_fn", broken)
    raised = []
    for run in (rasa_patches.run_graph_in_order, rasa_patches._rasa_graph_run):
        with pytest.raises(GraphComponentException) as error:
            parse(run, runner, processor, "你好")
        raised.append(type(error.value.__cause__))
    assert raised == [ValueError, ValueError]


def test_a_runtime_error_is_rasas_graph_run_error(runner, processor, monkeypatch):
    target = processor.model_metadata.nlu_target

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a component broke")

    monkeypatch.setitem(runner._instantiated_nodes, target, broken)
    for run in (rasa_patches.run_graph_in_order, rasa_patches._rasa_graph_run):
        with pytest.raises(GraphRunError):
            parse(run, runner, processor, "你好")


def test_an_input_named_like_a_node_is_refused(runner, processor):
    target = processor.model_metadata.nlu_target
    with pytest.raises(GraphRunError, match="clashes"):
        rasa_patches.run_graph_in_order(
            runner, inputs={PLACEHOLDER_MESSAGE: target}, targets=[target]
        )


def test_the_run_order_puts_each_node_after_its_inputs(runner, processor):
    for target in (processor.model_metadata.nlu_target, processor.model_metadata.core_target):
        order = rasa_patches.run_order(runner, (target,))
        names = [name for name, _ in order]
        assert names[-1] == target
        assert len(names) == len(set(names))
        for position, (_, needs) in enumerate(order):
            assert all(need not in names or names.index(need) < position for need in needs)
        # Rasa's own minimal graph for that target, no more and no fewer nodes.
        assert set(names) == set(runner._graph_schema.minimal_graph_schema([target]).nodes)


def parse_as_rasa(processor: MessageProcessor, text: str) -> dict:
    return parse(rasa_patches._rasa_graph_run, processor.graph_runner, processor, text)


class RasaPredictions:
    """Counts the predictions that went through Rasa's own ``tf.function`` call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        rasa_predict = rasa_patches._rasa_model_predict

        def counted(model: RasaModel, batch_in: Any) -> Any:
            self.calls += 1
            return rasa_predict(model, batch_in)

        monkeypatch.setattr(rasa_patches, "_rasa_model_predict", counted)


def test_the_graph_function_is_what_diet_and_the_selector_call(processor, monkeypatch):
    assert RasaModel._rasa_predict is rasa_patches.predict_with_graph_function
    parse_as_rasa(processor, "你好")  # the first call traces the graph, in Rasa's way
    rasa_calls = RasaPredictions(monkeypatch)
    parse_as_rasa(processor, "密码忘了怎么办")
    assert rasa_calls.calls == 0


@pytest.mark.parametrize("text", MESSAGES)
def test_a_prediction_through_the_graph_function_is_rasas(processor, monkeypatch, text):
    ours = parse_as_rasa(processor, text)
    monkeypatch.setattr(RasaModel, "_rasa_predict", rasa_patches._rasa_model_predict)
    theirs = parse_as_rasa(processor, text)
    assert ours.get("intent") == pytest.approx(theirs.get("intent"))
    ranking = [(i["name"], i["confidence"]) for i in ours.get("intent_ranking", [])]
    want = [(i["name"], i["confidence"]) for i in theirs.get("intent_ranking", [])]
    assert [n for n, _ in ranking] == [n for n, _ in want]
    assert [c for _, c in ranking] == pytest.approx([c for _, c in want], abs=1e-6)
    assert ours.get("response_selector") == theirs.get("response_selector")


def test_a_batch_that_does_not_fit_the_traced_graph_goes_through_rasa(processor, monkeypatch):
    parse_as_rasa(processor, "你好")
    batches: list[tuple[RasaModel, tuple]] = []

    def record(model: RasaModel, batch_in: Any) -> Any:
        batches.append((model, batch_in))
        return rasa_patches.predict_with_graph_function(model, batch_in)

    monkeypatch.setattr(RasaModel, "_rasa_predict", record)
    parse_as_rasa(processor, "密码忘了怎么办")
    assert len(batches) == 2  # DIET's and the ResponseSelector's
    seen: list[tuple] = []

    def keep(model: RasaModel, batch_in: Any) -> Any:
        seen.append(batch_in)
        return {}

    monkeypatch.setattr(rasa_patches, "_rasa_model_predict", keep)
    for model, batch_in in batches:
        seen.clear()
        assert "i_scores" in rasa_patches.predict_with_graph_function(model, batch_in)
        assert seen == []
        other_dtype = tuple(
            value.astype(np.float16) if value.dtype == np.float32 else value for value in batch_in
        )
        assert any(value.dtype == np.float16 for value in other_dtype)
        assert rasa_patches.predict_with_graph_function(model, other_dtype) == {}
        assert seen == [other_dtype]
        too_short = batch_in[:-1]
        assert rasa_patches.predict_with_graph_function(model, too_short) == {}
        assert seen == [other_dtype, too_short]


def test_an_empty_domain_is_told_from_a_full_one_as_rasa_tells_them(agent):
    assert Domain.is_empty is rasa_patches.domain_is_empty
    assert Domain.empty().is_empty()
    assert Domain.from_dict({}).is_empty()
    assert not agent.domain.is_empty()
    assert not Domain.from_dict({"intents": ["greet"]}).is_empty()
    # Rasa's own answer, with a fresh empty domain each time.
    assert agent.domain.as_dict() != Domain.from_dict({}).as_dict()


def rule_policy(processor: MessageProcessor) -> RulePolicy:
    (policy,) = [
        node._component
        for node in processor.graph_runner._instantiated_nodes.values()
        if isinstance(node._component, RulePolicy)
    ]
    return policy


def test_our_rules_name_intents_so_no_rule_is_looked_up_by_text(processor):
    assert RulePolicy._find_action_from_rules is rasa_patches.find_action_from_rules
    assert not rasa_patches.rules_could_match_text(rule_policy(processor))


@pytest.mark.parametrize(
    ("latest", "could"),
    [
        ({"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}, False),
        ({"prev_action": {"action_name": "utter_greet"}}, False),
        ({"prev_action": {"action_name": "action_listen"}, "user": {"text": "你好"}}, True),
        ({"prev_action": {"action_name": "action_listen"}}, True),
        ({"user": {"entities": ["applicant_type"]}}, True),
        ({"slots": {"logged_in": [1.0]}}, True),
    ],
)
def test_a_rule_that_could_match_text_keeps_rasas_text_pass(latest, could):
    policy = RulePolicy.__new__(RulePolicy)
    earlier = {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "faq"}}
    policy.lookup = {
        RULES: {json.dumps([earlier, latest]): "utter_x"},
        RULES_FOR_LOOP_UNHAPPY_PATH: {},
    }
    assert rasa_patches.rules_could_match_text(policy) is could


async def test_a_turn_the_circuit_breaker_stopped_leaves_the_next_one_answered(
    agent, processor, monkeypatch
):
    # A limit of one prediction trips the breaker after the answer of every turn; Rasa
    # then left the turn without a listen, and the next message tripped it at once.
    monkeypatch.setattr(processor, "max_number_of_predictions", 1)
    for text in ("网址是多少", "怎么查办事进度"):
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender_id="circuit-breaker"))
        assert output.messages, text


#: Conversations with the hand-off form (its loop, a refusal inside it), a restart, and
#: a long run of questions, for the states of the RulePolicy's latest window.
WINDOW_CONVERSATIONS = [
    *CONVERSATIONS,
    ["我要转人工", "好的", "13800138000", "算了不用了", "网址是多少"],
    ["你好", "/restart", "密码忘了", "企业", "谢谢"],
    ["开通网上办事要带什么材料", "个人", "网址是多少", "怎么查办事进度", "填错了怎么改"]
    + ["密码忘了怎么办", "登录不上去", "审核要多久", "能撤回吗", "你是机器人吗", "再见"],
]


@pytest.mark.parametrize("texts", WINDOW_CONVERSATIONS)
@pytest.mark.parametrize("as_text", [False, True])
async def test_the_rule_window_is_the_latest_of_rasas_states(agent, processor, texts, as_text):
    assert RulePolicy._prediction_states is rasa_patches.rule_prediction_states
    policy = rule_policy(processor)
    window = rasa_patches.rule_window(policy)
    tracker = await played(agent, f"window-{as_text}-{texts[0]}", texts)
    longest = 0
    for prefix in prefixes_of(agent, tracker):
        ours = rasa_patches.rule_prediction_states(policy, prefix, agent.domain, as_text)
        theirs = rasa_patches._rasa_rule_prediction_states(policy, prefix, agent.domain, as_text)
        assert len(ours) == min(window, len(theirs))
        assert ours == theirs[-len(ours) :]
        longest = max(longest, len(theirs))
    # The conversation is longer than the window, so the window cut something.
    assert longest > window


def test_the_window_is_one_state_more_than_the_longest_rule(processor):
    policy = rule_policy(processor)
    longest = max(len(json.loads(key)) for key in policy.lookup[RULES])
    assert rasa_patches.rule_window(policy) == longest + 1


#: Each patch of the RulePolicy, Rasa's method it replaces, and the conversations to
#: compare their predictions on.
RULE_POLICY_PATCHES = [
    *[
        ("_find_action_from_rules", rasa_patches._rasa_find_action_from_rules, texts)
        for texts in CONVERSATIONS
    ],
    *[
        ("_prediction_states", rasa_patches._rasa_rule_prediction_states, texts)
        for texts in WINDOW_CONVERSATIONS
    ],
]


@pytest.mark.parametrize(("name", "rasas_method", "texts"), RULE_POLICY_PATCHES)
async def test_each_prediction_of_a_patched_rule_policy_is_rasas(
    agent, processor, monkeypatch, name, rasas_method, texts
):
    pairs = await ours_and_rasas(
        agent, processor, monkeypatch, f"{name}-{texts[0]}", texts, **{name: rasas_method}
    )
    for mine, rasas in pairs:
        assert mine.policy_name == rasas.policy_name
        assert mine.probabilities == rasas.probabilities
        assert mine.events == rasas.events
        assert mine.optional_events == rasas.optional_events
        assert mine.is_end_to_end_prediction == rasas.is_end_to_end_prediction
        assert mine.hide_rule_turn == rasas.hide_rule_turn
        assert mine.is_no_user_prediction == rasas.is_no_user_prediction


def stored(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """A conversation's events as stored, less what differs between two plays of it."""
    events = []
    for event in tracker.events:
        data = event.as_dict()
        data.pop("timestamp", None)
        if isinstance(data.get("parse_data"), dict):
            data["parse_data"].pop("message_id", None)
        data.pop("message_id", None)
        if data.get("event") == "session_started":
            data.pop("metadata", None)
        events.append(data)
    return events


@pytest.mark.parametrize("texts", WINDOW_CONVERSATIONS)
async def test_an_action_run_without_rasas_copy_leaves_rasas_events(agent, monkeypatch, texts):
    assert MessageProcessor._run_action is rasa_patches.run_action_uncopied
    ours = stored(await played(agent, f"uncopied-{texts[0]}", texts))
    monkeypatch.setattr(MessageProcessor, "_run_action", rasa_patches._rasa_run_action)
    monkeypatch.setattr(DialogueStateTracker, "copy", rasa_patches._rasa_tracker_copy)
    theirs = stored(await played(agent, f"copied-{texts[0]}", texts))
    assert ours == theirs


async def test_only_the_copy_before_an_action_with_nothing_to_apply_is_spared(agent, monkeypatch):
    from rasa.core.actions.loops import LoopAction

    copies: list[str] = []
    real_copy = rasa_patches._rasa_tracker_copy

    def counting_copy(self):
        copies.append(self.latest_action_name or "")
        return real_copy(self)

    monkeypatch.setattr(rasa_patches, "_rasa_tracker_copy", counting_copy)
    run_action = rasa_patches._rasa_run_action
    needing: list[str] = []
    actions: list[str] = []

    async def watched(self, action, tracker, output_channel, nlg, prediction):
        actions.append(action.name())
        if prediction.events or isinstance(action, LoopAction):
            needing.append(action.name())
        return await run_action(self, action, tracker, output_channel, nlg, prediction)

    monkeypatch.setattr(rasa_patches, "_rasa_run_action", watched)
    texts = ["网址是多少", "谢谢", "我要转人工", "好的", "算了"]
    await played(agent, "spared", texts)
    assert "handoff_form" in needing  # the form still runs on a copy
    assert "action_listen" in actions and "action_listen" not in needing
    assert rasa_patches._uncopied.get() is None
    ours, spared = len(copies), len(actions) - len(needing)
    for seen in (copies, actions, needing):
        seen.clear()
    monkeypatch.setattr(MessageProcessor, "_run_action", watched)  # Rasa's, copying always
    await played(agent, "copied", texts)
    assert spared > 0 and ours == len(copies) - spared
