"""Domain responses a channel says itself (bot/channels/responses.py)."""

import pytest

from bot.channels.responses import response_texts


def write_domain(tmp_path, body: str):
    path = tmp_path / "domain.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_each_response_gives_its_first_variation(tmp_path):
    domain = write_domain(
        tmp_path,
        'responses:\n  utter_a:\n    - text: "甲"\n    - text: "乙"\n  utter_b:\n    - text: "丙"\n',
    )
    assert response_texts(["utter_a", "utter_b"], domain_path=domain) == {
        "utter_a": "甲",
        "utter_b": "丙",
    }


@pytest.mark.parametrize(
    "body", ["responses: {}\n", "responses:\n  utter_a:\n    - image: x.png\n", "{}\n", ""]
)
def test_a_missing_response_stops_the_channel_at_start_up(tmp_path, body):
    with pytest.raises(RuntimeError, match="utter_a"):
        response_texts(["utter_a"], domain_path=write_domain(tmp_path, body))


def test_an_optional_response_may_be_missing(tmp_path):
    domain = write_domain(tmp_path, 'responses:\n  utter_a:\n    - text: "甲"\n')
    texts = response_texts(["utter_a", "utter_b"], domain_path=domain, optional=["utter_b"])
    assert texts == {"utter_a": "甲", "utter_b": ""}


def test_the_projects_domain_has_every_channels_own_response():
    from bot.channels.portal_events import alert_texts
    from bot.channels.twilio_sms import OWN_RESPONSES
    from bot.channels.voice_replies import voice_reply_texts

    assert all(response_texts(OWN_RESPONSES).values())
    assert all(voice_reply_texts().values())
    assert alert_texts()["utter_alert_status_changed"]
