"""Pinyin typed without an input method is read as the Chinese it spells."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import PinyinReader
from bot.nlu.pinyin import PinyinLexicon

QUESTIONS = [
    "密码忘了怎么办",
    "个人密码忘了怎么办",
    "受理点在哪里",
    "网上办事的受理点在哪里",
    "查我的进度",
    "帮我查一下我的进度",
    "查我的申报",
    "市民邮箱能登录吗",
    "用市民邮箱登录网上办事",
    "改密码在哪里改",
    "怎么改密码",
    "那单位呢",
    "那单位要带什么",
    "密码重置要带什么",
    "重置密码去哪里",
    "重置以后能改吗",
    # a typo of the data, once: no word of its own
    "想改蜜码",
]


@pytest.fixture(scope="module")
def lexicon() -> PinyinLexicon:
    return PinyinLexicon.build(QUESTIONS, terms=["受理点"])


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("mima wangle zenme ban", "密码忘了怎么办"),
        ("mi ma wang le zen me ban", "密码忘了怎么办"),
        ("MIMA WANGLE", "密码忘了"),
        ("nǐ hǎo", "你好"),
        ("shouli dian zai nali", "受理点在哪里"),
        # the 儿 of northern speech, typed as a bare r
        ("shouli dian zai nar", "受理点在哪儿"),
        ("shimin youxiang", "市民邮箱"),
        ("cha wode jindu", "查我的进度"),
        ("gai mima", "改密码"),
        ("na danwei ne", "那单位呢"),
        ("mima chongzhi", "密码重置"),
        ("yao dai shenme cailiao, wo shi geren?", "要带什么材料，我是个人？"),
        # a whole story, longer than a question usually is
        (
            "wo shi geren, mima wangle zenme ban, shouli dian zai nali, yao dai shenme cailiao",
            "我是个人，密码忘了怎么办，受理点在哪里，要带什么材料",
        ),
    ],
)
def test_pinyin_is_spelled_in_the_words_of_the_questions(lexicon, typed, read):
    assert lexicon.read(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "are you human",
        "how much does it cost to open online services",
        "no",
        "sure",
        "ok",
        "N",
        "jjjjj",
        # one syllable says too little to be told from English
        "hao",
        "test@example.com",
        "13800000000",
        "mima123",
        "我想 gai mima",
        "",
    ],
)
def test_english_and_everything_not_pinyin_alone_is_left_as_typed(lexicon, typed):
    assert lexicon.read(typed) is None


def test_a_typo_of_the_training_data_is_no_word(lexicon):
    assert lexicon.read("gai mima ne") == "改密码呢"


def test_the_lexicon_survives_its_json(lexicon):
    again = PinyinLexicon.from_json(lexicon.to_json())
    assert again.read("shouli dian zai nali") == "受理点在哪里"


def _context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]


def test_the_trained_reader_survives_loading_and_spells_messages_and_examples(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("PinyinReader")
    examples = [Message({TEXT: q, INTENT: "faq"}) for q in QUESTIONS]
    PinyinReader.create({}, storage, resource, _context()).train(TrainingData(examples))
    reader = PinyinReader.load({}, storage, resource, _context())

    messages = [
        Message({TEXT: "mima wangle zenme ban"}),
        Message({TEXT: "怎么改密码"}),
        Message({TEXT: "/affirm"}),
        Message({TEXT: "are you human"}),
    ]
    reader.process(messages)
    assert [m.get(TEXT) for m in messages] == [
        "密码忘了怎么办",
        "怎么改密码",
        "/affirm",
        "are you human",
    ]
    typed = TrainingData([Message({TEXT: "cha wode jindu", INTENT: "check_my_progress"})])
    reader.process_training_data(typed)
    assert typed.training_examples[0].get(TEXT) == "查我的进度"


def test_a_model_without_a_lexicon_leaves_pinyin_as_typed(tmp_path):
    reader = PinyinReader.load({}, LocalModelStorage(tmp_path), Resource("missing"), _context())
    message = Message({TEXT: "mima wangle zenme ban"})
    reader.process([message])
    assert message.get(TEXT) == "mima wangle zenme ban"
