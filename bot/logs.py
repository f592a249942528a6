"""Logging set-up. At INFO nothing identifies a user or quotes what they wrote.

`LOG_FORMAT=json` writes one JSON object per line for log collectors. An exception's message can
quote data (SQL parameters, a user's text in a parse error), so below DEBUG a JSON line carries the
exception's type and where it was raised, never its message.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def __init__(self, exception_messages: bool = False) -> None:
        super().__init__()
        self.exception_messages = exception_messages

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            kind, error, trace = record.exc_info
            line["exc_type"] = kind.__name__
            frames = traceback.extract_tb(trace)
            line["exc_where"] = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in frames]
            if self.exception_messages:
                line["exc_message"] = str(error)
        return json.dumps(line, ensure_ascii=False)


def setup_logging(level: str = "INFO", log_format: str = "text") -> None:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter(exception_messages=level.upper() == "DEBUG"))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), handlers=[handler], force=True)
    if level.upper() != "DEBUG":
        # aiogram's per-update lines carry no personal data but drown everything else.
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
