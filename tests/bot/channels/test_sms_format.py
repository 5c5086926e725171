import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms_format import (
    CUT_MARK,
    FULL_ANSWER_LABEL,
    MAX_SEGMENTS,
    condense,
    encoding_of,
    fits,
    join_parts,
    menu_payloads,
    numbered_menu,
    sms_size,
)

LINK = "https://bot.example.test/webhooks/twilio/a/Ab3dEf9hJk"


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        # The extended characters take an escape: two septets each.
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        ("字" * 70, "UCS-2", 70, 1),
        ("字" * 71, "UCS-2", 71, 2),
        ("字" * 134, "UCS-2", 134, 2),
        ("字" * 201, "UCS-2", 201, 3),
        ("字" * 202, "UCS-2", 202, 4),
        # One Chinese character makes the whole text UCS-2.
        ("a" * 69 + "字", "UCS-2", 70, 1),
        # An emoji is a surrogate pair: two units.
        ("😀" * 35, "UCS-2", 70, 1),
    ],
)
def test_sizes(text, encoding, units, segments):
    assert sms_size(text) == (sms_size(text).__class__(encoding, units, segments))


def test_a_pair_never_straddles_two_segments():
    # 66 single units then a surrogate pair: the pair moves to the next segment.
    text = "字" * 66 + "😀" + "字" * 67
    assert sms_size(text).units == 135
    assert sms_size(text).segments == 3
    gsm = "a" * 152 + "€" + "a" * 153
    assert sms_size(gsm).segments == 3


def test_encoding():
    assert encoding_of("Hello @ 12333!") == "GSM-7"
    assert encoding_of("Hello 12333，") == "UCS-2"  # a full-width comma is not GSM


def test_numbered_menu():
    assert numbered_menu(["怎么开通网上办事", " 个人 "]) == "回复 1 怎么开通网上办事\n回复 2 个人"
    assert numbered_menu([]) == ""


def test_a_listed_item_keeps_its_number_and_the_other_buttons_follow_on():
    # The second page of a list shows items 6 to 10: "回复 1" for item 6, and "回复 6"
    # for 更多, would send a user who types the number they read to the wrong place.
    titles = ["6. 就业登记", "7. 失业登记", "更多", "状态有变化时通知我"]
    assert numbered_menu(titles) == (
        "回复 6 就业登记\n回复 7 失业登记\n回复 8 更多\n回复 9 状态有变化时通知我"
    )
    payloads = ["/pick6", "/pick7", "/more", "/alerts"]
    assert menu_payloads(titles, payloads) == ["", "", "", "", "", *payloads]


def test_a_number_that_is_taken_or_out_of_order_follows_on():
    assert (
        numbered_menu(["回复即可", "1. 甲", "1. 乙"])
        == "回复 1 回复即可\n回复 2 1. 甲\n回复 3 1. 乙"
    )
    assert menu_payloads(["a", "b"], ["/a", "/b"]) == ["/a", "/b"]


def test_condense_keeps_menu_and_link_and_cuts_at_a_sentence():
    answer = "第一句话说明开通网上办事的办法。" * 12 + "最后一句很长很长。"
    menu = numbered_menu(["企业/民办非企业单位", "机关事业单位", "个人"])
    text = condense(answer, tail=menu, link=LINK)
    assert fits(text)
    assert text.endswith(FULL_ANSWER_LABEL + LINK)
    assert menu in text
    head = text.split("\n")[0]
    assert head.endswith("办法" + CUT_MARK)  # the cut fell after a full sentence


def test_condense_of_a_short_answer_does_not_cut():
    text = condense("很短的答复。", tail="回复 1 个人", link=LINK)
    assert text == join_parts("很短的答复。", "回复 1 个人", FULL_ANSWER_LABEL + LINK)
    assert CUT_MARK not in text


def test_condense_with_a_tail_too_long_keeps_the_link():
    menu = numbered_menu(["一个非常非常长的按钮标题" * 3] * 6)
    text = condense("答复。" * 50, tail=menu, link=LINK)
    assert fits(text)
    assert text.endswith(LINK)


@settings(max_examples=200, deadline=None)
@given(
    answer=st.text(min_size=0, max_size=600),
    titles=st.lists(st.text(min_size=1, max_size=12), max_size=4),
)
def test_condense_always_fits_and_links(answer, titles):
    text = condense(answer, tail=numbered_menu(titles), link=LINK)
    assert sms_size(text).segments <= MAX_SEGMENTS
    assert text.endswith(LINK)
