import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches

GOOD = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
BAD = {"events": [{"no_event_key": 1}], "responses": "not a list"}


def test_cached_validation_accepts_and_rejects_like_rasa():
    action = RemoteAction("action_x", None)
    original = RemoteAction._validate_action_result
    assert original(action, GOOD)
    with pytest.raises(ValidationError):
        original(action, BAD)
    rasa_patches.apply()
    rasa_patches.apply()  # idempotent
    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as error:
        action._validate_action_result(BAD)
    assert "custom-actions" in error.value.message


def test_the_validator_is_built_once():
    assert rasa_patches.action_result_validator() is rasa_patches.action_result_validator()


def test_a_malformed_accept_header_reads_as_anything() -> None:
    from sanic import Sanic
    from sanic.request import Request

    from bot import rasa_patches

    rasa_patches.apply()
    app = Sanic("accept_probe")
    for header in ("x", "é", "text/html;q=2", ";"):
        request = Request(b"/nowhere", {"accept": header}, "1.1", "GET", None, app)
        assert str(request.accept[0]) == "*/*"
    good = Request(b"/", {"accept": "text/html"}, "1.1", "GET", None, app)
    assert str(good.accept[0]) == "text/html"
