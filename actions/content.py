"""Pieces of responses that the actions put together: button titles and list lines.

A whole message is sent with ``utter_message(response=..., **values)`` and Rasa
fills it. Some messages are assembled: a list of submissions, one line each, or
buttons whose payloads carry JSON (Rasa's templating would read the braces as
placeholders). Their pieces are responses of domain.yml too, read here from the
domain that Rasa sends with every action call, and filled the way Rasa fills a
response (``{name}`` placeholders).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def piece(domain: dict[str, Any], response: str, **values: Any) -> str:
    """The first text of ``response`` in ``domain``, with ``{name}`` filled from ``values``."""
    variations = (domain.get("responses") or {}).get(response) or []
    text = next((v.get("text") for v in variations if isinstance(v, dict) and v.get("text")), None)
    if not isinstance(text, str):
        logger.error("response %s is missing from the domain", response)
        return response
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        logger.error("response %s has a placeholder the action does not fill", response)
        return text


def button(domain: dict[str, Any], title_response: str, payload: str) -> dict[str, Any]:
    """A button whose title is the response ``title_response``."""
    return {"title": piece(domain, title_response), "payload": payload}
