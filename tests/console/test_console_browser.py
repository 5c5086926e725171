"""The console in headless Chromium against the real bot and the real console process.

The Rasa server (trained model), the action server and the portal sandbox run as in
tests/e2e; the console runs as its own process (``python -m bot.console``) on the
same DATABASE_URL. Questions and tickets are made through the REST channel, a
verdict through the feedback channel, and the console must show them. Screenshots
of every page at 1280 and 375 px go to var/screenshots/console-*.png.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect, sync_playwright

from bot.console.store import DEMO_PASSWORD, DEMO_STAFF
from bot.settings import PROJECT_ROOT
from scripts.servers import VENV_BIN, free_port, process, running_bot, stack_env
from tests.console.trackers import id_number

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.channels.web.WebChatInput:
bot.channels.feedback.FeedbackInput:
"""
#: Answered by the guide without a question back, so the answer gets the buttons.
WEB_QUESTION = "网上办事的网址是多少"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 667}
#: The issue's promise: a question that fell back is in the inbox within this.
INBOX_WITHIN_MS = 10_000
#: A question no topic of the guide covers, worded to fall back.
UNANSWERED = "火星基地的宇航员怎么缴纳住房公积金"

if not CHROMIUM.exists():
    pytest.skip("NO BROWSER: /usr/bin/chromium is missing", allow_module_level=True)


