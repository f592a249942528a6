"""Database figures read at scrape time, and first consultant replies observed at commit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.ops.instruments import FirstReplyObserver
from bot.ops.metrics import DatabaseGauges, Metrics
from db.base import utcnow
from db.engine import create_engine, create_sessionmaker
from db.identity import IdentityVault
from db.migrate import upgrade_async
from db.models import Broadcast, OutboxMessage, Ticket
from db.repositories.outbox import OutboxRepository
from db.repositories.users import UserRepository
from tests.conftest import DATA_KEY


def gauge_values(gauges: DatabaseGauges) -> dict[tuple[str, tuple[str, ...]], float]:
    return {
        (sample.name, tuple(sample.labels.values())): sample.value
        for family in gauges.collect()
        for sample in family.samples
    }


async def test_backlog_open_tickets_and_broadcasts(database_url):
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    vault = IdentityVault(DATA_KEY.encode())
    now = utcnow()
    try:
        gauges = DatabaseGauges(sessionmaker)
        assert await gauges.refresh()
        empty = gauge_values(gauges)
        assert empty[("mihelp_database_up", ())] == 1
        assert empty[("mihelp_outbox_depth", ("user",))] == empty[("mihelp_outbox_depth", ("staff",))] == 0
        assert empty[("mihelp_outbox_oldest_age_seconds", ("user",))] == 0
        assert empty[("mihelp_broadcasts_in_progress", ())] == 0

        async with sessionmaker() as session:
            user, _ = await UserRepository(session, vault).get_or_create(812345678901)
            session.add_all([
                Ticket(code="ACDE", user_id=user.id, role="doctor", language="ru", status="open"),
                Ticket(code="FHJK", user_id=user.id, role="lawyer", language="ru", status="closed"),
                Broadcast(admin_enc=vault.encrypt_id(1), audience="all", status="sending"),
                Broadcast(admin_enc=vault.encrypt_id(1), audience="all", status="done"),
            ])  # fmt: skip
            outbox = OutboxRepository(session, vault)
            for target in ("user", "user", "staff"):
                outbox.add(lane=f"l-{target}", target=target, action="send_text", payload={"html": "secret"})
            outbox.add(lane="l-sent", target="user", action="send_text", payload={"html": "done"})
            await session.flush()
            await session.execute(update(OutboxMessage).where(OutboxMessage.lane == "l-sent").values(status="sent"))
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.target == "user").values(created_at=now - timedelta(hours=1))
            )
            await session.commit()

        assert await gauges.refresh()
        values = gauge_values(gauges)
        assert values[("mihelp_outbox_depth", ("user",))] == 2
        assert values[("mihelp_outbox_depth", ("staff",))] == 1
        assert 3600 <= values[("mihelp_outbox_oldest_age_seconds", ("user",))] < 3700
        assert values[("mihelp_outbox_oldest_age_seconds", ("staff",))] < 600
        assert values[("mihelp_tickets_open", ("doctor",))] == 1
        assert ("mihelp_tickets_open", ("lawyer",)) not in values
        assert values[("mihelp_broadcasts_in_progress", ())] == 1

        async with sessionmaker() as session:  # the doctor's ticket closes: its role stays, at 0
            await session.execute(update(Ticket).values(status="closed"))
            await session.commit()
        assert await gauges.refresh()
        assert gauge_values(gauges)[("mihelp_tickets_open", ("doctor",))] == 0
    finally:
        await engine.dispose()


async def test_a_failing_database_reads_as_down_and_the_scrape_still_answers():
    engine = create_engine("sqlite+aiosqlite://")  # no tables: every query fails
    try:
        gauges = DatabaseGauges(create_sessionmaker(engine))
        assert not await gauges.refresh()
        assert gauge_values(gauges) == {("mihelp_database_up", ()): 0}
    finally:
        await engine.dispose()


async def test_first_reply_is_observed_once_and_only_when_committed(database_url):
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    other_engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    metrics, other_metrics = Metrics(), Metrics()
    observer = FirstReplyObserver(engine.sync_engine, metrics)
    other_observer = FirstReplyObserver(other_engine.sync_engine, other_metrics)
    observer.start()
    other_observer.start()
    opened = utcnow() - timedelta(minutes=10)

    def replies(registry_metrics: Metrics) -> float:
        return registry_metrics.registry.get_sample_value("mihelp_ticket_first_reply_seconds_count") or 0.0

    try:
        async with sessionmaker() as session:
            user, _ = await UserRepository(session, IdentityVault(DATA_KEY.encode())).get_or_create(1)
            ticket = Ticket(code="ACDE", user_id=user.id, role="doctor", language="ru", status="open", opened_at=opened)
            session.add(ticket)
            await session.commit()
            ticket_id = ticket.id

            ticket.first_staff_reply_at = utcnow()
            await session.flush()
            await session.rollback()  # the update failed: it will be replayed
            assert replies(metrics) == 0

            ticket = await session.get(Ticket, ticket_id)
            ticket.first_staff_reply_at = utcnow()
            await session.commit()
            assert replies(metrics) == 1
            assert 590 <= metrics.registry.get_sample_value("mihelp_ticket_first_reply_seconds_sum") < 700

            ticket.first_staff_reply_at = ticket.first_staff_reply_at or utcnow()  # a later reply
            ticket.last_staff_reply_at = utcnow()
            await session.commit()
        assert replies(metrics) == 1
        assert replies(other_metrics) == 0  # another Application's engine: not its reply
    finally:
        observer.stop()
        other_observer.stop()
        await engine.dispose()
        await other_engine.dispose()
