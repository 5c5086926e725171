from __future__ import annotations

import email
import email.policy
from datetime import datetime, timezone
from email.message import EmailMessage

import pytest

from bot.handoff import Contact, HandoffCase, build_mail, message_id_for
from bot.handoff.mail import one_line, subject_for
from bot.handoff.reply_address import reply_address
from tests.bot.handoff.handoff_helpers import HANDOFF_FROM, HANDOFF_TO, make_case

TICKET = "HZ-20260302-7KQ2MX"
CREATED = datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)


REPLY_TO = reply_address(TICKET, secret_key="k" * 32, domain="reply.bot.example.cn")


def built(case: HandoffCase) -> EmailMessage:
    """The mail as the relay will see it: serialised, then parsed again."""
    raw = build_mail(
        case,
        ticket_no=TICKET,
        created_at=CREATED,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        reply_to=REPLY_TO,
    ).as_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_headers_carry_addresses_subject_date_and_a_stable_message_id() -> None:
    message = built(make_case())
    assert message["From"].addresses[0].addr_spec == "12333-bot@bot.example.cn"
    assert message["From"].addresses[0].display_name == "12333 网上办事助手"
    assert str(message["To"]) == HANDOFF_TO
    # The ticket's reply address, never the citizen's own unverified one (issue 13).
    assert str(message["Reply-To"]) == REPLY_TO
    assert str(message["Subject"]) == (
        f"[12333 转人工] {TICKET} 审核结果有异议 – 养老保险补缴申报被退回，我认为材料是齐全的"
    )
    assert message["Message-ID"] == f"<{TICKET}@bot.example.cn>"
    assert message["Date"].datetime == CREATED
    assert message["Date"].datetime.utcoffset().total_seconds() == 8 * 3600
    assert message.get_content_type() == "multipart/alternative"
    for part in message.iter_parts():
        assert part.get_content_charset() == "utf-8"


def test_the_reply_address_also_when_the_user_left_a_phone() -> None:
    message = built(make_case(contact=Contact("phone", "+8613800138000")))
    assert str(message["Reply-To"]) == REPLY_TO
    text, _ = parts(message)
    assert "联系方式：手机 +86 138 0013 8000" in text


def test_text_part_holds_every_fact_the_issue_lists() -> None:
    text, _ = parts(built(make_case()))
    for expected in [
        f"工单号：{TICKET}",
        "时间：2026-03-02 09:30:00（北京时间）",
        "渠道：网页",
        "联系方式：电子邮件 zhang.san@example.com",
        "申请人类型：个人",
        "网上办事身份：demo-person（张三，个人）",
        "受理号：SL2026030100012",
        "办事项目：养老保险补缴",
        "办理状态：审核未通过",
        "经办机构：杭州市社会保险管理服务中心",
        "经办机构电话：0571-12345678",
        "提交时间：2026-03-01 10:00:00",
        "审核意见：缺少劳动合同复印件",
        "转人工原因：用户对审核未通过的结果有异议，需要经办人员复核",
        "养老保险补缴申报被退回，我认为材料是齐全的",
        "[2026-03-02 09:25:00] 用户：我的补缴申报为什么没通过？",
        "[2026-03-02 09:25:05] 机器人：请先登录，密码：******",
    ]:
        assert expected in text


def test_html_part_escapes_whatever_the_user_typed() -> None:
    case = make_case(
        description='<script>alert("x")</script> & 更多',
        applicant_type="<i>企业</i>",
    )
    _, html = parts(built(case))
    assert "<script>" not in html and "<b>可我交了</b>" not in html and "<i>企业" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 更多" in html
    assert "&lt;b&gt;可我交了&lt;/b&gt;" in html
    assert "请先登录，密码：******" in html


def test_not_logged_in_and_without_a_submission() -> None:
    text, _ = parts(built(make_case(identity=None, submission=None, applicant_type=None)))
    assert "网上办事身份：未登录" in text
    assert "申请人类型：未说明" in text
    assert "受理号" not in text


def test_voice_and_sms_channels_are_named_in_chinese() -> None:
    assert "渠道：语音" in parts(built(make_case(channel="twilio_voice")))[0]
    assert "渠道：短信" in parts(built(make_case(channel="sms")))[0]


def test_a_multi_line_description_cannot_inject_headers() -> None:
    case = make_case(description="第一行\r\nBcc: victim@example.com\n第二行" + "长" * 80)
    message = built(case)
    assert message["Bcc"] is None
    subject = str(message["Subject"])
    assert "\n" not in subject and subject.endswith("…")
    assert len(subject_for(TICKET, case).split(" – ", 1)[1]) == 40


def test_one_line_flattens_whitespace() -> None:
    assert one_line("  a\n\tb  c ") == "a b c"
    assert one_line("abcdef", 4) == "abc…"


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("12333-bot@localhost", "<HZ-1@localhost>"),
        ("Bot <bot@Mail.HZ.gov.cn>", "<HZ-1@mail.hz.gov.cn>"),
        ("not an address", "<HZ-1@12333-bot.hz>"),
    ],
)
def test_message_id_comes_from_the_ticket_and_the_sender_domain(sender: str, expected: str) -> None:
    assert message_id_for("HZ-1", sender) == expected


def test_case_round_trips_through_its_json_form() -> None:
    case = make_case()
    assert HandoffCase.from_dict(case.to_dict()) == case
    assert "token" not in str(case.to_dict()).lower()


# -- issue 10, finding 8: what the agent may trust and what the mail may carry --------


def id_number(first17: str = "33010619900307123") -> str:
    """A well-formed 18-digit ID number, its check character computed, never stored."""
    from bot.privacy import id_check_char

    return first17 + id_check_char(first17)


def test_a_typed_contact_is_marked_unverified_in_both_parts() -> None:
    text, html = parts(built(make_case()))
    for part in (text, html):
        assert "未验证" in part and "已验证" not in part
        assert "核实" in part  # the agent is told to check who answers before saying anything


def test_the_number_twilio_vouched_for_is_marked_verified() -> None:
    case = make_case(contact=Contact("phone", "+8613800138000"), contact_verified=True)
    text, html = parts(built(case))
    for part in (text, html):
        assert "已验证" in part and "未验证" not in part


def test_personal_data_and_login_links_never_reach_the_mail() -> None:
    from bot.handoff import TranscriptEntry

    secret_id = id_number()
    at = datetime(2026, 3, 2, 1, 25, tzinfo=timezone.utc)
    case = make_case(
        description=f"我的身份证号 {secret_id} 登记错了",
        transcript=[
            TranscriptEntry(at, "user", f"身份证 {secret_id}，密码 Demo-2026"),
            TranscriptEntry(
                at, "bot", "请打开 http://127.0.0.1:5005/webhooks/login/t/abcDEF123_xyz 登录"
            ),
        ],
        bot_said=["登录链接：https://bot.example.cn/webhooks/login/t/abcDEF123_xyz"],
    )
    message = built(case)
    text, html = parts(message)
    for part in (text, html, str(message["Subject"])):
        assert secret_id not in part and "Demo-2026" not in part
        assert "/webhooks/login/" not in part and "abcDEF123_xyz" not in part
    for part in (text, html):
        assert "******" in part and "（登录链接，已省略）" in part
        assert "密码、身份证号已遮蔽" in part  # the heading says what was done, and it was
