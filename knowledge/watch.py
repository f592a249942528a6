"""`watch.yaml`: things that will change (bills, drafts, yearly figures) and when to look again.

`kb check` validates the list and prints what is due; `kb due` lists what to re-check in a
month, with the sources to open. For a bill or a draft, every language of every article and
lesson that mentions it must show the day its status was last checked (as 06.12.2026), so a
reader always sees how fresh a statement about a pending change is.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.model import Source
from knowledge.problems import ProblemLog, read_yaml_file

KINDS = ("bill", "draft", "yearly", "other")
PENDING = ("bill", "draft")


@dataclass(frozen=True)
class WatchItem:
    id: str
    kind: str
    what: str
    status: str
    status_checked: date
    recheck: date
    articles: tuple[str, ...]
    lessons: tuple[str, ...]
    how_to_check: str
    sources: tuple[Source, ...]
    line: int

    def due_by(self, day: date) -> bool:
        return self.recheck <= day


def load_watch(root: Path, log: ProblemLog, today: date) -> list[WatchItem]:
    path = root / "watch.yaml"
    if not path.exists():
        log.warning(path, 1, "watch.yaml is missing: pending bills and yearly figures are not tracked")
        return []
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return []
    data, lines = parsed
    raw = data.get("items")
    if not isinstance(raw, list):
        log.error(path, lines.get("items", 1), "'items' must be a list")
        return []
    items: list[WatchItem] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        line = lines.get(f"items[{index}]", 1)
        item = _item(entry, line, path, log, today)
        if item is None:
            continue
        if item.id in seen:
            log.error(path, line, f"duplicate watch id '{item.id}'")
            continue
        seen.add(item.id)
        items.append(item)
    return items


def _item(entry: Any, line: int, path: Path, log: ProblemLog, today: date) -> WatchItem | None:
    if not isinstance(entry, dict):
        log.error(path, line, "each watch item is a map (id, kind, what, status, status_checked, recheck, ...)")
        return None
    problems = []
    for key in ("id", "what", "status", "how_to_check"):
        if not str(entry.get(key) or "").strip():
            problems.append(f"'{key}' is missing")
    if entry.get("kind") not in KINDS:
        problems.append(f"'kind' must be one of: {', '.join(KINDS)}")
    for key in ("status_checked", "recheck"):
        if not isinstance(entry.get(key), date):
            problems.append(f"'{key}' must be a date like 2026-12-06")
    if isinstance(entry.get("status_checked"), date):
        if entry["status_checked"] > today:
            problems.append("'status_checked' is in the future")
        if isinstance(entry.get("recheck"), date) and entry["recheck"] < entry["status_checked"]:
            problems.append("'recheck' is before 'status_checked'")
    for key in ("articles", "lessons"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"'{key}' must be a list of ids")
    sources = entry.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, dict) and s.get("title") for s in sources):
        problems.append("'sources' must list at least one {title, url} to open when re-checking")
    if problems:
        log.error(path, line, f"watch item {entry.get('id', '?')!r}: " + "; ".join(problems))
        return None
    return WatchItem(
        id=str(entry["id"]).strip(),
        kind=entry["kind"],
        what=str(entry["what"]).strip(),
        status=str(entry["status"]).strip(),
        status_checked=entry["status_checked"],
        recheck=entry["recheck"],
        articles=tuple(entry.get("articles") or ()),
        lessons=tuple(entry.get("lessons") or ()),
        how_to_check=str(entry["how_to_check"]).strip(),
        sources=tuple(Source(str(s["title"]).strip(), s.get("url"), s.get("checked")) for s in sources or ()),
        line=line,
    )


def status_date_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def check_watch(
    items: list[WatchItem],
    article_texts: dict[str, dict[str, str]],
    lesson_texts: dict[str, dict[str, str]],
    root: Path,
    log: ProblemLog,
    today: date,
) -> None:
    """Ids exist; pending changes show their status date in every language; print what is due."""
    path = root / "watch.yaml"
    for item in items:
        for kind, ids, texts in (("article", item.articles, article_texts), ("lesson", item.lessons, lesson_texts)):
            for unit_id in ids:
                if unit_id not in texts:
                    log.error(path, item.line, f"watch item '{item.id}': unknown {kind} id '{unit_id}'")
                    continue
                if item.kind not in PENDING:
                    continue
                stamp = status_date_text(item.status_checked)
                missing = [lang for lang, text in texts[unit_id].items() if stamp not in text]
                if missing:
                    log.error(
                        path,
                        item.line,
                        f"watch item '{item.id}': the {kind} '{unit_id}' must say when the status was last "
                        f"checked ({stamp}) in: {', '.join(missing)}",
                    )
        if item.due_by(today):
            log.warning(path, item.line, f"due for re-check since {item.recheck}: {item.what}")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
