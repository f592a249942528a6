"""Uzbek Latin → Cyrillic in Fluent files: the uz-Cyrl locale is derived from uz with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from knowledge.translit import derive_uz_cyrl_ftl

ROOT = Path(__file__).resolve().parents[2]


SOURCE_FTL = """\
# Izoh: tarjimonlar uchun
## Menyu

-brand = mi-Help
-patent =
    { $case ->
       *[nom] patent
        [gen] patentning
    }
    .gender = masculine
welcome = Salom, { $name }! { -brand } botiga xush kelibsiz.
items =
    { $count ->
        [one] { $count } ta hujjat
       *[other] { NUMBER($count, minimumFractionDigits: 0) } ta hujjat
    }
date = Sana: { DATETIME($d, month: "long") }
literal = { "O'zbekiston" } va { "\\u0041 \\"qo'shtirnoq\\" yo'q" }
term-use = { -patent(case: "gen") } muddati
gendered =
    { -patent.gender ->
        [masculine] u
       *[other] ular
    }
menu = Menyu
    .placeholder = Savolingizni yozing
sos-text =
    🆘 <b>Favqulodda raqamlar</b> (bepul)

    <b>112</b> — yagona raqam. <a href="https://mvd.ru/help">MVD</a> /start
"""


def _structure(source: str) -> list[tuple[str, ...]]:
    """Everything but the text: ids, attributes, variables, calls, terms, variant keys."""
    found: list[tuple[str, ...]] = []

    class Collect(Visitor):
        def generic_visit(self, node: ast.BaseNode) -> None:
            if isinstance(node, ast.Identifier):
                found.append(("id", node.name))
            elif isinstance(node, ast.NumberLiteral):
                found.append(("number", node.value))
            elif isinstance(node, ast.Variant):
                found.append(("variant", str(node.default)))
            elif isinstance(node, ast.NamedArgument) and isinstance(node.value, ast.StringLiteral):
                found.append(("named", node.name.name, node.value.value))
            found.append(("node", type(node).__name__))
            super().generic_visit(node)

    Collect().visit(FluentParser(with_spans=False).parse(source))
    return found


def test_fluent_text_is_transliterated() -> None:
    derived = derive_uz_cyrl_ftl(SOURCE_FTL)
    bundle = FluentBundle(["uz"], use_isolating=False)
    bundle.add_resource(FluentResource(derived))

    def fmt(key: str, **args: object) -> str:
        text, errors = bundle.format_pattern(bundle.get_message(key).value, args)
        assert not errors
        return text

    assert fmt("welcome", name="Ali") == "Салом, Ali! mi-Help ботига хуш келибсиз."
    assert fmt("items", count=1) == "1 та ҳужжат"
    assert fmt("items", count=5) == "5 та ҳужжат"
    assert fmt("term-use") == "патентнинг муддати"
    assert fmt("gendered") == "у"
    assert fmt("literal") == 'Ўзбекистон ва A "қўштирноқ" йўқ'
    assert fmt("menu") == "Меню"
    placeholder = bundle.get_message("menu").attributes["placeholder"]
    assert bundle.format_pattern(placeholder, {})[0] == "Саволингизни ёзинг"
    assert fmt("sos-text").startswith("🆘 <b>Фавқулодда рақамлар</b> (бепул)\n\n<b>112</b> — ягона рақам.")
    assert '<a href="https://mvd.ru/help">МВД</a> /start' in fmt("sos-text")


def test_fluent_structure_survives() -> None:
    derived = derive_uz_cyrl_ftl(SOURCE_FTL)
    assert _structure(derived) == _structure(SOURCE_FTL)
    resource = FluentParser().parse(derived)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)]
    # What the user never reads stays in Latin letters.
    assert "# Izoh: tarjimonlar uchun" in derived
    assert "## Menyu" in derived
    assert ".gender = masculine" in derived  # term attributes are selectors
    assert 'month: "long"' in derived
    assert '-patent(case: "gen")' in derived
    assert "[masculine]" in derived
    assert "\\u0041" in derived


def test_fluent_derivation_is_stable() -> None:
    derived = derive_uz_cyrl_ftl(SOURCE_FTL)
    assert derive_uz_cyrl_ftl(derived) == derived


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("ok = Salom\nbad = { $x\nnext = ok\n", 2),
        ("ok = Salom\n\n\nbu qator xato\n", 4),
        ("a = 1\nb = 2\nc = { NUMBER( }\n", 3),
    ],
)
def test_fluent_syntax_error_names_the_line(source: str, line: int) -> None:
    with pytest.raises(ValueError, match=rf"^line {line}: "):
        derive_uz_cyrl_ftl(source)


def test_project_locale_derives_cleanly() -> None:
    folder = ROOT / "locales" / "uz"
    files = sorted(folder.glob("*.ftl"))
    assert files, "the Uzbek locale files are missing"
    for path in files:
        source = path.read_text(encoding="utf-8")
        derived = derive_uz_cyrl_ftl(source)
        assert _structure(derived) == _structure(source), path.name
