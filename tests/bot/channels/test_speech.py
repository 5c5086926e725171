import re
from pathlib import Path

import pytest
import yaml

from bot.channels.speech import (
    for_ear,
    read_date,
    read_digits,
    read_number,
    read_phone,
    spell_code,
    spell_email,
    spoken_choices,
)

DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "零"),
        (2, "二"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (2000, "两千"),
        (10010, "一万零一十"),
        (20000, "两万"),
        (123456, "十二万三千四百五十六"),
    ],
)
def test_read_number(n, said):
    assert read_number(n) == said


def test_digit_readings():
    assert read_digits("12333") == "一二三三三"
    assert read_phone("13800138000") == "一三八，零零一三，八零零零"
    assert read_phone("+86 138 0013 8000") == "一三八，零零一三，八零零零"
    assert read_phone("0571-85100000") == "零五七一，八五一零零零零零"
    assert read_date(2026, 3, 15) == "二零二六年三月十五日"
    assert spell_email("hz12333@hz.gov.cn") == "H Z 一二三三三 at H Z 点 gov 点 C N"
    assert spell_code("HZ-20260315-7K2M9Q") == "H Z，二零二六零三一五，七 K 二 M 九 Q"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("请致电 12333。", "请致电一二三三三。"),
        ("网址是 http://www.zjhz.hrss.gov.cn ，点击“网上办事”", "网址是，点击网上办事。"),
        (
            "登录（http://www.zjhz.hrss.gov.cn），在网上办事中修改密码。",
            "登录，在网上办事中修改密码。",
        ),
        (
            "签订《杭州市人力资源和社会保障网上业务办理协议》。",
            "签订杭州市人力资源和社会保障网上业务办理协议。",
        ),
        ("请携带：\n1. 证书；\n2. 执照。", "请携带：第一，证书；第二，执照。"),
        ("材料：\n• 企业：执照；\n• 个人：身份证", "材料：企业：执照；个人：身份证。"),
        ("企业/民办非企业单位", "企业或民办非企业单位。"),
        ("2026-03-15 09:30 前提交", "二零二六年三月十五日九点三十分前提交。"),
        ("3 个工作日内办结率 98.5%", "三个工作日内办结率百分之九十八点五。"),
        ("受理号 HZ-20260315-7K2M9Q", "受理号 H Z，二零二六零三一五，七 K 二 M 九 Q。"),
        ("好的😀", "好的。"),
        ("您有 2 条记录，第 2 步", "您有两条记录，第二步。"),
    ],
)
def test_for_ear(written, spoken):
    assert for_ear(written) == spoken


def test_a_link_can_leave_a_pointer_to_the_sms():
    spoken = for_ear("网址是 http://www.zjhz.hrss.gov.cn ，点击", url_placeholder="短信里的链接")
    assert spoken == "网址是短信里的链接，点击。"


def test_email_is_spelled():
    assert "H Z 一二三三三 at H Z 点 gov 点 C N" in for_ear("发邮件至 hz12333@hz.gov.cn 寻求帮助")


def test_spoken_choices():
    assert spoken_choices(["企业/民办非企业单位", "机关事业单位", "个人"]) == (
        "您可以说：企业或民办非企业单位、机关事业单位，或个人。"
    )
    assert spoken_choices(["个人"]) == "您可以说：个人。"
    assert spoken_choices([]) == ""


def _domain_texts():
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for variant in variants:
            if variant.get("text"):
                yield pytest.param(variant["text"], id=name)


@pytest.mark.parametrize("text", list(_domain_texts()))
def test_every_response_reads_well(text):
    spoken = for_ear(text)
    assert spoken
    assert not re.search(r"https?://|www\.|[《》•\n]|\d", spoken), spoken
