"""Buttons that hand a person over to a consultant, from wherever a written answer is not enough.

A medical answer offers "🩺 Ask a doctor", a legal one "⚖️ Ask a lawyer": one tap opens (or continues)
a consultation with that role. Other answers offer the list of roles. Shown only when consultations
are configured (the caller checks: the "consult" menu section exists).
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.callbacks import ConsultAction, ConsultCb
from bot.i18n import Translator
from knowledge.model import Article

ROLE_FOR_KIND = {"medical": "doctor", "legal": "lawyer"}
ASK_ROLE_KEYS = {"doctor": "consult-ask-doctor", "lawyer": "consult-ask-lawyer"}


def ask_role_button(role: str, t: Translator, article_id: str = "") -> InlineKeyboardButton:
    """Straight to a consultation with `role`, with the article (if any) as its context."""
    data = ConsultCb(action=ConsultAction.GO, role=role, art=article_id).pack()
    return InlineKeyboardButton(text=t(ASK_ROLE_KEYS[role]), callback_data=data)


def choose_role_button(t: Translator, article_id: str = "") -> InlineKeyboardButton:
    data = ConsultCb(action=ConsultAction.ROLE, art=article_id).pack()
    return InlineKeyboardButton(text=t("consult-btn-ask-about"), callback_data=data)


def handoff_rows(article: Article | None, t: Translator, with_context: bool = True) -> list[list[InlineKeyboardButton]]:
    """The consultant an article's reader needs: a doctor for medical, a lawyer for legal, else a choice.

    Without an article (nothing was found), both a doctor and a lawyer.
    """
    if article is None:
        return [[ask_role_button("doctor", t)], [ask_role_button("lawyer", t)]]
    article_id = article.id if with_context else ""
    role = ROLE_FOR_KIND.get(article.kind)
    if role is None:
        return [[choose_role_button(t, article_id)]]
    return [[ask_role_button(role, t, article_id)]]
