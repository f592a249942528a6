"""The places worksheet: NGO staff check places in a spreadsheet, and the edits come back safely.

`python -m bot places worksheet --out places.csv` writes one row per place (UTF-8 with BOM and full
quoting, so LibreOffice and Excel open it with Cyrillic intact). `python -m bot places import
places.csv` merges the edits back:

- only cells that were changed are written; nothing else in the place is touched;
- a row changed by someone else in `places.geojson` since the export is refused, not overwritten;
- a change that would leave another field wrong is refused with what to do (new address but old
  point; Russian hours changed but not the translations);
- every changed row needs the reviewer's initials; the import records them and the date;
- errors name the file and line; with any error nothing is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.model import CONTENT_LANGUAGES
from knowledge.places import INITIALS_RE, in_kazan
from knowledge.places_file import places_path, read_features, write_document

HOURS_COLUMNS = tuple(f"hours_{lang}" for lang in CONTENT_LANGUAGES)
EDITABLE = ("address_ru", "address_en", "phone", *HOURS_COLUMNS, "lat", "lon", "needs_review")
READ_ONLY = ("id", "category", "name_ru", "sources", "missing", "reviewed", "reviewed_by", "version")
COLUMNS = (
    "id", "category", "name_ru", "address_ru", "address_en", "phone", *HOURS_COLUMNS, "lat", "lon",
    "needs_review", "sources", "missing", "reviewed", "reviewed_by", "reviewer", "version",
)  # fmt: skip
YES, NO = "yes", "no"
_YES_WORDS = {"yes", "y", "true", "1", "да", "д"}
_NO_WORDS = {"no", "n", "false", "0", "нет", "н", ""}
_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet would run these as formulas
_PHONE = re.compile(r"^\+?[\d\s()\-–]{5,30}$")


def _cell(value: str) -> str:
    """Keep text as text in a spreadsheet: a leading ' stops =, +, - and @ from becoming formulas."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def _point_text(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def editable_values(feature: dict[str, Any]) -> dict[str, str]:
    """The editable cells of one place, as the worksheet shows them."""
    properties = feature["properties"]
    address = properties.get("address") or {}
    hours = properties.get("hours") or {}
    coordinates = (feature.get("geometry") or {}).get("coordinates") or [None, None]
    values = {
        "address_ru": address.get("ru", ""),
        "address_en": address.get("en", ""),
        "phone": properties.get("phone") or "",
        **{f"hours_{lang}": hours.get(lang, "") for lang in CONTENT_LANGUAGES},
        "lon": _point_text(coordinates[0]),
        "lat": _point_text(coordinates[1]),
        "needs_review": YES if properties.get("needs_review") else NO,
    }
    return values


def fixed_values(feature: dict[str, Any]) -> dict[str, str]:
    """Cells shown for reference that the import does not take: they are edited in places.geojson."""
    properties = feature["properties"]
    sources = "\n".join(
        f"{s.get('title', '')} — {s['url']}" if s.get("url") else str(s.get("title", ""))
        for s in properties.get("sources") or []
    )
    return {
        "category": properties.get("category", ""),
        "name_ru": (properties.get("name") or {}).get("ru", ""),
        "sources": sources,
    }


def version(feature: dict[str, Any]) -> str:
    """A fingerprint of the editable fields: tells the import whether the file changed since export."""
    return hashlib.sha256(json.dumps(editable_values(feature), sort_keys=True).encode()).hexdigest()[:10]


def missing(feature: dict[str, Any]) -> str:
    properties = feature["properties"]
    gaps = []
    if not properties.get("address"):
        gaps.append("address")
    if not properties.get("phone"):
        gaps.append("phone")
    if not properties.get("hours"):
        gaps.append("hours")
    if feature.get("geometry") is None:
        gaps.append("coordinates")
    elif properties.get("needs_review"):
        gaps.append("coordinates not reviewed")
    return ", ".join(gaps)


