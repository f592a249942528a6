"""End to end: the real bot over HTTP against the emulator, in polling and in webhook mode."""

from __future__ import annotations

import json

from bot.callbacks import LangCb, MenuCb
from tests.e2e.harness import I18N, t, wait_until


async def test_start_language_menu_sos(emulator, staff, running_bot, mode):
    bot = await running_bot(mode)
    user = emulator.add_user(first_name="Aziz", language_code="uz")
    await user.send_command("/start")
    picker = await wait_until(user.last_message, message="language picker")
    # Every language is offered, written in its own name; the Telegram language comes first.
    assert len(picker.button_texts()) == 6
    assert "Oʻzbekcha" in picker.button_texts()[0]
    await user.press(LangCb(code="uz").pack())
    await bot.idle()
    texts = [m.text for m in user.messages()]
    assert t("uz", "welcome") + "\n\n" + t("uz", "lang-saved") in texts  # a first visit: the welcome
    menu = user.last_message()
    assert menu.text == t("uz", "menu-title")
    assert t("uz", "menu-sos") in menu.button_texts()
    await user.press(MenuCb(section="sos").pack())
    await bot.idle()
    sos = user.last_message().text
    assert sos == t("uz", "sos-text")
    for number in ("112", "101", "102", "103", "104"):
        assert number in sos


async def test_sos_works_from_any_state(emulator, staff, running_bot):
    bot = await running_bot()
    user = emulator.add_user(language_code="ru")
    await user.send_command("/start")
    await bot.idle()
    await user.press(LangCb(code="tg").pack())
    await bot.idle()
    await user.send_command("/sos")
    await bot.idle()
    assert user.last_message().text == t("tg", "sos-text")
    await user.send_text(I18N.get("tg")("kbd-sos"))  # the always-visible reply keyboard button
    await bot.idle()
    assert user.last_message().text == t("tg", "sos-text")


async def test_language_change_survives_restart(emulator, staff, running_bot):
    bot = await running_bot()
    user = emulator.add_user(language_code="en")
    await user.send_command("/start")
    await bot.idle()
    await user.press(LangCb(code="en").pack())
    await bot.idle()
    await user.send_command("/language")
    await bot.idle()
    await user.press(LangCb(code="ky").pack())
    await bot.idle()
    assert user.last_message().text == t("ky", "menu-title")
    await bot.stop()

    bot = await running_bot()
    await user.send_command("/help")
    await bot.idle()
    assert user.last_message().text == t("ky", "help-text")
    await user.send_command("/start")
    await bot.idle()
    assert user.last_message().text == t("ky", "menu-title")  # no second language picker


async def test_commands_registered_per_language(emulator, staff, running_bot):
    await running_bot()
    for code in ("ru", "uz", "tg", "ky", "en"):
        calls = emulator.find_calls("setMyCommands", language_code=code)
        assert calls, f"no setMyCommands for {code}"
    # The list for every other Telegram language: a call with no language_code at all.
    default = [call for call in emulator.find_calls("setMyCommands") if call.params.get("language_code") is None]
    scopes = sorted(json.dumps(call.params.get("scope"), sort_keys=True) for call in default)
    private = [scope for scope in scopes if "all_private_chats" in scope]
    assert len(private) == 1, "no setMyCommands for the default language in private chats"
    assert len(scopes) == 2, "one more for the admin's own chat (BotCommandScopeChat)"


async def test_set_my_commands_failure_does_not_stop_the_bot(emulator, staff, running_bot):
    emulator.faults.add(method="setMyCommands", kind="500", times=10)
    bot = await running_bot()
    user = emulator.add_user(language_code="ru")
    await user.send_command("/start")
    await bot.idle()
    assert user.last_message() is not None
