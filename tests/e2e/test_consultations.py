"""End to end: anonymous consultations relayed between a migrant and the staff group."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.callbacks import ConsultCb, MenuCb
from db.base import utcnow
from db.models import Ticket, User
from tests.e2e.consultation_helpers import only_ticket, topic_of, writing_to
from tests.e2e.harness import t, wait_until


async def test_question_and_answer_round_trip(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "uz")
    await user.send_text("Ish beruvchi ikki oydan beri ish haqi bermayapti, nima qilay?")
    await bot.idle()
    ticket = await only_ticket(bot)
    assert ticket.status == "open" and ticket.role == "lawyer" and ticket.language == "uz"
    topic = topic_of(staff, ticket)
    assert topic.name == f"#{ticket.code} · ⚖️ · Oʻzbekcha"
    copies = staff.messages(thread_id=ticket.thread_id)
    assert copies[-1].text == "Ish beruvchi ikki oydan beri ish haqi bermayapti, nima qilay?"
    assert emulator.find_calls("copyMessage") and not emulator.find_calls("forwardMessage")
    assert user.last_message().text == t("uz", "consult-sent-first", code=ticket.code)

    consultant = staff.add_member(emulator.add_user(first_name="Dilnoza"))
    answer = "Ish haqini bermaslik qonunga zid. Mehnat inspeksiyasiga murojaat qiling."
    await staff.post(consultant, answer, thread_id=ticket.thread_id)
    await bot.idle()
    reply = user.last_message()
    assert reply.text.startswith(t("uz", "consult-prefix-lawyer"))
    assert "qonunga zid" in reply.text
    assert "Dilnoza" not in reply.text
    assert t("uz", "consult-btn-reply") in reply.button_texts()
    ticket = await only_ticket(bot)
    assert ticket.first_staff_reply_at is not None

    # The person closes it (and confirms) and rates it; the staff topic hears about both.
    await user.press(ConsultCb(action="close", ticket=ticket.code).pack(), message_id=user.messages()[-3])
    await bot.idle()
    await user.press(ConsultCb(action="closeok", ticket=ticket.code).pack())
    await bot.idle()
    assert (await only_ticket(bot)).status == "closed"
    await user.press(ConsultCb(action="rate", ticket=ticket.code, value=5).pack())
    await bot.idle()
    assert (await only_ticket(bot)).rating == 5
    staff_texts = [m.text for m in staff.messages(thread_id=ticket.thread_id)]
    assert t("ru", "staff-closed-by-user", code=ticket.code) in staff_texts
    assert t("ru", "staff-rated", code=ticket.code, stars="⭐" * 5) in staff_texts
    assert topic_of(staff, ticket).closed


async def test_every_media_kind_is_relayed_and_contacts_are_refused(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "tg")
    await user.send_text("салом")
    await user.send_voice()
    await user.send_photo(caption="расм")
    await user.send_document(file_name="analiz.pdf")
    await user.send_video()
    await user.send_video_note()
    await user.send_location(55.79, 49.12)
    await bot.idle()
    await user.press(t("tg", "consult-place-send"))  # a location is relayed once the person confirms
    await bot.idle()
    ticket = await only_ticket(bot)
    kinds = [m.kind for m in staff.messages(thread_id=ticket.thread_id)][1:]  # after the header
    assert kinds == ["text", "voice", "photo", "document", "video", "video_note", "location"]
    await user.send_contact()
    await bot.idle()
    assert user.last_message().text == t("tg", "consult-no-contacts")
    assert len(staff.messages(thread_id=ticket.thread_id)) == 8


async def test_a_location_reaches_staff_only_after_the_person_confirms(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("где ближайшая больница?")
    await bot.idle()
    ticket = await only_ticket(bot)

    def staff_kinds() -> list[str]:
        return [m.kind for m in staff.messages(thread_id=ticket.thread_id)][1:]  # after the header

    first_location = await user.send_location(55.79, 49.12)
    await bot.idle()
    first_ask = user.last_message()
    assert first_ask.text == t("ru", "consult-place-confirm")  # says staff will see where they are
    assert staff_kinds() == ["text"]
    await user.press(t("ru", "consult-place-keep"), message_id=first_ask)
    await bot.idle()
    assert staff_kinds() == ["text"]
    assert user.messages()[-1].text == t("ru", "consult-place-kept")

    second_location = await user.send_location(55.80, 49.10)
    await bot.idle()
    second_ask = user.last_message()
    # The first question was answered: its button is stale and sends nothing.
    stale = ConsultCb(action="place", ticket=ticket.code, value=first_location.message_id).pack()
    record = await user.press_forged(first_ask, stale)
    await record.wait_answered()
    assert record.show_alert and staff_kinds() == ["text"]
    await user.press(t("ru", "consult-place-send"), message_id=second_ask)
    await bot.idle()
    assert staff_kinds() == ["text", "location"]
    relayed = staff.messages(thread_id=ticket.thread_id)[-1]
    assert float(relayed.data["location"]["latitude"]) == pytest.approx(55.80)
    assert user.messages()[-1].text == t("ru", "consult-place-sent")
    assert not second_ask.buttons()  # answered: the question has become its answer
    again_data = ConsultCb(action="place", ticket=ticket.code, value=second_location.message_id).pack()
    again = await user.press_forged(second_ask, again_data)
    await again.wait_answered()
    assert again.show_alert and staff_kinds() == ["text", "location"]


async def test_albums_stay_albums_both_ways(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "social", "ky")
    await user.send_album(n=3, caption="документтер")
    await bot.idle()
    ticket = await only_ticket(bot)
    copies = emulator.find_calls("copyMessages", chat_id=staff.id)
    assert len(copies) == 1
    relayed = staff.messages(thread_id=ticket.thread_id)[1:]
    assert len(relayed) == 3 and len({m.data.get("media_group_id") for m in relayed}) == 1

    consultant = staff.add_member()
    await staff.post_album(consultant, n=2, thread_id=ticket.thread_id)
    await bot.idle()
    got = user.messages()[-3:]
    assert got[0].text == t("ky", "consult-prefix-social")
    assert [m.kind for m in got[1:]] == ["photo", "photo"]
    assert got[1].data.get("media_group_id") == got[2].data.get("media_group_id") is not None


async def test_an_album_waits_for_its_items_still_being_processed(emulator, staff, running_bot):
    """However slowly the bot works through an album's updates, the album stays one: with no grace
    at all, the items still stored unprocessed in the chat are what the sender waits for."""
    bot = await running_bot()
    bot.app.sender.album_grace = timedelta(0)
    user = await writing_to(emulator, bot, "doctor", "tg")
    await user.send_album(n=4)
    await bot.idle()
    ticket = await only_ticket(bot)
    (copy,) = emulator.find_calls("copyMessages", chat_id=staff.id)
    assert len(copy.params["message_ids"]) == 4

    consultant = staff.add_member()
    await staff.post_album(consultant, n=3, thread_id=ticket.thread_id)
    await bot.idle()
    (back,) = emulator.find_calls("copyMessages", chat_id=user.id)
    assert len(back.params["message_ids"]) == 3


async def test_topic_deleted_or_closed_by_hand_is_recreated_and_nothing_is_lost(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("первый вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    first_thread = ticket.thread_id
    await staff.delete_topic(first_thread)
    await user.send_text("второй вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    assert ticket.thread_id != first_thread
    texts = [m.text for m in staff.messages(thread_id=ticket.thread_id)]
    assert "первый вопрос" in texts and texts[-1] == "второй вопрос"
    assert t("ru", "staff-topic-recreated") in texts[0]

    await staff.close_topic(ticket.thread_id)
    await user.send_text("третий вопрос")
    await bot.idle()
    assert not topic_of(staff, ticket).closed
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == "третий вопрос"


async def test_edits_are_mirrored_both_ways(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "en")
    original = await user.send_text("my boss owes me 2 months")
    await bot.idle()
    ticket = await only_ticket(bot)
    await user.edit_text(original, "my boss owes me 3 months")
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == "my boss owes me 3 months"

    consultant = staff.add_member()
    answer = await staff.post(consultant, "Keep every message as proof.", thread_id=ticket.thread_id)
    await bot.idle()
    await staff.edit(consultant, answer, "Keep every message and photo as proof.")
    await bot.idle()
    assert user.last_message().text.endswith("Keep every message and photo as proof.")
    assert user.last_message().text.startswith(t("en", "consult-prefix-lawyer"))


async def test_staff_commands_and_internal_notes(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("болит зуб")
    await bot.idle()
    ticket = await only_ticket(bot)
    # An admin: only admins may write in a topic after it was closed.
    consultant = staff.add_member(emulator.add_user(first_name="Алсу"), admin=True)
    before = len(user.messages())
    await staff.post(consultant, "/take", thread_id=ticket.thread_id)
    await staff.post(consultant, "/note пациентка, вероятно, без полиса", thread_id=ticket.thread_id)
    await staff.post(consultant, "// обсудим утром", thread_id=ticket.thread_id)
    await bot.idle()
    assert len(user.messages()) == before  # nothing internal reached the person
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-taken", code=ticket.code, name="Алсу")
    assert (await only_ticket(bot)).taken_by is not None

    await staff.post(consultant, "/close", thread_id=ticket.thread_id)
    await bot.idle()
    assert user.last_message().text.startswith(t("ru", "consult-closed-by-staff", code=ticket.code))
    assert len(user.last_message().button_texts()) == 5  # the 1-5 rating
    await staff.post(consultant, "/reopen", thread_id=ticket.thread_id)
    await bot.idle()
    assert (await only_ticket(bot)).status == "open"
    assert user.last_message().text == t("ru", "consult-reopened", code=ticket.code)

    await staff.post(consultant, "/ban спам", thread_id=ticket.thread_id)
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        banned = await session.scalar(select(User.banned_at).where(User.id == ticket.user_id))
    assert banned is not None
    await user.send_command("/menu")
    await bot.idle()
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    assert user.last_message().text == t("ru", "consult-banned")


async def test_crisis_gets_emergency_numbers_and_marks_urgent(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "social", "ru")
    await user.send_text("я больше не хочу жить")
    await bot.idle()
    ticket = await only_ticket(bot)
    assert ticket.urgent
    assert any(t("ru", "danger-call-112") in (m.text or "") for m in user.messages())
    assert topic_of(staff, ticket).name.startswith("🚨")


async def test_long_replies_are_split_not_truncated(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "en")
    await user.send_text("question")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member()
    long_answer = " ".join(f"word{n}" for n in range(600))[:4090]  # the prefix pushes it over 4,096
    await staff.post(consultant, long_answer, thread_id=ticket.thread_id)
    long_caption = "c" * 1000
    await staff.post_media(consultant, "photo", caption=long_caption, thread_id=ticket.thread_id)
    await bot.idle()
    received = [m.text or "" for m in user.messages()]
    joined = " ".join(received)
    last_word = long_answer.split()[-1]
    assert all(word in joined for word in ("word0", "word300", last_word))
    assert sum(1 for text in received if "word1 " in text or last_word in text) == 2  # split into two
    assert joined.count("c" * 900) == 1  # the caption arrived whole, split across caption and text
    assert sum(len(text) for text in received if text.startswith("c") or "c" * 50 in text) >= 1000


async def test_sla_reminder_auto_close_and_retention(emulator, staff, running_bot):
    bot = await running_bot(sla_minutes=30, auto_close_days=7, retention_days=90)
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("вопрос без ответа")
    await bot.idle()
    ticket = await only_ticket(bot)
    async with bot.context.sessionmaker() as session:
        await session.execute(update(Ticket).values(opened_at=utcnow() - timedelta(minutes=31)))
        await session.commit()
    await bot.app.run_consultation_duties()
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-sla", code=ticket.code, minutes=30)

    async with bot.context.sessionmaker() as session:
        await session.execute(update(Ticket).values(last_activity_at=utcnow() - timedelta(days=8)))
        await session.commit()
    await bot.app.run_consultation_duties()
    await bot.idle()
    assert (await only_ticket(bot)).status == "closed"
    assert user.last_message().text.startswith(t("ru", "consult-auto-closed", code=ticket.code, days=7)[:20])

    async with bot.context.sessionmaker() as session:
        await session.execute(update(Ticket).values(closed_at=utcnow() - timedelta(days=91)))
        await session.commit()
    await bot.app.run_consultation_duties()
    await bot.idle()
    assert await only_ticket(bot) is None
    assert emulator.find_calls("deleteForumTopic", message_thread_id=ticket.thread_id)


@pytest.mark.parametrize("restart", [False, True])
async def test_group_without_topics_uses_reply_mapping(emulator, running_bot, restart):
    plain_staff = emulator.add_supergroup(chat_id=-1009999, title="Staff without topics", is_forum=False)
    bot = await running_bot(staff_chat_id=plain_staff.id)
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("вопрос без тем")
    await bot.idle()
    copy = plain_staff.messages()[-1]
    assert copy.text == "вопрос без тем"
    if restart:
        await bot.stop()
        bot = await running_bot(staff_chat_id=plain_staff.id)
    consultant = plain_staff.add_member()
    await plain_staff.post(consultant, "ответ ответом", reply_to=copy)
    await bot.idle()
    assert user.last_message().text.endswith("ответ ответом")
    await plain_staff.post(consultant, "просто разговор в группе")
    await bot.idle()
    assert not user.last_message().text.endswith("просто разговор в группе")


async def test_burst_of_100_messages_arrives_complete_and_in_order(emulator, staff, running_bot):
    bot = await running_bot(user_messages_per_minute=1000)
    user = await writing_to(emulator, bot, "lawyer", "ru")
    for number in range(100):
        await user.send_text(f"m{number:03d}")
    await bot.idle(timeout=120)
    ticket = await only_ticket(bot)
    relayed = [m.text for m in staff.messages(thread_id=ticket.thread_id) if (m.text or "").startswith("m")]
    assert relayed == [f"m{n:03d}" for n in range(100)]
    assert not emulator.stats.rate_limited


async def test_answer_waits_in_the_outbox_through_a_telegram_outage(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("вопрос")
    await bot.idle()
    ticket = await only_ticket(bot)
    emulator.faults.add(method="sendMessage", chat_id=user.id, kind="502", times=2)
    emulator.faults.add(method="sendMessage", chat_id=user.id, kind="429", retry_after=1, times=1)
    consultant = staff.add_member()
    await staff.post(consultant, "ответ после сбоя", thread_id=ticket.thread_id)
    await wait_until(lambda: (user.last_message().text or "").endswith("ответ после сбоя"), timeout=20)
    await bot.idle()
    assert sum((m.text or "").endswith("ответ после сбоя") for m in user.messages()) == 1


async def test_media_without_a_caption_comes_after_the_role(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("куда идти")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member()
    await staff.post_media(consultant, "video_note", thread_id=ticket.thread_id)
    await staff.post_voice(consultant, thread_id=ticket.thread_id)
    await bot.idle()
    prefix, video_note, voice = user.messages()[-3:]
    assert prefix.text == t("ru", "consult-prefix-doctor") and video_note.kind == "video_note"
    assert voice.kind == "voice" and voice.text == t("ru", "consult-prefix-doctor")  # the role as the caption
