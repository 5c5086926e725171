"""The web chat page in headless Chromium against the real bot.

Debian's Chromium (/usr/bin/chromium) driven by Playwright; the bot is the real
Rasa server with the trained model, the action server and the portal sandbox. The
page keeps its strict Content-Security-Policy throughout (no bypass), so waits use
locators rather than evaluated predicates. Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    WebSocketRoute,
    expect,
    sync_playwright,
)

from bot.settings import PROJECT_ROOT
from scripts.servers import running_bot

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
#: The ops channel applies bot.rasa_patches at start-up, as credentials.yml has it; a
#: message sent again after a lost answer is answered once only with them.
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.web.WebChatInput:
bot.channels.feedback.FeedbackInput:
bot.channels.ops.OpsInput:
"""
#: The model, the action server and the portal answer within this on a busy machine.
REPLY_MS = 30_000
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 667}
FORM_PERSON = "《杭州市人力资源和社会保障个人网上办事密码重置申请单》"
XSS = "<img src=x onerror=\"document.title='pwned'\">"

if not CHROMIUM.exists():
    pytest.skip(
        "NO BROWSER: /usr/bin/chromium is missing; `apt-get install chromium` "
        "(the Makefile's install step does it) to run the web page tests",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def web_bot(tmp_path_factory: pytest.TempPathFactory, portal_process_url: str) -> Iterator[str]:
    """The real bot with the REST, login and web chat channels; yields its base URL."""
    workdir = tmp_path_factory.mktemp("web-bot")
    credentials = workdir / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with running_bot(workdir, credentials=credentials, PORTAL_URL=portal_process_url) as url:
        yield url


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Chat:
    """One browser tab on the chat page, with what the tests ask of it."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.sockets: list[WebSocketRoute] = []
        self.losing = False
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.route_web_socket(re.compile(r".*/socket\.io/.*"), self._through)

    def _through(self, ws: WebSocketRoute) -> None:
        # Passed through untouched; kept so a test can play the server's part, or
        # drop the connection with the answer on its way (lose_next_answer).
        server = ws.connect_to_server()
        cut = False

        def from_server(message: str | bytes) -> None:
            nonlocal cut
            if not cut and self.losing and str(message).startswith('42["bot_uttered"'):
                self.losing = False
                cut = True
                ws.close()
            if not cut:
                ws.send(message)

        server.on_message(from_server)
        self.sockets.append(ws)

    def lose_next_answer(self) -> None:
        """The next answer never arrives: the connection drops as it comes."""
        self.losing = True

    def open(self, path: str = "/") -> Chat:
        self.page.goto(self.base_url + path)
        expect(self.page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
        return self

    @property
    def bot(self):
        return self.page.locator("#log .msg.bot")

    @property
    def user(self):
        """What the user said, as shown (without the screen reader's "您说：")."""
        return self.page.locator("#log .msg.user .bubble")

    def greeted(self) -> Chat:
        expect(self.bot.first).to_contain_text("您好", timeout=REPLY_MS)
        return self

    def ask(self, text: str) -> str:
        """Types ``text``, presses Enter and returns the first reply to it."""
        before = self.bot.count()
        self.page.locator("#input").fill(text)
        self.page.locator("#input").press("Enter")
        reply = self.bot.nth(before)
        reply.wait_for(timeout=REPLY_MS)
        return reply.inner_text()

    def bot_says(self, message: dict[str, Any]) -> None:
        """Plays the server: one bot_uttered event straight to the page."""
        self.sockets[-1].send("42" + json.dumps(["bot_uttered", message], ensure_ascii=False))

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def no_horizontal_scroll(self) -> None:
        widths = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth,"
            " window.innerWidth]"
        )
        assert max(widths[:2]) <= widths[2], widths


def a_tab(browser: Browser, web_bot: str, **options: Any) -> Iterator[Chat]:
    """A fresh browser profile (empty storage) on the page; fails on script or CSP errors."""
    context = browser.new_context(locale="zh-CN", **options)
    tab = Chat(context, web_bot)
    yield tab
    context.close()
    problems = [e for e in tab.errors if e.startswith("uncaught") or "Content Security" in e]
    assert not problems, problems


@pytest.fixture
def chat(browser: Browser, web_bot: str) -> Iterator[Chat]:
    yield from a_tab(browser, web_bot, viewport=DESKTOP)


@pytest.fixture
def phone(browser: Browser, web_bot: str) -> Iterator[Chat]:
    yield from a_tab(
        browser, web_bot, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )


def test_the_root_address_opens_the_chat_page_from_our_own_origin_only(chat: Chat, web_bot: str):
    requested: list[str] = []
    chat.page.on("request", lambda request: requested.append(request.url))
    chat.open("/").greeted()
    assert chat.page.url == web_bot + "/chat/"
    assert chat.page.title().startswith("网上办事智能助手")
    assert chat.page.locator("html").get_attribute("lang") == "zh-CN"
    # No CDN, no web font: everything comes from the bot itself.
    host = web_bot.split("://", 1)[1]
    assert requested and all(url.split("://", 1)[1].startswith(host) for url in requested), (
        requested
    )
    with urllib.request.urlopen(web_bot + "/", timeout=10) as probe:
        assert probe.read().decode().startswith("Hello from Rasa")


def test_a_new_conversation_forgets_the_old_one(chat: Chat):
    chat.open().greeted()
    chat.ask("密码忘了怎么办")
    stored = "() => [localStorage.getItem('hz12333.webchat.sessionId'),"
    stored += " localStorage.getItem('hz12333.webchat.clientSecret')]"
    old = chat.page.evaluate(stored)
    chat.page.get_by_role("button", name=re.compile("新对话")).click()
    chat.greeted()
    expect(chat.user).to_have_count(0)
    expect(chat.bot).to_have_count(1)
    new = chat.page.evaluate(stored)
    assert new[0] != old[0] and new[1] != old[1], (old, new)


def test_the_page_carries_the_contact_line_and_the_privacy_notice(chat: Chat):
    chat.open()
    footer = chat.page.locator("footer")
    expect(footer).to_contain_text("咨询电话 12333")
    expect(footer).to_contain_text("hz12333@hz.gov.cn")
    expect(footer).to_contain_text("对话内容仅用于答复您的咨询并按规定期限保存")
    expect(footer).to_contain_text("请勿在对话中发送密码等敏感信息")
    assert footer.get_by_role("link", name="12333", exact=True).get_attribute("href") == "tel:12333"
    mail = footer.get_by_role("link", name="hz12333@hz.gov.cn")
    assert mail.get_attribute("href") == "mailto:hz12333@hz.gov.cn"


def test_a_question_in_chinese_gets_its_answer(chat: Chat):
    chat.open().greeted()
    answer = chat.ask("密码忘了怎么办")
    assert "密码重置" in answer
    expect(chat.user.last).to_have_text("密码忘了怎么办")
    # The bot's buttons are buttons.
    choices = chat.bot.last.get_by_role("button")
    expect(choices).to_have_text(["企业/民办非企业单位", "机关事业单位", "个人"])

    # Line breaks and links come through as such.
    answer = chat.ask("杭州人社网的网址是多少")
    link = chat.bot.last.get_by_role("link", name=re.compile(r"www\.zjhz\.hrss\.gov\.cn"))
    assert link.get_attribute("href") == "http://www.zjhz.hrss.gov.cn/"
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")
    chat.ask("网上办事的流程是什么")
    assert chat.bot.last.locator(".bubble br").count() >= 6
    chat.shot("desktop-conversation")


def test_a_button_click_sends_the_payload_and_shows_the_title(chat: Chat):
    chat.open().greeted()
    before = chat.bot.count()
    chat.bot.first.get_by_role("button", name="怎么查办事进度和结果").click()
    expect(chat.user.last).to_have_text("怎么查办事进度和结果")
    chat.bot.nth(before).wait_for(timeout=REPLY_MS)
    expect(chat.bot.nth(before)).to_contain_text("办事进度查询")
    assert "/choose_topic" not in chat.page.locator("#log").inner_text()
    chosen = chat.bot.first.get_by_role("button", name="怎么查办事进度和结果")
    expect(chosen).to_be_disabled()
    assert chosen.get_attribute("aria-pressed") == "true"
    chat.shot("desktop-button-click")


def test_the_conversation_survives_a_reload(chat: Chat):
    chat.open().greeted()
    chat.ask("密码忘了怎么办")
    shown = chat.page.locator("#log > li").all_inner_texts()
    session = chat.page.evaluate("() => localStorage.getItem('hz12333.webchat.sessionId')")

    chat.page.reload()
    expect(chat.page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
    assert chat.page.locator("#log > li").all_inner_texts() == shown
    assert chat.page.evaluate("() => localStorage.getItem('hz12333.webchat.sessionId')") == session
    # The server side continues too: the applicant type it asked for before the
    # reload is answered by the button restored after it.
    before = chat.bot.count()
    chat.bot.last.get_by_role("button", name="个人", exact=True).click()
    chat.bot.nth(before).wait_for(timeout=REPLY_MS)
    expect(chat.bot.nth(before)).to_contain_text(FORM_PERSON)
    chat.shot("desktop-after-reload")


def test_enter_that_picks_an_input_method_candidate_does_not_send(chat: Chat):
    chat.open().greeted()
    page = chat.page
    box = page.locator("#input")
    box.focus()
    cdp = page.context.new_cdp_session(page)

    # Chromium's own composition: the Enter arrives with isComposing set.
    cdp.send("Input.imeSetComposition", {"text": "mima", "selectionStart": 4, "selectionEnd": 4})
    page.keyboard.press("Enter")
    cdp.send("Input.insertText", {"text": "密码忘了怎么办"})
    page.wait_for_timeout(300)
    expect(chat.user).to_have_count(0)
    assert "密码忘了怎么办" in box.input_value()

    # Safari reports the candidate's Enter after compositionend, as keyCode 229; other
    # engines may send a plain Enter before compositionend.
    box.dispatch_event("keydown", {"key": "Enter", "keyCode": 229, "bubbles": True})
    box.dispatch_event("compositionstart", {"data": ""})
    box.dispatch_event("keydown", {"key": "Enter", "keyCode": 13, "bubbles": True})
    page.wait_for_timeout(300)
    expect(chat.user).to_have_count(0)
    box.dispatch_event("compositionend", {"data": "密码"})

    # Shift+Enter is a new line, and the Enter after the composition sends.
    page.keyboard.press("End")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("谢谢")
    expect(chat.user).to_have_count(0)
    page.keyboard.press("Enter")
    expect(chat.user).to_have_count(1)
    expect(chat.user.last).to_contain_text("密码忘了怎么办")
    assert chat.user.last.locator("br").count() >= 1
    expect(box).to_have_value("")


def test_text_from_the_user_or_the_bot_is_never_html(chat: Chat):
    chat.open().greeted()
    title = chat.page.title()
    chat.ask(XSS)
    expect(chat.user.last).to_have_text(XSS)

    chat.bot_says(
        {
            "text": f"{XSS}\n<a href=\"javascript:document.title='pwned'\">点我</a>"
            "\njavascript:alert(1) https://example.org/?q=<b>x</b>",
            "quick_replies": [{"title": "<b>粗体</b>", "payload": "/greet"}],
        }
    )
    last = chat.bot.last
    expect(last.locator(".bubble")).to_contain_text(XSS)
    expect(last.get_by_role("button", name="<b>粗体</b>")).to_be_visible()
    assert chat.page.locator("#log img, #log b, #log script").count() == 0
    hrefs = last.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert hrefs == ["https://example.org/?q="], hrefs
    chat.page.wait_for_timeout(500)
    assert chat.page.title() == title
    chat.shot("desktop-xss-as-text")


def test_the_page_fits_a_375_pixel_phone(phone: Chat):
    phone.open().greeted()
    phone.ask("杭州人社网的网址是多少")
    phone.bot_says(
        {
            "text": "很长的链接：https://www.zjhz.hrss.gov.cn/"
            + "a" * 120
            + " 和很长的词"
            + "字" * 80
        }
    )
    phone.no_horizontal_scroll()
    for part in ("#input", "#send", "footer .contact", "header h1"):
        box = phone.page.locator(part).bounding_box()
        assert box is not None, part
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (part, box)
    send = phone.page.locator("#send").bounding_box()
    assert send is not None and send["height"] >= 44
    phone.shot("phone-375-long-link")
    phone.page.locator("#log").evaluate("el => { el.scrollTop = 0; }")
    phone.shot("phone-375")


def test_the_page_is_usable_by_keyboard_and_labelled_for_screen_readers(chat: Chat):
    chat.open().greeted()
    page = chat.page
    box = page.get_by_role("textbox", name="输入您的问题")
    expect(box).to_be_visible()
    expect(page.get_by_role("button", name="发送消息")).to_be_visible()
    expect(page.get_by_role("log").or_(page.get_by_role("list", name="对话记录"))).to_be_visible()
    assert page.locator("#announcer").get_attribute("aria-live") == "polite"
    expect(page.locator("#announcer")).to_contain_text("您好")

    # Tab reaches the bot's buttons, the text box and the send button in that order.
    reached = []
    page.locator("body").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("() => document.activeElement.id || document.activeElement.textContent")
        )
    assert reached.index("怎么开通网上办事") < reached.index("input") < reached.index("send"), (
        reached
    )

    # A button works from the keyboard.
    before = chat.bot.count()
    page.get_by_role("button", name="开通要带什么材料").focus()
    page.keyboard.press("Enter")
    expect(chat.user.last).to_have_text("开通要带什么材料")
    chat.bot.nth(before).wait_for(timeout=REPLY_MS)

    # Typing and sending with the keyboard alone.
    box.focus()
    page.keyboard.type("谢谢")
    page.keyboard.press("Enter")
    expect(chat.user.last).to_have_text("谢谢")
    outline = page.locator("#send").evaluate(
        "el => { el.focus(); return getComputedStyle(el).outlineStyle; }"
    )
    assert outline != "none"


def test_the_login_pop_up_opens_in_the_page(chat: Chat, web_bot: str):
    chat.open().greeted()
    page = chat.page
    chat.ask("帮我查一下我的办事进度")
    dialog = page.get_by_role("dialog", name="登录网上办事")
    expect(dialog).to_be_visible(timeout=REPLY_MS)
    assert dialog.get_attribute("aria-modal") == "true"
    frame = dialog.locator("iframe")
    src = frame.get_attribute("src") or ""
    assert src.startswith(web_bot + "/webhooks/login/t/"), src
    expect(dialog.get_by_role("link", name=re.compile("在新窗口打开"))).to_have_attribute(
        "href", src
    )
    login = page.frame_locator("#login iframe")
    expect(login.get_by_label("用户名")).to_be_visible(timeout=REPLY_MS)
    chat.shot("desktop-login-dialog")

    # Focus stays in the dialog, and Escape closes it.
    assert page.evaluate("() => document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # The message keeps a button that opens it again; logging in closes it.
    page.get_by_role("button", name="打开登录窗口").click()
    expect(dialog).to_be_visible()
    login.get_by_label("用户名").fill("demo-person")
    login.get_by_label("密码").fill("Demo-2026")
    login.get_by_role("button", name="登录", exact=True).click()
    expect(dialog).to_be_hidden(timeout=REPLY_MS)
    expect(chat.bot.filter(has_text="登录成功")).to_have_count(1, timeout=REPLY_MS)
    assert "Demo-2026" not in page.locator("#log").inner_text()
    chat.shot("desktop-after-login")


def test_the_login_pop_up_on_a_phone(phone: Chat, web_bot: str):
    phone.open().greeted()
    phone.ask("查我的办事进度")
    dialog = phone.page.get_by_role("dialog", name="登录网上办事")
    expect(dialog).to_be_visible(timeout=REPLY_MS)
    expect(phone.page.frame_locator("#login iframe").get_by_label("用户名")).to_be_visible(
        timeout=REPLY_MS
    )
    phone.no_horizontal_scroll()
    box = dialog.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    phone.shot("phone-375-login-dialog")


def test_the_login_pop_up_frames_only_our_own_pages(chat: Chat):
    chat.open().greeted()
    chat.bot_says({"custom": {"type": "login", "url": "https://elsewhere.example/login/x"}})
    dialog = chat.page.get_by_role("dialog", name="登录网上办事")
    expect(dialog).to_be_visible()
    expect(dialog.locator("iframe")).to_have_count(0)
    expect(dialog.get_by_role("link", name=re.compile("在新窗口打开"))).to_have_attribute(
        "href", "https://elsewhere.example/login/x"
    )
    # A message from anything but the login frame does not close it.
    chat.page.evaluate(
        "() => window.postMessage({type: 'hz12333-login', ok: true}, location.origin)"
    )
    chat.page.wait_for_timeout(300)
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="关闭登录窗口").click()
    expect(dialog).to_be_hidden()

    chat.bot_says({"custom": {"type": "login", "url": "javascript:alert(1)"}})
    chat.page.wait_for_timeout(300)
    expect(dialog).to_be_hidden()


def test_the_goodbye_asks_once_whether_we_saved_a_call(chat: Chat):
    chat.open().greeted()
    chat.ask("你好")  # a conversation of this browser's, for the verdict to belong to
    ask = {
        "text": "再见！",
        "custom": {
            "type": "ask_saved_call",
            "question": "这次是否帮您省了一个 12333 电话？",
            "yes": "是，省了一个电话",
            "no": "没有",
            "thanks": "谢谢您的评价",
        },
    }
    chat.bot_says({"text": "再见！"})
    chat.bot_says({"custom": ask["custom"]})
    group = chat.page.get_by_role("group", name="这次是否帮您省了一个 12333 电话？")
    expect(group).to_be_visible(timeout=REPLY_MS)
    group.get_by_role("button", name="是，省了一个电话").click()
    expect(group).to_have_text("谢谢您的评价", timeout=REPLY_MS)
    # Once a day in this browser: the next goodbye comes without the question.
    chat.bot_says({"text": "再见！"})
    chat.bot_says({"custom": ask["custom"]})
    expect(chat.bot.last).to_contain_text("再见")
    expect(chat.page.get_by_role("group", name="这次是否帮您省了一个 12333 电话？")).to_have_count(
        1
    )


def test_an_answer_lost_with_the_connection_comes_once_it_is_back(chat: Chat):
    chat.open().greeted()
    chat.ask("网上办事的流程是什么")
    chat.ask("我要转人工")
    assert "联系" in chat.ask("/affirm")
    assert "确认" in chat.ask("138 0013 8000")
    chat.lose_next_answer()
    # The page sends "确认" again under its id once connected again; the server
    # answers it from the turn that filed the ticket, not with a second turn's "好的".
    answer = chat.ask("确认")
    assert re.search(r"HZ-\d{8}-[0-9A-Z]{6}", answer), answer
    assert len(chat.sockets) >= 2
    expect(chat.user.filter(has_text=re.compile(r"^确认$"))).to_have_count(1)
    expect(chat.bot.filter(has_text=re.compile(r"HZ-\d{8}"))).to_have_count(1)
