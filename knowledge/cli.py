"""`python -m bot kb check | ask | export`: the content contract for editors and evaluators."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from knowledge.answers import summary as answers_summary
from knowledge.base import KnowledgeBase, load_knowledge, require_knowledge
from knowledge.crisis import CrisisDetector
from knowledge.model import ALL_LANGUAGES, CONTENT_LANGUAGES


def _root(args: argparse.Namespace) -> Path | None:
    return Path(args.content) if args.content else None


def cmd_check(args: argparse.Namespace) -> int:
    kb, problems = load_knowledge(_root(args))
    for problem in problems:
        print(problem, file=sys.stderr if problem.level == "error" else sys.stdout)
    errors = [p for p in problems if p.level == "error"]
    if kb is not None:
        print(coverage_table(kb))
        with_address = sum(1 for p in kb.places.values() if p.address)
        with_point = sum(1 for p in kb.places.values() if p.has_point)
        with_short = sum(1 for a in kb.articles.values() if all(a.text(lang).short for lang in CONTENT_LANGUAGES))
        print(f"short answers in every language: {with_short}/{len(kb.articles)} articles")
        print(
            f"{len(kb.articles)} articles, {len(kb.course)} course lessons, {len(kb.places)} places "
            f"({with_address} with an address, {with_point} with map coordinates), {len(problems)} warnings; "
            f"search index built in {kb.build_seconds * 1000:.0f} ms"
        )
        print(danger_summary(kb.crisis))
        print(answers_summary(kb.answers))
    if errors:
        print(f"{len(errors)} errors", file=sys.stderr)
        return 1
    return 0


def coverage_table(kb: KnowledgeBase) -> str:
    width = max(len(article_id) for article_id in kb.articles) + 2
    header = "article".ljust(width) + "".join(lang.ljust(8) for lang in ALL_LANGUAGES)
    rows = [header, "-" * len(header)]
    for category in kb.categories():
        for article in kb.by_category(category):
            cells = []
            for lang in ALL_LANGUAGES:
                text = article.translations.get(lang)
                cells.append(("✓ " + str(len(text.body)) if text else "✗").ljust(8))
            rows.append(article.id.ljust(width) + "".join(cells))
    complete = sum(1 for a in kb.articles.values() if all(lang in a.translations for lang in ALL_LANGUAGES))
    rows.append(f"complete in all {len(ALL_LANGUAGES)} languages: {complete}/{len(kb.articles)} "
                "(body length in characters; uz-Cyrl is derived from uz)")  # fmt: skip
    return "\n".join(rows)


def danger_summary(crisis: CrisisDetector) -> str:
    """One line on the danger check, measured on the test split of knowledge/danger/."""
    model = crisis.model
    if model is None or model.test is None or model.test_terms_only is None:
        return f"danger check: {len(crisis)} terms, no model (knowledge/danger/ is missing)"
    test, terms = model.test, model.test_terms_only
    return (
        f"danger check: {len(crisis)} terms + a model trained on {len(model.train)} messages in "
        f"{model.train_seconds * 1000:.0f} ms; test split: recall {test.recall.rate:.2f} "
        f"({test.recall.caught}/{test.recall.total}), false alarms {test.false_alarms.rate:.3f} "
        f"({test.false_alarms.caught}/{test.false_alarms.total}); terms alone: recall {terms.recall.rate:.2f}, "
        f"false alarms {terms.false_alarms.rate:.3f} (details: python benchmarks/danger.py)"
    )


def cmd_ask(args: argparse.Namespace) -> int:
    kb = require_knowledge(_root(args))
    queries = [args.text] if args.text else [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for query in queries:
        result = kb.search.search(query, top=args.top, lang=args.lang)
        if args.json:
            print(json.dumps({"query": query, "lang": result.lang,
                              "results": [{"id": h.id, "score": h.score} for h in result.hits],
                              "danger": sorted(kb.crisis.detect(query))},
                             ensure_ascii=False))  # fmt: skip
        else:
            print(f"{query}  [lang: {result.lang}]")
            for rank, hit in enumerate(result.hits, 1):
                print(f"  {rank}. {hit.id}  {hit.score:.3f}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    kb = require_knowledge(_root(args))
    rows = []
    for article_id in sorted(kb.articles):
        article = kb.articles[article_id]
        for lang in ALL_LANGUAGES:
            text = article.translations[lang]
            rows.append({"id": article.id, "lang": lang, "category": article.category, "title": text.title,
                         "text": text.body, "questions": list(text.questions)})  # fmt: skip
    if not args.json:
        print("only --json export is supported", file=sys.stderr)
        return 2
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from datetime import date

    from knowledge.base import CONTENT_DIR
    from knowledge.due import due_report, render

    today = date.today()
    year, month = today.year, today.month
    if args.month:
        try:
            year, month = (int(part) for part in args.month.split("-"))
            date(year, month, 1)
        except ValueError:
            print(f"--month must look like 2026-12, not {args.month!r}", file=sys.stderr)
            return 2
    root = (_root(args) or CONTENT_DIR).resolve()
    print(render(due_report(root, year, month, today), root))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = commands.add_parser("kb", help="knowledge base: check, ask, due, export")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    content_help = "content folder (default: the bundled knowledge/ folder)"

    check = kb_commands.add_parser("check", help="validate all content; exit 1 on errors")
    check.add_argument("--content", help=content_help)
    check.set_defaults(handler=cmd_check)

    ask = kb_commands.add_parser("ask", help="search like the bot does; no TEXT: one query per stdin line")
    ask.add_argument("text", nargs="?")
    ask.add_argument("--lang", choices=ALL_LANGUAGES, help="skip language detection")
    ask.add_argument("--top", type=int, default=3)
    ask.add_argument("--json", action="store_true", help="one JSON object per query")
    ask.add_argument("--content", help=content_help)
    ask.set_defaults(handler=cmd_ask)

    due = kb_commands.add_parser("due", help="what to re-check this month, with the sources to open")
    due.add_argument("--month", help="YYYY-MM (default: this month)")
    due.add_argument("--content", help=content_help)
    due.set_defaults(handler=cmd_due)

    export = kb_commands.add_parser("export", help="print every article in every language")
    export.add_argument("--json", action="store_true")
    export.add_argument("--content", help=content_help)
    export.set_defaults(handler=cmd_export)


__all__ = ["CONTENT_LANGUAGES", "register"]
