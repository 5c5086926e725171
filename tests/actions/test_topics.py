"""The plain readings of a message that several actions share (actions/topics.py)."""

import pytest

from actions.topics import (
    asks_about_logging_in,
    asks_social_matter,
    asks_to_log_out,
    corrected_choice,
    disputes_result,
    insists_supplied,
    is_vague,
    lost_in_answer,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公积金能在网上办事里提取吗", True),
        ("那医保报销呢", True),
        ("网上办事可以领失业金吗", True),
        ("can I get my pension through the portal", True),
        ("顺便问问我自己的退休工资今年什么时候调整啊", True),
        # the portal's own doings are the guide's, whatever the matter
        ("医保卡密码忘了怎么办", False),
        ("我报的失业金申领审核了没", False),
        ("社保缴费基数申报那个", False),
        ("网上办事怎么开通", False),
    ],
)
def test_a_social_matter_outside_the_guide_is_told_apart(text, expected):
    assert asks_social_matter(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("字太多看不懂", True),
        ("你说的太复杂了，我看不懂", True),
        ("太长了", True),
        ("没看明白", True),
        ("你说慢点，我听不懂", True),
        ("太长了，简单说", True),
        # a question of its own besides
        ("听不懂吗 网上办事怎么登录", False),
        ("看不懂这个审核结果", False),
        ("密码忘了怎么办", False),
    ],
)
def test_a_user_lost_in_the_answer_is_told_apart(text, expected):
    assert lost_in_answer(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证复印件我明明传了", True),
        ("材料我明明都交齐了", True),
        ("营业执照分明附上了", True),
        # a login slip is no dispute of a result
        ("密码我明明填了啊", False),
        ("身份证复印件要传吗", False),
    ],
)
def test_insisting_that_something_was_supplied_is_a_dispute(text, expected):
    assert insists_supplied(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("错了 是2", 2),
        ("不是1是2", 2),
        ("我按错了，应该选第二个", 2),
        ("选错了，3", 3),
        # whom the user asks for, said beside the correction, explains it
        ("按错了，应该是1，我是帮公司问的", 1),
        ("点错了 是3 我们学校的", 3),
        ("按错了 应该是2 我是替我们卫生院问的", 2),
        ("选错了，是1，帮事务所办的", 1),
        ("不对", None),
        ("2", None),
        ("错了，我是说第二个问题怎么办", None),
        ("密码错了2次", None),
    ],
)
def test_a_corrected_numbered_choice_gives_its_number(text, expected):
    assert corrected_choice(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那我直接能登录吗", True),
        ("怎么登录", True),
        ("can I log in?", True),
        # asking to log in here, or to see one's own data
        ("那我在你这里能登录吗", False),
        ("能帮我登录吗", False),
        ("我能登录看看我的进度吗", False),
        ("登录", False),
        ("我要登录", False),
    ],
)
def test_a_question_about_logging_in_is_no_request_to(text, expected):
    assert asks_about_logging_in(text) is expected


def test_a_complaint_that_names_nothing_is_vague():
    assert is_vague("就是那个网上那个弄不了")
    assert not is_vague("网上办事登录不了")
    # a speaker searching for the word names nothing either; "网址是啥来着" names the address
    assert is_vague("嗯嗯那个啥来着") and is_vague("那个什么来着")
    assert not is_vague("网址是啥来着")


def test_fees_in_any_words_are_beyond_the_guide():
    from actions.topics import asks_beyond_guide

    assert asks_beyond_guide("开通要付钞票伐") and asks_beyond_guide("重置收不收铜钿")
    assert asks_beyond_guide("这个是免费的吧")
    assert not asks_beyond_guide("密码忘了怎么办")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("退出登录", True),
        ("把登录注销掉", True),
        ("謝謝，登出", True),
        ("log me out", True),
        ("切换账号", True),
        ("登录不上去", False),
        ("登录了没反应", False),
    ],
)
def test_a_logout_says_a_word_of_leaving(text, expected):
    assert asks_to_log_out(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "我传的身份证明明很清楚，审核搞错了吧",
        "这审核意见不对吧，我们工资都是核过的，怎么会低于下限",
        "你们审核搞错了吧",
        "驳回理由写得不合理",
        "审核结果我不认",
    ],
)
def test_a_review_called_wrong_disputes_the_result(text):
    assert disputes_result(text)


@pytest.mark.parametrize(
    "text",
    [
        "我提交的数据填错了，审核没通过",  # one's own slip
        "审核不通过是不是因为我填错了",
        "退回的材料有问题吗",  # a question about it
        "审核要多久",
        "我的申报被退回了，看不懂审核意见",
    ],
)
def test_a_slip_of_ones_own_or_a_question_disputes_nothing(text):
    assert not disputes_result(text)
