"""Command line: `python -m bot [command]` (also installed as `mi-help`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

from bot.config import ConfigError, Settings, load_settings

EXIT_CONFIG = 2


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        print(f"mi-help: configuration error: {error}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def cmd_run(_args: argparse.Namespace) -> int:
    settings = _settings()
    from bot.logs import setup_logging
    from bot.runtime.app import run_application

    setup_logging(settings.log_level)
    asyncio.run(run_application(settings))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from db.migrate import upgrade

    url = args.database_url or _settings().database_url
    upgrade(url)
    print("database is up to date")
    return 0


def cmd_keygen(_args: argparse.Namespace) -> int:
    from bot.identity import generate_data_key

    print(generate_data_key())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="mi-Help Telegram bot. Configuration comes from the environment or .env.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run the bot (default): applies migrations, then polls or serves the webhook"
    )
    run.set_defaults(handler=cmd_run)

    db = commands.add_parser("db", help="database commands")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="apply pending migrations")
    db_upgrade.add_argument("--database-url", help="override DATABASE_URL")
    db_upgrade.set_defaults(handler=cmd_db_upgrade)

    keygen = commands.add_parser("keygen", help="print a new random DATA_KEY")
    keygen.set_defaults(handler=cmd_keygen)

    for register in _extensions():
        register(commands)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction], None]]:  # type: ignore[type-arg]
    """Feature modules add their own subcommands."""
    from knowledge.cli import register as knowledge_commands

    return [knowledge_commands]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", cmd_run)
    try:
        return handler(args) or 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
