"""Settings from the environment or `.env`, validated once at start-up.

A wrong or missing value becomes one readable line (see `load_settings`), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LANGUAGES: tuple[str, ...] = ("ru", "uz", "uz-Cyrl", "tg", "ky", "en")
LanguageCode = Literal["ru", "uz", "uz-Cyrl", "tg", "ky", "en"]

STAFF_ROLES: tuple[str, ...] = ("lawyer", "doctor", "social")  # the roles STAFF_CHATS may name
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
_WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_SECRET_MIN_CHARS = 32
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/mi-help.db"


class ConfigError(Exception):
    """A configuration value is missing or invalid; the message is one line for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False)

    bot_token: SecretStr
    staff_chat_id: int | None = None
    # Optional: a group per role ("lawyer:-100…,doctor:-100…,social:-100…"); other roles use STAFF_CHAT_ID.
    staff_chats: Annotated[dict[str, int], NoDecode] = Field(default_factory=dict)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # When set, only these people in the staff group may answer and manage tickets.
    consultant_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    telegram_api_base: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    data_key: SecretStr | None = None
    data_dir: Path = Path("data")
    knowledge_dir: Path | None = None
    default_language: LanguageCode = "ru"
    staff_language: LanguageCode = "ru"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    # Operations: Prometheus metrics, /healthz and /readyz on their own port (off when unset).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"

    # Consultations (issue: anonymous consultations)
    sla_minutes: int = Field(default=120, ge=1)
    auto_close_days: int = Field(default=14, ge=1)
    retention_days: int = Field(default=90, ge=1)
    user_messages_per_minute: int = Field(default=20, ge=1)
    # Unanswered search questions (scrubbed, never linked to anyone) are deleted after this many days.
    gaps_retention_days: int = Field(default=90, ge=1)

    # Replicas: how long a claim on an outbox row or a chat holds without renewal. A replica that
    # dies leaves its work to the others after this long.
    replica_lease_seconds: float = Field(default=30.0, ge=0.5, le=600)
    # Database connections per process (empty: 96 on SQLite, 24 on PostgreSQL). With replicas on
    # one PostgreSQL server, their sum must stay under its max_connections (100 by default).
    database_pool_size: int | None = Field(default=None, ge=4, le=500)

    # Telegram's flood limits as (messages, seconds). Only tests and benchmarks change them.
    limit_global: str = "30/1"
    limit_private: str = "3/3"
    limit_group: str = "20/60"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("must look like 123456789:AA... (the token from @BotFather)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", "consultant_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            ids = []
            for part in parts:
                if not re.fullmatch(r"-?\d+", part):
                    raise ValueError(f"must be comma-separated numeric Telegram ids, got {part!r}")
                ids.append(int(part))
            return frozenset(ids)
        return value

    @field_validator("staff_chats", mode="before")
    @classmethod
    def _role_chats(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        chats: dict[str, int] = {}
        for part in (p.strip() for p in value.split(",") if p.strip()):
            role, _, chat = part.partition(":")
            role, chat = role.strip().lower(), chat.strip()
            if role not in STAFF_ROLES:
                raise ValueError(f"roles are {', '.join(STAFF_ROLES)}; got {role!r}")
            if not re.fullmatch(r"-100\d+", chat):
                raise ValueError(f"{role}: a supergroup id looks like -100…, got {chat!r}")
            if role in chats:
                raise ValueError(f"{role} is given twice")
            chats[role] = int(chat)
        return chats

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator(
        "redis_url",
        "telegram_api_base",
        "webhook_url",
        "data_key",
        "webhook_secret",
        "knowledge_dir",
        "metrics_port",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and urlparse(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("telegram_api_base", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("data_key")
    @classmethod
    def _data_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (generate one with: python -m bot keygen)")
        return value

    @field_validator("knowledge_dir")
    @classmethod
    def _knowledge_dir(cls, value: Path | None) -> Path | None:
        if value is not None and not (value / "articles").is_dir():
            raise ValueError(f"{value} has no articles/ folder")
        return value

    @field_validator("limit_global", "limit_private", "limit_group")
    @classmethod
    def _limit(cls, value: str) -> str:
        if not re.fullmatch(r"\d+/\d+(\.\d+)?", value) or int(value.split("/")[0]) < 1:
            raise ValueError("must look like COUNT/SECONDS, e.g. 20/60")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if self.webhook_secret is not None:
            secret = self.webhook_secret.get_secret_value()
            if not _WEBHOOK_SECRET_RE.match(secret):
                raise ValueError("WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and - (up to 256 characters)")
            if len(secret) < WEBHOOK_SECRET_MIN_CHARS:
                raise ValueError(
                    f"WEBHOOK_SECRET must be at least {WEBHOOK_SECRET_MIN_CHARS} characters "
                    "(generate one with: python -m bot keygen)"
                )
        return self

    @model_validator(mode="after")
    def _role_chats_need_the_staff_chat(self) -> Settings:
        if self.staff_chats and self.staff_chat_id is None:
            raise ValueError("STAFF_CHATS needs STAFF_CHAT_ID too (for the other roles and the bot's own notices)")
        return self

    @model_validator(mode="after")
    def _ports_differ(self) -> Settings:
        if self.webhook_url and self.metrics_port == self.webhook_port:
            raise ValueError("METRICS_PORT must differ from WEBHOOK_PORT (the webhook server has its own /healthz)")
        return self

    @property
    def bot_id(self) -> int:
        """The bot's own id: the number before ":" in its token."""
        return int(self.bot_token.get_secret_value().split(":", 1)[0])

    @property
    def webhook_path(self) -> str:
        if not self.webhook_url:
            return "/"
        return urlparse(self.webhook_url).path or "/"

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids

    def is_staff_chat(self, chat_id: int, chat_type: str) -> bool:
        """A consultants' group: its id, and a supergroup (an id alone could be any kind of chat)."""
        return chat_id in self.staff_chat_ids and chat_type == "supergroup"

    @property
    def staff_chat_ids(self) -> frozenset[int]:
        """Every consultants' group: STAFF_CHAT_ID and the per-role groups of STAFF_CHATS."""
        ids = set(self.staff_chats.values())
        if self.staff_chat_id is not None:
            ids.add(self.staff_chat_id)
        return frozenset(ids)

    def staff_chat_for(self, role: str) -> int | None:
        """The group where a role's tickets live: its own group, or STAFF_CHAT_ID."""
        return self.staff_chats.get(str(role), self.staff_chat_id)

    @staticmethod
    def parse_limit(value: str) -> tuple[int, float]:
        count, seconds = value.split("/")
        return int(count), float(seconds)


def _first_error_line(error: ValidationError) -> str:
    first = error.errors()[0]
    location = "_".join(str(part) for part in first["loc"]).upper()
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"{location} is required but not set (see .env.example)"
    if not location:  # model-level check: the message names the variable itself
        return message
    return f"{location} is invalid: {message}"


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise ConfigError with a single operator-readable line.

    `overrides` are field values of any type: pydantic validates them, as it does the environment.
    """
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(_first_error_line(error)) from None
