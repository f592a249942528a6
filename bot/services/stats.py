"""Figures for the NGO: tickets, reply times, languages, ratings, content gaps (no one is identified)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.enums import Role
from db.identity import IdentityVault
from db.repositories.feedback import FeedbackRepository
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository

NEWEST_GAPS = 5  # unanswered questions listed in /stats


@dataclass(frozen=True)
class Stats:
    days: int | None
    opened: int
    closed: int
    forgotten: int  # closed because the person deleted their data (counted in `closed` too)
    median_first_reply_minutes: float | None
    open_by_role: dict[Role, int]
    users_by_language: dict[str, int]
    ratings: dict[int, int]
    content_gaps: int
    newest_gaps: tuple[str, ...] = ()  # the latest unanswered questions, scrubbed, without dates

    @property
    def average_rating(self) -> float | None:
        count = sum(self.ratings.values())
        return round(sum(k * v for k, v in self.ratings.items()) / count, 2) if count else None

    def as_dict(self) -> dict[str, object]:
        return {
            "period_days": self.days,
            "tickets_opened": self.opened,
            "tickets_closed": self.closed,
            "tickets_closed_by_forget": self.forgotten,
            "median_first_reply_minutes": self.median_first_reply_minutes,
            "open_tickets_by_role": self.open_by_role,
            "users_by_language": self.users_by_language,
            "ratings": {str(k): v for k, v in sorted(self.ratings.items())},
            "average_rating": self.average_rating,
            "content_gaps": self.content_gaps,
        }


class StatsService:
    def __init__(self, tickets: TicketRepository, users: UserRepository, feedback: FeedbackRepository) -> None:
        self.tickets = tickets
        self.users = users
        self.feedback = feedback

    @classmethod
    def for_session(cls, session: AsyncSession, vault: IdentityVault) -> StatsService:
        return cls(TicketRepository(session), UserRepository(session, vault), FeedbackRepository(session))

    async def compute(self, days: int | None = 30, exclude_telegram_ids: Iterable[int] = ()) -> Stats:
        """The figures; `exclude_telegram_ids` (the admins, who try the bot) are not counted as people."""
        since = utcnow() - timedelta(days=days) if days else None
        opened, closed = await self.tickets.opened_closed_counts(since)
        delays = await self.tickets.first_reply_delays(since)
        return Stats(
            days=days,
            opened=opened,
            closed=closed,
            forgotten=await self.tickets.forgotten_count(since),
            median_first_reply_minutes=round(statistics.median(delays) / 60, 1) if delays else None,
            open_by_role=await self.tickets.open_by_role(),
            users_by_language=await self.users.count_by_language(exclude_telegram_ids),
            ratings=await self.tickets.ratings(since),
            content_gaps=await self.feedback.count_gaps(since.date() if since else None),
            newest_gaps=tuple(await self.feedback.newest_gaps(NEWEST_GAPS)),
        )
