"""Guide-map model: map links by point or by address, when "nearest" is offered, and the kb check rules."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from knowledge.base import load_knowledge, require_knowledge
from knowledge.places import nearest_available
from tests.places_support import copy_content, set_points

TODAY = date(2026, 12, 6)


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return require_knowledge()


def edit_place(root: Path, place_id: str, **properties: object) -> None:
    path = root / "places.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    for feature in document["features"]:
        if feature["properties"]["id"] == place_id:
            feature["properties"].update(properties)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def problems(root: Path, level: str) -> list[str]:
    _kb, found = load_knowledge(root, TODAY)
    return [str(p) for p in found if p.level == level]


def test_address_links_search_the_encoded_address_in_kazan(kb):
    place = kb.places["consulate-kazakhstan"]
    assert not place.has_point
    encoded = quote("г. Казань, ул. Карла Маркса, 8/13", safe="")
    assert "8%2F13" in encoded  # the house number's slash must not become a path
    assert place.map_links() == {
        "yandex": f"https://yandex.ru/maps/?text={encoded}",
        "2gis": f"https://2gis.ru/kazan/search/{encoded}",
        "osm": f"https://www.openstreetmap.org/search?query={encoded}",
    }
    assert place.map_link() == place.map_links()["yandex"]


def test_city_is_added_when_the_address_lacks_it(kb):
    place = replace(kb.places["consulate-kazakhstan"], address={"ru": "ул. Карла Маркса, 8/13"})
    assert place.map_query() == "Казань, ул. Карла Маркса, 8/13"


def test_point_links_use_the_coordinates(kb):
    place = replace(kb.places["rkib"], latitude=55.77, longitude=49.16)
    links = place.map_links()
    assert links["yandex"] == "https://yandex.ru/maps/?pt=49.16,55.77&z=17&l=map"
    assert links["2gis"] == "https://2gis.ru/geo/49.16,55.77"
    assert links["osm"] == "https://www.openstreetmap.org/?mlat=55.77&mlon=49.16#map=17/55.77/49.16"


def test_no_address_and_no_point_means_no_map_links(kb):
    assert kb.places["uvm-mvd-rt"].map_links() == {}


def test_nearest_needs_three_places_with_points(kb):
    hospitals = kb.places_in("hospital")
    with_two = [replace(p, latitude=55.8, longitude=49.1) if i < 2 else p for i, p in enumerate(hospitals)]
    with_three = [replace(p, latitude=55.8, longitude=49.1) if i < 3 else p for i, p in enumerate(hospitals)]
    assert not nearest_available(hospitals)
    assert not nearest_available(with_two)
    assert nearest_available(with_three)


def test_bundled_places_are_in_every_language_and_have_no_guessed_points(kb):
    for place in kb.places.values():
        assert not place.has_point, f"{place.id}: coordinates need a source (geocoded and reviewed, or a person)"
        if place.hours:
            assert set(place.hours) >= {"ru", "uz", "tg", "ky", "en"}


def test_russian_words_in_a_latin_text_are_an_error(tmp_path):
    content = copy_content(tmp_path)
    hours = {"ru": "пн–пт 9:00–18:00", "uz": "du–ju 9:00–18:00, обед 13:00", "tg": "д", "ky": "д", "en": "Mon–Fri"}
    edit_place(content, "rkb", hours=hours)
    found = problems(content, "error")
    assert any("'rkb': the 'uz' text of 'hours' has Russian words (обед)" in p for p in found), found


def test_russian_copied_into_a_tajik_or_kyrgyz_text_is_an_error(tmp_path):
    content = copy_content(tmp_path)
    russian = "Только в объявленные дни, уточняйте по телефону"
    hours = {"ru": russian, "uz": "Faqat eʼlon qilingan kunlarda", "en": "Only on announced days",
             "tg": russian, "ky": "Жарыяланган күндөрү гана, уточняйте по телефону"}  # fmt: skip
    edit_place(content, "rkb", hours=hours)
    found = problems(content, "error")
    assert any("'rkb': the 'tg' text of 'hours' is Russian (только в объявленные" in p for p in found), found
    assert any("'rkb': the 'ky' text of 'hours' is Russian (уточняйте по телефону" in p for p in found), found


def test_names_in_quotes_and_web_addresses_may_stay_in_russian(tmp_path):
    content = copy_content(tmp_path)
    check = {lang: "«Сообщить о проблеме», 16.мвд.рф" for lang in ("ru", "uz", "tg", "ky", "en")}
    edit_place(content, "rkb", check=check)
    assert problems(content, "error") == []


def test_hours_in_some_languages_only_are_an_error(tmp_path):
    content = copy_content(tmp_path)
    edit_place(content, "rkb", hours={"ru": "круглосуточно", "en": "24 hours"})
    assert any("'hours' is missing languages: uz, tg, ky" in p for p in problems(content, "error"))


def test_address_notes_go_in_address_note_not_in_the_address(tmp_path):
    content = copy_content(tmp_path)
    edit_place(content, "rkb", address={"ru": "г. Казань, Оренбургский тракт, 138", "uz": "138-uy"})
    assert any("'rkb': 'address' has only 'ru' and 'en'" in p for p in problems(content, "error"))


def test_unreviewed_point_is_a_warning_and_approximate(tmp_path):
    content = copy_content(tmp_path)
    set_points(content, {"rkb": (55.745, 49.19)}, needs_review={"rkb"})
    assert any("'rkb': coordinates found by test" in p for p in problems(content, "warning"))
    kb, _ = load_knowledge(content, TODAY)
    assert kb is not None and kb.places["rkb"].approximate
    edit_place(content, "rkb", needs_review=False)
    kb, found = load_knowledge(content, TODAY)
    assert not kb.places["rkb"].approximate and not any("not reviewed" in p.message for p in found)


def test_geocoded_without_a_point_and_bad_initials_are_errors(tmp_path):
    content = copy_content(tmp_path)
    edit_place(content, "rkb", geocoded={"by": "x", "query": "y", "date": "2026-12-01"}, reviewed_by="A1")
    found = problems(content, "error")
    assert any("'rkb': 'geocoded' is set but there is no point" in p for p in found)
    assert any("'rkb': 'reviewed_by' must be the reviewer's initials" in p for p in found)
