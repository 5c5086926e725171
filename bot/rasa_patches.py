"""Fixes to Rasa 3.6.21 internals (and the Sanic 21.12 it pins) that the Rasa server
applies at start-up. Each has a test in tests/bot/test_rasa_patches.py.

Sanic 21.12 parses the Accept header without a guard when it renders its own error
pages, so a request with a malformed one (``Accept: x``) to an unknown path gets a
500 from inside the error handler; :func:`lenient_accept` reads such a header as
``*/*``, which is what a client that sent nonsense can be given.

Profiled under load (scripts/bench_load.py with py-spy), 37–40 % of the Rasa
server's event loop went to ``RemoteAction._validate_action_result``: it calls
``jsonschema.validate``, which checks the schema itself again before every action
response. The same validation with a validator built once costs about 1/70 of that.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from sanic.exceptions import InvalidHeader
from sanic.headers import AcceptContainer, parse_accept
from sanic.request import Request

_applied = False


@lru_cache(maxsize=1)
def action_result_validator() -> Validator:
    """The validator of an action server's response, with its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server's response, with the same errors, cached."""
    try:
        action_result_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def lenient_accept(self: Request) -> AcceptContainer:
    """Sanic's ``Request.accept``, with a malformed header read as ``*/*``."""
    if self.parsed_accept is None:
        try:
            self.parsed_accept = parse_accept(self.headers.getone("accept", ""))
        except InvalidHeader:
            self.parsed_accept = parse_accept("*/*")
    return self.parsed_accept


def apply() -> None:
    """Install the fixes; idempotent."""
    global _applied
    if not _applied:
        RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
        Request.accept = property(lenient_accept)  # type: ignore[method-assign, assignment]
        _applied = True
