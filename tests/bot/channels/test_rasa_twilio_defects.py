"""The defects of Rasa's own Twilio channels that ours design around.

Each test pins a defect as it is in Rasa 3.6. When one fails after an upgrade,
Rasa has fixed that defect: read the new code and decide whether our channel
can lean on it.
"""

import inspect
import xml.etree.ElementTree as ET

import pytest
from rasa.core.channels import twilio, twilio_voice
from rasa.core.channels.twilio import TwilioInput
from rasa.core.channels.twilio_voice import TwilioVoiceInput
from rasa.shared.exceptions import InvalidConfigException

from tests.bot.channels.twilio_helpers import CALLER, SMS_PATH, FakeBot, apost, serving


@pytest.mark.parametrize("module", [twilio, twilio_voice])
def test_stock_channels_check_no_signature(module):
    source = inspect.getsource(module)
    assert "X-Twilio-Signature" not in source
    assert "RequestValidator" not in source


def test_stock_sms_channel_defaults_to_debug_mode():
    assert inspect.signature(TwilioInput.__init__).parameters["debug_mode"].default is True
    assert TwilioInput("AC" + "0" * 32, "token", "+15005550006").debug_mode is True


async def test_stock_sms_channel_takes_unsigned_requests_and_crashes_on_a_missing_body():
    bot = FakeBot({"你好": []})  # no answer: Rasa's channel would send it to api.twilio.com
    channel = TwilioInput("AC" + "0" * 32, "token", "+15005550006")
    async with serving([channel], bot) as base:
        # No signature at all, yet the message reaches the bot.
        await apost(base, SMS_PATH, {"From": CALLER, "Body": "你好"}, sign=False)
        assert [m.text for m in bot.received] == ["你好"]
        crashed = await apost(base, SMS_PATH, {"From": CALLER}, sign=False)
    assert crashed.status == 500


def test_stock_voice_channel_rejects_the_mandarin_voice():
    with pytest.raises(InvalidConfigException):
        TwilioVoiceInput("你好", "请再说一遍", "Polly.Zhiyu")


def test_stock_voice_channel_sets_no_language():
    channel = TwilioVoiceInput("你好", "请再说一遍", "Polly.Joanna")
    root = ET.fromstring(str(channel._build_twilio_voice_response([{"text": "你好"}])))
    gather = root.find("Gather")
    assert gather is not None and gather.get("language") is None
    assert all(say.get("language") is None for say in root.iter("Say"))
