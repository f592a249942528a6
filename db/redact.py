"""Scrubbing a free-text question before it is kept as a content gap.

What is removed: e-mail addresses, links, @usernames, runs of six or more digits however they are
written ("8.917.555.01.99", "9 1 7 5 5 5 …", "+7 (917) 555-01-99": phones, passports, cards, postal
codes), and addresses written with the usual street and house words (ул., проспект, д., кв.,
ko'chasi, 12-uy, көчөсү, кӯчаи, street, apt…). Names are NOT removed: no pattern tells "Азиз" or
"Баумана" from an ordinary word, and a list of names would be both incomplete and wrong. The other
safeguards are what make this acceptable: the text is cut short, never linked to the person, shown
to admins only as counts per question, and deleted after GAPS_RETENTION_DAYS.
"""

from __future__ import annotations

import re

MAX_QUERY_CHARS = 150
# Only the start of a long message is looked at: what is kept is far shorter, and the patterns then
# run in bounded time whatever a person sends (a 4,096-character message).
SCRUBBED_CHARS = 600

_APOSTROPHES = "'’ʻ‘`"
_WORD = rf"[^\W\d_][\w{_APOSTROPHES}-]*"
_NUMBER = r"\d+[^\W\d_]?(?:/\d+)?"  # 12, 12а, 12/3

_LINK = re.compile(r"(?i)\b(?:https?://|www\.|t\.me/)\S+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")  # from a word's start: linear time
_USERNAME = re.compile(r"(?<![\w@])@\w{2,}")
# Six digits or more, whatever separates them: phones, passports, cards, postal codes, birth dates.
_DIGITS = re.compile(r"\+?\(?\d(?:[\s.\-()/]{0,3}\d){5,}\)?")

# "д. 12", "кв 5", "хонаи 7", "apt 4"; and "12-uy", "5-үй", "3-xonadon".
_HOUSE = re.compile(
    r"(?<!\w)(?i:д|дом|кв|квартира|корп|корпус|стр|строение|хонаи|хона|house|apt|apartment|flat|uy|үй)"
    rf"\.?\s*№?\s*{_NUMBER}"
)
_HOUSE_AFTER = re.compile(r"(?<!\w)\d+[^\W\d_]?\s*-?\s*(?i:uy|үй|уй|xonadon|kvartira|батир|хона)(?!\w)")
# "ул. Баумана 12", "проспект Победы", "кӯчаи Айнӣ": a street word, its name (a second word only
# when capitalised), maybe a number.
_STREET_FIRST = re.compile(
    r"(?<!\w)(?i:ул|улица|улице|улицу|пр|пр-т|просп|проспект|пер|переулок|б-р|бульвар|шоссе|пл|площадь|"
    r"наб|набережная|тракт|мкр|микрорайон|проезд|кӯчаи|кучаи)(?:\.\s*|\s+)"
    rf"{_WORD}(?:\s+[^\W\d_a-zа-яё][\w{_APOSTROPHES}-]*)?(?:,?\s*{_NUMBER})?"
)
# "Navoiy ko'chasi", "Ленин көчөсү", "12 Baker Street": a name, then the street word.
_STREET_AFTER = re.compile(
    rf"(?<!\w)(?:{_NUMBER}\s+)?{_WORD}\s+"
    rf"(?i:ko[{_APOSTROPHES}]?chasi|ko[{_APOSTROPHES}]?cha|kuchasi|mahallasi|кўчаси|кўча|көчөсү|көчө|кӯча|"
    r"street|st|avenue|ave|road|rd|lane)(?!\w)\.?(?:,?\s*\d+[^\W\d_]?)?"
)

_PATTERNS = (
    (_LINK, "[link]"),
    (_EMAIL, "[email]"),
    (_USERNAME, "[username]"),
    (_HOUSE, "[address]"),
    (_HOUSE_AFTER, "[address]"),
    (_STREET_FIRST, "[address]"),
    (_STREET_AFTER, "[address]"),
    (_DIGITS, "[number]"),
)
_TRAILING_DIGITS = re.compile(r"[\d\s.\-()/+]+$")
_NOT_WORD = re.compile(rf"[^\w{_APOSTROPHES}\[\]]+")
_REPEATED_MARK = re.compile(r"(\[\w+\])(?:\s+\1)+")


def scrub(text: str) -> str:
    """The question without contact details, long numbers and addresses (names stay: see above)."""
    for pattern, mark in _PATTERNS:
        text = pattern.sub(f" {mark} ", text)
    return text


def normalise(text: str) -> str:
    """One spelling per question, so that admins see counts: case, punctuation and spaces folded."""
    words = _NOT_WORD.sub(" ", text.casefold()).strip()
    return _REPEATED_MARK.sub(r"\1", words)


def cap(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def redact_question(text: str) -> str:
    """What is kept of an unanswered question: scrubbed, normalised, cut short."""
    if len(text) > SCRUBBED_CHARS:  # a number cut in two would be too short to be recognised: drop it
        text = _TRAILING_DIGITS.sub("", cap(text, SCRUBBED_CHARS))
    return cap(normalise(scrub(text)))
