"""bot/handoff/inbound.py: an agent's reply read as the citizen should get it, and judged."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from bot.handoff import inbound
from bot.handoff.inbound import html_to_text, judge, parse_reply, strip_reply
from bot.handoff.reply_address import reply_address

KEY = "k" * 40
DOMAIN = "reply.bot.example.cn"
TICKET = "HZ-20261201-0QYXNS"
AGENTS = ("hz.gov.cn", "helper@partner.cn")


def mail(
    text: str = "您好，请补充离职证明后重新提交。",
    *,
    sender: str = "agent@hz.gov.cn",
    to: str | None = None,
    html: str | None = None,
    attachment: bool = False,
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"张三 <{sender}>"
    message["To"] = to or reply_address(TICKET, secret_key=KEY, domain=DOMAIN)
    message["Subject"] = f"Re: [12333 转人工] {TICKET}"
    message["Message-ID"] = "<abc@hz.gov.cn>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment:
        message.add_attachment(
            b"%PDF-1.4", maintype="application", subtype="pdf", filename="证明.pdf"
        )
    return message.as_bytes()


def verdict(raw: bytes):
    return judge(parse_reply(raw), secret_key=KEY, reply_domain=DOMAIN, agent_senders=AGENTS)


QUOTED = """您好，材料已收到，审核通过后会短信通知您。

--
张三
杭州市 12333

On Tue, Dec 1, 2026 at 10:00 AM 12333 网上办事助手 <bot@hz.gov.cn> wrote:
> 市民诉求：灵活就业参保登记被退回
> 联系方式：电子邮件 citizen@example.com
"""


def test_quote_and_signature_are_cut() -> None:
    parsed = parse_reply(mail(QUOTED))
    assert parsed.text == "您好，材料已收到，审核通过后会短信通知您。"
    assert not parsed.resolves


@pytest.mark.parametrize(
    "header",
    [
        "------------------ 原始邮件 ------------------",
        "在 2026年12月1日 10:00，12333 <bot@hz.gov.cn> 写道：",
        "-----Original Message-----",
        "发件人: 12333 网上办事助手",
    ],
)
def test_chinese_and_outlook_quote_headers_are_cut(header: str) -> None:
    text, _ = strip_reply(f"请于周五前补交。\n\n{header}\n市民诉求：xxx\n联系方式：yyy\n")
    assert text == "请于周五前补交。"


def test_resolved_on_its_own_line() -> None:
    parsed = parse_reply(mail("已为您办理完毕。\n#已解决\n"))
    assert parsed.resolves and parsed.text == "已为您办理完毕。"
    assert parse_reply(mail("已办完\n#resolved")).resolves
    # Inside a sentence it is just words.
    assert not parse_reply(mail("请不要写 #已解决 在句子里")).resolves


def test_html_only_reply_becomes_text_without_the_quote() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body><div>您好，<b>请补充</b>离职证明。</div>"
        "<blockquote><p>市民诉求：原文</p></blockquote></body></html>"
    )
    message = EmailMessage()
    message["From"] = "agent@hz.gov.cn"
    message["To"] = reply_address(TICKET, secret_key=KEY, domain=DOMAIN)
    message.set_content(html, subtype="html")
    parsed = parse_reply(message.as_bytes())
    assert parsed.text == "您好，请补充离职证明。"
    assert "> 市民诉求" in html_to_text(html)


def test_attachments_are_left_out_but_counted() -> None:
    parsed = parse_reply(mail(attachment=True))
    assert parsed.attachments == ("证明.pdf",)
    assert "PDF" not in parsed.text


def test_an_agents_reply_is_accepted() -> None:
    result = verdict(mail())
    assert result.accepted and result.ticket_no == TICKET
    assert verdict(mail(sender="helper@partner.cn")).accepted


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(mail(sender="evil@example.com"), inbound.NOT_AN_AGENT, id="outsider"),
        pytest.param(mail(sender="agent@hz.gov.cn.evil.cn"), inbound.NOT_AN_AGENT, id="lookalike"),
        pytest.param(
            mail(
                to=reply_address(TICKET, secret_key=KEY, domain=DOMAIN).replace("0qyxns", "0qyxnt")
            ),
            inbound.BAD_MAC,
            id="another-ticket-number",
        ),
        pytest.param(
            mail(to=reply_address(TICKET, secret_key="forged" * 8, domain=DOMAIN)),
            inbound.BAD_MAC,
            id="forged-mac",
        ),
        pytest.param(mail(to="hz12333@hz.gov.cn"), inbound.NOT_FOR_US, id="not-a-reply-address"),
        pytest.param(
            mail(
                headers={
                    "Authentication-Results": "mx.hz.gov.cn; dkim=fail header.d=hz.gov.cn; spf=pass"
                }
            ),
            inbound.AUTH_FAILED,
            id="dkim-fail",
        ),
        pytest.param(
            mail(
                headers={
                    "Authentication-Results": "mx.hz.gov.cn; spf=softfail smtp.mailfrom=hz.gov.cn"
                }
            ),
            inbound.AUTH_FAILED,
            id="spf-softfail",
        ),
        pytest.param(
            mail(headers={"Auto-Submitted": "auto-replied"}), inbound.AUTO_REPLY, id="vacation"
        ),
        pytest.param(mail("\n> only a quote\n"), inbound.EMPTY, id="empty"),
    ],
)
def test_refusals(raw: bytes, reason: str) -> None:
    assert verdict(raw).reason == reason


def test_authentication_that_passed_is_fine() -> None:
    raw = mail(headers={"Authentication-Results": "mx.hz.gov.cn; dkim=pass; spf=pass; dmarc=pass"})
    assert verdict(raw).accepted


def test_two_tickets_in_one_mail_are_refused() -> None:
    other = reply_address("HZ-20261201-ABCDEF", secret_key=KEY, domain=DOMAIN)
    both = f"{reply_address(TICKET, secret_key=KEY, domain=DOMAIN)}, {other}"
    assert verdict(mail(to=both)).reason == inbound.BAD_MAC
