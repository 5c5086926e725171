"""JSON log lines, the conversation id in them, and LOG_FORMAT."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import (
    PAYLOAD_LINE_LOGGERS,
    REDACTED_PAYLOAD_LINE,
    SANIC_LOGGERS,
    JsonFormatter,
    RedactPayloadText,
    configure_logging,
    conversation,
    log_conversation_id,
    redact_payload_lines,
    use_json_everywhere,
)
from bot.settings import Settings, SettingsError


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state; put it back for the other tests."""
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in SANIC_LOGGERS)]
    saved = [(lg, list(lg.handlers), lg.level, lg.propagate) for lg in loggers]
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for lg, handlers, level, propagate in saved:
            lg.handlers[:] = handlers
            lg.setLevel(level)
            lg.propagate = propagate


def json_logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.bot.test_logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_object_a_line_with_time_level_logger_message() -> None:
    logger, stream = json_logger()
    logger.info("第 %d 条\n两行", 1)
    (entry,) = lines(stream)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "tests.bot.test_logs"
    assert entry["message"] == "第 1 条\n两行"
    assert entry["time"].endswith("+00:00")
    assert "conversation_id" not in entry


def test_the_conversation_id_is_on_every_line_of_the_turn_and_only_there() -> None:
    logger, stream = json_logger()
    with conversation("web-abc123"):
        logger.info("inside")
    logger.info("after")
    inside, after = lines(stream)
    assert inside["conversation_id"] == "web-abc123"
    assert "conversation_id" not in after


def test_phone_numbers_as_conversation_ids_keep_four_digits() -> None:
    assert log_conversation_id("+8613800138000") == "…8000"
    assert log_conversation_id("voice:+8613800138000") == "voice:…8000"
    assert log_conversation_id("test-1234") == "test-1234"


def test_exceptions_and_extras_are_fields() -> None:
    logger, stream = json_logger()
    try:
        raise ValueError("坏了")
    except ValueError:
        logger.exception("failed", extra={"ticket": "HZ-1", "odd": object()})
    (entry,) = lines(stream)
    assert "ValueError: 坏了" in entry["exception"]
    assert entry["ticket"] == "HZ-1"
    assert entry["odd"].startswith("<object")


def test_configure_logging_json_covers_root_and_sanic(restore_logging, capsys) -> None:
    configure_logging("json")
    logging.getLogger("some.module").info("hello")
    logging.getLogger("sanic.access").warning("GET /")
    err = capsys.readouterr().err.splitlines()
    assert [json.loads(line)["logger"] for line in err] == ["some.module", "sanic.access"]


def test_configure_logging_text_is_plain(restore_logging, capsys) -> None:
    configure_logging("text")
    logging.getLogger("some.module").info("hello")
    assert capsys.readouterr().err.strip().endswith("INFO some.module: hello")


def test_use_json_everywhere_keeps_installed_handlers_but_their_format(restore_logging) -> None:
    stream = io.StringIO()
    installed = logging.StreamHandler(stream)  # as coloredlogs would have put it there
    root = logging.getLogger()
    root.handlers[:] = [installed]
    root.setLevel(logging.INFO)
    use_json_everywhere()
    logging.getLogger("rasa.core").info("up")
    logging.getLogger("sanic.error").error("oops")
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == [
        "up",
        "oops",
    ]


@pytest.mark.parametrize(("raw", "expected"), [(None, "text"), ("json", "json"), ("JSON", "json")])
def test_log_format_setting(tmp_path: Path, raw: str | None, expected: str) -> None:
    env = {"LOG_FORMAT": raw} if raw else {}
    assert Settings.from_env(env, dotenv=tmp_path / "none").log_format == expected


def test_an_unknown_log_format_stops_the_process(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"}, dotenv=tmp_path / "none")


@pytest.mark.parametrize("sender", ["logs-e96f37180213", "a1b2c3d4e5f60718293", "12345"])
def test_other_conversation_ids_are_logged_as_they_are(sender: str) -> None:
    assert log_conversation_id(sender) == sender


def test_use_json_everywhere_reaches_libraries_own_console_handlers(restore_logging) -> None:
    stream = io.StringIO()
    library = logging.getLogger("tests.a_library_like_jieba")
    library.handlers[:] = [logging.StreamHandler(stream)]
    library.propagate = False
    try:
        use_json_everywhere()
        library.warning("Building prefix dict")
    finally:
        library.handlers.clear()
    assert json.loads(stream.getvalue())["message"] == "Building prefix dict"


def test_rasa_structlog_lines_become_fields() -> None:
    logger, stream = json_logger()
    logger.error(
        json.dumps(
            {
                "event": "interpolator.interpolate.text",
                "event_info": "The specified slot name does not exist",
                "level": "error",
                "placeholder_key": "x",
            }
        )
    )
    logger.info('{"not": "structlog"}')
    structured, plain = lines(stream)
    assert structured["message"] == "The specified slot name does not exist"
    assert structured["event"] == "interpolator.interpolate.text"
    assert structured["data"] == {"placeholder_key": "x"}
    assert structured["level"] == "ERROR"
    assert plain["message"] == '{"not": "structlog"}'


# --- Rasa's payload-parsing lines quote the user's text (issue 10, finding 7) ---------


@pytest.fixture
def redacted_capture(restore_logging) -> Iterator[io.StringIO]:
    """A root handler with the redaction installed, as the servers have it."""
    stream = io.StringIO()
    root = logging.getLogger()
    root.handlers[:] = [logging.StreamHandler(stream)]
    root.setLevel(logging.INFO)
    redact_payload_lines()
    try:
        yield stream
    finally:
        for name in PAYLOAD_LINE_LOGGERS:
            for flt in list(logging.getLogger(name).filters):
                if isinstance(flt, RedactPayloadText):
                    logging.getLogger(name).removeFilter(flt)


def test_rasas_unparsable_payload_warning_never_logs_the_text(redacted_capture) -> None:
    import warnings

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.message import Message

    secret_words = "greet 我的身份证和密码都在这里"
    domain = Domain.from_yaml("version: '3.1'\nintents:\n  - greet\n")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        YAMLStoryReader.unpack_regex_message(Message({"text": "/" + secret_words}), domain)
    logged = redacted_capture.getvalue()
    assert REDACTED_PAYLOAD_LINE in logged
    assert "身份证" not in logged


def test_rasas_structlog_parsing_event_is_redacted(redacted_capture) -> None:
    rasa_logger = logging.getLogger(PAYLOAD_LINE_LOGGERS[0])
    rasa_logger.warning(
        json.dumps({"user_text": "/{密码", "event": "message.parsing.failed"}, ensure_ascii=False)
    )
    logged = redacted_capture.getvalue()
    assert "密码" not in logged
    assert REDACTED_PAYLOAD_LINE in logged


def test_other_lines_pass_untouched(redacted_capture) -> None:
    logging.getLogger("rasa.core.processor").warning("an ordinary %s", "line")
    assert "an ordinary line" in redacted_capture.getvalue()


def test_redaction_is_installed_once(redacted_capture) -> None:
    redact_payload_lines()
    redact_payload_lines()
    for name in PAYLOAD_LINE_LOGGERS:
        filters = logging.getLogger(name).filters
        assert sum(isinstance(f, RedactPayloadText) for f in filters) == 1
