"""The channels' shared turn pieces (bot/channels/turn.py)."""

from __future__ import annotations

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.turn import ChannelCollector, with_apology

RESPONSES = {
    "utter_bye": [
        {"text": "再见"},
        {"text": "再见（短信）", "channel": "twilio"},
        {"text": "再见（电话）", "channel": "twilio_voice"},
    ]
}


async def test_a_channels_collector_gets_its_response_variants() -> None:
    nlg = TemplatedNaturalLanguageGenerator(RESPONSES)
    tracker = DialogueStateTracker("sms:+8613800138000", [])
    for channel, expected in (("twilio", "再见（短信）"), ("twilio_voice", "再见（电话）")):
        name = ChannelCollector(channel).name()
        made = await nlg.generate("utter_bye", tracker, name)
        assert made is not None and made["text"] == expected
    # Rasa's own collector never gets a channel's variant.
    made = await nlg.generate("utter_bye", tracker, "collector")
    assert made is not None and made["text"] == "再见"


def test_there_is_always_something_to_show() -> None:
    assert with_apology([], "rest:a")[0]["text"]
    assert with_apology([{"text": "x"}], "rest:a") == [{"text": "x"}]
