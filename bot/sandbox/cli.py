"""`python -m bot sandbox`: the whole service on this machine, in a browser; no Telegram, no token."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import os
import signal
import socket
import sys
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when the sandbox starts: the CLI itself stays light
    from bot.sandbox.runtime import Sandbox

HOST = "127.0.0.1"  # the page has no login: it is only ever served to this machine

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2  # a busy port or a bad setting: one line, like every other start-up problem


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535 (0: any free port)")
    return port


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sandbox = commands.add_parser(
        "sandbox",
        help="try the whole service in a browser: the bot, a local Telegram and a staff group (no token needed)",
        description=(
            "Starts a local Telegram Bot API emulator, a staff forum group in it and the unchanged bot, and "
            "serves a page with a migrant's phone and the consultants' group. Every start is a fresh world."
        ),
    )
    sandbox.add_argument("--port", type=_port, default=8080, help="port of the page on 127.0.0.1 (default: 8080)")
    sandbox.add_argument("--open", action="store_true", help="open the page in the default web browser")
    sandbox.add_argument(
        "--data",
        type=Path,
        default=Path("data/sandbox"),
        help="the sandbox's own folder for its database and data key (default: data/sandbox)",
    )
    sandbox.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        help="content folder to try (default: KNOWLEDGE_DIR, or the bundled knowledge/ folder)",
    )
    sandbox.set_defaults(handler=cmd_sandbox)


def port_is_busy(port: int, host: str = HOST) -> bool:
    """A quick look before the (slow) imports: is something listening on the port already?"""
    if port == 0:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


def _busy(port: int, host: str = HOST) -> int:
    _say(f"port {port} on {host} is busy (another sandbox running?); choose another with --port")
    return EXIT_USAGE


def cmd_sandbox(args: argparse.Namespace) -> int:
    if port_is_busy(args.port):
        return _busy(args.port)
    return asyncio.run(
        run_sandbox(port=args.port, data_dir=args.data, knowledge_dir=args.knowledge, open_browser=args.open)
    )


def _say(line: str) -> None:
    print(f"mi-help sandbox: {line}", file=sys.stderr, flush=True)


async def run_sandbox(
    *,
    port: int = 8080,
    data_dir: Path = Path("data/sandbox"),
    knowledge_dir: Path | None = None,
    open_browser: bool = False,
) -> int:
    from bot.config import ConfigError
    from bot.logs import setup_logging

    from .runtime import Sandbox
    from .web import PortBusyError, SandboxServer

    setup_logging(os.environ.get("LOG_LEVEL", "INFO"))
    sandbox = Sandbox(data_dir, knowledge_dir=knowledge_dir)
    server = SandboxServer(sandbox, host=HOST, port=port)
    try:
        await server.bind()
    except PortBusyError as error:
        return _busy(error.port, error.host)
    except OSError as error:
        _say(f"can't listen on {HOST}:{port}: {error.strerror or error}")
        return EXIT_USAGE

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set():  # a second Ctrl+C: don't wait any longer
            _say("stopped without cleaning up")
            os._exit(130)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows' event loops
            loop.add_signal_handler(sig, on_signal)

    code = EXIT_OK
    try:
        try:
            await sandbox.start()
        except ConfigError as error:
            _say(f"configuration error: {error}")
            return EXIT_USAGE
        except Exception as error:
            _say(f"could not start: {type(error).__name__}: {error}")
            return EXIT_FAILED
        if sandbox.settings is not None:  # LOG_LEVEL may also come from a .env file
            setup_logging(sandbox.settings.log_level)
        print(f"mi-Help sandbox is running at {server.url}  (Ctrl+C to stop)", flush=True)
        _say(f"its database and data key are in {sandbox.data_dir}; every start is a fresh world")
        if open_browser:
            loop.run_in_executor(None, webbrowser.open, server.url)
        code = await _until_stopped(sandbox, stop)
    finally:
        _say("stopping")
        await server.close()
        await sandbox.stop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    _say("stopped")
    return code


async def _until_stopped(sandbox: Sandbox, stop: asyncio.Event) -> int:
    """Ctrl+C (or SIGTERM) -> 0; the bot stopping by itself -> 1."""
    stopping = asyncio.create_task(stop.wait())
    bot_done = asyncio.create_task(sandbox.wait_bot())
    done, pending = await asyncio.wait({stopping, bot_done}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if bot_done in done:
        _say("the bot stopped unexpectedly; see the log above")
        return EXIT_FAILED
    return EXIT_OK
