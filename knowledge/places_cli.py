"""`python -m bot places geocode | worksheet | import`: tools for the NGO staff who check the map."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from knowledge.base import CONTENT_DIR

EXIT_ERRORS = 1
EXIT_USAGE = 2


def _root(args: argparse.Namespace) -> Path:
    return Path(args.content) if args.content else Path(os.environ.get("KNOWLEDGE_DIR") or CONTENT_DIR)


def _version() -> str:
    try:
        return package_version("mi-help")
    except PackageNotFoundError:
        return "dev"


def cmd_geocode(args: argparse.Namespace) -> int:
    from knowledge.places_geocode import GeocodeCache, PlaceGeocoder, RateLimit, geocode_places, user_agent

    cache_path = Path(args.cache or Path(os.environ.get("DATA_DIR") or "data") / "geocode-cache.json")
    try:
        geocoder = PlaceGeocoder(
            args.server,
            args.user_agent or user_agent(_version(), args.contact),
            GeocodeCache(cache_path),
            RateLimit(),
            min_score=args.min_score,
        )
    except ValueError as error:
        print(f"mi-help: {error}", file=sys.stderr)
        return EXIT_USAGE
    only = set(args.only) if args.only else None
    try:
        outcomes = geocode_places(_root(args), geocoder, date.today(), only, redo=args.redo, write=not args.dry_run)
    except Exception as error:  # a network or server error: say which, keep what was written so far
        print(f"mi-help: geocoding stopped: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for outcome in outcomes:
        print(outcome)
    found = sum(o.status == "found" for o in outcomes)
    refused = sum(o.status == "refused" for o in outcomes)
    print(
        f"{found} found, {refused} refused, {len(outcomes) - found - refused} skipped; "
        f"{geocoder.requests} requests to {geocoder.server} (cache: {cache_path})"
        + ("; dry run, nothing written" if args.dry_run else "")
    )
    if found and not args.dry_run:
        print('Check each new point on a map, then set "needs_review": false (see knowledge/README.md).')
    return 0


def cmd_worksheet(args: argparse.Namespace) -> int:
    from knowledge.places_worksheet import export_worksheet

    out = Path(args.out)
    count = export_worksheet(_root(args), out, delimiter=args.delimiter)
    print(f"{count} places written to {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from knowledge.places_worksheet import import_worksheet

    path = Path(args.file)
    if not path.exists():
        print(f"mi-help: no such file: {path}", file=sys.stderr)
        return EXIT_USAGE
    report = import_worksheet(_root(args), path, date.fromisoformat(args.date) if args.date else date.today(),
                              write=not args.dry_run)  # fmt: skip
    for error in report.errors:
        print(error, file=sys.stderr)
    if not report.ok:
        print(f"{len(report.errors)} errors: nothing was imported", file=sys.stderr)
        return EXIT_ERRORS
    for place_id, columns in sorted(report.changed.items()):
        print(f"{place_id}: {', '.join(columns)}")
    for place_id in sorted(report.confirmed):
        print(f"{place_id}: checked, no change")
    print(
        f"{len(report.changed)} places changed, {len(report.confirmed)} confirmed"
        + ("; dry run, nothing written" if args.dry_run else ". Run `python -m bot kb check`, then /reload.")
    )
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from knowledge.places_geocode import DEFAULT_SERVER, MIN_SCORE

    places = commands.add_parser("places", help="guide map: geocode addresses, worksheet for staff, import it")
    sub = places.add_subparsers(dest="places_command", metavar="PLACES_COMMAND", required=True)
    content_help = "content folder (default: KNOWLEDGE_DIR or the bundled knowledge/ folder)"

    geocode = sub.add_parser("geocode", help="find map points for places with a verified address (Nominatim)")
    geocode.add_argument(
        "--server",
        default=os.environ.get("NOMINATIM_URL") or DEFAULT_SERVER,
        help=f"Nominatim server URL (default: NOMINATIM_URL or {DEFAULT_SERVER})",
    )
    geocode.add_argument("--contact", help="an e-mail or web page for the User-Agent, as the usage policy asks")
    geocode.add_argument("--user-agent", help="replace the whole User-Agent")
    geocode.add_argument("--cache", help="cache file (default: DATA_DIR/geocode-cache.json)")
    geocode.add_argument(
        "--min-score", type=float, default=MIN_SCORE, help=f"refuse matches scoring less (default {MIN_SCORE})"
    )
    geocode.add_argument("--only", nargs="*", metavar="PLACE_ID", help="only these places")
    geocode.add_argument("--redo", action="store_true", help="ask again for geocoded points not yet reviewed")
    geocode.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    geocode.add_argument("--content", help=content_help)
    geocode.set_defaults(handler=cmd_geocode)

    worksheet = sub.add_parser("worksheet", help="export a CSV worksheet of all places for staff to check")
    worksheet.add_argument("--out", required=True, help="output file, e.g. places.csv")
    worksheet.add_argument(
        "--delimiter", default=";", choices=[";", ","], help="';' (default) opens directly in Russian-locale Excel"
    )
    worksheet.add_argument("--content", help=content_help)
    worksheet.set_defaults(handler=cmd_worksheet)

    merge = sub.add_parser("import", help="merge an edited worksheet back into places.geojson")
    merge.add_argument("file", help="the edited CSV worksheet")
    merge.add_argument("--date", help="review date to record (default: today), e.g. 2026-12-06")
    merge.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    merge.add_argument("--content", help=content_help)
    merge.set_defaults(handler=cmd_import)
