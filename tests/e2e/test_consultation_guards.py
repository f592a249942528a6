"""End to end: who may act on a consultation, and what protects it (staff access, forged callbacks,
foreign chats, a blocked bot, a 403, a flood)."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import ConsultCb
from db.models import Ticket, User
from tests.e2e.consultation_helpers import only_ticket, writing_to
from tests.e2e.harness import started, t


async def is_banned(bot, ticket: Ticket) -> bool:  # type: ignore[no-untyped-def]
    async with bot.context.sessionmaker() as session:
        return await session.scalar(select(User.banned_at).where(User.id == ticket.user_id)) is not None


async def test_with_consultant_ids_only_listed_people_answer_or_manage_tickets(emulator, staff, running_bot):
    listed = emulator.add_user(first_name="Гульнара")
    bot = await running_bot(consultant_ids=str(listed.id))
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("мне не платят зарплату")
    await bot.idle()
    ticket = await only_ticket(bot)
    newcomer = staff.add_member(emulator.add_user(first_name="Новичок"))  # just joined the group
    before = len(user.messages())
    for text in ("я тоже отвечу", "и ещё раз", "/take", "/close", "/ban спам"):
        await staff.post(newcomer, text, thread_id=ticket.thread_id)
    await bot.idle()
    assert len(user.messages()) == before  # nothing reached the person
    ticket = await only_ticket(bot)
    assert ticket.status == "open" and ticket.taken_by is None and not await is_banned(bot, ticket)
    notice = t("ru", "staff-not-consultant")
    assert [m.text for m in staff.messages(thread_id=ticket.thread_id)].count(notice) == 1  # one short notice

    staff.add_member(listed)
    await staff.post(listed, "Обратитесь в инспекцию труда.", thread_id=ticket.thread_id)
    await staff.post(listed, "/take", thread_id=ticket.thread_id)
    await bot.idle()
    assert user.last_message().text.endswith("Обратитесь в инспекцию труда.")
    assert (await only_ticket(bot)).taken_by is not None


async def test_without_consultant_ids_ban_needs_admin_rights_in_the_group(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "social", "ru")
    await user.send_text("помогите")
    await bot.idle()
    ticket = await only_ticket(bot)
    member = staff.add_member(emulator.add_user(first_name="Участник"))
    await staff.post(member, "Мы поможем.", thread_id=ticket.thread_id)  # members may answer
    await staff.post(member, "/ban спам", thread_id=ticket.thread_id)
    await staff.post(member, "/ban ещё раз", thread_id=ticket.thread_id)
    await bot.idle()
    assert user.last_message().text.endswith("Мы поможем.")
    assert not await is_banned(bot, ticket)
    texts = [m.text for m in staff.messages(thread_id=ticket.thread_id)]
    assert texts.count(t("ru", "staff-ban-admins-only")) == 1
    assert len(emulator.find_calls("getChatMember", user_id=member.id)) == 1  # remembered for a while

    admin = staff.add_member(emulator.add_user(first_name="Админ"), admin=True)
    await staff.post(admin, "/ban спам", thread_id=ticket.thread_id)
    await bot.idle()
    assert await is_banned(bot, ticket)


async def test_forged_or_foreign_callbacks_cannot_touch_another_ticket(emulator, staff, running_bot):
    bot = await running_bot()
    owner = await writing_to(emulator, bot, "lawyer", "ru")
    await owner.send_text("мой вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    intruder = await started(emulator, bot, "ru")
    menu = intruder.last_message()
    for data in (
        ConsultCb(action="close", ticket=ticket.code).pack(),
        ConsultCb(action="closeok", ticket=ticket.code).pack(),
        ConsultCb(action="keep", ticket=ticket.code).pack(),
        ConsultCb(action="write", ticket=ticket.code).pack(),
        ConsultCb(action="rate", ticket=ticket.code, value=1).pack(),
        ConsultCb(action="go", role="pilot").pack(),
    ):
        answer = await intruder.press_forged(menu, data)
        await answer.wait_answered()
        assert answer.show_alert
    await bot.idle()
    ticket = await only_ticket(bot)
    assert ticket.status == "open" and ticket.rating is None
    # And the intruder cannot write into it.
    await intruder.send_text("взлом")
    await bot.idle()
    assert "взлом" not in [m.text for m in staff.messages(thread_id=ticket.thread_id)]


async def test_only_the_staff_group_relays(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    other = emulator.add_supergroup(title="Not staff", is_forum=True)
    member = other.add_member()
    topic = await other.create_topic("fake", by=other.owner) if hasattr(other, "create_topic") else None
    thread = topic.id if topic is not None else None
    before = len(user.messages())
    await other.post(member, "я не консультант", thread_id=thread)
    await bot.idle()
    assert len(user.messages()) == before
    assert emulator.find_calls("leaveChat", chat_id=other.id)
    assert ticket.thread_id is not None


async def test_blocked_user_is_noticed_and_replies_wait_for_unblock(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "social", "ru")
    await user.send_text("помогите с жильём")
    await bot.idle()
    ticket = await only_ticket(bot)
    emulator.block(user.id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-user-blocked", code=ticket.code)
    consultant = staff.add_member()
    await staff.post(consultant, "Вот адреса приютов.", thread_id=ticket.thread_id)
    await bot.idle()
    assert not any("приютов" in (m.text or "") for m in user.messages())
    emulator.unblock(user.id)
    await bot.idle()
    assert user.last_message().text.endswith("Вот адреса приютов.")
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-user-unblocked", code=ticket.code)


async def test_403_on_delivery_marks_the_ticket(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    emulator.faults.add(chat_id=user.id, kind="403", times=1)
    consultant = staff.add_member()
    await staff.post(consultant, "ответ", thread_id=ticket.thread_id)
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        assert (await session.get(User, ticket.user_id)).blocked_bot_at is not None
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-user-blocked", code=ticket.code)


async def test_flood_guard_refuses_politely(emulator, staff, running_bot):
    bot = await running_bot(user_messages_per_minute=5)
    user = await writing_to(emulator, bot, "lawyer", "ru")
    for number in range(7):
        await user.send_text(f"сообщение {number}")
    await bot.idle()
    ticket = await only_ticket(bot)
    relayed = [m.text for m in staff.messages(thread_id=ticket.thread_id)][1:]
    assert relayed == [f"сообщение {n}" for n in range(5)]
    refusals = [m for m in user.messages() if m.text == t("ru", "consult-too-fast")]
    assert len(refusals) == 1  # told once for the window (the text says the next ones are not sent either)
