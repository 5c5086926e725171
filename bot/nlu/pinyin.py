"""Pinyin typed without an input method, read as the Chinese it spells.

People on a phone or a foreign keyboard write "mima wangle zenme ban" or "cha wode
jindu". The classifiers learned Chinese, and the actions' readings are Chinese words,
so such a message shares almost nothing with either; a few pinyin words have a gloss
(:data:`bot.nlu.text.ENGLISH_TERMS`), which cannot cover the rest of a sentence. This
module spells the whole message in characters the way an input method does: the
letters are cut into syllables (a typed space is always a cut), and the syllables into
the likeliest words under a bigram model. A word's own likelihood comes from jieba's
dictionary (the frequencies that segment the Chinese), raised for the words of the
training questions, so that "shenbao" is 申报 and not a rarer homophone; which word
follows which comes from the training questions, so that "cha wode" is 查我的 though
茶 is the commoner "cha", and "na danwei ne" is 那单位呢 though they ask 哪 more often.

A message is read so only when it is letters alone (tone marks allowed), every letter
belongs to a syllable and at least half of its syllables fall in words of two or more,
or in words the questions put side by side: English is seldom made of syllables only,
and when it is ("are you human", "no") it spells no words.
"""

from __future__ import annotations

import heapq
import itertools
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

#: A message longer than this is no pinyin question (and its decoding would be slow).
MAX_LETTERS = 160
#: The letters of the longest syllable ("zhuang").
MAX_SYLLABLE_LETTERS = 6
#: The least share of syllables that must fall in words of two syllables or more, or in
#: two words the training questions put side by side.
MIN_WORDED_SHARE = 0.5
#: jieba's words rarer than this are names and terms no one types in pinyin here; left
#: out, the lexicon stays small and "jindu" cannot become a place name.
MIN_JIEBA_FREQUENCY = 20
#: What a training question's word of two characters or more weighs per use, and at
#: least, against jieba's counts (the commonest words there reach a few hundred
#: thousand): enough for the guide's words to beat their homophones. A single character
#: gains far less: which one is meant is the bigrams' to say.
TRAINING_WORD_WEIGHT = 2000
TRAINING_WORD_FLOOR = 5000
TRAINING_CHARACTER_WEIGHT = 100
#: How often the training questions must use a word that jieba only guessed.
MIN_GUESSED_WORD_USES = 3
#: How often they must put two words side by side for the pair to count.
MIN_PAIR_USES = 2
#: The weight of "the questions put these two side by side" against the word's own
#: likelihood, in the likelihood of a word after another.
PAIR_WEIGHT = 0.5
#: A training word's readings are all kept when their combinations are at most these.
MAX_READINGS = 16
#: Words kept for each run of syllables besides the questions' own, and partial
#: readings kept at each letter.
CANDIDATES = 4
BEAM = 12

_LETTERS_ONLY_RE = re.compile(r"[a-z][a-z\s,.?!;:~'\"()\-]*")
_PUNCTUATION_RE = re.compile(r"([,.?!;:~])")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
_FULL_WIDTH = {",": "，", ".": "。", "?": "？", "!": "！", ";": "；", ":": "：", "~": "～"}


