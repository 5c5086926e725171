"""The agents' mail as a browser renders it: 600 px, no overflow, one-line roles (issue 13).

Debian's Chromium through Playwright, as the web page tests; the screenshot is
var/screenshots/handoff-mail.png.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.handoff import TranscriptEntry, build_mail
from bot.handoff.mail import REPLY_INSTRUCTIONS
from bot.settings import PROJECT_ROOT
from tests.bot.handoff.handoff_helpers import HANDOFF_FROM, HANDOFF_TO, make_case

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SCREENSHOT = PROJECT_ROOT / "var" / "screenshots" / "handoff-mail.png"
TICKET = "HZ-20261201-0QYXNS"
PROMPT = "请问您想咨询哪方面的问题？您可以直接输入问题，或点击下方按钮。"

pytestmark = pytest.mark.browser


def busy_case():
    at = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
    turns = [
        ("user", "我的灵活就业参保登记被退回了，审核意见看不懂"),
        ("bot", PROMPT),
        ("user", "退回了怎么办"),
        ("bot", PROMPT),
        ("user", "/affirm"),
        ("bot", "审核未通过的申报可以按审核意见修改后再次提交。" * 3),
        ("user", "我要转人工"),
        ("bot", PROMPT),
    ]
    return make_case(
        transcript=[
            TranscriptEntry(at + timedelta(seconds=20 * n), speaker, text)  # type: ignore[arg-type]
            for n, (speaker, text) in enumerate(turns)
        ]
    )


def html_of(case) -> str:
    message = build_mail(
        case,
        ticket_no=TICKET,
        created_at=datetime(2026, 12, 1, 2, 5, tzinfo=timezone.utc),
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
        reply_to="reply+hz-20261201-0qyxns.abcdefghijklmnop@reply.example.cn",
    )
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_mail_reads_well_for_an_agent() -> None:
    case = busy_case()
    message = build_mail(
        case,
        ticket_no=TICKET,
        created_at=datetime(2026, 12, 1, 2, 5, tzinfo=timezone.utc),
        handoff_from=HANDOFF_FROM,
        handoff_to=HANDOFF_TO,
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "机器人已告知用户" not in text
    assert text.count(PROMPT) == 1  # repeated prompts once
    assert "/affirm" not in text and "（点击按钮）是" in text
    # What the citizen wants, the contact and the submission come before anything else.
    assert (
        text.index("市民诉求")
        < text.index("联系方式")
        < text.index("受理号")
        < text.index("工单号")
    )
    assert text.startswith(REPLY_INSTRUCTIONS)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="NO BROWSER: /usr/bin/chromium is missing")
def test_chromium_renders_it_at_600_px() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 600, "height": 900})
            page.set_content(html_of(busy_case()))
            assert page.evaluate("document.documentElement.scrollWidth") <= 600
            lines = page.evaluate(
                """() => [...document.querySelectorAll('td')]
                    .filter(td => td.textContent === '机器人' || td.textContent === '用户')
                    .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                                 return new Set([...r.getClientRects()].map(x => x.top)).size; })"""
            )
            # Every role name on one line: no 机/器/人 stacked one character a line.
            assert lines and set(lines) == {1}, lines
            assert page.get_by_text(REPLY_INSTRUCTIONS).is_visible()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
