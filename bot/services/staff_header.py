"""What staff see of a ticket at a glance: its topic title and its header message.

The title follows the ticket's state (`🚨 #CODE · ⚖️ · Кыргызча · 🙋 Dilnoza`); the header tells the
story: the role, the person's language by name (with a warning when it is not Russian), the article
the question came from, the danger categories, the person's earlier consultations (by code and
topic link, never by identity) and who took it. Nothing here identifies the person.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from bot.callbacks import ContentKind
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.services.reach import deep_link
from bot.services.roles import ROLE_NAME_KEYS, ROLES
from db.enums import TicketStatus
from db.models import Ticket

TAKEN_MARK = "🙋"  # a consultant said /take
CLOSED_MARK = "✅ "  # in front of a closed ticket's title
TITLE_LIMIT = 128  # Telegram's limit for a topic name
NAME_LIMIT = 32  # room for the consultant's name in the title
STAFF_LANGUAGE = "ru"  # the staff read Russian: other languages get a warning in the header
CRISIS_KEYS = {
    "self-harm": "staff-crisis-self-harm",
    "violence": "staff-crisis-violence",
    "trafficking": "staff-crisis-trafficking",
    "medical": "staff-crisis-medical",
}


def language_name(lang: str) -> str:
    """The language's own name without its flag: `ky` → `Кыргызча`."""
    named = LANGUAGE_NAMES.get(lang)
    return named.split(" ", 1)[1] if named else lang


def topic_title(ticket: Ticket) -> str:
    title = f"#{ticket.code} · {ROLES.get(ticket.role, '?')} · {language_name(ticket.language)}"
    if ticket.taken_by is not None:
        name = (ticket.taken_by_name or "").strip()[:NAME_LIMIT]
        title += f" · {TAKEN_MARK} {name}" if name else f" · {TAKEN_MARK}"
    if ticket.urgent:
        title = "🚨 " + title
    if ticket.status == TicketStatus.CLOSED:
        title = CLOSED_MARK + title
    return title[:TITLE_LIMIT]


def danger_categories(ticket: Ticket) -> list[str]:
    return [c for c in (ticket.danger or "").split(",") if c in CRISIS_KEYS]


def merge_danger(ticket: Ticket, found: set[str]) -> bool:
    """Add newly detected categories to the ticket; True if there were new ones."""
    known = set(danger_categories(ticket))
    new = found - known
    if new:
        ticket.danger = ",".join(sorted(known | new))
    return bool(new)


def topic_link(staff_chat_id: int, thread_id: int) -> str:
    """A link to a topic of a supergroup, for its members: t.me/c/<id without -100>/<thread>."""
    internal = str(-staff_chat_id)
    internal = internal[3:] if internal.startswith("100") else internal
    return f"https://t.me/c/{internal}/{thread_id}"


@dataclass(frozen=True)
class HeaderFacts:
    """What the header needs besides the ticket: found by StaffTopics when it writes the header."""

    article_title: str | None = None
    bot_username: str | None = None
    earlier: Sequence[Ticket] = ()  # the person's earlier consultations, oldest first
    staff_chat_id: int | None = None
    recreated: bool = False


def _code_link(ticket: Ticket, default_chat_id: int | None) -> str:
    chat = ticket.staff_chat_id or default_chat_id  # its own group, or STAFF_CHAT_ID
    if ticket.thread_id is None or chat is None:
        return f"#{ticket.code}"
    return f'<a href="{topic_link(chat, ticket.thread_id)}">#{ticket.code}</a>'


def header_html(t: Translator, ticket: Ticket, facts: HeaderFacts) -> str:
    lines = [
        t(
            "staff-header",
            code=ticket.code,
            role=t(ROLE_NAME_KEYS[ticket.role]),
            language=language_name(ticket.language),
        )
    ]
    if ticket.language != STAFF_LANGUAGE:
        lines.append(t("staff-header-not-russian", language=language_name(ticket.language)))
    if ticket.article_id:
        title = html.escape(facts.article_title or ticket.article_id)
        if facts.article_title and facts.bot_username:
            title = f'<a href="{deep_link(facts.bot_username, ContentKind.ARTICLE, ticket.article_id)}">{title}</a>'
        lines.append(t("staff-header-article", article=title))
    if ticket.urgent:
        categories = ", ".join(t(CRISIS_KEYS[c]) for c in danger_categories(ticket)) or "—"
        lines.append(t("staff-header-urgent", categories=categories))
    if facts.earlier:
        codes = ", ".join(_code_link(other, facts.staff_chat_id) for other in facts.earlier)
        lines.append(t("staff-header-earlier", number=len(facts.earlier) + 1, codes=codes))
    if ticket.taken_by is not None:
        lines.append(t("staff-header-taken", name=html.escape(ticket.taken_by_name or "—")))
    if facts.recreated:
        lines.append(t("staff-topic-recreated"))
    lines.append(t("staff-header-help"))
    return "\n".join(lines)
