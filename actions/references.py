"""Which listed submission a user means: by number, acceptance number, item name or date."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from actions.words import (
    ACCEPTANCE_TAIL_RE,
    BARE_PART_RE,
    CANCEL_SUBMISSION_WORDS,
    CITY_OFFICES,
    CITY_PREFIX,
    COUNT_POINTERS,
    COUNT_SAID_RE,
    DATE_RE,
    DAY_ONLY_RE,
    DISTRICT_LEVEL_RE,
    ENGLISH_DATE_RE,
    ENGLISH_ITEM_POINTER,
    ENGLISH_ITEM_WORDS,
    ENGLISH_MONTHS,
    ENGLISH_ONE_RE,
    ENGLISH_ORDINAL_RE,
    ENGLISH_ORDINALS,
    ENGLISH_PICK_FILLERS_RE,
    HANGZHOU_DISTRICTS,
    HOW_IT_STANDS,
    LIST_PLACE_RE,
    LISTED_ABOVE_WORDS,
    LISTED_BELOW_WORDS,
    LOOK_ORDER_WORDS,
    MONTH_ONLY_RE,
    MONTH_PART_DAYS,
    MONTH_PART_RE,
    NAME_FILLERS,
    NARROW_RE,
    NEWEST_WORDS,
    OLDEST_WORDS,
    ORDINAL_RE,
    PEOPLE_COUNT_UNITS,
    PICK_FILLERS,
    POINTED_PART_FILLERS,
    POINTING_AFTER_STATUS,
    POINTING_WORDS,
    RECORD_COUNT_RE,
    RELATIVE_DAYS,
    RELATIVE_MONTHS,
    REQUEST_FILLERS,
    REVIEWED_YET_RE,
    SEVERAL_POINTED_RE,
    SPOKEN_ACCEPTANCE_RE,
    SPOKEN_DIGITS,
    SPOKEN_TAIL_RE,
    STATUS_LEADS,
    STATUS_WORDS,
    UNCANCELLED_RE,
    ZH_DATE_RE,
    ZH_DIGITS,
    ZH_TEN,
    ZH_TENS,
)
from actions.yesno import clauses
from portal_client import SubmissionStatus

#: A 受理编号 is HZ and 13 digits ("Hz123456" is a password, not a reference), which
#: people copy in groups ("HZ 2026 1114 06741", "hz2026-1123-07415").
_ACCEPTANCE_RE = re.compile(r"H[\s-]*Z[\s-]*(?:\d[\s-]?){12}\d(?!\d)", re.I)
# "2个人那个增员" counts people: no position
_BARE_NUMBER_RE = re.compile(
    rf"^\D{{0,6}}?([0-9]{{1,2}})(?!\d|\s*(?:{PEOPLE_COUNT_UNITS}))\D{{0,6}}$"
)
#: "缴费基数那个" names "社保缴费基数申报": four characters in a row are a name.
MIN_NAME_RUN = 4
#: "增员那个": a shorter part names an item when it points and no other item shares it.
MIN_PART_RUN = 2
#: The portal lists dates in Beijing time, which "昨天" and "上个月" are counted in.
BEIJING = timezone(timedelta(hours=8))
#: The portal's label of a rejected submission, as ``status_named`` gives it.
REJECTED = SubmissionStatus.REJECTED.label
CANCELLED = SubmissionStatus.CANCELLED.label


def number_of(token: str) -> int:
    """The number an Arabic or a Chinese digit says ("3", "三")."""
    return int(token) if token.isdigit() else ZH_DIGITS[token]


def zh_number(token: str) -> int:
    """The number below 100 that Arabic digits or Chinese numerals say ("23", "二十三", "廿三")."""
    if token.isdigit():
        return int(token)
    for short, tens in ZH_TENS.items():
        token = token.replace(short, tens)
    if ZH_TEN not in token:
        return ZH_DIGITS[token]
    tens, _, ones = token.partition(ZH_TEN)
    return (ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[ones] if ones else 0)


def without_standing(folded: str) -> str:
    """``folded`` without "怎么样", "状态如何": how a thing stands, which asks no how-to."""
    for phrase in HOW_IT_STANDS:
        folded = folded.replace(phrase, "")
    return folded


def acceptance_number(text: str) -> str | None:
    """The 受理编号 written in ``text`` ("注销HZ2026092806617"), upper-cased, if any."""
    folded = unicodedata.normalize("NFKC", text)
    folded = SPOKEN_ACCEPTANCE_RE.sub(lambda m: m.group().translate(SPOKEN_DIGITS), folded)
    match = _ACCEPTANCE_RE.search(folded)
    return re.sub(r"[\s-]", "", match.group()).upper() if match else None


def acceptance_tail(text: str) -> str | None:
    """The end of a 受理编号 that ``text`` names ("尾号1234的", "尾号 九八八四 的那个"), if any."""
    folded = SPOKEN_TAIL_RE.sub(
        lambda m: "".join(m.group().split()).translate(SPOKEN_DIGITS),
        unicodedata.normalize("NFKC", text),
    )
    tail = ACCEPTANCE_TAIL_RE.search(folded)
    return next(group for group in tail.groups() if group) if tail else None


def status_named(text: str) -> str | None:
    """The portal's status label that ``text`` names ("没通过的那个" → 审核未通过), if any."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return next(
        (label for label, words in STATUS_WORDS if any(word in folded for word in words)), None
    )


