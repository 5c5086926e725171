"""The secret detector: a message that sends a secret is masked, one that asks about it is not.

Secrets and ID numbers are built at runtime: the demo password from its documented
parts, ID numbers from a birth date and :func:`id_check_char`.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import (
    MASK,
    fold,
    id_check_char,
    mask_id_numbers,
    mask_personal_data,
    mask_secrets,
)

DEMO = "Demo" + "-2026"
OTHER = "Abc" + "-7788"
HUNTER = "hunter" + "2abc"


def full_width(text: str) -> str:
    """What a Chinese IME types for ASCII: U+FF01..U+FF5E."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spelled(text: str) -> str:
    """A password spelled out by speech to text: one character at a time."""
    return " ".join(text)


def id18(area: str = "330106", birth: str = "19900307", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + id_check_char(first17)


# (message, the secrets that must be gone)
SENDS = [
    (f"密码是{DEMO}", [DEMO]),
    (f"我的密码：{DEMO}", [DEMO]),
    (f"密码 {DEMO} 帮我登录一下", [DEMO]),
    (f"用户名demo-person 密码{DEMO}", [DEMO]),
    (f"账号 demo-company，密码是 {OTHER}", [OTHER]),
    (DEMO, [DEMO]),
    (HUNTER, [HUNTER]),
    (f"my password is {OTHER}", [OTHER]),
    (f"password: {OTHER}!", [OTHER]),
    (f"密碼為{OTHER}", [OTHER]),
    (f"demo-person {DEMO}", [DEMO]),
    (f"password {DEMO}", [DEMO]),
    (f"pw: {OTHER}", [OTHER]),
    (f"PW={OTHER}", [OTHER]),
    (f"pwd {DEMO}", [DEMO]),
    (full_width(DEMO), [DEMO, full_width(DEMO)]),
    (f"密码：{full_width(DEMO)}", [DEMO, full_width(DEMO)]),
    (spelled("Demo2026"), ["Demo2026", spelled("Demo2026")]),
    (f"密码 {spelled(DEMO)}", [DEMO, spelled(DEMO)]),
    (f"密码是{DEMO}，另一个账号的密码是{OTHER}", [DEMO, OTHER]),
    (f"试了{DEMO}和{OTHER}都登不上去", [DEMO, OTHER]),
    (f"密码{DEMO}不行，又试了{HUNTER}", [DEMO, HUNTER]),
    (f"密\u200b码{DEMO}", [DEMO]),
    (f"密\u200d码是 {OTHER}", [OTHER]),
    (f"\u200b{DEMO}\u200b", [DEMO]),
    (f"账号 demo-person {DEMO}", [DEMO]),
    (f"用户名：demo-company，{OTHER}", [OTHER]),
    (f"username demo-person password {DEMO}", [DEMO]),
    (f"login demo-person / {DEMO}", [DEMO]),
    (f"demo-person/{DEMO}", [DEMO]),
    ("密码 123456", ["123456"]),
    ("我的密码是88886666，帮我看看", ["88886666"]),
    ("密码是admin", ["admin"]),
    ("口令：Spring#2027", ["Spring#2027"]),
    ("蜜码是 qwe123", ["qwe123"]),
    (f"密码忘了，之前设的是{DEMO}吗", [DEMO]),
    (f"我把密码改成了 {OTHER} 为什么还是登不上", [OTHER]),
    (f"Password:{DEMO}", [DEMO]),
    (f"my pwd is {HUNTER}", [HUNTER]),
    (f"{DEMO} 帮我查一下进度", [DEMO]),
    (f"用户名 demo-institution 密码 {OTHER} 登录不了", [OTHER]),
    (f"密 码 {DEMO}", [DEMO]),
    (f"密碼：{full_width(OTHER)}", [OTHER, full_width(OTHER)]),
]

# Questions and ordinary messages: none may be touched.
ASKS = [
    "用户名和密码在哪里领取",
    "忘了用户名和密码怎么办",
    "密码忘了怎么办",
    "我的密码是不是要8位",
    "password forgotten, what to do",
    "账号密码输错了被锁了怎么办",
    "初始密码是什么",
    "密码 忘了怎么办",
    "密码是什么格式的",
    "I forgot my password, is there a way to reset it",
    "password is forgotten",
    "密码要8-16位吗",
    "密码至少 8 位吗？",
    "怎么修改密码",
    "密码能不能用生日",
    "密码输错几次会被锁",
    "我的用户名是 demo-person，密码忘了",
    "账号被锁了多久能解开",
    "用户名是身份证号吗",
    "重置密码要带什么材料",
    "单位经办人的密码丢了去哪里重置",
    "how do I change my password?",
    "what is the initial password",
    "my password expired",
    "密码过期了怎么办？",
    "怎么登录",
    "13800138000",
    "+86 138 0013 8000",
    "someone@example.com",
    "HZ2026110300123",
    # a 受理编号 copied with dashes between its groups, as people do
    "hz-2026-1123-07415",
    "HZ2026-1026-09884",
    "HZ-2026112006158",
    "HZ-20261126-ABC123",
    '/choose_topic{"topic": "flow"}',
    "/pick_submission",
    "http://www.zjhz.hrss.gov.cn",
    "12333",
    "hello",
    "",
    "我想查一下 HZ2026110300123 的进度",
    "电话 13800138000 可以联系我",
    "iPhone 15 上打不开网页",
    "用 IE11 登录页面空白",
    "找回密码的短信收不到",
    "密码是数字加字母吗",
    "新密码要求是什么？",
    "企业的初始口令在哪看",
    "失业金一个月能领多少",
]


@pytest.mark.parametrize(("text", "secrets"), SENDS)
def test_a_message_that_sends_a_secret_is_masked(text: str, secrets: list[str]) -> None:
    masked = mask_secrets(text)
    assert masked.found_secret, text
    assert MASK in masked.text
    for secret in secrets:
        assert secret not in masked.text
    assert mask_personal_data(text) == masked.text


@pytest.mark.parametrize("text", ASKS)
def test_a_question_about_a_secret_passes_unmasked(text: str) -> None:
    masked = mask_secrets(text)
    assert not masked.found_secret, masked.text
    assert masked.text == text


def test_the_tables_are_big_enough() -> None:
    assert len(SENDS) >= 40
    assert len(ASKS) >= 40


def test_the_masked_text_is_the_folded_text_with_the_secret_replaced() -> None:
    assert mask_secrets(f"ＰＩＮ  密\u200b码是{full_width(DEMO)}").text == f"PIN  密码是{MASK}"
    assert mask_secrets(f"用户名demo-person 密码{DEMO}").text == f"用户名demo-person 密码{MASK}"


# --- ID-card numbers --------------------------------------------------------------------


def test_an_id_number_is_masked_but_the_question_is_still_read() -> None:
    number = id18()
    masked = mask_secrets(f"我的身份证号是{number}，怎么开通")
    assert number not in masked.text
    assert masked.text == f"我的身份证号是{MASK},怎么开通"
    assert masked.found_id and not masked.found_secret


@pytest.mark.parametrize(
    "write",
    [
        lambda n: n,
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
        lambda n: f"{n[:6]}-{n[6:14]}-{n[14:]}",
        full_width,
        lambda n: f"身份证{n}号",
    ],
)
def test_an_id_number_is_masked_however_written(write) -> None:
    number = id18(birth="20010228")
    text = write(number)
    assert number not in mask_personal_data(text)
    assert MASK in mask_personal_data(text)


def test_an_id_number_with_x_check_char() -> None:
    for seq in range(1000):
        first17 = "110105" + "19851231" + f"{seq:03d}"
        if id_check_char(first17) == "X":
            break
    number = first17 + "X"
    assert mask_id_numbers(number) == MASK
    assert mask_id_numbers(number.lower()) == MASK


def test_a_mistyped_id_with_a_real_birth_date_is_still_masked() -> None:
    number = id18()
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10 if number[-1] != "X" else 0)
    assert mask_id_numbers(wrong) == MASK


