"""Reading `places.geojson`: each feature becomes a `Place`, or an error with its line for `kb check`.

Loading refuses what the bot must not show: a missing language, an address with notes in it, a point
outside Kazan, a geocoded point that does not say by whom, for which query and when. The rules on the
texts themselves are in `places_checks.py`.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.model import CONTENT_LANGUAGES, Source
from knowledge.places import ID_RE, INITIALS_RE, PLACE_CATEGORIES, Geocoded, Place, in_kazan
from knowledge.places_checks import (
    check_copied_russian,
    check_untranslated_words,
    warn_no_way_to_ask,
    warn_unreviewed_point,
)
from knowledge.problems import ProblemLog
from knowledge.translit import uz_latin_to_cyrillic

ADDRESS_LANGUAGES = ("ru", "en")  # street names are read from Russian signs; English gets a transliteration


def _line_of(raw: str, place_id: str) -> int:
    index = raw.find(f'"{place_id}"')
    return raw.count("\n", 0, index) + 1 if index >= 0 else 1


def _localized(value: Any, required: bool, line: int, key: str, path: Path, log: ProblemLog) -> dict[str, str] | None:
    if value is None:
        if required:
            log.error(path, line, f"'{key}' is required")
        return None
    if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        log.error(path, line, f"'{key}' must map languages to non-empty texts")
        return None
    missing = [lang for lang in CONTENT_LANGUAGES if lang not in value]
    if missing:
        log.error(path, line, f"'{key}' is missing languages: {', '.join(missing)}")
        return None
    result = {lang: value[lang].strip() for lang in value}
    result["uz-Cyrl"] = uz_latin_to_cyrillic(result["uz"])
    return result


def load_places(root: Path, log: ProblemLog, today: date) -> dict[str, Place]:
    path = root / "places.geojson"
    if not path.exists():
        return {}
    raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        log.error(path, error.lineno, f"invalid JSON: {error.msg}")
        return {}
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        log.error(path, 1, "must be a GeoJSON FeatureCollection with a 'features' list")
        return {}
    places: dict[str, Place] = {}
    for index, feature in enumerate(data["features"]):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or feature.get("type") != "Feature":
            log.error(path, 1, f"feature #{index + 1} is not a GeoJSON Feature with properties")
            continue
        place_id = str(properties.get("id", ""))
        line = _line_of(raw, place_id) if place_id else 1
        place = _load_place(feature, properties, place_id, line, path, log, today)
        if place is None:
            continue
        if place.id in places:
            log.error(path, line, f"duplicate place id '{place.id}'")
            continue
        places[place.id] = place
    return places


def _load_place(
    feature: dict[str, Any],
    properties: dict[str, Any],
    place_id: str,
    line: int,
    path: Path,
    log: ProblemLog,
    today: date,
) -> Place | None:
    errors_before = len(log.errors)
    if not ID_RE.match(place_id):
        log.error(path, line, f"place id '{place_id}' must use lowercase letters, digits and '-'")
    category = properties.get("category")
    if category not in PLACE_CATEGORIES:
        log.error(path, line, f"'{place_id}': category must be one of {', '.join(PLACE_CATEGORIES)}")
    name = _localized(properties.get("name"), True, line, "name", path, log)
    description = _localized(properties.get("description"), True, line, "description", path, log)
    bring = _localized(properties.get("bring"), False, line, "bring", path, log)
    check = _localized(properties.get("check"), False, line, "check", path, log)
    hours = _localized(properties.get("hours"), False, line, "hours", path, log)
    address_note = _localized(properties.get("address_note"), False, line, "address_note", path, log)
    check_untranslated_words(properties, place_id, line, path, log)
    check_copied_russian(properties, place_id, line, path, log)
    address = _address(properties.get("address"), place_id, line, path, log)
    if address_note and not address:
        log.error(path, line, f"'{place_id}': 'address_note' needs an 'address'")
    latitude, longitude = _point(feature.get("geometry"), place_id, line, path, log)
    if not address and latitude is None and check is None:
        log.error(path, line, f"'{place_id}': with no address and no point, 'check' must say how to find it")
    geocoded, needs_review = _geocoding(properties, latitude is not None, place_id, line, path, log)
    sources = properties.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, dict) and str(s.get("title") or "").strip() for s in sources)
    ):
        log.error(path, line, f"'{place_id}': 'sources' must list at least one source with a title")
        sources = []
    try:
        reviewed = date.fromisoformat(str(properties.get("reviewed")))
    except ValueError:
        log.error(path, line, f"'{place_id}': 'reviewed' must be a date like 2026-11-27")
        reviewed = today
    if reviewed > today:
        log.error(path, line, f"'{place_id}': 'reviewed' is in the future")
    elif (today - reviewed).days > 365:
        log.warning(path, line, f"'{place_id}': reviewed more than 12 months ago")
    reviewed_by = properties.get("reviewed_by")
    if reviewed_by is not None and not (isinstance(reviewed_by, str) and INITIALS_RE.match(reviewed_by)):
        log.error(path, line, f"'{place_id}': 'reviewed_by' must be the reviewer's initials (letters), or null")
    website = properties.get("website")
    if website is not None and not re.match(r"^https?://\S+$", str(website)):
        log.error(path, line, f"'{place_id}': 'website' must be an http(s) URL or null")
    if len(log.errors) > errors_before:
        return None
    place = Place(
        id=place_id,
        category=str(category),
        name=name or {},
        description=description or {},
        address=address,
        latitude=latitude,
        longitude=longitude,
        phone=str(properties["phone"]) if properties.get("phone") else None,
        hours=hours,
        bring=bring,
        check=check,
        website=str(website) if website else None,
        sources=tuple(Source(str(s["title"]).strip(), s.get("url")) for s in sources),
        reviewed=reviewed,
        address_note=address_note,
        geocoded=geocoded,
        needs_review=needs_review,
        reviewed_by=reviewed_by,
    )
    warn_unreviewed_point(place, line, path, log)
    warn_no_way_to_ask(place, line, path, log)
    return place


def _address(value: Any, place_id: str, line: int, path: Path, log: ProblemLog) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not str(value.get("ru") or "").strip():
        log.error(path, line, f"'{place_id}': 'address' needs at least a Russian ('ru') text, or null")
        return None
    extra = sorted(set(value) - set(ADDRESS_LANGUAGES))
    if extra:
        log.error(
            path, line, f"'{place_id}': 'address' has only 'ru' and 'en' (a transliteration); "
            f"put notes for people in 'address_note', not in {', '.join(extra)}",
        )  # fmt: skip
        return None
    return {k: str(v).strip() for k, v in value.items() if str(v or "").strip()}


def _point(geometry: Any, place_id: str, line: int, path: Path, log: ProblemLog) -> tuple[float | None, float | None]:
    if geometry is None:
        return None, None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (
        not isinstance(geometry, dict)
        or geometry.get("type") != "Point"
        or not isinstance(coordinates, list)
        or len(coordinates) != 2
        or not all(isinstance(c, int | float) for c in coordinates)
    ):
        log.error(path, line, f"'{place_id}': geometry must be a Point [longitude, latitude], or null")
        return None, None
    longitude, latitude = float(coordinates[0]), float(coordinates[1])
    if not in_kazan(latitude, longitude):
        log.error(path, line, f"'{place_id}': coordinates {latitude}, {longitude} are outside Kazan")
        return None, None
    return latitude, longitude


def _geocoding(
    properties: dict[str, Any], has_point: bool, place_id: str, line: int, path: Path, log: ProblemLog
) -> tuple[Geocoded | None, bool]:
    needs_review = properties.get("needs_review", False)
    if not isinstance(needs_review, bool):
        log.error(path, line, f"'{place_id}': 'needs_review' must be true or false")
        needs_review = True
    raw = properties.get("geocoded")
    if raw is None:
        return None, needs_review
    if not isinstance(raw, dict) or not str(raw.get("by") or "").strip() or not str(raw.get("query") or "").strip():
        log.error(path, line, f"'{place_id}': 'geocoded' must have 'by', 'query' and 'date'")
        return None, needs_review
    try:
        when = date.fromisoformat(str(raw.get("date")))
    except ValueError:
        log.error(path, line, f"'{place_id}': 'geocoded.date' must be a date like 2026-12-06")
        return None, needs_review
    if not has_point:
        log.error(path, line, f"'{place_id}': 'geocoded' is set but there is no point (geometry)")
    osm = raw.get("osm")
    return Geocoded(str(raw["by"]), str(raw["query"]), when, str(osm) if osm else None), needs_review
