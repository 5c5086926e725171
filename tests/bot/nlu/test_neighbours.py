"""The nearest training questions re-rank the FAQ topics the selector was unsure of."""

from __future__ import annotations

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import NeighbourVote
from bot.nlu.neighbours import UNSURE_BELOW, Neighbours, combined

FAQ = {"name": "faq", "confidence": 1.0}
TYPE_SAID = {"name": "inform_applicant_type", "confidence": 1.0}
QUESTIONS = [
    ("提交后还能修改吗", "faq/resubmit"),
    ("已经提交的申报还能改吗", "faq/resubmit"),
    ("提交以后发现填错了怎么修改", "faq/fix_data"),
    ("数据填错了怎么办", "faq/fix_data"),
    ("网上办事的网址是多少", "faq/website"),
    ("网站地址发我一下", "faq/website"),
    ("怎么查审核进度", "faq/check_progress"),
]


def neighbours() -> Neighbours:
    return Neighbours.fit([t for t, _ in QUESTIONS], [k for _, k in QUESTIONS])


def test_the_nearest_questions_vote_for_their_topic():
    shares = neighbours().shares("网址是多少啊")
    assert max(shares, key=shares.get) == "faq/website"
    assert abs(sum(shares.values()) - 1) < 1e-9


def test_questions_that_share_nothing_get_no_vote():
    assert neighbours().shares("晚饭吃了没") == {}
    assert neighbours().shares("   ") == {}


def test_a_sure_selector_stands_whatever_the_neighbours_say():
    selector = {"faq/fix_data": UNSURE_BELOW, "faq/resubmit": 0.2}
    assert combined(selector, {"faq/resubmit": 1.0}) == selector


def test_an_unsure_selector_is_averaged_with_the_neighbours():
    selector = {"faq/review_vs_query": 0.3, "faq/resubmit": 0.25, "faq/fix_data": 0.2}
    after = combined(selector, {"faq/resubmit": 0.7, "faq/website": 0.3})
    assert max(after, key=after.get) == "faq/resubmit"
    assert after["faq/resubmit"] == 0.5 * 0.25 + 0.5 * 0.7
    assert after["faq/website"] == 0.5 * 0.3  # a topic only the neighbours name enters
    assert combined(selector, {}) == selector


def test_a_choice_the_vote_agrees_with_keeps_the_selectors_confidence():
    selector = {"faq/website": 0.4, "faq/fix_data": 0.3}
    after = combined(selector, {"faq/website": 0.3, "faq/fix_data": 0.25, "faq/flow": 0.45})
    assert max(after, key=after.get) == "faq/website"
    assert after["faq/website"] == 0.4  # not lowered below what it answered with


def selector_output(ranking: list[tuple[str, float]]) -> dict:
    key, confidence = ranking[0]
    return {
        "faq": {
            "response": {
                "responses": [{"text": "…"}],
                "confidence": confidence,
                "intent_response_key": key,
                "utter_action": f"utter_{key}",
            },
            "ranking": [{"id": 1, "confidence": c, "intent_response_key": k} for k, c in ranking],
        }
    }


def trained_and_loaded(tmp_path) -> NeighbourVote:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("NeighbourVote")
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    examples = [Message({TEXT: t, INTENT: "faq", INTENT_RESPONSE_KEY: k}) for t, k in QUESTIONS] + [
        Message({TEXT: "你好", INTENT: "greet"})
    ]
    NeighbourVote.create({}, storage, resource, context).train(TrainingData(examples))
    return NeighbourVote.load({}, storage, resource, context)


def test_the_trained_vote_survives_loading_and_reranks_an_unsure_selector(tmp_path):
    vote = trained_and_loaded(tmp_path)
    unsure = Message(
        {
            TEXT: "提交以后还能修改吗",
            INTENT: FAQ,
            "response_selector": selector_output(
                [("faq/review_vs_query", 0.3), ("faq/resubmit", 0.28), ("faq/fix_data", 0.2)]
            ),
        }
    )
    vote.process([unsure])
    faq = unsure.get("response_selector")["faq"]
    assert faq["ranking"][0]["intent_response_key"] == "faq/resubmit"
    assert faq["response"]["intent_response_key"] == "faq/resubmit"
    assert faq["response"]["utter_action"] == "utter_faq/resubmit"
    assert faq["response"]["confidence"] == faq["ranking"][0]["confidence"] > 0.35
    confidences = [r["confidence"] for r in faq["ranking"]]
    assert confidences == sorted(confidences, reverse=True)


def test_a_sure_selector_and_a_button_payload_are_left_alone(tmp_path):
    vote = trained_and_loaded(tmp_path)
    sure = selector_output([("faq/fix_data", 0.9), ("faq/resubmit", 0.05)])
    payload = selector_output([("faq/website", 0.3), ("faq/resubmit", 0.28)])
    messages = [
        Message({TEXT: "提交以后还能修改吗", INTENT: FAQ, "response_selector": sure}),
        Message({TEXT: '/faq{"topic": "resubmit"}', INTENT: FAQ, "response_selector": payload}),
        # a type said, or a follow-up too short for neighbours: the conversation's
        Message({TEXT: "提交以后还能修改吗", INTENT: TYPE_SAID, "response_selector": payload}),
        Message({TEXT: "能改吗", INTENT: FAQ, "response_selector": payload}),
    ]
    vote.process(messages)
    assert messages[0].get("response_selector") == sure
    assert all(m.get("response_selector") == payload for m in messages[1:])


def test_a_model_without_stored_questions_leaves_the_selector_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    vote = NeighbourVote.load({}, storage, Resource("missing"), context)
    unsure = selector_output([("faq/website", 0.3), ("faq/resubmit", 0.28)])
    message = Message({TEXT: "提交以后还能修改吗", INTENT: FAQ, "response_selector": unsure})
    vote.process([message])
    assert message.get("response_selector") == unsure