@dataclass(frozen=True)
class PinyinLexicon:
    """Words by their toneless syllables, each with its cost (-log of its likelihood),
    and for each word the likelihood of the words the training questions put after it."""

    words: dict[tuple[str, ...], list[tuple[str, float]]]
    pairs: dict[str, dict[str, float]]
    syllables: frozenset[str]

    @classmethod
    def build(cls, training_texts: Iterable[str], terms: Iterable[str] = ()) -> PinyinLexicon:
        """From jieba's dictionary, the words of ``training_texts`` (simplified) and the
        guide's ``terms``."""
        import jieba  # noqa: PLC0415 - only training builds a lexicon

        counts: Counter[str] = Counter()
        path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        with open(path, encoding="utf-8") as dictionary:
            for line in dictionary:
                word, frequency, *_ = line.split()
                if int(frequency) >= MIN_JIEBA_FREQUENCY and _HAN_RE.fullmatch(word):
                    counts[word] = max(counts[word], int(frequency))
        terms = [t for t in terms if _HAN_RE.fullmatch(t)]
        cutter = jieba.Tokenizer()
        for term in terms:
            cutter.add_word(term)
        trained: Counter[str] = Counter(terms)
        side_by_side: Counter[tuple[str, str]] = Counter()
        for text in training_texts:
            for run in _HAN_RE.findall(text):
                cut = cutter.lcut(run)
                trained.update(cut)
                side_by_side.update(itertools.pairwise(cut))
        for word, seen in list(trained.items()):
            # A word jieba guessed (not in its dictionary) is one only if the training
            # questions use it again and again (重置, 增员); once or twice, it is a typo
            # of theirs ("改蜜码").
            if word not in counts and seen < MIN_GUESSED_WORD_USES:
                del trained[word]
        for word, seen in trained.items():
            if len(word) > 1:
                counts[word] += max(TRAINING_WORD_FLOOR, TRAINING_WORD_WEIGHT * seen)
            else:
                counts[word] += TRAINING_CHARACTER_WEIGHT * seen
        total = sum(counts.values())
        by_key: dict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        for word, uses in counts.items():
            cost = -math.log(uses / total)
            for key in _readings(word, word in trained):
                by_key[key].append((cost, word))
        # The commonest words of each run of syllables, and every word of the questions
        # ("wang" is 王 for jieba, but 忘 after 密码).
        words = {
            key: sorted(
                {(w, c) for c, w in heapq.nsmallest(CANDIDATES, found)}
                | {(w, c) for c, w in found if w in trained},
                key=lambda wc: wc[1],
            )
            for key, found in by_key.items()
        }
        pairs: dict[str, dict[str, float]] = defaultdict(dict)
        for (first, then), seen in side_by_side.items():
            if seen >= MIN_PAIR_USES and first in trained and then in trained:
                pairs[first][then] = seen / trained[first]
        return cls(words, dict(pairs), frozenset(s for key in words for s in key))

    def to_json(self) -> dict[str, object]:
        return {
            "words": [
                [" ".join(key), [[w, round(c, 4)] for w, c in found]]
                for key, found in self.words.items()
            ],
            "pairs": {
                w: {t: round(p, 5) for t, p in then.items()} for w, then in self.pairs.items()
            },
        }

    @classmethod
    def from_json(cls, stored: dict[str, object]) -> PinyinLexicon:
        rows = stored["words"]
        assert isinstance(rows, list)
        words = {
            tuple(str(key).split()): [(str(w), float(c)) for w, c in found] for key, found in rows
        }
        pairs = stored["pairs"]
        assert isinstance(pairs, dict)
        return cls(words, pairs, frozenset(s for key in words for s in key))

    def read(self, text: str) -> str | None:
        """``text`` in characters if it is pinyin, else None."""
        plain = _toneless(unicodedata.normalize("NFKC", text).lower().strip())
        if not _LETTERS_ONLY_RE.fullmatch(plain) or len(plain) > MAX_LETTERS:
            return None
        parts: list[str] = []
        syllables = worded = 0
        for part in _PUNCTUATION_RE.split(plain):
            if part in _FULL_WIDTH:
                parts.append(_FULL_WIDTH[part])
                continue
            tokens = [self._erhua_spelled(t) for t in re.findall(r"[a-z]+", part)]
            if not tokens:
                continue
            spelled = self._spell(tokens)
            if spelled is None:
                return None
            parts.extend(word for word, _ in spelled)
            syllables += sum(n for _, n in spelled)
            worded += sum(
                n for i, (word, n) in enumerate(spelled) if n > 1 or self._paired(spelled, i)
            )
        if syllables < 2 or worded < MIN_WORDED_SHARE * syllables:
            return None
        return "".join(parts)

    def _erhua_spelled(self, token: str) -> str:
        """ "nar", "zher", "yidianr": the 儿 of northern speech, typed as a bare r after
        a syllable, is the syllable "er" (哪儿, 这儿, 一点儿)."""
        if token.endswith("r") and not self._covers(token) and self._covers(token[:-1]):
            return token[:-1] + "er"
        return token

    def _covers(self, letters: str) -> bool:
        """Whether ``letters`` can be cut into syllables."""
        reach = [True] + [False] * len(letters)
        for end in range(1, len(letters) + 1):
            reach[end] = any(
                reach[start] and letters[start:end] in self.syllables
                for start in range(max(0, end - MAX_SYLLABLE_LETTERS), end)
            )
        return reach[-1]

    def _paired(self, spelled: list[tuple[str, int]], i: int) -> bool:
        word = spelled[i][0]
        before = i > 0 and word in self.pairs.get(spelled[i - 1][0], {})
        after = i + 1 < len(spelled) and spelled[i + 1][0] in self.pairs.get(word, {})
        return before or after

    def _cost_after(self, previous: str | None, word: str, cost: float) -> float:
        if previous is None:
            return cost
        paired = self.pairs.get(previous, {}).get(word, 0.0)
        return -math.log(PAIR_WEIGHT * paired + (1 - PAIR_WEIGHT) * math.exp(-cost))

    def _spell(self, tokens: list[str]) -> list[tuple[str, int]] | None:
        """The likeliest words for ``tokens``, each with its number of syllables."""
        letters = "".join(tokens)
        cuts = set(itertools.accumulate(len(t) for t in tokens))
        # Syllables from each position; a typed space is never inside one.
        longest = max((len(s) for s in self.syllables), default=0)
        after: list[list[int]] = [[] for _ in letters]
        for i in range(len(letters)):
            for j in range(i + 1, min(len(letters), i + longest) + 1):
                if letters[i:j] in self.syllables:
                    after[i].append(j)
                if j in cuts:
                    break
        longest_word = max((len(k) for k in self.words), default=0)
        # At each letter, the best readings up to it by their last word.
        Reading = tuple[float, tuple[tuple[str, int], ...]]
        best: list[dict[str | None, Reading]] = [{} for _ in range(len(letters) + 1)]
        best[0][None] = (0.0, ())
        for i in range(len(letters)):
            if not best[i]:
                continue
            kept = heapq.nsmallest(BEAM, best[i].items(), key=lambda kv: kv[1][0])
            # Every run of syllables from i that spells words of the lexicon.
            stack: list[tuple[int, tuple[str, ...]]] = [(i, ())]
            while stack:
                at, spelled = stack.pop()
                if len(spelled) == longest_word or at == len(letters):
                    continue
                for end in after[at]:
                    key = spelled + (letters[at:end],)
                    stack.append((end, key))
                    for word, cost in self.words.get(key, ()):
                        for previous, (so_far, path) in kept:
                            total = so_far + self._cost_after(previous, word, cost)
                            known = best[end].get(word)
                            if known is None or total < known[0]:
                                best[end][word] = (total, path + ((word, len(key)),))
        if not best[len(letters)]:
            return None
        return list(min(best[len(letters)].values(), key=lambda r: r[0])[1])


def _toneless(text: str) -> str:
    """``text`` without pinyin's tone marks ("nǐ hǎo"); ü is v, as pypinyin writes it."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("ü", "v"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _readings(word: str, trained: bool) -> list[tuple[str, ...]]:
    """The toneless syllables of ``word``: pypinyin's reading, and for a word of the
    training questions every reading of its characters, because pypinyin's first reading
    can be wrong in the guide's words (重置 is chong zhi, not zhong zhi)."""
    from pypinyin import Style, lazy_pinyin, pinyin  # noqa: PLC0415 - training only

    first = tuple(lazy_pinyin(word))
    keys = [first]
    if trained and len(word) > 1:
        every = pinyin(word, style=Style.NORMAL, heteronym=True)
        if math.prod(len(r) for r in every) <= MAX_READINGS:
            keys += [k for k in itertools.product(*every) if k != first]
    return [k for k in keys if all(s.isascii() and s.isalpha() for s in k)]
