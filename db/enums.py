"""The closed sets of values the database stores: states, targets, directions, roles, kinds.

Stored as their plain string values (the same strings the tables always held), so changing a column
to an enum needs no migration. `EnumString` turns the stored text back into the enum on reading,
and refuses to write a value that is not a member.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class TicketStatus(StrEnum):
    DRAFT = "draft"  # a role was chosen, nothing written yet
    OPEN = "open"
    CLOSED = "closed"


class Role(StrEnum):
    """Who answers a consultation."""

    LAWYER = "lawyer"
    DOCTOR = "doctor"
    SOCIAL = "social"


class Direction(StrEnum):
    """Which way a ticket message went."""

    IN = "in"  # the person → the staff group
    OUT = "out"  # a consultant → the person


class OutboxStatus(StrEnum):
    PENDING = "pending"
    INFLIGHT = "inflight"  # handed to Telegram; the answer is not recorded yet
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"  # the person blocked the bot: kept until they unblock it


class OutboxTarget(StrEnum):
    USER = "user"  # a person's private chat
    STAFF = "staff"  # the staff group


class BroadcastStatus(StrEnum):
    SENDING = "sending"
    DONE = "done"


class GapKind(StrEnum):
    """Why a question counts as a content gap."""

    NO_ANSWER = "no-answer"
    NOT_HELPFUL = "not-helpful"


E = TypeVar("E", bound=StrEnum)


class EnumString(TypeDecorator[E]):
    """A VARCHAR column holding one StrEnum's values."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: object) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: object) -> E | None:
        return None if value is None else self.enum(value)
