"""Localisation with Fluent.

One `Translator` per language, each with a fallback chain ending in the reference locale (`ru`).
`uz-Cyrl` has no files of its own: it is transliterated from `uz` when the locales are loaded.
Formatting errors are logged by key (never with the arguments, which may be user text).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from bot.config import LANGUAGES
from knowledge.translit import derive_uz_cyrl_ftl
from locales import LOCALES_DIR

logger = logging.getLogger(__name__)

REFERENCE_LOCALE = "ru"
DERIVED_LOCALES = {"uz-Cyrl": "uz"}
# Each language's name written in its own language and script, for the language picker.
LANGUAGE_NAMES = {
    "ru": "🇷🇺 Русский",
    "uz": "🇺🇿 Oʻzbekcha",
    "uz-Cyrl": "🇺🇿 Ўзбекча",
    "tg": "🇹🇯 Тоҷикӣ",
    "ky": "🇰🇬 Кыргызча",
    "en": "🇬🇧 English",
}


# What Fluent's plurals, NUMBER() and DATETIME() never read of a babel locale: names of languages,
# countries, currencies and units, time zones. They are most of a locale's data (about 1.3 MiB each).
UNUSED_LOCALE_DATA = (
    "languages", "territories", "scripts", "variants", "currency_names", "currency_names_plural",
    "currency_unit_patterns", "unit_patterns", "unit_display_names", "compound_unit_patterns",
    "time_zones", "meta_zones", "zone_formats", "list_patterns", "character_order",
    "measurement_systems", "interval_formats", "date_fields", "datetime_formats_relative",
)  # fmt: skip


def _drop_unused_locale_data(bundles: Iterable[FluentBundle]) -> None:
    for bundle in bundles:
        data = bundle._babel_locale._data._data  # babel loads one merged dict per locale and shares it
        for key in UNUSED_LOCALE_DATA:
            data.pop(key, None)


class MissingTranslationError(KeyError):
    pass


def locale_sources(lang: str, locales_dir: Path = LOCALES_DIR) -> dict[str, str]:
    """Return {file name: ftl text} for a language, deriving uz-Cyrl from uz."""
    source_lang = DERIVED_LOCALES.get(lang, lang)
    folder = locales_dir / source_lang
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.ftl"))}
    if lang in DERIVED_LOCALES:
        files = {name: derive_uz_cyrl_ftl(text) for name, text in files.items()}
    return files


class Translator:
    def __init__(self, lang: str, bundles: list[FluentBundle]) -> None:
        self.lang = lang
        self._bundles = bundles
        # Texts without arguments (buttons, menus) are formatted once: every update shows a few.
        self._plain: dict[str, str] = {}

    def __call__(self, key: str, /, **args: Any) -> str:
        if args:
            return self._format(key, args)
        text = self._plain.get(key)
        if text is None:
            text = self._plain[key] = self._format(key, args)
        return text

    def _format(self, key: str, args: dict[str, Any]) -> str:
        for bundle in self._bundles:
            if not bundle.has_message(key):
                continue
            message = bundle.get_message(key)
            if message.value is None:
                continue
            text, errors = bundle.format_pattern(message.value, args)
            if errors:
                logger.warning("fluent errors in %s/%s: %s", self.lang, key, [type(e).__name__ for e in errors])
            return str(text)
        raise MissingTranslationError(key)


class I18n:
    def __init__(self, locales_dir: Path = LOCALES_DIR, default: str = REFERENCE_LOCALE) -> None:
        self.languages: tuple[str, ...] = LANGUAGES
        self.default = default
        self._bundles: dict[str, FluentBundle] = {}
        for lang in self.languages:
            bundle = FluentBundle([lang], use_isolating=False)
            for text in locale_sources(lang, locales_dir).values():
                bundle.add_resource(FluentResource(text))
            self._bundles[lang] = bundle
        _drop_unused_locale_data(self._bundles.values())
        self._translators = {lang: Translator(lang, self._chain(lang)) for lang in self.languages}
        self._values: dict[str, frozenset[str]] = {}

    def _chain(self, lang: str) -> list[FluentBundle]:
        chain = [lang]
        if lang in DERIVED_LOCALES:
            chain.append(DERIVED_LOCALES[lang])
        for fallback in (self.default, REFERENCE_LOCALE):
            if fallback not in chain:
                chain.append(fallback)
        return [self._bundles[code] for code in chain]

    def get(self, lang: str | None) -> Translator:
        return self._translators.get(lang or self.default) or self._translators[self.default]

    def values(self, key: str) -> frozenset[str]:
        """The text of one key in every language (to recognise reply-keyboard buttons)."""
        if key not in self._values:
            self._values[key] = frozenset(self.get(lang)(key) for lang in self.languages)
        return self._values[key]

    @staticmethod
    def match_telegram_language(code: str | None) -> str | None:
        """Map Telegram's IETF language_code to a supported locale, if any."""
        if not code:
            return None
        code = code.replace("_", "-")
        lowered = code.lower()
        if lowered.startswith("uz"):
            return "uz-Cyrl" if "cyrl" in lowered else "uz"
        base = lowered.split("-")[0]
        return base if base in ("ru", "tg", "ky", "en") else None
