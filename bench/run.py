"""Benchmark: ingest + clean + extract into SQLite, on a corpus generated from the examples.

    python bench/run.py --articles 1000 10000 100000 [--workers 2] [--story-max 10000]

The corpus generator takes the bundled example articles and varies names, numbers and dates so
that no two generated articles are identical (and near-duplicate detection has real work). It
prints, per corpus size, articles/s, words/s and peak RSS for ingest + clean + extract into SQLite,
then linking and story building (up to --story-max articles: linking embeds every claim, see
bench/story_scale.py for the story of a million claims). Each size runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402
from claimtrail.store import open_store  # noqa: E402
from claimtrail.story import build_story, link_store  # noqa: E402

NAMES = ["Femke de Ruyter", "Pieter Hanegraaf", "Sanne Kluivers", "Joris Ameling", "Kees Moerland", "Anneke van Dalen"]
OTHER = ["Marieke Jansen", "Bram Visser", "Lotte de Boer", "Tom Bakker", "Eva Smit", "Daan Mulder", "Julia Meijer", "Sem de Vries"]


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    sources = sorted(p for p in (ROOT / "examples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    paths = []
    for i in range(n):
        t = texts[i % len(texts)]
        for name in NAMES:
            t = t.replace(name, rng.choice(OTHER))
        t = re.sub(r"\b\d{2,5}\b(?![-/:.]\d)", lambda m: str(max(2, int(m.group(0)) + rng.randint(-9, 9))) if not 1900 <= int(m.group(0)) <= 2100 else m.group(0), t)
        t = t.replace("2025", str(rng.choice([2024, 2025, 2026])))
        p = out / f"gen_{i:07d}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(p)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, work: Path, workers: int, story: bool, db: str | None = None) -> dict:
    """Ingest + clean + extract ``n`` generated articles into SQLite, then link and build the story."""
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    generate(n, corpus)
    fig = {"articles": 0, "claims": 0, "generation_s": time.perf_counter() - t0}
    pipeline = Pipeline(Options())
    store = open_store(db or work / "bench.db")
    words = 0
    t0 = time.perf_counter()
    for res in pipeline.run([str(corpus)], store=store, workers=workers):
        if res.article is not None:
            fig["articles"] += 1
            fig["claims"] += len(res.claims)
            words += len(res.article.text.split())
    dt = time.perf_counter() - t0
    fig.update({"ingest_s": dt, "articles_per_s": fig["articles"] / dt, "words_per_s": words / dt, "ingest_rss_mb": peak_rss_mb()})
    if story:
        t1 = time.perf_counter()
        fig["linked"] = link_store(store, pipeline.registry)
        t2 = time.perf_counter()
        built = build_story(store, pipeline.registry)
        t3 = time.perf_counter()
        fig.update({"linking_s": t2 - t1, "claims_linked_per_s": fig["linked"] / max(t2 - t1, 1e-9), "story_s": t3 - t2,
                    "propositions": len(built.propositions), "contradictions": len(built.contradictions)})
    store.close()
    fig["peak_rss_mb"] = peak_rss_mb()
    return fig


ROWS = [("articles", "{:.0f}"), ("claims", "{:.0f}"), ("ingest_s", "{:.1f} s"), ("articles_per_s", "{:.1f}"),
        ("words_per_s", "{:.0f}"), ("ingest_rss_mb", "{:.0f} MB"), ("linked", "{:.0f}"), ("linking_s", "{:.1f} s"),
        ("claims_linked_per_s", "{:.0f}"), ("story_s", "{:.1f} s"), ("propositions", "{:.0f}"), ("contradictions", "{:.0f}"),
        ("peak_rss_mb", "{:.0f} MB")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes, e.g. 1000 10000 100000")
    ap.add_argument("--keep", type=Path, help="write the corpus and database here instead of a temporary folder")
    ap.add_argument("--no-story", action="store_true", help="skip linking and story building")
    ap.add_argument("--story-max", type=int, default=10_000, help="link and build the story only for sizes up to this")
    ap.add_argument("--workers", type=int, default=1, help="worker processes for ingest and extraction")
    ap.add_argument("--db", help="store in this empty database instead of a new SQLite file (e.g. postgresql://...)")
    ap.add_argument("--json", action="store_true", help="print the figures of one size as JSON (used per size)")
    a = ap.parse_args()
    if len(a.articles) == 1:
        n = a.articles[0]
        work = a.keep or Path(tempfile.mkdtemp(prefix="claimtrail-bench-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            fig = measure(n, work, a.workers, not a.no_story and n <= a.story_max, a.db)
        finally:
            if not a.keep:
                shutil.rmtree(work, ignore_errors=True)
        if a.json:
            print(json.dumps(fig))
        else:
            for key, fmt in ROWS:
                if key in fig:
                    print(f"{key:22} {fmt.format(fig[key])}")
        return
    # several sizes: each in its own process, so that peak RSS is that size's own
    figs = []
    for n in a.articles:
        if a.db:
            sys.exit("--db takes one size: the database must start empty")
        cmd = [sys.executable, __file__, "--articles", str(n), "--json", "--workers", str(a.workers), "--story-max", str(a.story_max)]
        if a.no_story:
            cmd.append("--no-story")
        figs.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]))
        print(f"{n} articles: done", file=sys.stderr)
    print(f"{'':22}" + "".join(f"{n:>14,}" for n in a.articles))
    for key, fmt in ROWS:
        cells = "".join(f"{fmt.format(f[key]) if key in f else '-':>14}" for f in figs)
        print(f"{key:22}{cells}")


if __name__ == "__main__":
    main()
