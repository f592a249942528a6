"""Callback data factories. Every button's data is built and parsed here, never by hand.

Prefixes are short because Telegram allows at most 64 bytes of callback data. Actions are enums:
data with an action outside the set does not parse, so it matches no handler and gets the
stale-button answer (handlers/fallback.py).
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class LangCb(CallbackData, prefix="lang"):
    code: str


class MenuCb(CallbackData, prefix="m"):
    section: str  # registered by the features at start-up (bot/menu.py), so not a closed set


class KbAction(StrEnum):
    CATEGORIES = "cats"
    CATEGORY = "cat"  # the category's list, in place of the message the button is on
    LIST = "list"  # the category's list as a new message, keeping the article above it
    ARTICLE = "art"
    MORE = "more"  # the rest of the article, in the same message
    SOURCES = "src"  # the article's sources, in the same message
    FEEDBACK = "fb"


class KbCb(CallbackData, prefix="kb"):
    """Knowledge base navigation: an action on a category (cat) page or an article (art).

    For MORE and SOURCES, `value` is what the message shows now (bot.ui.articles.ArticleView).
    """

    action: KbAction
    cat: str = ""
    page: int = 0
    art: str = ""
    value: int = 0


class ConsultAction(StrEnum):
    ROLE = "role"  # show the roles (with an article as context)
    GO = "go"  # a role was chosen
    WRITE = "write"  # write again into an open ticket
    CLOSE = "close"  # asks first
    CLOSE_CONFIRMED = "closeok"
    KEEP_OPEN = "keep"  # "no, do not close"
    RATE = "rate"
    PLACE = "place"  # yes: relay the location or venue (value: its message id) to the staff topic
    KEEP_PLACE = "keep"  # no: it stays in the person's chat


class ConsultCb(CallbackData, prefix="c"):
    """Consultations: choose a role, write, close, rate. `ticket` is the random ticket code."""

    action: ConsultAction
    role: str = ""
    ticket: str = ""
    value: int = 0
    art: str = ""


class ForgetCb(CallbackData, prefix="fg"):
    """/forget's confirmation: yes deletes everything, no keeps it."""

    confirm: bool


class MapAction(StrEnum):
    CATEGORIES = "cats"
    CATEGORY = "cat"
    PLACE = "place"
    NEAREST = "near"
    SOURCES = "src"  # the place's sources, in the same message


class MapCb(CallbackData, prefix="map"):
    action: MapAction
    cat: str = ""
    place: str = ""


class CourseAction(StrEnum):
    HOME = "home"
    OPEN = "open"
    QUIZ = "quiz"
    ANSWER = "ans"
    RESTART = "restart"
    SUMMARY = "summary"
    SOURCES = "src"  # the lesson's sources, in the same message


class CourseCb(CallbackData, prefix="co"):
    action: CourseAction
    lesson: int = 0
    q: int = 0
    option: int = 0


class BroadcastAction(StrEnum):
    AUDIENCE = "aud"
    SEND = "send"
    CANCEL = "cancel"
    TURN_OFF = "off"  # under an announcement: the person turns announcements off in one tap


class BroadcastCb(CallbackData, prefix="bc"):
    action: BroadcastAction
    audience: str = ""  # "all" or a language code


class ContentKind(StrEnum):
    """What a 🔊 Listen or 📤 Share button, or a shared deep link, points at."""

    ARTICLE = "a"
    LESSON = "l"
    PLACE = "p"


class ListenCb(CallbackData, prefix="li"):
    """🔊 Listen to an article or a lesson; lang overrides the reader's language."""

    kind: ContentKind
    item: str
    lang: str = ""


class ShareCb(CallbackData, prefix="sh"):
    kind: ContentKind
    item: str


class HeldAction(StrEnum):
    ROLES = "roles"  # show who it can go to
    SEND = "send"  # send it to this role


class HeldCb(CallbackData, prefix="hm"):
    """A voice note, photo or file sent outside a consultation, offered to a consultant.

    `msg` is its message id in the person's own chat and `n` how many messages from there on (an
    album); the person's chat is the only place it is ever copied from.
    """

    action: HeldAction
    msg: int
    n: int = 1
    kind: str = ""
    role: str = ""
