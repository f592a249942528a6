"""The sandbox: try the whole service in a browser, with no Telegram account and no token.

``python -m bot sandbox [--port 8080] [--open] [--data DIR] [--knowledge DIR]`` starts, in one
process, the local Bot API emulator (:mod:`tgemu`), a staff forum supergroup in it, and the
unchanged bot (:class:`bot.runtime.app.Application`) with its own SQLite database and data key under
``data/sandbox/``. A page on ``http://127.0.0.1:<port>`` shows a migrant's phone and the consultants'
group side by side; every change streams to it over a WebSocket.

In a test::

    sandbox = Sandbox(tmp_path / "sandbox", limits=FloodLimits().scaled(0.1))
    server = SandboxServer(sandbox, port=0)
    await server.bind()
    await sandbox.start()
    ...                     # drive server.url with a browser, or call sandbox.send_text(...)
    await server.close()
    await sandbox.stop()
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Imported on first use: `python -m bot --help` must not load the bot, aiohttp and the emulator.
_EXPORTS = {
    "LOCATION_PRESETS": "samples",
    "SANDBOX_TOKEN": "runtime",
    "Persona": "runtime",
    "Sandbox": "runtime",
    "SandboxError": "runtime",
    "PortBusyError": "web",
    "SandboxServer": "web",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)


__all__ = [
    "LOCATION_PRESETS",
    "SANDBOX_TOKEN",
    "Persona",
    "PortBusyError",
    "Sandbox",
    "SandboxError",
    "SandboxServer",
]
