"""The printable guide's places: by category, with the address, a QR code to the map link, or how to find them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from pypdf import PdfReader

import bot.services.guide_pdf as guide
from bot.i18n import I18n
from knowledge.base import require_knowledge
from tests.places_support import ROOT, copy_content, set_points


def test_places_by_category_with_qr_to_point_or_address_search(tmp_path, monkeypatch):
    content = copy_content(tmp_path)
    set_points(content, {"rkib": (55.7963, 49.1088)})  # a made-up point, for the test only
    kb = require_knowledge(content)
    encoded: list[str] = []
    real_qr = guide._qr
    monkeypatch.setattr(guide, "_qr", lambda data, *a: encoded.append(data) or real_qr(data, *a))
    out = guide.build_guide(kb, I18n(), "tg", "mihelp_bot", tmp_path / "guide.pdf", date(2026, 12, 6))
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    t = I18n().get("tg")

    assert "https://yandex.ru/maps/?pt=49.1088,55.7963&z=17&l=map" in encoded  # the point when known
    assert kb.places["consulate-kazakhstan"].map_link() in encoded  # the address search otherwise
    assert "text=" in kb.places["consulate-kazakhstan"].map_link()
    no_address = [p for p in kb.places.values() if not p.address]
    assert no_address and all(p.map_link() is None for p in no_address)
    # One code for the bot, one per key rule, one per place that has a map link.
    assert len(encoded) == 1 + len(guide.KEY_ARTICLES) + len(kb.places) - len(no_address)

    flat = " ".join(text.split())
    assert "г. Казань, ул. Карла Маркса, 8/13" in flat
    uvm = kb.places["uvm-mvd-rt"]
    assert " ".join((t("guide-how-to-find") + " " + uvm.check["tg"]).split())[:60] in flat
    hospitals = flat.index(" ".join(guide._without_icon(t("map-cat-hospital")).split()))
    consulates = flat.index(" ".join(guide._without_icon(t("map-cat-consulate")).split()))
    assert hospitals < flat.index(kb.places["rkib"].name["tg"][:30]) < consulates


def test_reportlab_is_imported_only_to_build_a_guide():
    code = "import sys, handlers.guide, bot.services.guide; print(any(m.startswith('reportlab') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
