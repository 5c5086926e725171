from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.handoff import Contact, find_contacts, normalise_contact


@pytest.mark.parametrize(
    "text",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+8613800138000",
        "008613800138000",
        "8613800138000",
        "(+86) 138-0013-8000",
        "１３８００１３８０００",  # full-width digits from a Chinese IME
        "＋８６ １３８－００１３－８０００",
        "我的手机是13800138000，谢谢",
        "电话：138 0013 8000。",
        " 13800138000 ",
        "13800138000，13800138000",  # the same number twice is still one contact
    ],
)
def test_mobile_numbers_in_any_spelling_become_one_canonical_form(text: str) -> None:
    assert normalise_contact(text) == Contact("phone", "+8613800138000")


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_every_mobile_prefix_is_accepted(prefix: str) -> None:
    contact = normalise_contact(prefix + "912345678")
    assert contact is not None and contact.value == f"+86{prefix}912345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zhang.san@example.com", "zhang.san@example.com"),
        ("Zhang.San@EXAMPLE.COM", "Zhang.San@example.com"),
        ("我的邮箱是abc@qq.com谢谢", "abc@qq.com"),
        ("邮箱：ａｂｃ＠ｑｑ．ｃｏｍ", "abc@qq.com"),
        ("a+tag@mail.hz.gov.cn.", "a+tag@mail.hz.gov.cn"),
        ("13800138000@163.com", "13800138000@163.com"),
        ("user@example.xn--fiqs8s", "user@example.xn--fiqs8s"),
        ("o'brien@example.org", "o'brien@example.org"),
        # typed with spaces around the @ and the dots
        ("zhangsan @ 163.com", "zhangsan@163.com"),
        ("我邮箱 li.si @ qq .com 谢谢", "li.si@qq.com"),
    ],
)
def test_email_addresses_keep_the_local_part_and_lower_the_domain(text: str, expected: str) -> None:
    assert normalise_contact(text) == Contact("email", expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "没有",
        "12345678901",  # 12x is no mobile prefix
        "10086",
        "1380013800",  # ten digits
        "138001380001",  # twelve digits
        "23800138000",
        "+1 13800138000",
        "+44 13800138000",
        "0571-87654321",  # a landline, which the hand-off does not take
        "1380013800a",
        "abc@",
        "@qq.com",
        "abc@qq",
        "abc@qq.c",
        "abc..def@qq.com",
        ".abc@qq.com",
        "abc@-qq.com",
        "abc@qq-.com",
        "abc@qq..com",
        "a@b@qq.com",
        "<script>alert(1)</script>",
        "13800138000 或 13900139000",  # two numbers: ask which one
        "13800138000 或 abc@qq.com",
        "x" * 65 + "@qq.com",
        "HZ-20260302-ABCDEF",
        "١٣٨٠٠١٣٨٠٠٠",  # Arabic-Indic digits are not a mainland number
    ],
)
def test_junk_and_ambiguous_input_gives_none(text: str) -> None:
    assert normalise_contact(text) is None


def test_find_contacts_lists_each_distinct_contact_emails_first() -> None:
    found = find_contacts("手机 13800138000，或者 13800138000，邮箱 A@QQ.COM")
    assert found == [Contact("email", "A@qq.com"), Contact("phone", "+8613800138000")]


def test_display_and_masked_forms() -> None:
    phone = Contact("phone", "+8613800138000")
    mail = Contact("email", "zhang@example.com")
    assert phone.display == "+86 138 0013 8000"
    assert phone.masked == "138****8000"
    assert mail.display == "zhang@example.com"
    assert mail.masked == "z***@example.com"


@settings(deadline=None)  # a loaded 2-core machine: speed never decides a pass
@given(st.text(max_size=60))
def test_any_text_gives_none_or_a_canonical_contact(text: str) -> None:
    contact = normalise_contact(text)
    if contact is None:
        return
    if contact.kind == "phone":
        assert contact.value.startswith("+861") and len(contact.value) == 14
        assert contact.value[1:].isascii() and contact.value[1:].isdigit()
    else:
        local, _, domain = contact.value.partition("@")
        assert local and domain == domain.lower() and contact.value.isascii()
    assert normalise_contact(contact.value) == contact


@settings(deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+86", "0086", "86"]))
def test_every_mainland_mobile_round_trips(number: str, prefix: str) -> None:
    assert normalise_contact(prefix + number) == Contact("phone", "+86" + number)
