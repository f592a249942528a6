"""Figures for the NGO: tickets, reply times, languages, ratings, content gaps (no one is identified)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.repositories.feedback import FeedbackRepository
from db.repositories.tickets import TicketRepository
from db.repositories.users import UserRepository


@dataclass(frozen=True)
class Stats:
    days: int | None
    opened: int
    closed: int
    median_first_reply_minutes: float | None
    open_by_role: dict[str, int]
    users_by_language: dict[str, int]
    ratings: dict[int, int]
    content_gaps: int

    @property
    def average_rating(self) -> float | None:
        count = sum(self.ratings.values())
        return round(sum(k * v for k, v in self.ratings.items()) / count, 2) if count else None

    def as_dict(self) -> dict[str, object]:
        return {
            "period_days": self.days,
            "tickets_opened": self.opened,
            "tickets_closed": self.closed,
            "median_first_reply_minutes": self.median_first_reply_minutes,
            "open_tickets_by_role": self.open_by_role,
            "users_by_language": self.users_by_language,
            "ratings": {str(k): v for k, v in sorted(self.ratings.items())},
            "average_rating": self.average_rating,
            "content_gaps": self.content_gaps,
        }


async def compute_stats(session: AsyncSession, users: UserRepository, days: int | None = 30) -> Stats:
    since = utcnow() - timedelta(days=days) if days else None
    tickets = TicketRepository(session)
    opened, closed = await tickets.opened_closed_counts(since)
    delays = await tickets.first_reply_delays(since)
    gaps = await FeedbackRepository(session).gaps(since.date() if since else None)
    return Stats(
        days=days,
        opened=opened,
        closed=closed,
        median_first_reply_minutes=round(statistics.median(delays) / 60, 1) if delays else None,
        open_by_role=await tickets.open_by_role(),
        users_by_language=await users.count_by_language(),
        ratings=await tickets.ratings(since),
        content_gaps=len(gaps),
    )