def only_a_status(text: str) -> bool:
    """ "审核未通过的", "没通过那个": a status and nothing else, as a pick from a list."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if status_named(folded) is None:
        return False
    covered = [not ch.isalnum() for ch in folded]
    for word in {label for label, _ in STATUS_WORDS}.union(
        *(group for _, group in STATUS_WORDS), POINTING_WORDS, REQUEST_FILLERS, PICK_FILLERS
    ):
        start = folded.find(word)
        while start != -1:
            covered[start : start + len(word)] = [True] * len(word)
            start = folded.find(word, start + 1)
    return all(covered)


def _shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def names_another(text: str, items: list[dict[str, Any]], selected: str | None) -> bool:
    """Whether ``text`` shares more of another listed item's name than of ``selected``'s
    ("那增员那个…先撤了" with 职工参保减员 on screen): then it does not mean the one on
    screen, though it named none for sure."""
    mine = next((i for i in items if i["no"] == selected), None)
    own = _shared_run(text, mine["item"]) if mine else 0
    others = [_shared_run(text, i["item"]) for i in items if i is not mine]
    return max(others, default=0) >= MIN_PART_RUN and max(others, default=0) > own


def _chained_run(text: str, item: str) -> int:
    """The longest run of ``text`` made of pieces of ``item`` (two characters or more),
    in the item's order: "技能补贴" is 技能 and 补贴 of 职业技能提升补贴申领."""
    best = 0
    for start in range(len(text)):
        at, here, total = 0, start, 0
        while here < len(text):
            piece = next(
                (
                    k
                    for k in range(len(text) - here, MIN_PART_RUN - 1, -1)
                    if item.find(text[here : here + k], at) >= 0
                ),
                0,
            )
            if not piece:
                break
            at = item.find(text[here : here + piece], at) + piece
            here += piece
            total += piece
        best = max(best, total)
    return best


def _name_run(text: str, item: str) -> int:
    return max(_shared_run(text, item), _chained_run(text, item))


def _names(text: str, item: str) -> bool:
    """ "就业创业证那个", "缴费基数那个", "技能补贴那个": the item's name, or a
    distinctive part of it, or its pieces in order."""
    if item in text or (len(text) >= 2 and text in item):
        return True
    return _name_run(text, item) >= min(MIN_NAME_RUN, len(item))


