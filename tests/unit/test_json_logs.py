"""LOG_FORMAT=json: one JSON object per line, and an exception's message only at DEBUG."""

from __future__ import annotations

import json
import logging

from bot.logs import JsonFormatter, setup_logging


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("bot.test", logging.WARNING, __file__, 1, message, args, exc_info)


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_one_object_per_line_even_with_newlines():
    line = JsonFormatter().format(record("update %s failed\nsecond line", 42))
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "update 42 failed\nsecond line"
    assert data["level"] == "WARNING" and data["logger"] == "bot.test"
    assert data["time"].endswith("+00:00")


def test_exception_message_is_kept_out_below_debug():
    error = raised(ValueError("parameters: ('Шухрат', 812345678901)"))
    data = json.loads(JsonFormatter().format(record("handler failed", exc=error)))
    assert data["exc_type"] == "ValueError"
    assert any("test_json_logs.py" in frame for frame in data["exc_where"])
    assert "Шухрат" not in json.dumps(data, ensure_ascii=False) and "812345678901" not in json.dumps(data)
    debug = json.loads(JsonFormatter(exception_messages=True).format(record("handler failed", exc=error)))
    assert "Шухрат" in debug["exc_message"]


def test_setup_logging_installs_the_chosen_format(monkeypatch):
    installed: list[logging.Handler] = []
    monkeypatch.setattr(logging, "basicConfig", lambda **kwargs: installed.extend(kwargs["handlers"]))
    setup_logging("INFO", "json")
    setup_logging("INFO", "text")
    assert isinstance(installed[0].formatter, JsonFormatter)
    assert not isinstance(installed[1].formatter, JsonFormatter)
