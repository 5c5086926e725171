"""Attacks through the Twilio channels, run against real servers: each must get nowhere.

Issue 10, findings 1, 9, 10 and 13, with the real Rasa server, model, action
server and portal sandbox, and Twilio's requests signed as Twilio signs them:

- an SMS login completed through the real channels (link in the TwiML, the login
  page, the confirmation code texted back), then a REST client naming that phone
  (as sender, as ``sms:…``/``voice:…``, with the phone as its secret) gets none of
  it, and the SMS user stays logged in;
- a replayed signed SMS, or a replayed step of a call, runs no second bot turn
  (counted in the tracker database);
- the voice channel texts only mobiles, and no more than its cap per number;
- a voice login ends with the call: the caller's next call sees nothing of it.

The stack is this module's own: the tests count the tracker's rows and the SMS
that reached the local fake of Twilio's API.
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.channels.twilio_common import SMS_PER_NUMBER_PER_HOUR
from bot.channels.twilio_voice import LOGIN_SMS_SENT, SMS_CAPPED, SMS_NOT_MOBILE
from scripts.servers import running_bot, running_portal
from tests.bot.channels.twilio_helpers import (
    AUTH_TOKEN,
    OUR_NUMBER,
    PUBLIC_URL,
    SMS_PATH,
    VOICE_PATH,
    FakeTwilioApi,
    action_of,
    messages_of,
    new_sid,
    post_twilio,
    spoken_text,
)

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "Demo" + "-2026"  # the documented demo account's, from the README
HTTP_TIMEOUT = 60.0
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.twilio_sms.TwilioSmsInput:
bot.channels.twilio_voice.TwilioVoiceInput:
  twilio_api_url: {twilio_api_url}
"""
ACCEPTANCE_NO = re.compile(r"HZ\d{13}")
LOGIN_LINK = re.compile(re.escape(PUBLIC_URL) + r"/webhooks/login/t/[A-Za-z0-9_.\-]+")
#: The heading of the progress list (actions/progress.py list_page).
LIST_HEADING = "最近的办事记录"


@dataclass
class Stack:
    url: str
    workdir: Path
    twilio_api: FakeTwilioApi

    def local(self, public_link: str) -> str:
        return self.url + public_link.removeprefix(PUBLIC_URL)

    def sms(self, phone: str, body: str, *, sid: str | None = None) -> list[str]:
        form = {"From": phone, "To": OUR_NUMBER, "Body": body, "MessageSid": sid or new_sid("SM")}
        answer = post_twilio(self.url, SMS_PATH, form)
        assert answer.status == 200, answer.body
        return messages_of(answer.xml())

    def voice(self, call_sid: str, caller: str, query: str = "", **form: str) -> ET.Element:
        params = {"CallSid": call_sid, "From": caller, "To": OUR_NUMBER, **form}
        answer = post_twilio(self.url, VOICE_PATH, params, query=query)
        assert answer.status == 200, answer.body
        return answer.xml()

    def rest(self, sender: str, message: str, secret: str | None) -> list[dict[str, Any]]:
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["X-Client-Secret"] = secret
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as resp:
            return list(json.loads(resp.read()))

    def user_turns(self, conversation: str) -> int:
        with sqlite3.connect(self.workdir / "bot.db") as db:
            row = db.execute(
                "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
                (conversation,),
            ).fetchone()
        return int(row[0])

    def sms_sent_to(self, phone: str) -> list[str]:
        return [m.get("Body", "") for m in self.twilio_api.sent if m.get("To") == phone]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("twilio_attacks")
    with FakeTwilioApi() as twilio_api, running_portal(workdir) as portal_url:
        credentials = workdir / "credentials.yml"
        credentials.write_text(CREDENTIALS.format(twilio_api_url=twilio_api.url), encoding="utf-8")
        with running_bot(
            workdir,
            credentials=credentials,
            PORTAL_URL=portal_url,
            PUBLIC_URL=PUBLIC_URL,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        ) as url:
            yield Stack(url, workdir, twilio_api)


def mobile() -> str:
    """A fresh mainland mobile number (139 + 8 digits)."""
    return f"+86139{uuid.uuid4().int % 100_000_000:08d}"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_form(url: str, **fields: str) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data), timeout=HTTP_TIMEOUT
        ) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def code_on_login_page(stack: Stack, public_link: str, *, last4: str, where: str) -> str:
    """Open the link, log in as demo-person, and read the confirmation code the page shows."""
    status, page = get(stack.local(public_link))
    assert status == 200 and 'name="password"' in page
    status, page = post_form(
        stack.local(public_link), username="demo-person", password=DEMO_PASSWORD
    )
    assert status == 200, page[:400]
    assert f"尾号 {last4} 的{where}" in page
    match = re.search(r'id="confirm-code">(\d{6})<', page)
    assert match, page[:400]
    return match.group(1)


def sms_login(stack: Stack, phone: str) -> list[str]:
    """The whole SMS login, through the real channels; the reply to the code."""
    [asked] = stack.sms(phone, "查我的办事进度")
    links = LOGIN_LINK.findall(asked)
    assert links, asked
    assert not ACCEPTANCE_NO.search(asked)
    code = code_on_login_page(stack, links[0], last4=phone[-4:], where="手机")
    return stack.sms(phone, code)


# -- finding 1 through SMS: a login is the phone's, on the SMS channel only ------------


def test_an_sms_login_through_the_real_channels_shows_the_list(stack: Stack) -> None:
    phone = mobile()
    replies = sms_login(stack, phone)
    assert ACCEPTANCE_NO.search("\n".join(replies)), replies
    # The list is private: it came whole, with no bearer page (finding 10).
    assert "/webhooks/twilio/a/" not in "\n".join(replies)


