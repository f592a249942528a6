"""Command line: `python -m bot [command]` (also installed as `mi-help`)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from bot.config import LANGUAGES, ConfigError, Settings, load_settings

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
    from bot.runtime.leases import AnotherPoller

    setup_logging(settings.log_level, settings.log_format)
    try:
        asyncio.run(run_application(settings))
    except AnotherPoller as refused:
        print(f"mi-help: {refused}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from db.migrate import upgrade

    url = args.database_url or _settings().database_url
    upgrade(url)
    print("database is up to date")
    return 0


def _existing_key(settings: Settings) -> bytes | None:
    """The identity key in use, if there is one; never creates a key (unlike the bot's start-up)."""
    from db.identity import KEY_FILE_NAME

    if settings.data_key:
        return settings.data_key.get_secret_value().encode()
    path = settings.data_dir / KEY_FILE_NAME
    return path.read_bytes().strip() if path.is_file() else None


def cmd_db_backup(args: argparse.Namespace) -> int:
    from db.backup import BackupError, backup, contents

    url = args.database_url or _settings().database_url
    try:
        asyncio.run(backup(url, args.out))
        found = asyncio.run(contents(url, None))
    except BackupError as error:
        print(f"mi-help: backup failed: {error}", file=sys.stderr)
        return 1
    print(f"backup written to {args.out} ({found.users} people, {found.tickets} consultations)")
    print("Keep the key with it, stored apart (DATA_KEY, or data.key in DATA_DIR): without it no one can")
    print("read the identities in this backup, and the people in it cannot be reached after a restore.")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    from db.backup import BackupError, contents, restore
    from db.identity import IdentityVault

    settings = _settings()  # also for the key, to check that it reads what was restored
    url = args.database_url or settings.database_url
    key = _existing_key(settings)
    try:
        asyncio.run(restore(url, args.file, force=args.force))
        found = asyncio.run(contents(url, IdentityVault(key) if key else None))
    except BackupError as error:
        print(f"mi-help: restore failed: {error}", file=sys.stderr)
        return 1
    print(f"restored {args.file}: {found.users} people, {found.tickets} consultations")
    if found.users and found.key_reads_identities is None:
        print("mi-help: no DATA_KEY and no data.key: restore the key that was in use with this data", file=sys.stderr)
        return 1
    if found.key_reads_identities is False:
        print("mi-help: this key does not read the identities restored: restore the DATA_KEY or data.key "
              "that was in use when the backup was made", file=sys.stderr)  # fmt: skip
        return 1
    if found.users:
        print("the key reads the identities restored")
    print("the bot applies any newer database migrations when it starts")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    from datetime import date

    from bot.i18n import I18n
    from bot.services.guide_pdf import build_guide
    from knowledge.base import require_knowledge

    username = args.bot_username or os.environ.get("BOT_USERNAME")
    if not username:
        print("mi-help: guide needs --bot-username (or BOT_USERNAME), for the QR codes", file=sys.stderr)
        return EXIT_CONFIG
    out = build_guide(require_knowledge(), I18n(), args.lang, username.lstrip("@"), Path(args.out), date.today())
    print(f"guide written to {out}")
    return 0


def cmd_voice_build(args: argparse.Namespace) -> int:
    """Make every voice reading ahead of time, so the first listener does not wait."""
    from bot.services.voice import VOICES, SpeechUnavailable, Synthesizer, reading_for, spoken
    from knowledge.base import require_knowledge
    from knowledge.course import LessonText
    from knowledge.model import Translation

    def spoken_text(text: Callable[[str], Translation | LessonText], content_lang: str) -> str:
        translation = text(content_lang)
        return spoken(translation.title, translation.body)

    settings = _settings()
    synthesizer = Synthesizer(settings.data_dir / "voice")
    if not synthesizer.available():
        print("mi-help: espeak-ng and opusenc are needed (Debian: apt install espeak-ng opus-tools)", file=sys.stderr)
        return 1
    kb = require_knowledge(settings.knowledge_dir)
    items: list[tuple[str, str, Callable[[str], Translation | LessonText]]]
    items = [("a", a.id, a.text) for a in kb.articles.values()]
    items += [("l", lesson.id, lesson.text) for lesson in kb.course]
    languages = [lang for lang, voice in VOICES.items() if voice and (not args.lang or lang in args.lang)]

    async def build() -> int:
        made = 0
        for kind, item_id, text in items:
            for lang in languages:
                reading = reading_for(kind, item_id, lang, partial(spoken_text, text))
                if reading is None:  # a language without a voice
                    continue
                try:
                    await synthesizer.file(reading)
                except SpeechUnavailable as error:
                    print(f"{kind}-{item_id} [{lang}]: {error}", file=sys.stderr)
                    return 1
                made += 1
        return made

    made = asyncio.run(build())
    print(f"{made} voice readings ready in {synthesizer.cache_dir} ({synthesizer.synthesized} new)")
    return 0 if made else 1


def cmd_keygen(_args: argparse.Namespace) -> int:
    from db.identity import generate_data_key

    print(generate_data_key())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="mi-Help Telegram bot. Configuration comes from the environment or .env.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (default): applies migrations, then polls or serves the webhook")
    run.set_defaults(handler=cmd_run)

    db = commands.add_parser("db", help="database commands")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="apply pending migrations")
    db_upgrade.add_argument("--database-url", help="override DATABASE_URL")
    db_upgrade.set_defaults(handler=cmd_db_upgrade)
    db_backup = db_commands.add_parser("backup", help="write a consistent copy of the database to a file")
    db_backup.add_argument("--out", required=True, type=Path, help="the backup file to write")
    db_backup.add_argument("--database-url", help="override DATABASE_URL")
    db_backup.set_defaults(handler=cmd_db_backup)
    db_restore = db_commands.add_parser("restore", help="replace the database's contents with a backup")
    db_restore.add_argument("file", type=Path, help="a file written by db backup")
    db_restore.add_argument("--force", action="store_true", help="replace a database that already holds data")
    db_restore.add_argument("--database-url", help="override DATABASE_URL")
    db_restore.set_defaults(handler=cmd_db_restore)

    guide = commands.add_parser("guide", help="write the printable A4 guide for one language as a PDF")
    guide.add_argument("--lang", required=True, choices=LANGUAGES)
    guide.add_argument("--out", required=True, help="output file, e.g. guide-uz.pdf")
    guide.add_argument("--bot-username", help="the bot's @username, for the QR codes (or BOT_USERNAME)")
    guide.set_defaults(handler=cmd_guide)

    voice = commands.add_parser("voice", help="voice readings (🔊 Listen)")
    voice_commands = voice.add_subparsers(dest="voice_command", metavar="VOICE_COMMAND", required=True)
    voice_build = voice_commands.add_parser("build", help="make all voice readings ahead of time")
    voice_build.add_argument("--lang", nargs="*", choices=LANGUAGES, help="only these languages")
    voice_build.set_defaults(handler=cmd_voice_build)

    keygen = commands.add_parser("keygen", help="print a new random secret (DATA_KEY, WEBHOOK_SECRET)")
    keygen.set_defaults(handler=cmd_keygen)

    for register in _extensions():
        register(commands)
    from bot.reports import register as report_commands

    report_commands(commands, _settings)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Feature modules add their own subcommands."""
    from bot.sandbox.cli import register as sandbox_commands
    from knowledge.cli import register as knowledge_commands
    from knowledge.places_cli import register as places_commands

    return [knowledge_commands, places_commands, sandbox_commands]


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
