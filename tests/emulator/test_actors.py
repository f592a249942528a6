"""The test-side API: users, buttons, blocking, groups, inline queries, events and waiting."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)

from tgemu import EmulatorError


def buttons(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d) for t, d in pairs]])


async def test_user_messages_carry_what_a_client_sends(emu, bot):
    user = emu.add_user(first_name="Aziz", username="aziz_k", language_code="uz")
    await user.send_command("/start", args="ref_42")
    await user.send_text("  Salom, https://mihelp.uz  ")
    await user.send_location(55.79, 49.12)
    await user.send_document(file_name="patent.pdf", caption="my patent")
    await user.send_sticker()
    await user.send_video_note()
    start, text, location, document, sticker, note = (u.message for u in await bot.get_updates())
    assert start.text == "/start ref_42" and start.entities[0].type == "bot_command" and start.entities[0].length == 6
    assert start.from_user.language_code == "uz" and start.from_user.username == "aziz_k"
    assert text.text == "Salom, https://mihelp.uz" and text.entities[0].type == "url"
    assert location.location.latitude == 55.79
    assert document.document.file_name == "patent.pdf" and document.caption == "my patent"
    assert sticker.sticker.type == "regular" and note.video_note.length == 240


async def test_edit_text_sends_edited_message(emu, bot):
    user = emu.add_user()
    original = await user.send_text("typo")
    await user.edit_text(original.message_id, "fixed")
    updates = await bot.get_updates()
    assert updates[-1].edited_message.text == "fixed" and updates[-1].edited_message.edit_date


async def test_press_and_answer_callback(emu, bot):
    user = emu.add_user()
    await user.start()
    sent = await bot.send_message(
        user.id, "Choose", reply_markup=buttons(("Salary", "topic:salary"), ("Housing", "topic:house"))
    )
    by_text = await user.press("Salary")
    by_data = await user.press("topic:house", message_id=sent.message_id)
    updates = (await bot.get_updates())[1:]
    assert [u.callback_query.data for u in updates] == ["topic:salary", "topic:house"]
    query = updates[0].callback_query
    assert query.message.message_id == sent.message_id and query.from_user.id == user.id

    assert await bot.answer_callback_query(query.id, text="Loading…", show_alert=True)
    assert by_text.answered and by_text.text == "Loading…" and by_text.show_alert
    with pytest.raises(
        TelegramBadRequest, match="query is too old and response timeout expired or query ID is invalid"
    ):
        await bot.answer_callback_query(query.id)  # only once
    assert not by_data.answered

    with pytest.raises(EmulatorError, match=r"no button 'Missing'.*'Salary'"):
        await user.press("Missing")
    forged = await user.press_forged(sent.message_id, "admin:delete_everything")
    assert emu.pending_updates()[-1]["callback_query"]["data"] == "admin:delete_everything"
    assert forged.data == "admin:delete_everything"


async def test_callback_answer_expires(clock, make_bot):
    from tgemu import Emulator

    async with Emulator(clock=clock) as emu:
        emu.add_bot()
        bot = make_bot(emu)
        user = emu.add_user(started=True)
        await bot.send_message(user.id, "x", reply_markup=buttons(("b", "b")))
        pressed = await user.press("b")
        clock.advance(16)
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_callback_query(pressed.id)


async def test_blocked_user(emu, bot):
    user = emu.add_user()
    await user.start()
    emu.block(user.id)
    with pytest.raises(
        TelegramForbiddenError, match=r"^Telegram server says - Forbidden: bot was blocked by the user$"
    ):
        await bot.send_message(user.id, "are you there?")
    with pytest.raises(EmulatorError, match="blocked the bot"):
        await user.send_text("can't write while blocking")
    emu.unblock(user.id)
    await bot.send_message(user.id, "welcome back")
    updates = (await bot.get_updates())[1:]
    changes = [(u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status) for u in updates]
    assert changes == [("member", "kicked"), ("kicked", "member")]
    assert updates[0].my_chat_member.chat.id == user.id and updates[0].my_chat_member.from_user.id == user.id


async def test_leave_chat(emu, bot):
    staff = emu.add_supergroup()
    assert await bot.leave_chat(staff.id)
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot is not a member of the supergroup chat"):
        await bot.send_message(staff.id, "still here?")
    (update,) = await bot.get_updates()
    assert update.my_chat_member.old_chat_member.status == "administrator"
    assert update.my_chat_member.new_chat_member.status == "left"
    assert staff.bot_status() == "left"


async def test_unknown_group_flow(emu, bot):
    stranger = emu.add_user(first_name="Stranger")
    group = emu.add_group(title="Random group", added_by=stranger)
    membership, joined = await bot.get_updates()
    assert membership.my_chat_member.chat.type == "group"
    assert membership.my_chat_member.new_chat_member.status == "member"
    assert membership.my_chat_member.from_user.id == stranger.id
    assert joined.message.new_chat_members[0].id == bot.id
    await bot.leave_chat(group.id)
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the group chat"):
        await bot.send_message(group.id, "x")


async def test_group_members_posts_and_buttons(emu, bot):
    staff = emu.add_supergroup()
    consultant = staff.add_member(emu.add_user(first_name="Dilnoza"), admin=True)
    topic = await bot.create_forum_topic(staff.id, "Ticket")
    card = await bot.send_message(
        staff.id,
        "New ticket",
        message_thread_id=topic.message_thread_id,
        reply_markup=buttons(("Take", "take:1")),
    )
    await staff.post(consultant, "on it", thread_id=topic.message_thread_id, reply_to=card.message_id)
    await staff.press(consultant, "Take", thread_id=topic.message_thread_id)
    edited = await staff.post(consultant, "draft")
    await staff.edit(consultant, edited, "final")
    await staff.post_media(consultant, "voice", thread_id=topic.message_thread_id)
    await staff.post_album(consultant, 2, thread_id=topic.message_thread_id)
    kinds = [u.event_type for u in await bot.get_updates()]
    assert kinds == [
        "message",
        "callback_query",
        "message",
        "edited_message",
        "message",
        "message",
        "message",
    ]
    assert [m.text for m in staff.messages(thread_id=topic.message_thread_id)] == ["New ticket"]
    assert len(staff.all_messages()) == 1 and staff.last_message().text == "New ticket"
    assert staff.history(thread_id=topic.message_thread_id)[2].reply_to_message_id == card.message_id


async def test_inline_query(emu, bot):
    import asyncio

    user = emu.add_user()

    async def answer() -> None:
        (update,) = await bot.get_updates(timeout=2)
        query = update.inline_query
        assert query.query == "patent"
        await bot.answer_inline_query(
            query.id,
            [
                InlineQueryResultArticle(
                    id="1",
                    title="Patent",
                    input_message_content=InputTextMessageContent(message_text="<b>Patent</b>", parse_mode="HTML"),
                )
            ],
        )

    answering = asyncio.create_task(answer())
    results = await user.inline_query("patent", timeout=3)
    await answering
    assert results[0]["id"] == "1" and results[0]["title"] == "Patent"


async def test_inline_results_validation(emu, bot):
    user = emu.add_user()

    def article(result_id: str, text: str = "x") -> InlineQueryResultArticle:
        return InlineQueryResultArticle(
            id=result_id, title="t", input_message_content=InputTextMessageContent(message_text=text)
        )

    import asyncio

    for results, error in [
        ([article("1"), article("1")], "RESULT_ID_DUPLICATE"),
        ([article(str(i)) for i in range(51)], "RESULTS_TOO_MUCH"),
        ([article("1", "<b>")], None),
    ]:
        task = asyncio.create_task(user.inline_query("q", timeout=2))
        await emu.wait_for(lambda: emu.pending_updates())
        update = emu.pending_updates()[-1]
        await bot.get_updates(offset=update["update_id"] + 1)
        if error:
            with pytest.raises(TelegramBadRequest, match=error):
                await bot.answer_inline_query(update["inline_query"]["id"], results)
            task.cancel()
        else:
            await bot.answer_inline_query(update["inline_query"]["id"], results)
            assert (await task)[0]["input_message_content"]["message_text"] == "<b>"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_inline_query("123", [])


async def test_events_and_wait_for(emu, bot):
    user = emu.add_user(started=True)
    events = emu.subscribe()
    sent = await bot.send_message(user.id, "hello")
    await bot.edit_message_text("hello!", chat_id=user.id, message_id=sent.message_id)
    await bot.delete_message(user.id, sent.message_id)
    actions = [(e["type"], e["action"]) for e in (events.get_nowait() for _ in range(events.qsize()))]
    assert actions == [("message", "created"), ("message", "edited"), ("message", "deleted")]
    emu.unsubscribe(events)

    with pytest.raises(TimeoutError) as error:
        await emu.wait_for(lambda: len(user.messages()) > 5, timeout=0.2, message="the bot never answered")
    report = str(error.value)
    assert "the bot never answered" in report and "sendMessage" in report and "len(user.messages()) > 5" in report
    assert await emu.wait_for(lambda: user.messages()[-1].deleted)


async def test_private_chat_for_two_bots(emu, make_bot):
    second = emu.add_bot(token="654321:OTHER", username="other_bot")
    user = emu.add_user()
    await user.start()
    await user.for_bot(second).start()
    other = make_bot(emu, token="654321:OTHER")
    await other.send_message(user.id, "from the other bot")
    assert [m.text for m in user.for_bot(second).messages()] == ["from the other bot"]
    assert user.messages() == []
