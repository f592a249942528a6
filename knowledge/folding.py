"""Fold text in any script and spelling to one plain Latin skeleton, for search.

Migrants type Russian, Uzbek, Tajik, Kyrgyz and English in Cyrillic or Latin letters, often
without the special letters of their language or the Uzbek apostrophes, and with typos. The
search compares character n-grams of folded text, so every common spelling of a word must fold
to the same string (or nearly: n-grams forgive a letter or two). The skeleton is lossy on
purpose: it only has to bring spellings together, never to be read back.

Steps: delete apostrophes (every variant) → NFKC → casefold → map each letter with one
`str.translate` table → anything else becomes a space (combining marks and invisible format
characters are deleted, letters with diacritics lose them, other digits become 0-9) → spelling
rules → collapse double letters → collapse spaces.

Format characters (Unicode category Cf: zero-width space, soft hyphen, word joiner, bidi marks)
are deleted, not turned into spaces: "жить" with a zero-width space inside still folds to "jit",
so an invisible character cannot split a word and hide it from search or from the danger check.
The output holds only a-z, 0-9 and single spaces, and fold(fold(x)) == fold(x).

Letters (Cyrillic of Russian, Uzbek, Tajik, Kyrgyz; Latin):

    skeleton  from                          why
    a         а a ә ä                       -
    e         е э є e ye                    е/э/ye are typed interchangeably (Европа, Yevropa,
                                            ertaga/эртага, obyekt/объект, poyezd/поезд)
    i         и ы ӣ і i ı                   ы and Tajik ӣ are typed as и/i; y between consonants
                                            or at the end after a consonant is an ы (vyzov, novyy)
    o         о ў ө у ү ӯ ұ o u ö ü         o and u merge: Uzbek ў is typed у in Cyrillic
                                            (руйхат) and o in Latin (royxat); Kyrgyz ө/ү are
                                            typed о/у. So "бор"/"бур", "yoz"/"yuz" meet: accepted.
    k         к қ ҡ k q ck, c not before    Uzbek/Tajik қ is typed к, q or k; c is English
              e i y                         (doctor/доктор)
    g         г ғ ґ g gʻ gh ğ               ғ is typed г, g' or gh
    h         х ҳ һ h x kh                  ҳ/х are one sound for most users; x is Uzbek Latin х
    j         ж ҷ ч җ j zh dj dzh ch ç      Tajik ҷ is typed ч in Cyrillic and j in Latin
                                            (ҳуҷҷат, хуччат, hujjat), so ч, ҷ, ж, j, ch must meet;
                                            "чой"/"жой" (tea/place) collide: accepted
    sh        ш щ sh shch ş                 щ is rare outside Russian and typed ш
    s         с ц s ts c before e i y       ц is typed ts, тс, c and (Uzbek since 1995) s
                                            (регистрация/registratsiya/регистратсия/registraciya)
    n         н ң n ng ñ                    Kyrgyz ң is typed н or ng; Uzbek нг/ng folds too
    v         в v w                         w is read as в (Wagner/Вагнер)
    y         й y                           kept before/after a vowel (yordam, choy)
    yo ya     ё ю / я                       ё → yo (ёрдам/yordam); ю → yu → yo (u = o)
    -         ъ ь and apostrophes           тутуқ/ʼ, hard and soft signs are dropped
                                            (маълумот/ma'lumot/malumot)
    b d f l m p r t z   as themselves

Spelling rules after the table, in this order, repeated until nothing changes:
  1. double letters → one (каттоо/катто, ҳуҷҷат/hujjat, Rossiya/Rosiya);
  2. c before e, i, y → s; ck and other c → k (registraciya, doctor);
  3. shch → sh; dzh, dj, zh, ch → j; kh → h; gh → g; ts → s; ng → n; ye → e;
  4. y after i is dropped unless i follows (Rossiya/Rossia, tibbiy/тиббӣ, medicinskiy/-skii);
  5. y not next to a vowel → i (vyzov/вызов).

The rules only look inside a word, so they run once per distinct word (cached): about 5 MB/s on
the knowledge base's own text with a cold cache.

Kept apart: a and o ("работа"/"робот", "патент"/"паспорт" differ), e and i, s and z, and the
consonants not listed above. Known limitations: Russian е/ё ("учёт" → uchyot, "учет" → uchet
differ in one letter); x typed for кс ("taxi"); English spellings other than c/ck/w/kh/zh/sh/ch.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

APOSTROPHES = "'`´ʹʻʼʽʾʿ‘’‛′"

_LETTERS = {
    # Russian
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "o", "ф": "f", "х": "h", "ц": "s", "ч": "j", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yo", "я": "ya",
    # Uzbek, Tajik, Kyrgyz
    "ў": "o", "қ": "k", "ғ": "g", "ҳ": "h", "ӣ": "i", "ӯ": "o", "ҷ": "j", "ң": "n", "ө": "o",
    "ү": "o",
    # Kazakh, Tatar, Bashkir, Ukrainian, Belarusian: a few letters that reach a Central Asian chat
    "ә": "a", "і": "i", "ї": "i", "є": "e", "ґ": "g", "ұ": "o", "һ": "h", "җ": "j", "ҡ": "k",
    "ҙ": "z", "ҫ": "s", "ӊ": "n", "ӑ": "a", "ӗ": "e", "ӳ": "o", "ӧ": "o", "ӱ": "o",
    # Latin: the letters Uzbek, Tajik and Kyrgyz Latin spelling give their own sound
    "q": "k", "x": "h", "w": "v", "u": "o",
    "ş": "sh", "ș": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ñ": "n", "ŋ": "n",
    "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d",
}  # fmt: skip
_TABLE: dict[int, str | None] = {ord(k): v for k, v in _LETTERS.items()}
_TABLE.update({ord(c): None for c in APOSTROPHES})
for _c in '!"#$%&()*+,-./:;<=>?@[\\]^_{|}~\t\n\r\x0b\x0c':
    _TABLE[ord(_c)] = " "

_APOSTROPHE = re.compile("[" + re.escape(APOSTROPHES) + "]")
_OTHER = re.compile(r"[^a-z0-9 ]")
_DOUBLE = re.compile(r"([a-z])\1+")
_C_SOFT = re.compile(r"c(?=[eiy])")
_C_HARD = re.compile(r"ck|c(?!h)")
_DIGRAPHS = {
    "shch": "sh", "dzh": "j", "dj": "j", "zh": "j", "ch": "j",
    "kh": "h", "gh": "g", "ts": "s", "ng": "n", "ye": "e",
}  # fmt: skip
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_Y_AFTER_I = re.compile(r"(?<=i)y(?!i)")
_Y_NOT_BY_VOWEL = re.compile(r"(?<![aeio])y(?![aeio])")


@lru_cache(maxsize=4096)
def _other_char(char: str) -> str:
    """A character the table does not know: strip diacritics, map digits, else a space."""
    category = unicodedata.category(char)
    if category.startswith("M") or category == "Cf":  # combining marks, invisible format characters
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = base.lower().translate(_TABLE)
    if base and all(c in "abcdefghijklmnopqrstuvwxyz0123456789 " for c in base):
        return base
    digit = unicodedata.decimal(char, None)
    return str(digit) if digit is not None else " "


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Apply the spelling rules to one word until nothing changes.

    Every rule shortens the word or removes a c or a y, so the loop ends. Words repeat a lot in
    any text, hence the cache: folding costs about one dictionary lookup per word.
    """
    previous = None
    while word != previous:
        previous, word = word, _rules(word)
    return word


def _rules(s: str) -> str:
    s = _DOUBLE.sub(r"\1", s)
    s = _C_SOFT.sub("s", s)
    s = _C_HARD.sub("k", s)
    s = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group()], s)
    s = _Y_AFTER_I.sub("", s)
    s = _Y_NOT_BY_VOWEL.sub("i", s)
    return _DOUBLE.sub(r"\1", s)


def fold(text: str) -> str:
    """The search skeleton of `text`: only a-z, 0-9 and single spaces (see the module docstring)."""
    s = unicodedata.normalize("NFKC", _APOSTROPHE.sub("", text)).casefold()
    s = s.translate(_TABLE)
    if _OTHER.search(s):
        s = _OTHER.sub(lambda m: _other_char(m.group()), s)
    return " ".join([_fold_word(word) for word in s.split()])


def fold_tokens(text: str) -> list[str]:
    """The folded words of `text`."""
    return fold(text).split()
