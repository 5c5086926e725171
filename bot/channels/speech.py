"""Rewriting the bot's written answers for the ear (the voice channel's text-to-speech).

A written answer holds things a voice should not read out as written: links,
book-title marks 《》, list bullets, and digits that a Mandarin voice reads as
amounts ("12333" as 一万两千三百三十三 where a caller expects 一二三三三). The
functions here are pure, so each rule is tested on its own.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = "零一二三四五六七八九"
#: Full-width ASCII letters and digits, the way some answers and users write them.
_FULLWIDTH = str.maketrans(
    {
        chr(code): chr(code - 0xFEE0)
        for code in range(0xFF10, 0xFF5B)
        if chr(code - 0xFEE0).isalnum()
    }
)

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.I)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_EMPTY_BRACKETS = re.compile(r"[（(]\s*[）)]")
# A list marker at the start of a line: "• ", "- ", "1.", "1、", "(1)", "（1）".
_LIST_MARKER = re.compile(
    r"^\s*(?:[•·●▪\-*]\s*|(?P<n>\d{1,2})\s*[.、．)）]\s*|[（(](?P<p>\d{1,2})[)）]\s*)"
)
_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})日?(?!\d)"
)
_YEAR = re.compile(r"(?<!\d)(?P<y>\d{4})年")
_TIME = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:：](?P<min>[0-5]\d)(?!\d)")
# Case and ticket numbers mix letters and digits with dashes: HZ-20260315-7K2M9Q.
_CODE = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"
)
_PERCENT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*[%％]")
# Phone numbers: +86 and separators allowed; five digits or more in all.
_PHONE = re.compile(r"(?<![\d.])(?:\+86[\s-]?)?\d(?:[\s-]?\d){4,}(?![\d.])")
_DECIMAL = re.compile(r"(?<![\d.])(?P<i>\d+)\.(?P<f>\d+)(?![\d.])")
_INTEGER = re.compile(r"\d+")
# After these a run of five or more digits is an amount, not a number to spell.
_AMOUNT_UNITS = tuple("元人个次天年月日万名份件条位岁项户家")
_MEASURE_WORDS = frozenset("个条项份件次天位名家户种步张本年周")
_QUOTES = re.compile(r"[《》〈〉「」『』“”\"]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SLASH_BETWEEN_WORDS = re.compile(rf"(?<=[{_CJK}A-Za-z])\s*/\s*(?=[{_CJK}A-Za-z])")
_SPACE_BETWEEN_CJK = re.compile(
    rf"(?<=[{_CJK}])\s+(?=[{_CJK}])|\s+(?=[，。；：、！？）])|(?<=[，。；：、！？（])\s+"
)
_PUNCT_RUN = re.compile(r"([，。；：、！？])[，。；：、！？\s]*")
_LINE_END_PUNCT = "。！？；：，,.!?;:"
# Short letter runs are spelled out; these are read as words.
_LETTER_WORDS = frozenset({"gov", "com", "org", "net", "edu", "mail", "www"})


def read_digits(digits: str) -> str:
    """Digit by digit, as Mandarin speakers read phone numbers: 12333 → 一二三三三."""
    return "".join(_DIGITS[int(d)] for d in digits if d.isdigit())


def _under_10000(n: int) -> str:
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        word = "两" if digit == 2 and unit == "千" else _DIGITS[digit]
        parts.append(word + unit)
    return "".join(parts)


def read_number(n: int) -> str:
    """An amount as it is said: 15 → 十五, 105 → 一百零五, 20000 → 两万."""
    if n == 0:
        return "零"
    if n < 0:
        return "负" + read_number(-n)
    if n >= 100_000_000:
        return read_digits(str(n))
    high, low = divmod(n, 10_000)
    if not high:
        text = _under_10000(low)
        return text[1:] if text.startswith("一十") else text
    head = "两" if high == 2 else read_number(high)
    if not low:
        return head + "万"
    joiner = "零" if low < 1000 else ""
    return head + "万" + joiner + _under_10000(low)


def read_date(year: int, month: int, day: int) -> str:
    """2026-03-15 → 二零二六年三月十五日."""
    return f"{read_digits(str(year))}年{read_number(month)}月{read_number(day)}日"


def _spell_word(word: str) -> str:
    pieces = re.findall(r"\d+|[A-Za-z]+", word)
    spoken = []
    for piece in pieces:
        if piece.isdigit():
            spoken.append(read_digits(piece))
        elif len(piece) <= 3 and piece.lower() not in _LETTER_WORDS:
            spoken.append(" ".join(piece.upper()))
        else:
            spoken.append(piece.lower())
    return " ".join(spoken)


def spell_email(address: str) -> str:
    """hz12333@hz.gov.cn → H Z 一二三三三 at H Z 点 gov 点 C N."""
    local, _, domain = address.partition("@")
    local_spoken = " 点 ".join(_spell_word(part) for part in local.split(".") if part)
    domain_spoken = " 点 ".join(_spell_word(part) for part in domain.split(".") if part)
    return f"{local_spoken} at {domain_spoken}"


def spell_code(code: str) -> str:
    """HZ-20260315-7K2M9Q → H Z，二零二六零三一五，七 K 二 M 九 Q: each group apart."""
    groups = []
    for group in code.split("-"):
        pieces = re.findall(r"\d+|[A-Za-z]+", group)
        groups.append(
            " ".join(read_digits(p) if p.isdigit() else " ".join(p.upper()) for p in pieces)
        )
    return "，".join(groups)


def read_phone(number: str) -> str:
    """Digit by digit in the groups people pause at: 13800138000 → 一三八，零零一三，八零零零."""
    digits = re.sub(r"\D", "", re.sub(r"^\+86", "", number.strip()))
    if len(digits) == 11 and digits.startswith("1"):
        groups = [digits[:3], digits[3:7], digits[7:]]
    elif re.search(r"[\s-]", number.strip()):
        groups = [g for g in re.split(r"[\s-]+", re.sub(r"^\+86[\s-]?", "", number.strip())) if g]
    else:
        groups = [digits]
    return "，".join(read_digits(group) for group in groups)


def _ordinal(match: re.Match[str]) -> str:
    number = match.group("n") or match.group("p")
    return f"第{read_number(int(number))}，" if number else ""


def _numbers(text: str) -> str:
    text = _DATE.sub(lambda m: read_date(int(m["y"]), int(m["m"]), int(m["d"])), text)
    text = _YEAR.sub(lambda m: read_digits(m["y"]) + "年", text)
    text = _TIME.sub(
        lambda m: (
            read_number(int(m["h"]))
            + "点"
            + ("" if m["min"] == "00" else read_number(int(m["min"])) + "分")
        ),
        text,
    )
    text = _CODE.sub(lambda m: spell_code(m.group(0)), text)
    text = _PERCENT.sub(lambda m: "百分之" + _read_plain_number(m["n"]), text)

    def phone_or_amount(match: re.Match[str]) -> str:
        following = text[match.end() : match.end() + 1]
        if following and following in _AMOUNT_UNITS and re.fullmatch(r"\d+", match.group(0)):
            return read_number(int(match.group(0)))
        return read_phone(match.group(0))

    text = _PHONE.sub(phone_or_amount, text)
    text = _DECIMAL.sub(lambda m: _read_plain_number(m.group(0)), text)

    def integer(match: re.Match[str]) -> str:
        # Before a measure word a lone 2 is 两: 两条记录, not 二条记录.
        following = text[match.end() :].lstrip()[:1]
        ordinal = text[: match.start()].rstrip().endswith("第")
        if match.group(0) == "2" and following and following in _MEASURE_WORDS and not ordinal:
            return "两"
        return read_number(int(match.group(0)))

    return _INTEGER.sub(integer, text)


def _read_plain_number(value: str) -> str:
    whole, _, fraction = value.partition(".")
    spoken = read_number(int(whole))
    return spoken + ("点" + read_digits(fraction) if fraction else "")


def _symbols_removed(text: str) -> str:
    # Emoji and pictographs have no reading; Polly would spell their names or skip.
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"So", "Cs", "Co"})


def for_ear(text: str, *, url_placeholder: str = "") -> str:
    """``text`` rewritten to be spoken: no links, marks or bullets; numbers in words.

    ``url_placeholder`` stands where a link was (for instance "短信里的链接" once
    the links were texted to the caller); by default a link just disappears.
    """
    text = text.translate(_FULLWIDTH)
    text = _URL.sub(url_placeholder, text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _EMAIL.sub(lambda m: f" {spell_email(m.group(0))} ", text)
    lines = []
    for raw in text.splitlines():
        line = _LIST_MARKER.sub(_ordinal, raw).strip()
        if not line:
            continue
        if line[-1] not in _LINE_END_PUNCT:
            line += "。"
        lines.append(line)
    text = "".join(lines)
    text = _QUOTES.sub("", text)
    text = _numbers(text)
    text = _SLASH_BETWEEN_WORDS.sub("或", text)
    text = text.replace("&", "和").replace("/", " ").replace("~", "至").replace("～", "至")
    text = _symbols_removed(text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = _PUNCT_RUN.sub(r"\1", text)
    return text.strip(" ，、；")


def spoken_choices(titles: list[str]) -> str:
    """Button titles as a spoken choice: 您可以说：企业、机关事业单位，或个人。"""
    titles = [for_ear(title).rstrip("。") for title in titles if title.strip()]
    if not titles:
        return ""
    if len(titles) == 1:
        return f"您可以说：{titles[0]}。"
    return f"您可以说：{'、'.join(titles[:-1])}，或{titles[-1]}。"
