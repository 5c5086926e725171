import pytest

from bot.nlu.applicant_type import ApplicantType, detect_applicant_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们公司想开通网上办事", "enterprise"),
        ("民办非企业单位要带什么", "enterprise"),
        ("我们是民非", "enterprise"),
        ("民办学校的密码丢了", "enterprise"),
        ("事业单位开通要什么材料", "institution"),
        ("机关事业单位密码忘了", "institution"),
        ("我是公立医院的经办人", "institution"),
        ("我自己的密码忘了", "individual"),
        ("个人开通网上办事", "individual"),
        ("I forgot the password of my company account", "enterprise"),
        ("what do individuals need to bring", None),
        ("password for myself", "individual"),
        ("密码忘了怎么办", None),
        ("我自己开的公司", None),
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
