"""The main menu lists only the sections whose routers are actually installed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class MenuSection:
    order: int
    key: str = field(compare=False)
    label_key: str = field(compare=False)


class MenuRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, MenuSection] = {}

    def add(self, key: str, label_key: str, order: int) -> None:
        if key in self._sections:
            raise ValueError(f"menu section {key!r} registered twice")
        self._sections[key] = MenuSection(order=order, key=key, label_key=label_key)

    def sections(self) -> list[MenuSection]:
        return sorted(self._sections.values())

    def __contains__(self, key: str) -> bool:
        return key in self._sections
