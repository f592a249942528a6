"""ConsultationService: media held outside a consultation, and the rating stars after /reopen."""

from __future__ import annotations

from aiogram.methods import CopyMessage, CopyMessages, EditMessageText, SendMessage

from bot.outbox.actions import AlbumToStaff, CopyToStaff, EditRelay
from bot.services.consultations import RATING_KIND, Submit
from db.enums import Direction
from tests.service.desk import Desk

PERSON = 7770002


async def test_a_held_album_is_copied_from_the_persons_chat_as_one_album(desk: Desk) -> None:
    await desk.person(PERSON, "tg")
    code = await desk.open(PERSON, "lawyer", "tg")

    async def held(first_id: int, count: int, kind: str):  # type: ignore[no-untyped-def]
        async def act(service, user):  # type: ignore[no-untyped-def]
            ticket = await service.own_ticket(user, code)
            return await service.submit_held(user, ticket, first_id, count, kind)

        return await desk.as_person(PERSON, act)

    result = await held(40, 3, "photo")
    assert result.status is Submit.SENT and result.first  # the album opened the consultation
    actions = await desk.actions()
    assert [type(a) for a in actions] == [AlbumToStaff] * 3
    assert [a.message_id for a in actions] == [40, 41, 42] and {a.media_group_id for a in actions} == {"held:40"}
    await desk.deliver()
    (album,) = desk.bot.calls_of(CopyMessages)
    assert album.from_chat_id == PERSON and list(album.message_ids) == [40, 41, 42]  # from the person's own chat
    again = await held(50, 1, "voice")
    assert again.status is Submit.SENT and not again.first  # the same open consultation
    assert [type(a) for a in await desk.actions()] == [CopyToStaff]
    await desk.deliver()
    assert desk.bot.calls_of(CopyMessage)[-1].message_id == 50
    rows = await desk.ticket_messages(code)
    assert [(r.direction, r.user_chat_message_id) for r in rows] == [(Direction.IN, i) for i in (40, 41, 42, 50)]


async def test_reopen_takes_away_unused_stars_only(desk: Desk) -> None:
    await desk.person(PERSON, "uz")
    code = await desk.open(PERSON, "doctor", "uz")
    await desk.as_person(PERSON, lambda s, u: s.own_ticket(u, code))

    async def write(service, user):  # type: ignore[no-untyped-def]
        return await service.submit_held(user, await service.own_ticket(user, code), 7, 1, "voice")

    await desk.as_person(PERSON, write)
    await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    await desk.deliver()
    stars_row = next(r for r in await desk.ticket_messages(code) if r.kind == RATING_KIND)
    rating = [c for c in desk.bot.calls_of(SendMessage) if c.chat_id == PERSON][-1]
    assert sum(len(row) for row in rating.reply_markup.inline_keyboard) == 5
    assert stars_row.user_chat_message_id is not None  # the sender noted which message has the stars

    await desk.on_ticket(code, lambda s, t: s.reopen(t))
    edits = [a for a in await desk.actions() if isinstance(a, EditRelay)]
    assert len(edits) == 1 and edits[0].ticket_message_id == stars_row.id and edits[0].keyboard is None
    await desk.deliver()
    (edit,) = desk.bot.calls_of(EditMessageText)
    assert edit.message_id == stars_row.user_chat_message_id and edit.reply_markup is None
    assert edit.text == desk.text("uz", "consult-closed-ok", code=code)

    # Rated before the next reopen: the thank-you already replaced the stars; nothing to edit.
    await desk.on_ticket(code, lambda s, t: s.close_by_staff(t))
    await desk.as_person(PERSON, lambda s, u: s.rate(u, code, 5))
    await desk.on_ticket(code, lambda s, t: s.reopen(t))
    assert not [a for a in await desk.actions() if isinstance(a, EditRelay)]
