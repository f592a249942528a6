"""Privacy and abuse rules that must hold over time: a ban outlives /forget."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import ConsultCb, ForgetCb, LangCb, MenuCb
from db.models import Ticket, User
from tests.e2e.harness import t
from tests.e2e.test_consultations import only_ticket, writing_to


async def test_a_ban_survives_forget_and_a_fresh_start(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("спам спам")
    await bot.idle()
    ticket = await only_ticket(bot)
    admin = staff.add_member(emulator.add_user(first_name="Админ"), admin=True)
    await staff.post(admin, "/ban спам", thread_id=ticket.thread_id)
    await bot.idle()
    await user.send_command("/forget")
    await bot.idle()
    await user.press(ForgetCb(confirm=True).pack())
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0  # /forget still deletes the row
    relayed_before = len(staff.messages())

    await user.send_command("/start")  # as if new
    await bot.idle()
    await user.press(LangCb(code="ru").pack())
    await bot.idle()
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    assert user.last_message().text == t("ru", "consult-banned")
    # Even a button pressed from an old message cannot open a consultation.
    answer = await user.press_forged(user.last_message(), ConsultCb(action="go", role="social").pack())
    await answer.wait_answered()
    await bot.idle()
    await user.send_text("это снова я")
    await bot.idle()
    assert len(staff.messages()) == relayed_before  # nothing reached staff
    async with bot.context.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ticket).where(Ticket.role == "social")) == 0