@dataclass
class Stack:
    bot: str
    console: str
    workdir: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, portal_process_url: str) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("console")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with running_bot(workdir, credentials=credentials, PORTAL_URL=portal_process_url) as bot:
        port = free_port()
        env = stack_env(workdir, CONSOLE_PORT=str(port))
        with process(
            [sys.executable, "-m", "bot.console"],
            env,
            f"http://127.0.0.1:{port}/healthz",
            workdir / "console.log",
        ):
            yield Stack(bot, f"http://127.0.0.1:{port}", workdir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        yield launch(p)


def launch(p: Playwright) -> Browser:
    return p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def say(stack: Stack, sender: str, message: str, secret: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{stack.bot}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json", "X-Client-Secret": secret},
    )
    with urllib.request.urlopen(request, timeout=60) as resp:
        return json.loads(resp.read())


def post_feedback(stack: Stack, body: dict[str, Any], secret: str) -> int:
    request = urllib.request.Request(
        f"{stack.bot}/webhooks/feedback/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Client-Secret": secret},
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return int(resp.status)


def log_in(page: Page, stack: Stack, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{stack.console}/login")
    page.get_by_label("工号").fill(DEMO_STAFF)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"console-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_without_a_session_everything_is_401_or_the_login(stack: Stack, browser: Browser):
    for path in ["/inbox.csv", "/figures/fallback.svg", "/audit.csv", "/conversations/rest:x"]:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(stack.console + path, timeout=10)
        assert refused.value.code == 401
    page = browser.new_page(viewport=DESKTOP)
    for path in ["/", "/inbox", "/tickets", "/conversations", "/figures", "/audit"]:
        page.goto(stack.console + path)
        expect(page).to_have_url(f"{stack.console}/login")
    page.close()


def test_login_a_wrong_password_and_logout(stack: Stack, browser: Browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{stack.console}/login")
    shoot(page, "login")
    log_in(page, stack, "Wrong-Password-1")
    expect(page.get_by_role("alert")).to_contain_text("工号或密码不正确")
    log_in(page, stack)
    expect(page).to_have_url(f"{stack.console}/inbox")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{stack.console}/login")
    page.goto(f"{stack.console}/inbox")
    expect(page).to_have_url(f"{stack.console}/login")
    page.close()


def test_the_console_shows_what_happened_through_the_bot(
    stack: Stack, browser: Browser, tmp_path: Path
):
    secret = secrets.token_urlsafe(32)
    asker, helper, handoff = (f"console-{uuid.uuid4().hex[:8]}" for _ in range(3))

    # A question that falls back, with an ID number in it: masked everywhere.
    say(stack, asker, f"{UNANSWERED}，我的身份证 {id_number()}", secret)
    say(stack, asker, UNANSWERED, secret)
    asked_at = time.monotonic()
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, stack)
    page.goto(f"{stack.console}/inbox")
    group = page.locator("section.group", has_text="火星基地")
    remaining = max(1000, INBOX_WITHIN_MS - int((time.monotonic() - asked_at) * 1000))
    expect(group.first).to_be_visible(timeout=remaining)
    shoot(page, "inbox")

    # Its YAML snippet passes `rasa data validate` on a copy of the project.
    key = re.search(r"g-([0-9a-f]+)", group.first.get_attribute("id") or "")[1]  # type: ignore[index]
    snippet = page.request.get(f"{stack.console}/inbox/{key}/snippet.yml").text()
    assert "火星基地" in snippet and id_number() not in snippet
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", copy / "data")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, copy / name)
    (copy / "data" / "nlu" / "console_snippet.yml").write_text(snippet, encoding="utf-8")
    validate = subprocess.run(
        [str(VENV_BIN / "rasa"), "data", "validate", "--quiet"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-3000:]

    # An answer judged 没帮助 through the feedback channel, counted in the figures.
    say(stack, helper, "密码忘了怎么办", secret)
    assert (
        post_feedback(stack, {"sender": helper, "helpful": False, "saved_call": True}, secret)
        == 200
    )

    # A 没帮助 click on the web page.
    chat = browser.new_page(viewport=PHONE)
    chat.goto(f"{stack.bot}/chat/")
    chat.get_by_role("textbox").fill(WEB_QUESTION)
    chat.get_by_role("button", name="发送消息").click()
    answer = chat.locator("li.msg.bot", has_text="http").last
    expect(answer).to_be_visible(timeout=30_000)
    unhelpful = answer.get_by_role("button", name="没帮助")
    unhelpful.click()
    expect(chat.get_by_text("感谢您的评价")).to_be_visible()
    chat.screenshot(path=str(SCREENSHOTS / "console-webchat-feedback-phone.png"))
    chat.close()

    # A ticket made through REST, with its state.
    say(stack, handoff, "我个人网上办事提交的灵活就业参保登记被退回了，看不懂审核意见", secret)
    say(stack, handoff, "我要转人工", secret)
    say(stack, handoff, "/affirm", secret)
    say(stack, handoff, "138 0013 8000", secret)
    done = " ".join(m.get("text", "") for m in say(stack, handoff, "确认", secret))
    ticket = re.search(r"HZ-\d{8}-[A-Z0-9]+", done)[0]  # type: ignore[index]
    page.goto(f"{stack.console}/tickets")
    row = page.locator("tr", has_text=ticket)
    expect(row).to_contain_text("排队中")  # no outbox worker runs in this test
    expect(row).to_contain_text("138****8000")
    page.get_by_label("工单号或联系方式").fill("13800138000")
    page.get_by_role("button", name="查找").click()
    expect(page.locator("tr", has_text=ticket)).to_be_visible()
    shoot(page, "tickets")

    page.goto(f"{stack.console}/figures?days=7")
    feedback_table = page.locator("section.figure", has_text="评价")
    feedback_table.locator("summary").click()
    today = feedback_table.locator("tbody tr").last
    expect(today.locator("td").nth(1)).to_have_text("2")  # REST and the web page
    expect(today).to_contain_text("0.0%")  # both 没帮助
    expect(today).to_contain_text("100.0%")  # and it saved a call
    expect(page.locator("img.chart").first).to_be_visible()
    shoot(page, "figures")

    # Transcripts: each view audited; no ID number in any page.
    html = ""
    page.goto(f"{stack.console}/conversations?channel=rest")
    shoot(page, "conversations")
    html += page.content()
    for sender in (asker, handoff):
        page.goto(f"{stack.console}/conversations/rest:{sender}")
        expect(page.locator("ol.transcript")).to_be_visible()
        html += page.content()
    shoot(page, "transcript")
    page.goto(f"{stack.console}/audit")
    audited = page.locator("tbody tr")
    expect(audited).to_have_count(2)
    expect(audited.first).to_contain_text(DEMO_STAFF)
    shoot(page, "audit")
    for path in ("/inbox", "/tickets"):
        page.goto(stack.console + path)
        html += page.content()
    assert id_number() not in html and "******" in html
    assert secret not in html
    page.close()


def test_every_console_page_passes_axe(stack: Stack, browser: Browser):
    """WCAG 2.2 A/AA by axe-core on each page at 375 and 1280 px (issue 17)."""
    from tests.e2e.test_web_a11y import AxeReport

    report = AxeReport()
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{stack.console}/login")
    report.check(page, "console-login")
    log_in(page, stack)
    for path in ("/inbox", "/tickets", "/conversations", "/figures", "/audit"):
        page.goto(f"{stack.console}{path}")
        report.check(page, f"console{path.replace('/', '-')}")
    transcript = page.locator("a[href^='/conversations/']").first
    if transcript.count():
        transcript.click()
        report.check(page, "console-transcript")
    page.close()
    assert not report.violations(), report.violations()
