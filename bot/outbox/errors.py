"""The one place that recognises Telegram's errors, by class and by the text Telegram sends.

Telegram gives most 400s no code of their own, only a description, so this is the only module that
reads descriptions. Everything else asks `classify(error)` and gets a `Failure`.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)


class PermanentFailure(Exception):
    """The action can never succeed (e.g. the person's data was deleted before it was sent)."""


class Failure(StrEnum):
    RATE_LIMITED = "429"  # wait `retry_after`
    BLOCKED = "403"  # the person blocked the bot, or the bot was removed from the group
    TRANSIENT = "transient"  # 5xx, timeouts, network: try again later
    THREAD_NOT_FOUND = "thread-not-found"  # the forum topic was deleted
    TOPIC_CLOSED = "topic-closed"  # the forum topic is closed: nobody but admins may write
    NOT_MODIFIED = "not-modified"  # an edit that changes nothing: as good as done
    NOT_A_FORUM = "not-a-forum"  # topics were turned off in the staff group
    UNCOPYABLE = "uncopyable"  # the message to copy is gone (deleted), or cannot be copied
    REFUSED = "refused"  # any other refusal: retrying will not help


_BAD_REQUESTS: list[tuple[tuple[str, ...], Failure]] = [
    (("message is not modified", "topic_not_modified"), Failure.NOT_MODIFIED),
    (("message thread not found",), Failure.THREAD_NOT_FOUND),
    (("topic_closed",), Failure.TOPIC_CLOSED),
    (("not a forum", "chat_not_forum"), Failure.NOT_A_FORUM),
    (("message to copy not found", "no messages to copy", "can't be copied"), Failure.UNCOPYABLE),
]


def classify(error: BaseException) -> Failure | None:
    """What a failed call means; None when it is not Telegram's answer at all (a bug of ours)."""
    if isinstance(error, TelegramRetryAfter):
        return Failure.RATE_LIMITED
    if isinstance(error, TelegramForbiddenError):
        return Failure.BLOCKED
    if isinstance(error, (TelegramServerError, TelegramNetworkError, TimeoutError)):
        return Failure.TRANSIENT
    if isinstance(error, TelegramBadRequest):
        text = error.message.lower()
        for phrases, failure in _BAD_REQUESTS:
            if any(phrase in text for phrase in phrases):
                return failure
        return Failure.REFUSED
    if isinstance(error, PermanentFailure):
        return Failure.REFUSED
    if isinstance(error, TelegramAPIError):  # 401, 404, 409...: odd, but maybe passing
        return Failure.TRANSIENT
    return None


def is_one_of(error: BaseException, *failures: Failure) -> bool:
    return classify(error) in failures
