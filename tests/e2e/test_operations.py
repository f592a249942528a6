"""End to end: Prometheus metrics, /healthz and /readyz of the real bot, in polling and webhook mode."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from bot.callbacks import ConsultCb, MenuCb
from tests.conftest import create_postgres_database, free_port
from tests.e2e.harness import started
from tests.e2e.tcp_proxy import TcpProxy


async def scrape(port: int) -> tuple[str, dict[tuple[str, frozenset[tuple[str, str]]], float]]:
    """The /metrics text and its samples, keyed by (name, labels)."""
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        body = await response.text()
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }
    return body, samples


def value(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return samples.get((name, frozenset(labels.items())), 0.0)


async def get_json(url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.json()


async def test_metrics_count_a_consultation_without_naming_anyone(emulator, staff, running_bot, mode):
    port = free_port()
    bot = await running_bot(mode, metrics_port=port)
    user = await started(emulator, bot, "ru", user_id=812345678901, first_name="Шухрат", username="shuhrat_k")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="lawyer").pack())
    await bot.idle()
    await user.send_text("СЕКРЕТНЫЙ вопрос про патент")
    await bot.idle()
    consultant = staff.add_member(emulator.add_user(first_name="Dilnoza"))
    await staff.post(consultant, "ОТВЕТ консультанта", thread_id=staff.topics()[0].id)
    await bot.idle()

    body, samples = await scrape(port)
    assert value(samples, "mihelp_updates_received_total", source=mode) >= 6
    assert value(samples, "mihelp_updates_processed_total", type="message", outcome="handled") >= 3
    assert value(samples, "mihelp_updates_processed_total", type="callback_query", outcome="handled") >= 3
    assert value(samples, "mihelp_handler_seconds_count", type="callback_query") >= 3
    assert value(samples, "mihelp_updates_in_progress") == 0
    assert value(samples, "mihelp_telegram_requests_total", method="sendMessage", result="ok") >= 3
    # The question went to the topic as a copy; the answer to the person as a text with the role.
    assert value(samples, "mihelp_telegram_messages_sent_total", method="copyMessage") == 1
    assert value(samples, "mihelp_telegram_messages_sent_total", method="sendMessage") >= 4
    assert value(samples, "mihelp_ticket_first_reply_seconds_count") == 1
    assert value(samples, "mihelp_tickets_open", role="lawyer") == 1
    assert value(samples, "mihelp_outbox_depth", target="staff") == 0
    assert value(samples, "mihelp_outbox_depth", target="user") == 0
    assert value(samples, "mihelp_outbox_oldest_age_seconds", target="user") == 0
    assert value(samples, "mihelp_broadcasts_in_progress") == 0
    assert value(samples, "mihelp_database_up") == 1
    assert value(samples, "process_resident_memory_bytes") > 0
    for secret in ("812345678901", str(consultant.id), str(staff.id), "Шухрат", "shuhrat_k", "Dilnoza",
                   "СЕКРЕТНЫЙ", "ОТВЕТ"):  # fmt: skip
        assert secret not in body, secret

    # A second consultant reply is not a first reply.
    await staff.post(consultant, "ещё ответ", thread_id=staff.topics()[0].id)
    await bot.idle()
    _body, samples = await scrape(port)
    assert value(samples, "mihelp_ticket_first_reply_seconds_count") == 1

    ops = f"http://127.0.0.1:{port}"
    assert await get_json(f"{ops}/healthz") == (200, {"status": "alive", "ok": True, "pending_updates": 0})
    assert await get_json(f"{ops}/readyz") == (200, {"status": "ready"})
    if mode == "webhook":
        public = bot.settings.webhook_url.rsplit("/", 2)[0]
        assert (await get_json(f"{public}/healthz"))[0] == 200
        assert await get_json(f"{public}/readyz") == (200, {"status": "ready"})
        async with aiohttp.ClientSession() as http, http.get(f"{public}/metrics") as response:
            assert response.status == 404  # the public server never shows metrics


async def test_429_and_redelivered_updates_are_counted(emulator, staff, running_bot):
    port = free_port()
    bot = await running_bot("webhook", metrics_port=port)
    user = await started(emulator, bot, "ru")
    emulator.faults.add(method="sendMessage", kind="429", times=1, retry_after=1)
    await user.send_command("/sos")
    await bot.idle()
    _body, samples = await scrape(port)
    assert value(samples, "mihelp_telegram_requests_total", method="sendMessage", result="429") == 1
    assert value(samples, "mihelp_telegram_requests_total", method="copyMessage", result="429") == 0

    # Telegram delivers an update again (its 200 was lost): stored once, counted as a duplicate.
    update = {
        "update_id": 4242,
        "message": {"message_id": 77, "date": 0, "chat": {"id": user.id, "type": "private"},
                    "from": {"id": user.id, "is_bot": False, "first_name": "x"}, "text": "/help"},
    }  # fmt: skip
    headers = {"X-Telegram-Bot-Api-Secret-Token": bot.settings.webhook_secret.get_secret_value()}
    async with aiohttp.ClientSession() as http:
        for _ in range(2):
            async with http.post(bot.settings.webhook_url, json=update, headers=headers) as response:
                assert response.status == 200
    await bot.idle()
    _body, samples = await scrape(port)
    assert value(samples, "mihelp_updates_duplicate_total", source="webhook") == 1


async def test_without_metrics_port_nothing_listens_and_the_bot_still_counts(emulator, staff, running_bot):
    bot = await running_bot()
    assert bot.settings.metrics_port is None
    assert bot.app.ops.server._runner is None
    await started(emulator, bot, "ru")
    body, _ = bot.app.ops.metrics.exposition()
    assert b'mihelp_updates_received_total{source="polling"}' in body


async def readyz_until(url: str, status: int) -> dict:  # type: ignore[type-arg]
    """Ask /readyz until it answers `status` (bounded; the probe itself times out after a few seconds)."""
    answer: tuple[int, dict] | str = "no answer"  # type: ignore[type-arg]
    for _ in range(300):
        try:
            answer = await get_json(url)
        except aiohttp.ClientConnectionError as error:  # not listening yet
            answer = type(error).__name__
        if answer[0] == status:
            return answer[1]
        await asyncio.sleep(0.1)
    raise AssertionError(f"/readyz still answers {answer}")


@pytest.mark.postgres
async def test_readyz_follows_postgres_going_away_and_coming_back(emulator, staff, running_bot, postgres_skip_reason):
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    url, drop = await create_postgres_database()
    direct = make_url(url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    await proxy.start()
    try:
        proxied = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        port = free_port()
        bot = await running_bot(database_url=proxied, metrics_port=port)
        readyz = f"http://127.0.0.1:{port}/readyz"
        assert await readyz_until(readyz, 200) == {"status": "ready"}

        await proxy.stop()  # the database server keeps running; only the way to it is cut
        unready = await readyz_until(readyz, 503)
        assert unready["status"] == "unready"
        assert unready["reason"].startswith("database")
        _body, samples = await scrape(port)
        assert value(samples, "mihelp_database_up") == 0
        assert (await get_json(f"http://127.0.0.1:{port}/healthz"))[0] == 200  # alive all along

        await proxy.start()
        assert await readyz_until(readyz, 200) == {"status": "ready"}
        user = await started(emulator, bot, "ru")  # and it works again
        assert user.last_message() is not None
        _body, samples = await scrape(port)
        assert value(samples, "mihelp_database_up") == 1
        await bot.stop()
    finally:
        with contextlib.suppress(AssertionError):
            await proxy.stop()
        await drop()
