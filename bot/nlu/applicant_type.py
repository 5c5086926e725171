"""Who is asking: an enterprise (incl. 民办非企业), an institution, or an individual.

The guide's answers about documents and password resets differ by applicant type,
so the type is read from the user's own words wherever they say it: the type
itself (公司, 事业单位, 我自己), a document only one type holds (营业执照,
事业单位法人证书), and corrections ("不是个人，是企业": the corrected type wins;
issue 12).
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

# "我自己先看看", "我自己查查": what the user will do alone, not who they are.
# Order matters: the first pattern to match at a position wins, so the longer,
# more specific cues (民办非企业, 机关事业单位) come before the words inside them.
# The guide groups 民办非企业 with 企业 (第 2 问, 第 8 问), and only enterprises hold a
# 工商营业执照, only institutions a 《事业单位法人证书》.
_CUES: list[tuple[ApplicantType, str]] = [
    (
        ApplicantType.ENTERPRISE,
        r"民办非企业|民非|"
        # 民办 / 民营 / 私立 with what they qualify ("民办的分校", "私立的那家医院"),
        # so that the 学校 or 医院 inside is not read as an institution; or alone.
        r"(?:民办|民营|私立|私营)(?:性质)?的?[\u4e00-\u9fff]{0,3}"
        r"(?:分校|学校|校区|学院|大学|中学|小学|医院|分院|诊所|幼儿园|培训|机构|养老|单位|院|校|园)|"
        r"民办|民营|私立|私营",
    ),
    (
        ApplicantType.INSTITUTION,
        # "事业单为": 为 for 位, a slip of pinyin input
        r"机关事业单位|事业单[位为伟]|事业编|行政机关|国家机关|机关单位|政府部门|政府机关|"
        r"公立(?:学校|医院|幼儿园)|公办|街道办|我们局|局里|本局|政府|"
        # "阿拉是市属医院": owned by the city or district, so public
        r"(?:市|区|县|省)属(?:学校|医院|幼儿园|中学|小学)|"
        # "街道的", "我们是区里的一个局", "公立的": a street office, a bureau, public
        r"街道(?:办事处)?(?![上边口两])|(?:区|市|县)里的?(?:一个|一家)?局|"
        r"(?:教育|卫健|卫生|财政|民政|税务|公安|交通|城管|文旅|住建|农业|水利|环保|统计|审计|人社|司法|应急)局(?!发|颁|核发|批的|出具|开的|登记的)|公立|(?<![a-z])(?:public institution|government (?:agency|department|office)|"
        r"civil service)(?![a-z])|机关|学校|我校|本校|(?:人民|中|妇幼保健)医院|医院|我院|本院|卫生院|卫生服务中心|中小学|(?<![a-z])(?:school|hospital)(?![a-z])",
    ),
    (
        ApplicantType.ENTERPRISE,
        r"企业|公司|厂里|工厂|开厂|办厂|厂子|厂长|我们厂|(?<=[\u4e00-\u9fff])厂(?![商家])|咱们?厂|阿拉厂|作坊|开店|开公司|个体工商户|个体户|做个体|个体经营|国企|外企|央企|私企|民企|集团|商户|店里|门店|营业执照|执照|"
        r"(?<![a-z])(?:company|enterprise|business|employer|firm|private non-enterprise|business licen[cs]e)(?![a-z])",
    ),
    (
        ApplicantType.INDIVIDUAL,
        r"{P}个人用户|{P}个人网上|我个人|{P}个人(?:开通|办|的|账号|帐号|身份)|我自己(?![先再看试查问想弄琢研找])|自己一个人|自己的账号|{O}本人|"
        r"以个人|{P}个人名义|灵活就业|自由职业|(?<![a-z])freelanc\w*|退休人员|私人|(?<![a-z])(?:individual|personal|myself|for me|private (?:person|individual|citizen)|just me|just a (?:person|private person|citizen)|as a (?:person|private person))(?![a-z])|{P}个人|"
        # "那个个人的呢": 那个 points at 个人, whose 个 counts nobody
        r"(?<=[那这]个)个人",
    ),
]
# "十几个人的公司", "十来个人的", "给37个人报", "找个人帮我看看", "来个人", "一个人",
# "换个人去", "另派个人", "有个人不该减的": 个 there
# counts people (or is "someone"), it is not 个人
# ("那个人的呢" is "and for individuals?": 那 is "then" far more often than "that").
# "转个人工", "要个人工客服": 个 there is "a", and the 人 is 人工's (a human agent).
_COUNTED = (
    r"(?<![找寻转换另派请几一两二三四五六七八九十百千每某哪整各多好半个来余把0-9])(?!个人工(?![作资龄号]))"
    # "有个人不该减的" is someone; "我有个人账号" a personal account
    r"(?!(?<=有)个人(?!账号|帐号|用户|网上|名义))"
)
# "他本人", "老板本人", "法人本人", "父亲本人": another person's own self, not the speaker's.
_OTHERS = r"(?<![他她其板人方导工妈爸亲])"
_CUES = [
    (kind, pattern.replace("{P}", _COUNTED).replace("{O}", _OTHERS)) for kind, pattern in _CUES
]
_PATTERNS = [(kind, re.compile(pattern, re.I)) for kind, pattern in _CUES]

# An English word's edges: \b finds none between 的 and hr, both word characters to re.
_A, _Z = r"(?<![a-z])", r"(?![a-z])"

# An ID card is what an individual brings, but a unit's 经办人 brings one too: it hints
# at the individual only when nothing in the message speaks of a unit, and a hint never
# overrides a type the user stated earlier (the entity carries the role ``hint``).
_WEAK_INDIVIDUAL = re.compile(rf"身份证|{_A}id card{_Z}", re.I)
_UNIT_WORDS = re.compile(
    rf"单位|经办人|代办|代账|代理记账|办事员|会计|人事|{_A}(?:hr|unit|agent){_Z}", re.I
)
# A unit's agent speaking of their own person (经办人本人, 公司派我去…我自己要带什么): the
# self-words then name the agent, not the individual applicant type. Only an agent signs
# anything when opening (the 协议, guide 第 2 问): "我本人…还要签个什么" is one.
# "我本人还要带啥": what one brings besides something else, the unit's papers.
_AGENT_WORDS = re.compile(
    rf"经办人|经手人|办事员|代办|代账|代理记账|代理人|派我|[单公]位派|公司派|签|协议|"
    # "到时候是我去办 我自己要带什么": the one who goes, for the unit
    rf"是我去|由我去|"
    # "那我自己的身份证要不要带": one's own card beside the unit's papers
    rf"自己的身份证|本人的身份证|"
    rf"[还也](?:要|得|需要?)带|{_A}agent{_Z}",
    re.I,
)
_SELF_WORDS = re.compile(r"本人|我自己|自己|myself|for me", re.I)
# Ways people say they act for themselves without the word 个人: doing it oneself (自己去开,
# 给自己办, 自个儿, 一个人去), or who they are (我退休了, 打工的, 务工人员). Alone they mean
# the individual; beside a unit word or another type (我们公司自己办) they say nothing.
_SOFT_INDIVIDUAL = re.compile(
    r"自己(?:要|想)?(?:去|来|一个人)?(?:开通|开户|开|办)|给自己|自个儿?|一个人(?:去|来|办|开)|"
    r"我(?:已经|早就)?退休|退休在家|退休老人|退休的老|老年人自己|打工的|打工人|务工人员|"
    r"退休(?:的)?(?:教师|老师|职工|工人|干部|医生|护士)|"
    # "我是给我爸问的 他退休了": a retired parent, on their own account
    r"(?:他|她|爸|妈|父亲|母亲|老人|老公|老婆)(?:已经|早就)?退休|"
    r"外来务工|普通市民|老百姓|"
    # a student or a graduate looking for work is a citizen on their own account
    r"我是(?:个|一名|一个)?(?:在校|大|在读)?学生|大学生|毕业生|应届生|刚毕业|失业了|待业"
)

# "我是医院的护士", "我们厂的工人", "我在公司上班": the unit is where the person works, not
# who applies; an accountant or an HR clerk (会计, 人事) speaks for the unit and is no such.
_EMPLOYEE_AFTER = re.compile(
    r"(?:里|上)?的?(?:一名|一个|一位|普通)?"
    r"(?:员工|职工|工人|护士|医生|老师|教师|保安|司机|上班族|打工的|营业员|服务员|店员)"
)
# … when the person speaks of themself ("我是…", "自己要开"), not of the unit's staff.
_PERSON_SPEAKS = re.compile(r"我是|我在|本人|我自己|给自己|自己要|自己想|自己的|我个人|个人")
# "滨江区人社局受理点在哪条路", "去税务局办": a bureau as the place one goes to or the
# office one asks, not the unit one speaks for ("我们是人社局的" is self-stated).
_SERVED_BY_AFTER = re.compile(
    r"的?(?:受理点|窗口|大厅|办事大厅|服务大厅|地址|电话|热线|网站|官网|公众号|在哪|在什么地方|"
    r"哪里|怎么走|几点|上班时间|工作时间)"
)
_SERVED_BY_BEFORE = re.compile(
    r"(?:去|到|跑|找|问|打给|联系)(?:一趟|一下)?(?:[市区县]|\w{1,3}区)?\s*$"
)
_WORKED_AT_BEFORE = re.compile(r"在\s*$")
_WORKED_AT_AFTER = re.compile(r"[^，。,.!！?？\s]{0,6}?(?:上班|工作|打工|做事|任职)")

# A school or a hospital may be public (机关事业单位) or 民办/民营 (企业/民办非企业, guide
# 第 2 问): named bare, with nothing that says which ("我们学校要开通", "医院人事科的"), it
# only hints at an institution, and the type is asked; a hint counts still against another
# type named beside it. A 人民医院, a 卫生院 or a 市属医院 is public.
_UNSURE_INSTITUTION = re.compile(r"学校|中小学|school|医院|我院|本院|hospital", re.I)
# A 个体户 or a shop may open as a unit (with a business licence and staff) or on the
# owner's own account, and the guide names neither: alone, they only hint at an
# enterprise, and the type is asked.
_UNSURE_ENTERPRISE = re.compile(r"个体工商户|个体户|做个体|个体经营|店里|门店|开店|商户")

# A cue right after these words is the type the user says they are NOT.
_NEGATED_BEFORE = re.compile(
    rf"(?:不是|并非|而非|不属于|不算|非|没有|{_A}not(?: an?)?)\s*(?:我们?|咱们?)?\s*$", re.I
)
# With these words the user corrects themself, so the last type they name wins.
_CORRECTION = re.compile(
    r"不对|错了|说错|搞错|弄错|打错|更正|纠正|改成|改为|应该是|其实是|准确地?说|确切地?说|"
    rf"哦不|不不|{_A}(?:sorry|actually|i mean|correction){_Z}",
    re.I,
)
_NEGATION_WINDOW = 6
# "I'm applying for myself, not for a company": English says what it is not further off.
_ENGLISH_NEGATED_BEFORE = re.compile(rf"{_A}not (?:for |as |from )?(?:an? |the |my |our )?$", re.I)
_ENGLISH_NEGATION_WINDOW = 14
# "我们是事业单位，开通不用带营业执照吧": the type the user says they are outweighs a
# document of another type named in the question.
_SELF_STATED_BEFORE = re.compile(
    r"(?:我们?|咱们?|本单位|我单位|我司)(?:这边|这里|单位)?(?:是|属于|算)(?:一[个家所])?\s*$"
)
# "学校还有个民办的分校，那个要带什么": a unit brought in with these words is the one the
# question after it is about, when it is the last type named.
# "开店的 我个人开通要带啥": the type named as the one that opens, beside another that
# only tells what the user does, is the applicant.
_DECLARED_AFTER = re.compile(r"(?:[也还想要来去]|自己)*(?:开通|开户|名义|身份)")
_DECLARED_END = re.compile(r"(?:开通|开户|名义|身份)$")
# "我们居委会算机关事业单位吗", "哪个是民非": a type asked about, which the user is not
# sure of: only a hint, so the type question is asked (again).
_QUESTIONED_BEFORE = re.compile(r"(?:算|算是|属于|属不属于|算不算)\s*$")
_ASKED_EITHER_WAY = re.compile(r"(?:算不算|属不属于|是不是)\s*$")
_WHICH_IS_BEFORE = re.compile(r"哪(?:个|一个|种|一种|类|一类)(?:是|算)\s*$")
_QUESTION_AFTER = re.compile(r"\s*(?:的|单位|类|一类|这一类)?\s*(?:吗|么|嘛|伐|[?？])")
_INTRODUCED_BEFORE = re.compile(
    r"(?:还有|另外|另有|另一|旗下|下属|下面)(?:还有|有)?(?:一?[个家所间]|的)?\s*$"
)


@dataclass(frozen=True)
class ApplicantTypeMatch:
    """A cue found in a message, with its position."""

    value: str
    start: int
    end: int
    #: Only a hint (an individual's document named): weaker than a type said earlier.
    hint: bool = False


def _cues(text: str) -> tuple[list[tuple[ApplicantType, re.Match[str]]], bool]:
    """Every type cue in ``text`` in reading order (each span taken by one cue only), and
    whether they are only hints."""
    found: list[tuple[ApplicantType, re.Match[str]]] = []
    claimed: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in claimed):
                continue  # inside a more specific cue already taken
            claimed.append(span)
            if kind is ApplicantType.INDIVIDUAL and _SELF_WORDS.fullmatch(match.group()):
                if _AGENT_WORDS.search(text):
                    continue  # the agent's own person
            if kind is not ApplicantType.INDIVIDUAL and _workplace(text, match):
                continue
            if match.group().endswith("局") and _served_by(text, match):
                continue
            found.append((kind, match))
    if not found and not _UNIT_WORDS.search(text):
        found = [(ApplicantType.INDIVIDUAL, m) for m in _SOFT_INDIVIDUAL.finditer(text)]
    hint = not found
    if hint and not _UNIT_WORDS.search(text):
        found = [(ApplicantType.INDIVIDUAL, m) for m in _WEAK_INDIVIDUAL.finditer(text)]
    return sorted(found, key=lambda item: item[1].start()), hint


def _workplace(text: str, match: re.Match[str]) -> bool:
    if not _PERSON_SPEAKS.search(text) or _UNIT_WORDS.search(text):
        # "公司员工社保增员怎么报": the unit's task for its staff; "我在街道办上班，领导让我
        # 去把单位的网上办事开了": one who works there, sent for the unit
        return False
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    if _WORKED_AT_BEFORE.search(before) and _WORKED_AT_AFTER.match(text, match.end()):
        return True
    return _EMPLOYEE_AFTER.match(text, match.end()) is not None


def _served_by(text: str, match: re.Match[str]) -> bool:
    if _self_stated(text, match):
        return False
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    return bool(_SERVED_BY_BEFORE.search(before) or _SERVED_BY_AFTER.match(text, match.end()))


def _negated(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    if _ASKED_EITHER_WAY.search(before):
        return False  # "算不算机关": asked, not denied
    english = text[max(0, match.start() - _ENGLISH_NEGATION_WINDOW) : match.start()]
    return bool(_NEGATED_BEFORE.search(before) or _ENGLISH_NEGATED_BEFORE.search(english))


def _introduced(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    return bool(_INTRODUCED_BEFORE.search(before))


def _self_stated(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    return bool(_SELF_STATED_BEFORE.search(before))


def _questioned(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
    if _WHICH_IS_BEFORE.search(before):
        return True
    if _ASKED_EITHER_WAY.search(before):
        return True
    return bool(_QUESTIONED_BEFORE.search(before) and _QUESTION_AFTER.match(text, match.end()))


def _declared(text: str, match: re.Match[str]) -> bool:
    return bool(_DECLARED_END.search(match.group()) or _DECLARED_AFTER.match(text, match.end()))


def _last_run(kept: list[tuple[ApplicantType, re.Match[str]]]) -> re.Match[str]:
    """The first cue of the run of cues of one type that ends the message ("公办学校")."""
    first = len(kept) - 1
    while first > 0 and kept[first - 1][0] == kept[-1][0]:
        first -= 1
    return kept[first][1]


def detect_applicant_type(text: str) -> ApplicantTypeMatch | None:
    """Return the applicant type that ``text`` states, or None if none or conflicting.

    A type said after 不是 is dropped; a bare 学校 only hints at an institution, a
    个体户 or a shop at an enterprise; if
    several types remain and the user corrects themself (不对, 说错了, 应该是 …), the last one named wins, and so does one brought
    in last with 还有 or 另外 ("学校还有个民办的分校，那个要带什么": the 分校's).
    """
    cues, hint = _cues(text)
    kept = [(kind, match) for kind, match in cues if not _negated(text, match)]
    kinds = {kind for kind, _ in kept}
    if len(kinds) == 1:
        kind, match = kept[0]
    elif len(kinds) > 1 and (_CORRECTION.search(text) or _introduced(text, _last_run(kept))):
        kind, match = kept[-1]
    elif len({k for k, m in kept if _declared(text, m)}) == 1:
        kind, match = next((k, m) for k, m in kept if _declared(text, m))
    elif len({k for k, m in kept if _self_stated(text, m)}) == 1:
        kind, match = next((k, m) for k, m in kept if _self_stated(text, m))
    else:
        return None
    unsure_words = {
        ApplicantType.INSTITUTION: _UNSURE_INSTITUTION,
        ApplicantType.ENTERPRISE: _UNSURE_ENTERPRISE,
    }.get(kind)
    unsure = unsure_words is not None and all(
        unsure_words.fullmatch(m.group()) for k, m in kept if k is kind
    )
    unsure = unsure or all(_questioned(text, m) for k, m in kept if k is kind)
    return ApplicantTypeMatch(kind.value, match.start(), match.end(), hint=hint or unsure)
