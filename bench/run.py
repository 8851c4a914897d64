"""Benchmark: ingest + clean + extract into SQLite, on a corpus generated from the examples.

    python bench/run.py --articles 1000 [--keep DIR]

The corpus generator takes the bundled example articles and varies names, numbers and dates so
that no two generated articles are identical (and near-duplicate detection has real work). It
prints articles/s, words/s and peak RSS for the whole run, streaming: nothing is held per article.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402
from claimtrail.store import SQLiteStore  # noqa: E402
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="write the corpus and database here instead of a temporary folder")
    ap.add_argument("--no-story", action="store_true", help="skip linking and story building")
    ap.add_argument("--workers", type=int, default=1, help="worker processes for ingest and extraction")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="claimtrail-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    generate(a.articles, corpus)
    gen_s = time.perf_counter() - t0
    pipeline = Pipeline(Options())
    store = SQLiteStore(work / "bench.db")
    words = claims = articles = 0
    t0 = time.perf_counter()
    for res in pipeline.run([str(corpus)], store=store, workers=a.workers):
        if res.article is not None:
            articles += 1
            claims += len(res.claims)
            words += len(res.article.text.split())
    dt = time.perf_counter() - t0
    story_figures = []
    if not a.no_story:
        t1 = time.perf_counter()
        linked = link_store(store, pipeline.registry)
        t2 = time.perf_counter()
        story = build_story(store, pipeline.registry)
        t3 = time.perf_counter()
        story_figures = [
            ("claims linked", f"{linked}"),
            ("linking", f"{t2 - t1:.1f} s ({linked / max(t2 - t1, 1e-9):.0f} claims/s)"),
            ("story building", f"{t3 - t2:.1f} s"),
            ("propositions", f"{len(story.propositions)}"),
            ("contradictions", f"{len(story.contradictions)}"),
        ]
    store.close()
    print(f"articles           {articles}")
    print(f"claims             {claims}")
    print(f"corpus generation  {gen_s:.1f} s")
    print(f"ingest+extract     {dt:.1f} s")
    print(f"articles/s         {articles / dt:.1f}")
    print(f"words/s            {words / dt:.0f}")
    for name, value in story_figures:
        print(f"{name:18} {value}")
    print(f"peak RSS           {peak_rss_mb():.0f} MB")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
