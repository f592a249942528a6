from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import today_utc
from db.enums import GapKind
from db.models import ArticleFeedback, ContentGap
from db.redact import MAX_QUERY_CHARS, redact_question
from db.repositories import changed_rows

__all__ = ["MAX_QUERY_CHARS", "FeedbackRepository", "GapCount"]


@dataclass(frozen=True)
class GapCount:
    """How many times one (normalised) question went unanswered: what admins see, never a dated line."""

    question: str
    count: int


class FeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_gap(self, kind: GapKind, query: str | None, lang: str, article_id: str | None = None) -> None:
        text = redact_question(query) if query else None
        self.session.add(ContentGap(kind=kind, query=text or None, lang=lang, article_id=article_id))

    async def record_feedback(self, article_id: str, lang: str, helpful: bool) -> None:
        self.session.add(ArticleFeedback(article_id=article_id, lang=lang, helpful=helpful))

    async def count_gaps(self, since: date | None = None) -> int:
        stmt = select(func.count()).select_from(ContentGap)
        if since is not None:
            stmt = stmt.where(ContentGap.created_on >= since)
        return int(await self.session.scalar(stmt) or 0)

    async def top_gaps(self, since: date | None = None, limit: int = 20) -> list[GapCount]:
        count = func.count().label("count")
        stmt = select(ContentGap.query, count).where(ContentGap.query.is_not(None)).group_by(ContentGap.query)
        if since is not None:
            stmt = stmt.where(ContentGap.created_on >= since)
        stmt = stmt.order_by(count.desc(), ContentGap.query).limit(limit)
        return [GapCount(question, int(n)) for question, n in await self.session.execute(stmt) if question]

    async def newest_gaps(self, limit: int = 5) -> list[str]:
        """The latest distinct unanswered questions (already scrubbed when recorded), newest first, undated."""
        newest = func.max(ContentGap.id).label("newest")
        stmt = (
            select(ContentGap.query, newest)
            .where(ContentGap.query.is_not(None))
            .group_by(ContentGap.query)
            .order_by(newest.desc())
            .limit(limit)
        )
        return [str(question) for question, _ in await self.session.execute(stmt)]

    async def purge_gaps(self, older_than_days: int) -> int:
        """Unanswered questions are kept GAPS_RETENTION_DAYS, then deleted by the periodic maintenance."""
        before = today_utc() - timedelta(days=older_than_days)
        result = await self.session.execute(delete(ContentGap).where(ContentGap.created_on < before))
        return changed_rows(result)

    async def feedback_totals(self) -> dict[str, tuple[int, int]]:
        stmt = select(ArticleFeedback.article_id, ArticleFeedback.helpful, func.count()).group_by(
            ArticleFeedback.article_id, ArticleFeedback.helpful
        )
        totals: dict[str, list[int]] = {}
        for article_id, helpful, count in await self.session.execute(stmt):
            totals.setdefault(article_id, [0, 0])[0 if helpful else 1] += count
        return {article_id: (up, down) for article_id, (up, down) in totals.items()}
