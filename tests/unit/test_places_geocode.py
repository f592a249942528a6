"""`python -m bot places geocode` against a local fake Nominatim server: no test touches the network."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import pytest

from knowledge.base import load_knowledge
from knowledge.places_geocode import GeocodeCache, PlaceGeocoder, RateLimit, geocode_places, match_score
from tests.places_support import FakeClock, FakeNominatim, copy_content, nominatim_result, set_points

TODAY = date(2026, 12, 6)
MFC = "г. Казань, ул. Авангардная, 74"
CHEKHOVA = "г. Казань, ул. Чехова, 8/2"
RKIB = "г. Казань, пр. Победы, 83"
ANSWERS = {
    MFC: [nominatim_result(55.7512, 49.2101, "74", "Авангардная улица", osm_id=101)],
    CHEKHOVA: [nominatim_result(55.7921, 49.1302, "8/2", "улица Чехова", osm_id=102)],
    RKIB: [nominatim_result(55.7702, 49.1605, "83", "проспект Победы", osm_id=103)],
}
THREE = {"mfc-foreigners", "migration-chekhova", "rkib"}


def make_geocoder(server: str, cache: Path, clock: FakeClock) -> PlaceGeocoder:
    return PlaceGeocoder(
        server, "mi-help/test (places geocoder; test@example.org)", GeocodeCache(cache),
        RateLimit(clock=clock, sleep=clock.sleep), proxies={},
    )  # fmt: skip


def features(root: Path) -> dict[str, dict]:
    document = json.loads((root / "places.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in document["features"]}


async def test_rate_limit_cache_and_review_flag(tmp_path):
    content = copy_content(tmp_path)
    clock = FakeClock()
    async with FakeNominatim(dict(ANSWERS), clock=clock).running() as server:
        geocoder = make_geocoder(server.url, tmp_path / "cache.json", clock)
        outcomes = await asyncio.to_thread(geocode_places, content, geocoder, TODAY, THREE)
        assert {o.place_id: o.status for o in outcomes} == dict.fromkeys(THREE, "found")
        # One request per second at most, timed with the injected clock: the geocoder waited twice, 1 s each.
        assert [r["at"] for r in server.requests] == [0.0, 1.0, 2.0]
        assert clock.sleeps == [1.0, 1.0]
        assert all(r["user_agent"].startswith("mi-help/") for r in server.requests)
        assert {r["query"]["countrycodes"] for r in server.requests} == {"ru"}

        # A second run (a new process, the same cache file) asks the server nothing.
        again = make_geocoder(server.url, tmp_path / "cache.json", clock)
        await asyncio.to_thread(geocode_places, content, again, TODAY, THREE, True)
        assert len(server.requests) == 3 and again.requests == 0

    written = features(content)["mfc-foreigners"]
    assert written["geometry"] == {"type": "Point", "coordinates": [49.2101, 55.7512]}
    assert written["properties"]["needs_review"] is True
    assert written["properties"]["geocoded"]["query"] == MFC
    assert written["properties"]["geocoded"]["date"] == "2026-12-06"
    assert written["properties"]["geocoded"]["osm"] == "way/101"
    assert server.url in written["properties"]["geocoded"]["by"]
    # kb check stays green but warns, and the bot will show the point as approximate.
    kb, problems = load_knowledge(content, TODAY)
    assert kb is not None
    warnings = [str(p) for p in problems if "not reviewed" in p.message]
    assert len(warnings) == 3 and any("'mfc-foreigners'" in w for w in warnings)
    assert kb.places["mfc-foreigners"].approximate


async def test_outside_kazan_and_low_score_are_refused_with_the_reason(tmp_path):
    content = copy_content(tmp_path)
    clock = FakeClock()
    answers = {
        MFC: [nominatim_result(55.7558, 37.6173, "74", "Авангардная улица", city="Москва")],  # Moscow
        CHEKHOVA: [nominatim_result(55.7921, 49.1302, "14", "улица Чехова")],  # another house
        RKIB: [],
    }
    async with FakeNominatim(answers, clock=clock).running() as server:
        geocoder = make_geocoder(server.url, tmp_path / "cache.json", clock)
        outcomes = {o.place_id: o for o in await asyncio.to_thread(geocode_places, content, geocoder, TODAY, THREE)}
    assert outcomes["mfc-foreigners"].status == "refused"
    assert "outside the Kazan area" in outcomes["mfc-foreigners"].reason
    assert outcomes["migration-chekhova"].status == "refused"
    assert "low match score" in outcomes["migration-chekhova"].reason
    assert "house number 8/2 not matched" in outcomes["migration-chekhova"].reason
    assert outcomes["rkib"].reason == "no result"
    assert all(features(content)[place_id]["geometry"] is None for place_id in THREE)


async def test_addresses_without_house_number_and_points_set_by_people_are_left_alone(tmp_path):
    content = copy_content(tmp_path)
    set_points(content, {"rkib": (55.77, 49.16)})  # entered by a person: never replaced
    clock = FakeClock()
    async with FakeNominatim(dict(ANSWERS), clock=clock).running() as server:
        geocoder = make_geocoder(server.url, tmp_path / "cache.json", clock)
        only = {"rkib", "state-legal-bureau", "uvm-mvd-rt"}
        outcomes = {o.place_id: o for o in await asyncio.to_thread(geocode_places, content, geocoder, TODAY, only)}
        assert server.requests == []
    assert outcomes["rkib"].status == "skipped"
    assert outcomes["uvm-mvd-rt"].reason == "no verified address"
    bureau = outcomes["state-legal-bureau"]
    assert bureau.status == "refused" and "no house number" in bureau.reason


@pytest.mark.parametrize(
    ("house", "road", "expected"),
    [("74", "Авангардная улица", 1.0), ("74", "улица Чехова", 0.6), ("76", "Авангардная улица", 0.6)],
)
def test_match_score(house, road, expected):
    assert match_score(MFC, nominatim_result(55.75, 49.21, house, road)).score == expected


def test_rate_limit_does_not_wait_when_time_has_passed():
    clock = FakeClock()
    limit = RateLimit(clock=clock, sleep=clock.sleep)
    limit.wait()
    clock.now += 5
    limit.wait()
    limit.wait()
    assert clock.sleeps == [1.0]
