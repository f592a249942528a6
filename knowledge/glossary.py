"""`glossary.yaml`: one term per concept in every language, and the variants to avoid.

`kb check` looks for the variants in what people read: article titles and texts, lessons
(title, summary, quiz, text), place texts in `places.geojson` and the `.ftl` files of the bot.
It does not look in `questions:` and `keywords:`: those hold the words people *type*, which
must stay as varied as real messages are. A Russian word quoted as a gloss, in «...» or in
(...), is allowed: «регистрация», (справка).

A variant is a word or a phrase; `*` at the end of its last word matches any ending
(`регистратсия*` finds «регистратсияро»). Matching ignores case but not special letters,
so `кумак` does not match the right spelling `кӯмак`. `allow:` lists phrases that contain a
variant but are right (the Tajik «полиси ДМС» is an insurance policy, not the police).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.model import CONTENT_LANGUAGES
from knowledge.problems import ProblemLog, read_yaml_file

# Quoted Russian glosses: «...» and (...) with Cyrillic in them may hold any variant.
_GLOSS = re.compile(r"«[^»\n]*»|\([^()\n]*\)")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass
class Concept:
    name: str
    terms: dict[str, str]
    avoid: dict[str, list[str]] = field(default_factory=dict)
    allow: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Mistake:
    lang: str
    avoid: str
    use: str


@dataclass
class Glossary:
    concepts: list[Concept]
    mistakes: list[Mistake] = field(default_factory=list)

    def patterns(self, lang: str) -> list[tuple[Concept, str, re.Pattern[str]]]:
        found = []
        for concept in self.concepts:
            for variant in concept.avoid.get(lang, []):
                found.append((concept, variant, _variant_pattern(variant)))
        return found

    def allowed(self, lang: str) -> list[re.Pattern[str]]:
        return [_variant_pattern(phrase) for c in self.concepts for phrase in c.allow.get(lang, [])]


def _variant_pattern(variant: str) -> re.Pattern[str]:
    words = variant.strip().split()
    parts = []
    for index, word in enumerate(words):
        wildcard = word.endswith("*") and index == len(words) - 1
        parts.append(re.escape(word.rstrip("*")) + (r"\w*" if wildcard else ""))
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def load_glossary(root: Path, log: ProblemLog) -> Glossary | None:
    path = root / "glossary.yaml"
    if not path.exists():
        log.error(path, 1, "glossary.yaml is missing")
        return None
    parsed = read_yaml_file(path, log)
    if parsed is None:
        return None
    data, lines = parsed
    raw = data.get("concepts")
    if not isinstance(raw, list) or not raw:
        log.error(path, lines.get("concepts", 1), "'concepts' must be a list of concepts")
        return None
    concepts = []
    for index, item in enumerate(raw):
        line = lines.get(f"concepts[{index}]", 1)
        concept = _concept(item, line, path, log)
        if concept is not None:
            concepts.append(concept)
    mistakes = []
    for index, item in enumerate(data.get("mistakes") or []):
        if (
            not isinstance(item, dict)
            or item.get("lang") not in CONTENT_LANGUAGES
            or not all(str(item.get(key) or "").strip() for key in ("avoid", "use"))
        ):
            log.error(path, lines.get(f"mistakes[{index}]", 1), "each mistake needs 'lang', 'avoid' and 'use'")
            continue
        mistakes.append(Mistake(item["lang"], str(item["avoid"]).strip(), str(item["use"]).strip()))
    return Glossary(concepts, mistakes)


def _concept(item: Any, line: int, path: Path, log: ProblemLog) -> Concept | None:
    if not isinstance(item, dict) or not str(item.get("concept") or "").strip():
        log.error(path, line, "each concept needs a 'concept' name")
        return None
    name = str(item["concept"]).strip()
    terms = item.get("terms")
    if not isinstance(terms, dict):
        log.error(path, line, f"'{name}': 'terms' must map each language to its preferred term")
        return None
    missing = [lang for lang in CONTENT_LANGUAGES if not str(terms.get(lang) or "").strip()]
    if missing:
        log.error(path, line, f"'{name}': no preferred term for {', '.join(missing)}")
        return None
    lists: dict[str, dict[str, list[str]]] = {}
    for key in ("avoid", "allow"):
        value = item.get(key) or {}
        if not isinstance(value, dict) or not all(
            lang in CONTENT_LANGUAGES
            and isinstance(words, list)
            and all(isinstance(w, str) and w.strip() for w in words)
            for lang, words in value.items()
        ):
            log.error(path, line, f"'{name}': '{key}' must map a language ({', '.join(CONTENT_LANGUAGES)}) to a list")
            return None
        lists[key] = {lang: [w.strip() for w in words] for lang, words in value.items()}
    for lang, variants in lists["avoid"].items():
        preferred = str(terms[lang])
        for variant in variants:
            if _variant_pattern(variant).search(preferred):
                log.error(path, line, f"'{name}': the {lang} variant '{variant}' matches the preferred term")
                return None
    return Concept(
        name,
        {lang: str(terms[lang]).strip() for lang in CONTENT_LANGUAGES},
        lists["avoid"],
        lists["allow"],
        str(item.get("note") or "").strip(),
    )


# --- what people read ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    path: Path
    first_line: int
    text: str


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """Replace matches with spaces of the same length, so positions (and lines) stay right."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _needle(variant: str) -> str:
    """The literal start of a variant, lower case: a text without it cannot match."""
    return variant.strip().split()[0].rstrip("*").lower()


