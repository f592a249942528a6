"""The guide map: `places.geojson`, a GeoJSON FeatureCollection of places in Kazan.

Coordinates are optional on purpose: a place whose position no source gives is kept with its
verified address (or with a note on how to check it), never with guessed coordinates. Coordinates
filled by the geocoder (`python -m bot places geocode`) carry `geocoded` and `needs_review: true`
until a person has checked them on a map; the bot marks them "approximate" until then.
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
INITIALS_RE = re.compile(r"^[A-Za-zА-Яа-яЁё.\-]{1,10}$")
LOCALIZED_TEXTS = ("name", "description", "hours", "address_note", "bring", "check")
ADDRESS_LANGUAGES = ("ru", "en")  # street names are read from Russian signs; English gets a transliteration
CITY = "Казань"
CITY_SLUG_2GIS = "kazan"
NEAREST_MIN_POINTS = 3  # "nearest to me" needs this many places with coordinates in a category
# Latin-script languages: Cyrillic letters in them are Russian words left untranslated. Official names
# in «» and web addresses (16.мвд.рф) may stay as they are.
LATIN_SCRIPT_LANGUAGES = ("uz", "en")
# Cyrillic-script languages: Russian left in them cannot be told by its letters, but a run of words
# copied from the Russian text can.
CYRILLIC_SCRIPT_LANGUAGES = ("tg", "ky")
COPIED_RUN = 3  # words in a row that are the Russian text's own
_CYRILLIC_SCRIPT_WORD = re.compile(r"[А-Яа-яЁёҒғҚқҲҳҶҷӢӣӮӯҢңӨөҮү]+")
_QUOTED = re.compile(r"«[^»]*»")
_DOMAIN = re.compile(r"\S+\.\S+")
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")


@dataclass(frozen=True)
class Geocoded:
    """Where a point came from when a geocoder, not a person, found it."""

    by: str  # e.g. "Nominatim (https://nominatim.openstreetmap.org), OpenStreetMap data, ODbL"
    query: str
    date: date
    osm: str | None = None  # the OpenStreetMap object, e.g. "way/123456", for the reviewer


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
    address_note: dict[str, str] | None = None  # "by the Clock monument", "house number not found"
    geocoded: Geocoded | None = None
    needs_review: bool = False
    reviewed_by: str | None = None  # initials of the person who last checked the facts
    articles: list[str] = field(default_factory=list, compare=False)  # filled from articles' `places`

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def approximate(self) -> bool:
        """A point that no person has checked yet: shown with a "location approximate" mark."""
        return self.has_point and self.needs_review

    def text(self, field_values: dict[str, str] | None, lang: str) -> str | None:
        if not field_values:
            return None
        return field_values.get(lang) or field_values.get("ru") or next(iter(field_values.values()))

    def address_for(self, lang: str) -> str | None:
        # Street names are read from Russian signs: everyone but English readers gets the Russian form.
        if not self.address:
            return None
        return self.address.get("en") if lang == "en" and "en" in self.address else self.address.get("ru")

    def map_query(self) -> str | None:
        """The address search text: the Russian address, with the city when the address lacks it."""
        address = self.address_for("ru")
        if not address:
            return None
        return address if CITY in address else f"{CITY}, {address}"

    def map_links(self) -> dict[str, str]:
        """Plain URLs for Yandex Maps, 2GIS and OpenStreetMap: by point, or else by address search in Kazan.

        URL forms, checked 2026-12-06:
        - Yandex Maps: `pt=<lon>,<lat>` (placemark), `z` (zoom 1-19), `l=map`, and `text=<query>` (search),
          from "Launch web version of Yandex Maps",
          https://yandex.com/dev/yandex-apps-launch-maps/doc/en/concepts/yandexmaps-web
        - 2GIS: no public URL reference was found; `https://2gis.ru/<city>/search/<query>` and
          `https://2gis.ru/geo/<lon>,<lat>` are the site's own paths, used the same way in many public
          examples (e.g. the input URLs of public 2GIS scrapers). Longitude comes first.
        - OpenStreetMap: `?mlat=<lat>&mlon=<lon>#map=<zoom>/<lat>/<lon>` (marker; OSM wiki,
          Template:BrowseMapWithMarker) and `/search?query=<query>` (the site's search page; OSM wiki,
          Template:Query map).
        The query is fully percent-encoded (`safe=""`): an address like «8/2» must not become a path.
        """
        if self.has_point:
            lat, lon = self.latitude, self.longitude
            return {
                "yandex": f"https://yandex.ru/maps/?pt={lon},{lat}&z=17&l=map",
                "2gis": f"https://2gis.ru/geo/{lon},{lat}",
                "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
            }
        query = self.map_query()
        if not query:
            return {}
        encoded = quote(query, safe="")
        return {
            "yandex": f"https://yandex.ru/maps/?text={encoded}",
            "2gis": f"https://2gis.ru/{CITY_SLUG_2GIS}/search/{encoded}",
            "osm": f"https://www.openstreetmap.org/search?query={encoded}",
        }

    def map_link(self) -> str | None:
        """One link for a QR code: the point when known, the address search otherwise."""
        return self.map_links().get("yandex")


def points_in(places: list[Place]) -> list[Place]:
    return [place for place in places if place.has_point]


def nearest_available(places: list[Place]) -> bool:
    """Distances help only when there is a real choice of places with coordinates."""
    return len(points_in(places)) >= NEAREST_MIN_POINTS


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
        category=category,
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


def in_kazan(latitude: float, longitude: float) -> bool:
    (lat_min, lat_max), (lon_min, lon_max) = KAZAN_BOUNDS["lat"], KAZAN_BOUNDS["lon"]
    return lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max


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


# kb check rules. Each is its own function, so rules can be read (and added) one at a time.


def check_untranslated_words(properties: dict[str, Any], place_id: str, line: int, path: Path, log: ProblemLog) -> None:
    """Error: Russian words inside an Uzbek (Latin) or English text. People who do not read Russian
    must not meet it in their own screens; official names in «» and web addresses are allowed."""
    for key in LOCALIZED_TEXTS:
        texts = properties.get(key)
        if not isinstance(texts, dict):
            continue
        for lang in LATIN_SCRIPT_LANGUAGES:
            text = texts.get(lang)
            if not isinstance(text, str):
                continue
            words = _CYRILLIC_WORD.findall(_DOMAIN.sub(" ", _QUOTED.sub(" ", text)))
            if words:
                log.error(
                    path, line, f"'{place_id}': the '{lang}' text of '{key}' has Russian words "
                    f"({' '.join(words[:4])}): translate them (only names in «» may stay in Russian)",
                )  # fmt: skip


def check_copied_russian(properties: dict[str, Any], place_id: str, line: int, path: Path, log: ProblemLog) -> None:
    """Error: a Tajik or Kyrgyz text that is the Russian one, whole or in part (three or more of its
    words in a row, outside names in «» and web addresses): those readers would meet Russian."""
    for key in LOCALIZED_TEXTS:
        texts = properties.get(key)
        if not isinstance(texts, dict) or not isinstance(texts.get("ru"), str):
            continue
        russian = _words(texts["ru"])
        runs = {tuple(russian[i : i + COPIED_RUN]) for i in range(len(russian) - COPIED_RUN + 1)}
        for lang in CYRILLIC_SCRIPT_LANGUAGES:
            text = texts.get(lang)
            if not isinstance(text, str):
                continue
            words = _words(text)
            copied = next(
                (words[i : i + COPIED_RUN] for i in range(len(words) - COPIED_RUN + 1)
                 if tuple(words[i : i + COPIED_RUN]) in runs),
                None,
            )  # fmt: skip
            if copied or (russian and words == russian):
                log.error(
                    path, line, f"'{place_id}': the '{lang}' text of '{key}' is Russian "
                    f"({' '.join(copied or words[:COPIED_RUN])}…): translate it (only names in «» may stay in Russian)",
                )  # fmt: skip


def _words(text: str) -> list[str]:
    return [word.lower() for word in _CYRILLIC_SCRIPT_WORD.findall(_DOMAIN.sub(" ", _QUOTED.sub(" ", text)))]


def warn_unreviewed_point(place: Place, line: int, path: Path, log: ProblemLog) -> None:
    """Warning: a geocoded point nobody has checked yet (the bot shows it as approximate)."""
    if place.approximate:
        found = f" by {place.geocoded.by} on {place.geocoded.date}" if place.geocoded else ""
        log.warning(
            path, line, f"'{place.id}': coordinates found{found} are not reviewed: check them on a map, "
            "then set \"needs_review\": false (until then the bot marks the location approximate)",
        )  # fmt: skip


def warn_no_way_to_ask(place: Place, line: int, path: Path, log: ProblemLog) -> None:
    """Warning: no address, no phone and no website: only the 'check' text tells people where to ask."""
    if not place.address and not place.has_point and not place.phone and not place.website:
        log.warning(path, line, f"'{place.id}': no address, phone or website: add the official page or phone")
