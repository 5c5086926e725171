import pytest

from bot.nlu.applicant_type import ApplicantType, detect_applicant_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们公司想开通网上办事", "enterprise"),
        ("民办非企业单位要带什么", "enterprise"),
        ("我们是民非", "enterprise"),
        ("民办学校的密码丢了", "enterprise"),
        # DD: 为 for 位, typed by pinyin
        ("帐号是我们事业单为的 密马忘了", "institution"),
        # DF: the type it is not, said in English a few words off
        ("what documents should I bring? I'm applying for myself, not for a company", "individual"),
        # BS: "just a person", the type it is not beside it
        ("what do I need to bring? I'm just a person, not a company", "individual"),
        ("事业单位开通要什么材料", "institution"),
        ("机关事业单位密码忘了", "institution"),
        ("我是公立医院的经办人", "institution"),
        ("我在萧山开了个小五金厂，想自己弄社保", "enterprise"),
        ("我们是做衣服的服装厂", "enterprise"),
        ("我自己的密码忘了", "individual"),
        ("个人开通网上办事", "individual"),
        ("I forgot the password of my company account", "enterprise"),
        ("开厂的 网上办事开通要准备啥材料", "enterprise"),  # who runs a factory
        ("我们厂子想在网上报增员", "enterprise"),
        ("what do individuals need to bring", None),
        ("password for myself", "individual"),
        ("密码忘了怎么办", None),
        ("我自己开的公司", None),
        ("那个个人的呢", "individual"),  # 那个 points at 个人
        ("找个人帮我看看", None),
        # "有个人" is someone; "有个人账号" a personal account
        ("批错了 有个人不该减的", None),
        ("阿拉不会弄 寻个人来帮帮忙", None),  # 吴语 寻, to look for
        ("我有个人账号吗", "individual"),
        # 人工 is a human agent: a person asked for, no applicant type
        ("说了半天也没用你给我转个人工吧", None),
        ("我要个人工客服", None),
        ("个人工资基数怎么报", "individual"),
        ("您好，我校人事科拟为本单位开通网上办事功能", "institution"),
        ("我院开通网上办事要带什么", "institution"),
    ],
)
def test_detects_the_stated_type(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


def test_specific_cue_wins_over_the_word_inside_it():
    # 民办非企业 contains 企业 and 机关事业单位 contains 事业单位: one type, not a conflict.
    assert detect_applicant_type("民办非企业").value == "enterprise"
    found = detect_applicant_type("机关事业单位")
    assert found.value == "institution" and (found.start, found.end) == (0, 6)


def test_labels_are_chinese():
    assert ApplicantType.INSTITUTION.label == "机关事业单位"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不是个人，是企业", "enterprise"),
        ("不是个人，是事业单位", "institution"),
        ("哦不对，我是单位的，企业", "enterprise"),
        ("个人不对，我们是公司", "enterprise"),
        ("企业说错了，应该是事业单位", "institution"),
        ("是事业单位，不是企业", "institution"),
        ("我们不是企业", None),
        ("sorry, not individual, I mean company", "enterprise"),
    ],
)
def test_the_corrected_type_wins(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


def test_the_corrected_cue_is_the_one_located():
    text = "不是个人，是企业"
    found = detect_applicant_type(text)
    assert text[found.start : found.end] == "企业"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营业执照要原件吗", "enterprise"),
        ("工商营业执照复印件要几份", "enterprise"),
        ("事业单位法人证书要带吗", "institution"),
        ("乡镇卫生院的密码丢了", "institution"),
        ("医院人事科要开通网上办事", "institution"),
        ("民办学校要带什么", "enterprise"),
        ("民办非企业单位登记证书要原件吗", "enterprise"),
        ("我们单位开通要准备啥", None),
        ("营业执照和事业单位法人证书都要吗", None),
    ],
)
def test_documents_only_one_type_holds_name_it(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


def test_an_id_card_only_hints_at_an_individual():
    found = detect_applicant_type("身份证要原件吗")
    assert found.value == "individual" and found.hint
    # a unit's 经办人 brings an ID card too
    assert detect_applicant_type("经办人身份证要复印件吗") is None
    assert detect_applicant_type("单位开通身份证要几份") is None
    stated = detect_applicant_type("我个人开通要带身份证吗")
    assert stated.value == "individual" and not stated.hint


def test_english_words_beside_chinese_are_read_whole():
    # \b finds no edge between 的 and hr: both are word characters to Python's re.
    assert detect_applicant_type("我是hr的，身份证要带吗") is None
    assert detect_applicant_type("我们unit的id card要带吗") is None
    found = detect_applicant_type("我的id card要原件吗")
    assert found.value == "individual" and found.hint
    # a word inside a longer English word is not that word
    assert detect_applicant_type("three身份证要原件吗").hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们是一家十几个人的小公司，开通要带啥", "enterprise"),
        ("我们是一家十来个人的小公司，我是新来的行政，单位密码丢了", "enterprise"),
        ("我们厂里百把个人，开通要带啥", "enterprise"),
        # English words typed straight after Chinese ones, with no space between
        ("我们company的password忘了 怎么reset", "enterprise"),
        ("我是individual用户", "individual"),
        ("能不能找个人帮我看看", None),
        ("一个人在家不会弄", None),
        ("我们要给37个人报基数，能一次弄完吗", None),
        ("自己一个人去开通要带什么", "individual"),
        ("我个人的密码忘了", "individual"),
        ("以个人名义开通", "individual"),
    ],
)
def test_a_count_of_people_is_not_the_individual_type(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 民办, 民营, 私立: run by others than the state, so 企业/民办非企业 (guide, 第 2 问),
        # whatever they qualify; the 学校 or 医院 inside is no institution then.
        ("民办的分校要带什么", "enterprise"),
        ("我们是私立的那家医院", "enterprise"),
        ("民营诊所开通要什么材料", "enterprise"),
        ("我们是民办的", "enterprise"),
        ("民办培训学校的密码丢了", "enterprise"),
        ("公办还是民办有区别吗", None),
        ("我们不是民办的，是公立医院", "institution"),
    ],
)
def test_a_private_run_unit_is_an_enterprise(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("好的，学校还有个民办的分校，那个要带什么", "enterprise"),
        ("我们公司下属还有一所公办学校，它开通要带啥", "institution"),
        ("医院另外有个民营的门诊部，要什么材料", "enterprise"),
        # two kinds side by side, neither brought in after the other: unknown
        ("学校和民办分校都要开通", None),
    ],
)
def test_a_unit_brought_in_last_is_the_one_asked_about(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("老人自己去开通要带啥", "individual"),
        ("我是给自己办的", "individual"),
        ("老头子一个人去开，带什么", "individual"),
        ("我退休了想在网上办点事，开通带什么", "individual"),
        ("我是打工的，开通网上办事要啥证件", "individual"),
        ("我自个儿去办要带啥", "individual"),
        ("hello 我是大学生 刚毕业 想问下online service怎么login", "individual"),
        ("我是应届生，开通要带啥", "individual"),
        # what the user will do alone is not who they are
        ("不了不了 我自己先看看", None),
        ("算了，我自己查查", None),
        # Beside a unit or another type the soft words say nothing of their own.
        ("我们公司自己去办要带什么", "enterprise"),
        ("单位自己去开通带什么", None),
        ("自己去开通要带什么，我是帮单位办的", None),
    ],
)
def test_doing_it_oneself_is_the_individual_type(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected
    assert found is None or not found.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经办人本人还得带点什么不", None),
        ("公司派我去开通，我自己要带什么", "enterprise"),
        ("经办人自己要带身份证吗", None),
        ("我本人要带什么，是不是还要签个什么东西", None),
        ("协议要我自己去签吗", None),
        # "还要带": besides something else, the unit's papers, which only its agent brings
        ("我自己跑过去办 我本人还要带啥", None),
        ("我本人还要带啥", None),
        # Without an agent the self-words are the individual type still.
        ("我自己的密码忘了", "individual"),
        ("本人开通网上办事需要什么东西", "individual"),
    ],
)
def test_an_agents_own_person_is_not_the_individual_type(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我是个体户 开通网上办事要带什么材料",
        "个体户网上办事密码丢了咋办",
        "我们是个体工商户，算哪种",
        "店里社保网上办事的password忘了",
        "我是做个体的不知道算哪一种开通要什么东西",
        "做个体经营的 密码忘了",
    ],
)
def test_a_sole_trader_or_a_shop_only_hints_at_an_enterprise(text):
    found = detect_applicant_type(text)
    assert found is not None and found.value == "enterprise" and found.hint


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("个体户，有营业执照的，要带啥", "enterprise"),
        ("那店里以公司名义开通呢", "enterprise"),
        ("开店的 我个人开通要带啥", "individual"),
    ],
)
def test_a_sole_trader_who_says_more_is_sure(text, kind):
    found = detect_applicant_type(text)
    assert found is not None and found.value == kind and not found.hint


