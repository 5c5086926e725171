"""One understanding of yes and no for every question the bot asks (issue 12).

Buttons send ``/affirm`` and ``/deny``, but on SMS and voice there are no buttons, and
on the web people type: "对，注销吧", "确认注销", "好的谢谢", "算了", "不用了". The NLU
reads some of these as a new request ("对，注销吧" looks like cancel_my_submission),
so every confirmation asks this module instead of trusting the intent alone.

The message is cut into clauses at punctuation and spaces. A clause is a yes (or a
no) when it is one of the yes words (no words), or starts with one and goes on only
with fillers ("谢谢", "吧") or the question's own verb ("注销"). A no anywhere wins, and
so does a refusal or a hesitation inside any clause ("嗯……先不要，我再想想"): a refusal
must never be taken for consent. A message that asks something
(:data:`~actions.words.QUESTION_CUES`) is neither: it is a digression to answer.
Only when the words decide nothing does a confident affirm/deny intent count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from actions.words import (
    A_NOT_A_RE,
    ACK_LEADS,
    ACK_PARTICLES,
    ACK_RE,
    ANSWER_LEADS,
    BYE_TAIL_RE,
    CALL_PLAN_RE,
    CANCEL_NEGATIONS,
    CHOICE_QUESTION_RE,
    CONFIRM_VERBS,
    GO_PLAN_RE,
    KEEP_WORDS,
    KEEPING_ABOUT,
    KNOWN_WORDS,
    LEAVE_LEADS,
    LEAVE_WORDS,
    NEGATIVE_TAILS,
    NO_WORDS,
    NOT_A_QUESTION,
    NOT_A_YES,
    NOT_NEEDED_ASKED_RE,
    NOTED_RE,
    OWN_PLAN_RE,
    PERSON_DECLINED_RE,
    PLAN_AFTER_YES_RE,
    PLAN_FAILS_WORDS,
    PRAISE_RE,
    QUESTION_CUES,
    REALIZED_LEAD,
    REALIZED_RE,
    REFUSAL_INSIDE,
    REFUSED_CONTACT_KINDS,
    REFUSED_CONTACT_REACH,
    RELIEF_RE,
    SUBMISSION_DROPPED,
    THANKS_TAIL_RE,
    TIME_PLAN_RE,
    UNREFUSING_NOTS,
    WAIT_PLAN_LEAD,
    WAIT_PLAN_RE,
    YES_NO_FILLERS,
    YES_WORDS,
)

Answer = Literal["yes", "no"]

#: Payloads of the yes/no buttons.
PAYLOADS: dict[str, Answer] = {"/affirm": "yes", "/deny": "no"}
INTENTS: dict[str, Answer] = {"affirm": "yes", "deny": "no"}
#: Below this an affirm/deny intent is no answer (a lone "材料" can look like a yes).
MIN_INTENT_CONFIDENCE = 0.7
#: A typed answer longer than this is a sentence, not a yes or no.
MAX_ANSWER_CHARS = 30

_CLAUSE_SPLIT = re.compile(r"[\s\W_]+", re.UNICODE)


def clauses(text: str) -> list[str]:
    """``text`` folded (NFKC, lower case) and cut at punctuation and spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return [c for c in _CLAUSE_SPLIT.split(folded) if c]


def unled(parts: list[str]) -> list[str]:
    """``parts`` without the "哦" that leads them ("哦好", "哦，那好吧", "哦哦好的"): a sound
    of taking in, which says neither yes nor no; a bare "哦" stays."""
    rest = list(parts)
    while len(rest) > 1 and not rest[0].strip(ACK_LEADS):
        rest = rest[1:]
    if rest and rest[0].strip(ACK_LEADS) and rest[0] != rest[0].lstrip(ACK_LEADS):
        rest[0] = rest[0].lstrip(ACK_LEADS)
    return rest


