"""Texts without arguments are formatted once per language; texts with arguments every time."""

from __future__ import annotations

import pytest
from fluent.runtime import FluentBundle

from bot.i18n import I18n


def test_a_plain_text_is_formatted_once_and_a_text_with_arguments_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n = I18n()
    formatted: list[str] = []
    original = FluentBundle.format_pattern

    def counting(self: FluentBundle, pattern: object, args: object = None) -> object:
        formatted.append(str(args))
        return original(self, pattern, args)

    monkeypatch.setattr(FluentBundle, "format_pattern", counting)
    ru, en = i18n.get("ru"), i18n.get("en")
    assert ru("btn-home") == ru("btn-home") == ru("btn-home")
    assert en("btn-home") != ru("btn-home")
    assert len(formatted) == 2  # once per language
    first = ru("kb-page", page=1, pages=3)
    second = ru("kb-page", page=2, pages=3)
    assert first != second
    assert len(formatted) == 4
