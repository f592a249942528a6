"""End to end: what consultants see and can do in the staff group (header, handover, vetted answers,
commands that always answer, /forget under a taken ticket)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import ConsultCb, ForgetCb
from bot.services.staff_header import topic_link
from db.models import ForgottenTicket, Ticket, TicketMessage, User
from tests.conftest import ADMIN_ID, STAFF_CHAT_ID
from tests.e2e.consultation_helpers import only_ticket, topic_of, writing_to
from tests.e2e.harness import plain, started, t


def answer_text(bot, name: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    return plain(bot.context.knowledge.kb.answers.get(name).text(lang).body_html)


async def ticket_by_role(bot, role: str) -> Ticket:  # type: ignore[no-untyped-def]
    async with bot.context.sessionmaker() as session:
        return await session.scalar(select(Ticket).where(Ticket.role == role).order_by(Ticket.id.desc()))


async def test_the_header_tells_the_story_in_two_languages(emulator, staff, running_bot):
    bot = await running_bot()
    # Kyrgyz, from an article, urgent, and the person's second consultation.
    user = await writing_to(emulator, bot, "doctor", "ky")
    await user.send_text("Тишим ооруп жатат")
    await bot.idle()
    first = await only_ticket(bot)
    await user.start("a-unpaid-wages")  # the article, with its lawyer under it
    await bot.idle()
    await user.press(ConsultCb(action="go", role="lawyer", art="unpaid-wages").pack())
    await bot.idle()
    await user.send_text("Кожоюн мени уруп, паспортумду тартып алды")
    await bot.idle()
    second = await ticket_by_role(bot, "lawyer")
    assert second.article_id == "unpaid-wages" and second.urgent
    header = staff.messages(thread_id=second.thread_id)[0]
    kb = bot.context.knowledge.kb
    assert header.text.startswith(
        t("ru", "staff-header", code=second.code, role=t("ru", "consult-role-lawyer"), language="Кыргызча")
    )
    assert t("ru", "staff-header-not-russian", language="Кыргызча") in header.text
    assert t("ru", "staff-header-article", article=kb.get("unpaid-wages").text("ru").title) in header.text
    assert "unpaid-wages" not in header.text  # the title, not the id (the id is only in the link)
    assert "🚨" in header.text and t("ru", "staff-crisis-violence") in header.text
    assert t("ru", "staff-header-earlier", number=2, codes=f"#{first.code}") in header.text
    links = [e["url"] for e in header.entities if e["type"] == "text_link"]
    assert topic_link(STAFF_CHAT_ID, first.thread_id) in links
    assert any("start=a-unpaid-wages" in url for url in links)
    assert topic_of(staff, second).name == f"🚨 #{second.code} · ⚖️ · Кыргызча"

    # Russian: no language warning, no earlier consultations; the title follows /take.
    russian = await writing_to(emulator, bot, "social", "ru")
    await russian.send_text("Где найти общежитие?")
    await bot.idle()
    ticket = await ticket_by_role(bot, "social")
    header = staff.messages(thread_id=ticket.thread_id)[0]
    assert "Русский" in header.text
    assert t("ru", "staff-header-not-russian", language="Русский") not in header.text
    assert "🔁" not in header.text and "🚨" not in header.text
    consultant = staff.add_member(emulator.add_user(first_name="Dilnoza"))
    await staff.post(consultant, "/take", thread_id=ticket.thread_id)
    await bot.idle()
    assert topic_of(staff, ticket).name == f"#{ticket.code} · 🤝 · Русский · 🙋 Dilnoza"
    assert t("ru", "staff-header-taken", name="Dilnoza") in staff.messages(thread_id=ticket.thread_id)[0].text


async def test_untake_and_pass_to_a_doctor(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "tg")
    await user.send_text("Дар корам пой лат хӯрдам, духтур лозим аст")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member(emulator.add_user(first_name="Алсу"))
    await staff.post(consultant, "/untake", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-not-taken", code=ticket.code)
    await staff.post(consultant, "/take", thread_id=ticket.thread_id)
    await staff.post(consultant, "/untake", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-untaken", code=ticket.code)
    assert (await only_ticket(bot)).taken_by is None
    assert topic_of(staff, ticket).name == f"#{ticket.code} · ⚖️ · Тоҷикӣ"

    await staff.post(consultant, "/pass dentist", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t(
        "ru", "staff-pass-usage", roles="lawyer | doctor | social"
    )
    await staff.post(consultant, "/take", thread_id=ticket.thread_id)
    await staff.post(consultant, "/pass doctor", thread_id=ticket.thread_id)
    await bot.idle()
    passed = await only_ticket(bot)
    assert passed.role == "doctor" and passed.taken_by is None
    assert user.last_message().text == t("tg", "consult-passed", code=ticket.code, role=t("tg", "consult-role-doctor"))
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t(
        "ru",
        "staff-passed",
        code=ticket.code,
        before=t("ru", "consult-role-lawyer"),
        after=t("ru", "consult-role-doctor"),
    )
    assert topic_of(staff, ticket).name == f"#{ticket.code} · 🩺 · Тоҷикӣ"
    # The doctor's answers now come under the doctor's prefix.
    await staff.post(consultant, "Ба назди ҷарроҳ равед.", thread_id=ticket.thread_id)
    await bot.idle()
    assert user.last_message().text.startswith(t("tg", "consult-prefix-doctor"))


async def test_vetted_answers_in_tajik_and_kyrgyz(emulator, staff, running_bot):
    bot = await running_bot()
    consultant = staff.add_member(emulator.add_user(first_name="Рустам"))
    for lang in ("tg", "ky"):
        user = await writing_to(emulator, bot, "lawyer", lang)
        await user.send_text("?")
        await bot.idle()
        ticket = await only_ticket(bot)
        await staff.post(consultant, "/a", thread_id=ticket.thread_id)
        await bot.idle()
        listing = staff.messages(thread_id=ticket.thread_id)[-1].text
        assert listing.startswith(t("ru", "staff-answers-list", code=ticket.code))
        assert "/a wages-letter" in listing and "Не платят зарплату" in listing
        before = len(user.messages())
        await staff.post(consultant, "/a wages-leter", thread_id=ticket.thread_id)  # a typo
        await bot.idle()
        assert len(user.messages()) == before
        typo = staff.messages(thread_id=ticket.thread_id)[-1].text
        assert typo.startswith("Не отправлено") and "/a wages-letter" in typo

        await staff.post(consultant, "/a wages-letter", thread_id=ticket.thread_id)
        await bot.idle()
        sent = user.last_message()
        assert sent.text.startswith(t(lang, "consult-prefix-lawyer"))
        assert answer_text(bot, "wages-letter", lang) in sent.text
        assert t(lang, "consult-btn-reply") in sent.button_texts()
        seen = staff.messages(thread_id=ticket.thread_id)[-1].text
        assert answer_text(bot, "wages-letter", "ru") in seen  # staff read what was sent, in Russian
        assert (await only_ticket(bot)).first_staff_reply_at is not None


async def test_commands_always_answer_and_notes_are_marked(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "doctor", "ru")
    await user.send_text("болит голова")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member(emulator.add_user(first_name="Алсу"))
    before = len(user.messages())

    await staff.post(consultant, "/help", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-help")

    await staff.post(consultant, "/tkae", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t(
        "ru", "staff-unknown-command", command="tkae", suggestions="/take, /untake"
    )
    await staff.post(consultant, "/xyzzy", thread_id=ticket.thread_id)
    await bot.idle()
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t(
        "ru", "staff-unknown-command-no-guess", command="xyzzy"
    )

    note = await staff.post(consultant, "/note без полиса", thread_id=ticket.thread_id)
    slashes = await staff.post(consultant, "// обсудим утром", thread_id=ticket.thread_id)
    answer = await staff.post(consultant, "Выпейте воды и отдохните.", thread_id=ticket.thread_id)
    await bot.idle()
    assert note.bot_reaction == [{"type": "emoji", "emoji": "✍"}]
    assert slashes.bot_reaction == [{"type": "emoji", "emoji": "✍"}]
    assert answer.bot_reaction == []  # what went to the person is not marked
    assert len(user.messages()) == before + 1  # only the answer reached the person


async def test_forget_during_an_open_taken_ticket_keeps_the_topic_closed_with_a_note(emulator, staff, running_bot):
    bot = await running_bot()
    user = await writing_to(emulator, bot, "lawyer", "ru")
    await user.send_text("удалите меня потом")
    await bot.idle()
    ticket = await only_ticket(bot)
    consultant = staff.add_member(emulator.add_user(first_name="Dilnoza"))
    await staff.post(consultant, "/take", thread_id=ticket.thread_id)
    await staff.post(consultant, "Здравствуйте, смотрю.", thread_id=ticket.thread_id)
    await bot.idle()

    await user.send_command("/forget")
    await bot.idle()
    await user.press(ForgetCb(confirm=True).pack())
    await bot.idle()
    assert user.last_message().text == t("ru", "forget-done")
    async with bot.context.sessionmaker() as session:
        for model in (User, Ticket, TicketMessage):
            assert await session.scalar(select(func.count()).select_from(model)) == 0
        assert await session.scalar(select(func.count()).select_from(ForgottenTicket)) == 1
    assert not emulator.find_calls("deleteForumTopic")
    topic = topic_of(staff, ticket)
    assert topic.closed and topic.name == f"✅ #{ticket.code} · ⚖️ · Русский · 🙋 Dilnoza"
    assert staff.messages(thread_id=ticket.thread_id)[-1].text == t("ru", "staff-person-forgot", code=ticket.code)

    # /stats still counts the consultation: opened, and closed because the person deleted their data.
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    await admin.send_command("/stats")
    await bot.idle()
    figures = admin.last_message().text.splitlines()[1]
    assert (
        figures
        == plain(
            t(
                "ru",
                "admin-stats",
                days=30,
                opened=1,
                closed=1,
                forgotten=1,
                median="0",
                roles="",
                languages="",
                ratings="",
                average="",
                gaps=0,
            )
        ).splitlines()[1]
    )


async def test_admins_find_their_commands_in_the_menu_and_in_help(emulator, staff, running_bot):
    bot = await running_bot(admin_ids=f"{ADMIN_ID},{ADMIN_ID + 1}")
    await bot.idle()
    for admin_id in (ADMIN_ID, ADMIN_ID + 1):
        for language_code, lang in (("", "ru"), ("uz", "uz"), ("ky", "ky")):
            menu = emulator.bot.commands({"type": "chat", "chat_id": admin_id}, language_code)
            names = [item["command"] for item in menu]
            assert names[-3:] == ["broadcast", "stats", "reload"] and "start" in names
            assert {"command": "stats", "description": t(lang, "cmd-stats")} in menu
    everyone = [item["command"] for item in emulator.bot.commands({"type": "all_private_chats"}, "ru")]
    assert "broadcast" not in everyone and "stats" not in everyone

    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    await admin.send_command("/help")
    await bot.idle()
    assert admin.last_message().text == t("ru", "help-text") + "\n\n" + t("ru", "admin-help")
    person = await started(emulator, bot, "ru")
    await person.send_command("/help")
    await bot.idle()
    assert person.last_message().text == t("ru", "help-text")


DOCTORS_CHAT_ID = -1002000000002
SOCIAL_CHAT_ID = -1002000000003


async def test_pass_doctor_moves_the_ticket_to_the_doctors_group_with_its_history(emulator, staff, running_bot):
    doctors = emulator.add_supergroup(chat_id=DOCTORS_CHAT_ID, title="mi-Help doctors", is_forum=True)
    bot = await running_bot(staff_chats=f"doctor:{DOCTORS_CHAT_ID}")
    user = await writing_to(emulator, bot, "lawyer", "ky")
    await user.send_text("Жумушта колумду жаралап алдым")
    await bot.idle()
    ticket = await only_ticket(bot)
    lawyer = staff.add_member(emulator.add_user(first_name="Азамат"), admin=True)  # may write in closed topics
    await staff.post(lawyer, "Кандай жаракат?", thread_id=ticket.thread_id)
    await bot.idle()
    old_thread = ticket.thread_id
    await staff.post(lawyer, "/pass doctor", thread_id=old_thread)
    await bot.idle()

    moved = await only_ticket(bot)
    assert moved.role == "doctor" and moved.staff_chat_id == DOCTORS_CHAT_ID
    # The lawyers' topic keeps the story so far, closed, with a last note.
    old_topic = next(topic for topic in staff.topics() if topic.id == old_thread)
    assert old_topic.closed and old_topic.name.startswith("➡️")
    assert staff.messages(thread_id=old_thread)[-1].text == t(
        "ru",
        "staff-passed-away",
        code=ticket.code,
        before=t("ru", "consult-role-lawyer"),
        after=t("ru", "consult-role-doctor"),
    )
    # The doctors' group has a new topic: header, the conversation so far, the handover note.
    (topic,) = doctors.topics()
    assert topic.name == f"#{ticket.code} · 🩺 · Кыргызча" and topic.id == moved.thread_id
    texts = [m.text for m in doctors.messages(thread_id=topic.id)]
    assert texts[0].startswith(t("ru", "staff-header", code=ticket.code, role=t("ru", "consult-role-doctor"),
                                 language="Кыргызча"))  # fmt: skip
    assert "Жумушта колумду жаралап алдым" in texts and any("Кандай жаракат?" in text for text in texts)
    assert user.last_message().text == t("ky", "consult-passed", code=ticket.code, role=t("ky", "consult-role-doctor"))

    # The person writes on: it reaches the doctors; a doctor answers from there.
    await user.send_text("Колум шишип кетти")
    await bot.idle()
    # (the danger check may add its 🚨 note after it: "swollen" after an injury reads as medical)
    assert "Колум шишип кетти" in [m.text for m in doctors.messages(thread_id=topic.id)[-2:]]
    assert "Колум шишип кетти" not in [m.text for m in staff.messages(thread_id=old_thread)]
    doctor = doctors.add_member(emulator.add_user(first_name="Айгүл"))
    await doctors.post(doctor, "Муз басыңыз жана травмпунктка барыңыз.", thread_id=topic.id)
    await bot.idle()
    reply = user.last_message()
    assert reply.text.startswith(t("ky", "consult-prefix-doctor")) and "травмпунктка" in reply.text
    # A message in the old topic no longer reaches the person.
    before = len(user.messages())
    await staff.post(lawyer, "Дагы бир суроо", thread_id=old_thread)
    await bot.idle()
    assert len(user.messages()) == before


async def test_relay_with_a_group_per_role(emulator, staff, running_bot):
    doctors = emulator.add_supergroup(chat_id=DOCTORS_CHAT_ID, title="Doctors", is_forum=True)
    social = emulator.add_supergroup(chat_id=SOCIAL_CHAT_ID, title="Social", is_forum=False)  # without topics
    bot = await running_bot(staff_chats=f"doctor:{DOCTORS_CHAT_ID},social:{SOCIAL_CHAT_ID}")
    people = {}
    for role, group in (("lawyer", staff), ("doctor", doctors), ("social", social)):
        person = await writing_to(emulator, bot, role, "tg")
        await person.send_text(f"савол {role}")
        await bot.idle()
        ticket = await ticket_by_role(bot, role)
        people[role] = (person, ticket, group)
        assert [m.text for m in group.all_messages()][-1] == f"савол {role}"
        others = [g for g in (staff, doctors, social) if g is not group]
        assert all(f"савол {role}" not in [m.text for m in other.all_messages()] for other in others)
    for role, (person, ticket, group) in people.items():
        member = group.add_member(emulator.add_user(first_name=f"{role}-consultant"))
        if group.is_forum:
            await group.post(member, f"ҷавоб {role}", thread_id=ticket.thread_id)
        else:
            copy = group.all_messages()[-1]
            await group.post(member, f"ҷавоб {role}", reply_to=copy)
        await bot.idle()
        assert person.last_message().text.endswith(f"ҷавоб {role}")
        assert person.last_message().text.startswith(t("tg", f"consult-prefix-{role}"))
