"""Admins (/reload, /stats, report stats), content gaps, and what never reaches logs or strangers."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import select, update

from bot.callbacks import ConsultCb, KbCb, MenuCb
from bot.services.knowledge import KnowledgeHolder
from db.base import today_utc
from db.models import ArticleFeedback, ContentGap
from tests.conftest import ADMIN_ID, DATA_KEY
from tests.e2e.harness import started, t

ROOT = Path(__file__).resolve().parents[2]


async def test_reload_refuses_broken_content_and_keeps_the_old(emulator, staff, running_bot, tmp_path):
    content = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    bot = await running_bot(knowledge_holder=KnowledgeHolder(content))
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    (content / "articles" / "hotlines" / "tg.md").unlink()
    await admin.send_command("/reload")
    await bot.idle()
    refusal = admin.last_message().text
    listed = [line for line in refusal.splitlines() if ": error: " in line]
    assert refusal.splitlines()[0] == t("ru", "admin-reload-failed", errors=len(listed))
    assert "knowledge/articles/hotlines/tg.md:1: error: missing translation 'tg'" in listed
    assert bot.context.knowledge.kb.get("hotlines") is not None  # the old content stays live
    shutil.copy(ROOT / "knowledge" / "articles" / "hotlines" / "tg.md", content / "articles" / "hotlines" / "tg.md")
    await admin.send_command("/reload")
    await bot.idle()
    assert admin.last_message().text.startswith("✅")
    # Not an admin: /reload is just an unknown command.
    stranger = await started(emulator, bot, "ru")
    await stranger.send_command("/reload")
    await bot.idle()
    assert stranger.last_message().text == t("ru", "hint-unknown-command")


async def test_unanswered_and_unhelpful_questions_are_recorded_without_the_person(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "ru", user_id=654321987012)
    await user.send_text("рецепт плова с бараниной")
    await bot.idle()
    assert user.last_message().text == t("ru", "search-nothing-ask")
    assert t("ru", "consult-ask-lawyer") in user.last_message().button_texts()  # a human is one tap away
    await user.send_text("как оплатить патент через банк")
    await bot.idle()
    await user.press(KbCb(action="fb", art="patent-payment", value=0).pack())
    await bot.idle()
    async with bot.context.sessionmaker() as session:
        gaps = (await session.execute(select(ContentGap).order_by(ContentGap.id))).scalars().all()
        votes = (await session.execute(select(ArticleFeedback))).scalars().all()
    assert [(g.kind, g.query, g.lang) for g in gaps] == [
        ("no-answer", "рецепт плова с бараниной", "ru"),
        ("not-helpful", "как оплатить патент через банк", "ru"),
    ]
    assert gaps[1].article_id == "patent-payment" and not votes[0].helpful
    assert not hasattr(ContentGap, "user_id") and not hasattr(ArticleFeedback, "user_id")


async def test_unanswered_questions_are_scrubbed_and_purged_by_the_maintenance(emulator, staff, running_bot):
    bot = await running_bot(gaps_retention_days=30)
    user = await started(emulator, bot, "ru")
    await user.send_text("Рецепт плова для соседа Ахмеда: 8.917.555.01.99, ahmed@mail.ru!")
    await bot.idle()
    assert user.last_message().text == t("ru", "search-nothing-ask")  # consultations are configured
    async with bot.context.sessionmaker() as session:
        [gap] = (await session.execute(select(ContentGap))).scalars().all()
        # Names cannot be told from words (see db/redact.py); contacts and numbers are gone.
        assert gap.query == "рецепт плова для соседа ахмеда [number] [email]"
    user_two = await started(emulator, bot, "ru")
    await user_two.send_text("рецепт лагмана")
    await bot.idle()
    # /stats lists the newest unanswered questions, newest first, as scrubbed (no dates, no people).
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    await admin.send_command("/stats")
    await bot.idle()
    stats = admin.last_message().text.splitlines()
    listed = stats[stats.index(t("ru", "admin-stats-newest-gaps")) + 1 :]
    assert listed == ["• рецепт лагмана", "• рецепт плова для соседа ахмеда [number] [email]"]
    async with bot.context.sessionmaker() as session:
        await session.execute(update(ContentGap).values(created_on=today_utc() - timedelta(days=31)))
        session.add(ContentGap(kind="no-answer", query="свежий вопрос", lang="ru"))
        await session.commit()
    await bot.app.run_maintenance()
    async with bot.context.sessionmaker() as session:
        left = (await session.execute(select(ContentGap.query))).scalars().all()
    assert left == ["свежий вопрос"]


async def test_search_message_with_a_danger_sign_gets_the_numbers_first(emulator, staff, running_bot):
    bot = await running_bot()
    user = await started(emulator, bot, "uz")
    before = len(user.messages())
    await user.send_text("ish beruvchi pasportimni olib qoʻydi va qoʻyib yubormayapti")
    await bot.idle()
    first_answer = user.messages()[before]
    assert first_answer.text.startswith(t("uz", "danger-intro"))
    assert t("uz", "danger-call-112") in first_answer.text and t("uz", "danger-call-102") in first_answer.text


async def test_stats_for_admins_and_the_report_command(emulator, staff, running_bot, tmp_path):
    database = tmp_path / "stats.db"
    bot = await running_bot(database_url=f"sqlite+aiosqlite:///{database}")
    user = await started(emulator, bot, "tg")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="doctor").pack())
    await bot.idle()
    await user.send_text("саволи ман")
    await bot.idle()
    consultant = staff.add_member()
    await staff.post(consultant, "ҷавоб", thread_id=staff.topics()[0].id)
    await bot.idle()
    admin = await started(emulator, bot, "ru", user_id=ADMIN_ID)
    await admin.send_command("/stats")
    await bot.idle()
    stats = admin.last_message().text
    assert "1" in stats.splitlines()[1] and "🩺 1" in stats and "Тоҷикӣ 1" in stats
    assert "Русский" not in stats  # the admin is not counted as a person
    await bot.stop()
    env = {
        "PATH": "/usr/bin:/bin",
        "BOT_TOKEN": "123456789:TEST-token-for-the-local-emulator-only",
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "DATA_KEY": DATA_KEY,
        "DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "bot", "report", "stats", "--json"]
    report = await asyncio.to_thread(
        subprocess.run, command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    figures = json.loads(report.stdout)
    assert figures["tickets_opened"] == 1 and figures["open_tickets_by_role"] == {"doctor": 1}
    assert figures["median_first_reply_minutes"] is not None
    assert figures["users_by_language"] == {"ru": 1, "tg": 1}


async def test_logs_carry_no_message_text_or_identity(emulator, staff, running_bot, caplog):
    caplog.set_level(logging.INFO)
    bot = await running_bot()
    user = await started(emulator, bot, "ru", user_id=812345678901, first_name="Шухрат", username="shuhrat_k")
    await user.press(MenuCb(section="consult").pack())
    await bot.idle()
    await user.press(ConsultCb(action="go", role="lawyer").pack())
    await bot.idle()
    await user.send_text("СЕКРЕТНЫЙ ТЕКСТ вопроса")
    await user.send_text("не хочу жить")
    await bot.idle()
    emulator.faults.add(method="sendMessage", kind="500", times=1)
    await staff.post(staff.add_member(), "ОТВЕТ консультанта", thread_id=staff.topics()[0].id)
    await bot.idle()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("812345678901", "Шухрат", "shuhrat_k", "СЕКРЕТНЫЙ", "не хочу жить", "ОТВЕТ консультанта"):
        assert secret not in logged, secret


async def test_webhook_rejects_requests_without_the_secret(emulator, staff, running_bot):
    bot = await running_bot("webhook")
    url = bot.settings.webhook_url
    sender = {"id": 1, "is_bot": False, "first_name": "x"}
    message = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "from": sender, "text": "/sos"}
    update = {"update_id": 999999, "message": message}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=update) as response:
            assert response.status == 401
        async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
            assert response.status == 401
        async with http.get(url.rsplit("/", 2)[0] + "/healthz") as response:
            assert response.status == 200
    assert not emulator.find_calls("sendMessage", chat_id=1)


async def test_malformed_webhook_requests_get_401_or_400_never_500(emulator, staff, running_bot):
    bot = await running_bot("webhook")
    url = bot.settings.webhook_url
    secret = {"X-Telegram-Bot-Api-Secret-Token": bot.settings.webhook_secret.get_secret_value()}
    sender = {"id": 1, "is_bot": False, "first_name": "x"}
    message = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "from": sender, "text": "/sos"}
    deep = "[" * 100_000 + "]" * 100_000
    deep_inside = json.dumps({"update_id": 5, "message": {**message, "x": json.loads("[" * 500 + "]" * 500)}})
    async with aiohttp.ClientSession() as http:
        # A secret header that is not ASCII: compared as bytes, refused like any wrong secret.
        for header in ("sécret-ключ".encode().decode("latin-1"), "ü" * 40):
            async with http.post(
                url, json={"update_id": 1}, headers={**secret, "X-Telegram-Bot-Api-Secret-Token": header}
            ) as response:
                assert response.status == 401
        for body in (
            deep,  # nesting too deep for the JSON parser
            deep_inside,  # parses, but no update is nested like this
            json.dumps({"update_id": 2**63, "message": message}),  # outside BIGINT
            json.dumps({"update_id": -1, "message": message}),
            "[1, 2]",
            "{not json",
            b"\xff\xfe".decode("latin-1"),
        ):
            async with http.post(url, data=body, headers={**secret, "Content-Type": "application/json"}) as response:
                assert response.status == 400, body[:40]
        # The bot is still there and still answers a real update.
        async with http.post(url, json={"update_id": 7, "message": message}, headers=secret) as response:
            assert response.status == 200
    await bot.idle()
    assert emulator.find_calls("sendMessage", chat_id=1)
