"""Rasa graph components for Chinese understanding.

Pipeline order (config.yml): ``PinyinReader`` → ``TextNormalizer`` →
``CleanJiebaTokenizer`` → ``ApplicantTypeExtractor`` → featurizers → DIET →
ResponseSelector → ``NeighbourVote`` → FallbackClassifier → ``InputGuard``.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from abc import abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key
from typing_extensions import Self

from bot.nlu.applicant_type import detect_applicant_type
from bot.nlu.neighbours import MIN_VOTED_CHARS, Neighbours, combined
from bot.nlu.pinyin import PinyinLexicon
from bot.nlu.text import InputIssue, announces_question, normalize, to_simplified

logger = logging.getLogger(__name__)

StoredT = TypeVar("StoredT")

DEFAULT_DICTIONARY = str(Path(__file__).resolve().parent / "dictionary")
#: Message property that carries what :class:`TextNormalizer` found wrong.
INPUT_ISSUE_KEY = "input_issue"
UNREADABLE_INTENT = "unreadable_input"
TOO_LONG_INTENT = "too_long_input"
#: Rasa's own name for a message not understood, which its rules answer with the fallback.
NLU_FALLBACK_INTENT = "nlu_fallback"


def _is_payload(text: str | None) -> bool:
    # Button payloads ("/intent{...}") are read by Rasa's RegexMessageHandler at the
    # end of the graph from the unmodified text, so they must be left alone.
    return bool(text) and text.lstrip().startswith("/")  # type: ignore[union-attr]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class TextNormalizer(GraphComponent):
    """Folds spelling variants (full-width, traditional, markup, case) before tokenizing."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextNormalizer:
        return cls()

    def _normalize(self, message: Message, *, training: bool = False) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or _is_payload(text):
            return
        result = normalize(text, dialect=not training)
        message.set(TEXT, result.text)
        if result.issue is not None:
            message.set(INPUT_ISSUE_KEY, result.issue.value)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._normalize(example, training=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._normalize(message)
        return messages


class StoredModelComponent(GraphComponent, Generic[StoredT]):
    """A trainable component whose whole model is one JSON file in its resource: what
    training wrote is read back at load, and a model without it leaves messages alone."""

    #: The file in the component's resource, and what to log when it is missing.
    STORED_FILE: ClassVar[str]
    MISSING_WARNING: ClassVar[str]

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, model: StoredT | None
    ) -> None:
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        return cls(model_storage, resource, None)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / cls.STORED_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning(cls.MISSING_WARNING)
            return cls(model_storage, resource, None)
        return cls(model_storage, resource, cls.from_stored(stored))

    @classmethod
    @abstractmethod
    def from_stored(cls, stored: Any) -> StoredT | None: ...

    def store(self, stored: Any) -> Resource:
        with self._storage.write_to(self._resource) as directory:
            (directory / self.STORED_FILE).write_text(
                json.dumps(stored, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class PinyinReader(StoredModelComponent[PinyinLexicon]):
    """Spells a message typed in pinyin in characters (:mod:`bot.nlu.pinyin`); first of
    all, so that the normalizer, the classifiers and the actions' readings see Chinese."""

    STORED_FILE = "lexicon.json"
    MISSING_WARNING = "pinyin reader: no lexicon stored, pinyin is read as typed"

    @classmethod
    def from_stored(cls, stored: Any) -> PinyinLexicon:
        return PinyinLexicon.from_json(stored)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [
            to_simplified(str(m.get(TEXT)))
            for m in training_data.training_examples
            if isinstance(m.get(TEXT), str) and not _is_payload(m.get(TEXT))
        ]
        terms = [
            line.split()[0]
            for path in Path(DEFAULT_DICTIONARY).glob("*.txt")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        self._model = PinyinLexicon.build(texts, terms)
        return self.store(self._model.to_json())

    def _read(self, message: Message) -> None:
        text = message.get(TEXT)
        if self._model is None or not isinstance(text, str) or _is_payload(text):
            return
        spelled = self._model.read(text)
        if spelled is not None:
            message.set(TEXT, spelled)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._read(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._read(message)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class CleanJiebaTokenizer(JiebaTokenizer):
    """Jieba with the guide's terms, minus whitespace and punctuation tokens.

    Rasa's JiebaTokenizer keeps spaces and punctuation as tokens (rasa issue 7910),
    which become features that tell the classifiers nothing.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        config = JiebaTokenizer.get_default_config()
        config["dictionary_path"] = DEFAULT_DICTIONARY
        return config

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        kept = [t for t in tokens if any(_is_word_char(c) for c in t.text)]
        # An utterance of pure punctuation keeps its tokens: DIET needs at least one.
        return kept or tokens


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "N"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ApplicantTypeExtractor(GraphComponent):
    """Finds who is asking (enterprise, institution, individual) from plain words.

    A keyword lexicon beats a learned extractor here: the cues are a closed set
    (公司, 事业单位, 我自己 …) and a miss only costs one button question.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ApplicantTypeExtractor:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or _is_payload(text):
                continue
            found = detect_applicant_type(text)
            if found is None:
                continue
            entity = {
                "entity": "applicant_type",
                "value": found.value,
                "start": found.start,
                "end": found.end,
                "confidence_entity": 1.0,
                "extractor": self.__class__.__name__,
            }
            if found.hint:
                # A role keeps a hint out of the slot's from_entity mapping (it matches
                # role-less entities only), so it never overrides a type said earlier.
                entity["role"] = "hint"
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(GraphComponent):
    """Gives unreadable and over-long messages their own intents, last in the pipeline,
    and a question only announced ("有个问题") Rasa's fallback intent.

    Without it an emoji or an empty string gets whatever intent DIET guesses, and
    the user an unrelated answer.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            issue = message.get(INPUT_ISSUE_KEY)
            if issue is None:
                self._mark_announced_question(message)
                continue
            name = TOO_LONG_INTENT if issue == InputIssue.TOO_LONG.value else UNREADABLE_INTENT
            intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set(ENTITIES, [], add_to_output=True)
        return messages

    @staticmethod
    def _mark_announced_question(message: Message) -> None:
        # "有个问题" asks nothing yet: a miss, so the fallback asks for the question and a
        # second miss offers a person. The ranking stays behind it, as FallbackClassifier's
        # does, for the fallback's suggestions.
        text = message.get(TEXT)
        if not isinstance(text, str) or _is_payload(text) or not announces_question(text):
            return
        intent = {INTENT_NAME_KEY: NLU_FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != NLU_FALLBACK_INTENT
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


#: The response selector's output on a message, and its parts (Rasa's names).
SELECTOR_KEY = "response_selector"
FAQ_SELECTOR = "faq"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NeighbourVote(StoredModelComponent[Neighbours]):
    """Re-ranks the FAQ topics the ResponseSelector was unsure of by the training
    questions nearest to the message (:mod:`bot.nlu.neighbours`); after the selector."""

    STORED_FILE = "examples.json"
    MISSING_WARNING = "neighbour vote: no training questions stored, selector alone"

    @classmethod
    def from_stored(cls, stored: Any) -> Neighbours:
        return Neighbours.fit([text for text, _ in stored], [key for _, key in stored])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (str(m.get(TEXT)), str(m.get(INTENT_RESPONSE_KEY)))
            for m in training_data.training_examples
            if m.get(INTENT) == FAQ_SELECTOR and m.get(INTENT_RESPONSE_KEY) and m.get(TEXT)
        ]
        if examples:
            self._model = self.from_stored(examples)
        return self.store(examples)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            selector = (message.get(SELECTOR_KEY) or {}).get(FAQ_SELECTOR)
            if not isinstance(text, str) or _is_payload(text) or not selector:
                continue
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent != FAQ_SELECTOR or sum(c.isalnum() for c in text) < MIN_VOTED_CHARS:
                continue
            ranking = selector.get(RESPONSE_SELECTOR_RANKING_KEY) or []
            before = {
                str(r.get(INTENT_RESPONSE_KEY)): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                for r in ranking
            }
            after = combined(before, self._model.shares(text))
            if after == before:
                continue
            self._rerank(message, selector, after)
        return messages

    @staticmethod
    def _rerank(message: Message, selector: dict[str, Any], after: dict[str, float]) -> None:
        ranking = [
            {"id": None, PREDICTED_CONFIDENCE_KEY: confidence, INTENT_RESPONSE_KEY: key}
            for key, confidence in sorted(after.items(), key=lambda kv: -kv[1])
        ]
        response = dict(selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {})
        best = ranking[0]
        if best[INTENT_RESPONSE_KEY] != response.get(INTENT_RESPONSE_KEY):
            # The responses' texts are the domain's; the actions answer by the key.
            response[RESPONSE_SELECTOR_RESPONSES_KEY] = []
            response[INTENT_RESPONSE_KEY] = best[INTENT_RESPONSE_KEY]
            response[RESPONSE_SELECTOR_UTTER_ACTION_KEY] = intent_response_key_to_template_key(
                best[INTENT_RESPONSE_KEY]
            )
        response[PREDICTED_CONFIDENCE_KEY] = best[PREDICTED_CONFIDENCE_KEY]
        properties = dict(message.get(SELECTOR_KEY) or {})
        properties[FAQ_SELECTOR] = {
            **selector,
            RESPONSE_SELECTOR_PREDICTION_KEY: response,
            RESPONSE_SELECTOR_RANKING_KEY: ranking,
        }
        message.set(SELECTOR_KEY, properties, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
