import pytest

from bot.channels.inbound import MAX_STORED_CHARS, sanitize_text


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
