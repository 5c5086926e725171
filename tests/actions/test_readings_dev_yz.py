"""Readings that development sets Y and Z showed missing: pure text, no portal."""

import pytest

from actions.answers import closing_said
from actions.topics import asks_whom
from actions.words import OWN_SUBMISSIONS_RE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("88", "utter_goodbye"),
        ("拜～", "utter_goodbye"),
        ("好的，先这样", "utter_goodbye"),
        ("那就这么着吧", "utter_goodbye"),
        # 88 inside a message is a number
        ("13957112388", None),
        ("我要88块", None),
        ("先这样填可以吗", None),
    ],
)
def test_a_goodbye_said_alone_or_as_that_will_do(text, expected):
    assert closing_said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问可向何处咨询？", True),
        ("这种情况该找什么部门", True),
        ("咨询哪里比较好", True),
        ("何处可以开通", False),
    ],
)
def test_whom_to_ask_in_formal_words(text, expected):
    assert asks_whom(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本单位所报事项目前状态如何？", True),
        ("我们单位所申报的事项", True),
        ("我想自己网上办事", False),
    ],
)
def test_a_units_own_filings_named_with_what_was_handed_in(text, expected):
    assert bool(OWN_SUBMISSIONS_RE.search(text)) is expected
