"""A second opinion on the FAQ topic: the training questions nearest to a message.

The ResponseSelector learns which words tell the topics apart; on a question worded
unlike any it was trained on it can spread its confidence over two or three topics.
The nearest training questions by shared characters (TF-IDF of character n-grams,
cosine) are right more often there: on the development conversations' questions
that the selector was unsure of (best below 0.7), the topic of the five nearest beat
the selector's best 70 to 32 in the 104 cases where they differed. So where the selector
is unsure, each topic's confidence becomes the mean of the selector's and the topic's
share of the nearest questions' similarity; where it is sure, it stands. Only
messages the NLU takes for guide questions (intent ``faq``) and long enough to have
neighbours of their own are voted on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

#: The selector's best confidence below which the neighbours vote.
UNSURE_BELOW = 0.7
#: How many training questions vote.
NEIGHBOURS = 5
#: Below this cosine the nearest question shares little more than common characters
#: (的, 吗, 怎么), and its vote is noise.
MIN_SIMILARITY = 0.2
#: The neighbours' weight against the selector's.
NEIGHBOUR_WEIGHT = 0.5
#: A message with fewer letters than this ("在哪", "那单位呢") leans on the conversation,
#: which the actions read; its few characters make a poor vote.
MIN_VOTED_CHARS = 6


@dataclass(frozen=True)
class Neighbours:
    """The training questions of each topic, indexed by their character n-grams."""

    vectorizer: TfidfVectorizer
    matrix: object
    topics: tuple[str, ...]

    @classmethod
    def fit(cls, texts: list[str], topics: list[str]) -> Neighbours:
        grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
        vectorizer = TfidfVectorizer(
            # The padding space alone is in every question: a similarity of its own
            # would give any message a neighbour.
            analyzer=lambda text: [g for g in grams(text) if g.strip()],
            sublinear_tf=True,
        )
        matrix = vectorizer.fit_transform(texts)
        return cls(vectorizer, matrix, tuple(topics))

    def shares(self, text: str) -> dict[str, float]:
        """Each topic's share of the nearest questions' similarity to ``text``; empty
        when even the nearest is too far to say anything."""
        if not self.topics or not text.strip():
            return {}
        similarity = (self.matrix @ self.vectorizer.transform([text]).T).toarray().ravel()
        nearest = np.argsort(-similarity)[:NEIGHBOURS]
        if similarity[nearest[0]] < MIN_SIMILARITY:
            return {}
        votes: dict[str, float] = defaultdict(float)
        for index in nearest:
            votes[self.topics[index]] += float(similarity[index])
        total = sum(votes.values())
        return {topic: vote / total for topic, vote in votes.items()} if total > 0 else {}


def combined(selector: dict[str, float], shares: dict[str, float]) -> dict[str, float]:
    """The confidences after the neighbours' vote: unchanged where the selector is sure
    or the neighbours say nothing, else the weighted mean of the two, per topic."""
    if not selector or not shares or max(selector.values()) >= UNSURE_BELOW:
        return dict(selector)
    topics = set(selector) | set(shares)
    after = {
        topic: (1 - NEIGHBOUR_WEIGHT) * selector.get(topic, 0.0)
        + NEIGHBOUR_WEIGHT * shares.get(topic, 0.0)
        for topic in topics
    }
    chosen = max(selector, key=lambda topic: selector[topic])
    if max(after, key=lambda topic: after[topic]) == chosen:
        # the vote agrees: the selector's choice keeps its own confidence, so that what
        # it answered before it still answers ("那网址呢" is not pushed below an answer)
        after[chosen] = max(after[chosen], selector[chosen])
    return after
