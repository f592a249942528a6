from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import GapKind
from db.models import ArticleFeedback, ContentGap

MAX_QUERY_CHARS = 500
# Long digit runs are passport, phone or card numbers: never keep them, even unlinked to a person.
_NUMBER_RUN = re.compile(r"(?:\d[\s-]?){6,}")


def scrub(text: str) -> str:
    return _NUMBER_RUN.sub("[…]", text.strip())[:MAX_QUERY_CHARS]


class FeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_gap(self, kind: GapKind, query: str | None, lang: str, article_id: str | None = None) -> None:
        self.session.add(ContentGap(kind=kind, query=scrub(query) if query else None, lang=lang, article_id=article_id))

    async def record_feedback(self, article_id: str, lang: str, helpful: bool) -> None:
        self.session.add(ArticleFeedback(article_id=article_id, lang=lang, helpful=helpful))

    async def gaps(self, since: date | None = None, limit: int = 1000) -> list[ContentGap]:
        stmt = select(ContentGap).order_by(ContentGap.id.desc()).limit(limit)
        if since is not None:
            stmt = stmt.where(ContentGap.created_on >= since)
        return list((await self.session.execute(stmt)).scalars())

    async def feedback_totals(self) -> dict[str, tuple[int, int]]:
        stmt = select(ArticleFeedback.article_id, ArticleFeedback.helpful, func.count()).group_by(
            ArticleFeedback.article_id, ArticleFeedback.helpful
        )
        totals: dict[str, list[int]] = {}
        for article_id, helpful, count in await self.session.execute(stmt):
            totals.setdefault(article_id, [0, 0])[0 if helpful else 1] += count
        return {article_id: (up, down) for article_id, (up, down) in totals.items()}
