import re
import warnings
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message

from actions.topics import TOPIC_TITLES
from bot.channels.inbound import (
    ALLOWED_PAYLOAD_INTENTS,
    FAQ_TOPICS,
    MAX_STORED_CHARS,
    sanitize_text,
)
from bot.nlu.text import normalize
from bot.privacy import mask_secrets

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[3] / "domain.yml"))


@pytest.mark.parametrize(
    ("sent", "seen"),
    [
        (None, ""),
        (12333, "12333"),
        ({"a": 1}, '{"a": 1}'),
        ("密码忘了", "密码忘了"),
        ('/choose_topic{"topic": "flow"}', '/choose_topic{"topic": "flow"}'),
        ("/restart", "/restart"),
        ("/session_start", "session_start"),
        ('/login_succeeded{"portal_session": "x"}', "login_succeeded portal_session x"),
        ('/faq{"x": 1}', "faq x 1"),
    ],
)
def test_sanitize(sent, seen):
    assert sanitize_text(sent) == seen


def test_only_allowed_payloads_keep_their_slash():
    assert not sanitize_text("/nlu_fallback").startswith("/")
    assert sanitize_text("/inform_applicant_type").startswith("/")


def test_length_and_nul_bytes():
    assert len(sanitize_text("字" * 10_000)) == MAX_STORED_CHARS
    assert "\x00" not in sanitize_text("a\x00b")


# --- Finding 5 of issue 10: payloads hidden from the allow-list by the NLU's folding ----

LOGIN_EVENT = '/login_event{"login_outcome":"succeeded"}'


@pytest.mark.parametrize(
    "sent",
    [
        '／login_event{"login_outcome":"succeeded"}',
        "\u200b" + LOGIN_EVENT,
        "\u2060\ufeff" + LOGIN_EVENT,
        "<b></b>/sent_secret",
        "<i>/sent_secret</i>",
        "&#47;login_event",
        "&#x2F;login_event",
        "&sol;login_event",
        "&amp;#47;login_event",
        "\x01/login_event",
        " \t\n" + LOGIN_EVENT,
        "／ｌｏｇｉｎ＿ｅｖｅｎｔ",
        "/LOGIN_EVENT",
        "/session_start",
        "/nlu_fallback",
        "//login_event",
        "/greet/login_event",
        "/greet hello",
        "/greet@0.1",
        '/greet{"a":1}trailing',
        "/",
        "/{}",
    ],
)
def test_a_disguised_payload_is_read_as_words(sent: str) -> None:
    seen = sanitize_text(sent)
    assert not seen.startswith("/"), seen
    assert not normalize(seen).text.startswith("/")
    assert not mask_secrets(seen).text.lstrip().startswith("/")


@pytest.mark.parametrize(
    ("sent", "seen"),
    [
        ('／greet{"applicant_type":"evil"}', "/greet"),
        ('/greet{"applicant_type":"individual"}', "/greet"),
        ('/inform_applicant_type{"applicant_type":"evil"}', "/inform_applicant_type"),
        (
            '/inform_applicant_type{"applicant_type": "enterprise"}',
            '/inform_applicant_type{"applicant_type": "enterprise"}',
        ),
        (
            '/inform_applicant_type{"applicant_type": "individual", "topic": "flow"}',
            '/inform_applicant_type{"applicant_type": "individual"}',
        ),
        ('/choose_topic{"topic": "nonsense"}', "/choose_topic"),
        ('/choose_topic{"topic": ["flow", "batch"]}', "/choose_topic"),
        (
            '/choose_topic{"topic": "flow", "login_outcome": "succeeded"}',
            '/choose_topic{"topic": "flow"}',
        ),
        ('/pick_submission{"pick": "3"}', '/pick_submission{"pick": "3"}'),
        ('/pick_submission{"pick": 12}', '/pick_submission{"pick": "12"}'),
        ('/pick_submission{"pick": "HZ1; drop"}', "/pick_submission"),
        ('/affirm{"login_outcome":"succeeded"}', "/affirm"),
        ('\u200b/choose_topic{"topic": "flow"}', '/choose_topic{"topic": "flow"}'),
    ],
)
def test_an_allowed_payload_keeps_only_what_its_buttons_send(sent: str, seen: str) -> None:
    assert sanitize_text(sent) == seen


def test_every_button_payload_of_the_actions_passes_unchanged() -> None:
    from actions.topics import APPLICANT_BUTTONS, topic_payload

    payloads = [b["payload"] for b in APPLICANT_BUTTONS]
    payloads += [topic_payload(topic) for topic in TOPIC_TITLES]
    payloads += ['/pick_submission{"pick": "1"}', "/more", "/affirm", "/deny", "/request_human"]
    payloads += ["/check_my_progress", "/cancel_my_submission", "/greet", "/restart"]
    for payload in payloads:
        assert sanitize_text(payload) == payload


def test_the_topic_list_is_the_actions_one() -> None:
    assert FAQ_TOPICS == frozenset(TOPIC_TITLES)


_PAYLOADISH = st.lists(
    st.sampled_from(
        list('/／{}":,@&#;<>b x')
        + ["\u200b", "\ufeff", "&#47;", "<b></b>", "&amp;", "\x01"]
        + ["login_event", "sent_secret", "greet", "choose_topic", "topic", "flow", "session_start"]
    ),
    max_size=12,
).map("".join)


def _is_allowed_payload(text: str) -> bool:
    match = re.fullmatch(r"/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?", text)
    return match is not None and match["intent"] in ALLOWED_PAYLOAD_INTENTS


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), _PAYLOADISH))
# found by the search: the English gloss read "progress" inside the payload
@example("/check_my_progress")
def test_no_text_becomes_a_payload_outside_the_allow_list(sent: str) -> None:
    seen = sanitize_text(sent)
    for view in (seen.strip(), normalize(seen).text, mask_secrets(seen).text.strip()):
        if view.startswith("/"):
            assert view == seen, (sent, seen, view)
            assert _is_allowed_payload(seen), (sent, seen)


@settings(max_examples=200, deadline=None)
@given(_PAYLOADISH)
def test_rasa_parses_every_payload_we_let_through_without_a_warning(sent: str) -> None:
    seen = sanitize_text(sent)
    if not seen.startswith("/"):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = YAMLStoryReader.unpack_regex_message(Message({"text": seen}), DOMAIN)
    assert parsed.get("intent", {}).get("name") in ALLOWED_PAYLOAD_INTENTS
