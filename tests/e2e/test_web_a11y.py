"""Accessibility of the web chat page: axe-core, the accessibility tree, 关怀模式.

The same real bot and Debian Chromium as tests/e2e/test_web_page.py (its fixtures
are reused). axe-core comes from the page's own npm packages
(bot/web/node_modules/axe-core, a pinned devDependency that scripts/build_web.sh
installs). It is evaluated into every frame through the DevTools protocol, which
the page's Content-Security-Policy (script-src 'self') does not govern, so the
page is checked under its real CSP: no bypass_csp, and a CSP violation still
fails the test. The rules checked and the violations of every state are printed
and written to var/a11y/axe.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, ViewportSize, WebSocketRoute, expect

from bot.settings import PROJECT_ROOT
from tests.e2e import test_web_page as web_page
from tests.e2e.test_web_page import DESKTOP, PHONE, REPLY_MS, Chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The page tests' fixtures: the real bot and Debian's Chromium, once for this module.
web_bot = web_page.web_bot
playwright = web_page.playwright
browser = web_page.browser

AXE_JS = PROJECT_ROOT / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_REPORT = PROJECT_ROOT / "var" / "a11y" / "axe.json"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA: every rule axe-core tags so, none disabled.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS: dict[str, ViewportSize] = {"375": {"width": 375, "height": 667}, "1280": DESKTOP}
#: The server's answer when the bot fails (bot.channels.inbound.APOLOGY, whose module loads Rasa).
APOLOGY = (
    "抱歉，系统暂时出了点问题，请稍后再试。如需帮助，请致电 12333 或发邮件至 hz12333@hz.gov.cn。"
)


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run scripts/build_web.sh (npm ci installs axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


class AxeReport:
    """axe-core results per page state, kept for var/a11y/axe.json."""

    def __init__(self) -> None:
        self.version = ""
        self.rules: list[str] = []
        self.states: dict[str, dict[str, Any]] = {}

    def check(self, page: Page, state: str) -> None:
        """Runs axe on ``page`` (all its frames) at each width; records ``state@width``."""
        original = page.viewport_size
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            self._run(page, f"{state}@{width}")
        if original:
            page.set_viewport_size(original)

    def _run(self, page: Page, name: str) -> None:
        for frame in page.frames:
            inject_axe(frame)
        result = page.evaluate(
            """async (tags) => {
                // Every rule of those tags, the experimental and deprecated ones too.
                const rules = axe.getRules(tags).map((rule) => rule.ruleId).sort();
                const r = await axe.run(document, {runOnly: {type: "rule", values: rules}});
                const brief = (list) => list.map((rule) => ({
                    id: rule.id, impact: rule.impact, help: rule.help,
                    nodes: rule.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
                }));
                return {
                    version: axe.version,
                    rules,
                    violations: brief(r.violations),
                    incomplete: brief(r.incomplete),
                    passes: r.passes.map((rule) => rule.id),
                    inapplicable: r.inapplicable.map((rule) => rule.id),
                };
            }""",
            WCAG_TAGS,
        )
        self.version, self.rules = result.pop("version"), result.pop("rules")
        self.states[name] = result
        found = ", ".join(f"{v['id']}×{len(v['nodes'])}" for v in result["violations"])
        print(f"axe {name}: {len(result['violations'])} violations {found}".rstrip())

    def write(self) -> None:
        AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
        AXE_REPORT.write_text(
            json.dumps(
                {
                    "axe_version": self.version,
                    "tags": WCAG_TAGS,
                    "rules_checked": self.rules,
                    "states": self.states,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
        print(f"axe {self.version}: {len(self.rules)} rules checked: {' '.join(self.rules)}")

    def violations(self) -> dict[str, list[Any]]:
        return {name: s["violations"] for name, s in self.states.items() if s["violations"]}


def inject_axe(frame: Frame) -> None:
    if frame.url.startswith("about:") or frame.evaluate("() => typeof window.axe === 'object'"):
        return
    frame.evaluate("() => {\n" + axe_source() + "\n}")


class Tab(Chat):
    """A chat tab whose socket the test can hold back (nothing said yet) or cut."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.mode = "through"
        super().__init__(*args, **kwargs)

    def _through(self, ws: WebSocketRoute) -> None:
        if self.mode == "through":
            super()._through(ws)
        elif self.mode == "cut":
            ws.close()
        # "silent": the socket opens, and the server never says a word.

    def cut(self) -> None:
        """The connection drops and every reconnection fails, websocket and polling alike."""
        self.mode = "cut"
        self.page.route(re.compile(r".*/socket\.io/.*"), lambda route: route.abort())
        for ws in self.sockets:
            ws.close()


