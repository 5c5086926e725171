"""Checking a status-change event the portal POSTed (the webhook of ``openapi.yaml``).

The receiver's side of the contract (issue 16): the signature is an HMAC-SHA256,
keyed with the secret both sides share, of the timestamp, a dot and the exact body;
a timestamp outside the replay window is refused even with a good signature, so a
captured request cannot be played again later. Within the window the receiver
deduplicates by ``event_id``. Everything wrong becomes :class:`InvalidEvent`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from portal_client._errors import InvalidEvent, InvalidResponse
from portal_client._models import StatusEvent
from portal_client._wire import decode_json, parse_status_event

SIGNATURE_HEADER = "X-Portal-Signature"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
EVENT_ID_HEADER = "X-Portal-Event-Id"
SIGNATURE_SCHEME = "v1"
#: A delivery signed more than this many seconds before or after now is refused.
REPLAY_WINDOW_SECONDS = 300
#: Events are a few hundred bytes; a larger body is not one.
MAX_EVENT_BYTES = 16 * 1024


def event_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp`` (Unix seconds)."""
    message = timestamp.encode("ascii") + b"." + body
    return f"{SIGNATURE_SCHEME}=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_event(
    body: bytes,
    *,
    timestamp: str | None,
    signature: str | None,
    secret: str,
    now: float | None = None,
    window: int = REPLAY_WINDOW_SECONDS,
) -> StatusEvent:
    """The event in ``body`` if its signature and timestamp hold; else :class:`InvalidEvent`."""
    if not secret:
        raise InvalidEvent("no events secret is configured")
    if not timestamp or not signature:
        raise InvalidEvent("unsigned event")
    if len(body) > MAX_EVENT_BYTES:
        raise InvalidEvent("event body too large")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise InvalidEvent("malformed timestamp")
    expected = event_signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode("utf-8", "replace")):
        raise InvalidEvent("bad signature")
    moment = time.time() if now is None else now
    if abs(moment - int(timestamp)) > window:
        raise InvalidEvent("timestamp outside the replay window")
    try:
        return parse_status_event(decode_json(body))
    except InvalidResponse as exc:
        raise InvalidEvent(f"malformed event: {exc.message}") from exc
