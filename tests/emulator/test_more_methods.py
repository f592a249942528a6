"""The less central methods: every media kind, batches, pins, profile texts, menu buttons, Markdown."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, MenuButtonCommands


@pytest.mark.parametrize(
    ("method", "kind", "file_name"),
    [
        ("send_video", "video", "clip.mp4"),
        ("send_audio", "audio", "song.mp3"),
        ("send_animation", "animation", "fun.mp4"),
        ("send_video_note", "video_note", "note.mp4"),
        ("send_sticker", "sticker", "s.webp"),
        ("send_voice", "voice", "v.ogg"),
    ],
)
async def test_every_media_kind_by_upload(emu, bot, method, kind, file_name):
    user = emu.add_user(started=True)
    message = await getattr(bot, method)(user.id, BufferedInputFile(b"bytes of " + kind.encode(), file_name))
    media = getattr(message, kind)
    assert media.file_id and media.file_unique_id
    assert user.last_message().kind == kind
    file = await bot.get_file(media.file_id)
    assert (await bot.download_file(file.file_path)).read() == b"bytes of " + kind.encode()


async def test_batches(emu, bot):
    user = emu.add_user()
    staff = emu.add_supergroup(is_forum=False)
    first, second = await user.send_text("one"), await user.send_text("two")
    forwarded = await bot.forward_messages(staff.id, user.id, [first.message_id, second.message_id, 999])
    assert len(forwarded) == 2  # missing messages are skipped
    assert staff.chat.messages[forwarded[0].message_id].data["forward_origin"]["sender_user"]["id"] == user.id
    sent = [await bot.send_message(user.id, f"m{i}") for i in range(3)]
    assert await bot.delete_messages(user.id, [m.message_id for m in sent] + [12345])
    assert all(m.deleted for m in user.messages())
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_messages(user.id, [12345])
    with pytest.raises(TelegramBadRequest, match="there are no messages to copy"):
        await bot.copy_messages(staff.id, user.id, [777, 778])


async def test_pins_counts_and_profile(emu, bot):
    staff = emu.add_supergroup(is_forum=False)
    staff.add_member()
    message = await bot.send_message(staff.id, "rules")
    assert await bot.pin_chat_message(staff.id, message.message_id)
    assert (await bot.get_chat(staff.id)).pinned_message.text == "rules"
    assert await bot.unpin_chat_message(staff.id)
    with pytest.raises(TelegramBadRequest, match="message to pin not found"):
        await bot.pin_chat_message(staff.id, 999)
    assert await bot.get_chat_member_count(staff.id) == 3  # owner, bot, member

    await bot.set_my_description("Huquqiy yordam", language_code="uz")
    assert (await bot.get_my_description(language_code="uz")).description == "Huquqiy yordam"
    assert (await bot.get_my_description()).description == ""
    await bot.set_my_short_description("Help")
    assert (await bot.get_my_short_description()).short_description == "Help"
    assert (await bot.get_my_name()).name == "mi-Help"
    await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert (await bot.get_chat_menu_button()).type == "commands"


async def test_legacy_markdown(emu, bot):
    user = emu.add_user(started=True)
    message = await bot.send_message(user.id, "*bold* _it_ `code` [link](https://t.me/x)", parse_mode="Markdown")
    assert message.text == "bold it code link"
    assert [e.type for e in message.entities] == ["bold", "italic", "code", "text_link"]
    with pytest.raises(TelegramBadRequest, match="Can't find end of the entity starting at byte offset 0"):
        await bot.send_message(user.id, "*unclosed", parse_mode="Markdown")


async def test_group_ids_and_usernames(emu, bot):
    staff = emu.add_supergroup(username="mihelp_staff")
    assert str(staff.id).startswith("-100") and len(str(staff.id)) == 14
    plain = emu.add_group(notify_bot=False)
    assert -(10**10) < plain.id < 0
    message = await bot.send_message("@mihelp_staff", "by username")
    assert message.chat.id == staff.id and message.chat.username == "mihelp_staff"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message("@nobody_here", "x")