def test_a_legacy_15_digit_id_is_masked() -> None:
    assert mask_id_numbers("330106" + "900307" + "123") == MASK


@pytest.mark.parametrize(
    "number",
    [
        "12345678901234567",  # 17 digits
        "1234567890123456789",  # 19 digits: a bank card, not an ID
        "123456" + "20261399" + "1234",  # no such month, and a wrong checksum
        "HZ2026110300123",
        "13800138000",
    ],
)
def test_other_numbers_are_not_ids(number: str) -> None:
    first17 = number[:17]
    if len(number) == 18 and id_check_char(first17) == number[-1]:
        pytest.skip("accidentally a valid checksum")
    assert mask_id_numbers(number) == number


def test_the_check_char_matches_the_iso_7064_definition() -> None:
    first17 = "11010519491231002"
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    assert id_check_char(first17) == "10X98765432"[total % 11]


# --- properties -----------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("密码用户名账号是为：:= \u200b\u200d/-_!#") + list("Demo2026xyzXYZ") + ["Ｄ", "２", "－"]
)
_TEXTS = st.one_of(st.text(max_size=200), st.text(_ALPHABET, max_size=60))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_masking_never_raises_and_is_idempotent(text: str) -> None:
    once = mask_secrets(text)
    assert mask_secrets(once.text).text == once.text
    assert mask_personal_data(mask_personal_data(text)) == mask_personal_data(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_masking_is_bounded_in_length(text: str) -> None:
    bound = 2 * len(unicodedata.normalize("NFKC", text)) + len(MASK)
    assert len(mask_secrets(text).text) <= max(bound, len(text))
    assert len(mask_personal_data(text)) <= bound


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["密码", "password ", "pw: ", "口令是", "账号 demo-person "]),
    st.text(max_size=20),
)
def test_a_cued_demo_password_never_survives(cue: str, noise: str) -> None:
    text = f"{noise} {cue}{DEMO}"
    assert DEMO not in mask_personal_data(text)


