"""Logging for every process of the stack: plain text locally, one JSON object a line in production.

``LOG_FORMAT=json`` (see :mod:`bot.settings`) switches a process to :class:`JsonFormatter`.
Each line carries the conversation id of the turn it was written in, from a context
variable that :func:`bot.observability.instrumented` (Rasa server) and the action
server's middleware set, so that every line of one turn can be found together.

What users type is never logged at INFO by our code; Rasa logs it at DEBUG only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

from bot.settings import LogFormat

#: The conversation the current task works for; None outside a turn.
conversation_id: ContextVar[str | None] = ContextVar("conversation_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: Sanic's own loggers: Rasa turns off their propagation, so they need our handler directly.
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access")
# SMS conversations are named after the phone number, voice calls "voice:<number>".
_PHONE_ID_RE = re.compile(r"(?P<prefix>[a-z_]+:)?\+?\d{3,11}(?P<last>\d{4})")
# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


#: What a redacted line says instead of the user's text.
REDACTED_PAYLOAD_LINE = "a typed payload could not be parsed (text redacted)"
# Rasa quotes the whole user text when a "/…" payload does not parse: the
# structlog event "message.parsing.failed" with ``user_text``, and the warnings
# "Failed to parse arguments in line '…'" of its story reader. The channel lets
# only payloads it rebuilt through (bot/channels/inbound.py); this is the net
# under that, for whatever text still reaches those lines.
_PAYLOAD_LINE_MARKERS = ("message.parsing.failed", "Failed to parse arguments in line")
#: The loggers those lines come from: Rasa's story reader (through structlog) and
#: Python's warnings once they are captured.
PAYLOAD_LINE_LOGGERS = (
    "rasa.shared.core.training_data.story_reader.yaml_story_reader",
    "py.warnings",
)


class RedactPayloadText(logging.Filter):
    """Replaces Rasa's payload-parsing lines, which quote the user's text, by a fixed one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the formatter's business
            return True
        if any(marker in message for marker in _PAYLOAD_LINE_MARKERS):
            record.msg = REDACTED_PAYLOAD_LINE
            record.args = None
        return True


_REDACTOR = RedactPayloadText()


def redact_payload_lines() -> None:
    """Install :class:`RedactPayloadText` where Rasa's payload lines pass: idempotent.

    On the two loggers that write them, and on the root's handlers for lines that
    another logger repeats; Python's warnings are captured so that they pass too.
    """
    logging.captureWarnings(True)
    for name in PAYLOAD_LINE_LOGGERS:
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)
    for handler in logging.getLogger().handlers:
        if _REDACTOR not in handler.filters:
            handler.addFilter(_REDACTOR)


def log_conversation_id(sender_id: str) -> str:
    """``sender_id`` as logs may show it: phone numbers keep their last four digits only."""
    match = _PHONE_ID_RE.fullmatch(sender_id)
    return f"{match['prefix'] or ''}…{match['last']}" if match else sender_id


@contextmanager
def conversation(sender_id: str | None) -> Iterator[None]:
    """Tag every log line written inside the block with ``sender_id``."""
    token = conversation_id.set(log_conversation_id(sender_id) if sender_id else None)
    try:
        yield
    finally:
        conversation_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, conversation_id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        structured = _structlog_event(entry["message"])
        if structured is not None:
            # Rasa's structlog lines arrive as JSON text; nested as data, they stay searchable.
            entry["message"] = str(structured.pop("event_info", structured["event"]))
            entry["event"] = structured.pop("event")
            structured.pop("level", None)
            entry["data"] = structured
        current = conversation_id.get()
        if current is not None:
            entry["conversation_id"] = current
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an ``extra`` value that JSON can't hold must not lose the line.
        return json.dumps(entry, ensure_ascii=False, default=str)


def _structlog_event(message: str) -> dict[str, Any] | None:
    if not message.startswith('{"'):
        return None
    try:
        parsed = json.loads(message)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and "event" in parsed else None


def json_formatter() -> JsonFormatter:
    """The formatter of ``deploy/logging.yml`` (``rasa run --logging-config-file``).

    From then on Python's warnings become log lines, and Rasa does not install
    coloredlogs: ``rasa run`` does that right after reading the file, and it would
    replace this JSON handler with a plain-text one until the ops channel loads.
    """
    logging.captureWarnings(True)
    with contextlib.suppress(ImportError):
        import rasa.utils.io

        setattr(rasa.utils.io, "configure_colored_logging", lambda *_: None)  # noqa: B010
    return JsonFormatter()


def _formatter(fmt: LogFormat) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(fmt: LogFormat = "text", level: int | str = logging.INFO) -> None:
    """Send the root logger (and Sanic's) to stderr in ``fmt``, replacing other handlers."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_formatter(fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    redact_payload_lines()
    if fmt == "json":
        # Python's warnings would otherwise go to stderr as bare, multi-line text.
        logging.captureWarnings(True)
        for name in SANIC_LOGGERS:
            _send_to(logging.getLogger(name), handler)


def use_json_everywhere() -> None:
    """Make the handlers already installed (Rasa's coloredlogs, Sanic's, jieba's) write JSON.

    Without ``deploy/logging.yml`` ``rasa run`` installs coloredlogs, and Sanic installs
    its own handlers when Rasa creates the app; so the Rasa server calls this once they
    have run. Levels and streams stay as they are.
    """
    formatter = JsonFormatter()
    logging.captureWarnings(True)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.setFormatter(formatter)
    redact_payload_lines()
    # Libraries that bring a console handler of their own (jieba) write JSON too.
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and logger.name not in SANIC_LOGGERS:
            for handler in logger.handlers:
                if isinstance(handler, logging.StreamHandler):
                    handler.setFormatter(formatter)
    if not root.handlers:
        configure_logging("json", root.level or logging.INFO)
        return
    for name in SANIC_LOGGERS:
        _send_to(logging.getLogger(name), root.handlers[0])


def _send_to(logger: logging.Logger, handler: logging.Handler) -> None:
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)
    # Rasa sets propagate=False on these; with our handler on them directly, a line
    # must not reach the root's handler a second time either way.
    logger.propagate = False