@pytest.mark.parametrize(
    "sender",
    ["{phone}", "sms:{phone}", "voice:{phone}", "twilio:{phone}", "rest:sms:{phone}"],
)
def test_a_rest_client_naming_the_phone_gets_nothing_of_its_login(
    stack: Stack, sender: str
) -> None:
    phone = mobile()
    assert ACCEPTANCE_NO.search("\n".join(sms_login(stack, phone)))
    name = sender.format(phone=phone)
    for secret in (phone, name, phone + "#" * 32, None):
        replies = stack.rest(name, "查我的办事进度", secret)
        shown = json.dumps(replies, ensure_ascii=False)
        assert not ACCEPTANCE_NO.search(shown), (name, secret, shown)
        assert LIST_HEADING not in shown
        replies = stack.rest(name, "退出登录", secret)
        assert not ACCEPTANCE_NO.search(json.dumps(replies, ensure_ascii=False))
    # The SMS user was neither logged out nor robbed of anything.
    again = "\n".join(stack.sms(phone, "查我的办事进度"))
    assert ACCEPTANCE_NO.search(again), again


# -- finding 13: replays ----------------------------------------------------------------


def test_a_replayed_signed_sms_runs_one_turn(stack: Stack) -> None:
    phone = mobile()
    sid = new_sid("SM")
    first = stack.sms(phone, "密码忘了怎么办", sid=sid)
    assert first and first[0]
    for _ in range(3):
        assert stack.sms(phone, "密码忘了怎么办", sid=sid) == []
    assert stack.user_turns(f"sms:{phone}") == 1


def test_a_replayed_step_of_a_call_runs_one_turn(stack: Stack) -> None:
    caller, call_sid = mobile(), new_sid("CA")
    opening = stack.voice(call_sid, caller)
    assert list(stack.voice(call_sid, caller)) == []  # the opening request, replayed
    _, query = action_of(opening)
    answer = stack.voice(call_sid, caller, query, SpeechResult="密码忘了怎么办")
    assert spoken_text(answer)
    for _ in range(2):
        assert list(stack.voice(call_sid, caller, query, SpeechResult="密码忘了怎么办")) == []
    assert stack.user_turns(f"voice:{caller}") == 1
    # The call itself goes on through the next nonce.
    _, following = action_of(answer)
    assert spoken_text(stack.voice(call_sid, caller, following, SpeechResult="怎么开通网上办事"))
    assert stack.user_turns(f"voice:{caller}") == 2


# -- finding 9: SMS pumping ---------------------------------------------------------------


def press_four(stack: Stack, caller: str) -> ET.Element:
    call_sid = new_sid("CA")
    _, query = action_of(stack.voice(call_sid, caller))
    return stack.voice(call_sid, caller, query, Digits="4")


def test_outbound_sms_are_capped_per_number(stack: Stack) -> None:
    caller = mobile()
    for _ in range(SMS_PER_NUMBER_PER_HOUR):
        assert LOGIN_SMS_SENT in spoken_text(press_four(stack, caller))
    for _ in range(2):
        assert SMS_CAPPED in spoken_text(press_four(stack, caller))
    assert len(stack.sms_sent_to(caller)) == SMS_PER_NUMBER_PER_HOUR


@pytest.mark.parametrize("caller", ["+8657187654321", "+14155550100", "+88213612345"])
def test_no_sms_to_landlines_foreign_or_premium_numbers(stack: Stack, caller: str) -> None:
    assert SMS_NOT_MOBILE in spoken_text(press_four(stack, caller))
    assert stack.sms_sent_to(caller) == []


# -- finding 9: a voice login ends with the call ----------------------------------------


def test_a_voice_login_ends_with_the_call(stack: Stack) -> None:
    caller, call_sid = mobile(), new_sid("CA")
    _, query = action_of(stack.voice(call_sid, caller))
    asked = stack.voice(call_sid, caller, query, Digits="4")
    assert LOGIN_SMS_SENT in spoken_text(asked)
    gather = asked.find("Gather")
    assert gather is not None and gather.get("finishOnKey") == "#"
    assert gather.get("numDigits") is None
    [texted] = stack.sms_sent_to(caller)
    [link] = LOGIN_LINK.findall(texted)
    code = code_on_login_page(stack, link, last4=caller[-4:], where="来电")
    _, query = action_of(asked)
    listed = spoken_text(stack.voice(call_sid, caller, query, Digits=code))
    assert LIST_HEADING in listed, listed

    # The same caller id on a new call (a spoofer, or the caller again): no session.
    next_call = new_sid("CA")
    _, query = action_of(stack.voice(next_call, caller))
    later = stack.voice(next_call, caller, query, SpeechResult="查我的办事进度")
    assert LIST_HEADING not in spoken_text(later)
    assert LOGIN_SMS_SENT in spoken_text(later)  # asked to log in again
    # And the old call's code, typed in the new call, links nothing.
    _, query = action_of(later)
    retyped = spoken_text(stack.voice(next_call, caller, query, Digits=code))
    assert LIST_HEADING not in retyped


def test_anonymous_callers_do_not_share_a_conversation(stack: Stack) -> None:
    first, second = new_sid("CA"), new_sid("CA")
    for call_sid in (first, second):
        _, query = action_of(stack.voice(call_sid, "anonymous"))
        stack.voice(call_sid, "anonymous", query, SpeechResult="密码忘了怎么办")
    assert stack.user_turns("voice:anonymous") == 0
    assert stack.user_turns(f"voice:anonymous-{first}") == 1
    assert stack.user_turns(f"voice:anonymous-{second}") == 1
