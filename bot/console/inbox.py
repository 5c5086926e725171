"""The inbox of unanswered questions: grouped by similarity, ready to become training data.

A message is unanswered when its turn met the fallback, the out-of-scope answer or
a guess of low confidence (:attr:`Turn.unanswered`). Messages are grouped by the
character n-grams they share (TF-IDF over 1- to 3-grams, which suits Chinese with
no word segmentation to argue about) with a leader clustering: the most frequent
message opens a group, and each next one joins the closest group above
:data:`SIMILARITY`, or opens its own. Each group gives a YAML snippet in Rasa's
``data/nlu`` format, for the intent the NLU leaned to or a new ``faq/…`` topic.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.console.conversations import (
    FALLBACK_INTENT,
    OUT_OF_SCOPE_INTENTS,
    Conversation,
    Turn,
)

#: Cosine similarity of character n-grams above which two questions are one group.
SIMILARITY = 0.35
#: The most recent unanswered messages the inbox groups; older ones are in the report.
MAX_MESSAGES = 5000
#: Examples a group shows, and puts in its snippet.
EXAMPLES_SHOWN = 5
SNIPPET_EXAMPLES = 10
#: Where no existing intent fits, the snippet proposes a new FAQ topic by this name.
NEW_TOPIC = "faq/new_topic"
#: A guess of the response selector at least this sure names the group's intent.
GUESS_MIN_CONFIDENCE = 0.3
_SPACE_RE = re.compile(r"\s+")
#: Question words and particles every question shares: left out of the comparison,
#: or "社保卡丢了怎么办" and "密码忘了怎么办" would look alike by "了怎么办" alone.
_FILLER_RE = re.compile(
    r"请问|怎么办|怎么样|怎么|如何|为什么|什么|哪里|哪儿|可以|能不能|能否|是否|需要|"
    r"吗|呢|吧|啊|呀|了|的|我|你|您|[\s?？.。,，!！、~～]"
)


@dataclass(frozen=True)
class Question:
    """One unanswered message (masked), where and when it was asked."""

    text: str
    conversation_id: str
    timestamp: float
    reason: str  # "fallback" | "out_of_scope" | "low_confidence"
    suggestion: str | None


@dataclass(frozen=True)
class Group:
    """Similar unanswered questions."""

    key: str
    label: str
    count: int
    conversations: int
    first_seen: float
    last_seen: float
    examples: tuple[str, ...]
    reasons: tuple[tuple[str, int], ...]
    intent: str
    snippet: str


def reason_of(turn: Turn) -> str:
    if turn.fallback:
        return "fallback"
    if turn.out_of_scope:
        return "out_of_scope"
    return "low_confidence"


def suggestion_of(turn: Turn) -> str | None:
    """The existing intent the NLU leaned to, if it leaned at all."""
    if turn.guess and (turn.guess_confidence or 0.0) >= GUESS_MIN_CONFIDENCE:
        return turn.guess
    if turn.intent and turn.intent not in {FALLBACK_INTENT, "faq", *OUT_OF_SCOPE_INTENTS}:
        return turn.intent
    return None


def unanswered(conversations: Iterable[Conversation]) -> list[Question]:
    """Every unanswered question, newest last, at most :data:`MAX_MESSAGES`."""
    found = [
        Question(
            turn.text, conv.conversation_id, turn.timestamp, reason_of(turn), suggestion_of(turn)
        )
        for conv in conversations
        for turn in conv.turns
        if turn.unanswered
    ]
    found.sort(key=lambda q: q.timestamp)
    return found[-MAX_MESSAGES:]


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return _SPACE_RE.sub(" ", folded).strip()


def group_key(label: str) -> str:
    """A stable id for a group: its leading question, hashed (the key appears in URLs)."""
    return hashlib.sha256(normalize(label).encode()).hexdigest()[:16]


def cluster(texts: list[str], *, similarity: float = SIMILARITY) -> list[int]:
    """The group of each text (an index into ``texts`` of the group's leader).

    ``texts`` should come most frequent first: leaders are picked in that order.
    """
    if not texts:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    content = [_FILLER_RE.sub("", text) or text for text in texts]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit_transform(content)
    leaders: list[int] = []
    assignment: list[int] = []
    for i in range(len(texts)):
        if leaders:
            # Rows are L2-normalised, so the dot product is the cosine.
            sims = (vectors[leaders] @ vectors[i].T).toarray().ravel()
            best = int(sims.argmax())
            if sims[best] >= similarity:
                assignment.append(leaders[best])
                continue
        leaders.append(i)
        assignment.append(i)
    return assignment


def groups(questions: list[Question]) -> list[Group]:
    """The questions grouped, largest group first."""
    by_text: dict[str, list[Question]] = {}
    for question in questions:
        key = normalize(question.text)
        if key:
            by_text.setdefault(key, []).append(question)
    texts = sorted(by_text, key=lambda t: (-len(by_text[t]), t))
    members: dict[int, list[str]] = {}
    for index, leader in enumerate(cluster(texts)):
        members.setdefault(leader, []).append(texts[index])
    result = []
    for leader, group_texts in members.items():
        asked = [q for text in group_texts for q in by_text[text]]
        suggestions = Counter(q.suggestion for q in asked if q.suggestion)
        intent = suggestions.most_common(1)[0][0] if suggestions else NEW_TOPIC
        examples = tuple(by_text[text][-1].text for text in group_texts)
        result.append(
            Group(
                key=group_key(texts[leader]),
                label=by_text[texts[leader]][-1].text,
                count=len(asked),
                conversations=len({q.conversation_id for q in asked}),
                first_seen=min(q.timestamp for q in asked),
                last_seen=max(q.timestamp for q in asked),
                examples=examples[:EXAMPLES_SHOWN],
                reasons=tuple(Counter(q.reason for q in asked).most_common()),
                intent=intent,
                snippet=nlu_snippet(intent, examples[:SNIPPET_EXAMPLES]),
            )
        )
    result.sort(key=lambda g: (-g.count, -g.last_seen))
    return result


def _example_line(text: str) -> str:
    # Square brackets and parentheses after them are Rasa's entity markup: a
    # question's own brackets become full-width ones, which mean nothing to Rasa.
    line = _SPACE_RE.sub(" ", text).strip()
    return line.replace("[", "［").replace("]", "］")


def nlu_snippet(intent: str, examples: Iterable[str]) -> str:
    """A ``data/nlu`` file with one intent and its examples, ready to paste or save."""
    lines = ['version: "3.1"', "nlu:", f"- intent: {intent}", "  examples: |"]
    seen: set[str] = set()
    for example in examples:
        line = _example_line(example)
        if line and line not in seen:
            seen.add(line)
            lines.append(f"    - {line}")
    return "\n".join(lines) + "\n"
