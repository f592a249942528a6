"""ORM models.

Privacy rules for every table: no names, usernames, phone numbers or raw Telegram ids. A person is a
keyed hash (for look-ups) plus an encrypted id (for sending); see db/identity.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, today_utc, utcnow
from db.enums import (
    BroadcastStatus,
    Direction,
    EnumString,
    GapKind,
    OutboxStatus,
    OutboxTarget,
    Role,
    TicketStatus,
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tg_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    tg_enc: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set when the person blocked the bot (Telegram answers 403), and when staff banned them.
    blocked_bot_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The last day the person used the bot: rows quiet for RETENTION_DAYS are deleted.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    # When the person was last told "too fast": told once per window, not once per message.
    slowed_down_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Announcements (/notifications turns them off).
    announcements: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class BannedPerson(Base):
    """People staff banned, by keyed hash only: kept when /forget deletes the user row, so a ban
    cannot be undone by forgetting and starting again."""

    __tablename__ = "banned_people"

    tg_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    banned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
    # Keyed hash of the chat (or sender) whose updates go one after another: with several
    # replicas, the one holding that chat's lease processes them in update_id order.
    chat_key: Mapped[str | None] = mapped_column(String(64), default=None, index=True)


class QuarantinedUpdate(Base):
    """An update the bot could not parse: its raw JSON, encrypted, kept a few days for diagnosis.

    Polling moves past it (the offset is saved as for any update), so it can never stop the bot.
    """

    __tablename__ = "quarantined_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BotState(Base):
    """Small key/value facts the bot keeps across restarts (e.g. the polling offset)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Lease(Base):
    """A named lease held by one replica until `expires_at`: the poller, a periodic job, a chat.

    Whoever holds it renews it while working; once it expires, any replica may take it.
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(96), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ContentGap(Base):
    """A question the knowledge base did not answer well. Never linked to the person who asked."""

    __tablename__ = "content_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_on: Mapped[date] = mapped_column(Date, default=today_utc, index=True)
    kind: Mapped[GapKind] = mapped_column(EnumString(GapKind, 16))
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


class Ticket(Base):
    """An anonymous consultation. The staff group knows it only by its random code."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(EnumString(Role, 16))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[TicketStatus] = mapped_column(EnumString(TicketStatus, 16), default=TicketStatus.DRAFT, index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The danger categories detected in the person's messages (comma-separated, e.g. "violence").
    danger: Mapped[str | None] = mapped_column(String(64), default=None)
    article_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # The staff group the ticket's topic lives in (a role's own group, STAFF_CHATS); None: STAFF_CHAT_ID.
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    thread_id: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    header_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    topic_title: Mapped[str | None] = mapped_column(String(128), default=None)
    # Keyed hash of the consultant who said /take; the topic title shows that someone took it.
    taken_by: Mapped[str | None] = mapped_column(String(64), default=None)
    # The consultant's first name, for the topic title: staff see each other; the person never does.
    taken_by_name: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    selected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_staff_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_staff_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_user_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sla_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    rating: Mapped[int | None] = mapped_column(Integer, default=None)


class ForgottenTicket(Base):
    """What is left of a ticket whose person used /forget: its figures, nothing about the person.

    Keeps /stats honest: a consultation that took place still counts as opened and as closed.
    """

    __tablename__ = "forgotten_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    role: Mapped[Role] = mapped_column(EnumString(Role, 16))
    language: Mapped[str] = mapped_column(String(8))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    first_staff_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Open when the person deleted their data: closed by that (not earlier, by them or by staff).
    closed_by_forget: Mapped[bool] = mapped_column(Boolean, default=False)


class TicketMessage(Base):
    """Where one relayed message lives on each side, for edits and reply mapping. No content."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    direction: Mapped[Direction] = mapped_column(EnumString(Direction, 8))
    kind: Mapped[str] = mapped_column(String(16))  # the content type (text, photo, sticker...)
    user_chat_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    staff_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    media_group_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OutboxMessage(Base):
    """A Telegram call that must happen exactly once, written in the same transaction as its cause.

    Rows of one lane (a ticket, or one recipient of a broadcast) are sent strictly in id order.
    The payload is encrypted: it may hold message text.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_lane_status_id", "lane", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lane: Mapped[str] = mapped_column(String(64))
    target: Mapped[OutboxTarget] = mapped_column(EnumString(OutboxTarget, 8))
    action: Mapped[str] = mapped_column(String(32))  # the action's kind: see bot/outbox/actions.py
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), default=None)
    ticket_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_messages.id", ondelete="CASCADE"), default=None
    )
    broadcast_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    media_group_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[OutboxStatus] = mapped_column(EnumString(OutboxStatus, 16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    result: Mapped[str | None] = mapped_column(String(200), default=None)  # message ids, or an error code
    # The replica sending this row, and until when (it renews while it works). A row whose lease
    # ran out is another replica's to take; if it was in flight, it is sent again, flagged uncertain.
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class CourseProgress(Base):
    """Where a person is in the orientation course, so they can resume after any pause."""

    __tablename__ = "course_progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lesson: Mapped[int] = mapped_column(Integer, default=0)  # index of the current lesson
    question: Mapped[int] = mapped_column(Integer, default=-1)  # -1: reading; else the quiz question
    correct: Mapped[int] = mapped_column(Integer, default=0)  # right first answers over the whole course
    answered: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Broadcast(Base):
    """An announcement from an admin; its deliveries are outbox rows with this broadcast_id."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    admin_enc: Mapped[str] = mapped_column(Text)  # encrypted chat id of the admin, for progress reports
    audience: Mapped[str] = mapped_column(String(16))  # "all" or a language code
    status: Mapped[BroadcastStatus] = mapped_column(EnumString(BroadcastStatus, 16), default=BroadcastStatus.SENDING)
    total: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)  # known to have blocked the bot
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class MediaCache(Base):
    """Telegram file ids of generated files (voice readings, printable guides), by content key.

    Once Telegram has a file, sending it again by id costs no upload: cheaper for everyone.
    """

    __tablename__ = "media_cache"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    file_id: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
