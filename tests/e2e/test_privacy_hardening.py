"""Privacy and abuse rules that must hold over time: a ban outlives /forget."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import ConsultCb, ForgetCb, LangCb, MenuCb
from db.models import Ticket, User
from tests.e2e.consultation_helpers import only_ticket, writing_to
from tests.e2e.harness import t


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


async def test_stored_updates_keep_no_names_usernames_or_language(emulator, staff, running_bot):
    import json
    import time

    from aiogram.types import Update

    from db.models import InboxUpdate

    bot = await running_bot()
    person = {"id": 5550001, "is_bot": False, "first_name": "Zarina", "last_name": "Karimova"}
    person |= {"username": "zarina_k", "language_code": "uz"}
    boss = {"id": 5550002, "is_bot": False, "first_name": "Rustam", "username": "rustam_boss"}
    chat = {"id": 5550001, "type": "private", "first_name": "Zarina", "last_name": "Karimova", "username": "zarina_k"}
    message = {"message_id": 1, "date": int(time.time()), "chat": chat, "from": person, "text": "Rustam"}
    message |= {"entities": [{"type": "text_mention", "offset": 0, "length": 6, "user": boss}]}
    consultant = {"id": 5550003, "is_bot": False, "first_name": "Dilnoza", "username": "dilnoza_lawyer"}
    group = {"id": staff.id, "type": "supergroup", "title": "Staff", "is_forum": True}
    in_staff = {"message_id": 2, "date": int(time.time()), "chat": group, "from": consultant, "text": "/take"}
    updates = [
        Update.model_validate({"update_id": 20_000_001, "message": message}),
        Update.model_validate({"update_id": 20_000_002, "message": in_staff}),
    ]
    assert bot.app is not None
    await bot.app.inbox.store(updates)
    async with bot.context.sessionmaker() as session:
        rows = {row.update_id: row for row in (await session.execute(select(InboxUpdate))).scalars()}
    stored = bot.context.vault.decrypt(rows[20_000_001].payload).decode()
    for identifying in ("Zarina", "Karimova", "zarina_k", "Rustam", "rustam_boss", '"language_code"'):
        assert identifying not in stored.replace('"text": "Rustam"', "")
    decoded = Update.model_validate(json.loads(stored))  # still an update the handlers can take
    assert decoded.message.from_user.id == person["id"] and decoded.message.text == "Rustam"
    # A consultant's own first name stays: staff features show it to the other consultants.
    staff_stored = json.loads(bot.context.vault.decrypt(rows[20_000_002].payload))
    assert staff_stored["message"]["from_user"]["first_name"] == "Dilnoza"
    assert "dilnoza_lawyer" not in json.dumps(staff_stored)
