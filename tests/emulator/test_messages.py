"""Sending and editing messages: result shapes and Telegram's validation errors."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReactionTypeEmoji,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons]
    )


async def test_send_message_result_is_a_full_message(emu, bot):
    user = emu.add_user(first_name="Aziz", username="aziz", started=True)
    message = await bot.send_message(user.id, "Salom!", reply_markup=keyboard(("Yes", "yes")))
    assert isinstance(message, Message)
    assert message.chat.id == user.id and message.chat.type == "private" and message.chat.first_name == "Aziz"
    assert message.from_user.id == bot.id and message.from_user.is_bot
    assert message.text == "Salom!" and message.date
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "yes"
    stored = user.last_message()
    assert stored.message_id == message.message_id and stored.button_texts() == ["Yes"]
    (record,) = emu.sent(chat_id=user.id)
    assert (record.method, record.text, record.message_id) == ("sendMessage", "Salom!", message.message_id)


async def test_message_ids_count_up_per_chat(emu, bot):
    user = emu.add_user()
    incoming = await user.send_text("hi")
    answer = await bot.send_message(user.id, "hello")
    assert (incoming.message_id, answer.message_id) == (1, 2)


async def test_text_validation(emu, bot):
    user = emu.add_user(started=True)
    with pytest.raises(TelegramBadRequest, match=r"^Telegram server says - Bad Request: message text is empty$"):
        await bot.send_message(user.id, " \n ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(user.id, "<b> </b>", parse_mode="HTML")
    # 4096 is counted in UTF-16 code units after parsing: an emoji counts twice, tags not at all
    await bot.send_message(user.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(user.id, "😀" * 2049)
    await bot.send_message(user.id, "😀" * 2048)
    # leading and trailing whitespace is trimmed, like Telegram does
    message = await bot.send_message(user.id, "\n  padded  \n")
    assert message.text == "padded"


async def test_caption_limit(emu, bot):
    user = emu.add_user(started=True)
    photo = (await user.send_photo()).file_id
    with pytest.raises(TelegramBadRequest, match="Bad Request: message caption is too long"):
        await bot.send_photo(user.id, photo, caption="x" * 1025)
    message = await bot.send_photo(user.id, photo, caption="x" * 1024)
    assert len(message.caption) == 1024


async def test_chat_errors(emu, bot):
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(777, "hi")
    stranger = emu.add_user()  # never wrote to the bot
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "hi")
    await stranger.send_command("/start")
    await bot.send_message(stranger.id, "now it works")


async def test_reply_parameters(emu, bot):
    user = emu.add_user()
    question = await user.send_text("question?")
    answer = await bot.send_message(user.id, "answer", reply_parameters=ReplyParameters(message_id=question.message_id))
    assert answer.reply_to_message.text == "question?"
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to be replied not found"):
        await bot.send_message(user.id, "x", reply_parameters=ReplyParameters(message_id=999))
    lonely = await bot.send_message(
        user.id, "x", reply_parameters=ReplyParameters(message_id=999, allow_sending_without_reply=True)
    )
    assert lonely.reply_to_message is None


async def test_inline_keyboard_validation(emu, bot, raw):
    user = emu.add_user(started=True)
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(user.id, "x", reply_markup=keyboard(("long", "d" * 65)))
    await bot.send_message(user.id, "x", reply_markup=keyboard(("max", "ё" * 32)))  # 64 bytes is fine
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(user.id, "x", reply_markup=keyboard(("utf8", "ё" * 33)))
    status, body = await raw.call(
        "sendMessage", chat_id=user.id, text="x", reply_markup={"inline_keyboard": [[{"text": "t"}]]}
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    )
    status, body = await raw.form("sendMessage", chat_id=user.id, text="x", reply_markup="{not json")
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"
    url_and_inline = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="site", url="https://example.com")],
            [InlineKeyboardButton(text="share", switch_inline_query="")],
            [InlineKeyboardButton(text="here", switch_inline_query_current_chat="q")],
        ]
    )
    message = await bot.send_message(user.id, "links", reply_markup=url_and_inline)
    assert message.reply_markup.inline_keyboard[1][0].switch_inline_query == ""


async def test_reply_keyboards(emu, bot):
    user = emu.add_user(started=True)
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📍 Location", request_location=True)], [KeyboardButton(text="Help")]],
        resize_keyboard=True,
    )
    message = await bot.send_message(user.id, "choose", reply_markup=markup)
    assert message.reply_markup is None  # Telegram echoes only inline keyboards
    assert user.reply_keyboard_texts() == ["📍 Location", "Help"]
    sent = await user.press_reply_button("📍 Location")
    assert sent.kind == "location"
    assert (await user.press_reply_button("Help")).text == "Help"
    await bot.send_message(user.id, "bye", reply_markup=ReplyKeyboardRemove())
    assert user.reply_keyboard() is None
    await bot.send_message(user.id, "name?", reply_markup=ForceReply(input_field_placeholder="Name"))
    assert user.last_message().markup["force_reply"] is True


async def test_edit_message_text(emu, bot):
    user = emu.add_user(started=True)
    sent = await bot.send_message(user.id, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard(("a", "a")))
    edited = await bot.edit_message_text(
        "<b>v2</b>",
        chat_id=user.id,
        message_id=sent.message_id,
        parse_mode="HTML",
        reply_markup=keyboard(("a", "a")),
    )
    assert edited.text == "v2" and edited.edit_date
    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text(
            "<b>v2</b>",
            chat_id=user.id,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard(("a", "a")),
        )
    assert error.value.message == NOT_MODIFIED
    # the same text without the keyboard is a change: the keyboard is removed
    without = await bot.edit_message_text("<b>v2</b>", chat_id=user.id, message_id=sent.message_id, parse_mode="HTML")
    assert without.reply_markup is None
    stored = user.last_message()
    assert stored.text == "v2" and stored.edited and stored.buttons() == []
    assert [record.method for record in emu.sent(chat_id=user.id)] == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
    ]

    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=999)
    incoming = await user.send_text("mine")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be edited"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=incoming.message_id)


async def test_edit_caption_and_markup(emu, bot):
    user = emu.add_user(started=True)
    photo = await bot.send_photo(user.id, (await user.send_photo()).file_id, caption="old")
    text = await bot.send_message(user.id, "text")
    edited = await bot.edit_message_caption(chat_id=user.id, message_id=photo.message_id, caption="new")
    assert edited.caption == "new" and edited.photo
    with pytest.raises(TelegramBadRequest, match="Bad Request: there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=photo.message_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: there is no caption in the message to edit"):
        await bot.edit_message_caption(chat_id=user.id, message_id=text.message_id, caption="x")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=user.id, message_id=text.message_id)
    with_keyboard = await bot.edit_message_reply_markup(
        chat_id=user.id, message_id=text.message_id, reply_markup=keyboard(("ok", "ok"))
    )
    assert with_keyboard.reply_markup.inline_keyboard[0][0].text == "ok"


async def test_delete_message(emu, bot):
    user = emu.add_user(started=True)
    sent = await bot.send_message(user.id, "bye")
    assert await bot.delete_message(user.id, sent.message_id)
    assert user.messages()[-1].deleted and user.last_message() is None
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to delete not found"):
        await bot.delete_message(user.id, sent.message_id)
    incoming = await user.send_text("spam")
    assert await bot.delete_message(user.id, incoming.message_id)  # incoming private messages too

    group = emu.add_supergroup(is_forum=False, bot_is_admin=False)
    post = await group.post(group.add_member(), "hello")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be deleted"):
        await bot.delete_message(group.id, post.message_id)


async def test_reactions_and_chat_actions(emu, bot):
    user = emu.add_user()
    incoming = await user.send_text("thanks")
    assert await bot.set_message_reaction(user.id, incoming.message_id, [ReactionTypeEmoji(emoji="👍")])
    assert incoming.bot_reaction == [{"type": "emoji", "emoji": "👍"}]
    with pytest.raises(TelegramBadRequest, match="Bad Request: REACTION_INVALID"):
        await bot.set_message_reaction(user.id, incoming.message_id, [ReactionTypeEmoji(emoji="🦖")])
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to react not found"):
        await bot.set_message_reaction(user.id, 999, [ReactionTypeEmoji(emoji="👍")])
    assert await bot.send_chat_action(user.id, "typing")
    with pytest.raises(TelegramBadRequest, match="Bad Request: wrong parameter action in request"):
        await bot.send_chat_action(user.id, "dancing")


async def test_location_venue_contact(emu, bot):
    user = emu.add_user(started=True)
    location = await bot.send_location(user.id, 55.79, 49.12)
    assert (location.location.latitude, location.location.longitude) == (55.79, 49.12)
    venue = await bot.send_venue(user.id, 55.79, 49.12, "Migration centre", "Kazan, Ulitsa 1")
    assert venue.venue.title == "Migration centre" and venue.location.latitude == 55.79
    contact = await bot.send_contact(user.id, "+78432000000", "Hotline")
    assert contact.contact.phone_number == "+78432000000"
    with pytest.raises(TelegramBadRequest, match="wrong location specified"):
        await bot.send_location(user.id, 91, 0)


async def test_chat_info(emu, bot):
    user = emu.add_user(first_name="Aziz", last_name="K", username="aziz")
    info = await bot.get_chat(user.id)
    assert (info.type, info.first_name, info.username) == ("private", "Aziz", "aziz")
    group = emu.add_supergroup(title="Staff")
    info = await bot.get_chat(group.id)
    assert (info.type, info.title, info.is_forum, info.max_reaction_count) == (
        "supergroup",
        "Staff",
        True,
        11,
    )
    me = await bot.get_chat_member(group.id, bot.id)
    assert me.status == "administrator" and me.can_manage_topics
    consultant = group.add_member(admin=True)
    assert (await bot.get_chat_member(group.id, consultant.id)).status == "administrator"
    assert (await bot.get_chat_member(group.id, user.id)).status == "left"
    admins = await bot.get_chat_administrators(group.id)
    assert {a.status for a in admins} == {"creator", "administrator"}


async def test_commands_per_scope_and_language(emu, bot):
    from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

    await bot.set_my_commands([BotCommand(command="start", description="Boshlash")], language_code="uz")
    await bot.set_my_commands(
        [BotCommand(command="help", description="Помощь")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    assert [c.command for c in await bot.get_my_commands(language_code="uz")] == ["start"]
    assert await bot.get_my_commands() == []  # no fallback between languages, like getMyCommands
    assert emu.bot.commands({"type": "all_private_chats"}, "ru") == [{"command": "help", "description": "Помощь"}]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])
    await bot.delete_my_commands(language_code="uz")
    assert await bot.get_my_commands(language_code="uz") == []
