"""The sandbox world: the Bot API emulator, a staff forum, made-up people, and the unchanged bot.

Everything runs in one asyncio loop. The bot is the production :class:`~bot.runtime.app.Application`,
configured by :func:`~bot.config.load_settings` to talk to the emulator instead of Telegram; the web
page acts through the emulator's test-side API exactly like a Telegram client would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings, load_settings
from bot.runtime.app import Application
from tgemu import Emulator, EmuMessage, FloodLimits, GroupHandle, UserHandle
from tgemu.guard import LOCAL_HOSTNAMES

from . import view
from .names import made_up_person
from .samples import BOT_USERNAME, sample_photo
from .view import problem_to_ui

logger = logging.getLogger(__name__)

# Shaped like a real token so that settings validation passes; it only opens the local emulator.
SANDBOX_TOKEN = "123456789:SANDBOX-not-a-real-token-000000000"
DATABASE_NAME = "sandbox.db"  # never the real bot's mi-help.db, even if --data points at the real folder
STAFF_TITLE = "mi-Help consultants"
START_TIMEOUT = 60.0
UPLOAD_KINDS = ("photo", "document", "voice")


class SandboxError(Exception):
    """Something a tester asked for can't be done (unknown persona, bad coordinates...)."""


@dataclass(eq=False)
class Persona:
    """Someone using the bot in a private chat: a migrant, or the NGO's admin."""

    user: UserHandle
    role: str  # "migrant" | "admin"

    @property
    def id(self) -> int:
        return self.user.id

    def to_ui(self) -> dict[str, Any]:
        state = self.user.state
        name = " ".join(part for part in (state.first_name, state.last_name) if part)
        return {
            "id": state.id,
            "name": name,
            "username": state.username,
            "language_code": state.language_code,
            "role": self.role,
            "started": self.user.chat.started,
        }


def limit_settings(limits: FloodLimits) -> dict[str, str]:
    """The bot's own flood limiter set to the emulator's limits: both sides agree."""
    return {
        "limit_global": f"{limits.global_per_second}/1",
        "limit_private": f"{limits.private[0]}/{limits.private[1]:g}",
        "limit_group": f"{limits.group[0]}/{limits.group[1]:g}",
    }


