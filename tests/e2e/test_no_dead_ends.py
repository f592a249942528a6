"""End to end: no dead ends and no stale buttons on a phone. A voice note or a photo outside a
consultation can go to a consultant; search answers offer the right consultant; the quiz, closing a
consultation and rating leave nothing to press twice; a first visit starts with a welcome."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import ConsultCb, CourseCb, KbCb, LangCb, MenuCb
from db.models import Ticket, TicketMessage
from tests.e2e.harness import started, t


async def only_ticket(bot) -> Ticket:  # type: ignore[no-untyped-def]
    async with bot.context.sessionmaker() as session:
        return (await session.execute(select(Ticket).order_by(Ticket.id.desc()))).scalars().first()


async def ticket_count(bot) -> int:  # type: ignore[no-untyped-def]
    async with bot.context.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Ticket)) or 0)


# -- the quiz and the lessons --------------------------------------------------------------------


async def test_quiz_buttons_go_once_answered_and_a_second_tap_is_stale(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    lesson = bot.context.knowledge.kb.course[0]
    await user.press(MenuCb(section="course").pack())
    await bot.idle()
    await user.press(CourseCb(action="open").pack())
    await bot.idle()
    shown = user.last_message()
    # A short lesson: the articles that say more are buttons under it; the sources are folded.
    for article_id in lesson.related[:3]:
        assert f"📄 {bot.context.knowledge.kb.get(article_id).text('uz').title}" in shown.button_texts()
    assert not any(source.title in shown.text for source in lesson.sources)
    await user.press(t("uz", "kb-btn-sources"), message_id=shown)
    await bot.idle()
    unfolded = next(m for m in user.messages() if m.message_id == shown.message_id)
    assert all(source.title in unfolded.text for source in lesson.sources)
    assert t("uz", "kb-btn-sources") not in unfolded.button_texts()

    await user.press(CourseCb(action="quiz", lesson=0).pack(), message_id=unfolded)
    await bot.idle()
    question = lesson.text("uz").quiz[0]
    asked = user.last_message()
    right = CourseCb(action="ans", lesson=0, q=0, option=question.answer).pack()
    await user.press(right, message_id=asked)
    await bot.idle()
    count = len(user.messages())
    again = await user.press_forged(asked, right)  # the same tap again, on the answered message
    await again.wait_answered()
    await bot.idle()
    assert again.show_alert and again.text == t("uz", "error-stale-button")
    assert len(user.messages()) == count
    verdicts = [m for m in user.messages() if m.text and t("uz", "course-right") in m.text]
    assert len(verdicts) == 1


# -- a voice note or a photo outside a consultation ----------------------------------------------


async def test_a_voice_note_outside_a_consultation_goes_to_the_chosen_consultant(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "tg")
    voice = await user.send_voice(duration=40)
    await bot.idle()
    offer = user.last_message()
    assert offer.text == t("tg", "held-offer")
    assert offer.button_texts() == [t("tg", "held-btn-send"), t("tg", "btn-home")]
    await user.press(t("tg", "held-btn-send"))
    await bot.idle()
    roles = user.last_message()
    assert roles.message_id == offer.message_id  # the same message now asks who
    doctor = roles.find_button(t("tg", "consult-role-doctor"))["callback_data"]
    await user.press(doctor)
    await bot.idle()
    ticket = await only_ticket(bot)
    assert ticket.role == "doctor" and ticket.status == "open"
    copies = staff.messages(thread_id=ticket.thread_id)
    assert copies[-1].kind == "voice" and copies[-1].file_id == voice.file_id  # the same recording
    done = user.last_message()
    assert done.message_id == offer.message_id
    assert done.text.startswith(t("tg", "consult-sent-first", code=ticket.code).splitlines()[0])
    # The person now writes in that consultation: the next message goes there too.
    await user.send_text("дарди сар дорам")
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == "дарди сар дорам"
    # The role buttons are gone: pressing one again (an old client) is stale and sends nothing twice.
    stale = await user.press_forged(done, doctor)
    await stale.wait_answered()
    await bot.idle()
    assert stale.text == t("tg", "error-stale-button")
    assert len(staff.messages(thread_id=ticket.thread_id)) == len(copies) + 1


async def test_photos_of_a_document_go_into_the_open_consultation_of_that_role(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="lawyer").pack())
    await bot.idle()
    await user.send_text("Pasportimni olib qoʻyishdi")
    await bot.idle()
    ticket = await only_ticket(bot)
    await user.send_command("/menu")  # out of the consultation
    await bot.idle()
    album = await user.send_album(n=3)
    await bot.idle()
    offers = [m for m in user.messages() if m.text == t("uz", "held-offer")]
    assert len(offers) == 1  # one offer for the whole album
    await user.press(t("uz", "held-btn-send"), message_id=offers[0])
    await bot.idle()
    await user.press(t("uz", "consult-role-lawyer"), message_id=offers[0])
    await bot.idle()
    assert await ticket_count(bot) == 1  # into the open lawyer consultation, not a new one
    relayed = staff.messages(thread_id=ticket.thread_id)[-3:]
    assert [m.kind for m in relayed] == ["photo"] * 3
    assert [m.file_id for m in relayed] == [m.file_id for m in album]
    assert len({m.data.get("media_group_id") for m in relayed}) == 1  # still an album
    done = next(m for m in user.messages() if m.message_id == offers[0].message_id)
    role = t("uz", "consult-role-lawyer")
    assert done.text == t("uz", "held-sent-more", role=role, code=ticket.code)
    async with bot.context.sessionmaker() as session:
        rows = await session.scalar(
            select(func.count()).select_from(TicketMessage).where(TicketMessage.direction == "in")
        )
    assert rows == 4


async def test_inside_a_consultation_a_voice_note_goes_straight_to_the_consultant(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="social").pack())
    await bot.idle()
    await user.send_voice()
    await bot.idle()
    ticket = await only_ticket(bot)
    assert staff.messages(thread_id=ticket.thread_id)[-1].kind == "voice"
    assert not any(m.text == t("uz", "held-offer") for m in user.messages())


async def test_without_consultations_media_gets_the_menu_hint(emulator, running_bot):
    bot = await running_bot(staff_chat_id=None)
    user = await started(emulator, bot, "tg")
    await user.send_voice()
    await bot.idle()
    assert user.last_message().text == t("tg", "hint-media")


# -- health and legal hand-offs ------------------------------------------------------------------


async def test_search_answers_offer_the_right_consultant(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    await user.send_text("zzqx vvbnm")
    await bot.idle()
    nothing = user.last_message()
    assert nothing.text == t("uz", "search-nothing-ask")
    assert nothing.button_texts()[:2] == [t("uz", "consult-ask-doctor"), t("uz", "consult-ask-lawyer")]
    await user.press(t("uz", "consult-ask-doctor"))
    await bot.idle()
    assert (await only_ticket(bot)).role == "doctor"
    assert user.last_message().text.startswith(
        t("uz", "consult-write-prompt", role=t("uz", "consult-role-doctor"))[:20]
    )

    # A medical answer offers a doctor; a legal one, a lawyer; 👎 offers the consultant, not only the menu.
    await user.send_command("/menu")
    await bot.idle()
    await user.send_text("tez yordam bepulmi hujjatsiz")
    await bot.idle()
    assert t("uz", "consult-ask-doctor") in user.last_message().button_texts()
    await user.send_text("ish haqi bermayapti")
    await bot.idle()
    answer = user.last_message()
    assert t("uz", "consult-ask-lawyer") in answer.button_texts()
    await user.press(KbCb(action="fb", art="unpaid-wages", value=0).pack(), message_id=answer)
    await bot.idle()
    sorry = user.last_message()
    assert sorry.text == t("uz", "kb-feedback-sorry-ask")
    assert sorry.button_texts() == [t("uz", "consult-ask-lawyer"), t("uz", "btn-home")]

    # The Health category offers a doctor.
    await user.send_command("/menu")
    await bot.idle()
    await user.press(MenuCb(section="kb").pack())
    await bot.idle()
    await user.press(KbCb(action="cat", cat="health").pack())
    await bot.idle()
    assert t("uz", "consult-ask-doctor") in user.last_message().button_texts()


async def test_without_consultations_nothing_found_offers_the_menu_only(emulator, running_bot):
    bot = await running_bot(staff_chat_id=None)
    user = await started(emulator, bot, "tg")
    await user.send_text("zzqx vvbnm")
    await bot.idle()
    assert user.last_message().text == t("tg", "search-nothing")
    assert user.last_message().button_texts() == [t("tg", "btn-home")]


# -- a welcome before the first menu -------------------------------------------------------------


async def test_a_first_visit_gets_a_welcome_in_the_chosen_language(emulator, staff, running_bot):
    bot = await running_bot()
    for lang in ("tg", "uz"):
        user = emulator.add_user(language_code=lang)
        await user.send_command("/start")
        await bot.idle()
        await user.press(LangCb(code=lang).pack())
        await bot.idle()
        welcome, menu = user.messages()[-2:]
        assert welcome.text.startswith(t(lang, "welcome"))
        assert len(t(lang, "welcome").splitlines()) == 3
        assert t(lang, "kbd-sos") in user.reply_keyboard_texts()  # the 🆘 the welcome points at
        assert menu.text == t(lang, "menu-title")
        # Changing the language later does not repeat it.
        await user.send_command("/language")
        await bot.idle()
        await user.press(LangCb(code="ru").pack())
        await bot.idle()
        assert user.messages()[-2].text == t("ru", "lang-saved")


# -- closing and rating a consultation -----------------------------------------------------------


async def test_closing_asks_first_and_rating_leaves_a_thank_you(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "tg")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="lawyer").pack())
    await bot.idle()
    prompt = user.last_message()
    await user.send_text("маошамро намедиҳанд")
    await bot.idle()
    ticket = await only_ticket(bot)
    sent = user.last_message()
    close = t("tg", "consult-btn-close", code=ticket.code)
    # The close button is labelled with the consultation, on its own row, not under "sent", not a ✅.
    assert prompt.reply_markup["inline_keyboard"][-1] == [
        {"text": close, "callback_data": ConsultCb(action="close", ticket=ticket.code).pack()}
    ]
    assert close not in sent.button_texts() and not close.startswith("✅")

    await user.press(close, message_id=prompt)
    await bot.idle()
    confirm = user.last_message()
    assert confirm.text == t("tg", "consult-close-confirm", code=ticket.code)
    assert (await only_ticket(bot)).status == "open"  # one tap does not close it
    await user.press(t("tg", "consult-btn-close-no"), message_id=confirm)
    await bot.idle()
    assert (await only_ticket(bot)).status == "open"
    assert user.messages()[-1].text == t("tg", "consult-kept-open", code=ticket.code)
    assert user.messages()[-1].reply_markup is None

    await user.press(close, message_id=prompt)
    await bot.idle()
    confirm = user.last_message()
    yes = confirm.find_button(t("tg", "consult-btn-close-yes"))["callback_data"]
    await user.press(yes, message_id=confirm)
    await bot.idle()
    assert (await only_ticket(bot)).status == "closed"
    closed = next(m for m in user.messages() if m.message_id == confirm.message_id)
    assert closed.text == t("tg", "consult-closed-ok", code=ticket.code)
    again = await user.press_forged(closed, yes)
    await again.wait_answered()
    assert again.text == t("tg", "error-stale-button")

    # Rating: the stars go, the message says thank you; a second tap is stale.
    rating = user.last_message()
    assert rating.text.endswith(t("tg", "consult-rate-ask"))
    five = ConsultCb(action="rate", ticket=ticket.code, value=5).pack()
    await user.press(five, message_id=rating)
    await bot.idle()
    thanked = next(m for m in user.messages() if m.message_id == rating.message_id)
    assert thanked.text == t("tg", "consult-rated", stars="⭐" * 5)
    assert thanked.reply_markup is None
    assert (await only_ticket(bot)).rating == 5
    again = await user.press_forged(thanked, ConsultCb(action="rate", ticket=ticket.code, value=1).pack())
    await again.wait_answered()
    await bot.idle()
    assert (await only_ticket(bot)).rating == 5


async def test_reopen_takes_the_unused_stars_away(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="doctor").pack())
    await bot.idle()
    await user.send_text("tishim ogʻriyapti")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member(emulator.add_user(first_name="Alsu"), admin=True)
    await staff.post(consultant, "/close", thread_id=ticket.thread_id)
    await bot.idle()
    rating = user.last_message()
    assert len(rating.button_texts()) == 5
    await staff.post(consultant, "/reopen", thread_id=ticket.thread_id)
    await bot.idle()
    assert user.last_message().text == t("uz", "consult-reopened", code=ticket.code)
    rating = next(m for m in user.messages() if m.message_id == rating.message_id)
    assert rating.reply_markup is None  # no stars left that would answer "button outdated"
    assert rating.text == t("uz", "consult-closed-ok", code=ticket.code)
    # Closed again: fresh stars, and these work.
    await staff.post(consultant, "/close", thread_id=ticket.thread_id)
    await bot.idle()
    await user.press(ConsultCb(action="rate", ticket=ticket.code, value=4).pack())
    await bot.idle()
    assert (await only_ticket(bot)).rating == 4
    assert user.last_message().text == t("uz", "consult-rated", stars="⭐" * 4)