def _rest_is_filler(rest: str, extra: Iterable[str]) -> bool:
    words = sorted((*YES_NO_FILLERS, *extra), key=len, reverse=True)
    while rest:
        word = next((w for w in words if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return True


def _starts_with(clause: str, heads: Iterable[str], verbs: Iterable[str]) -> bool:
    verbs = tuple(verbs)
    return any(
        clause.startswith(head) and _rest_is_filler(clause[len(head) :], verbs) for head in heads
    )


def _clause_answer(clause: str, verbs: tuple[str, ...]) -> Answer | None:
    # "阿拉要的", "我同意", "那好吧": who answers, or a "then", before the answer
    # "我还是不了": leads may follow one another
    while lead := next(
        (w for w in ANSWER_LEADS if clause.startswith(w) and len(clause) > len(w)), ""
    ):
        clause = clause[len(lead) :]
    if _starts_with(clause, NO_WORDS, (*verbs, *NO_WORDS)):
        return "no"  # "不了不了", "不用不用": a no said over is a no
    if clause.startswith(NOT_A_YES):
        return None
    if _starts_with(clause, YES_WORDS, (*verbs, *YES_WORDS)):
        return "yes"  # "好的好的麻烦你了", "对对对": a yes said over is a yes
    # "注销吧", "删了吧", "删吧删吧": the question's own verb alone is consent.
    if verbs and _starts_with(clause, verbs, verbs):
        return "yes"
    return None


def asks_something(text: str) -> bool:
    """Whether ``text`` holds a question (then it is a digression, never a yes/no)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    for phrase in NOT_A_QUESTION:
        folded = folded.replace(phrase, "")
    return (
        any(cue in folded for cue in QUESTION_CUES)
        or CHOICE_QUESTION_RE.search(folded) is not None
        or A_NOT_A_RE.search(folded) is not None
    )


def asks_with_negative_tail(text: str) -> bool:
    """ "要钱不", "网上能办伐": a clause asked as "A or not A", ending in its negative;
    "不" alone, "好的不用" or "算了不" are a no, and "对不" a yes asked back."""
    parts = clauses(text)
    if not parts:
        return False
    last = parts[-1]
    tail = next(
        (t for t in sorted(NEGATIVE_TAILS, key=len, reverse=True) if last.endswith(t)), None
    )
    if tail is None:
        return False
    head = last[: -len(tail)]
    if len(head) < 2:
        return False
    return _clause_answer(head, ()) is None and not _rest_is_filler(head, ())


def says_more_than_yes_no(text: str) -> bool:
    """Whether a clause of ``text`` is neither a yes, a no nor fillers: "好吧，那还是帮我转人工"
    and "经办人呢" say what a yes or a no leaves out; "好的谢谢" and "不用了" do not."""
    return any(
        _clause_answer(part, ()) is None and not _rest_is_filler(part, ()) for part in clauses(text)
    )


def without_unrefusing_nots(text: str) -> str:
    """``text`` without the 不 of "要不注销吧" (a proposal) and "能不能注销" (asked either
    way), which refuses nothing."""
    for words in UNREFUSING_NOTS:
        text = text.replace(words, "")
    return text


def refuses(folded: str) -> bool:
    """Whether a refusal or a hesitation stands inside ``folded`` text; one of a way of
    contact ("我不想留电话", asked for a contact) refuses only that way."""
    folded = without_unrefusing_nots(folded)
    for word in REFUSAL_INSIDE:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if not any(
                k in folded[end : end + REFUSED_CONTACT_REACH] for k in REFUSED_CONTACT_KINDS
            ):
                return True
            start = folded.find(word, end)
    return False


def typed_answer(text: str, *, about: str | None = None) -> Answer | None:
    """The yes or no that ``text`` types, for a question ``about`` one of CONFIRM_VERBS."""
    if not text or text.startswith("/") or asks_something(text):
        return None
    if asks_with_negative_tail(text):
        # "等一下，先问下开通要收钞票伐": the last clause asks, "等一下" only pauses for it.
        return None
    parts = unled(clauses(text))
    if not parts or sum(map(len, parts)) > MAX_ANSWER_CHARS:
        return None
    verbs = CONFIRM_VERBS.get(about or "", ())
    answers = [_clause_answer(part, verbs) for part in parts]
    folded = unicodedata.normalize("NFKC", text).lower()
    if drops_then_orders(parts, answers, verbs):
        return "yes"
    if "no" in answers or refuses(folded):
        return "no"
    if about in KEEPING_ABOUT and any(w in folded for w in KEEP_WORDS):
        return "no"
    # The answer comes first; what follows may be anything ("对，注销吧", "好的，麻烦尽快").
    return "yes" if answers[0] == "yes" else None


def drops_then_orders(
    parts: list[str], answers: list[Answer | None], verbs: tuple[str, ...]
) -> bool:
    """ "不要了，注销吧": the submission not wanted, then the question's own verb ordered;
    a no to the question would not go on to order what it refuses."""
    if not verbs or len(parts) < 2 or answers[-1] != "yes":
        return False
    if not any(parts[-1].startswith(verb) for verb in verbs):
        return False
    return all(part in SUBMISSION_DROPPED for part in parts[:-1])


def asks_if_not_needed(text: str) -> bool:
    """ "老板不用亲自去吧": whether a thing is not needed, asked; not a no to anything."""
    text = text.strip()
    return (
        NOT_NEEDED_ASKED_RE.search(text) is not None
        and PERSON_DECLINED_RE.search(text) is None  # "不用转人工了吧": a person declined
        and says_more_than_yes_no(text)
    )


def _yes_then_plan(part: str) -> list[str]:
    """ "好的我自己弄": a yes run on into what the user will do, as two clauses."""
    lead = PLAN_AFTER_YES_RE.match(part)
    if lead is None:
        return [part]
    yes, plan = part[: lead.end()], part[lead.end() :]
    # ("好的我自己弄不来": the plan said to fail is no taking in)
    # ("好的我让同事去": who goes, told, is a plan as much as "我自己去")
    planned = OWN_PLAN_RE.match(plan) or GO_PLAN_RE.fullmatch(plan)
    if plan and planned and not any(w in plan for w in PLAN_FAILS_WORDS):
        return [yes, plan]
    return [part]


def acknowledges(text: str) -> bool:
    """Whether ``text`` only takes an answer in: "明白了", "收到", "哦", or a yes with what
    the user will do next, has just learnt or is glad of, or a thanks after those ("好，我去改",
    "原来早就通过了 好", "那我还是自己打12333问问，谢了")."""
    if not text or text.startswith("/") or asks_something(text):
        return False
    led = clauses(text)
    parts = unled(led)
    if not parts or sum(map(len, parts)) > MAX_ANSWER_CHARS:
        return False
    compact = "".join(parts)
    if ACK_RE.fullmatch(compact):
        return bool(compact.strip(ACK_PARTICLES))
    parts = [piece for part in parts for piece in _yes_then_plan(part)]
    thanked = THANKS_TAIL_RE.search(parts[-1]) or BYE_TAIL_RE.search(parts[-1])
    if thanked and thanked.start() > 0:
        # "哦批了就好批了就好那谢谢你啊": the thanks ends a clause the user ran on
        parts[-1:] = [parts[-1][: thanked.start()], thanked.group()]
    taken = [
        p
        for p in parts
        if ACK_RE.fullmatch(p)
        or _clause_answer(p, ()) == "yes"
        or THANKS_TAIL_RE.fullmatch(p)
        or BYE_TAIL_RE.fullmatch(p)
    ]
    told = [p for p in parts if p not in taken]
    if not told:
        # "哦那好吧", "行吧": a plain yes, with nothing asked, takes the answer in too, and
        # "好的 88" leaves after it (a thanks or a goodbye alone has replies of its own)
        plain = [p for p in parts if ACK_RE.fullmatch(p) or _clause_answer(p, ()) == "yes"]
        return bool(plain) and all(p in plain or BYE_TAIL_RE.fullmatch(p) for p in parts)
    if ACK_RE.fullmatch(parts[-1]) and any(w in parts[-1] for w in KNOWN_WORDS):
        # "切 还得找业务单位 行吧知道了": whatever was grumbled first, taken in last
        return True
    # "哦 那我打12333问": the 哦 that led the plan took the answer in; a call to make,
    # "那我还是打12333问问", asks nothing of the bot however it opens
    taken_first = bool(taken) or len(led) > len(parts) or parts[0] != led[0]
    taken_first = taken_first or all(CALL_PLAN_RE.fullmatch(p) for p in told)
    # "那就等着吧" after how long it takes: 那 takes the answer in, the wait is the plan
    taken_first = taken_first or all(
        p.startswith(WAIT_PLAN_LEAD) and WAIT_PLAN_RE.fullmatch(p) for p in told
    )
    return taken_first and all(
        OWN_PLAN_RE.match(p)
        or GO_PLAN_RE.fullmatch(p)
        or TIME_PLAN_RE.fullmatch(p)
        or PRAISE_RE.fullmatch(p)
        or NOTED_RE.fullmatch(p)
        or p.startswith(REALIZED_LEAD)
        or REALIZED_RE.fullmatch(p)
        or RELIEF_RE.fullmatch(p)
        or WAIT_PLAN_RE.fullmatch(p)
        or CALL_PLAN_RE.fullmatch(p)
        for p in told
    )


def yes_or_no(message: Mapping[str, Any], *, about: str | None = None) -> Answer | None:
    """Yes, no, or neither, for the latest ``message`` (a tracker's ``latest_message``).

    ``about`` names the question ("cancel", "erase", "handoff") so that its own verb
    counts: "注销吧" says yes to a 注销, not to a hand-off.
    """
    text = str(message.get("text") or "").strip()
    if text.startswith("/"):
        return PAYLOADS.get(text.split("{", 1)[0].strip())
    answer = typed_answer(text, about=about)
    if answer is not None or asks_something(text):
        return answer
    intent = message.get("intent") or {}
    if float(intent.get("confidence") or 0) >= MIN_INTENT_CONFIDENCE:
        return INTENTS.get(str(intent.get("name")))
    return None


def refuses_up_front(text: str, *, about: str) -> bool:
    """ "那先不注销 我看看能不能直接改", "嗯……算了还是先不动 等我跟老板确认": the question's
    no said first, whatever follows (a plan, a musing, a question on the side).

    Only the first two clauses count, and none of them may order the question's own verb
    ("算了还是注销吧" is a yes).
    """
    if not text or text.startswith("/"):
        return False
    verbs = CONFIRM_VERBS.get(about, ())
    leading = unled(clauses(text))[:2]
    refused = False
    for part in leading:
        answer = _clause_answer(part, verbs)
        if answer is None and wants_to_leave(part):
            answer = "no"
        if any(_unrefused(verb, part) for verb in verbs):
            return False
        refused = refused or answer == "no"
    return refused


def _unrefused(verb: str, part: str) -> bool:
    """Whether ``verb`` stands in ``part`` with no 不, 别 or 没 right before it."""
    return any(not part[:at].endswith(CANCEL_NEGATIONS) for at in _places(verb, part))


def _places(word: str, text: str) -> Iterable[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def wants_to_leave(text: str) -> bool:
    """Whether ``text`` leaves a form: a clause starts with a leave word ("算了 不用了 …")."""
    if not text or text.startswith("/"):
        return text.strip() == "/deny"
    # "等等，我先不转了", "那算了": a subject or a "then" may come before the leave word.
    return any(_leaves(part) for part in clauses(text))


def leaves_last(text: str) -> bool:
    """Whether the last clause of ``text`` leaves the form ("13800000000 算了不转了"), not
    only one before it ("算了还是留这吧 15000000000" gives the number after all)."""
    parts = clauses(text)
    return bool(parts) and _leaves(parts[-1])


def _leaves(part: str) -> bool:
    return part.lstrip(LEAVE_LEADS).startswith(LEAVE_WORDS)
