"""Made-up people for the sandbox: a migrant's name, surname, username and phone language."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Common given names by country, and surname stems (male "-ov", female "-ova"); all invented pairs.
_FIRST_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "uz": (
        ("Aziz", "m"), ("Bekzod", "m"), ("Jasur", "m"), ("Sardor", "m"), ("Otabek", "m"), ("Sherzod", "m"),
        ("Nodira", "f"), ("Madina", "f"), ("Gulnora", "f"), ("Shahnoza", "f"), ("Feruza", "f"),
    ),
    "tg": (
        ("Firdavs", "m"), ("Farhod", "m"), ("Parviz", "m"), ("Rustam", "m"), ("Daler", "m"), ("Behruz", "m"),
        ("Sitora", "f"), ("Mehrona", "f"), ("Zarina", "f"), ("Nilufar", "f"),
    ),
    "ky": (
        ("Aibek", "m"), ("Nurlan", "m"), ("Bakyt", "m"), ("Ermek", "m"), ("Tilek", "m"),
        ("Aizada", "f"), ("Cholpon", "f"), ("Asel", "f"), ("Begimai", "f"),
    ),
}  # fmt: skip
_SURNAME_STEMS: dict[str, tuple[str, ...]] = {
    "uz": ("Karimov", "Rahimov", "Yusupov", "Tursunov", "Abdullaev", "Ismoilov", "Nazarov", "Qodirov"),
    "tg": ("Saidov", "Mirzoev", "Sharipov", "Rahmonov", "Nazarov", "Qurbonov", "Safarov"),
    "ky": ("Asanov", "Toktogulov", "Bekmuratov", "Osmonov", "Sadykov", "Zhumabaev"),
}
# A phone's language is mostly the home country's; some migrants keep their phone in Russian.
_PHONE_LANGUAGE_WEIGHTS: tuple[tuple[str, int], ...] = (("own", 3), ("ru", 1))


@dataclass(frozen=True)
class MadeUpPerson:
    first_name: str
    last_name: str
    username: str
    language_code: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _female(stem: str) -> str:
    return stem[:-2] + "eva" if stem.endswith("ev") else stem + "a"


def made_up_person(rng: random.Random, taken_usernames: set[str] | frozenset[str] = frozenset()) -> MadeUpPerson:
    country = rng.choice(sorted(_FIRST_NAMES))
    first, gender = rng.choice(_FIRST_NAMES[country])
    stem = rng.choice(_SURNAME_STEMS[country])
    last = _female(stem) if gender == "f" else stem
    choices, weights = zip(*_PHONE_LANGUAGE_WEIGHTS, strict=True)
    language = country if rng.choices(choices, weights)[0] == "own" else "ru"
    while True:
        username = f"{first.lower()}_{last.lower()[:5]}{rng.randint(10, 999)}"
        if username not in taken_usernames:
            return MadeUpPerson(first, last, username, language)
