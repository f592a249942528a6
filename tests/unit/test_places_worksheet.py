"""The places worksheet: export for LibreOffice/Excel, import with file:line errors and no silent overwrite."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from knowledge.base import load_knowledge
from knowledge.places_worksheet import COLUMNS, export_worksheet, import_worksheet
from tests.places_support import ROOT, copy_content, set_points

TODAY = date(2026, 12, 6)


def read_sheet(path: Path) -> tuple[list[str], list[list[str]], str]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return rows[0], rows[1:], raw[:3].hex()


def write_sheet(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


def edit(path: Path, place_id: str, **cells: str) -> None:
    header, rows, _ = read_sheet(path)
    row = next(r for r in rows if r[0] == place_id)
    for column, value in cells.items():
        row[header.index(column)] = value
    write_sheet(path, header, rows)


def place(root: Path, place_id: str) -> dict:
    document = json.loads((root / "places.geojson").read_text(encoding="utf-8"))
    return next(f for f in document["features"] if f["properties"]["id"] == place_id)


def start_line(path: Path, place_id: str) -> int:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(f'"{place_id}";'))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(tmp_path)


@pytest.fixture
def sheet(content: Path, tmp_path: Path) -> Path:
    path = tmp_path / "places.csv"
    assert export_worksheet(content, path) == 20
    return path


def test_export_opens_in_spreadsheets(sheet):
    header, rows, bom = read_sheet(sheet)
    assert bom == "efbbbf"  # UTF-8 with BOM: Excel shows Cyrillic correctly
    assert header == list(COLUMNS)
    assert sheet.read_text(encoding="utf-8-sig").startswith('"id";"category";"name_ru"')  # every cell quoted
    rkb = next(r for r in rows if r[0] == "rkb")
    assert rkb[header.index("phone")] == "'+7 843 231-20-90"  # a leading + would be read as a formula
    assert rkb[header.index("name_ru")] == "Республиканская клиническая больница (РКБ)"
    assert "\n" in rkb[header.index("sources")] and "http://en.rkbrt.ru" in rkb[header.index("sources")]
    assert "coordinates" in rkb[header.index("missing")] and "phone" not in rkb[header.index("missing")]
    uvm = next(r for r in rows if r[0] == "uvm-mvd-rt")
    assert uvm[header.index("missing")] == "address, phone, hours, coordinates"


def test_round_trip_changes_one_cell_and_records_the_reviewer(content, sheet):
    before = place(content, "mfc-foreigners")
    edit(sheet, "mfc-foreigners", phone="+7 843 000-00-01", reviewer="AK")
    report = import_worksheet(content, sheet, TODAY)
    assert report.ok, report.errors
    assert report.changed == {"mfc-foreigners": ["phone"]}
    after = place(content, "mfc-foreigners")
    assert after["properties"]["phone"] == "+7 843 000-00-01"
    assert after["properties"]["reviewed"] == "2026-12-06" and after["properties"]["reviewed_by"] == "AK"
    untouched = {k: v for k, v in after["properties"].items() if k not in ("phone", "reviewed", "reviewed_by")}
    assert untouched == {k: v for k, v in before["properties"].items() if k not in ("phone", "reviewed")}
    kb, problems = load_knowledge(content, TODAY)
    assert kb is not None, [str(p) for p in problems if p.level == "error"]
    assert kb.places["mfc-foreigners"].phone == "+7 843 000-00-01"


def test_a_changed_row_without_initials_is_refused_with_file_and_line(content, sheet):
    edit(sheet, "rkib", phone="+7 843 000-00-02")
    report = import_worksheet(content, sheet, TODAY)
    assert report.errors == [
        f"{sheet}:{start_line(sheet, 'rkib')}: 'rkib' was changed (phone): put your initials in 'reviewer'"
    ]
    assert place(content, "rkib")["properties"]["phone"] is None  # nothing written


def test_a_row_changed_in_the_file_since_export_is_not_overwritten(content, sheet):
    edit(sheet, "rkb", phone="+7 843 000-00-03", reviewer="AK")
    document = json.loads((content / "places.geojson").read_text(encoding="utf-8"))
    for feature in document["features"]:
        if feature["properties"]["id"] == "rkb":
            feature["properties"]["phone"] = "+7 843 231-20-91"  # someone else's edit after the export
    (content / "places.geojson").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    report = import_worksheet(content, sheet, TODAY)
    assert len(report.errors) == 1 and "was changed in places.geojson after this worksheet was made" in report.errors[0]
    assert place(content, "rkb")["properties"]["phone"] == "+7 843 231-20-91"


@pytest.mark.parametrize(
    ("place_id", "cells", "message"),
    [
        ("rkb", {"hours_ru": "круглосуточно"}, "hours_ru changed but hours_uz, hours_tg, hours_ky, hours_en did not"),
        ("rkb", {"address_ru": "г. Казань, Оренбургский тракт, 140"}, "address_ru changed but address_en did not"),
        ("rkb", {"lat": "49.19", "lon": "55.745"}, "is outside Kazan"),
        ("rkb", {"lat": "55.745"}, "give both lat and lon, or neither"),
        ("rkb", {"needs_review": "no", "phone": "позвонить"}, "phone must be digits"),
        ("uvm-mvd-rt", {"needs_review": "maybe"}, "needs_review must be yes or no"),
        ("rkb", {"reviewer": "A1"}, "'reviewer' must be initials"),
        ("rkb", {"name_ru": "РКБ"}, "name_ru cannot be changed in the worksheet"),
    ],
)
def test_bad_edits_are_refused(content, sheet, place_id, cells, message):
    before = (content / "places.geojson").read_text(encoding="utf-8")
    edit(sheet, place_id, **{"reviewer": "AK", **cells})
    report = import_worksheet(content, sheet, TODAY)
    assert len(report.errors) == 1 and message in report.errors[0], report.errors
    assert report.errors[0].startswith(f"{sheet}:{start_line(sheet, place_id)}: ")
    assert (content / "places.geojson").read_text(encoding="utf-8") == before


def test_new_address_with_an_old_point_is_refused(content, tmp_path):
    set_points(content, {"rkb": (55.745, 49.19)})
    sheet = tmp_path / "points.csv"
    export_worksheet(content, sheet)
    edit(sheet, "rkb", address_ru="г. Казань, ул. Другая, 1", address_en="", reviewer="AK")
    report = import_worksheet(content, sheet, TODAY)
    assert any("the address changed but the map point did not" in e for e in report.errors)


def test_reviewer_confirms_a_geocoded_point(content, tmp_path):
    set_points(content, {"rkb": (55.745, 49.19)}, needs_review={"rkb"})
    sheet = tmp_path / "review.csv"
    export_worksheet(content, sheet)
    edit(sheet, "rkb", needs_review="нет", reviewer="ЛТ")
    edit(sheet, "rkib", reviewer="ЛТ")  # checked, nothing to change
    report = import_worksheet(content, sheet, TODAY)
    assert report.ok and report.changed == {"rkb": ["needs_review"]} and report.confirmed == ["rkib"]
    kb, _ = load_knowledge(content, TODAY)
    assert kb.places["rkb"].has_point and not kb.places["rkb"].approximate
    assert kb.places["rkib"].reviewed_by == "ЛТ" and kb.places["rkib"].reviewed == TODAY


def test_a_person_entering_a_point_makes_it_theirs(content, sheet):
    edit(sheet, "rkib", lat="55,7702", lon="49,1605", reviewer="AK")  # decimal commas, as Excel may write them
    assert import_worksheet(content, sheet, TODAY).ok
    feature = place(content, "rkib")
    assert feature["geometry"]["coordinates"] == [49.1605, 55.7702]
    assert "geocoded" not in feature["properties"] and "needs_review" not in feature["properties"]


def test_hours_in_every_language_are_accepted(content, sheet):
    hours = {"hours_ru": "пн–пт 9:00–18:00", "hours_uz": "du–ju 9:00–18:00", "hours_tg": "дш–ҷм 9:00–18:00",
             "hours_ky": "дш–жм 9:00–18:00", "hours_en": "Mon–Fri 9:00–18:00"}  # fmt: skip
    edit(sheet, "rkb", reviewer="AK", **hours)
    assert import_worksheet(content, sheet, TODAY).ok
    kb, _ = load_knowledge(content, TODAY)
    assert kb.places["rkb"].text(kb.places["rkb"].hours, "tg") == "дш–ҷм 9:00–18:00"


def test_cli_round_trip_exit_codes(content, tmp_path):
    sheet = tmp_path / "cli.csv"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot", "places", *args, "--content", str(content)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert run("worksheet", "--out", str(sheet)).returncode == 0
    edit(sheet, "rkb", phone="+7 843 000-00-04")
    failed = run("import", str(sheet))
    assert failed.returncode == 1 and "put your initials" in failed.stderr and "nothing was imported" in failed.stderr
    edit(sheet, "rkb", reviewer="AK")
    done = run("import", str(sheet))
    assert done.returncode == 0 and "rkb: phone" in done.stdout
