"""Helpers for the guide-map tests: a content copy to edit, fixture points, a fake Nominatim server.

Fixture coordinates are made up for tests only; the real places.geojson never gets guessed points.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def copy_content(parent: Path) -> Path:
    """A copy of the knowledge folder (content only) that a test may change."""
    copy = parent / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def set_points(root: Path, points: dict[str, tuple[float, float]], needs_review: set[str] = frozenset()) -> None:
    """Give existing places fixture coordinates (lat, lon); some marked as geocoded and unreviewed."""
    path = root / "places.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    for feature in document["features"]:
        place_id = feature["properties"]["id"]
        if place_id in points:
            lat, lon = points[place_id]
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
            if place_id in needs_review:
                feature["properties"]["geocoded"] = {"by": "test", "query": "test", "date": "2026-12-01"}
                feature["properties"]["needs_review"] = True
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def nominatim_result(lat: float, lon: float, house: str, road: str, city: str = "Казань", osm_id: int = 1) -> dict:
    """One /search result in Nominatim's JSON format (addressdetails=1)."""
    return {
        "place_id": osm_id,
        "osm_type": "way",
        "osm_id": osm_id,
        "lat": f"{lat}",
        "lon": f"{lon}",
        "display_name": f"{house}, {road}, {city}, Россия",
        "importance": 0.3,
        "address": {"house_number": house, "road": road, "city": city, "country": "Россия", "country_code": "ru"},
    }


@dataclass
class FakeNominatim:
    """A local stand-in for a Nominatim server: fixed answers by query, and a log of requests."""

    answers: dict[str, list[dict[str, Any]]]
    clock: Any = None  # when set, each request records clock.now (the geocoder's injected clock)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    async def search(self, request: web.Request) -> web.Response:
        self.requests.append({
            "query": dict(request.query),
            "user_agent": request.headers.get("User-Agent", ""),
            "at": self.clock.now if self.clock is not None else None,
        })  # fmt: skip
        return web.json_response(self.answers.get(request.query.get("q", ""), []))

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeNominatim]:
        app = web.Application()
        app.router.add_get("/search", self.search)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        try:
            yield self
        finally:
            await runner.cleanup()


class FakeClock:
    """An injected clock: sleeping moves time forward at once, and every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
