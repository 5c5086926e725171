"""Who is asking: an enterprise (incl. 民办非企业), an institution, or an individual.

The guide's answers about documents and password resets differ by applicant type,
so the type is read from the user's own words wherever they say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class ApplicantType(str, Enum):
    """The three kinds of applicant that the guide distinguishes."""

    ENTERPRISE = "enterprise"  # 企业和民办非企业
    INSTITUTION = "institution"  # 机关事业单位
    INDIVIDUAL = "individual"  # 个人

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ApplicantType.ENTERPRISE: "企业/民办非企业单位",
    ApplicantType.INSTITUTION: "机关事业单位",
    ApplicantType.INDIVIDUAL: "个人",
}

# Order matters: the first pattern to match at a position wins, so the longer,
# more specific cues (民办非企业, 机关事业单位) come before the words inside them.
_CUES: list[tuple[ApplicantType, str]] = [
    (
        ApplicantType.ENTERPRISE,
        r"民办非企业|民非|民办(?:学校|医院|幼儿园|培训|机构|养老)|民营(?:医院|学校|幼儿园)",
    ),
    (
        ApplicantType.INSTITUTION,
        r"机关事业单位|事业单位|事业编|行政机关|国家机关|机关单位|政府部门|政府机关|"
        r"公立(?:学校|医院|幼儿园)|公办|街道办|我们局|局里|本局|政府|\b(?:public institution|government (?:agency|department|office)|"
        r"civil service)\b|机关",
    ),
    (
        ApplicantType.ENTERPRISE,
        r"企业|公司|厂里|工厂|个体工商户|集团|商户|店里|门店|"
        r"\b(?:company|enterprise|business|employer|firm|private non-enterprise)\b",
    ),
    (
        ApplicantType.INDIVIDUAL,
        r"个人用户|个人网上|我个人|个人(?:开通|办|的|账号|帐号|身份)|我自己|自己的账号|本人|"
        r"以个人|个人名义|灵活就业|退休人员|私人|\b(?:individual|personal|myself|for me)\b|个人",
    ),
]
_PATTERNS = [(kind, re.compile(pattern, re.I)) for kind, pattern in _CUES]


@dataclass(frozen=True)
class ApplicantTypeMatch:
    """A cue found in a message, with its position."""

    value: str
    start: int
    end: int


def detect_applicant_type(text: str) -> ApplicantTypeMatch | None:
    """Return the applicant type that ``text`` states, or None if none or conflicting."""
    found: dict[ApplicantType, re.Match[str]] = {}
    claimed: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in claimed):
                continue  # inside a more specific cue already taken
            claimed.append(span)
            found.setdefault(kind, match)
    if len(found) != 1:
        return None
    kind, match = next(iter(found.items()))
    return ApplicantTypeMatch(kind.value, match.start(), match.end())
