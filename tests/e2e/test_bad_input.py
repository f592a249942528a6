"""Bad input gets a clear answer and nothing crashes: unknown commands, stickers, media, edits,
forged buttons, huge texts, blocked users, foreign groups, restarts and 429s."""

from __future__ import annotations

from bot.callbacks import LangCb, MenuCb
from tests.e2e.harness import started, t, wait_until


async def test_unknown_command_sticker_media_edit(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "en")
    await user.send_command("/doesnotexist")
    await bot.idle()
    assert user.last_message().text == t("en", "hint-unknown-command")
    await user.send_sticker()
    await bot.idle()
    assert user.last_message().text == t("en", "hint-sticker")
    await user.send_document(file_name="scan.pdf")
    await bot.idle()
    assert user.last_message().text == t("en", "held-offer")  # a consultant can read it
    sent = await user.send_text("hello there")
    await bot.idle()
    await user.edit_text(sent, "hello again")
    await bot.idle()
    assert user.last_message().text == t("en", "hint-edited")


async def test_forged_and_stale_callbacks_are_refused(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    menu = user.last_message()
    before = len(user.messages())
    for data in ("lang:de", "m:nonexistent", "kb:art::0:no-such-article:0", "garbage", "x" * 64):
        answer = await user.press_forged(menu, data)
        await answer.wait_answered()
        assert answer.show_alert and answer.text == t("ru", "error-stale-button")
    await bot.idle()
    assert len(user.messages()) == before  # nothing else was sent
    # A forged language code never changes the stored language.
    await user.send_command("/help")
    await bot.idle()
    assert user.last_message().text == t("ru", "help-text")


async def test_oversized_text_gets_an_answer(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    before = len(user.messages())
    await user.send_text("патент " + "очень длинный вопрос " * 190)  # about 4,000 characters
    await bot.idle()
    assert len(user.messages()) > before
    assert not [call for call in emulator.calls if call.status == 400]


async def test_user_who_blocked_the_bot_does_not_break_it(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    other = await started(emulator, bot, "en")
    emulator.block(user.id)
    await bot.idle()
    await other.send_command("/sos")
    await bot.idle()
    assert other.last_message().text == t("en", "sos-text")
    assert not bot.app.inbox.serializer.pending


async def test_bot_leaves_foreign_groups(emulator, staff, running_bot):
    bot = await running_bot()
    group = emulator.add_group(title="Some chat")
    member = group.add_member(emulator.add_user())
    await group.post(member, "hello bot")
    await bot.idle()
    assert emulator.find_calls("leaveChat", chat_id=group.id)
    # The staff group is never left.
    assert not emulator.find_calls("leaveChat", chat_id=staff.id)


async def test_restart_mid_conversation(emulator, staff, running_bot):
    bot = await running_bot()
    user = emulator.add_user(language_code="tg")
    await user.send_command("/start")
    await bot.idle()
    picker = user.last_message()
    await bot.stop()
    bot = await running_bot()
    await user.press(LangCb(code="tg").pack(), message_id=picker)  # a button from before the restart
    await bot.idle()
    assert user.last_message().text == t("tg", "menu-title")


async def test_updates_sent_while_the_bot_is_down_are_processed(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ky")
    await bot.stop()
    await user.send_command("/sos")
    await user.send_command("/help")
    bot = await running_bot()
    await bot.idle()
    texts = [m.text for m in user.messages()[-2:]]
    assert texts == [t("ky", "sos-text"), t("ky", "help-text")]


async def test_429_is_retried_after_retry_after_and_delivered_once(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru")
    emulator.faults.add(method="sendMessage", chat_id=user.id, kind="429", retry_after=1, times=1)
    await user.press(MenuCb(section="sos").pack())
    await wait_until(lambda: user.last_message().text == t("ru", "sos-text"), timeout=10, message="the SOS text")
    await bot.idle()
    sos_messages = [m for m in user.messages() if m.text == t("ru", "sos-text")]
    assert len(sos_messages) == 1
    failed = [c for c in emulator.find_calls("sendMessage", chat_id=user.id) if c.status == 429]
    assert len(failed) == 1
    # The retry came no earlier than retry_after.
    calls = emulator.find_calls("sendMessage", chat_id=user.id)
    retry = calls[calls.index(failed[0]) + 1]
    assert retry.time - failed[0].time >= 1.0
