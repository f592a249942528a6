"""`kb check` rules for the places: each is its own function, so rules can be read (and added) one
at a time. Errors stop a place from loading; warnings are listed for the people who keep the map.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from knowledge.places import Place
from knowledge.problems import ProblemLog

LOCALIZED_TEXTS = ("name", "description", "hours", "address_note", "bring", "check")
# Latin-script languages: Cyrillic letters in them are Russian words left untranslated. Official names
# in «» and web addresses (16.мвд.рф) may stay as they are.
LATIN_SCRIPT_LANGUAGES = ("uz", "en")
# Cyrillic-script languages: Russian left in them cannot be told by its letters, but a run of words
# copied from the Russian text can.
CYRILLIC_SCRIPT_LANGUAGES = ("tg", "ky")
COPIED_RUN = 3  # words in a row that are the Russian text's own
_CYRILLIC_SCRIPT_WORD = re.compile(r"[А-Яа-яЁёҒғҚқҲҳҶҷӢӣӮӯҢңӨөҮү]+")
_QUOTED = re.compile(r"«[^»]*»")
_DOMAIN = re.compile(r"\S+\.\S+")
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")


def check_untranslated_words(properties: dict[str, Any], place_id: str, line: int, path: Path, log: ProblemLog) -> None:
    """Error: Russian words inside an Uzbek (Latin) or English text. People who do not read Russian
    must not meet it in their own screens; official names in «» and web addresses are allowed."""
    for key in LOCALIZED_TEXTS:
        texts = properties.get(key)
        if not isinstance(texts, dict):
            continue
        for lang in LATIN_SCRIPT_LANGUAGES:
            text = texts.get(lang)
            if not isinstance(text, str):
                continue
            words = _CYRILLIC_WORD.findall(_DOMAIN.sub(" ", _QUOTED.sub(" ", text)))
            if words:
                log.error(
                    path, line, f"'{place_id}': the '{lang}' text of '{key}' has Russian words "
                    f"({' '.join(words[:4])}): translate them (only names in «» may stay in Russian)",
                )  # fmt: skip


def check_copied_russian(properties: dict[str, Any], place_id: str, line: int, path: Path, log: ProblemLog) -> None:
    """Error: a Tajik or Kyrgyz text that is the Russian one, whole or in part (three or more of its
    words in a row, outside names in «» and web addresses): those readers would meet Russian."""
    for key in LOCALIZED_TEXTS:
        texts = properties.get(key)
        if not isinstance(texts, dict) or not isinstance(texts.get("ru"), str):
            continue
        russian = _words(texts["ru"])
        runs = {tuple(russian[i : i + COPIED_RUN]) for i in range(len(russian) - COPIED_RUN + 1)}
        for lang in CYRILLIC_SCRIPT_LANGUAGES:
            text = texts.get(lang)
            if not isinstance(text, str):
                continue
            words = _words(text)
            copied = next(
                (words[i : i + COPIED_RUN] for i in range(len(words) - COPIED_RUN + 1)
                 if tuple(words[i : i + COPIED_RUN]) in runs),
                None,
            )  # fmt: skip
            if copied or (russian and words == russian):
                log.error(
                    path, line, f"'{place_id}': the '{lang}' text of '{key}' is Russian "
                    f"({' '.join(copied or words[:COPIED_RUN])}…): translate it (only names in «» may stay in Russian)",
                )  # fmt: skip


def _words(text: str) -> list[str]:
    return [word.lower() for word in _CYRILLIC_SCRIPT_WORD.findall(_DOMAIN.sub(" ", _QUOTED.sub(" ", text)))]


def warn_unreviewed_point(place: Place, line: int, path: Path, log: ProblemLog) -> None:
    """Warning: a geocoded point nobody has checked yet (the bot shows it as approximate)."""
    if place.approximate:
        found = f" by {place.geocoded.by} on {place.geocoded.date}" if place.geocoded else ""
        log.warning(
            path, line, f"'{place.id}': coordinates found{found} are not reviewed: check them on a map, "
            "then set \"needs_review\": false (until then the bot marks the location approximate)",
        )  # fmt: skip


def warn_no_way_to_ask(place: Place, line: int, path: Path, log: ProblemLog) -> None:
    """Warning: no address, no phone and no website: only the 'check' text tells people where to ask."""
    if not place.address and not place.has_point and not place.phone and not place.website:
        log.warning(path, line, f"'{place.id}': no address, phone or website: add the official page or phone")
