"""One yes/no understanding for every confirmation: buttons, typed words, the NLU's intent."""

from __future__ import annotations

import pytest

from actions.yesno import (
    asks_something,
    says_more_than_yes_no,
    typed_answer,
    wants_to_leave,
    yes_or_no,
)


def said(text: str, intent: str = "faq", confidence: float = 0.95) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence}}


@pytest.mark.parametrize(
    "text",
    [
        "是",
        "是的",
        "对",
        "对的",
        "好",
        "好的",
        "嗯",
        "嗯嗯",
        "可以",
        "确定",
        "确认",
        "没问题",
        "行",
        "OK",
        "yes",
        "confirm",
        "Confirmed.",
        "好的谢谢",
        "是的，麻烦了",
        "好的，麻烦尽快",
        "阿拉要的",  # Hangzhou's "we want it"
        "我同意",
        "那好吧",
        "要得",
        "中",
    ],
)
def test_typed_yes(text):
    assert yes_or_no(said(text)) == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "不",
        "不用",
        "不用了",
        "算了",
        "不要",
        "取消",
        "先不",
        "不了",
        "不用了谢谢",
        "no",
        "嗯…不用了",
        "算了 不用了 我自己去窗口问吧",
        "还是算了吧",
        # A yes word first, then a refusal or a hesitation: never consent.
        "嗯……先不要，我再想想",
        "嗯 不撤了",
        "好吧 我再考虑一下",
        "不撤了",
        "我不想注销",
        "是的 先别注销 等一下",
        "ok but not now",
    ],
)
def test_typed_no(text):
    assert yes_or_no(said(text)) == "no"


def test_the_question_s_own_verb_counts_for_its_question_only():
    # "对，注销吧" reads as cancel_my_submission to the NLU: the words decide.
    assert yes_or_no(said("对，注销吧", "cancel_my_submission"), about="cancel") == "yes"
    assert yes_or_no(said("确认注销"), about="cancel") == "yes"
    assert yes_or_no(said("注销吧"), about="cancel") == "yes"
    assert yes_or_no(said("不注销"), about="cancel") == "no"
    assert yes_or_no(said("确认删除"), about="erase") == "yes"
    assert yes_or_no(said("不删除"), about="erase") == "no"
    assert yes_or_no(said("好的，转人工", "request_human"), about="handoff") == "yes"
    # "转人工" is no yes to a 注销.
    assert yes_or_no(said("转人工", "request_human"), about="cancel") is None


@pytest.mark.parametrize(
    "text",
    [
        "失业金一个月能领多少",
        "对了，我还想问密码怎么改",
        "好的，那密码怎么改？",
        "不知道",
        "不好意思",
        "行政单位要带什么",
        "我要查进度",
        "13800138000",
    ],
)
def test_questions_and_other_sentences_are_neither(text):
    assert typed_answer(text) is None
    assert yes_or_no(said(text, "faq")) is None


def test_a_question_is_never_a_yes_whatever_the_intent():
    assert yes_or_no(said("好的，那密码怎么改？", "affirm")) is None


def test_buttons_and_the_intent():
    assert yes_or_no(said("/affirm", "affirm")) == "yes"
    assert yes_or_no(said("/deny", "deny")) == "no"
    assert yes_or_no(said('/choose_topic{"topic": "flow"}', "choose_topic")) is None
    # Words that decide nothing leave it to a confident intent.
    assert yes_or_no(said("那就这样办吧", "affirm", 0.95)) == "yes"
    assert yes_or_no(said("那就这样办吧", "affirm", 0.4)) is None


def test_leaving_a_form():
    assert wants_to_leave("算了 不用了 我自己去窗口问吧")
    assert wants_to_leave("不用了")
    assert wants_to_leave("取消")
    assert not wants_to_leave("我想取消一个申报但是不会操作")
    assert not wants_to_leave("我的材料算了好几遍还是不对，想找人核实一下")
    assert not wants_to_leave("13800138000")


def test_a_leave_word_after_a_subject_or_a_then_still_leaves():
    from actions.yesno import wants_to_leave

    assert wants_to_leave("等等，我先不转了")
    assert wants_to_leave("那算了")
    assert not wants_to_leave("我先问一下网址")


@pytest.mark.parametrize(
    "text", ["好吧，那还是帮我转人工", "经办人呢", "好的，那网址是多少", "嗯，我知道了"]
)
def test_a_yes_or_no_that_says_more(text):
    assert says_more_than_yes_no(text)


@pytest.mark.parametrize("text", ["好的", "好的谢谢", "不用了", "行", "是的，麻烦了", "算了吧"])
def test_a_bare_yes_or_no_says_nothing_more(text):
    assert not says_more_than_yes_no(text)


def test_refusing_one_way_of_contact_refuses_only_that_way():
    assert typed_answer("我不想留电话") is None
    assert typed_answer("不要手机号") is None
    assert typed_answer("我不想注销") == "no"
    assert typed_answer("不想留电话，不用了") == "no"  # the whole refused too


def test_a_yes_said_over_is_a_yes():
    assert typed_answer("好的好的麻烦你了", about="handoff") == "yes"
    assert typed_answer("对对对", about="cancel") == "yes"
    assert typed_answer("好不好", about="cancel") is None


def test_a_no_said_over_is_a_no():
    assert typed_answer("不了不了，还是去改吧", about="cancel") == "no"
    assert typed_answer("不用不用", about="handoff") == "no"
    assert typed_answer("不注销不注销", about="cancel") == "no"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("要钱不", True),
        ("网上能办伐", True),
        ("这个要带户口本不", True),
        ("不", False),
        ("算了不", False),
        ("好的不用", False),
        ("对不", False),  # a yes asked back
    ],
)
def test_a_question_asked_as_a_or_not_a(text, asks):
    from actions.yesno import asks_with_negative_tail

    assert asks_with_negative_tail(text) is asks


@pytest.mark.parametrize("text", ["我还是再想想吧", "那改天再说", "先这样吧谢谢", "没事了"])
def test_hesitating_leaves_a_form(text):
    from actions.yesno import wants_to_leave

    assert wants_to_leave(text)


@pytest.mark.parametrize("text", ["我想想", "我想问下改天能不能去窗口"])
def test_a_question_about_later_does_not_leave(text):
    from actions.yesno import wants_to_leave

    assert not wants_to_leave(text)


def test_a_question_asked_a_or_not_a_is_no_answer_to_a_yes_no_question():
    assert asks_something("开通要收钞票伐") and asks_something("网上好办伐")
    assert typed_answer("等一下，先问下开通要收钞票伐") is None
    assert typed_answer("等一下，这个要钱不") is None
    assert typed_answer("等一下") == "no" and typed_answer("好的不用") == "no"


def test_the_questions_own_verb_said_over_is_consent():
    assert typed_answer("删吧删吧", about="erase") == "yes"
    assert typed_answer("删吧删吧", about="handoff") is None
    assert typed_answer("我不要", about="erase") == "no"
    assert typed_answer("我是个人", about="handoff") is None
    assert typed_answer("中国", about="handoff") is None
