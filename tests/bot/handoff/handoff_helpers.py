"""Helpers shared by the hand-off tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bot.handoff import (
    Contact,
    HandoffCase,
    PortalIdentity,
    SubmissionDetails,
    TranscriptEntry,
)
from bot.handoff.replies import ReplyStore

HANDOFF_FROM = "12333 网上办事助手 <12333-bot@bot.example.cn>"
HANDOFF_TO = "hz12333@hz.gov.cn"
#: The reply addresses' key and domain in these tests (issue 13).
REPLY_SECRET = "test-reply-secret-" + "x1y2z3" * 4
REPLY_DOMAIN = "reply.bot.example.cn"


class FakeClock:
    """A clock the test moves by hand; the outbox and the worker both read it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def make_case(**changes: Any) -> HandoffCase:
    """A realistic logged-in case; keyword arguments replace fields."""
    at = datetime(2026, 3, 2, 1, 25, tzinfo=timezone.utc)
    fields: dict[str, Any] = dict(
        category="审核结果有异议",
        reason="用户对审核未通过的结果有异议，需要经办人员复核",
        channel="web",
        contact=Contact("email", "zhang.san@example.com"),
        description="养老保险补缴申报被退回，我认为材料是齐全的",
        conversation_id="conv-001",
        transcript=[
            TranscriptEntry(at, "user", "我的补缴申报为什么没通过？"),
            TranscriptEntry(at + timedelta(seconds=5), "bot", "请先登录，密码：******"),
            TranscriptEntry(
                at + timedelta(seconds=40), "user", "审核意见说材料不全 <b>可我交了</b>"
            ),
        ],
        bot_said=["审核未通过的申报可以修改后再次提交。", "对审核结果有异议可以转人工。"],
        applicant_type="个人",
        identity=PortalIdentity("demo-person", "张三", "个人"),
        submission=SubmissionDetails(
            acceptance_no="SL2026030100012",
            item="养老保险补缴",
            status="审核未通过",
            business_unit="杭州市社会保险管理服务中心",
            business_unit_phone="0571-12345678",
            submitted_at=datetime(2026, 3, 1, 2, 0, tzinfo=timezone.utc),
            reviewer_note="缺少劳动合同复印件",
        ),
    )
    fields.update(changes)
    return HandoffCase(**fields)


async def wait_for(predicate: Callable[[], bool], *, timeout: float = 5.0) -> None:
    """Poll ``predicate`` until it holds; fail the test after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1, for relays that speak TLS in tests."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "relay.crt"
    key_path = directory / "relay.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def agent_mail(
    ticket_no: str,
    text: str = "您好，材料已收到，请补充离职证明后重新提交。",
    *,
    sender: str = "agent@hz.gov.cn",
    to: str | None = None,
    message_id: str | None = None,
    secret: str = REPLY_SECRET,
    domain: str = REPLY_DOMAIN,
) -> bytes:
    """An agent's reply as a mail client writes it: the original quoted below (issue 13)."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    from bot.handoff.reply_address import reply_address

    message = EmailMessage()
    message["From"] = f"12333 坐席 <{sender}>"
    message["To"] = to or reply_address(ticket_no, secret_key=secret, domain=domain)
    message["Subject"] = f"Re: [12333 转人工] {ticket_no}"
    message["Message-ID"] = message_id or make_msgid(domain="hz.gov.cn")
    message["In-Reply-To"] = f"<{ticket_no}@bot.example.cn>"
    message.set_content(
        f"{text}\n\n在 2026年12月1日 10:00，12333 网上办事助手 写道：\n"
        "> 市民诉求：养老保险补缴申报被退回\n> 联系方式：电子邮件 zhang.san@example.com\n"
    )
    return message.as_bytes()


async def ready_reply_store(url: str, clock: FakeClock) -> ReplyStore:
    """The replies' store of these tests, its tables created, on ``url``."""
    replies = ReplyStore(
        url,
        secret_key=REPLY_SECRET,
        reply_domain=REPLY_DOMAIN,
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        clock=clock,
    )
    await replies.create_schema()
    return replies
