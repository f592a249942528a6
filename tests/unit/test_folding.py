"""Folding: the spellings migrants really type must meet, different words must stay apart."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.folding import APOSTROPHES, fold, fold_tokens

SAME = [
    # Russian in Cyrillic, in Latin, Russian-style and Uzbek-style
    ["регистрация", "registratsiya", "регистратсия", "registraciya", "Регистрация", "REGISTRATSIYA"],
    ["зарплата", "zarplata"],
    ["патент", "patent", "Патент"],
    ["мигрант", "migrant"],
    ["медицинский", "meditsinskiy", "medicinskii"],
    ["вызов", "vyzov", "vizov"],
    ["объект", "obyekt", "ob'yekt", "obekt"],
    ["Европа", "Yevropa", "Evropa"],
    ["станция", "stansiya", "stantsiya"],
    # Uzbek: with and without apostrophes and special letters, both scripts
    ["ro'yxat", "royxat", "рўйхат", "руйхат", "ro`yxat", "roʻyxat", "ro’yxat"],
    ["қанча", "канча", "qancha", "kancha"],
    ["ish haqi", "иш ҳақи", "иш хаки", "ish xaqi", "ISH HAQI"],
    ["маош", "maosh"],
    ["ёрдам", "yordam", "Ёрдам"],
    ["ma'lumot", "маълумот", "malumot", "ma`lumot"],
    ["sog'liq", "соғлиқ", "согликь", "sogliq", "soghliq"],
    ["o'zbek", "ўзбек", "узбек", "ozbek", "özbek"],
    ["tibbiy ko'rik", "тиббий кўрик", "tibbiy korik"],
    ["hujjat", "ҳужжат", "хужжат"],
    ["shahar", "шаҳар", "шахар", "şahar"],
    ["Toshkent", "Тошкент"],
    # Tajik
    ["ҳуҷҷат", "хуччат", "hujjat"],
    ["шиноснома", "shinosnoma"],
    ["тиббӣ", "тиббий", "tibbi", "tibbiy"],
    ["иҷтимоӣ", "ijtimoiy", "ижтимоий"],
    ["муҳоҷират", "мухочират", "muhojirat"],
    # Kyrgyz
    ["жардам", "jardam"],
    ["каттоо", "каттөө", "katto"],
    ["кеңеш", "кенеш", "kenesh", "kengesh"],
    ["иш берүүчү", "иш беруучу", "ish beruuchu"],
    # English and Turkish-style letters
    ["Tajikistan", "Таджикистан"],
    ["doctor", "doktor", "доктор"],
]

DIFFERENT = [
    ("патент", "паспорт"),
    ("работа", "робот"),  # a and o are kept apart: Russian akanye typos are left to n-grams
    ("soliq", "sog'liq"),
    ("ro'yxat", "ruxsat"),
    ("ish", "osh"),
    ("viza", "vizit"),
    ("ijara", "ishora"),
    ("kasal", "kassa"),
]


@pytest.mark.parametrize("group", SAME, ids=lambda g: g[0])
def test_spellings_meet(group: list[str]) -> None:
    folded = {fold(word) for word in group}
    assert len(folded) == 1, dict(zip(group, map(fold, group), strict=True))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_apostrophe_is_removed(apostrophe: str) -> None:
    assert fold(f"o{apostrophe}zbek ma{apostrophe}lumot") == fold("ozbek malumot")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Регистрация", "registrasia"),
        ("рўйхат", "royhat"),
        ("ҳуҷҷат", "hojat"),
        ("қанча", "kanja"),
        ("ish haqi", "ish haki"),
        ("ёрдам", "yordam"),
        ("каттоо", "kato"),
        ("", ""),
        ("  \n\t ", ""),
        ("Patent — 5 000 ₽, срок: 30 дней!", "patent 5 000 srok 30 dney"),
        ("ish-haqi/maosh", "ish haki maosh"),
        ("🆘 SOS", "sos"),
        ("№ 115-ФЗ", "no 115 fz"),
        ("２０２５ ٣", "2025 3"),
        ("naïve Straße", "naive strase"),
    ],
)
def test_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_tokens() -> None:
    assert fold_tokens("Иш ҳақи, ish haqi!") == ["ish", "haki", "ish", "haki"]
    assert fold_tokens("") == []
    assert fold_tokens("—") == []


ONLY_SKELETON = re.compile(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?")
MIXED = st.text(
    alphabet="aeiouycghkqsxztjnwʻ'`’ абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳӣӯҷңөүЁ0123456789.-",
    max_size=40,
)


@settings(max_examples=400)
@given(st.one_of(st.text(), MIXED))
def test_output_is_skeleton_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert ONLY_SKELETON.fullmatch(folded), folded
    assert fold(folded) == folded
    assert fold_tokens(text) == folded.split()


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c", "\u200d", "\u200e"],
    ids=["zero-width space", "soft hyphen", "word joiner", "BOM", "ZWNJ", "ZWJ", "LRM"],
)
def test_format_characters_are_deleted_not_turned_into_spaces(invisible: str) -> None:
    assert fold(f"не хочу жи{invisible}ть") == fold("не хочу жить") == "ne hojo jit"
    assert fold(f"pas{invisible}port") == "pasport"
