"""The labelled messages of knowledge/danger/*.tsv, the concept lexicon and the helplines: loading and checks."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from knowledge.folding import fold_tokens
from knowledge.phrases import PhraseIndex
from knowledge.problems import ProblemLog, read_yaml_file

CATEGORIES = ("self-harm", "violence", "trafficking", "medical")
LANGUAGE_FILES = ("ru", "uz", "uz-Cyrl", "tg", "ky", "en")
# Laughing faces are read as the word "haha": folding drops emoji, and a term in "худамро мекушам 😂 12
# соат" or "дем ала албай калдым 😂 лифт иштебейт" was an alarm where "хаха" leaves it to the model
# (crisis.yaml's `joking` frame; "не шучу" still undoes it).
LAUGHING = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f604\U0001f601\U0001f639]")


def message_tokens(text: str) -> list[str]:
    """The folded words the danger check reads: folding's words, with laughing faces as "haha"."""
    return fold_tokens(LAUGHING.sub(" haha ", text))


LEXICON_LANGUAGES = ("ru", "uz", "tg", "ky", "en")  # Uzbek in Cyrillic folds to the same letters as `uz`
COLUMNS = ("split", "label", "category", "who", "tags", "text")
SPLITS = ("train", "test")
LABELS = ("danger", "none")
WHO = ("self", "other")
# batch18, batch21, batch33 and batch34 were written and measured, and not kept
TAGS = ("indirect", "mixed", "fresh", *(f"batch{n}" for n in range(2, 33) if n not in (18, 21)))


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    split: str
    label: str
    categories: tuple[str, ...]  # for "none": the category the harmless message looks like, if known
    who: str
    tags: tuple[str, ...]
    path: Path
    line: int

    @property
    def danger(self) -> bool:
        return self.label == "danger"

    @cached_property
    def tokens(self) -> list[str]:
        """The words the danger check reads (`message_tokens`), computed once: training and measuring use them."""
        return message_tokens(self.text)

    @property
    def variant(self) -> str:
        """How it is typed: the language file, plus the script or the special letters used."""
        return f"{self.lang} {script_variant(self.lang, self.text)}"


_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яёӣӯҳҷқғңөүўі]")
_SPECIAL_LETTERS = {"tg": "ӣӯҳҷқғ", "ky": "ңөү", "uz-Cyrl": "ўқғҳ"}
_UZBEK_APOSTROPHE = re.compile(r"[og]['ʻʼ’‘`]")


def script_variant(lang: str, text: str) -> str:
    low = text.lower()
    latin = len(_LATIN.findall(low)) > len(_CYRILLIC.findall(low))
    if lang == "en":
        return "latin"
    if lang == "uz":
        return "with oʻ gʻ" if _UZBEK_APOSTROPHE.search(low) else "without oʻ gʻ"
    if latin:
        return "latin"
    if lang in _SPECIAL_LETTERS:
        return "special letters" if any(c in low for c in _SPECIAL_LETTERS[lang]) else "plain letters"
    return "cyrillic"


def load_examples(folder: Path, log: ProblemLog) -> list[Example]:
    """The labelled messages of every language file; problems are logged with file and line."""
    examples: list[Example] = []
    seen: dict[str, tuple[Path, int]] = {}
    for lang in LANGUAGE_FILES:
        path = folder / f"{lang}.tsv"
        if not path.exists():
            log.error(path, 1, "missing: every language needs its labelled messages")
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or tuple(rows[0]) != COLUMNS:
            log.error(path, 1, f"the first row must be the header: {' / '.join(COLUMNS)} (tab-separated)")
            continue
        for number, row in enumerate(rows[1:], start=2):
            if not row or (len(row) == 1 and not row[0].strip()) or row[0].startswith("#"):
                continue
            example = _parse_row(row, lang, path, number, log)
            if example is None:
                continue
            key = " ".join(example.tokens)
            if key in seen:
                other_path, other_line = seen[key]
                log.error(path, number, f"same message as {other_path.name}:{other_line} (after folding)")
                continue
            seen[key] = (path, number)
            examples.append(example)
    return examples