def a11y_tab(browser: Browser, web_bot: str, **options: Any) -> Iterator[Tab]:
    context = browser.new_context(locale="zh-CN", **options)
    tab = Tab(context, web_bot)
    yield tab
    context.close()
    problems = [e for e in tab.errors if e.startswith("uncaught") or "Content Security" in e]
    assert not problems, problems


@pytest.fixture
def tab(browser: Browser, web_bot: str) -> Iterator[Tab]:
    yield from a11y_tab(browser, web_bot, viewport=DESKTOP)


def test_axe_finds_no_wcag_violation_in_any_state_of_the_page(tab: Tab):
    report = AxeReport()
    page = tab.page
    try:
        # Empty: the page before anything is said.
        tab.mode = "silent"
        page.goto(tab.base_url + "/")
        expect(page.locator("#status")).to_have_text("正在连接…")
        report.check(page, "empty")

        # A conversation: the greeting's topics, a question, a button pressed, links.
        tab.mode = "through"
        page.reload()
        expect(page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
        tab.greeted()
        tab.ask("密码忘了怎么办")
        before = tab.bot.count()
        tab.bot.last.get_by_role("button", name="个人", exact=True).click()
        tab.bot.nth(before).wait_for(timeout=REPLY_MS)
        tab.ask("杭州人社网的网址是多少")
        report.check(page, "conversation")

        # The login dialog, with the real login page in its frame.
        tab.ask("帮我查一下我的办事进度")
        dialog = page.get_by_role("dialog", name="登录网上办事")
        expect(dialog).to_be_visible(timeout=REPLY_MS)
        expect(page.frame_locator("#login iframe").get_by_label("用户名")).to_be_visible(
            timeout=REPLY_MS
        )
        report.check(page, "login-dialog")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        page.reload()
        expect(page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
        report.check(page, "after-reload")

        # Errors: the server's apology, then the connection lost for good.
        tab.bot_says({"text": APOLOGY})
        expect(tab.bot.last).to_contain_text("系统暂时出了点问题")
        tab.cut()
        expect(page.get_by_role("alert")).to_contain_text(re.compile("连接已断开|暂时连接不上"))
        report.check(page, "error")

        # 关怀模式, and a system that asks for more contrast.
        page.get_by_role("button", name="关怀模式").click()
        report.check(page, "care-mode")
        page.get_by_role("button", name="关怀模式").click()
        page.emulate_media(contrast="more")
        report.check(page, "prefers-contrast-more")
    finally:
        report.write()
    assert report.rules and report.states
    assert not report.violations(), json.dumps(report.violations(), ensure_ascii=False, indent=1)


# --- The accessibility tree: what a screen reader gets ---------------------------------

#: Records, in the page, every text added under a live region that is on at that
#: moment: what a screen reader would be given to announce. An init script runs
#: before the page's own and is not subject to its CSP.
LIVE_RECORDER = """
window.__spoken = [];
const liveness = (el) => {
  for (; el; el = el.parentElement) {
    const live = el.getAttribute("aria-live");
    if (live) return live;
    const role = el.getAttribute("role");
    if (role === "log" || role === "status") return "polite";
    if (role === "alert") return "assertive";
  }
  return "off";
};
new MutationObserver((records) => {
  for (const record of records) {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (liveness(target) === "off" || (target && target.closest("[aria-hidden=true]"))) continue;
    for (const node of record.addedNodes) {
      // What is rendered: innerText leaves out display:none (the hidden read-aloud button).
      const text = ((node.nodeType === 1 ? node.innerText : node.textContent) || "").trim();
      if (text && !(node.nodeType === 1 && node.closest("[aria-hidden=true]"))) {
        window.__spoken.push(text);
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


def ax_tree(page: Page) -> list[dict[str, Any]]:
    """Chromium's own accessibility tree of the page (CDP), without ignored nodes."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    for node in nodes:
        node["props"] = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        node["roleName"] = (node.get("role") or {}).get("value")
        node["label"] = (node.get("name") or {}).get("value")
    return [node for node in nodes if not node.get("ignored")]


def ax_focused(page: Page) -> tuple[str, str]:
    # The document reports focus too, as the window has it: the element is what counts.
    focused = [
        n for n in ax_tree(page) if n["props"].get("focused") and n["roleName"] != "RootWebArea"
    ]
    assert len(focused) == 1, focused
    return focused[0]["roleName"], focused[0]["label"]


def spoken(page: Page) -> list[str]:
    return page.evaluate("() => window.__spoken.splice(0)")


@pytest.fixture
def reader(browser: Browser, web_bot: str) -> Iterator[Tab]:
    tab = a11y_tab(browser, web_bot, viewport=DESKTOP)
    chat = next(tab)
    chat.context.add_init_script(script=LIVE_RECORDER)
    yield chat
    next(tab, None)


def test_a_screen_reader_hears_each_answer_once_and_never_loses_focus(reader: Tab):
    page = reader.page
    reader.open().greeted()
    greeting = reader.bot.first.locator(".bubble").inner_text()
    expect(page.locator("#announcer")).to_have_attribute("aria-live", "polite")

    tree = ax_tree(page)
    by_id = {n["nodeId"]: n for n in tree}
    logs = [n for n in tree if n["roleName"] == "log"]
    assert [(n["label"], n["props"]["live"], n["props"]["relevant"]) for n in logs] == [
        ("对话记录", "polite", "additions")
    ], logs
    assert logs[0]["props"]["atomic"] is False

    def in_log(node: dict[str, Any]) -> bool:
        while node.get("parentId") in by_id:
            node = by_id[node["parentId"]]
            if node is logs[0]:
                return True
        return False

    # The bot's buttons read as buttons with their titles, inside the transcript.
    titles = reader.bot.first.locator(".choice").all_inner_texts()
    assert len(titles) >= 3, titles
    buttons = {n["label"] for n in tree if n["roleName"] == "button" and in_log(n)}
    assert set(titles) <= buttons, (titles, buttons)
    assert any(greeting[:12] in (n["label"] or "") and in_log(n) for n in tree)

    # A new answer is announced once; the earlier ones are not inserted again.
    spoken(page)
    reader.ask("密码忘了怎么办")
    answer = reader.bot.last.locator(".bubble").inner_text()
    expect(reader.bot.last.get_by_role("button")).to_have_count(3)
    said = spoken(page)
    assert sum(answer[:20] in text for text in said) == 1, said
    assert not any(greeting[:20] in text for text in said), said
    assert sum("密码忘了怎么办" in text for text in said) == 1, said  # the user's words, once
    assert ax_focused(page) == ("textbox", "输入您的问题")

    # After a button press, by mouse or by key, focus is back in the text box.
    before = reader.bot.count()
    reader.bot.last.get_by_role("button", name="个人", exact=True).click()
    expect(page.locator("#input")).to_be_focused()
    assert ax_focused(page) == ("textbox", "输入您的问题")
    reader.bot.nth(before).wait_for(timeout=REPLY_MS)
    said = spoken(page)
    reply = reader.bot.nth(before).locator(".bubble").inner_text()
    assert sum(reply[:20] in text for text in said) == 1, said
    assert not any(answer[:20] in text for text in said), said
    before = reader.bot.count()
    topic = reader.bot.first.get_by_role("button", name="开通要带什么材料")
    topic.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#input")).to_be_focused()
    reader.bot.nth(before).wait_for(timeout=REPLY_MS)

    # A reload shows the conversation again without reading it out again.
    page.reload()
    expect(page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
    expect(page.locator("#announcer")).to_have_attribute("aria-live", "polite")
    said = spoken(page)
    assert not any(greeting[:20] in t or answer[:20] in t for t in said), said

    # The login dialog takes focus, keeps it through Tab and Shift+Tab, and gives it back.
    page.locator("#input").focus()
    reader.ask("帮我查一下我的办事进度")
    dialog = page.get_by_role("dialog", name="登录网上办事")
    expect(dialog).to_be_visible(timeout=REPLY_MS)
    expect(page.frame_locator("#login iframe").get_by_label("用户名")).to_be_visible(
        timeout=REPLY_MS
    )
    assert ax_focused(page) == ("button", "关闭登录窗口")
    inside = "() => document.activeElement.closest('dialog') !== null"
    for key in ["Tab"] * 7 + ["Shift+Tab"] * 7:
        page.keyboard.press(key)
        assert page.evaluate(inside), key
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#input")).to_be_focused()
    assert ax_focused(page) == ("textbox", "输入您的问题")


# --- 关怀模式 ----------------------------------------------------------------------------

#: The system's speech engine as a recorder, with a Taiwanese voice before the
#: mainland one; headless Chromium has no voices of its own.
FAKE_SPEECH = """
window.__utterances = [];
window.__cancels = 0;
const voices = [
  {name: "English", lang: "en-US"}, {name: "Mei-Jia", lang: "zh-TW"},
  {name: "Ting-Ting", lang: "zh-CN"},
];
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
};
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => voices,
  speak: (u) => window.__utterances.push(
    {text: u.text, lang: u.lang, voice: u.voice && u.voice.lang, rate: u.rate}),
  cancel: () => { window.__cancels += 1; },
}});
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});
"""

#: Every visible element with text of its own: its font size and line height (px).
TEXT_METRICS = """() => [...document.querySelectorAll("body *")].filter((el) =>
    [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    && el.getClientRects().length && !el.closest(".sr-only, [hidden], dialog:not([open])")
  ).map((el) => {
    const style = getComputedStyle(el);
    return {
      text: el.textContent.trim().slice(0, 20), size: parseFloat(style.fontSize),
      line: style.lineHeight === "normal" ? 0 : parseFloat(style.lineHeight),
    };
  })"""
TARGETS = """() => [...document.querySelectorAll("button, textarea")]
  .filter((el) => el.getClientRects().length && !el.closest("dialog:not([open])"))
  .map((el) => {
    const r = el.getBoundingClientRect();
    return {what: el.id || el.textContent.trim(), w: r.width, h: r.height};
  })"""


def aaa_contrast(page: Page) -> list[Any]:
    """axe-core's enhanced contrast rule (WCAG AAA, 7:1): 关怀模式 asks for more than AA."""
    inject_axe(page.main_frame)
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: "rule",
            values: ["color-contrast-enhanced"]}})).violations.map((v) => v.nodes.map(
            (n) => [n.target, n.failureSummary]))"""
    )


@pytest.fixture
def phone_tab(browser: Browser, web_bot: str) -> Iterator[Tab]:
    tab = a11y_tab(
        browser, web_bot, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    chat = next(tab)
    chat.context.add_init_script(script=FAKE_SPEECH)
    yield chat
    next(tab, None)


def test_care_mode_is_big_clear_remembered_and_reads_answers_aloud(phone_tab: Tab):
    page = phone_tab.page
    phone_tab.open().greeted()
    phone_tab.ask("网上办事的流程是什么")
    toggle = page.get_by_role("button", name="关怀模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="朗读")).to_have_count(0)
    phone_tab.shot("a11y-normal-375")
    normal = {m["text"]: m["size"] for m in page.evaluate(TEXT_METRICS)}

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("#status")).to_have_text("已连接", timeout=REPLY_MS)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => localStorage.getItem('hz12333.webchat.care')") == "on"

    # Text of 18 px and more, line spacing of 1.5 and more, targets of 44 px and more.
    metrics = page.evaluate(TEXT_METRICS)
    small = [m for m in metrics if m["size"] < 18]
    assert metrics and not small, small
    tight = [m for m in metrics if m["line"] < 1.5 * m["size"]]
    assert not tight, tight
    assert any(m["size"] > normal.get(m["text"], 99) for m in metrics)
    targets = page.evaluate(TARGETS)
    assert any(t["what"] == "朗读" for t in targets), targets
    tiny = [t for t in targets if t["w"] < 44 or t["h"] < 44]
    assert not tiny, tiny
    assert aaa_contrast(page) == []

    # A long answer stays at its first line instead of scrolling past it.
    before = phone_tab.bot.count()
    phone_tab.ask("网上办事的流程是什么")
    first_line = phone_tab.bot.nth(before).locator(".bubble").bounding_box()
    view = page.locator("#log").bounding_box()
    assert first_line and view and view["y"] <= first_line["y"] < view["y"] + view["height"]
    phone_tab.no_horizontal_scroll()
    phone_tab.shot("a11y-care-375")

    # Each answer has a read-aloud button: a zh-CN voice reads the whole answer.
    reads = phone_tab.bot.get_by_role("button", name="朗读")
    expect(reads).to_have_count(phone_tab.bot.count())
    reads.last.click()
    expect(phone_tab.bot.last.get_by_role("button", name="停止朗读")).to_be_visible()
    utterances = page.evaluate("() => window.__utterances")
    text = page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('hz12333.webchat.transcript')).pop().text"
    )
    assert len(utterances) == 1 and utterances[0]["lang"] == "zh-CN", utterances
    assert utterances[0]["voice"] == "zh-CN" and utterances[0]["rate"] < 1, utterances
    assert utterances[0]["text"] == text
    phone_tab.bot.last.get_by_role("button", name="停止朗读").click()
    expect(phone_tab.bot.last.get_by_role("button", name="朗读")).to_be_visible()
    assert page.evaluate("() => window.__cancels") >= 2
    phone_tab.shot("a11y-care-375-read-aloud")

    # Off again: the page as before, and the choice remembered too.
    toggle.click()
    expect(page.get_by_role("button", name="朗读")).to_have_count(0)
    assert page.evaluate("() => localStorage.getItem('hz12333.webchat.care')") is None


def test_without_speech_synthesis_there_is_no_read_aloud_button(browser: Browser, web_bot: str):
    for tab in a11y_tab(browser, web_bot, viewport=PHONE):
        tab.context.add_init_script(script=NO_SPEECH)
        tab.open().greeted()
        tab.page.get_by_role("button", name="关怀模式").click()
        expect(tab.page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
        expect(tab.page.locator(".speak")).to_have_count(0)


# --- The system's settings and reflow ----------------------------------------------------

REFLOW: list[ViewportSize] = [
    {"width": 320, "height": 568},  # 1280 px at 400 %
    {"width": 640, "height": 400},  # 1280 × 800 at 200 %
]


def test_the_page_follows_motion_contrast_and_colour_settings_and_reflows(tab: Tab):
    page = tab.page
    tab.open().greeted()
    dots = """() => { const li = document.createElement("li"); li.className = "typing";
        li.append(document.createElement("span")); document.getElementById("log").append(li);
        const name = getComputedStyle(li.firstChild).animationName; li.remove(); return name; }"""
    assert page.evaluate(dots) == "blink"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(dots) == "none"
    assert page.locator("#log").evaluate("el => getComputedStyle(el).scrollBehavior") == "auto"

    # More contrast: 关怀模式's colours, 7:1 everywhere.
    muted = "() => getComputedStyle(document.documentElement).getPropertyValue('--muted').trim()"
    assert page.evaluate(muted) == "#52606d"
    assert aaa_contrast(page) != []
    page.emulate_media(contrast="more")
    assert page.evaluate(muted) == "#1f2933"
    assert aaa_contrast(page) == []
    page.emulate_media(contrast="no-preference")

    # Forced colours: the send button and the bubbles keep a visible edge.
    page.emulate_media(forced_colors="active")
    edges = page.evaluate(
        """() => ["#send", "#log .msg.bot .bubble", "#reset"].map((s) => {
            const style = getComputedStyle(document.querySelector(s));
            return [s, style.borderTopStyle, parseFloat(style.borderTopWidth)];
        })"""
    )
    assert all(style == "solid" and width >= 1 for _, style, width in edges), edges
    page.locator("#send").focus()
    assert page.locator("#send").evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.emulate_media(forced_colors="none")

    # Reflow: no sideways scrolling at 400 % and 200 % zoom, in both modes, dialog open or not.
    scrolls = (
        """() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"""
    )
    tab.bot_says({"text": "很长的链接：https://www.zjhz.hrss.gov.cn/" + "a" * 120})
    for care in (False, True):
        if care:
            page.get_by_role("button", name="关怀模式").click()
        for size in REFLOW:
            page.set_viewport_size(size)
            width, client = page.evaluate(scrolls)
            assert width <= client, (care, size, width, client)
            for part in ("#input", "#send", "#care", "#reset"):
                box = page.locator(part).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], part
            tab.shot(f"a11y-reflow-{size['width']}-{'care' if care else 'normal'}")
    tab.bot_says({"custom": {"type": "login", "url": "https://elsewhere.example/login/x"}})
    dialog = page.get_by_role("dialog", name="登录网上办事")
    expect(dialog).to_be_visible()
    for size in REFLOW:
        page.set_viewport_size(size)
        width, client = page.evaluate(scrolls)
        assert width <= client, (size, width, client)
    dialog.get_by_role("button", name="关闭登录窗口").click()
