"""Search quality and speed, against a plain BM25 baseline measured in the same run.

    python benchmarks/search.py [--dev tests/data/search_dev.jsonl] [--scale 100]

Prints top-1, top-3 and MRR per language group and for the noisy group (wrong script, no special
letters, typos, transliteration), for mi-Help's search and for a baseline BM25 over lower-cased
whitespace tokens (rank-bm25); then the latency p50/p99 per query and the index build time at the
real knowledge-base size and at a synthetic KB `--scale` times larger, on one CPU core.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from rank_bm25 import BM25Okapi  # noqa: E402

from knowledge.base import require_knowledge  # noqa: E402
from knowledge.markup import markdown_to_plain  # noqa: E402
from knowledge.model import CONTENT_LANGUAGES, Article  # noqa: E402
from knowledge.search import SearchIndex  # noqa: E402

GROUPS = ("ru", "uz", "uz-Cyrl", "tg", "ky", "en")


def load_dev(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Bm25Baseline:
    """What a search without any of mi-Help's work would do: BM25 over whitespace tokens."""

    def __init__(self, articles: dict[str, Article]) -> None:
        self.ids = sorted(articles)
        corpus = []
        for article_id in self.ids:
            article = articles[article_id]
            words: list[str] = []
            for lang in CONTENT_LANGUAGES:
                text = article.translations[lang]
                words += " ".join([text.title, *text.questions, *text.keywords, markdown_to_plain(text.body)]).split()
            corpus.append([w.lower() for w in words])
        self.bm25 = BM25Okapi(corpus)

    def rank(self, query: str, top: int = 10) -> list[str]:
        scores = self.bm25.get_scores(query.lower().split())
        order = sorted(range(len(self.ids)), key=lambda i: -scores[i])
        return [self.ids[i] for i in order[:top] if scores[i] > 0]


def evaluate(rank, rows) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    buckets: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for row in rows:
        ids = rank(row["query"])
        expected = row["expected"]
        hit1 = int(ids[:1] == [expected])
        hit3 = int(expected in ids[:3])
        rr = 1 / (ids.index(expected) + 1) if expected in ids else 0.0
        for bucket in (str(row["lang"]), "all", *(["noisy"] if row["noise"] else [])):
            buckets[bucket].append((hit1, hit3, rr))
    return {
        name: {
            "n": len(values),
            "top1": sum(v[0] for v in values) / len(values),
            "top3": sum(v[1] for v in values) / len(values),
            "mrr": sum(v[2] for v in values) / len(values),
        }
        for name, values in buckets.items()
    }


def synthetic(articles: dict[str, Article], scale: int, seed: int = 7) -> dict[str, Article]:
    """`scale` copies of every article, each with its questions and text shuffled a little."""
    rng = random.Random(seed)
    result: dict[str, Article] = {}
    for copy in range(scale):
        for article in articles.values():
            translations = {}
            for lang, text in article.translations.items():
                questions = []
                for question in text.questions:
                    words = question.split()
                    rng.shuffle(words)
                    questions.append(" ".join(words))
                body_words = text.body.split()
                rng.shuffle(body_words)
                translations[lang] = replace(text, questions=tuple(questions), body=" ".join(body_words))
            new_id = f"{article.id}-{copy}" if copy else article.id
            result[new_id] = replace(article, id=new_id, translations=translations)
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timing(index: SearchIndex, queries: list[str], repeat: int = 5) -> tuple[float, float]:
    """p50 and p99 over queries of each query's median time over `repeat` runs (steadier on a busy
    machine than single samples, and still one figure per real query)."""
    samples: dict[str, list[float]] = defaultdict(list)
    gc.collect()
    gc.disable()  # a collection landing inside one query says nothing about search
    try:
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                index.search(query, top=3)
                samples[query].append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    per_query = [statistics.median(values) for values in samples.values()]
    return statistics.median(per_query), percentile(per_query, 0.99)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "tests" / "data" / "search_dev.jsonl")
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says

    kb = require_knowledge()
    rows = load_dev(args.dev)
    ours = evaluate(lambda q: [h.id for h in kb.search.search(q, top=10).hits], rows)
    baseline = Bm25Baseline(kb.articles)
    theirs = evaluate(baseline.rank, rows)
    lang_ok = sum(kb.search.search(str(r["query"])).lang == r["lang"] for r in rows) / len(rows)

    print(f"dev set: {len(rows)} queries ({sum(1 for r in rows if r['noise'])} noisy), {len(kb.articles)} articles")
    header = f"{'group':<9}{'n':>5}  {'top1':>6} {'top3':>6} {'mrr':>6}   "
    print(header + f"{'bm25 top1':>9} {'top3':>6} {'mrr':>6}   {'Δtop1':>6}")
    for group in (*GROUPS, "noisy", "all"):
        if group not in ours:
            continue
        a, b = ours[group], theirs[group]
        print(
            f"{group:<9}{a['n']:>5}  {a['top1']:>6.3f} {a['top3']:>6.3f} {a['mrr']:>6.3f}   "
            f"{b['top1']:>9.3f} {b['top3']:>6.3f} {b['mrr']:>6.3f}   {100 * (a['top1'] - b['top1']):>+5.1f}pt"
        )
    print(f"language detection accuracy: {lang_ok:.3f}")

    queries = [str(r["query"]) for r in rows]
    started = time.perf_counter()
    real = SearchIndex(kb.articles, kb.synonyms, _stopwords(kb))
    real_build = time.perf_counter() - started
    p50, p99 = timing(real, queries)
    print(
        f"\nreal KB ({len(kb.articles)} articles): build {real_build * 1000:.0f} ms, "
        f"query p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )

    big = synthetic(kb.articles, args.scale)
    started = time.perf_counter()
    large = SearchIndex(big, kb.synonyms, _stopwords(kb))
    large_build = time.perf_counter() - started
    p50, p99 = timing(large, queries)
    print(
        f"{args.scale}x KB ({len(big)} articles): build {large_build:.1f} s, query p50 {p50:.2f} ms, p99 {p99:.2f} ms "
        f"(one core)"
    )
    started = time.perf_counter()
    Bm25Baseline(big)
    print(f"baseline BM25 build at {args.scale}x: {time.perf_counter() - started:.1f} s")
    return 0


def _stopwords(kb) -> list[str]:  # type: ignore[no-untyped-def]
    from knowledge.base import _load_stopwords
    from knowledge.problems import ProblemLog

    return _load_stopwords(kb.root, ProblemLog(kb.root))


if __name__ == "__main__":
    raise SystemExit(main())
