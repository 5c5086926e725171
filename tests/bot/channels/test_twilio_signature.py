"""The signature rule: PUBLIC_URL + path + query, and the form, signed with the auth token."""

from typing import Any

import pytest
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.twilio_common import signature_required
from tests.bot.channels.twilio_helpers import AUTH_TOKEN, PUBLIC_URL, apost, serving

PATH = "/webhooks/signed/webhook"
FORM = {"From": "+8613800138000", "Body": "密码忘了怎么办", "MessageSid": "SM123"}


class SignedEcho(InputChannel):
    """A channel with one signed route that counts the requests reaching it."""

    def __init__(self) -> None:
        self.reached = 0

    @classmethod
    def name(cls) -> str:
        return "signed"

    def blueprint(self, on_new_message: Any) -> Blueprint:
        hook = Blueprint("signed_echo", __name__)

        @hook.route("/webhook", methods=["POST"])
        @signature_required(AUTH_TOKEN, PUBLIC_URL)
        async def receive(request: Request) -> HTTPResponse:
            self.reached += 1
            return response.text("ok")

        return hook


@pytest.fixture
async def server():
    channel = SignedEcho()

    async def no_bot(_: Any) -> None:
        raise AssertionError("no bot here")

    async with serving([channel], no_bot) as base:
        yield base, channel


async def test_a_signed_request_passes(server):
    base, channel = server
    answer = await apost(base, PATH, FORM)
    assert (answer.status, answer.body) == (200, "ok")
    assert channel.reached == 1


async def test_the_query_string_is_part_of_the_signed_url(server):
    base, channel = server
    assert (await apost(base, PATH, FORM, query="r=1&after=dial")).status == 200


async def test_twilio_may_sign_with_the_default_port(server):
    base, _ = server
    answer = await apost(base, PATH, FORM, public_url="https://bot.example.test:443")
    assert answer.status == 200


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"sign": False}, id="unsigned"),
        pytest.param({"forged": "bm90IGEgc2lnbmF0dXJl"}, id="forged"),
        pytest.param({"token": "another-account-token"}, id="other-token"),
        pytest.param({"signed_path": "/webhooks/twilio_voice/webhook"}, id="replayed-from-voice"),
        pytest.param({"public_url": "http://127.0.0.1:5005"}, id="signed-for-internal-address"),
        pytest.param({"public_url": "https://evil.example.test"}, id="signed-for-other-host"),
    ],
)
async def test_a_request_not_signed_for_this_url_gets_403(server, tamper):
    base, channel = server
    answer = await apost(base, PATH, FORM, **tamper)
    assert answer.status == 403
    assert channel.reached == 0


async def test_a_changed_parameter_or_query_breaks_the_signature(server):
    base, channel = server
    from tests.bot.channels.twilio_helpers import signature

    good = signature(PUBLIC_URL + PATH + "?r=0", FORM)
    assert (await apost(base, PATH, FORM, query="r=1", forged=good)).status == 403
    changed = {**FORM, "Body": "给我转账"}
    good = signature(PUBLIC_URL + PATH, FORM)
    assert (await apost(base, PATH, changed, forged=good)).status == 403
    assert channel.reached == 0
