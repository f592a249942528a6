"""Every locale has every message of `ru`, parses cleanly, and formats without errors.

fluent.runtime silently returns the key when a message is missing; these tests make sure that can
never reach a user.
"""

import ast
import re
from datetime import date
from pathlib import Path

import babel.localedata
import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast
from fluent.syntax.visitor import Visitor

from bot.config import LANGUAGES
from bot.i18n import REFERENCE_LOCALE, I18n, MissingTranslationError, locale_sources

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "knowledge")
KEY_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")

# Arguments the code passes, with sample values of the right type, so every message can be formatted.
SAMPLE_ARGS = {"retention_days": 90, "date": date(2026, 11, 27), "category": "Work", "km": 2.5}


def parse_messages(lang: str) -> dict[str, fluent_ast.Message]:
    messages: dict[str, fluent_ast.Message] = {}
    for name, text in locale_sources(lang).items():
        resource = FluentParser().parse(text)
        junk = [entry for entry in resource.body if isinstance(entry, fluent_ast.Junk)]
        assert not junk, f"{lang}/{name}: syntax error: {junk[0].annotations[0].message}"
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Message):
                assert entry.id.name not in messages, f"{lang}/{name}: duplicate key {entry.id.name}"
                messages[entry.id.name] = entry
    return messages


def variables(message: fluent_ast.Message) -> set[str]:
    found: set[str] = set()

    class Variables(Visitor):
        def visit_VariableReference(self, node):
            found.add(node.id.name)

    Variables().visit(message)
    return found


REFERENCE = parse_messages(REFERENCE_LOCALE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_keys_as_reference(lang):
    messages = parse_messages(lang)
    missing = sorted(set(REFERENCE) - set(messages))
    orphan = sorted(set(messages) - set(REFERENCE))
    assert not missing, f"{lang} is missing: {missing}"
    assert not orphan, f"{lang} has keys that ru does not: {orphan}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_variables_as_reference(lang):
    messages = parse_messages(lang)
    for key, reference in REFERENCE.items():
        assert variables(messages[key]) <= variables(reference) | set(SAMPLE_ARGS), (
            f"{lang}/{key} uses a variable the code does not pass"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_formats_without_errors(lang):
    bundle = FluentBundle([lang], use_isolating=False)
    for text in locale_sources(lang).values():
        bundle.add_resource(FluentResource(text))
    for key in REFERENCE:
        message = bundle.get_message(key)
        assert message.value is not None, f"{lang}/{key} has no value"
        args = {name: SAMPLE_ARGS.get(name, 3) for name in variables(REFERENCE[key])}
        text, errors = bundle.format_pattern(message.value, args)
        assert not errors, f"{lang}/{key}: {errors}"
        assert text.strip(), f"{lang}/{key} is empty"
        assert "\u2068" not in text  # use_isolating=False: no bidi marks on cheap phones


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trimmed_locale_data_formats_as_the_full_one(lang, monkeypatch):
    """I18n drops the names of languages, countries and units from babel's data: no message changes."""
    translator = I18n().get(lang)
    # babel shares one dict per locale, which I18n trimmed: the full bundle reads the files afresh.
    monkeypatch.setattr(babel.localedata, "_cache", {})
    monkeypatch.setattr(babel.localedata, "_dict_cache", {})
    full = FluentBundle([lang], use_isolating=False)
    for text in locale_sources(lang).values():
        full.add_resource(FluentResource(text))
    assert "territories" in full._babel_locale._data._data
    for key in REFERENCE:
        message = full.get_message(key)
        names = variables(REFERENCE[key])
        for count in (1, 2, 5, 21, 1234567, 2.5):  # plural forms, grouping, decimals
            args = {name: SAMPLE_ARGS.get(name, count) for name in names}
            assert translator(key, **args) == full.format_pattern(message.value, args)[0], f"{lang}/{key}"
            if not names:
                break
    assert "territories" not in I18n().get(lang)._bundles[0]._babel_locale._data._data


def code_string_constants() -> set[str]:
    constants: set[str] = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    constants.add(node.value)
    return constants


def test_every_reference_key_is_used_by_code():
    used = code_string_constants()
    unused = sorted(key for key in REFERENCE if key not in used)
    assert not unused, f"keys no code uses (delete them or use them): {unused}"


def test_every_key_the_code_names_exists():
    prefixes = {key.split("-")[0] for key in REFERENCE}
    named = {value for value in code_string_constants() if KEY_RE.match(value) and value.split("-")[0] in prefixes}
    missing = sorted(named - set(REFERENCE))
    assert not missing, f"code names keys that ru does not define: {missing}"


def test_missing_key_never_reaches_a_user_as_raw_key():
    with pytest.raises(MissingTranslationError):
        I18n().get("uz")("no-such-key-anywhere")


def test_uz_cyrl_is_derived_not_hand_kept():
    assert not (ROOT / "locales" / "uz-Cyrl").exists()
    i18n = I18n()
    latin = i18n.get("uz")("menu-title")
    cyrillic = i18n.get("uz-Cyrl")("menu-title")
    assert latin != cyrillic
    assert not re.search(r"[a-zA-Z]{3,}", re.sub(r"<[^>]+>|/\w+", "", cyrillic))
