from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.base import utcnow
from db.enums import OutboxStatus, OutboxTarget
from db.identity import IdentityVault
from db.models import OutboxMessage
from db.repositories import changed_rows

ACTIVE = (OutboxStatus.PENDING, OutboxStatus.INFLIGHT)
FINISHED = (OutboxStatus.SENT, OutboxStatus.FAILED)
OUTBOX_DIRTY = "outbox_dirty"  # session.info flag: the sender should look again after commit


class OutboxRepository:
    def __init__(self, session: AsyncSession, vault: IdentityVault) -> None:
        self.session = session
        self.vault = vault

    def add(
        self,
        *,
        lane: str,
        target: OutboxTarget,
        action: str,
        payload: dict[str, Any],
        ticket_id: int | None = None,
        user_id: int | None = None,
        ticket_message_id: int | None = None,
        broadcast_id: int | None = None,
        media_group_id: str | None = None,
        not_before: datetime | None = None,
    ) -> OutboxMessage:
        row = OutboxMessage(
            lane=lane,
            target=target,
            action=action,
            payload=self.vault.encrypt(json.dumps(payload, ensure_ascii=False).encode()),
            ticket_id=ticket_id,
            user_id=user_id,
            ticket_message_id=ticket_message_id,
            broadcast_id=broadcast_id,
            media_group_id=media_group_id,
            next_attempt_at=not_before or utcnow(),
        )
        self.session.add(row)
        self.session.info[OUTBOX_DIRTY] = True
        return row

    def payload(self, row: OutboxMessage) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.vault.decrypt(row.payload))
        return payload

    @staticmethod
    def _unclaimed(now: datetime) -> Any:
        return or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.lease_until <= now)

    @staticmethod
    def _is_lane_head() -> Any:
        """The row is its lane's first unfinished one: the only one of the lane that can be claimed."""
        other = aliased(OutboxMessage)
        first_in_lane = (
            select(func.min(other.id))
            .where(other.lane == OutboxMessage.lane, other.status.in_(ACTIVE))
            .scalar_subquery()
        )
        return and_(OutboxMessage.status.in_(ACTIVE), OutboxMessage.id == first_in_lane)

    def _due_heads_query(self, now: datetime, limit: int, exclude_lanes: Sequence[str]) -> Any:
        stmt = (
            select(OutboxMessage)
            .where(
                self._is_lane_head(),
                OutboxMessage.next_attempt_at <= now,
                self._unclaimed(now),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if exclude_lanes:
            stmt = stmt.where(OutboxMessage.lane.not_in(list(exclude_lanes)))
        return stmt

    async def due_heads(
        self, now: datetime, limit: int = 200, exclude_lanes: Sequence[str] = ()
    ) -> list[OutboxMessage]:
        """The first unsent row of every lane whose time has come and that nobody holds."""
        return list((await self.session.execute(self._due_heads_query(now, limit, exclude_lanes))).scalars())

    async def claim_heads(
        self, owner: str, lease: timedelta, *, limit: int = 200, exclude_lanes: Sequence[str] = ()
    ) -> list[OutboxMessage]:
        """Claim the due heads of lanes nobody holds, for `lease`; the caller commits.

        On PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so replicas claiming at
        the same moment split the lanes between them instead of waiting for each other; the claim
        itself is a conditional UPDATE, so a row is never held by two owners (on SQLite too).
        Because only a lane's head can be claimed and it stays the head until it is finished, the
        rest of a lane waits for whoever holds it: lanes stay in order across replicas.
        """
        now = utcnow()
        candidates = (
            self._due_heads_query(now, limit, exclude_lanes)
            .with_only_columns(OutboxMessage.id)
            .with_for_update(skip_locked=True, of=OutboxMessage)
        )
        ids = list((await self.session.execute(candidates)).scalars())
        if not ids:
            return []
        claimed = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status.in_(ACTIVE), self._unclaimed(now))
            .values(claimed_by=owner, lease_until=now + lease)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        claimed_ids = list(claimed.scalars())
        if not claimed_ids:
            return []
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed_ids))
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def renew_claims(self, owner: str, row_ids: Sequence[int], lease: timedelta) -> int:
        """Extend the lease of the rows this owner is working on; how many unfinished ones it lost."""
        if not row_ids:
            return 0
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(row_ids)), OutboxMessage.claimed_by == owner)
            .values(lease_until=utcnow() + lease)
        )
        lost = (
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.id.in_(list(row_ids)),
                OutboxMessage.status.in_(ACTIVE),
                or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.claimed_by != owner),
            )
        )
        return int(await self.session.scalar(lost) or 0)

    @staticmethod
    def release(rows: Sequence[OutboxMessage]) -> None:
        for row in rows:
            row.claimed_by = None
            row.lease_until = None

    async def next_due_time(self) -> datetime | None:
        """The first moment a lane head may be claimed (see `claim_heads`); None if nothing is queued.

        Rows behind a lane's head wait for the head, so they do not count. A head held under a lease
        counts when the lease ends (or at its retry time, if later): another replica's rows in progress
        are not due for this one, and a stopped replica's rows are due the moment its lease lapses. A
        head held without a lease is never claimable and does not count.
        """
        claimable_at = case(
            (OutboxMessage.claimed_by.is_(None), OutboxMessage.next_attempt_at),
            (OutboxMessage.lease_until <= OutboxMessage.next_attempt_at, OutboxMessage.next_attempt_at),
            else_=OutboxMessage.lease_until,
        )
        stmt = select(func.min(claimable_at)).where(self._is_lane_head())
        when: datetime | None = (await self.session.execute(stmt)).scalar()
        return when

    async def album_rows(self, head: OutboxMessage) -> list[OutboxMessage]:
        """The unsent rows of the same album in the same lane, in order."""
        stmt = (
            select(OutboxMessage)
            .where(
                OutboxMessage.lane == head.lane,
                OutboxMessage.media_group_id == head.media_group_id,
                OutboxMessage.status.in_(ACTIVE),
                OutboxMessage.action == head.action,
            )
            .order_by(OutboxMessage.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def mark_inflight(
        self, rows: Sequence[OutboxMessage], owner: str | None = None, lease_until: datetime | None = None
    ) -> None:
        """Before the call. A row still in flight was taken over from a replica that stopped
        mid-send: it may have arrived, so its repeat is flagged uncertain."""
        for row in rows:
            if row.status == OutboxStatus.INFLIGHT:
                row.uncertain = True
            row.status = OutboxStatus.INFLIGHT
            row.attempts += 1
            if owner is not None:
                row.claimed_by = owner
                row.lease_until = lease_until

    @staticmethod
    def mark_sent(rows: Sequence[OutboxMessage], result: str | None = None) -> None:
        now = utcnow()
        for row in rows:
            row.status = OutboxStatus.SENT
            row.sent_at = now
            row.result = result

    @staticmethod
    def reschedule(rows: Sequence[OutboxMessage], delay: float, error: str) -> None:
        when = utcnow() + timedelta(seconds=delay)
        for row in rows:
            row.status = OutboxStatus.PENDING
            row.next_attempt_at = when
            row.result = error[:200]

    @staticmethod
    def fail(rows: Sequence[OutboxMessage], error: str) -> None:
        for row in rows:
            row.status = OutboxStatus.FAILED
            row.result = error[:200]

    async def recover_inflight(self) -> int:
        """After a crash of the only process: rows that were being sent may or may not have arrived.
        Send them again, flagged, and free every claim at once (nobody else can hold one).
        Never with several replicas: there, a row returns only when its owner's lease expires."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.INFLIGHT)
            .values(status=OutboxStatus.PENDING, uncertain=True, claimed_by=None, lease_until=None)
        )
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.claimed_by.is_not(None)).values(claimed_by=None, lease_until=None)
        )
        return changed_rows(result)

    async def hold_for_user(self, user_id: int) -> int:
        """The person blocked the bot: keep their messages until they unblock it."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.target == OutboxTarget.USER,
                OutboxMessage.ticket_id.is_not(None),
                OutboxMessage.status.in_(ACTIVE),
            )
            .values(status=OutboxStatus.HELD)
        )
        return changed_rows(result)

    async def release_held(self, user_id: int) -> int:
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.user_id == user_id, OutboxMessage.status == OutboxStatus.HELD)
            .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow())
        )
        changed = changed_rows(result)
        if changed:
            self.session.info[OUTBOX_DIRTY] = True
        return changed

    async def active_count(self) -> int:
        stmt = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status.in_(ACTIVE))
        return int((await self.session.execute(stmt)).scalar() or 0)

    async def broadcast_counts(self, broadcast_id: int) -> dict[str, int]:
        """sent / blocked / failed / active rows of one broadcast."""
        stmt = (
            select(OutboxMessage.status, OutboxMessage.result, func.count())
            .where(OutboxMessage.broadcast_id == broadcast_id)
            .group_by(OutboxMessage.status, OutboxMessage.result)
        )
        counts = {"sent": 0, "blocked": 0, "failed": 0, "active": 0}
        for status, result, count in await self.session.execute(stmt):
            if status == OutboxStatus.SENT:
                counts["sent"] += count
            elif status in ACTIVE:
                counts["active"] += count
            elif result == "blocked":
                counts["blocked"] += count
            else:
                counts["failed"] += count
        return counts

    async def purge_finished(self, older_than: timedelta) -> int:
        cutoff = utcnow() - older_than
        result = await self.session.execute(
            delete(OutboxMessage).where(and_(OutboxMessage.status.in_(FINISHED), OutboxMessage.created_at < cutoff))
        )
        return changed_rows(result)
