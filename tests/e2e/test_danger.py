"""End to end: a message that shows danger gets the numbers first, in search and in a consultation."""

from __future__ import annotations

from bot.ui.danger import danger_text
from tests.e2e.consultation_helpers import only_ticket, topic_of, writing_to
from tests.e2e.harness import I18N, plain, started, t


def numbers_first(knowledge, lang: str, *categories: str) -> str:  # type: ignore[no-untyped-def]
    return plain(danger_text(I18N.get(lang), categories, knowledge.kb.helplines))


async def test_search_in_tajik_and_kyrgyz_puts_the_numbers_before_the_answer(emulator, staff, running_bot, knowledge):
    bot = await running_bot()
    for lang, text, category, numbers in [
        ("tg", "шавҳарам ҳар шаб маро мезанад, чӣ кор кунам", "violence", ["112", "102", "8-800-7000-600"]),
        ("ky", "балам хлорка ичип алды, эмне кылам", "medical", ["112", "103"]),
    ]:
        user = await started(emulator, bot, lang)
        before = len(user.messages())
        await user.send_text(text)
        await bot.idle()
        answers = user.messages()[before:]
        assert answers[0].text == numbers_first(knowledge, lang, category)
        assert all(number in answers[0].text for number in numbers)
        assert len(answers) >= 2  # then the answer, the choices or "nothing found", as for any question
        assert not staff.messages()  # a search never reaches the staff group


async def test_consultation_in_tajik_and_kyrgyz_is_urgent_and_staff_see_the_kind_of_danger(
    emulator, staff, running_bot, knowledge
):
    bot = await running_bot()
    for lang, role, text, category in [
        ("tg", "social", "дигар зиндагӣ кардан намехоҳам, ҳамааш бемаъно", "self-harm"),
        ("ky", "lawyer", "күйөөм мени урат, балдар коркуп жатышат", "violence"),
    ]:
        user = await writing_to(emulator, bot, role, lang)
        before = len(user.messages())
        await user.send_text(text)
        await bot.idle()
        assert user.messages()[before].text == numbers_first(knowledge, lang, category)
        assert user.messages()[before + 1].text.startswith(t(lang, "consult-sent-first", code="X")[:10])
        ticket = await only_ticket(bot)
        assert ticket.urgent
        assert topic_of(staff, ticket).name.startswith("🚨")
        staff_texts = [m.text for m in staff.messages(thread_id=ticket.thread_id)]
        assert text in staff_texts  # the message itself, copied
        kind = t("ru", f"staff-crisis-{category}")
        assert t("ru", "staff-urgent", code=ticket.code, categories=kind) in staff_texts


async def test_an_ordinary_question_in_a_consultation_stays_ordinary(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ky")
    await user.send_text("паспорт забрали на регистрацию, качан кайтарышат")
    await bot.idle()
    ticket = await only_ticket(bot)
    assert not ticket.urgent and not topic_of(staff, ticket).name.startswith("🚨")
    assert not any(t("ky", "danger-intro") in (m.text or "") for m in user.messages())
