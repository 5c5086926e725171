"""The tokenizer drops what rasa issue 7910 leaves in; the guard names unreadable input."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import (
    ApplicantTypeExtractor,
    CleanJiebaTokenizer,
    InputGuard,
    TextNormalizer,
)


@pytest.fixture
def context(tmp_path):
    storage = LocalModelStorage(tmp_path)
    return storage, ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]


def make(cls, context, config=None):
    storage, execution = context
    full = (
        {**cls.get_default_config(), **(config or {})} if hasattr(cls, "get_default_config") else {}
    )
    return cls.create(full, storage, Resource(cls.__name__), execution)


def test_stock_jieba_keeps_punctuation_and_spaces_rasa_7910(context):
    stock = make(JiebaTokenizer, context)
    tokens = [t.text for t in stock.tokenize(Message({TEXT: "密码 忘了，怎么办？"}), TEXT)]
    assert " " in tokens and "，" in tokens  # the defect we design around


def test_clean_tokenizer_drops_them_and_knows_the_guides_terms(context):
    tokenizer = make(CleanJiebaTokenizer, context)
    tokens = [
        t.text for t in tokenizer.tokenize(Message({TEXT: "组织机构统一代号证书 要带吗？"}), TEXT)
    ]
    assert tokens[0] == "组织机构统一代号证书"
    assert all(t.strip() and t not in "，？。！ " for t in tokens)


def test_clean_tokenizer_keeps_password_apart_from_account(context):
    # Jieba's own 账号密码 would hide 密码 (change it, lost it) behind one opaque word.
    tokenizer = make(CleanJiebaTokenizer, context)
    tokens = [t.text for t in tokenizer.tokenize(Message({TEXT: "单位账号密码要改"}), TEXT)]
    assert "密码" in tokens and "账号" in tokens


def test_clean_tokenizer_keeps_offsets(context):
    tokenizer = make(CleanJiebaTokenizer, context)
    text = "市民邮箱 ，要开通吗"
    for token in tokenizer.tokenize(Message({TEXT: text}), TEXT):
        assert text[token.start : token.end] == token.text


def test_normalizer_and_guard_turn_odd_input_into_intents(context):
    normalizer, guard = make(TextNormalizer, context), make(InputGuard, context)
    texts = ["", "😀😀", "<script>x</script>", "啊啊啊啊", "字" * 1200, "密碼"]
    messages = [Message({TEXT: t}) for t in texts]
    normalizer.process(messages)
    guard.process(messages)
    intents = [(m.get(INTENT) or {}).get("name") for m in messages]
    assert intents == [
        "unreadable_input",
        "unreadable_input",
        "unreadable_input",
        "unreadable_input",
        "too_long_input",
        None,
    ]
    assert messages[-1].get(TEXT) == "密码"


@pytest.mark.parametrize(
    "text", ["有个问题", "我有个问题想问一下", "你好，我想问个问题", "請問我有個問題"]
)
def test_guard_makes_a_question_only_announced_a_miss(context, text):
    normalizer, guard = make(TextNormalizer, context), make(InputGuard, context)
    message = Message({TEXT: text})
    # DIET's reading of the word 问题 alone, which a retrain may give either way.
    message.set(INTENT, {"name": "what_can_you_do", "confidence": 0.45})
    message.set(INTENT_RANKING_KEY, [{"name": "what_can_you_do", "confidence": 0.45}])
    normalizer.process([message])
    guard.process([message])
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == [
        "nlu_fallback",
        "what_can_you_do",
    ]


@pytest.mark.parametrize(
    "text",
    ["有个问题：密码忘了怎么办", "你能解决什么问题", "常见问题", '/what_can_you_do{"a": "问题"}'],
)
def test_guard_leaves_a_question_asked_alone(context, text):
    normalizer, guard = make(TextNormalizer, context), make(InputGuard, context)
    message = Message({TEXT: text})
    message.set(INTENT, {"name": "what_can_you_do", "confidence": 0.9})
    normalizer.process([message])
    guard.process([message])
    assert message.get(INTENT) == {"name": "what_can_you_do", "confidence": 0.9}


def test_normalizer_leaves_button_payloads_alone(context):
    normalizer = make(TextNormalizer, context)
    payload = '/choose_topic{"topic": "flow"}'
    message = Message({TEXT: payload})
    normalizer.process([message])
    assert message.get(TEXT) == payload


def test_normalizer_folds_cantonese_in_messages_but_not_in_training_data(context):
    from rasa.shared.nlu.training_data.training_data import TrainingData

    normalizer = make(TextNormalizer, context)
    message = Message({TEXT: "點解唔通過"})
    normalizer.process([message])
    assert message.get(TEXT) == "为啥不通过"
    example = Message({TEXT: "唔使", INTENT: "deny"})
    normalizer.process_training_data(TrainingData([example]))
    assert example.get(TEXT) == "唔使"


def test_extractor_adds_the_applicant_type_entity(context):
    extractor = make(ApplicantTypeExtractor, context)
    message = Message({TEXT: "我们公司密码忘了"})
    extractor.process([message])
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        ("applicant_type", "enterprise")
    ]


def test_extractor_marks_a_mere_hint_with_a_role(context):
    # The slot's from_entity mapping takes role-less entities only, so an ID card named
    # in passing never overrides a type stated earlier.
    extractor = make(ApplicantTypeExtractor, context)
    hinted, stated = Message({TEXT: "身份证要原件吗"}), Message({TEXT: "不是个人，是企业"})
    extractor.process([hinted, stated])
    assert [(e["value"], e.get("role")) for e in hinted.get("entities")] == [("individual", "hint")]
    assert [(e["value"], e.get("role")) for e in stated.get("entities")] == [("enterprise", None)]