def test_fold_removes_format_characters_and_widths() -> None:
    assert fold("密\u200b码\u2060：Ｄｅｍｏ") == "密码:Demo"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("我现在的密码是Hz123456，想改成别的怎么改", True),
        ("password is Abc12345, how do I change it", True),
        ("密码是Hz123456", False),
        ("用户名zhang3 密码Abc12345", False),
        # a request beside it is carried out (with the warning)
        ("帮我登录 账号zhang3 密码Abc12345", True),
        # a wish told, with no question mark ("太简单了想换一个")
        ("我现在的密码是Hz123456，太简单了想换一个", True),
        ("密码是Hz123456 太弱了要换掉", True),
        ("密码Abc12345 想起来了", False),
        # asked either way, or the password said lost (dev set BY)
        ("忘记密码了，我原来的密码好像是Abc12345，是不是记错了", True),
        ("我密码好像是Hz123456 对不对", True),
    ],
)
def test_a_question_beside_a_password_is_still_a_question(text, asks):
    from bot.privacy import asks_beside_secret

    masked = mask_secrets(text)
    assert masked.found_secret and "Abc12345" not in masked.text and "Hz123456" not in masked.text
    assert asks_beside_secret(masked.text) is asks


def test_a_password_shaped_like_a_reference_is_masked():
    # Only HZ + 13 digits (受理编号) and HZ-YYYYMMDD-XXXXXX (工单) are references.
    assert mask_secrets("我的密码是Hz123456").found_secret
    assert not mask_secrets("受理编号HZ2026092806617").found_secret
    # thirteen digits after HZ, and no fewer, make a 受理编号
    assert mask_secrets("hz-2026-1123-0741").found_secret
    assert mask_secrets("hz-2026-11").found_secret
    assert not mask_secrets("工单HZ-20261130-AB12CD怎么样了").found_secret
