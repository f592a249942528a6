"""Relays that must not go wrong: long formatted answers arrive whole."""

from __future__ import annotations

import pytest

from tests.e2e.consultation_helpers import only_ticket, writing_to
from tests.e2e.harness import t


@pytest.mark.parametrize("entity_type", ["bold", "pre"])
async def test_a_4096_character_formatted_answer_arrives_complete(emulator, staff, running_bot, entity_type):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "en")
    await user.send_text("question")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member()
    answer = " ".join(f"word{n}" for n in range(800))[:4096]
    entities = [{"type": entity_type, "offset": 0, "length": len(answer)}]
    before = len(user.messages())
    await staff.post(consultant, answer, thread_id=ticket.thread_id, entities=entities)
    await bot.idle()
    received = user.messages()[before:]
    assert not [call for call in emulator.calls if call.status == 400]
    assert len(received) == 2
    assert received[0].text.startswith(t("en", "consult-prefix-lawyer") + "\n")
    body = received[0].text.split("\n", 1)[1] + " " + received[1].text
    assert body == answer  # nothing lost, nothing added but the role line
    for message in received:  # the formatting survives, on every part
        assert any(entity["type"] == entity_type for entity in message.entities)


async def test_a_mention_that_carries_a_user_id_never_reaches_staff(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    boss = emulator.add_user(first_name="Rustam", username="rustam_boss")
    text = "Вот мой начальник Rustam, и я Aziz. Он не платит."
    mentions = [
        {"type": "text_mention", "offset": text.index("Rustam"), "length": 6, "user": boss.to_api()},
        {"type": "text_mention", "offset": text.index("Aziz"), "length": 4, "user": user.to_api()},
        {"type": "bold", "offset": text.index("Он"), "length": len("Он не платит")},
    ]
    sent = await user.send_text(text, entities=mentions)
    assert [entity["type"] for entity in sent.entities].count("text_mention") == 2  # it really carries them
    await bot.idle()
    ticket = await only_ticket(bot)
    copy = staff.messages(thread_id=ticket.thread_id)[-1]
    assert copy.text == text  # the words stay, as plain text
    assert [entity["type"] for entity in copy.entities] == ["bold"]  # other formatting stays too
    edited = await user.edit_text(sent, text + " Уже два месяца.")
    assert edited is not None
    await bot.idle()
    copy = staff.messages(thread_id=ticket.thread_id)[-1]
    assert copy.text.endswith("Уже два месяца.")
    seen = [m for m in staff.messages()]
    for message in seen:
        assert not any("user" in entity for entity in message.entities)
    for call in emulator.calls:
        if call.method in {"sendMessage", "copyMessage", "editMessageText"}:
            assert f"tg://user?id={user.id}" not in str(call.params)
            assert f"tg://user?id={boss.id}" not in str(call.params)


async def test_a_flood_is_told_too_fast_once_per_window_not_per_message(emulator, staff, running_bot):
    bot = await running_bot()
    limit = bot.settings.user_messages_per_minute
    user = await writing_to(emulator, bot, "lawyer", "ru")
    for number in range(300):
        await user.send_text(f"flood {number}")
    await bot.idle(timeout=120)
    ticket = await only_ticket(bot)
    relayed = [m.text for m in staff.messages(thread_id=ticket.thread_id) if (m.text or "").startswith("flood")]
    assert relayed == [f"flood {n}" for n in range(limit)]
    refusals = [m for m in user.messages() if m.text == t("ru", "consult-too-fast")]
    assert len(refusals) == 1
    sent_to_person = [c for c in emulator.calls if c.method == "sendMessage" and c.params.get("chat_id") == user.id]
    assert len(sent_to_person) < 10  # the bot's own quota is not spent on the flood


async def test_danger_signs_get_the_numbers_even_from_a_person_writing_too_fast(emulator, staff, running_bot):
    bot = await running_bot(user_messages_per_minute=3)
    user = await writing_to(emulator, bot, "social", "ru")
    for number in range(5):
        await user.send_text(f"сообщение {number}")
    await user.send_text("я больше не хочу жить")
    await bot.idle()
    assert any(t("ru", "danger-call-112") in (m.text or "") for m in user.messages())
