"""Repositories own the SQL; handlers and services never write queries themselves."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import CursorResult, Result


def changed_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed. `execute` is typed as returning a `Result`; for
    these statements it is a `CursorResult`, the one that knows the count."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of an UPDATE or DELETE: {type(result).__name__}")
    return result.rowcount or 0
