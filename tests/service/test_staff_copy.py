"""A person's message that names someone through a text_mention reaches staff without the user id."""

from __future__ import annotations

from aiogram.types import MessageEntity

from bot.outbox.actions import AlbumToStaff, CopyToStaff, EditCopy
from tests.service.desk import Desk
from tests.service.factories import edited, person, private

PERSON = 6670001


def mentioning(message, field: str):  # type: ignore[no-untyped-def]
    """The message with a text_mention on its first word (and a bold one on the rest)."""
    body = getattr(message, field)
    first = body.split()[0]
    entities = [
        MessageEntity(type="text_mention", offset=0, length=len(first), user=person(4242)),
        MessageEntity(type="bold", offset=len(first) + 1, length=len(body) - len(first) - 1),
    ]
    return message.model_copy(update={"entities" if field == "text" else "caption_entities": entities})


async def test_an_album_photo_with_a_mention_goes_alone_with_a_rebuilt_caption(desk: Desk) -> None:
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    photo = private(person(PERSON), "Rustam boss", kind="photo", media_group_id="album-9")
    await desk.writes(PERSON, code, mentioning(photo, "caption"))
    (action,) = [a for a in await desk.actions() if isinstance(a, CopyToStaff | AlbumToStaff)]
    assert isinstance(action, CopyToStaff)
    assert action.caption_html == "Rustam <b>boss</b>" and action.text_html is None


async def test_a_text_with_a_mention_is_sent_rebuilt_and_so_is_its_edit(desk: Desk) -> None:
    await desk.person(PERSON)
    code = await desk.open(PERSON)
    message = mentioning(private(person(PERSON), "Rustam does not pay"), "text")
    await desk.writes(PERSON, code, message)
    plain = private(person(PERSON), "no mention here")
    await desk.writes(PERSON, code, plain)
    copies = [a for a in await desk.actions() if isinstance(a, CopyToStaff)]
    assert [copy.text_html for copy in copies] == ["Rustam <b>does not pay</b>", None]  # only when needed
    await desk.as_person(PERSON, lambda service, user: service.user_edited(user, edited(message, message.text)))
    (edit,) = [a for a in await desk.actions() if isinstance(a, EditCopy)]
    assert edit.html == "Rustam <b>does not pay</b>"


async def test_held_media_that_named_someone_goes_with_its_rebuilt_caption(desk: Desk) -> None:
    await desk.person(PERSON)
    code = await desk.open(PERSON)

    async def send_held(service, user):  # type: ignore[no-untyped-def]
        ticket = await service.own_ticket(user, code)
        return await service.submit_held(user, ticket, 500, 3, "photo", {501: "Rustam <b>boss</b>"})

    await desk.as_person(PERSON, send_held)
    queued = [a for a in await desk.actions() if isinstance(a, CopyToStaff | AlbumToStaff)]
    assert [(type(a).__name__, a.message_id) for a in queued] == [
        ("AlbumToStaff", 500),
        ("CopyToStaff", 501),
        ("AlbumToStaff", 502),
    ]
    assert queued[1].caption_html == "Rustam <b>boss</b>"
