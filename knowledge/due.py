"""`python -m bot kb due`: what the editors should re-check this month, with the sources to open.

It works on content that `kb check` rejects too (an expired yearly amount is exactly when the
list is needed), so it loads the parts it needs itself and ignores other problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from knowledge.articles_loader import load_articles
from knowledge.content_checks import units
from knowledge.course import load_course
from knowledge.freshness import WARN_AFTER, Unit
from knowledge.model import Source
from knowledge.problems import ProblemLog
from knowledge.watch import WatchItem, load_watch, month_end


@dataclass(frozen=True)
class DueReport:
    month_end: date
    watch: list[WatchItem]
    expiring: list[tuple[Unit, str, date]]  # unit, amount, valid_until
    stale: list[tuple[Unit, date]]  # unit, newest source check

    @property
    def empty(self) -> bool:
        return not (self.watch or self.expiring or self.stale)


def due_report(root: Path, year: int, month: int, today: date) -> DueReport:
    log = ProblemLog(root)
    last_day = month_end(year, month)
    articles = load_articles(root, log, today)
    course = load_course(root, log, today)
    all_units = units(root, articles, course)
    watch = sorted((item for item in load_watch(root, log, today) if item.due_by(last_day)), key=lambda i: i.recheck)
    expiring = sorted(
        ((unit, amount.amount, amount.valid_until) for unit in all_units for amount in unit.yearly
         if amount.valid_until <= last_day),
        key=lambda row: row[2],
    )  # fmt: skip
    stale = sorted(
        ((unit, unit.newest_check) for unit in all_units
         if unit.newest_check is not None and last_day - unit.newest_check > WARN_AFTER),
        key=lambda row: row[1],
    )  # fmt: skip
    return DueReport(last_day, watch, expiring, stale)


def _source_line(source: Source) -> str:
    checked = f" (checked {source.checked})" if source.checked else ""
    url = f"\n      {source.url}" if source.url else ""
    return f"    - {source.title}{checked}{url}"


def render(report: DueReport, root: Path) -> str:
    lines = [f"Due for re-check by {report.month_end}:"]
    if report.empty:
        lines.append("nothing: every watched item, yearly amount and source check is current.")
        return "\n".join(lines)
    if report.watch:
        lines.append("\nWatch list (watch.yaml):")
        for item in report.watch:
            where = ", ".join([*(f"article {a}" for a in item.articles), *(f"lesson {le}" for le in item.lessons)])
            lines += [
                f"  • {item.what}",
                f"    status (checked {item.status_checked}): {item.status}",
                f"    re-check by {item.recheck}; used in: {where or '—'}",
                f"    how: {item.how_to_check}",
                *(_source_line(s) for s in item.sources),
            ]
    if report.expiring:
        lines.append("\nYearly amounts that expire (update the text in every language, then 'valid_until'):")
        for unit, amount, until in report.expiring:
            lines.append(f"  • {unit.kind} {unit.id}: {amount}, valid until {until} ({_rel(unit.meta_path, root)})")
    if report.stale:
        lines.append("\nArticles and lessons whose newest source check is over 6 months old (oldest first):")
        for unit, newest in report.stale:
            lines.append(f"  • {unit.kind} {unit.id}: newest check {newest} ({_rel(unit.meta_path, root)})")
            lines += [_source_line(s) for s in sorted(unit.sources, key=lambda s: s.checked or date.min)]
    return "\n".join(lines)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
