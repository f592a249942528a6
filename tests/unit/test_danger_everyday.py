"""The danger check stays silent on the everyday messages people send (tests/data/everyday_messages.txt)."""

from __future__ import annotations

from pathlib import Path

from knowledge.base import require_knowledge
from knowledge.danger import TARGET

EVERYDAY = Path(__file__).resolve().parents[1] / "data" / "everyday_messages.txt"


def test_everyday_messages_raise_no_more_alarms_than_the_target_allows() -> None:
    """A greeting or "у меня вопрос" marked 🚨 teaches staff and the person to ignore the mark."""
    messages = [line.strip() for line in EVERYDAY.read_text(encoding="utf-8").splitlines()]
    messages = [m for m in messages if m and not m.startswith("#")]
    assert len(messages) >= 90 and len({m.casefold() for m in messages}) == len(messages)
    crisis = require_knowledge().crisis
    alarmed = [(m, sorted(found)) for m in messages if (found := crisis.detect(m))]
    assert len(alarmed) <= TARGET.false_alarms * len(messages), alarmed
    assert not crisis.detect("У меня вопрос") and not crisis.detect("Здравствуйте, у меня вопрос")
