"""Domain responses a channel says itself (bot/channels/responses.py)."""

import re
from types import SimpleNamespace

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
    from bot import overload
    from bot.channels import inbound, rest, sms_format, twilio_sms, twilio_voice
    from bot.channels.portal_events import alert_texts
    from bot.channels.twilio_sms import OWN_RESPONSES
    from bot.channels.voice_replies import voice_reply_texts
    from bot.handoff import delivery, notices
    from bot.login import confirm
    from bot.login import page as login_page

    assert all(response_texts(OWN_RESPONSES).values())
    assert all(voice_reply_texts().values())
    assert alert_texts()["utter_alert_status_changed"]
    # What the modules read from the domain at import, by response name.
    read = {
        inbound.APOLOGY_RESPONSE: inbound.APOLOGY,
        overload.BUSY_RESPONSE: overload.BUSY,
        rest.SLOW_DOWN_RESPONSE: rest.SLOW_DOWN,
        confirm.CODE_PLACEHOLDER_RESPONSE: confirm.CODE_PLACEHOLDER,
        "utter_sms_login_prompt": twilio_sms.LOGIN_PROMPT,
        "utter_sms_private_cut": twilio_sms.PRIVATE_CUT_TEXT,
        "utter_sms_login_link_elsewhere": twilio_sms.LOGIN_LINK_ELSEWHERE,
        "utter_sms_full_answer_label": sms_format.FULL_ANSWER_LABEL,
        "utter_sms_menu_line": sms_format.MENU_LINE,
        "utter_handoff_sms_cut": delivery.SMS_CUT_TEXT,
        "utter_handoff_sms_prefix": delivery.SMS_PREFIX,
    }
    read |= {
        name: getattr(twilio_voice, name.removeprefix("utter_voice_").upper())
        for name in twilio_voice.OWN_RESPONSES
    }
    assert response_texts(read) == read
    assert all(read.values())
    # Read by functions, which fill their placeholders: an agent's reply as the citizen
    # reads it, the login page and its confirmation-code hint.
    notice = notices.reply_notice("HZ-1", "", attachments=2, resolved=True)
    assert "HZ-1" in notice and "2" in notice and "{" not in notice
    assert all(login_page._MESSAGES.values())
    hint = login_page.code_notice(
        SimpleNamespace(channel="twilio_voice", conversation_id="twilio_voice:+8613800138000"),
        "123456",
    )
    page_html = login_page.render_page(notice=None, form=True)
    assert "8000" in hint and not re.search(r"{\w+}", hint + page_html)
    # And the SMS channel's page for a whole answer.
    page = ["utter_sms_page_title", "utter_sms_page_note", "utter_sms_page_gone_title"]
    assert all(response_texts([*page, "utter_sms_page_gone"]).values())
