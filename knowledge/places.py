"""The guide map: `places.geojson`, a GeoJSON FeatureCollection of places in Kazan.

Coordinates are optional on purpose: a place whose position no source gives is kept with its
verified address (or with a note on how to check it), never with guessed coordinates. Coordinates
filled by the geocoder (`python -m bot places geocode`) carry `geocoded` and `needs_review: true`
until a person has checked them on a map; the bot marks them "approximate" until then.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import overload
from urllib.parse import quote

from knowledge.model import Source

PLACE_CATEGORIES: tuple[str, ...] = (
    "migration", "medical-exam", "fingerprinting", "hiv", "sti", "hospital", "consulate", "ngo",
    "legal-aid", "labour-inspection", "ombudsman",
)  # fmt: skip
# Greater Kazan, generously: a point outside is a typo (or swapped latitude and longitude).
KAZAN_BOUNDS = {"lat": (55.55, 56.0), "lon": (48.7, 49.5)}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INITIALS_RE = re.compile(r"^[A-Za-zА-Яа-яЁё.\-]{1,10}$")
CITY = "Казань"
CITY_SLUG_2GIS = "kazan"
NEAREST_MIN_POINTS = 3  # "nearest to me" needs this many places with coordinates in a category


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

    @overload
    def text(self, field_values: dict[str, str], lang: str) -> str: ...
    @overload
    def text(self, field_values: dict[str, str] | None, lang: str) -> str | None: ...
    def text(self, field_values: dict[str, str] | None, lang: str) -> str | None:
        # A loaded place's texts are never empty dicts: every language is there (places_loader.py).
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
    with_point = [
        (p, distance_m(lat, lon, p.latitude, p.longitude))
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    return sorted(with_point, key=lambda pair: pair[1])[:limit]


def in_kazan(latitude: float, longitude: float) -> bool:
    (lat_min, lat_max), (lon_min, lon_max) = KAZAN_BOUNDS["lat"], KAZAN_BOUNDS["lon"]
    return lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max
