"""The sandbox's web page: static files, a JSON API for what a tester does, and a WebSocket that
streams every change in the emulator to the browser (no reload, no polling)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, web

from tgemu import EmulatorError
from tgemu.guard import LOCAL_HOSTNAMES, refusal

from .runtime import UPLOAD_KINDS, Sandbox, SandboxError

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
# Images a browser may show inline; anything else (SVG included) is only offered as a download.
INLINE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class PortBusyError(Exception):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"{host}:{port} is busy")
        self.host = host
        self.port = port


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status, dumps=_dumps)


def _ok(**values: Any) -> web.Response:
    return web.json_response({"ok": True, **values}, dumps=_dumps)


class SandboxServer:
    """Serves one :class:`Sandbox` on ``host:port`` (local only: the page has no login)."""

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._clients: dict[web.WebSocketResponse, asyncio.Queue[dict[str, Any] | None]] = {}
        self._events = sandbox.emulator.subscribe()
        self._pump: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ----------------------------------------------------------------------------- lifecycle

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES, middlewares=[self._guard])
        app.router.add_get("/", self.index)
        app.router.add_static("/static", STATIC_DIR, append_version=False)
        app.router.add_get("/ws", self.websocket)
        app.router.add_get("/file/{file_id}", self.file)
        app.router.add_get("/api/state", self.state)
        app.router.add_get("/api/commands", self.commands)
        app.router.add_post("/api/personas", self.new_persona)
        app.router.add_post("/api/start", self.start_chat)
        app.router.add_post("/api/send", self.send)
        app.router.add_post("/api/press", self.press)
        app.router.add_post("/api/keyboard", self.keyboard)
        app.router.add_post("/api/location", self.location)
        app.router.add_post("/api/upload", self.upload)
        app.router.add_post("/api/staff/send", self.staff_send)
        app.router.add_post("/api/staff/upload", self.staff_upload)
        app.router.add_post("/api/staff/press", self.staff_press)
        app.router.add_post("/api/reload", self.reload)
        return app

    async def bind(self) -> None:
        """Listen on the port first: a busy port is reported before anything else starts."""
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            if error.errno == errno.EADDRINUSE:
                raise PortBusyError(self.host, self.port) from None
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        self._pump = asyncio.create_task(self._forward_events(), name="sandbox-events")

    async def close(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
            self._pump = None
        self.sandbox.emulator.unsubscribe(self._events)
        for ws in list(self._clients):
            with contextlib.suppress(Exception):
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"sandbox stopped")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------------- live updates

    async def _forward_events(self) -> None:
        while True:
            event = await self._events.get()
            try:
                updates = self.sandbox.translate(event)
            except Exception:  # a page update must never stop the stream
                logger.exception("sandbox: could not translate an emulator event")
                continue
            for update in updates:
                for queue in self._clients.values():
                    queue.put_nowait(update)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=30)
        await ws.prepare(request)
        await self.sandbox.ready.wait()
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        queue.put_nowait(self.sandbox.snapshot())
        self._clients[ws] = queue  # no await since the snapshot: nothing falls in between
        sender = asyncio.create_task(self._send_to(ws, queue))
        try:
            async for _message in ws:  # the page only listens; anything it sends is ignored
                pass
        finally:
            self._clients.pop(ws, None)
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        return ws

    @staticmethod
    async def _send_to(ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        while True:
            update = await queue.get()
            if update is None or ws.closed:
                return
            try:
                await ws.send_str(_dumps(update))
            except ConnectionError:
                return

    # -------------------------------------------------------------------------- middleware

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # Only this machine's pages may drive the sandbox: no other site (CSRF), no DNS rebinding.
        # The emulator behind it applies the same check (Sandbox starts it with allowed_hosts).
        reason = refusal(request, LOCAL_HOSTNAMES)
        if reason is not None:
            return _error(403, reason)
        if request.path.startswith("/api/") and not self.sandbox.ready.is_set():
            return _error(503, "the sandbox is still starting")
        try:
            return await handler(request)
        except (SandboxError, EmulatorError) as error:
            return _error(400, str(error))
        except (ValueError, KeyError, TypeError) as error:
            return _error(400, f"bad request: {error}")

    # -------------------------------------------------------------------------------- pages

    async def index(self, _request: web.Request) -> web.StreamResponse:
        response = web.FileResponse(STATIC_DIR / "index.html")
        response.headers.update(
            {
                "Content-Security-Policy": PAGE_CSP,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            }
        )
        return response

    async def file(self, request: web.Request) -> web.StreamResponse:
        record = self.sandbox.emulator.world.files.get(request.match_info["file_id"])
        if record is None:
            return _error(404, "no such file")
        mime = record.mime_type or "application/octet-stream"
        headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}
        if mime not in INLINE_IMAGE_TYPES:
            name = (record.file_name or record.file_path.rsplit("/", 1)[-1]).replace('"', "")
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
            mime = "application/octet-stream"
        return web.Response(body=record.data, content_type=mime, headers=headers)

    # ---------------------------------------------------------------------------------- API

    @staticmethod
    async def _json(request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            raise SandboxError("the request body must be JSON") from None
        if not isinstance(body, dict):
            raise SandboxError("the request body must be a JSON object")
        return body

    async def state(self, _request: web.Request) -> web.StreamResponse:
        return web.json_response(self.sandbox.snapshot(), dumps=_dumps)

    async def commands(self, request: web.Request) -> web.StreamResponse:
        return _ok(commands=self.sandbox.commands(request.query.get("persona")))

    async def new_persona(self, _request: web.Request) -> web.StreamResponse:
        persona = self.sandbox.add_persona()
        update = {"type": "persona", "persona": persona.to_ui()}
        for queue in self._clients.values():
            queue.put_nowait(update)
        return _ok(persona=persona.to_ui())

    async def start_chat(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        message = await self.sandbox.start_chat(body["persona"])
        return _ok(message_id=message.message_id)

    async def send(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        text = str(body.get("text", ""))
        if not text.strip():
            raise SandboxError("type a message first")
        reply_to = body.get("reply_to")
        message = await self.sandbox.send_text(body["persona"], text, int(reply_to) if reply_to else None)
        return _ok(message_id=message.message_id)

    async def press(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        await self.sandbox.press(body["persona"], int(body["message_id"]), str(body["data"]))
        return _ok()

    async def keyboard(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        message = await self.sandbox.press_reply_button(body["persona"], str(body["text"]))
        return _ok(message_id=message.message_id)

    async def location(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        message = await self.sandbox.share_location(body["persona"], float(body["latitude"]), float(body["longitude"]))
        return _ok(message_id=message.message_id)

    @staticmethod
    async def _upload_form(request: web.Request) -> dict[str, Any]:
        form = await request.post()
        kind = str(form.get("kind", ""))
        if kind not in UPLOAD_KINDS:
            raise SandboxError(f"kind must be one of {', '.join(UPLOAD_KINDS)}")
        upload: dict[str, Any] = {"kind": kind, "caption": str(form.get("caption", "")).strip() or None}
        field = form.get("file")
        if isinstance(field, web.FileField):
            data = field.file.read()
            if data:  # an empty file: use the sample bytes instead
                upload.update(data=data, file_name=field.filename or None, mime_type=field.content_type or None)
        upload["form"] = form
        return upload

    async def upload(self, request: web.Request) -> web.StreamResponse:
        upload = await self._upload_form(request)
        message = await self.sandbox.upload(
            upload["form"].get("persona"),
            upload["kind"],
            upload.get("data"),
            file_name=upload.get("file_name"),
            mime_type=upload.get("mime_type"),
            caption=upload["caption"],
        )
        return _ok(message_id=message.message_id)

    @staticmethod
    def _thread(value: Any) -> int | None:
        return int(value) if value not in (None, "", "null", "general") else None

    async def staff_send(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        text = str(body.get("text", ""))
        if not text.strip():
            raise SandboxError("type a message first")
        message = await self.sandbox.staff_post(text, self._thread(body.get("thread_id")))
        return _ok(message_id=message.message_id)

    async def staff_upload(self, request: web.Request) -> web.StreamResponse:
        upload = await self._upload_form(request)
        message = await self.sandbox.staff_upload(
            upload["kind"],
            upload.get("data"),
            thread_id=self._thread(upload["form"].get("thread_id")),
            file_name=upload.get("file_name"),
            caption=upload["caption"],
        )
        return _ok(message_id=message.message_id)

    async def staff_press(self, request: web.Request) -> web.StreamResponse:
        body = await self._json(request)
        await self.sandbox.staff_press(int(body["message_id"]), str(body["data"]))
        return _ok()

    async def reload(self, _request: web.Request) -> web.StreamResponse:
        return _ok(result=await self.sandbox.reload_knowledge())