def _blank_glosses(text: str) -> str:
    """Blank quoted Russian glosses; «UK RF» or (MFC) in Latin letters is not a Russian gloss."""
    return _GLOSS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)) if _CYRILLIC.search(m.group(0)) else m.group(0), text)


def _markdown_passages(path: Path) -> Iterator[Passage]:
    """The file without its `questions:` and `keywords:` front-matter entries."""
    lines = path.read_text(encoding="utf-8").splitlines()
    skipping = False
    kept = []
    in_header = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines):
        if in_header and number > 0 and line.strip() == "---":
            in_header = False
            skipping = False
        elif in_header and re.match(r"^[A-Za-z_]+:", line):
            skipping = line.startswith(("questions:", "keywords:"))
        kept.append("" if skipping and in_header else line)
    yield Passage(path, 1, "\n".join(kept))


def _ftl_passages(path: Path) -> Iterator[Passage]:
    text = path.read_text(encoding="utf-8")
    yield Passage(path, 1, "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines()))


def _place_passages(path: Path, lang: str) -> Iterator[Passage]:
    raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return  # reported by the places loader

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for value in walk(data):
        encoded = json.dumps(value, ensure_ascii=False)
        at = raw.find(encoded)
        yield Passage(path, raw.count("\n", 0, at) + 1 if at >= 0 else 1, value)


def passages(root: Path, lang: str) -> Iterator[Passage]:
    for kind in ("articles", "course"):
        folder = root / kind
        if folder.exists():
            yield from (p for f in sorted(folder.glob(f"*/{lang}.md")) for p in _markdown_passages(f))
    places = root / "places.geojson"
    if places.exists():
        yield from _place_passages(places, lang)
    locales = root.parent / "locales" / lang
    if locales.exists():
        yield from (p for f in sorted(locales.glob("*.ftl")) for p in _ftl_passages(f))


def check_terms(root: Path, glossary: Glossary, log: ProblemLog) -> None:
    for lang in CONTENT_LANGUAGES:
        patterns = glossary.patterns(lang)
        mistakes = [(m, _variant_pattern(m.avoid)) for m in glossary.mistakes if m.lang == lang]
        if not patterns and not mistakes:
            continue
        allowed = glossary.allowed(lang)
        for passage in passages(root, lang):
            plain = passage.text.replace("**", "")  # bold markers do not split a phrase; lines stay
            for mistake, pattern in mistakes:  # checked in glosses too
                for match in pattern.finditer(plain):
                    line = passage.first_line + plain.count("\n", 0, match.start())
                    log.error(passage.path, line, f"'{match.group(0)}' ({lang}): write {mistake.use}")
            text = _blank_glosses(plain)
            for pattern in allowed:
                text = _blank(text, pattern)
            lowered = text.lower()
            for concept, variant, pattern in patterns:
                if _needle(variant) not in lowered:  # a plain substring test first: most texts have none
                    continue
                for match in pattern.finditer(text):
                    line = passage.first_line + text.count("\n", 0, match.start())
                    log.error(
                        passage.path,
                        line,
                        f"'{match.group(0)}' ({lang}): use «{concept.terms[lang]}» for '{concept.name}' "
                        f"(avoid '{variant}'; a Russian gloss may stand in «» or ())",
                    )
