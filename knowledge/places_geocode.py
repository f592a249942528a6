"""`python -m bot places geocode`: map points for places that have a verified address.

It asks a Nominatim server (by default the public OpenStreetMap one) through geopy, and follows the
server's usage policy (https://operations.osmfoundation.org/policies/nominatim/): at most one request
per second, a User-Agent that names the application, and a local cache so that no query is sent twice.

A result is accepted only when it lies in the Kazan area and matches the address well (same house
number, same street, Kazan). Accepted points are written with `geocoded: {by, query, date, osm}` and
`needs_review: true`: the bot marks them approximate until a person checks them and sets
`needs_review: false`. Refused results are reported with the reason and nothing is written for them.
Points that a person entered (no `geocoded`, or already reviewed) are never replaced.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from knowledge.places import CITY, KAZAN_BOUNDS, in_kazan
from knowledge.places_file import read_features, write_document

DEFAULT_SERVER = "https://nominatim.openstreetmap.org"
MIN_INTERVAL_SECONDS = 1.0  # the policy's absolute maximum: one request per second
MIN_SCORE = 0.8
APPLICATION = "mi-help"

_HOUSE = re.compile(r"^\d+[а-яa-z]?(/\d+[а-яa-z]?)?$", re.IGNORECASE)
_WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
# Address words that say what kind of street it is, not which one: they are not compared.
_STREET_KINDS = {"г", "ул", "улица", "пр", "пр-т", "проспект", "пер", "переулок", "д", "дом", "казань"}


class RateLimit:
    """At most one call per `interval` seconds. The clock and the sleep are injectable for tests."""

    def __init__(
        self,
        interval: float = MIN_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            remaining = self._last + self.interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()


class GeocodeCache:
    """Answers by server and query, kept in a JSON file between runs (empty answers too)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, list[dict[str, Any]]] = {}
        if path.exists():
            self._entries = json.loads(path.read_text(encoding="utf-8"))

    @staticmethod
    def key(server: str, query: str) -> str:
        return f"{server} {query}"

    def get(self, server: str, query: str) -> list[dict[str, Any]] | None:
        return self._entries.get(self.key(server, query))

    def put(self, server: str, query: str, results: list[dict[str, Any]]) -> None:
        self._entries[self.key(server, query)] = results
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self._entries, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass(frozen=True)
class Match:
    score: float
    reason: str  # what matched and what did not, for the report


@dataclass(frozen=True)
class Outcome:
    place_id: str
    status: str  # "found" | "refused" | "skipped"
    reason: str
    query: str = ""
    latitude: float | None = None
    longitude: float | None = None
    osm: str | None = None
    score: float | None = None

    def __str__(self) -> str:
        if self.status == "found":
            return (
                f"{self.place_id}: found {self.latitude:.6f}, {self.longitude:.6f} "
                f"(score {self.score:.2f}, {self.osm or 'no OSM id'}); written with needs_review: true"
            )
        return f"{self.place_id}: {self.status}: {self.reason}"


def user_agent(version: str, contact: str | None) -> str:
    """The policy asks for an application name; a contact lets the server's operators reach you."""
    return f"{APPLICATION}/{version} (places geocoder{'; ' + contact if contact else ''})"


def split_address(query: str) -> tuple[list[str], str | None]:
    """Street words and house number of a Russian address like «г. Казань, ул. Чехова, 8/2»."""
    parts = [part.strip() for part in query.split(",") if part.strip()]
    house = parts[-1].replace(" ", "").lower() if parts and _HOUSE.match(parts[-1].replace(" ", "")) else None
    street_parts = [p for p in (parts[:-1] if house else parts) if CITY not in p]
    words = [w.lower() for p in street_parts for w in _WORD.findall(p) if w.lower() not in _STREET_KINDS]
    return words, house


def match_score(query: str, result: dict[str, Any]) -> Match:
    """How well a Nominatim result fits the address: house number 0.4, street 0.4, city 0.2."""
    street_words, house = split_address(query)
    address = result.get("address") or {}
    found_house = str(address.get("house_number") or "").replace(" ", "").lower()
    house_ok = house is not None and found_house == house
    road = " ".join(str(address.get(k) or "") for k in ("road", "pedestrian", "square", "neighbourhood"))
    road_words = {w.lower() for w in _WORD.findall(road or str(result.get("display_name") or ""))}
    street_found = sum(1 for w in street_words if w in road_words)
    street_share = street_found / len(street_words) if street_words else 0.0
    city = " ".join(str(address.get(k) or "") for k in ("city", "town", "state_district"))
    city_ok = CITY in city or CITY in str(result.get("display_name") or "")
    score = 0.4 * house_ok + 0.4 * street_share + 0.2 * city_ok
    reason = (
        f"house number {house or '—'} {'matches' if house_ok else 'not matched (result: ' + (found_house or '—') + ')'}"
        f"; street words matched {street_found}/{len(street_words)}; city {'Kazan' if city_ok else 'not Kazan'}"
    )
    return Match(round(score, 2), reason)


