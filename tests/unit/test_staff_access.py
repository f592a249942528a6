"""StaffAccess: who may answer and /ban in the staff group, and how long an admin check is remembered."""

from __future__ import annotations

from types import SimpleNamespace

from aiogram.types import Message

from bot.services.staff_access import ADMIN_CACHE_SECONDS, NOTICE_INTERVAL, StaffAccess
from tests.conftest import STAFF_CHAT_ID

ANONYMOUS_ADMIN_BOT = 1087968824  # Telegram's GroupAnonymousBot


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


class Members:
    """Stands in for Bot.get_chat_member: statuses by user id, and how often it was asked."""

    def __init__(self, **statuses: str) -> None:
        self.statuses = {int(key.removeprefix("u")): value for key, value in statuses.items()}
        self.asked = 0

    async def get_chat_member(self, chat_id: int, user_id: int) -> SimpleNamespace:
        self.asked += 1
        return SimpleNamespace(status=self.statuses.get(user_id, "member"))


def staff_message(user_id: int, *, is_bot: bool = False, sender_chat: int | None = None) -> Message:
    data: dict[str, object] = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": STAFF_CHAT_ID, "type": "supergroup", "title": "Staff"},
        "from": {"id": user_id, "is_bot": is_bot, "first_name": "x"},
        "text": "/ban",
    }
    if sender_chat is not None:
        data["sender_chat"] = {"id": sender_chat, "type": "supergroup", "title": "Staff"}
    return Message.model_validate(data)


async def test_without_a_list_anyone_answers_but_only_admins_ban(make_settings):
    clock, members = Clock(), Members(u7="administrator")
    access = StaffAccess(make_settings(), clock)
    assert access.is_consultant(staff_message(5)) and access.is_consultant(staff_message(7))
    assert not await access.may_ban(members, staff_message(5))  # type: ignore[arg-type]
    assert await access.may_ban(members, staff_message(7))  # type: ignore[arg-type]
    assert not await access.may_ban(members, staff_message(5))  # type: ignore[arg-type]
    assert members.asked == 2  # remembered
    clock.now += ADMIN_CACHE_SECONDS
    members.statuses[5] = "administrator"  # promoted: known after the cache expires
    assert await access.may_ban(members, staff_message(5))  # type: ignore[arg-type]
    anonymous = staff_message(ANONYMOUS_ADMIN_BOT, is_bot=True, sender_chat=STAFF_CHAT_ID)
    assert await access.may_ban(members, anonymous)  # type: ignore[arg-type]
    assert access.is_consultant(anonymous)  # an anonymous admin may still /take and /close


async def test_with_a_list_only_listed_people_act_and_others_hear_once(make_settings):
    clock, members = Clock(), Members(u9="creator")
    access = StaffAccess(make_settings(consultant_ids="5"), clock)
    assert access.is_consultant(staff_message(5)) and not access.is_consultant(staff_message(9))
    assert await access.may_ban(members, staff_message(5))  # type: ignore[arg-type]
    assert not await access.may_ban(members, staff_message(9))  # type: ignore[arg-type]  # the list decides
    assert members.asked == 0
    assert access.should_notice(9) and not access.should_notice(9)
    clock.now += NOTICE_INTERVAL
    assert access.should_notice(9)