def _most_named(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items ``text`` names by a part, those sharing the longest run with it:
    "人员参保增员那个" is 机关事业单位人员参保增员, not 机关事业单位人员参保减员, though
    "人员参保" names both."""
    runs = [(_name_run(text, i["item"]), i) for i in items if _names(text, i["item"])]
    longest = max((run for run, _ in runs), default=0)
    return [i for run, i in runs if run == longest]


#: The words that point at one listed: "那个", and "的那" after a status.
POINTERS = (*POINTING_WORDS, *POINTING_AFTER_STATUS)
#: A status as said beside a part of a name, longest first ("已经审核通过" before "审核通过").
STATUS_SAID_WORDS = tuple(
    sorted(
        {
            *STATUS_LEADS,
            *(label for label, _ in STATUS_WORDS),
            *(w for _, g in STATUS_WORDS for w in g),
        },
        key=len,
        reverse=True,
    )
)


def _pointed_part(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "增员那个也撤了吧": the one item a short part of its name points at, if only one.

    Only when the message says little else: "单位基本信息变更那个" names an item whole,
    perhaps one not listed, and shares "单位" with others that it does not mean.
    """
    pointers = POINTERS
    bare = BARE_PART_RE.match("".join(text.split()))
    if bare:
        # "增员的" with the list on screen: the one of that kind, said as one points
        part = bare.group(1)
        hits = [i for i in items if part in i["item"]]
        return hits if len({i["item"] for i in hits}) == 1 else []
    # "把减员那条撤回，少减了一个人": the clause that points, the reason beside it aside.
    pointing = [c for c in clauses(text) if any(w in c for w in pointers)]
    if len(pointing) != 1:
        return []
    clause = pointing[0]
    rest = REVIEWED_YET_RE.sub("", clause)
    # ("好，那看下增员那条": the words of looking name nothing)
    for word in (
        # "已经审核通过的减员那条": the status is said beside the part, and narrows it
        *STATUS_SAID_WORDS,
        *pointers,
        *CANCEL_SUBMISSION_WORDS,
        *REQUEST_FILLERS,
        *POINTED_PART_FILLERS,
        *LOOK_ORDER_WORDS,
    ):
        rest = rest.replace(word, "")
    if sum(ch.isalnum() for ch in rest) >= MIN_NAME_RUN:
        return []
    hits = [i for i in items if _shared_run(clause, i["item"]) >= MIN_PART_RUN]
    return hits if len({i["item"] for i in hits}) == 1 else []


def resolve_reference(
    text: str,
    items: list[dict[str, Any]],
    *,
    by_position: bool = True,
    beside: str | None = None,
    today: date | None = None,
) -> dict[str, Any] | None:
    """The one item of ``items`` (as listed to the user) that ``text`` points at, if any.

    Each item has ``n`` (its number in the list), ``no`` (acceptance number),
    ``item`` (the item's name), ``date`` (``YYYY-MM-DD``), ``status`` (the
    portal's label) and ``unit`` (the office handling it). A status ("没通过的那个")
    points at the one item in that status.
    ``by_position=False`` leaves out positions ("第二个", "1"), which mean something
    only against the list the user sees. ``beside`` is the acceptance number of the one
    on screen, which "上一个" and "下一个" count from. ``today`` is what "上个月" counts
    back from (the day in Beijing unless given).
    """
    found = _resolve(text, items, by_position=by_position, beside=beside, today=today)
    return found[0] if found else None


def named_by(text: str, items: list[dict[str, Any]], *, beside: str | None = None) -> str | None:
    """How ``text`` names one of ``items``: ``number``, ``date``, ``count`` (a batch's
    records), ``position``, ``office`` (its district's), ``name``, ``status``; ``None``
    if it names none."""
    found = _resolve(text, items, by_position=True, beside=beside)
    return found[1] if found else None


def _next_to(text: str, items: list[dict[str, Any]], beside: str | None) -> dict[str, Any] | None:
    """The one listed above or below ``beside`` that "上一个" or "下一个" means."""
    folded = text.lower()
    step = (
        -1
        if any(w in folded for w in LISTED_ABOVE_WORDS)
        else 1
        if any(w in folded for w in LISTED_BELOW_WORDS)
        else 0
    )
    at = next((k for k, i in enumerate(items) if i["no"] == beside), None)
    if not step or at is None or not 0 <= at + step < len(items):
        return None
    return items[at + step]


def _resolve(
    text: str,
    items: list[dict[str, Any]],
    *,
    by_position: bool,
    beside: str | None = None,
    today: date | None = None,
) -> tuple[dict[str, Any], str] | tuple[()]:
    if not items or not text:
        return ()
    text = with_item_words(unicodedata.normalize("NFKC", text).strip())
    wanted = acceptance_number(text)
    if wanted:
        hit = next((i for i in items if i["no"].upper() == wanted), None)
        return (hit, "number") if hit else ()
    ending = acceptance_tail(text)
    if ending:
        hits = [i for i in items if i["no"].endswith(ending)]
        if len(hits) == 1:
            return (hits[0], "number")
    date = DATE_RE.search(text)
    english_date = ENGLISH_DATE_RE.search(text)
    zh_date = ZH_DATE_RE.search(text)
    if date or english_date or zh_date:
        if date:
            _, month, day = date.groups()
        elif zh_date:
            month, day = (str(zh_number(part)) for part in zh_date.groups())
        else:
            name, day_after, day_before, name_after = english_date.groups()  # type: ignore[union-attr]
            month = str(ENGLISH_MONTHS[(name or name_after).lower()[:3]])
            day = day_after or day_before
        hits = [i for i in items if i["date"][5:] == f"{int(month):02d}-{int(day):02d}"]
        return (hits[0], "date") if len(hits) == 1 else ()
    day_only = DAY_ONLY_RE.search(text)
    if day_only:
        # "那12号那个呢": the one listed on that day of whichever month, if only one is.
        hits = [i for i in items if i["date"][8:10] == f"{int(day_only.group(1)):02d}"]
        if len(hits) == 1:
            return (hits[0], "date")
    in_month = _in_month(text, items)
    if in_month is not None:
        return (in_month, "date")
    in_part = _in_month_part(text, items)
    if in_part is not None:
        return (in_part, "date")
    when = said_when(text)
    if when is not None:
        hits = in_time(text, items, today)
        if len(hits) > 1:
            rest = text.replace(when, "")
            hits = [i for i in hits if _shared_run(rest, i["item"]) >= MIN_PART_RUN]
        if len(hits) == 1:
            return (hits[0], "date")
    counted = _counted(text, items) or _counted_beside_name(text, items)
    if counted is not None:
        return (counted, "count")
    if by_position:
        if (neighbour := _next_to(text, items, beside)) is not None:
            return (neighbour, "position")
        ordinal = ORDINAL_RE.search(text) or _BARE_NUMBER_RE.match(text)
        if ordinal:
            n = number_of(ordinal.group(1))
            hit = next((i for i in items if i["n"] == n), None)
            if hit is None and items[0]["n"] > 1 and 1 <= n <= len(items):
                hit = items[n - 1]  # "第一个" on page 2: the first of the page shown
            return (hit, "position") if hit else ()
        english = ENGLISH_ORDINAL_RE.search(text)
        if english:
            word, digits = english.groups()
            n = ENGLISH_ORDINALS[word.lower()] if word else int(digits)
            hit = items[-1] if n == -1 else next((i for i in items if i["n"] == n), None)
            return (hit, "position") if hit else ()
        place = LIST_PLACE_RE.search(text)
        if place:
            return (items[0] if place.group("first") else items[-1], "position")
        newest = any(word in text for word in NEWEST_WORDS)
        if newest or any(word in text for word in OLDEST_WORDS):
            named = _most_named(text, items)
            if named:
                # "最早那个单位基本信息变更": the newest or oldest of the ones it names
                return (named[0] if newest else named[-1], "name")
            if _says_a_name(text):
                return ()  # named, but not on this page: the portal has it, or not
            if not newest and items[-1].get("more"):
                return ()  # "最早交的那个": the oldest of all, on a page not shown yet
            return (items[0] if newest else items[-1], "position")
    at_office = _at_office(text, items)
    if at_office is not None:
        return (at_office, "office")
    hits = _named_or_in_status(text, items)
    if len(hits) > 1 and UNCANCELLED_RE.search(text.lower()):
        # "灵活就业那个，没取消的那个": of the two so named, the one still standing
        hits = [i for i in hits if i.get("status") != CANCELLED]
    status = status_named(text)
    names = {i["item"] for i in hits}
    if len(names) == 1 and len(hits) == 1:
        return (hits[0], "status" if status and not _names(text, hits[0]["item"]) else "name")
    return ()


def name_chars(text: str, *, then: tuple[str, ...] = ()) -> int:
    """How many characters ``text`` has beyond cancel words, pointing words and fillers
    (and, after those, the words ``then``)."""
    rest = text
    for word in (*CANCEL_SUBMISSION_WORDS, *POINTING_WORDS, *REQUEST_FILLERS, *then):
        rest = rest.replace(word, "")
    return sum(ch.isalnum() for ch in rest)


def means_oldest(text: str) -> bool:
    """ "最早交的那个": the oldest submission, by no name."""
    return (
        any(word in text for word in OLDEST_WORDS)
        and not any(word in text for word in NEWEST_WORDS)
        and not _says_a_name(text)
    )


def _says_a_name(text: str) -> bool:
    """Whether ``text`` says more than "the newest" or "the oldest": a name, however short
    of one listed."""
    for word in (*NEWEST_WORDS, *OLDEST_WORDS):
        text = text.replace(word, "")
    text = ENGLISH_PICK_FILLERS_RE.sub(" ", text)  # "the newest one": no name in English
    return name_chars(text, then=(*PICK_FILLERS, *NAME_FILLERS)) >= MIN_NAME_RUN


def _in_month(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ "九月底交的那个补贴": the one listed in the month named, or the one of that month
    a part of the name picks; ``None`` when the month has none, or several left."""
    said = MONTH_ONLY_RE.search(text)
    if said is None:
        return None
    hits = [i for i in items if int(i["date"][5:7]) == zh_number(said.group(1))]
    return _one_left(text, said, hits)


@dataclass(frozen=True)
class Narrowed:
    """What "只看未审核的" or "10月份报的那两条" narrows the list to: a status or a month,
    and the ones of the list left (perhaps none)."""

    status: str | None
    month: int | None
    items: list[dict[str, Any]]


def narrowed(text: str, items: list[dict[str, Any]]) -> Narrowed | None:
    """The list ``items`` narrowed as ``text`` asks; ``None`` when ``text`` points at one,
    or names no status or month."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if not (NARROW_RE.search(folded) or SEVERAL_POINTED_RE.search(folded)):
        return None
    status = status_named(folded)
    if status is not None:
        return Narrowed(status, None, [i for i in items if i["status"] == status])
    said = MONTH_ONLY_RE.search(folded)
    if said is not None:
        month = zh_number(said.group(1))
        return Narrowed(None, month, [i for i in items if int(i["date"][5:7]) == month])
    return None


def _in_month_part(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ "月初那个已经通过的": the one listed in that part of the latest month that has one
    there, a status or a part of the name narrowing them; ``None`` when none, or several."""
    said = MONTH_PART_RE.search(text)
    if said is None:
        return None
    first, last = MONTH_PART_DAYS[said.group(1)]
    hits = [i for i in items if first <= int(i["date"][8:10]) <= last]
    status = status_named(text)
    if status is not None:
        hits = [i for i in hits if i.get("status") == status]
    if hits:
        # The list is newest first: the latest month with one in that part of it.
        hits = [i for i in hits if i["date"][:7] == hits[0]["date"][:7]]
    return _one_left(text, said, hits)


def _one_left(text: str, said: re.Match[str], hits: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one of ``hits`` (listed then), several narrowed by a part of a name that the
    rest of ``text`` says beside the time ``said``; ``None`` when none, or several."""
    if len(hits) > 1:
        rest = text[: said.start()] + text[said.end() :]
        hits = [i for i in hits if _shared_run(rest, i["item"]) >= MIN_PART_RUN]
    return hits[0] if len(hits) == 1 else None


def beijing_today() -> date:
    return datetime.now(BEIJING).date()


def said_when(text: str) -> str | None:
    """The words of ``text`` that count a time back from today ("上个月", "昨天")."""
    for word, _ in (*RELATIVE_MONTHS, *RELATIVE_DAYS):
        if word in text:
            return word
    return None


def in_time(
    text: str, items: list[dict[str, Any]], today: date | None = None
) -> list[dict[str, Any]]:
    """The listed ones handed in at the time ``text`` counts back from ``today`` (in
    Beijing): "上个月" is the calendar month before, "前天" the day two days back."""
    today = today or beijing_today()
    months = dict(RELATIVE_MONTHS)
    days = dict(RELATIVE_DAYS)
    word = said_when(text)
    if word in months:
        back = today.year * 12 + today.month - 1 + months[word]
        prefix = f"{back // 12:04d}-{back % 12 + 1:02d}"
    elif word in days:
        prefix = (today + timedelta(days=days[word])).isoformat()
    else:
        return []
    return [i for i in items if i["date"].startswith(prefix)]


def _at_office(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ "拱墅区人社局那个", "机关事业中心里没通过的": the one handled by the office of the
    district or the city's centre named, a status narrowing them; ``None`` when the office
    names none, or several."""
    status = status_named(text)
    centre = next((name for nicks, name in CITY_OFFICES if any(n in text for n in nicks)), None)
    if centre is not None and (status is not None or _points(text)):
        # "机关事业中心里没通过的": the city's centre, by its short name
        hits = [i for i in items if i.get("unit") == centre]
    else:
        districts = [d for d in HANGZHOU_DISTRICTS if d in text]
        if not districts and DISTRICT_LEVEL_RE.search(text) and _points(text):
            # "区里办的那个": the one a district's bureau handles, not the city's centres
            hits = [i for i in items if not str(i.get("unit") or "").startswith(CITY_PREFIX)]
        elif len(districts) != 1 or not _points(text):
            # "拱墅区的受理点在哪" asks of the district, pointing at nothing listed
            return None
        else:
            hits = [i for i in items if districts[0] in str(i.get("unit") or "")]
    if status is not None:
        hits = [i for i in hits if i.get("status") == status]
    return hits[0] if len(hits) == 1 else None


def _points(text: str) -> bool:
    return any(w in text for w in POINTERS)


def _counted(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ "增员12个人的那个": the one batch listed with that many records, if only one is."""
    counts = {zh_number(m.group(1) or m.group(2)) for m in RECORD_COUNT_RE.finditer(text)}
    hits = [i for i in items if i.get("count") is not None and i["count"] in counts]
    return hits[0] if len(hits) == 1 else None


def _counted_beside_name(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ "12个人增员那笔": the size said before a part of the name; both must point at the
    same batch, since a count alone may speak of people ("这三个人的基数")."""
    said = COUNT_SAID_RE.search(text)
    if said is None:
        return None
    # "增员那4个人的撤了": the part of the name said just before the size, alone
    before = text[: said.start()].rstrip(COUNT_POINTERS)
    for rest in (text[: said.start()] + text[said.end() :], before):
        hits = _named_or_in_status(rest, items) if rest else []
        if len(hits) == 1 and hits[0].get("count") == zh_number(said.group(1)):
            return hits[0]
    return None


def _named_or_in_status(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Whole names first; a distinctive part only when no name is there whole.
    hits = [i for i in items if i["item"] in text or (len(text) >= 2 and text in i["item"])]
    hits = hits or _most_named(text, items) or _pointed_part(text, items)
    status = status_named(text)
    if status is not None:
        hits = [i for i in (hits or items) if i.get("status") == status]
    return hits


def with_item_words(text: str) -> str:
    """``text`` with the Chinese words of the items it names in English added: "the
    unemployment one" names 失业登记 as "失业那个" would."""
    lowered = text.lower()
    found = [words for pattern, words in ENGLISH_ITEM_WORDS if pattern.search(lowered)]
    if not found:
        return text
    # the English "one" points as the 那个 added does, and two pointers name nothing
    return f"{ENGLISH_ONE_RE.sub('', text)} {''.join(found)}{ENGLISH_ITEM_POINTER}"


def listed_by_name(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed ones whose name ``text`` says or points at ("灵活就业那个" names both
    灵活就业人员参保登记 listed), a status narrowing them; none for a bare status."""
    if not items or not text:
        return []
    text = with_item_words(unicodedata.normalize("NFKC", text).strip())
    named = [i for i in items if i["item"] in text or (len(text) >= 2 and text in i["item"])]
    if not (named or _most_named(text, items) or _pointed_part(text, items)):
        return []
    return _named_or_in_status(text, items)
