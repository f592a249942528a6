"""ORM models.

Privacy rules for every table: no names, usernames, phone numbers or raw Telegram ids. A person is a
keyed hash (for look-ups) plus an encrypted id (for sending); see bot/identity.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, today_utc, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tg_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    tg_enc: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FsmRecord(Base):
    """aiogram FSM state; the key is a keyed hash of (bot, chat, user, thread, destiny)."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200), default=None)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class InboxUpdate(Base):
    """Every incoming Telegram update, stored (encrypted) before it is confirmed to Telegram.

    The payload is wiped once the update is processed; the id stays a little longer so that a
    redelivered update is recognised and skipped.
    """

    __tablename__ = "inbox_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class BotState(Base):
    """Small key/value facts the bot keeps across restarts (e.g. the polling offset)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ContentGap(Base):
    """A question the knowledge base did not answer well. Never linked to the person who asked."""

    __tablename__ = "content_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_on: Mapped[date] = mapped_column(Date, default=today_utc, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "no-answer" | "not-helpful"
    query: Mapped[str | None] = mapped_column(Text, default=None)
    lang: Mapped[str] = mapped_column(String(8))
    article_id: Mapped[str | None] = mapped_column(String(64), default=None)


class ArticleFeedback(Base):
    """👍/👎 counts per article and language, for the NGO's reports."""

    __tablename__ = "article_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_on: Mapped[date] = mapped_column(Date, default=today_utc, index=True)
    article_id: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    helpful: Mapped[bool] = mapped_column(Boolean)
