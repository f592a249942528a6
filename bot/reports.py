"""`python -m bot report stats`: the same figures as /stats, for the NGO's reports."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable
from datetime import timedelta

from bot.config import Settings
from bot.services.stats import StatsService
from db.base import today_utc
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault, load_or_create_master_key
from db.migrate import upgrade_async
from db.repositories.feedback import FeedbackRepository


async def _stats(settings: Settings, days: int | None, as_json: bool) -> str:
    await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url)
    vault = IdentityVault(
        load_or_create_master_key(
            settings.data_key.get_secret_value() if settings.data_key else None, settings.data_dir
        )
    )
    try:
        async with create_sessionmaker(engine)() as session:
            figures = await StatsService.for_session(session, vault).compute(days)
            feedback = FeedbackRepository(session)
            since = today_utc() - timedelta(days=days) if days else None
            gaps = await feedback.top_gaps(since, limit=20)
            votes = await feedback.feedback_totals()
    finally:
        await engine.dispose()
    data = figures.as_dict()
    data["article_feedback"] = {
        article: {"helpful": up, "not_helpful": down} for article, (up, down) in sorted(votes.items())
    }
    # Unanswered questions, scrubbed and normalised, as counts: never one person's line with its date.
    if as_json:
        data["content_gaps_by_question"] = [{"question": g.question, "count": g.count} for g in gaps]
        return json.dumps(data, ensure_ascii=False, indent=1)
    lines = [f"{key}: {value}" for key, value in data.items()]
    lines.append("unanswered questions (times asked × question):")
    lines += [f"  {g.count} × {g.question}" for g in gaps]
    return "\n".join(lines)


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], settings_loader: Callable[[], Settings]
) -> None:
    report = commands.add_parser("report", help="reports for the NGO")
    report_commands = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    stats = report_commands.add_parser("stats", help="tickets, reply times, languages, ratings, content gaps")
    stats.add_argument("--days", type=int, default=30, help="period in days (0: all time)")
    stats.add_argument("--json", action="store_true")

    def run(args: argparse.Namespace) -> int:
        print(asyncio.run(_stats(settings_loader(), args.days or None, args.json)))
        return 0

    stats.set_defaults(handler=run)
