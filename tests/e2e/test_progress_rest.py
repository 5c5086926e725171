"""The logged-in progress look-up end to end: REST channel, login page, real sandbox and actions."""

from __future__ import annotations

import re
import secrets
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

DEMO_PASSWORD = "Demo-2026"


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def login_url(replies) -> str:
    for reply in replies:
        custom = reply.get("custom") or {}
        if custom.get("type") == "login":
            return custom["url"]
    raise AssertionError(f"no login link in {replies}")


def post_form(url: str, **fields: str) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def confirm_code(page: str) -> str:
    match = re.search(r'id="confirm-code">(\d{6})<', page)
    assert match, f"no confirmation code on the page: {page[:300]}"
    return match.group(1)


def log_in(say, sender: str, secret: str, username: str = "demo-person") -> list:
    """Ask for the progress, follow the link, log in, type the code back; the replies to it."""
    url = login_url(say(sender, "我的申报审核到哪一步了", secret=secret))
    status, page = get(url)
    assert status == 200 and 'name="password"' in page
    status, page = post_form(url, username=username, password=DEMO_PASSWORD)
    assert status == 200 and "确认码" in page
    return say(sender, confirm_code(page), secret=secret)


def conversation(sender: str) -> str:
    """The tracker's id of a REST sender's conversation."""
    return f"rest:{sender}"


def test_not_logged_in_gets_a_login_link_under_public_url(say, bot_url):
    replies = say(new_sender(), "帮我查查我交的材料审核了没有", secret=secrets.token_hex(16))
    url = login_url(replies)
    assert url.startswith(f"{bot_url}/webhooks/login/t/")
    assert "10 分钟" in texts(replies)
    assert "HZ20" not in texts(replies)


