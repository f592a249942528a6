"""ConsultationService: media held outside a consultation, and the rating stars after /reopen."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import I18n
from bot.services.consultations import RATING_KIND, ConsultationService
from bot.services.knowledge import KnowledgeHolder
from db.identity import IdentityVault
from db.models import OutboxMessage, TicketMessage, User
from db.repositories.outbox import OutboxRepository
from db.repositories.users import UserRepository


@pytest.fixture
def consultations(
    session: AsyncSession, vault: IdentityVault, settings: Settings, i18n: I18n, knowledge: KnowledgeHolder
) -> ConsultationService:
    return ConsultationService(session, vault, settings, i18n, knowledge.kb.crisis)


@pytest.fixture
async def person(session: AsyncSession, vault: IdentityVault) -> User:
    user, _ = await UserRepository(session, vault).get_or_create(555002)
    user.language = "tg"
    await session.flush()
    return user


async def outbox(session: AsyncSession, vault: IdentityVault) -> list[tuple[OutboxMessage, dict]]:
    rows = (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    repository = OutboxRepository(session, vault)
    return [(row, repository.payload(row)) for row in rows]


async def test_a_held_album_is_copied_from_the_persons_chat_as_one_album(
    session: AsyncSession, vault: IdentityVault, consultations: ConsultationService, person: User
):
    ticket = await consultations.open(person, "lawyer", "tg", None)
    result = await consultations.submit_held(person, ticket, first_id=40, count=3, kind="photo")
    await session.flush()
    assert result.first and ticket.status == "open"
    copies = [(row, payload) for row, payload in await outbox(session, vault) if row.action == "copy"]
    assert [payload["message_id"] for _, payload in copies] == [40, 41, 42]
    assert {row.media_group_id for row, _ in copies} == {"held:40"}  # sent as one album
    assert all(row.target == "staff" and row.user_id == person.id for row, _ in copies)
    again = await consultations.submit_held(person, ticket, first_id=50, count=1, kind="voice")
    assert not again.first  # the same open consultation
    rows = (await session.execute(select(TicketMessage.user_chat_message_id))).scalars().all()
    assert sorted(rows) == [40, 41, 42, 50]


async def test_reopen_queues_the_removal_of_unused_stars_only(
    session: AsyncSession, vault: IdentityVault, consultations: ConsultationService, person: User
):
    ticket = await consultations.open(person, "doctor", "tg", None)
    await consultations.submit_held(person, ticket, first_id=7, count=1, kind="voice")
    await consultations.close_by_staff(ticket)
    await session.flush()
    stars = (await session.execute(select(TicketMessage).where(TicketMessage.kind == RATING_KIND))).scalar_one()
    sent = [row for row, payload in await outbox(session, vault) if row.action == "send_text"]
    assert sent[-1].ticket_message_id == stars.id  # the outbox will note which message has the stars

    assert await consultations.reopen(ticket)
    await session.flush()
    edits = [(row, payload) for row, payload in await outbox(session, vault) if row.action == "edit_relay"]
    assert len(edits) == 1 and edits[0][0].ticket_message_id == stars.id
    assert "keyboard" not in edits[0][1]  # the edit leaves no buttons

    await consultations.close_by_staff(ticket)
    await consultations.rate(person, ticket.code, 5)
    assert await consultations.reopen(ticket)
    await session.flush()
    edits = [row for row, _ in await outbox(session, vault) if row.action == "edit_relay"]
    assert len(edits) == 1  # rated: the stars were already replaced by the thank-you
