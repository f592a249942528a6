"""ConsultationService: where a person is (a location or a venue) reaches staff only once they confirm."""

from __future__ import annotations

import pytest
from aiogram.types import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import I18n
from bot.outbox.actions import ActionKind
from bot.services.consultations import ConsultationService, Submit
from bot.services.knowledge import KnowledgeHolder
from db.identity import IdentityVault
from db.models import OutboxMessage
from db.repositories.users import UserRepository

PERSON = 555002
POINT = {"latitude": 55.79, "longitude": 49.12}
CONTENT = {
    "location": {"location": POINT},
    "venue": {"location": POINT, "venue": {"location": POINT, "title": "Дом", "address": "ул. Баумана, 1"}},
}


def message(message_id: int, **content: object) -> Message:
    chat = {"id": PERSON, "type": "private", "first_name": "x"}
    sender = {"id": PERSON, "is_bot": False, "first_name": "x"}
    return Message.model_validate({"message_id": message_id, "date": 0, "chat": chat, "from": sender, **content})


@pytest.fixture
def consultations(
    session: AsyncSession, vault: IdentityVault, settings: Settings, i18n: I18n, knowledge: KnowledgeHolder
) -> ConsultationService:
    return ConsultationService(session, vault, settings, i18n, knowledge.kb.crisis)


async def copies(session: AsyncSession) -> list[int]:
    await session.flush()
    rows = (
        await session.execute(select(OutboxMessage).where(OutboxMessage.action == ActionKind.COPY_TO_STAFF))
    ).scalars()
    return [row.id for row in rows]


@pytest.mark.parametrize("kind", ["location", "venue"])
async def test_a_place_waits_for_the_persons_yes(session, vault, consultations, kind):
    user, _ = await UserRepository(session, vault).get_or_create(PERSON)
    ticket = await consultations.open(user, "lawyer", "ru", None)
    assert (await consultations.submit(user, ticket, message(10, text="вопрос"))).status is Submit.SENT
    assert len(await copies(session)) == 1

    result = await consultations.submit(user, ticket, message(11, **CONTENT[kind]))
    assert result.status is Submit.CONFIRM_PLACE
    assert len(await copies(session)) == 1  # nothing queued for the staff topic yet

    sent = await consultations.submit_place(user, ticket, 11, kind)
    assert sent.status is Submit.SENT and len(await copies(session)) == 2

    user.banned_at = ticket.opened_at  # a ban in between: the yes no longer sends it
    assert (await consultations.submit_place(user, ticket, 12, kind)).status is Submit.BANNED
    assert len(await copies(session)) == 2
