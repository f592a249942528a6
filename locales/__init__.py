"""Fluent translations: one folder per language; `ru` is the reference, `uz-Cyrl` is derived from `uz`."""

from pathlib import Path

LOCALES_DIR = Path(__file__).parent