def reset_database(data_dir: Path) -> None:
    """The emulator starts empty every time, so the sandbox's database must too."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / f"{DATABASE_NAME}{suffix}").unlink()


class Sandbox:
    def __init__(
        self,
        data_dir: Path = Path("data/sandbox"),
        *,
        knowledge_dir: Path | None = None,
        limits: FloodLimits | None = None,
        seed: int | None = None,
        log_level: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.knowledge_dir = knowledge_dir
        self.limits = limits or FloodLimits()  # Telegram's real limits
        self.rng = random.Random(seed)
        self.log_level = log_level
        # A browser can reach the emulator too: the same host/origin check as the page (DNS rebinding).
        self.emulator = Emulator(limits=self.limits, seed=self.rng.randrange(2**32), allowed_hosts=LOCAL_HOSTNAMES)
        self.personas: dict[int, Persona] = {}
        self.staff: GroupHandle | None = None
        self.consultant: UserHandle | None = None
        self.admin: Persona | None = None
        self.settings: Settings | None = None
        self.app: Application | None = None
        self._bot_task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    # ----------------------------------------------------------------------------- lifecycle

    def build_settings(self) -> Settings:
        """Settings through the normal validation; everything Telegram-, network- and data-related is
        the sandbox's own, whatever the environment or a .env file say."""
        assert self.staff is not None and self.admin is not None
        data_dir = self.data_dir.resolve()
        overrides: dict[str, Any] = {
            "bot_token": SANDBOX_TOKEN,
            "telegram_api_base": self.emulator.base_url,
            "database_url": f"sqlite+aiosqlite:///{data_dir / DATABASE_NAME}",
            "data_dir": data_dir,
            "data_key": None,  # a key of its own, generated in the sandbox folder
            "staff_chat_id": self.staff.id,
            "admin_ids": frozenset({self.admin.id}),
            "redis_url": None,
            "webhook_url": None,
            "webhook_secret": None,
            **limit_settings(self.limits),
        }
        if self.knowledge_dir is not None:
            overrides["knowledge_dir"] = Path(self.knowledge_dir).resolve()
        if self.log_level is not None:
            overrides["log_level"] = self.log_level
        return load_settings(**overrides)

    async def start(self) -> None:
        await self.emulator.start("127.0.0.1", 0)
        self.emulator.add_bot(token=SANDBOX_TOKEN, username=BOT_USERNAME, first_name="mi-Help")
        admin = self.emulator.add_user(first_name="NGO", last_name="admin", username="ngo_admin", language_code="ru")
        self.admin = self._register(admin, "admin")
        self.staff = self.emulator.add_supergroup(title=STAFF_TITLE, is_forum=True, bot_is_admin=True, owner=admin)
        # Consultants are group admins, as in a real NGO group: they can also write in closed topics.
        consultant = self.emulator.add_user(
            first_name="Dilnoza", last_name="(consultant)", username="dilnoza_lawyer", language_code="ru"
        )
        self.consultant = self.staff.add_member(consultant, admin=True)
        self.add_persona()
        self.settings = self.build_settings()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        reset_database(self.data_dir.resolve())
        self.app = Application(self.settings)  # the production code path, unchanged
        self._bot_task = asyncio.create_task(self.app.run(), name="mi-help-bot")
        ready = asyncio.create_task(self.app.ready.wait())
        done, _ = await asyncio.wait(
            {ready, self._bot_task}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if self._bot_task in done:
            ready.cancel()
            self._bot_task.result()  # raises the bot's start-up error
            raise RuntimeError("the bot stopped during start-up")
        if ready not in done:
            ready.cancel()
            raise TimeoutError(f"the bot did not start within {START_TIMEOUT:.0f} s")
        self.ready.set()

    async def stop(self) -> None:
        """Stop the bot (it finishes what it is doing), then the emulator."""
        if self.app is not None and self._bot_task is not None:
            self.app.stop()
            try:
                await asyncio.wait_for(self._bot_task, timeout=30)
            except Exception as error:
                logger.warning("the bot did not stop cleanly: %s", type(error).__name__)
            self._bot_task = None
        await self.emulator.stop()

    @property
    def bot_running(self) -> bool:
        return self._bot_task is not None and not self._bot_task.done()

    async def wait_bot(self) -> None:
        """Return when the bot stops (by itself, or after ``stop()``)."""
        if self._bot_task is not None:
            await asyncio.wait({self._bot_task})

    # ------------------------------------------------------------------------------ personas

    def _register(self, user: UserHandle, role: str) -> Persona:
        persona = Persona(user, role)
        self.personas[user.id] = persona
        return persona

    def add_persona(self) -> Persona:
        """A new migrant with a made-up name, surname and username."""
        taken = {p.user.username for p in self.personas.values() if p.user.username}
        person = made_up_person(self.rng, taken)
        user = self.emulator.add_user(
            first_name=person.first_name,
            last_name=person.last_name,
            username=person.username,
            language_code=person.language_code,
        )
        return self._register(user, "migrant")

    def persona(self, persona_id: Any) -> Persona:
        try:
            return self.personas[int(persona_id)]
        except (KeyError, TypeError, ValueError):
            raise SandboxError(f"no persona {persona_id!r}") from None

    # ------------------------------------------------------------------------------- actions

    async def send_text(self, persona_id: Any, text: str, reply_to: int | None = None) -> EmuMessage:
        # Like Telegram, the emulator marks "/command" itself (a bot_command entity).
        return await self.persona(persona_id).user.send_text(text, reply_to=reply_to)

    async def start_chat(self, persona_id: Any) -> EmuMessage:
        return await self.persona(persona_id).user.start()

    async def press(self, persona_id: Any, message_id: int, callback_data: str) -> None:
        await self.persona(persona_id).user.press(callback_data, message_id)

    async def press_reply_button(self, persona_id: Any, text: str) -> EmuMessage:
        return await self.persona(persona_id).user.press_reply_button(text)

    async def share_location(self, persona_id: Any, latitude: float, longitude: float) -> EmuMessage:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise SandboxError("latitude must be within ±90 and longitude within ±180")
        return await self.persona(persona_id).user.send_location(round(latitude, 6), round(longitude, 6))

    async def upload(
        self,
        persona_id: Any,
        kind: str,
        data: bytes | None = None,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> EmuMessage:
        user = self.persona(persona_id).user
        caption = caption or None
        if kind == "photo":
            return await user.send_photo(caption, data=data if data is not None else sample_photo())
        if kind == "document":
            return await user.send_document(
                file_name or "document.pdf", caption, data=data, mime_type=mime_type if data is not None else None
            )
        if kind == "voice":
            return await user.send_voice(data=data)
        raise SandboxError(f"can't upload {kind!r}; choose one of {', '.join(UPLOAD_KINDS)}")

    async def staff_post(self, text: str, thread_id: int | None = None) -> EmuMessage:
        assert self.staff is not None and self.consultant is not None
        return await self.staff.post(self.consultant, text, thread_id=thread_id)

    async def staff_upload(
        self,
        kind: str,
        data: bytes | None = None,
        *,
        thread_id: int | None = None,
        file_name: str | None = None,
        caption: str | None = None,
    ) -> EmuMessage:
        assert self.staff is not None and self.consultant is not None
        if kind not in UPLOAD_KINDS:
            raise SandboxError(f"can't upload {kind!r}; choose one of {', '.join(UPLOAD_KINDS)}")
        if kind == "photo" and data is None:
            data = sample_photo()
        return await self.staff.post_media(
            self.consultant, kind, caption or None, thread_id, file_name=file_name, data=data
        )

    async def staff_press(self, message_id: int, callback_data: str) -> None:
        assert self.staff is not None and self.consultant is not None
        await self.staff.press(self.consultant, callback_data, message_id)

    async def reload_knowledge(self) -> dict[str, Any]:
        """What an admin's /reload does: validate the content, swap it in only if it has no errors."""
        assert self.app is not None
        holder = self.app.context.knowledge
        ok, problems = await holder.reload()
        return {
            "ok": ok,
            "articles": len(holder.kb.articles),
            "errors": [problem_to_ui(p) for p in problems if p.level == "error"],
            "warnings": [problem_to_ui(p) for p in problems if p.level != "error"],
        }

    def commands(self, persona_id: Any) -> list[dict[str, str]]:
        """The command menu a Telegram client would show this persona (by the phone's language)."""
        user = self.persona(persona_id).user
        bot = self.emulator.bot
        scope = {"type": "all_private_chats"}
        return bot.commands(scope, user.language_code or "") or bot.commands(scope, "")

    # ----------------------------------------------------------------------------- reading

    def snapshot(self) -> dict[str, Any]:
        """Everything the page shows, for a (re)connecting browser."""
        return view.snapshot(self)

    def keyboard(self, persona: Persona) -> dict[str, Any] | None:
        return view.keyboard(persona)

    def translate(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """An emulator change event -> what the page needs to update (often nothing)."""
        return view.translate(self, event)
