"""The guide map: `places.geojson`, a GeoJSON FeatureCollection of places in Kazan.

Coordinates are optional on purpose: a place whose position no source gives is kept with its
verified address (or with a note on how to check it), never with guessed coordinates.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from knowledge.model import CONTENT_LANGUAGES, Source
from knowledge.problems import ProblemLog
from knowledge.translit import uz_latin_to_cyrillic

PLACE_CATEGORIES: tuple[str, ...] = (
    "migration", "medical-exam", "fingerprinting", "hiv", "sti", "hospital", "consulate", "ngo",
    "legal-aid", "labour-inspection", "ombudsman",
)  # fmt: skip
# Greater Kazan, generously: a point outside is a typo (or swapped latitude and longitude).
KAZAN_BOUNDS = {"lat": (55.55, 56.0), "lon": (48.7, 49.5)}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LOCALIZED_REQUIRED = ("name", "description")
LOCALIZED_OPTIONAL = ("bring", "check")


@dataclass(frozen=True)
class Place:
    id: str
    category: str
    name: dict[str, str]
    description: dict[str, str]
    address: dict[str, str] | None
    latitude: float | None
    longitude: float | None
    phone: str | None
    hours: dict[str, str] | None
    bring: dict[str, str] | None
    check: dict[str, str] | None
    website: str | None
    sources: tuple[Source, ...]
    reviewed: date
    articles: list[str] = field(default_factory=list, compare=False)  # filled from articles' `places`

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def text(self, field_values: dict[str, str] | None, lang: str) -> str | None:
        if not field_values:
            return None
        return field_values.get(lang) or field_values.get("ru") or next(iter(field_values.values()))

    def address_for(self, lang: str) -> str | None:
        # Street names are read from Russian signs: everyone but English readers gets the Russian form.
        if not self.address:
            return None
        return self.address.get("en") if lang == "en" and "en" in self.address else self.address.get("ru")

    def map_links(self) -> dict[str, str]:
        """Plain URLs for Yandex Maps, 2GIS and OpenStreetMap: by point, or else by address search."""
        if self.has_point:
            lat, lon = self.latitude, self.longitude
            return {
                "yandex": f"https://yandex.ru/maps/?pt={lon},{lat}&z=17&l=map",
                "2gis": f"https://2gis.ru/geo/{lon},{lat}",
                "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
            }
        address = self.address_for("ru")
        if not address:
            return {}
        query = quote(address)
        return {
            "yandex": f"https://yandex.ru/maps/?text={query}",
            "2gis": f"https://2gis.ru/kazan/search/{query}",
            "osm": f"https://www.openstreetmap.org/search?query={query}",
        }


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    radius = 6_371_000.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def nearest(places: list[Place], lat: float, lon: float, limit: int = 5) -> list[tuple[Place, float]]:
    with_point = [(p, distance_m(lat, lon, p.latitude, p.longitude)) for p in places if p.has_point]
    return sorted(with_point, key=lambda pair: pair[1])[:limit]


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
    address = properties.get("address")
    if address is not None and (not isinstance(address, dict) or not str(address.get("ru") or "").strip()):
        log.error(path, line, f"'{place_id}': 'address' needs at least a Russian ('ru') text, or null")
        address = None
    hours = properties.get("hours")
    if hours is not None and not isinstance(hours, dict):
        log.error(path, line, f"'{place_id}': 'hours' must map languages to texts, or be null")
    latitude = longitude = None
    geometry = feature.get("geometry")
    if geometry is not None:
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coordinates, list)
            or len(coordinates) != 2
            or not all(isinstance(c, int | float) for c in coordinates)
        ):
            log.error(path, line, f"'{place_id}': geometry must be a Point [longitude, latitude], or null")
        else:
            longitude, latitude = float(coordinates[0]), float(coordinates[1])
            (lat_min, lat_max), (lon_min, lon_max) = KAZAN_BOUNDS["lat"], KAZAN_BOUNDS["lon"]
            if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
                log.error(path, line, f"'{place_id}': coordinates {latitude}, {longitude} are outside Kazan")
    if not address and geometry is None and check is None:
        log.error(path, line, f"'{place_id}': with no address and no point, 'check' must say how to find it")
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
    website = properties.get("website")
    if website is not None and not re.match(r"^https?://\S+$", str(website)):
        log.error(path, line, f"'{place_id}': 'website' must be an http(s) URL or null")
    if len(log.errors) > errors_before:
        return None
    return Place(
        id=place_id,
        category=category,
        name=name or {},
        description=description or {},
        address={k: str(v) for k, v in address.items()} if address else None,
        latitude=latitude,
        longitude=longitude,
        phone=str(properties["phone"]) if properties.get("phone") else None,
        hours={k: str(v) for k, v in hours.items()} if isinstance(hours, dict) else None,
        bring=bring,
        check=check,
        website=str(website) if website else None,
        sources=tuple(Source(str(s["title"]).strip(), s.get("url")) for s in sources),
        reviewed=reviewed,
    )
