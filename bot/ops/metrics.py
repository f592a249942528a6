"""Prometheus metrics: one registry per Application, so several can run in one process.

Labels name kinds of things (update types, Bot API methods, outbox targets, consultant roles), never
a chat, a person or a text. Figures that live in the database (outbox backlog, open tickets,
announcements being sent) are read at scrape time by `DatabaseGauges`, so every replica reports
the same values: aggregate them with max(), not sum().
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ops.shared import SharedCall
from db.base import utcnow
from db.enums import Role
from db.repositories.ops import Backlog, OpsRepository
from db.repositories.tickets import TicketRepository

logger = logging.getLogger(__name__)

HANDLER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# A first reply comes after minutes or days: 1 min, 5 min, 15 min, 30 min, 1 h, 2 h (the default
# SLA), 4 h, 8 h, 1 day, 2 days, 1 week.
FIRST_REPLY_BUCKETS = (60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800)
OUTBOX_TARGETS = ("user", "staff")
SCRAPE_DATABASE_TIMEOUT = 5.0


class Metrics:
    """The instruments. Created once per Application; nothing here is global."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.updates_received = Counter(
            "mihelp_updates_received",
            "Updates that arrived from Telegram (source: polling or webhook), redeliveries included.",
            ["source"],
            registry=registry,
        )
        self.updates_duplicate = Counter(
            "mihelp_updates_duplicate",
            "Updates Telegram delivered again: answered, and dropped because they were already stored.",
            ["source"],
            registry=registry,
        )
        self.updates_in_progress = Gauge(
            "mihelp_updates_in_progress",
            "Updates stored by this process and not yet processed.",
            registry=registry,
        )
        self.updates_processed = Counter(
            "mihelp_updates_processed",
            "Updates through the handlers, by update type and outcome (handled, unhandled, error).",
            ["type", "outcome"],
            registry=registry,
        )
        self.handler_seconds = Histogram(
            "mihelp_handler_seconds",
            "Time the handlers took for one update, inside its database transaction.",
            ["type"],
            buckets=HANDLER_BUCKETS,
            registry=registry,
        )
        self.telegram_requests = Counter(
            "mihelp_telegram_requests",
            "Bot API calls by method and result (ok, 429, error, network); each retry counts.",
            ["method", "result"],
            registry=registry,
        )
        self.telegram_messages_sent = Counter(
            "mihelp_telegram_messages_sent",
            "Messages Telegram accepted, by method (each item of an album or batch counts).",
            ["method"],
            registry=registry,
        )
        self.first_reply_seconds = Histogram(
            "mihelp_ticket_first_reply_seconds",
            "Time from a consultation's opening to the first consultant reply, observed when it is saved.",
            buckets=FIRST_REPLY_BUCKETS,
            registry=registry,
        )

    def count_received(self, source: str, received: int, fresh: int) -> None:
        self.updates_received.labels(source).inc(received)
        if received > fresh:
            self.updates_duplicate.labels(source).inc(received - fresh)

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class Children:
    """A labelled metric's children, looked up once: `labels()` validates and locks on every call,
    which costs more than the increment itself on the paths measured for every request and update."""

    def __init__(self, metric: Counter | Histogram) -> None:
        self.metric = metric
        self._children: dict[tuple[str, ...], Any] = {}

    def __call__(self, *values: str) -> Any:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = self.metric.labels(*values)
        return child


@dataclass
class _Snapshot:
    taken_at: datetime
    backlog: dict[str, Backlog]
    open_tickets: dict[Role, int]
    broadcasts_sending: int


class DatabaseGauges(Collector):
    """Gauges read from the database when Prometheus scrapes (see `refresh`)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self._snapshot: _Snapshot | None = None
        self._read = SharedCall(self._query)
        self._roles_seen: set[Role] = set()

    async def refresh(self, timeout: float = SCRAPE_DATABASE_TIMEOUT) -> bool:
        """Read the figures now; False when the database did not answer (the gauges are then left out)."""
        try:
            self._snapshot = await self._read(timeout)
        except Exception as error:  # the scrape still answers: mihelp_database_up tells what happened
            logger.warning("metrics: database figures unavailable (%s)", type(error).__name__)
            self._snapshot = None
        return self._snapshot is not None

    async def _query(self) -> _Snapshot:
        async with self.sessionmaker() as session:
            ops = OpsRepository(session)
            return _Snapshot(
                taken_at=utcnow(),
                backlog=await ops.outbox_backlog(),
                open_tickets=await TicketRepository(session).open_by_role(),
                broadcasts_sending=await ops.broadcasts_sending(),
            )

    def collect(self) -> Iterator[Metric]:
        snapshot = self._snapshot
        up = GaugeMetricFamily("mihelp_database_up", "1 when this scrape could read the figures from the database.")
        up.add_metric([], 1 if snapshot is not None else 0)
        yield up
        if snapshot is None:
            return
        depth = GaugeMetricFamily(
            "mihelp_outbox_depth", "Outbox rows waiting to be sent, by target (user or staff).", labels=["target"]
        )
        age = GaugeMetricFamily(
            "mihelp_outbox_oldest_age_seconds",
            "Age of the oldest outbox row waiting to be sent, by target (0 when none waits).",
            labels=["target"],
        )
        for target in sorted(set(OUTBOX_TARGETS) | set(snapshot.backlog)):
            backlog = snapshot.backlog.get(target, Backlog(0, None))
            depth.add_metric([target], backlog.rows)
            oldest = backlog.oldest
            age.add_metric([target], max(0.0, (snapshot.taken_at - oldest).total_seconds()) if oldest else 0.0)
        yield depth
        yield age
        self._roles_seen |= set(snapshot.open_tickets)
        tickets = GaugeMetricFamily("mihelp_tickets_open", "Open consultations, by consultant role.", labels=["role"])
        for role in sorted(self._roles_seen):
            tickets.add_metric([role], snapshot.open_tickets.get(role, 0))
        yield tickets
        broadcasts = GaugeMetricFamily("mihelp_broadcasts_in_progress", "Announcements still being sent.")
        broadcasts.add_metric([], snapshot.broadcasts_sending)
        yield broadcasts

    def describe(self) -> Iterator[Metric]:
        return iter(())  # the families depend on the database; registering must not query it
