import subprocess
import sys

import pytest

from bot.config import ConfigError, load_settings

TOKEN = "123456:" + "A" * 35


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in (
        "BOT_TOKEN",
        "STAFF_CHAT_ID",
        "ADMIN_IDS",
        "DATABASE_URL",
        "REDIS_URL",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "DATA_KEY",
        "TELEGRAM_API_BASE",
        "DEFAULT_LANGUAGE",
        "LOG_LEVEL",
        "CONSULTANT_IDS",
        "GAPS_RETENTION_DAYS",
        "STAFF_CHATS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/mi-help.db"
    assert settings.redis_url is None and settings.webhook_url is None
    assert settings.default_language == "ru"
    assert settings.admin_ids == frozenset()


def test_admin_ids_are_parsed(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", " 11, 22,33 ")
    assert load_settings().admin_ids == {11, 22, 33}


def test_gaps_retention_days(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    assert load_settings().gaps_retention_days == 90
    monkeypatch.setenv("GAPS_RETENTION_DAYS", "30")
    assert load_settings().gaps_retention_days == 30


def test_consultant_ids_are_parsed(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    assert load_settings().consultant_ids == frozenset()
    monkeypatch.setenv("CONSULTANT_IDS", "101, 202")
    assert load_settings().consultant_ids == {101, 202}


def test_staff_chats_give_some_roles_a_group_of_their_own(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("STAFF_CHAT_ID", "-1001")
    settings = load_settings()
    assert settings.staff_chats == {} and settings.staff_chat_for("doctor") == -1001
    monkeypatch.setenv("STAFF_CHATS", " doctor:-1002 , Social:-1003")
    settings = load_settings()
    assert settings.staff_chats == {"doctor": -1002, "social": -1003}
    assert [settings.staff_chat_for(role) for role in ("lawyer", "doctor", "social")] == [-1001, -1002, -1003]
    assert settings.staff_chat_ids == {-1001, -1002, -1003}
    assert settings.is_staff_chat(-1003, "supergroup") and not settings.is_staff_chat(-1004, "supergroup")


def test_cli_exits_2_on_a_wrong_staff_chats_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "-1001", "STAFF_CHATS": "lawyer=-1002"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "STAFF_CHATS" in lines[0]


def test_weak_webhook_secret_is_refused_with_a_way_out(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "a")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert "WEBHOOK_SECRET" in message and "32" in message and "python -m bot keygen" in message
    assert "\n" not in message
    monkeypatch.setenv("WEBHOOK_SECRET", "x" * 31)
    with pytest.raises(ConfigError):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "x" * 32)
    assert load_settings().webhook_secret is not None


def test_env_file_is_read(tmp_path):
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nDEFAULT_LANGUAGE=tg\n")
    assert load_settings().default_language == "tg"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
        ({"BOT_TOKEN": TOKEN, "ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "staff"}, "STAFF_CHAT_ID"),
        ({"BOT_TOKEN": TOKEN, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"BOT_TOKEN": TOKEN, "REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/hook"}, "WEBHOOK_SECRET"),
        (
            {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://e.org/h", "WEBHOOK_SECRET": "bad secret!"},
            "WEBHOOK_SECRET",
        ),
        ({"BOT_TOKEN": TOKEN, "WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT"),
        ({"BOT_TOKEN": TOKEN, "DATA_KEY": "short"}, "DATA_KEY"),
        ({"BOT_TOKEN": TOKEN, "DEFAULT_LANGUAGE": "de"}, "DEFAULT_LANGUAGE"),
        ({"BOT_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": "ftp://x"}, "TELEGRAM_API_BASE"),
        ({"BOT_TOKEN": TOKEN, "CONSULTANT_IDS": "12,abc"}, "CONSULTANT_IDS"),
        ({"BOT_TOKEN": TOKEN, "GAPS_RETENTION_DAYS": "0"}, "GAPS_RETENTION_DAYS"),
        ({"BOT_TOKEN": TOKEN, "GAPS_RETENTION_DAYS": "soon"}, "GAPS_RETENTION_DAYS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "-1001", "STAFF_CHATS": "dentist:-1002"}, "STAFF_CHATS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "-1001", "STAFF_CHATS": "doctor:12345"}, "STAFF_CHATS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "-1001", "STAFF_CHATS": "doctor:-1002,doctor:-1003"}, "STAFF_CHATS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHATS": "doctor:-1002"}, "STAFF_CHATS"),  # needs STAFF_CHAT_ID too
    ],
)
def test_invalid_values_name_the_variable(monkeypatch, env, variable):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert variable in message
    assert "\n" not in message


def test_cli_exits_2_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": "nope"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_exits_2_on_a_weak_webhook_secret(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://e.org/h", "WEBHOOK_SECRET": "a"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WEBHOOK_SECRET" in lines[0] and "keygen" in lines[0]


def test_cli_help_lists_commands(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("run", "db", "keygen"):
        assert command in result.stdout
