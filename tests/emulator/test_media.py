"""Files and media: uploads, file_ids, getFile and downloads, copies, forwards and albums."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaAudio, InputMediaDocument, InputMediaPhoto


async def test_upload_get_file_and_download(emu, bot, http):
    user = emu.add_user(started=True)
    payload = b"%PDF-1.4 contract"
    message = await bot.send_document(user.id, BufferedInputFile(payload, "contract.pdf"), caption="Your contract")
    document = message.document
    assert (document.file_name, document.mime_type, document.file_size) == (
        "contract.pdf",
        "application/pdf",
        len(payload),
    )
    assert message.caption == "Your contract"
    file = await bot.get_file(document.file_id)
    assert file.file_unique_id == document.file_unique_id and file.file_path.startswith("documents/")
    assert (await bot.download_file(file.file_path)).read() == payload
    async with http.get(f"{emu.base_url}/file/bot{bot.token}/{file.file_path}") as response:
        assert response.status == 200 and await response.read() == payload
    async with http.get(f"{emu.base_url}/file/bot{bot.token}/documents/nothing.pdf") as response:
        assert response.status == 404
    assert emu.file_bytes(document.file_id) == payload


async def test_photo_upload_has_sizes_and_file_id_reuse(emu, bot):
    first, second = emu.add_user(started=True), emu.add_user(started=True)
    sent = await bot.send_photo(first.id, BufferedInputFile(b"\xff\xd8jpeg", "p.jpg"))
    assert len(sent.photo) == 2 and sent.photo[0].width < sent.photo[-1].width
    again = await bot.send_photo(second.id, sent.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id


async def test_media_from_users_can_be_resent_and_downloaded(emu, bot):
    user = emu.add_user()
    voice = await user.send_voice(duration=7)
    (update,) = await bot.get_updates()
    assert update.message.voice.duration == 7
    resent = await bot.send_voice(user.id, update.message.voice.file_id)
    assert resent.voice.file_id == voice.file_id
    file = await bot.get_file(voice.file_id)
    assert (await bot.download_file(file.file_path)).read() == emu.file_bytes(voice.file_id)


async def test_file_errors(emu, bot, raw):
    user = emu.add_user()
    photo = await user.send_photo()
    with pytest.raises(TelegramBadRequest, match="Bad Request: wrong file identifier/HTTP URL specified"):
        await bot.send_photo(user.id, "AgACnotAFileId")
    with pytest.raises(TelegramBadRequest, match="Bad Request: failed to get HTTP URL content"):
        await bot.send_photo(user.id, "https://example.com/cat.jpg")
    with pytest.raises(TelegramBadRequest, match="Bad Request: type of file mismatch"):
        await bot.send_voice(user.id, photo.file_id)
    with pytest.raises(TelegramBadRequest, match="Bad Request: invalid file_id"):
        await bot.get_file("nope")
    status, body = await raw.call("sendPhoto", chat_id=user.id)
    assert (status, body["description"]) == (400, "Bad Request: there is no photo in the request")


async def test_raw_multipart_file_part(emu, raw, http):
    user = emu.add_user(started=True)
    form = aiohttp.FormData()
    form.add_field("chat_id", str(user.id))
    form.add_field("document", b"plain part", filename="notes.txt", content_type="text/plain")
    async with http.post(raw.url("sendDocument"), data=form) as response:
        body = await response.json()
    assert body["ok"] and body["result"]["document"]["file_name"] == "notes.txt"
    assert body["result"]["document"]["mime_type"] == "text/plain"
    assert emu.find_calls("sendDocument")[0].params["document"] == "<file 'notes.txt', 10 bytes>"


async def test_copy_message_keeps_media_and_caption(emu, bot):
    user = emu.add_user()
    staff = emu.add_supergroup()
    topic = await bot.create_forum_topic(staff.id, "Ticket")
    photo = await user.send_photo(caption="my <passport> #doc")
    copied = await bot.copy_message(staff.id, user.id, photo.message_id, message_thread_id=topic.message_thread_id)
    copy = staff.chat.messages[copied.message_id]
    assert copy.kind == "photo" and copy.file_id == photo.file_id
    assert copy.caption == "my <passport> #doc" and copy.thread_id == topic.message_thread_id
    assert "forward_origin" not in copy.data
    assert copy.data["caption_entities"] == [{"type": "hashtag", "offset": 14, "length": 4}]

    renamed = await bot.copy_message(staff.id, user.id, photo.message_id, caption="<b>New</b>", parse_mode="HTML")
    assert staff.chat.messages[renamed.message_id].caption == "New"
    text = await user.send_text("plain text")
    text_copy = await bot.copy_message(staff.id, user.id, text.message_id)
    assert staff.chat.messages[text_copy.message_id].text == "plain text"

    with pytest.raises(TelegramBadRequest, match="Bad Request: message to copy not found"):
        await bot.copy_message(staff.id, user.id, 999)
    with pytest.raises(TelegramBadRequest, match="Bad Request: message can't be copied"):
        await bot.copy_message(user.id, staff.id, topic.message_thread_id)  # the topic's service message
    assert [r.method for r in emu.sent(chat_id=staff.id)] == [
        "createForumTopic",
        "copyMessage",
        "copyMessage",
        "copyMessage",
    ]


async def test_forward_message_has_an_origin(emu, bot):
    user = emu.add_user(first_name="Aziz")
    staff = emu.add_supergroup(is_forum=False)
    original = await user.send_document(file_name="paper.pdf", caption="see")
    forwarded = await bot.forward_message(staff.id, user.id, original.message_id)
    assert forwarded.forward_origin.type == "user" and forwarded.forward_origin.sender_user.id == user.id
    assert forwarded.document.file_name == "paper.pdf" and forwarded.caption == "see"


async def test_send_media_group(emu, bot):
    user = emu.add_user()
    known = (await user.send_photo()).file_id
    album = [
        InputMediaPhoto(media=BufferedInputFile(b"first", "1.jpg"), caption="<i>two photos</i>", parse_mode="HTML"),
        InputMediaPhoto(media=known),
    ]
    messages = await bot.send_media_group(user.id, album)
    assert len(messages) == 2 and len({m.media_group_id for m in messages}) == 1
    assert messages[0].caption == "two photos" and messages[0].caption_entities[0].type == "italic"
    assert messages[1].photo[-1].file_id == known
    assert [r.method for r in emu.sent(chat_id=user.id)] == ["sendMediaGroup", "sendMediaGroup"]

    with pytest.raises(TelegramBadRequest, match="can't use the media of the specified type in the album"):
        await bot.send_media_group(
            user.id, [InputMediaPhoto(media=known), InputMediaAudio(media=BufferedInputFile(b"a", "a.mp3"))]
        )
    with pytest.raises(TelegramBadRequest, match="too much messages to send as an album"):
        await bot.send_media_group(user.id, [InputMediaPhoto(media=known)] * 11)
    documents = await bot.send_media_group(
        user.id, [InputMediaDocument(media=BufferedInputFile(b"d", f"{i}.txt")) for i in range(2)]
    )
    assert [m.document.file_name for m in documents] == ["0.txt", "1.txt"]


async def test_albums_from_users_and_copy_messages(emu, bot):
    user = emu.add_user()
    staff = emu.add_supergroup(is_forum=False)
    album = await user.send_album(3, caption="documents")
    updates = await bot.get_updates()
    assert len(updates) == 3 and len({u.message.media_group_id for u in updates}) == 1
    assert [u.message.caption for u in updates] == ["documents", None, None]

    ids = await bot.copy_messages(staff.id, user.id, [m.message_id for m in album])
    copies = [staff.chat.messages[i.message_id] for i in ids]
    assert len({c.media_group_id for c in copies}) == 1
    assert copies[0].media_group_id != album[0].media_group_id
    assert copies[0].caption == "documents"
