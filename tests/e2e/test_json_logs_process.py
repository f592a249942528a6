"""`python -m bot run` with LOG_FORMAT=json and METRICS_PORT: JSON lines naming no one, and probes that answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.callbacks import ConsultCb, LangCb, MenuCb
from tests.conftest import DATA_KEY, STAFF_CHAT_ID, TEST_TOKEN, free_port
from tests.e2e.conftest import TEST_LIMITS, limit_settings
from tests.e2e.harness import BotSubprocess
from tests.e2e.test_operations import readyz_until, scrape, value
from tgemu import Emulator

pytestmark = pytest.mark.slow


async def test_json_logs_and_ops_port_in_a_real_process(tmp_path: Path) -> None:
    async with Emulator(limits=TEST_LIMITS) as emulator:
        emulator.add_bot(token=TEST_TOKEN, username="mihelp_test_bot")
        staff = emulator.add_supergroup(chat_id=STAFF_CHAT_ID, title="Staff", is_forum=True)
        port = free_port()
        env = {
            "BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_BASE": emulator.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite",
            "DATA_KEY": DATA_KEY,
            "DATA_DIR": str(tmp_path),
            "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "METRICS_PORT": str(port),
            **{key.upper(): value for key, value in limit_settings(TEST_LIMITS).items()},
        }
        process = BotSubprocess(env, tmp_path / "bot.log")
        process.start()
        try:
            assert await readyz_until(f"http://127.0.0.1:{port}/readyz", 200) == {"status": "ready"}
            user = emulator.add_user(user_id=812345678901, first_name="Шухрат", username="shuhrat_k")
            await user.send_command("/start")
            for data in (LangCb(code="ru").pack(), MenuCb(section="consult").pack(),
                         ConsultCb(action="go", role="doctor").pack()):  # fmt: skip
                await emulator.wait_for(
                    lambda data=data: any(b.get("callback_data") == data for m in user.messages() for b in m.buttons()),
                    timeout=30,
                )
                await user.press(data)
            await user.send_text("СЕКРЕТНЫЙ вопрос: не хочу жить")
            await emulator.wait_for(lambda: staff.topics() and staff.messages(thread_id=staff.topics()[0].id),
                                    timeout=30)  # fmt: skip
            _body, samples = await scrape(port)
            assert value(samples, "mihelp_tickets_open", role="doctor") == 1
        finally:
            assert process.terminate() == 0

    lines = (tmp_path / "bot.log").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(record["message"].startswith("bot @mihelp_test_bot started") for record in records)
    assert any("metrics and health checks on" in record["message"] for record in records)
    assert {"time", "level", "logger", "message"} <= set(records[0])
    text = "\n".join(lines)
    for secret in ("812345678901", "Шухрат", "shuhrat_k", "СЕКРЕТНЫЙ", "не хочу жить"):
        assert secret not in text, secret