class PlaceGeocoder:
    def __init__(
        self,
        server: str,
        agent: str,
        cache: GeocodeCache,
        rate_limit: RateLimit,
        min_score: float = MIN_SCORE,
        timeout: float = 10,
        proxies: dict[str, str] | None = None,
    ) -> None:
        from geopy.geocoders import Nominatim  # imported here: only this command needs geopy

        parts = urlsplit(server.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"the geocoder server must be an http(s) URL, not {server!r}")
        self.server = server.rstrip("/")
        self.cache = cache
        self.rate_limit = rate_limit
        self.min_score = min_score
        self.requests = 0
        self._nominatim = Nominatim(
            domain=parts.netloc + parts.path, scheme=parts.scheme, user_agent=agent, timeout=timeout, proxies=proxies
        )

    def search(self, query: str) -> list[dict[str, Any]]:
        cached = self.cache.get(self.server, query)
        if cached is not None:
            return cached
        self.rate_limit.wait()
        self.requests += 1
        (lat_min, lat_max), (lon_min, lon_max) = KAZAN_BOUNDS["lat"], KAZAN_BOUNDS["lon"]
        locations = self._nominatim.geocode(
            query,
            exactly_one=False,
            limit=3,
            addressdetails=True,
            language="ru",
            country_codes="ru",
            viewbox=[(lat_min, lon_min), (lat_max, lon_max)],  # a preference, not a filter: checked below
        )
        results = [location.raw for location in locations or []]
        self.cache.put(self.server, query, results)
        return results

    def locate(self, place_id: str, query: str) -> Outcome:
        _, house = split_address(query)
        if house is None:
            return Outcome(place_id, "refused", "the address has no house number: a street-level point would mislead")
        results = self.search(query)
        if not results:
            return Outcome(place_id, "refused", "no result", query)
        best = results[0]
        latitude, longitude = float(best["lat"]), float(best["lon"])
        if not in_kazan(latitude, longitude):
            return Outcome(place_id, "refused", f"outside the Kazan area ({latitude:.5f}, {longitude:.5f})", query)
        match = match_score(query, best)
        if match.score < self.min_score:
            return Outcome(place_id, "refused", f"low match score {match.score:.2f} < {self.min_score}: {match.reason}",
                           query)  # fmt: skip
        osm = f"{best['osm_type']}/{best['osm_id']}" if best.get("osm_type") and best.get("osm_id") else None
        return Outcome(place_id, "found", match.reason, query, latitude, longitude, osm, match.score)


def geocode_places(
    root: Path,
    geocoder: PlaceGeocoder,
    today: date,
    only: set[str] | None = None,
    redo: bool = False,
    write: bool = True,
) -> list[Outcome]:
    """Geocode every place with an address and no point (with `redo`, also unreviewed geocoded ones)."""
    document, features = read_features(root)
    outcomes: list[Outcome] = []
    for place_id, feature in features.items():
        if only and place_id not in only:
            continue
        properties = feature["properties"]
        address = (properties.get("address") or {}).get("ru")
        if not address:
            outcomes.append(Outcome(place_id, "skipped", "no verified address"))
            continue
        if feature.get("geometry") is not None:
            unreviewed = properties.get("geocoded") is not None and properties.get("needs_review", False)
            if not (redo and unreviewed):
                outcomes.append(Outcome(place_id, "skipped", "already has a point (set by a person, or reviewed)"
                                        if not unreviewed else "already geocoded; --redo to ask again"))  # fmt: skip
                continue
        query = address if CITY in address else f"{CITY}, {address}"
        outcome = geocoder.locate(place_id, query)
        outcomes.append(outcome)
        if outcome.status == "found" and outcome.latitude is not None and outcome.longitude is not None:
            feature["geometry"] = {"type": "Point", "coordinates": [round(outcome.longitude, 6),
                                                                     round(outcome.latitude, 6)]}  # fmt: skip
            properties["geocoded"] = {
                "by": f"Nominatim ({geocoder.server}); data © OpenStreetMap contributors, ODbL",
                "query": query,
                "date": today.isoformat(),
                "osm": outcome.osm,
            }
            properties["needs_review"] = True
    if write and any(o.status == "found" for o in outcomes):
        write_document(root, document)
    return outcomes
