"""Uzbek Latin → Uzbek Cyrillic transliteration.

The `uz-Cyrl` locale and the Cyrillic versions of articles are derived from the Uzbek Latin text
with this module; nobody keeps a Cyrillic copy by hand, so the rules below must hold everywhere.

Letters (the Uzbek Latin alphabet of 1995 and its Cyrillic counterpart):

    a а   b б   d д   f ф   g г   h ҳ   i и   j ж   k к   l л   m м   n н   o о   p п
    q қ   r р   s с   t т   u у   v в   x х   y й   z з   oʻ ў   gʻ ғ   sh ш   ch ч
    ng нг (two letters in both scripts)   ʼ ъ (tutuq belgisi)

- e → э at the start of a word and after a, o, u, oʻ; е elsewhere. After i and e it is е too:
  Uzbek has no "иэ"/"еэ", these come from Russian words typed without the official y
  ("vidvorenie" → видворение, "reestr" → реестр).
- yo → ё, yu → ю, ya → я, ye → е. "yoʻ" is y + oʻ (yoʻl → йўл). y between two consonants
  is the ы of a Russian word typed the Russian way (vydvorenie → выдворение).
  ye after a consonant only occurs in Russian loanwords, where Cyrillic has a sign:
  ъ after б д з с н (prefixes об-, суб-, под-, из-, с-, ин-: obyekt → объект, podyezd → подъезд),
  ь after other consonants (kuryer → курьер, premyera → премьера).
- ts → ц only where it is a Russian ц: at the start or end of a word (not in an upper-case
  abbreviation: OITS → ОИТС), before e, and before i + vowel or i + y + vowel (militsiya →
  милиция, protsent → процент, tsex → цех, patsiyent → пациент). Elsewhere it is т + с, which
  is very frequent in Uzbek (hujjatsiz → ҳужжатсиз, patentsiz → патентсиз, ketsa → кетса).
- n/k + s + i + vowel → нц/кц: since 1995 Russian ц after a consonant is written s
  (stansiya → станция, kvitansiya → квитанция, aksiya → акция, infeksiya → инфекция).
- Apostrophes: every variant people type (' ` ´ ʹ ʻ ʼ ʽ ʾ ʿ ‘ ’ ‛ ′) after o or g makes oʻ/gʻ;
  between other letters it is the tutuq belgisi → ъ (maʼlumot → маълумот). In "sʼh" it only
  separates s from h (Isʼhoq → Исҳоқ) and is dropped. An apostrophe that does not touch a
  Latin letter on both sides (a quote) is kept.
- Case follows the first letter of a digraph (Sh, SH → Ш; Oʻ → Ў; Yo → Ё); ъ/ь are upper case
  inside an upper-case word.

Exceptions (`_EXCEPTION_STEMS`, `_EXCEPTION_WORDS`): Russian loanwords whose Cyrillic spelling
cannot be recovered by rule (ь, ц written s, йо). A stem matches the start of a word, so Uzbek
suffixes follow (obyektga → объектга); the rest of the word goes through the rules. Months: the
Latin spelling drops the я (sentabr → сентябрь); a month on its own keeps the Russian ь, with a
suffix it does not (10-sentabrda → 10-сентябрда).

Left as written:
- URLs (http, https, tg, www., t.me/, bare domains like mvd.ru), e-mail addresses, @mentions,
  /commands, HTML tags, comments and entities, Markdown link targets "](url)" (the link text is
  transliterated), Fluent placeables { $var } { -term } { NUMBER($n) };
- words that are not Uzbek: containing w, a c that is not part of ch (service, WhatsApp) or a
  Latin letter with a diacritic; upper-case Roman numerals (XXI asr); `KEEP_WORDS` (brands and
  codes: Google, YouTube, QR, SIM...; case matters: Uzbek "sim" is a wire) and any words
  passed in `keep`. Exception: c before
  i + vowel is the ц of a Russian word typed the Russian way (policiya → полиция).
  Mixed-case abbreviations are transliterated (KoAP → КоАП, YeOII → ЕОИИ, MFTs → МФЦ);
- digits, punctuation, emoji and every non-Latin letter: text with no Latin letter is returned
  unchanged, so already-Cyrillic text passes through as is.

Known limitations: ўъ/ғъ (moʻjiza → мўжиза, not мўъжиза), ь inside other Russian loans than the
listed ones (film → филм), йо/ё in loans other than the listed ones (Toyota → Тоёта), ts/s
ambiguity in words the rules above do not cover, and a closing quote ' right after a word ending
in o or g, which reads as oʻ/gʻ ('radio' → 'радиў): quote with « » or “ ” instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from fluent.syntax import FluentParser, FluentSerializer, ast

APOSTROPHES = "'`´ʹʻʼʽʾʿ‘’‛′"
_APOS = "".join(re.escape(c) for c in APOSTROPHES)

# Brands, codes and abbreviations that stay in Latin letters in Uzbek Cyrillic text.
KEEP_WORDS: tuple[str, ...] = (
    "mi-Help", "Google", "YouTube", "iPhone", "iOS", "eSIM",
    "QR", "ID", "PDF", "SIM", "SMS", "SOS", "OSM", "EAEU", "RuID",
)  # fmt: skip

# Stem (lower case, apostrophes as ') → Cyrillic. Matches the start of a word.
_EXCEPTION_STEMS: dict[str, str] = {
    # ъ / ь that the Latin spelling drops
    "obyekt": "объект",
    "subyekt": "субъект",
    "podyezd": "подъезд",
    "syezd": "съезд",
    "kompyuter": "компьютер",
    "intervyu": "интервью",
    "konsult": "консульт",  # консультация, консультант (but konsul, konsullik: консул)
    # ц where the rules give с or тс
    "vaksin": "вакцин",
    "vaktsin": "вакцин",
    "sement": "цемент",
    "shprits": "шприц",
    "ulitsa": "улица",
    "bolnitsa": "больница",
    "granitsa": "граница",
    # с where the n/k + s + iya rule would give ц
    "pensi": "пенси",  # пенсия, пенсионер
    "ekspansi": "экспанси",
    "anoreksi": "анорекси",
    # йо, not ё
    "rayon": "район",
    # a Russian brand: its own name is Cyrillic (Yandex Xaritalar → Яндекс Хариталар)
    "yandex": "яндекс",
    "mayor": "майор",
    # months: Latin drops the я (official spelling sentabr, oktabr)
    "yanvar": "январ",
    "fevral": "феврал",
    "aprel": "апрел",
    "iyun": "июн",
    "iyul": "июл",
    "sentabr": "сентябр",
    "sentyabr": "сентябр",
    "oktabr": "октябр",
    "oktyabr": "октябр",
    "noyabr": "ноябр",
    "dekabr": "декабр",
}
# Whole words (checked before the stems): a month on its own keeps the Russian ь.
_EXCEPTION_WORDS: dict[str, str] = {
    "yanvar": "январь",
    "fevral": "февраль",
    "aprel": "апрель",
    "iyun": "июнь",
    "iyul": "июль",
    "sentabr": "сентябрь",
    "sentyabr": "сентябрь",
    "oktabr": "октябрь",
    "oktyabr": "октябрь",
    "noyabr": "ноябрь",
    "dekabr": "декабрь",
}
_STEMS_LONGEST_FIRST = sorted(_EXCEPTION_STEMS, key=len, reverse=True)

_SIMPLE = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip
_YOTATED = {"a": "я", "o": "ё", "u": "ю", "e": "е"}
_VOWELS_CYR = frozenset("аеэиоуўёюя")
_E_AS_EH_AFTER = frozenset("аоуўэ")  # e after these vowels is э (aeroport → аэропорт)
_HARD_SIGN_AFTER = frozenset("бдзсн")  # ye after these consonants → ъе, after others → ье
_LATIN_VOWELS = frozenset("aeiou")
_LATIN_CONSONANTS = frozenset("bcdfghjklmnpqrstvxz")

_PROTECTED_PARTS = (
    r"<!--.*?-->",  # HTML comment
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",  # HTML tag with its attributes
    r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",  # HTML entity
    r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)",  # Markdown link target
    r"\{(?:[^{}\"]|\"(?:[^\"\\]|\\.)*\"|\{[^{}]*\})*\}",  # Fluent placeable
    r"\b(?:https?|ftp|tg)://[^\s<>\"]+",  # URL
    r"\bwww\.[^\s<>\"]+",
    r"\bt\.me/[^\s<>\"]*",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
    r"(?<![\w@])@\w+",  # mention
    r"(?<![\w/])/[A-Za-z][A-Za-z0-9_]*(?:@\w+)?",  # bot command
    r"\b(?:[A-Za-z0-9-]+\.)+(?:ru|uz|tj|kg|kz|su|com|org|net|info|gov|io|me)\b(?:/[^\s<>\"]*)?",
    r"\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,}\b",  # codes like K7Q2, 4G, A4
)
_WORD = re.compile(rf"[^\W\d_]+(?:[{_APOS}]+[^\W\d_]+)*[{_APOS}]?")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# w, a c that is neither ch nor the ц of a Russian "-ция" typed with c, a letter with a diacritic
_FOREIGN = re.compile(r"[wW]|[cC](?![hH]|[iI](?:[yY][aeouAEOU]|[aoAO]))|[\u00c0-\u024f\u1e00-\u1eff]")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_APOS_TO_ASCII = str.maketrans({c: "'" for c in APOSTROPHES})
_Converter = Callable[[str], str]
_STRING_ESCAPE = re.compile(r"(\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{6}|\\.)")


@lru_cache(maxsize=32)
def _protected_re(keep: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({*KEEP_WORDS, *keep}, key=len, reverse=True)
    keep_part = r"(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in words if w) + r")(?![^\W\d_])"
    return re.compile("|".join((*_PROTECTED_PARTS, keep_part)), re.DOTALL)


def uz_latin_to_cyrillic(text: str, keep: Iterable[str] = ()) -> str:
    """Transliterate Uzbek Latin text to Uzbek Cyrillic, leaving markup and foreign words alone.

    `keep`: extra words or phrases to leave in Latin letters (matched exactly, case included).
    """
    if not _ASCII_LETTER.search(text):
        return text
    protected = _protected_re(tuple(keep))
    out: list[str] = []
    pos = 0
    for match in protected.finditer(text):
        out.append(_WORD.sub(_convert_word, text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(_WORD.sub(_convert_word, text[pos:]))
    return "".join(out)


def _convert_word(match: re.Match[str]) -> str:
    return _convert_word_text(match.group())


@lru_cache(maxsize=65536)
def _convert_word_text(word: str) -> str:
    if not _ASCII_LETTER.search(word) or _FOREIGN.search(word):
        return word
    if word.isupper() and _ROMAN.fullmatch(word) and (len(word) > 1 or word in "IVX"):
        return word
    tail = ""
    if word[-1] in APOSTROPHES and (len(word) < 2 or word[-2] not in "oOgG"):
        word, tail = word[:-1], word[-1]
    return _transliterate_word(word) + tail


def _apply_case(cyr: str, word: str, all_caps: bool) -> str:
    if all_caps:
        return cyr.upper()
    if word[:1].isupper():
        return cyr[:1].upper() + cyr[1:]
    return cyr


def _i_then_vowel(lw: str, i: int) -> bool:
    """Does lw[i:] start with i + vowel or i + y + vowel (the "-ия", "-ион" of Russian words)?"""
    if lw[i : i + 1] != "i":
        return False
    after = lw[i + 1 : i + 2]
    if after == "y":
        after = lw[i + 2 : i + 3]
    return after != "" and after in _LATIN_VOWELS


def _ts_is_tse(lw: str, i: int, all_caps: bool) -> bool:
    """Is the "ts" at lw[i:i+2] a Russian ц? (see the module docstring)"""
    after = lw[i + 2 : i + 3]
    if i == 0:
        return True
    if not after or not after.isalpha():
        return not all_caps  # OITS (an abbreviation) → ОИТС, but shprits → шприц
    return after == "e" or _i_then_vowel(lw, i + 2)


def _transliterate_word(word: str) -> str:
    """One word of ASCII letters and apostrophes (other letters pass through unchanged)."""
    lw = word.lower().translate(_APOS_TO_ASCII)
    letters = [c for c in word if c.isalpha() and c not in APOSTROPHES]  # ʻ ʼ are "letters" (Lm)
    all_caps = len(letters) > 1 and all(c.isupper() for c in letters)

    whole = _EXCEPTION_WORDS.get(lw)
    if whole is not None:
        return _apply_case(whole, word, all_caps)

    out: list[str] = []
    i = 0
    for stem in _STEMS_LONGEST_FIRST:
        if lw.startswith(stem):
            out.append(_apply_case(_EXCEPTION_STEMS[stem], word, all_caps))
            i = len(stem)
            break

    n = len(word)
    while i < n:
        c = lw[i]
        upper = word[i].isupper()
        nxt = lw[i + 1] if i + 1 < n else ""
        prev = out[-1][-1].lower() if out else ""
        step = 1
        if c == "'":
            before = lw[i - 1] if i else ""
            if before == "s" and nxt == "h":
                i += 1
                continue
            if before in _SIMPLE and nxt.isalpha():
                cyr = "Ъ" if all_caps else "ъ"
                out.append(cyr)
            else:
                out.append(word[i])
            i += 1
            continue
        if c not in _SIMPLE:  # a non-ASCII letter in a mixed word
            out.append(word[i])
            i += 1
            continue
        if c == "o" and nxt == "'":
            cyr, step = "ў", 2
        elif c == "g" and nxt == "'":
            cyr, step = "ғ", 2
        elif c == "s" and nxt == "h":
            cyr, step = "ш", 2
        elif c == "c" and nxt == "h":
            cyr, step = "ч", 2
        elif c == "t" and nxt == "s" and _ts_is_tse(lw, i, all_caps):
            cyr, step = "ц", 2
        elif c == "s" and i and lw[i - 1] in "nk" and _i_then_vowel(lw, i + 1):
            cyr = "ц"
        elif c == "y" and nxt and nxt in "aou" and lw[i + 2 : i + 3] != "'":
            cyr, step = _YOTATED[nxt], 2
        elif c == "y" and nxt == "e":
            step = 2
            cyr = "е"
            if prev and prev.isalpha() and prev not in _VOWELS_CYR and prev not in "ъьй":
                sign = "ъ" if prev in _HARD_SIGN_AFTER else "ь"
                out.append(sign.upper() if all_caps else sign)
        elif c == "y" and i and lw[i - 1] in _LATIN_CONSONANTS and nxt in _LATIN_CONSONANTS:
            cyr = "ы"  # Russian typed the Russian way (vydvorenie): Uzbek has no y between consonants
        elif c == "e":
            cyr = "э" if (not out or prev in _E_AS_EH_AFTER) else "е"
        else:
            cyr = _SIMPLE[c]
        out.append(cyr.upper() if upper else cyr)
        i += step
    return "".join(out)


# --- Fluent -------------------------------------------------------------------------------------


def derive_uz_cyrl_ftl(source: str, keep: Iterable[str] = ()) -> str:
    """Turn the text of an Uzbek Latin .ftl file into the text of its uz-Cyrl twin.

    Only what the user reads changes: text, and string literals that stand alone in a placeable
    ({ "..." }). Message ids, attribute names, variables, terms, functions and their arguments,
    select-expression keys and term attributes (they are used only as selectors) stay as they are.
    Raises ValueError naming the line of the first syntax error.
    """
    keep = tuple(keep)
    resource = FluentParser().parse(source)
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            start = entry.span.start if entry.span else 0
            line = source.count("\n", 0, start) + 1
            detail = "syntax error"
            if entry.annotations:
                annotation = entry.annotations[0]
                detail = f"{annotation.code} {annotation.message}"
                if annotation.span is not None:
                    noticed = source.count("\n", 0, annotation.span.start) + 1
                    if noticed != line:
                        detail += f" (noticed on line {noticed})"
            raise ValueError(f"line {line}: {detail}: {source[start:].partition(chr(10))[0]!r}")

    def convert(text: str) -> str:
        return uz_latin_to_cyrillic(text, keep)

    for entry in resource.body:
        if isinstance(entry, ast.Message):
            if entry.value is not None:
                _convert_pattern(entry.value, convert)
            for attribute in entry.attributes:
                _convert_pattern(attribute.value, convert)
        elif isinstance(entry, ast.Term):
            _convert_pattern(entry.value, convert)
    return FluentSerializer(with_junk=False).serialize(resource)


def _convert_pattern(pattern: ast.Pattern, convert: _Converter) -> None:
    for element in pattern.elements:
        if isinstance(element, ast.TextElement):
            element.value = convert(element.value)
        elif isinstance(element, ast.Placeable):
            _convert_placeable(element, convert)


def _convert_placeable(placeable: ast.Placeable, convert: _Converter) -> None:
    expression = placeable.expression
    if isinstance(expression, ast.StringLiteral):
        # The value is stored with its escapes (\" \\ \u0041): convert only the text between them.
        parts = _STRING_ESCAPE.split(expression.value)
        expression.value = "".join(p if k % 2 else convert(p) for k, p in enumerate(parts))
    elif isinstance(expression, ast.Placeable):
        _convert_placeable(expression, convert)
    elif isinstance(expression, ast.SelectExpression):
        for variant in expression.variants:
            _convert_pattern(variant.value, convert)