def export_worksheet(root: Path, out: Path, delimiter: str = ";") -> int:
    """Write the worksheet; return the number of places."""
    _, features = read_features(root)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for place_id, feature in features.items():
        properties = feature["properties"]
        row = {
            "id": place_id,
            **fixed_values(feature),
            **editable_values(feature),
            "missing": missing(feature),
            "reviewed": str(properties.get("reviewed", "")),
            "reviewed_by": properties.get("reviewed_by") or "",
            "reviewer": "",
            "version": version(feature),
        }
        writer.writerow([_cell(str(row[column])) for column in COLUMNS])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buffer.getvalue(), encoding="utf-8-sig")  # the BOM tells Excel the file is UTF-8
    return len(features)


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # place id → columns changed
    confirmed: list[str] = field(default_factory=list)  # rows checked with no change

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(path: Path, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append(f"{path}:1: the file is not UTF-8: save it as 'CSV UTF-8' (Excel) or 'Unicode (UTF-8)'")
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        report.errors.append(f"{path}:1: the file is empty")
        return []
    header = [name.strip() for name in header]
    absent = [name for name in ("id", *EDITABLE, "reviewer", "version") if name not in header]
    if absent:
        report.errors.append(f"{path}:1: missing columns: {', '.join(absent)} (export a new worksheet)")
        return []
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.errors.append(f"{path}:{line}: cannot read this row: {error}")
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            report.errors.append(f"{path}:{line}: {len(cells)} cells, but the header has {len(header)}")
            continue
        rows.append((line, {name: _uncell(cell) for name, cell in zip(header, cells, strict=True)}))
    return rows


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def import_worksheet(root: Path, path: Path, today: date, write: bool = True) -> ImportReport:
    """Merge the worksheet's edits into places.geojson; with any error, write nothing."""
    report = ImportReport()
    rows = _read_rows(path, report)
    document, features = read_features(root)
    seen: set[str] = set()
    for line, row in rows:
        where = f"{path}:{line}"
        place_id = row["id"]
        feature = features.get(place_id)
        if feature is None:
            report.errors.append(f"{where}: unknown place id '{place_id}' (new places are added in places.geojson)")
            continue
        if place_id in seen:
            report.errors.append(f"{where}: '{place_id}' appears twice")
            continue
        seen.add(place_id)
        _import_row(where, row, feature, today, report)
    if report.errors or not write:
        return report
    if report.changed or report.confirmed:
        original = places_path(root).read_text(encoding="utf-8")
        write_document(root, document)
        from knowledge.base import load_knowledge  # the merged file must pass the same checks as any edit

        kb, problems = load_knowledge(root, today)
        if kb is None:
            places_path(root).write_text(original, encoding="utf-8")
            report.errors += [f"{path}: after merging: {p}" for p in problems if p.level == "error"]
            report.changed.clear()
            report.confirmed.clear()
    return report


def _import_row(where: str, row: dict[str, str], feature: dict[str, Any], today: date, report: ImportReport) -> None:
    place_id = row["id"]
    fixed = {name: value for name, value in fixed_values(feature).items() if name in row and row[name] != value.strip()}
    if fixed:
        report.errors.append(
            f"{where}: {', '.join(fixed)} cannot be changed in the worksheet: ask an editor to change places.geojson"
        )
        return
    current = editable_values(feature)
    edits = {column: row[column] for column in EDITABLE if row[column] != current[column]}
    # needs_review accepts yes/no in several spellings: compare meanings, not words.
    review_word = row["needs_review"].lower()
    if review_word not in _YES_WORDS | _NO_WORDS:
        report.errors.append(f"{where}: needs_review must be yes or no, not '{row['needs_review']}'")
        return
    wants_review = review_word in _YES_WORDS
    edits.pop("needs_review", None)
    if wants_review != (current["needs_review"] == YES):
        edits["needs_review"] = YES if wants_review else NO
    reviewer = row["reviewer"].strip()
    if not edits and not reviewer:
        return
    if not reviewer:
        report.errors.append(f"{where}: '{place_id}' was changed ({', '.join(edits)}): put your initials in 'reviewer'")
        return
    if not INITIALS_RE.match(reviewer):
        report.errors.append(f"{where}: 'reviewer' must be initials (letters only, like 'AK'), not '{reviewer}'")
        return
    if edits and row["version"] != version(feature):
        report.errors.append(
            f"{where}: '{place_id}' was changed in places.geojson after this worksheet was made; "
            "nothing was overwritten: export a new worksheet and enter this row again"
        )
        return
    errors_before = len(report.errors)
    _check_edits(where, edits, row, current, report)
    if len(report.errors) > errors_before:
        return
    _apply(feature, edits, row)
    properties = feature["properties"]
    properties["reviewed"] = today.isoformat()
    properties["reviewed_by"] = reviewer
    if edits:
        report.changed[place_id] = sorted(edits)
    else:
        report.confirmed.append(place_id)


def _check_edits(
    where: str, edits: dict[str, str], row: dict[str, str], current: dict[str, str], report: ImportReport
) -> None:
    if "address_ru" in edits and current["address_ru"] and row["address_en"] and "address_en" not in edits:
        report.errors.append(
            f"{where}: address_ru changed but address_en did not: write the new English form too, or clear it"
        )
    if edits.get("phone") and not _PHONE.match(edits["phone"]):
        report.errors.append(f"{where}: phone must be digits, like +7 843 231-20-90 (one number per place)")
    point_changed = "lat" in edits or "lon" in edits
    if "address_ru" in edits and current["lat"] and not point_changed:
        report.errors.append(
            f"{where}: the address changed but the map point did not: clear lat and lon (or give the new point)"
        )
    if bool(row["lat"]) != bool(row["lon"]):
        report.errors.append(f"{where}: give both lat and lon, or neither")
    elif row["lat"] and point_changed:
        lat, lon = _number(row["lat"]), _number(row["lon"])
        if lat is None or lon is None:
            report.errors.append(f"{where}: lat and lon must be numbers like 55.796300 and 49.108800")
        elif not in_kazan(lat, lon):
            report.errors.append(
                f"{where}: {lat}, {lon} is outside Kazan (latitude about 55.8, longitude about 49.1: swapped?)"
            )
    if edits.get("needs_review") == NO and not row["lat"]:
        report.errors.append(f"{where}: needs_review 'no' confirms a map point, but there is none")
    if "hours_ru" in edits:
        stale = [c for c in HOURS_COLUMNS if c != "hours_ru" and c not in edits]
        if stale:
            report.errors.append(
                f"{where}: hours_ru changed but {', '.join(stale)} did not: give the hours in every language, "
                "so no one sees Russian in their own language"
            )
    elif any(c in edits for c in HOURS_COLUMNS) and not row["hours_ru"]:
        report.errors.append(f"{where}: hours need hours_ru first")


def _apply(feature: dict[str, Any], edits: dict[str, str], row: dict[str, str]) -> None:
    properties = feature["properties"]
    if "address_ru" in edits or "address_en" in edits:
        if row["address_ru"]:
            address = {"ru": row["address_ru"]}
            if row["address_en"]:
                address["en"] = row["address_en"]
            properties["address"] = address
        else:
            properties["address"] = None
            properties.pop("address_note", None)
    if "phone" in edits:
        properties["phone"] = row["phone"] or None
    if any(column in edits for column in HOURS_COLUMNS):
        hours = {lang: row[f"hours_{lang}"] for lang in CONTENT_LANGUAGES if row[f"hours_{lang}"]}
        properties["hours"] = hours or None
    if "lat" in edits or "lon" in edits:
        if row["lat"]:
            lat, lon = _number(row["lat"]), _number(row["lon"])
            feature["geometry"] = {"type": "Point", "coordinates": [round(lon or 0, 6), round(lat or 0, 6)]}
        else:
            feature["geometry"] = None
        # A person entered (or removed) this point: it is theirs now, not the geocoder's.
        properties.pop("geocoded", None)
        properties.pop("needs_review", None)
    elif "needs_review" in edits:
        if edits["needs_review"] == NO:
            properties["needs_review"] = False
        else:
            properties["needs_review"] = True
