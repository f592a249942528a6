"""What the printable guide shows, and a hash of it: the cache key of a generated file.

Kept apart from the layout (bot/services/guide_pdf.py) so that checking the cache never loads reportlab.
"""

from __future__ import annotations

import hashlib
import json

from bot.i18n import I18n
from knowledge.base import KnowledgeBase

KEY_ARTICLES = ("registration", "patent", "patent-payment", "employment-contract", "detention", "emergency-care")
CHECKLIST_LESSON = "first-30-days"
LAYOUT_VERSION = "2"  # bump when the layout changes, so cached files are rebuilt


def guide_signature(kb: KnowledgeBase, i18n: I18n, lang: str, bot_username: str) -> str:
    """A hash of everything the guide shows: the cache key for a generated file."""
    t = i18n.get(lang)
    parts: list[object] = [LAYOUT_VERSION, lang, bot_username, t("sos-text"), t("guide-title")]
    for article_id in KEY_ARTICLES:
        article = kb.get(article_id)
        if article is not None:
            parts += [article.text(lang).body, str(article.reviewed), [s.title for s in article.sources]]
    lesson = next((lesson for lesson in kb.course if lesson.id == CHECKLIST_LESSON), None)
    if lesson is not None:
        parts.append(lesson.text(lang).body)
    for place in kb.places.values():
        parts += [place.text(place.name, lang), place.address_for(lang), place.text(place.address_note, lang),
                  place.phone, place.text(place.hours, lang), place.text(place.check, lang), place.website,
                  place.map_link(), place.approximate, str(place.reviewed)]  # fmt: skip
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:20]
