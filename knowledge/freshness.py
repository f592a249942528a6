"""Dates that tell the truth: when each source was last confirmed, and amounts that expire.

Every source of an article or lesson carries `checked: YYYY-MM-DD`, the day someone last
confirmed that the source says what the text says. From those dates:

- an article whose newest source check is older than 6 months gets a warning, older than
  12 months an error: the facts must be confirmed again;
- `reviewed` may not be later than the newest source check (it would claim a check that no
  source backs);
- amounts that depend on a yearly coefficient are listed under `yearly:` with `valid_until`;
  once that day has passed, the amount is an error until someone re-checks and updates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from knowledge.model import Source, YearlyAmount
from knowledge.problems import ProblemLog

WARN_AFTER = timedelta(days=183)  # about 6 months
FAIL_AFTER = timedelta(days=365)

# A number with its decimal part and thousands groups: 8 697, 8,697, 2,842, 18.8, 06.12.2026.
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*")


def parse_checked(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def check_source_dates(
    raw_sources: list[Any], lines: Mapping[str, int], path: Path, log: ProblemLog, today: date
) -> bool:
    """Every source needs a `checked` date, not in the future. Returns False on an error."""
    ok = True
    for index, source in enumerate(raw_sources):
        if not isinstance(source, dict):
            continue  # reported by the caller
        line = lines.get(f"sources[{index}]", lines.get("sources", 1))
        checked = source.get("checked")
        if checked is None:
            log.error(path, line, "each source needs 'checked: YYYY-MM-DD', the day it was last confirmed")
            ok = False
        elif not isinstance(checked, date):
            log.error(path, line, "'checked' must be a date like 2026-02-21")
            ok = False
        elif checked > today:
            log.error(path, line, f"'checked' {checked} is in the future")
            ok = False
    return ok


def parse_yearly(value: Any, lines: Mapping[str, int], path: Path, log: ProblemLog) -> tuple[YearlyAmount, ...] | None:
    """`yearly:` is a list of {amount, valid_until, note}. None on an error."""
    if value is None:
        return ()
    line = lines.get("yearly", 1)
    if not isinstance(value, list):
        log.error(path, line, "'yearly' must be a list of {amount, valid_until, note}")
        return None
    amounts = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or not str(item.get("amount") or "").strip():
            log.error(path, line, f"yearly amount {number} needs a non-empty 'amount'")
            return None
        until = item.get("valid_until")
        if not isinstance(until, date):
            log.error(path, line, f"yearly amount {number} needs 'valid_until: YYYY-MM-DD'")
            return None
        amounts.append(YearlyAmount(str(item["amount"]).strip(), until, str(item.get("note") or "").strip()))
    return tuple(amounts)


def numbers_in(text: str) -> set[str]:
    """Numbers as digit strings, whatever the thousands separator: "8 697", "8,697" → "8697"."""
    return {re.sub(r"\D", "", match.group(0)) for match in _NUMBER.finditer(text)}


@dataclass(frozen=True)
class Unit:
    """An article or a lesson, as far as dates are concerned."""

    kind: str  # "article" | "lesson"
    id: str
    meta_path: Path
    reviewed: date
    sources: tuple[Source, ...]
    yearly: tuple[YearlyAmount, ...]
    bodies: Mapping[str, str]  # language → text the reader sees

    @property
    def newest_check(self) -> date | None:
        dates = [s.checked for s in self.sources if s.checked is not None]
        return max(dates) if dates else None


def check_freshness(
    units: Iterable[Unit], log: ProblemLog, today: date, line_of: Mapping[Path, Mapping[str, int]]
) -> None:
    for unit in units:
        lines = line_of.get(unit.meta_path, {})
        newest = unit.newest_check
        if newest is None:
            continue  # a missing 'checked' is already an error
        age = today - newest
        if age > FAIL_AFTER:
            log.error(
                unit.meta_path,
                lines.get("sources", 1),
                f"no source was confirmed in the last 12 months (newest check {newest}): re-check the facts",
            )
        elif age > WARN_AFTER:
            log.warning(
                unit.meta_path,
                lines.get("sources", 1),
                f"newest source check is {newest}, more than 6 months ago: re-check soon",
            )
        if unit.reviewed > newest:
            log.error(
                unit.meta_path,
                lines.get("reviewed", 1),
                f"'reviewed' {unit.reviewed} is later than the newest source check ({newest}): "
                "it may not claim more than the sources do",
            )
        for amount in unit.yearly:
            if amount.valid_until < today:
                log.error(
                    unit.meta_path,
                    lines.get("yearly", 1),
                    f"{amount.amount} was valid until {amount.valid_until}: check the new yearly coefficient, "
                    "then update the amount in every language and 'valid_until'",
                )
            wanted = re.sub(r"\D", "", amount.amount)
            missing = [lang for lang, body in unit.bodies.items() if wanted and wanted not in numbers_in(body)]
            if missing:
                log.error(
                    unit.meta_path,
                    lines.get("yearly", 1),
                    f"yearly amount {amount.amount} is not in the text of: {', '.join(missing)}",
                )
