"""Callback data factories. Every button's data is built and parsed here, never by hand.

Prefixes are short because Telegram allows at most 64 bytes of callback data.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str


class MenuCb(CallbackData, prefix="m"):
    section: str


class KbCb(CallbackData, prefix="kb"):
    """Knowledge base navigation: a (action) on a category (cat) page or an article (art)."""

    action: str  # "cats" | "cat" | "art" | "fb"
    cat: str = ""
    page: int = 0
    art: str = ""
    value: int = 0


class ConsultCb(CallbackData, prefix="c"):
    """Consultations: choose a role, write, close, rate. `ticket` is the random ticket code."""

    action: str  # "role" | "go" | "write" | "close" | "rate" | "list" | "forget"
    role: str = ""
    ticket: str = ""
    value: int = 0
    art: str = ""


class MapCb(CallbackData, prefix="map"):
    action: str  # "cats" | "cat" | "place" | "near"
    cat: str = ""
    place: str = ""


class CourseCb(CallbackData, prefix="co"):
    action: str  # "home" | "open" | "quiz" | "ans" | "restart" | "summary"
    lesson: int = 0
    q: int = 0
    option: int = 0


class BroadcastCb(CallbackData, prefix="bc"):
    action: str  # "aud" | "send" | "cancel"
    audience: str = ""


class ListenCb(CallbackData, prefix="li"):
    """🔊 Listen: kind "a" (article id) or "l" (lesson id); lang overrides the reader's language."""

    kind: str
    item: str
    lang: str = ""


class ShareCb(CallbackData, prefix="sh"):
    kind: str  # "a" article | "l" lesson | "p" place
    item: str
