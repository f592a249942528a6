"""Settings of the operations features: METRICS_PORT, METRICS_HOST and LOG_FORMAT."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

TOKEN = "123456:" + "A" * 35


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("METRICS_PORT", "METRICS_HOST", "LOG_FORMAT", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_serve_nothing_and_log_text():
    settings = load_settings()
    assert settings.metrics_port is None
    assert settings.metrics_host == "127.0.0.1"
    assert settings.log_format == "text"


def test_values_are_read(monkeypatch):
    monkeypatch.setenv("METRICS_PORT", "9090")
    monkeypatch.setenv("METRICS_HOST", "0.0.0.0")
    monkeypatch.setenv("LOG_FORMAT", " JSON ")
    settings = load_settings()
    assert (settings.metrics_port, settings.metrics_host, settings.log_format) == (9090, "0.0.0.0", "json")


def test_empty_metrics_port_means_off(monkeypatch):
    monkeypatch.setenv("METRICS_PORT", "")
    assert load_settings().metrics_port is None


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"METRICS_PORT": "abc"}, "METRICS_PORT"),
        ({"METRICS_PORT": "0"}, "METRICS_PORT"),
        ({"METRICS_PORT": "70000"}, "METRICS_PORT"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"WEBHOOK_URL": "https://e.org/h", "WEBHOOK_SECRET": "s3" * 16, "METRICS_PORT": "8080"}, "METRICS_PORT"),
    ],
)
def test_invalid_values_name_the_variable(monkeypatch, env, variable):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert variable in str(raised.value)
    assert "\n" not in str(raised.value)


def test_cli_refuses_an_unknown_log_format_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": TOKEN, "LOG_FORMAT": "xml"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "LOG_FORMAT" in lines[0]


def test_the_variables_are_documented():
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    example = (root / ".env.example").read_text()
    for name in ("METRICS_PORT", "METRICS_HOST", "LOG_FORMAT"):
        assert f"`{name}`" in readme, name
        assert f"\n{name}=" in example, name