def test_a_bare_school_only_hints_at_an_institution():
    # Public (机关事业单位) or 民办 (企业/民办非企业): a school named bare leaves it open.
    found = detect_applicant_type("我们学校开通要准备啥")
    assert found.value == "institution" and found.hint
    assert detect_applicant_type("我们公办学校开通要准备啥").hint is False
    assert detect_applicant_type("学校是事业单位，密码丢了").hint is False
    assert detect_applicant_type("民办学校要带什么").value == "enterprise"
    # a hospital, public or private, is a school's case; a 人民医院 or a 卫生院 is public
    assert detect_applicant_type("医院人事科要开通网上办事").hint
    assert detect_applicant_type("区人民医院人事科要开通网上办事").hint is False
    assert detect_applicant_type("镇卫生院要开通").hint is False
    # DO: one the city owns
    assert detect_applicant_type("阿拉是市属医院，要开通网上办事，要带啥西材料伐").hint is False
    # two kinds side by side stay unknown
    assert detect_applicant_type("学校和民办分校都要开通") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们是事业单位，开通网上办事不用带营业执照吧？", "institution"),
        ("我是个人，公司的营业执照要吗", "individual"),
        ("事业单位要带营业执照吗", None),  # no one says which they are
    ],
)
def test_the_type_the_user_says_they_are_outweighs_another_named(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


def test_a_third_persons_own_self_is_not_the_speakers():
    assert detect_applicant_type("他本人不去，我去办行吗") is None
    assert detect_applicant_type("法人本人要到场吗") is None
    assert detect_applicant_type("老板本人要去吗") is None
    assert detect_applicant_type("我本人去办").value == "individual"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the type named as the one that opens, beside what the user does for a living
        ("开店的 我个人开通要带啥", "individual"),
        ("我是开公司的，以个人身份开通要什么", "individual"),
        ("开店的 个人名义办", "individual"),
        ("我们公司开通，我个人要带什么", "enterprise"),
        # both named as opening: which one is asked stays open
        ("公司开通 我个人也想开通", None),
    ],
)
def test_the_type_named_as_the_one_that_opens_outweighs_another(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我们居委会算机关事业单位吗",
        "哪个是民非",
        "律师事务所属于企业吗",
        "村委会算不算机关？",
    ],
)
def test_a_type_asked_about_only_hints_at_it(text):
    found = detect_applicant_type(text)
    assert found is not None and found.hint


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我们算企业", "enterprise"),
        ("民非算企业吗", "enterprise"),  # 民非 said of oneself; the 企业 asked about is its group
        ("我们公司算不算企业？", "enterprise"),
    ],
)
def test_a_type_said_of_oneself_beside_a_question_stays_stated(text, kind):
    found = detect_applicant_type(text)
    assert found is not None and found.value == kind and not found.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the bureau one goes to or asks is no type of one's own
        ("滨江区人社局受理点在哪条路", None),
        ("去税务局办开通要带啥", None),
        ("到西湖区人社局开通要带什么", None),
        ("人社局的电话多少", None),
        ("找人社局问问", None),
        # a bureau one speaks for stays an institution
        ("我们是人社局的 开通要带啥", "institution"),
        ("我们单位是教育局", "institution"),
        ("税务局开户", "institution"),
    ],
)
def test_a_bureau_one_goes_to_is_not_ones_type(text, expected):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == expected


def test_ones_own_card_beside_the_units_papers_only_hints():
    # "那我自己的身份证要不要带" after the unit's papers: the agent's own card
    found = detect_applicant_type("那我自己的身份证要不要带")
    assert found is not None and found.hint
    assert detect_applicant_type("我自己去开通要带什么").hint is False