def _parse_row(row: list[str], lang: str, path: Path, number: int, log: ProblemLog) -> Example | None:
    if len(row) != len(COLUMNS):
        log.error(path, number, f"expected {len(COLUMNS)} tab-separated columns, found {len(row)}")
        return None
    split, label, category, who, tags, text = (cell.strip() for cell in row)
    categories = tuple(c.strip() for c in category.split(",") if c.strip())
    tag_list = () if tags in ("", "-") else tuple(t.strip() for t in tags.split(","))
    problems = []
    if split not in SPLITS:
        problems.append(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    if label not in LABELS:
        problems.append(f"label must be one of {', '.join(LABELS)}, not {label!r}")
    if not categories or any(c not in CATEGORIES for c in categories):
        problems.append(f"category must be one or more of {', '.join(CATEGORIES)}, not {category!r}")
    if label == "none" and len(categories) > 1:
        problems.append("a harmless message names the one category it looks like")
    if who not in WHO:
        problems.append(f"who must be one of {', '.join(WHO)}, not {who!r}")
    if any(t not in TAGS for t in tag_list):
        problems.append(f"tags must be '-' or some of {', '.join(TAGS)}, not {tags!r}")
    example = Example(text, lang, split, label, categories, who, tag_list, path, number)
    if not example.tokens:
        problems.append("the text is empty")
    for problem in problems:
        log.error(path, number, problem)
    return None if problems else example


def load_lexicon(path: Path, log: ProblemLog) -> PhraseIndex | None:
    """The concept lexicon as one phrase index whose labels are (concept name, language of the word)."""
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return None
    data, lines = parsed
    index = PhraseIndex()
    for concept, by_language in data.items():
        line = lines.get(str(concept), 1)
        if not isinstance(by_language, dict):
            log.error(path, line, f"'{concept}' needs a map of language → list of words")
            continue
        for lang in LEXICON_LANGUAGES:
            words = by_language.get(lang)
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                log.error(path, line, f"'{concept}' has no words for '{lang}'")
                continue
            for word in words:
                if index.add(word, (str(concept), lang)) is None:
                    log.error(path, line, f"'{concept}/{lang}': {word!r} has no letters")
        for unknown in sorted(set(by_language) - set(LEXICON_LANGUAGES)):
            log.error(path, line, f"'{concept}': unknown language '{unknown}'")
    return index


@dataclass(frozen=True)
class Helpline:
    category: str
    number: str
    name: str


# checked: shown; needs human check: shown, and kb check asks an editor to confirm it; withdrawn: not
# shown (a doubtful number must not send a person in crisis to a wrong or paid line), kb check warns.
HELPLINE_STATUSES = ("checked", "needs human check", "withdrawn")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,}[0-9]$")


def load_helplines(path: Path, log: ProblemLog) -> dict[str, Helpline]:
    """The helpline per danger category (danger/helplines.yaml); each must carry a source and a check date."""
    if not path.exists():
        log.warning(path, 1, "missing: only 112, 102 and 103 will be shown when danger is detected")
        return {}
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return {}
    data, lines = parsed
    helplines: dict[str, Helpline] = {}
    for category, entry in data.items():
        line = lines.get(str(category), 1)
        if category not in CATEGORIES:
            log.error(path, line, f"unknown category '{category}' (one of {', '.join(CATEGORIES)})")
            continue
        if not isinstance(entry, dict):
            log.error(path, line, f"'{category}' needs number, name, sources, checked and how to check")
            continue
        number, name, sources = entry.get("number"), entry.get("name"), entry.get("sources")
        problems = []
        if not isinstance(number, str) or not _PHONE.match(number):
            problems.append("'number' must be a phone number in quotes, like \"8-800-7000-600\"")
        if not isinstance(name, str) or not name.strip():
            problems.append("'name' is required")
        titled = isinstance(sources, list) and all(isinstance(s, dict) and s.get("title") for s in sources)
        if not sources or not titled:
            problems.append("'sources' needs at least one entry with a title (and a url)")
        if not hasattr(entry.get("checked"), "year"):
            problems.append("'checked' must be the date the number was last confirmed (YYYY-MM-DD)")
        if not isinstance(entry.get("how to check"), str):
            problems.append("'how to check' must say how an editor confirms the number again")
        status = entry.get("status", "checked")
        if status not in HELPLINE_STATUSES:
            problems.append(f"'status' must be one of {', '.join(HELPLINE_STATUSES)}, not {status!r}")
        elif status != "checked":
            # a doubtful number is a task for an editor: kb check shows it until someone confirms or replaces it
            log.warning(path, line, f"{category}: {status}: {entry.get('why', 'no reason given')}")
        for problem in problems:
            log.error(path, line, f"{category}: {problem}")
        if not problems and status != "withdrawn":
            helplines[str(category)] = Helpline(str(category), str(number), str(name))
    return helplines