def test_log_in_list_pick_cancel_and_log_out(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    replies = log_in(say, sender, secret)
    body = texts(replies)
    assert "登录成功" in body  # the reply the login left waiting for this client
    assert "最近的办事记录" in body
    assert len(re.findall(r"HZ\d{13}", body)) >= 5
    assert "失业登记" in body

    detail = texts(say(sender, "1", secret=secret))
    assert "受理编号：HZ2026112307415" in detail and "未审核" in detail

    confirm = say(sender, "帮我把这个注销了", secret=secret)
    assert "失业登记" in texts(confirm) and "HZ2026112307415" in texts(confirm)
    assert [b["payload"] for b in confirm[0]["buttons"]] == ["/affirm", "/deny"]
    done = texts(say(sender, "/affirm", secret=secret))
    assert "已注销" in done and "HZ2026112307415" in done

    again = texts(say(sender, "注销 HZ2026112307415", secret=secret))
    assert "已经注销" in again

    assert "已退出登录" in texts(say(sender, "退出登录", secret=secret))
    after = say(sender, "查我的办事进度", secret=secret)
    assert login_url(after)
    assert "HZ20" not in texts(after)


def test_approved_submission_points_to_the_business_unit(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    log_in(say, sender, secret)
    detail = texts(say(sender, "就业创业证申领那个", secret=secret))
    assert "审核通过" in detail and "经办机构" in detail and "电话" in detail
    refusal = texts(say(sender, "注销这个", secret=secret))
    assert "不能在网上注销" in refusal


def test_rejected_submission_shows_the_reviewer_note(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    log_in(say, sender, secret)
    detail = texts(say(sender, "HZ2026111203951", secret=secret))
    assert "审核未通过" in detail and "审核意见" in detail


def test_unit_account_sees_batch_counts(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    body = texts(log_in(say, sender, secret, username="demo-company"))
    assert "批量" in body


def test_another_client_reusing_the_conversation_id_gets_nothing_private(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    assert "HZ2026" in texts(log_in(say, sender, secret))
    for intruder in (secrets.token_hex(16), None):
        replies = say(sender, "查我的办事进度", secret=intruder)
        assert "HZ20" not in texts(replies)
        replies = say(sender, "1", secret=intruder)
        assert "HZ20" not in texts(replies)
    # The owner is still logged in.
    assert "HZ2026" in texts(say(sender, "查我的办事进度", secret=secret))


def test_typed_login_payload_sets_no_login_state(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    for forged in (
        '/login_event{"login_outcome": "succeeded"}',
        '/login_succeeded{"portal_session": "x"}',
        '/pick_submission{"pick": "1"}',
    ):
        assert "HZ20" not in texts(say(sender, forged, secret=secret))
    assert login_url(say(sender, "查我的办事进度", secret=secret))


def test_wrong_password_and_the_limit_of_five(say):
    sender, secret = new_sender(), secrets.token_hex(16)
    url = login_url(say(sender, "查我的办事进度", secret=secret))
    for attempt in range(1, 5):
        status, page = post_form(url, username="demo-institution", password=f"wrong-{attempt}")
        assert status in (401, 429), page
        assert ("用户名或密码不正确" in page) if status == 401 else ("频繁" in page)
    assert "用户名或密码不正确" in texts(say(sender, "好了吗", secret=secret))
    status, page = post_form(url, username="demo-institution", password="wrong-5")
    # The fifth failure in the conversation sends the user to the counter.
    assert status in (403, 429) and "受理点" in page
    replies = texts(say(sender, "然后呢", secret=secret))
    assert "连续 5 次" in replies and "密码重置申请单" in replies


def test_expired_or_forged_ticket_is_refused(say, bot_url):
    status, page = get(f"{bot_url}/webhooks/login/t/forged.0000")
    assert status == 410 and "无效" in page
    sender, secret = new_sender(), secrets.token_hex(16)
    url = login_url(say(sender, "查我的办事进度", secret=secret))
    signed = url.rsplit("/", 1)[1]
    tampered = signed[:-1] + ("0" if signed[-1] != "0" else "1")
    status, _ = get(url.rsplit("/", 1)[0] + "/" + tampered)
    assert status == 410


def test_password_typed_in_chat_is_masked_in_the_tracker_store(say, bot_workdir: Path):
    sender = new_sender()
    replies = texts(say(sender, "用户名demo-person 密码Demo-2026"))
    assert "不要在对话中发送密码" in replies
    say(sender, "Demo-2026")
    with sqlite3.connect(bot_workdir / "bot.db") as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ?", (conversation(sender),)
        ).fetchall()
    stored = "\n".join(r[0] for r in rows)
    assert rows and "******" in stored
    assert DEMO_PASSWORD not in stored


def test_no_token_in_the_tracker_store_after_a_login(say, bot_workdir: Path):
    sender, secret = new_sender(), secrets.token_hex(16)
    log_in(say, sender, secret)
    with sqlite3.connect(bot_workdir / "bot.db") as db:
        stored = "\n".join(
            r[0]
            for r in db.execute(
                "SELECT data FROM events WHERE sender_id = ?", (conversation(sender),)
            )
        )
        tokens = [r[0] for r in db.execute("SELECT token_encrypted FROM portal_links")]
    assert DEMO_PASSWORD not in stored and secret not in stored
    assert tokens and all(t not in stored for t in tokens)


class FaultyPortal:
    """A TCP server standing in for a broken portal: it hangs, hangs up, or talks garbage."""

    def __init__(self) -> None:
        import socket
        import threading

        self.mode = "hang"
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(50)
        self.port = self._sock.getsockname()[1]
        self._open: list = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            if self.mode == "refuse":
                conn.close()
            elif self.mode == "garbage":
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 9\r\n\r\n{not json"
                )
                conn.close()
            else:
                self._open.append(conn)  # never answered

    def close(self) -> None:
        self._sock.close()
        for conn in self._open:
            conn.close()


@pytest.fixture(scope="module")
def faulty_portal_bot(tmp_path_factory):
    from scripts.servers import running_bot

    portal = FaultyPortal()
    workdir = tmp_path_factory.mktemp("faulty")
    with running_bot(workdir, PORTAL_URL=f"http://127.0.0.1:{portal.port}") as url:
        yield url, portal, workdir
    portal.close()


@pytest.mark.parametrize("mode", ["hang", "refuse", "garbage"])
def test_portal_faults_get_a_clear_answer(faulty_portal_bot, mode):
    import asyncio
    import json

    from bot.channels.inbound import client_binding
    from bot.login.store import LoginStore, Ticket
    from bot.settings import PLACEHOLDER_SECRET_KEY

    url, portal, workdir = faulty_portal_bot
    portal.mode = mode
    sender, secret = new_sender(), secrets.token_hex(16)
    binding = client_binding(PLACEHOLDER_SECRET_KEY, "rest", secret)

    async def bind() -> None:
        # The login itself needs a working portal; bind a session as the login page would.
        store = LoginStore(f"sqlite:///{workdir / 'bot.db'}", PLACEHOLDER_SECRET_KEY)
        ticket: Ticket = await store.issue_ticket(conversation(sender), binding, "rest")
        await store.redeem(
            ticket,
            token="t" * 32,
            username="demo-person",
            display_name="测试",
            account_kind="individual",
        )
        store.dispose()

    asyncio.run(bind())
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": "查我的办事进度"}).encode(),
        headers={"Content-Type": "application/json", "X-Client-Secret": secret},
    )
    # No stopwatch here (timings are benchmarks): a hanging portal is answered at all
    # only because the actions' deadline (actions/runtime.py) gave up on it.
    with urllib.request.urlopen(request, timeout=60) as resp:
        replies = json.loads(resp.read())
    body = texts(replies)
    assert "暂时无法访问" in body and "12333" in body
    assert "Traceback" not in body and "Error" not in body
    assert [b["title"] for b in replies[-1]["buttons"]] == ["再试一次", "转人工"]
