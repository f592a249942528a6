"""Lanes: the outbox sends the rows of one lane strictly in order, and different lanes in parallel.

The only place lane names are built. The stored strings are the ones rows always carried.
"""

from __future__ import annotations

from db.enums import OutboxTarget

# Topic deletions after /forget and retention purges, and notices that belong to no ticket.
STAFF_ADMIN_LANE = "staff"


def ticket_lane(ticket_id: int, target: OutboxTarget) -> str:
    """One direction of one ticket: what goes to the person, or what goes to its staff topic."""
    return f"t{ticket_id}:{target.value}"


def broadcast_lane(broadcast_id: int, user_id: int) -> str:
    """One recipient of one announcement."""
    return f"b{broadcast_id}:{user_id}"
