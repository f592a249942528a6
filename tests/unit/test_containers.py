"""The container files, checked without Docker (not available in CI): compose.yaml parses and wires
two webhook replicas to PostgreSQL, Redis and Caddy; the Caddyfile sends the webhook path to those
replicas; the Dockerfile is the README's install steps, runs as a non-root user and checks /healthz."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from bot.config import Settings, load_settings
from tests.conftest import TEST_TOKEN

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_VARIABLES = {
    "POSTGRES_PASSWORD": "pw",
    "DATA_KEY": "compose-data-key-which-is-long-enough-0123",
    "BOT_DOMAIN": "bot.example.org",
}


def interpolate(value: str) -> str:
    """Compose's ${NAME:?message} substitution, with the values an operator puts in .env."""
    return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda match: COMPOSE_VARIABLES[match.group(1)], value)


@pytest.fixture(scope="module")
def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def bot_services(compose: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {name: service for name, service in compose["services"].items() if service.get("build") == "."}


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def readme_install_steps() -> list[list[str]]:
    """The commands of the README's install block (after the <!-- install-steps --> marker)."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- install-steps -->", 1)[1].split("```", 2)[1]
    commands = []
    for line in block.splitlines()[1:]:
        line = line.split("#", 1)[0].strip()
        if line:
            commands.append(shlex.split(line))
    return commands


def test_compose_runs_two_webhook_replicas_on_postgres_and_redis_behind_caddy(compose):
    services = compose["services"]
    assert {"postgres", "redis", "caddy"} <= set(services)
    bots = bot_services(compose)
    assert len(bots) >= 2
    for name, bot in bots.items():
        env = {key: interpolate(str(value)) for key, value in bot["environment"].items()}
        assert all(key.lower() in Settings.model_fields for key in env), name  # no misspelt variable
        assert bot["env_file"] == ".env"  # BOT_TOKEN, WEBHOOK_SECRET and the rest come from there
        from_env_file = {"bot_token": TEST_TOKEN, "webhook_secret": "from-the-env-file-" + "x" * 32}
        settings = load_settings(**from_env_file, **{key.lower(): value for key, value in env.items()})
        assert settings.database_url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in settings.database_url
        assert settings.redis_url == "redis://redis:6379/0"
        assert settings.webhook_url == "https://bot.example.org/telegram/webhook"
        assert (settings.webhook_host, settings.metrics_host) == ("0.0.0.0", "0.0.0.0")
        assert settings.metrics_port not in (None, settings.webhook_port)
        assert settings.data_key is not None  # every replica must use the same key
        assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "ports" not in bot  # only Caddy is reachable from outside
    assert len({bot["volumes"][0] for bot in bots.values()}) == len(bots)  # caches are per replica
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-1] == "ping"
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]
    assert set(services["caddy"]["depends_on"]) == set(bots)


def test_caddyfile_sends_the_webhook_path_to_the_replicas_in_turn(compose):
    bots = bot_services(compose)
    webhook = urlparse(interpolate(next(iter(bots.values()))["environment"]["WEBHOOK_URL"]))
    port = next(iter(bots.values()))["environment"]["WEBHOOK_PORT"]
    caddyfile = (ROOT / "Caddyfile").read_text()
    assert f"handle {webhook.path} {{" in caddyfile
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile).group(1).split()
    assert sorted(upstreams) == sorted(f"{name}:{port}" for name in bots)
    assert "health_uri /readyz" in caddyfile and "lb_policy round_robin" in caddyfile
    assert "9090" not in caddyfile  # metrics stay private


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed (Debian: apt install caddy)")
def test_caddy_itself_accepts_the_caddyfile(compose):
    adapted = subprocess.run(
        ["caddy", "adapt", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env={**os.environ, "BOT_DOMAIN": COMPOSE_VARIABLES["BOT_DOMAIN"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert adapted.returncode == 0, adapted.stderr
    config = json.dumps(json.loads(adapted.stdout))
    for name in bot_services(compose):
        assert f'"dial": "{name}:8080"' in config
    assert '"uri": "/readyz"' in config and '"host": ["bot.example.org"]' in config


def test_dockerfile_mirrors_the_readme_install_steps():
    instructions = dockerfile_instructions()
    runs = [shlex.split(argument) for kind, argument in instructions if kind == "RUN"]
    words = [word for run in runs for word in run]
    steps = readme_install_steps()
    assert steps, "the README has no install block"
    for step in steps:
        if step[:2] == ["apt-get", "install"]:
            readme_packages = {word for word in step[2:] if not word.startswith("-")}
            start = words.index("install", words.index("apt-get"))
            docker_packages = set()
            for word in words[start + 1 :]:
                if word == "&&":
                    break
                if not word.startswith("-"):
                    docker_packages.add(word)
            assert docker_packages == readme_packages
        elif step[:2] == ["pip", "install"]:
            assert any(run[:2] == ["pip", "install"] and run[-1] == step[-1] for run in runs), step
        else:
            raise AssertionError(f"the Dockerfile has no counterpart for the README step {step}")


def test_dockerfile_is_slim_non_root_and_checks_healthz():
    instructions = dockerfile_instructions()
    kinds = [kind for kind, _ in instructions]
    base = dict(instructions)["FROM"]
    assert re.fullmatch(r"python:3\.11-slim(-bookworm)?", base)
    user = [argument for kind, argument in instructions if kind == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    healthcheck = dict(instructions)["HEALTHCHECK"]
    assert "/healthz" in healthcheck and "METRICS_PORT" in healthcheck
    assert json.loads(dict(instructions)["CMD"]) == ["python", "-m", "bot", "run"]
    env = {}
    for kind, argument in instructions:
        if kind == "ENV":
            env.update(dict(pair.split("=", 1) for pair in shlex.split(argument)))
    known = {key.lower(): value for key, value in env.items() if key.lower() in Settings.model_fields}
    settings = load_settings(bot_token=TEST_TOKEN, **known)
    assert settings.metrics_port is not None  # the HEALTHCHECK needs a port to ask
    assert str(settings.data_dir) == "/data" and settings.database_url.endswith("////data/mi-help.db")


def test_postgres_matches_the_images_pg_dump(compose):
    # pg_dump refuses a newer server: bookworm's postgresql-client is 15.
    assert "bookworm" in dict(dockerfile_instructions())["FROM"]
    assert compose["services"]["postgres"]["image"].split(":")[1].split("-")[0] == "15"


def test_dockerignore_keeps_secrets_and_data_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "data/", ".git/", "tests/"} <= ignored
    assert "README.md" not in ignored  # pyproject.toml names it as the package's readme
