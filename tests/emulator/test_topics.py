"""Forum topics: creation, messages in topics, editing, closing, reopening, deleting."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest


async def test_topic_lifecycle(emu, bot):
    staff = emu.add_supergroup(title="Staff", is_forum=True, bot_is_admin=True)
    events = emu.subscribe()
    topic = await bot.create_forum_topic(staff.id, "Ticket #1 Aziz")
    thread = topic.message_thread_id
    assert topic.name == "Ticket #1 Aziz" and topic.icon_color == 7322096 and thread > 1
    (service,) = staff.history(thread_id=thread)
    assert service.message_id == thread and service.data["forum_topic_created"]["name"] == "Ticket #1 Aziz"
    assert [(t.thread_id, t.name, t.closed, t.deleted) for t in staff.topics()] == [
        (thread, "Ticket #1 Aziz", False, False)
    ]

    message = await bot.send_message(staff.id, "New question", message_thread_id=thread)
    assert message.message_thread_id == thread and message.is_topic_message
    assert message.reply_to_message.forum_topic_created is not None  # Telegram's topic quirk
    general = await bot.send_message(staff.id, "In General")
    assert general.message_thread_id is None
    assert [m.text for m in staff.messages(thread_id=thread)] == ["New question"]
    assert [m.text for m in staff.messages()] == ["In General"]

    await bot.edit_forum_topic(staff.id, thread, name="Ticket #1 (answered)")
    with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_NOT_MODIFIED"):
        await bot.edit_forum_topic(staff.id, thread, name="Ticket #1 (answered)")
    assert staff.topic(thread).name == "Ticket #1 (answered)"

    await bot.close_forum_topic(staff.id, thread)
    with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_CLOSED"):
        await bot.send_message(staff.id, "too late", message_thread_id=thread)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(staff.id, thread)
    await bot.reopen_forum_topic(staff.id, thread)
    await bot.send_message(staff.id, "reopened", message_thread_id=thread)

    await bot.delete_forum_topic(staff.id, thread)
    assert staff.topic(thread).deleted
    assert all(m.deleted for m in staff.history(thread_id=thread))
    with pytest.raises(TelegramBadRequest, match="Bad Request: message thread not found"):
        await bot.send_message(staff.id, "gone", message_thread_id=thread)
    with pytest.raises(TelegramBadRequest, match="Bad Request: TOPIC_ID_INVALID"):
        await bot.close_forum_topic(staff.id, thread)

    kinds = []
    while not events.empty():
        event = events.get_nowait()
        if event["type"] == "topic":
            kinds.append(event["action"])
    assert kinds == ["created", "edited", "closed", "reopened", "deleted"]


async def test_topic_errors(emu, bot):
    plain = emu.add_supergroup(is_forum=False)
    with pytest.raises(TelegramBadRequest, match="Bad Request: the chat is not a forum"):
        await bot.create_forum_topic(plain.id, "x")
    no_rights = emu.add_supergroup(is_forum=True, bot_is_admin=False)
    with pytest.raises(TelegramBadRequest, match="Bad Request: not enough rights to create a topic"):
        await bot.create_forum_topic(no_rights.id, "x")
    forum = emu.add_supergroup()
    with pytest.raises(TelegramBadRequest, match="Bad Request: message thread not found"):
        await bot.send_message(forum.id, "x", message_thread_id=12345)
    with pytest.raises(TelegramBadRequest, match="TOPIC_TITLE_EMPTY"):
        await bot.create_forum_topic(forum.id, "")


async def test_topics_by_hand_reach_the_bot(emu, bot):
    staff = emu.add_supergroup()
    consultant = staff.add_member(emu.add_user(first_name="Dilnoza"))
    topic = await staff.create_topic("Made by a human")
    post = await staff.post(consultant, "I take this one", thread_id=topic.thread_id)
    await staff.close_topic(topic.thread_id)
    updates = await bot.get_updates()
    created, posted, closed = (u.message for u in updates)
    assert created.forum_topic_created.name == "Made by a human"
    assert (posted.text, posted.message_thread_id, posted.is_topic_message) == (
        "I take this one",
        topic.thread_id,
        True,
    )
    assert posted.from_user.id == consultant.id and posted.message_id == post.message_id
    assert closed.forum_topic_closed is not None and closed.from_user.id == staff.owner.id

    with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
        await bot.send_message(staff.id, "closed", message_thread_id=topic.thread_id)
    await staff.delete_topic(topic.thread_id)  # no update for deletions, like Telegram
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == []
    assert staff.topic(topic.thread_id).deleted and post.deleted
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(staff.id, "gone", message_thread_id=topic.thread_id)


async def test_reply_lands_in_the_topic_of_its_target(emu, bot):
    staff = emu.add_supergroup()
    topic = await bot.create_forum_topic(staff.id, "T")
    question = await bot.send_message(staff.id, "Q", message_thread_id=topic.message_thread_id)
    from aiogram.types import ReplyParameters

    answer = await bot.send_message(staff.id, "A", reply_parameters=ReplyParameters(message_id=question.message_id))
    assert answer.message_thread_id == topic.message_thread_id
    assert answer.reply_to_message.message_id == question.message_id
