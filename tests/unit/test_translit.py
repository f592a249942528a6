"""Uzbek Latin → Cyrillic: the uz-Cyrl locale and articles are derived with it, so it must be right."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.translit import APOSTROPHES, uz_latin_to_cyrillic

ROOT = Path(__file__).resolve().parents[2]

# Checked against standard Uzbek Cyrillic spelling.
PAIRS = [
    # migration vocabulary
    ("migratsiya hisobi", "миграция ҳисоби"),
    ("migratsiya kartasi", "миграция картаси"),
    ("patent", "патент"),
    ("ro'yxatdan o'tish", "рўйхатдан ўтиш"),
    ("ish beruvchi", "иш берувчи"),
    ("mehnat shartnomasi", "меҳнат шартномаси"),
    ("shifokor", "шифокор"),
    ("tez yordam", "тез ёрдам"),
    ("kirish taqiqi", "кириш тақиқи"),
    ("konsullik", "консуллик"),
    ("sog'liq", "соғлиқ"),
    ("to'lov", "тўлов"),
    ("qo'shimcha", "қўшимча"),
    ("yig'im", "йиғим"),
    ("tibbiy ko'rik", "тиббий кўрик"),
    ("ijtimoiy xodim", "ижтимоий ходим"),
    ("maslahat", "маслаҳат"),
    ("yurist", "юрист"),
    ("barmoq izlari", "бармоқ излари"),
    ("daktiloskopiya", "дактилоскопия"),
    ("ish haqi", "иш ҳақи"),
    ("maosh", "маош"),
    ("pasport", "паспорт"),
    ("hujjat", "ҳужжат"),
    ("registratsiya", "регистрация"),
    ("politsiya", "полиция"),
    ("militsiya", "милиция"),
    ("kvitansiya", "квитанция"),
    ("stansiya", "станция"),
    ("shtraf", "штраф"),
    ("soliq", "солиқ"),
    ("ijara", "ижара"),
    ("kvartira", "квартира"),
    ("kasalxona", "касалхона"),
    ("telefon raqami", "телефон рақами"),
    ("yashash joyi", "яшаш жойи"),
    ("uy-joy", "уй-жой"),
    ("imtihon", "имтиҳон"),
    ("elektron", "электрон"),
    ("protsent", "процент"),
    ("infeksiya", "инфекция"),
    ("vaksina", "вакцина"),
    ("pensiya", "пенсия"),
    ("konsultatsiya", "консультация"),
    ("kuryer", "курьер"),
    ("podyezd", "подъезд"),
    ("obyekt", "объект"),
    ("obyektda", "объектда"),
    ("subyekt", "субъект"),
    ("kompyuter", "компьютер"),
    ("spetsialist", "специалист"),
    ("patsiyent", "пациент"),
    ("rayon", "район"),
    # t + s inside Uzbek words is not ц
    ("hujjatsiz", "ҳужжатсиз"),
    ("patentsiz", "патентсиз"),
    ("ketsa", "кетса"),
    ("o'tsa", "ўтса"),
    ("jinsiy", "жинсий"),
    # everyday words
    ("o'g'il", "ўғил"),
    ("Toshkent", "Тошкент"),
    ("Qozon", "Қозон"),
    ("Rossiya", "Россия"),
    ("bog'", "боғ"),
    ("g'isht", "ғишт"),
    ("choy", "чой"),
    ("yo'q", "йўқ"),
    ("yo'l", "йўл"),
    ("ertaga", "эртага"),
    ("Yevropa", "Европа"),
    ("shahar", "шаҳар"),
    ("O'zbekiston", "Ўзбекистон"),
    ("ma'lumot", "маълумот"),
    ("san'at", "санъат"),
    ("e'lon", "эълон"),
    ("ta'lim", "таълим"),
    ("mas'ul", "масъул"),
    ("Is'hoq", "Исҳоқ"),
    ("yer", "ер"),
    ("ishonch", "ишонч"),
    ("o'qituvchi", "ўқитувчи"),
    ("ko'cha", "кўча"),
    ("yangi", "янги"),
    ("ming", "минг"),
    ("dunyo", "дунё"),
    ("ayol", "аёл"),
    ("tayyor", "тайёр"),
    ("viloyat", "вилоят"),
    ("qiyin", "қийин"),
    ("xalqaro", "халқаро"),
    ("aeroport", "аэропорт"),
    ("poyezd", "поезд"),
    ("reyestr", "реестр"),
    ("aktyor", "актёр"),
    ("Aliyev", "Алиев"),
    ("kecha", "кеча"),
    ("mashhur", "машҳур"),
    ("mushtariy", "муштарий"),
    ("1-sentabr", "1-сентябрь"),
    ("10-sentabrda", "10-сентябрда"),
    ("Mustaqillik kuni", "Мустақиллик куни"),
    # sentences
    ("Siz qayerdasiz?", "Сиз қаердасиз?"),
    ("Tez yordam: 103", "Тез ёрдам: 103"),
    ("Patent uchun to'lov har oy amalga oshiriladi.", "Патент учун тўлов ҳар ой амалга оширилади."),
    ("Ish beruvchi bilan mehnat shartnomasi tuzing.", "Иш берувчи билан меҳнат шартномаси тузинг."),
    ("Migratsiya hisobidan 7 ish kuni ichida o'ting.", "Миграция ҳисобидан 7 иш куни ичида ўтинг."),
    ("Yo'lda hujjatlaringizni yo'qotmang!", "Йўлда ҳужжатларингизни йўқотманг!"),
    ("Tibbiy sug'urta polisi", "Тиббий суғурта полиси"),
    (
        "Oʻzbekiston Respublikasining Qozondagi konsulligi",
        "Ўзбекистон Республикасининг Қозондаги консуллиги",
    ),
]


@pytest.mark.parametrize(("latin", "cyrillic"), PAIRS)
def test_standard_spelling(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


def test_table_is_large_enough() -> None:
    assert len(PAIRS) >= 60


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_apostrophe_variant(apostrophe: str) -> None:
    a = apostrophe
    assert uz_latin_to_cyrillic(f"o{a}zbek") == "ўзбек"
    assert uz_latin_to_cyrillic(f"O{a}zbekiston") == "Ўзбекистон"
    assert uz_latin_to_cyrillic(f"g{a}isht") == "ғишт"
    assert uz_latin_to_cyrillic(f"bog{a}") == "боғ"
    assert uz_latin_to_cyrillic(f"ma{a}lumot") == "маълумот"
    assert uz_latin_to_cyrillic(f"san{a}at") == "санъат"
    assert uz_latin_to_cyrillic(f"yo{a}q") == "йўқ"


def test_the_usual_four_spellings_of_ozbek_agree() -> None:
    assert {uz_latin_to_cyrillic(w) for w in ("o'zbek", "o`zbek", "oʻzbek", "o’zbek")} == {"ўзбек"}


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Sh", "Ш"),
        ("SH", "Ш"),
        ("Shahar", "Шаҳар"),
        ("SHAHAR", "ШАҲАР"),
        ("Choy", "Чой"),
        ("O'ZBEKISTON", "ЎЗБЕКИСТОН"),
        ("G'ISHT", "ҒИШТ"),
        ("Yo", "Ё"),
        ("Yordam", "Ёрдам"),
        ("YORDAM", "ЁРДАМ"),
        ("Yo'l", "Йўл"),
        ("YO'L", "ЙЎЛ"),
        ("YEVROPA", "ЕВРОПА"),
        ("Ertaga", "Эртага"),
        ("MA'LUMOT", "МАЪЛУМОТ"),
        ("MAʼLUMOT", "МАЪЛУМОТ"),
        ("OʻZBEKISTON", "ЎЗБЕКИСТОН"),
        ("OITSga", "ОИТСга"),
        ("OBYEKT", "ОБЪЕКТ"),
        ("Obyektga", "Объектга"),
        ("MVD", "МВД"),
        ("IIVga", "ИИВга"),
        ("KoAP", "КоАП"),
        ("YeOII", "ЕОИИ"),
        ("MFTs", "МФЦ"),
        ("OITS", "ОИТС"),
    ],
)
def test_capitals(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Bot: https://t.me/mi_help_bot?start=uz", "Бот: https://t.me/mi_help_bot?start=uz"),
        ("Sayt: http://example.uz/yordam/patent", "Сайт: http://example.uz/yordam/patent"),
        ("www.gosuslugi.ru saytida", "www.gosuslugi.ru сайтида"),
        ("mvd.ru saytida", "mvd.ru сайтида"),
        ("t.me/yordam_kanali", "t.me/yordam_kanali"),
        ("Yozing: yordam@mail.ru", "Ёзинг: yordam@mail.ru"),
        ("Yozing @mi_help_bot ga", "Ёзинг @mi_help_bot га"),
        ("Tilni /language bilan oʻzgartiring", "Тилни /language билан ўзгартиринг"),
        ("<b>Salom</b>", "<b>Салом</b>"),
        ('<a href="https://mvd.ru/uz">sayt</a>', '<a href="https://mvd.ru/uz">сайт</a>'),
        ("<tg-spoiler>sir</tg-spoiler>", "<tg-spoiler>сир</tg-spoiler>"),
        ("ish &amp; oila &nbsp; &#171;", "иш &amp; оила &nbsp; &#171;"),
        ("[rasmiy sayt](https://example.uz/yordam)", "[расмий сайт](https://example.uz/yordam)"),
        ("{ $count } ta hujjat", "{ $count } та ҳужжат"),
        ("{ -brand } boti", "{ -brand } боти"),
        ("{ NUMBER($n, minimumFractionDigits: 2) } soʻm", "{ NUMBER($n, minimumFractionDigits: 2) } сўм"),
        ('{ "Salom" } dedi', '{ "Salom" } деди'),
        ("🆘 Yordam 👍🏽", "🆘 Ёрдам 👍🏽"),
        ("112, 103! 30 000 ₽ (5%)", "112, 103! 30 000 ₽ (5%)"),
        ("XXI asr, IV bob", "XXI аср, IV боб"),
        ("WhatsApp va Telegram", "WhatsApp ва Телеграм"),
        ("Google xaritasi", "Google харитаси"),
        ("Yandex Xaritalar", "Яндекс Хариталар"),
        ("«Госуслуги RuID» ilovasi", "«Госуслуги RuID» иловаси"),
        ("QR-kod va SIM-karta", "QR-код ва SIM-карта"),
        ("mis sim", "мис сим"),
        ("Customer service", "Customer service"),
        ("«salom» va 'salom'", "«салом» ва 'салом'"),
        ("запрет bormi", "запрет борми"),
        ("mi-Help boti", "mi-Help боти"),
    ],
)
def test_left_untouched(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


def test_keep_parameter() -> None:
    assert uz_latin_to_cyrillic("Sberbank Online ilovasi") == "Сбербанк Онлине иловаси"
    assert uz_latin_to_cyrillic("Sberbank Online ilovasi", keep=["Sberbank Online"]) == ("Sberbank Online иловаси")


def test_multiline_markdown_keeps_layout() -> None:
    text = "**Muhim:** patent\n\n- birinchi\n- ikkinchi: [sayt](https://a.uz/b_c)\n"
    assert uz_latin_to_cyrillic(text) == ("**Муҳим:** патент\n\n- биринчи\n- иккинчи: [сайт](https://a.uz/b_c)\n")


# --- properties --------------------------------------------------------------------------------

# No dots and no digits: "a.ru" is a domain and "a4" a code, both rightly kept in Latin letters.
UZBEK_LATIN = st.text(alphabet=string.ascii_lowercase.replace("c", "").replace("w", "") + "'ʻʼ` ,-\n", max_size=60)
CYRILLIC = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳАБВЁЎҚҒҲЯ0123456789 .,!?'ʻ-«»\n{}$<>/@", max_size=60)


@given(st.text())
def test_never_raises(text: str) -> None:
    assert isinstance(uz_latin_to_cyrillic(text), str)


@given(st.text(alphabet=st.characters(exclude_characters=string.ascii_letters)))
def test_text_without_latin_letters_is_unchanged(text: str) -> None:
    assert uz_latin_to_cyrillic(text) == text


@given(CYRILLIC)
def test_cyrillic_text_is_unchanged(text: str) -> None:
    assert uz_latin_to_cyrillic(text) == text


@settings(max_examples=300)
@given(UZBEK_LATIN)
def test_lowercase_uzbek_latin_leaves_no_latin_letter(text: str) -> None:
    assert not any(c in string.ascii_letters for c in uz_latin_to_cyrillic(text))


@settings(max_examples=300)
@given(st.one_of(st.text(), UZBEK_LATIN))
def test_idempotent(text: str) -> None:
    once = uz_latin_to_cyrillic(text)
    assert uz_latin_to_cyrillic(once) == once
