"""Story building at scale: a database of N linked claims, then ``claimtrail story`` over it.

    python bench/story_scale.py --claims 1000000 [--base 1000] [--keep DIR]

Linking a million claims is slow (the sentence embedding runs at about a thousand claims a
second per core, see bench/run.py), so this bench builds its database differently: it ingests and
links ``--base`` generated articles once, then copies their articles, claims and links with new
ids until the database holds ``--claims`` linked claims. Every tenth copy starts new propositions,
so propositions grow to about ten times their size in the base (thousands of claims each, the size
of a long-running story). It then times the streamed JSON story (what ``claimtrail story --db``
does) and reports peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import generate  # noqa: E402

from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402
from claimtrail.store import SQLiteStore  # noqa: E402
from claimtrail.story import link_store, write_json  # noqa: E402

COPIES_PER_PROPOSITION = 10


def base_database(work: Path, articles: int) -> tuple[Path, Pipeline]:
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    generate(articles, corpus)
    pipeline = Pipeline(Options())
    db = work / "base.db"
    store = SQLiteStore(db)
    for _ in pipeline.run([str(corpus)], store=store):
        pass
    link_store(store, pipeline.registry)
    store.close()
    return db, pipeline


def replicate(base: Path, out: Path, claims: int) -> int:
    """Copy the base's articles, claims and links (new ids) until ``claims`` claims; returns the count."""
    shutil.copy(base, out)
    con = sqlite3.connect(out)
    per_copy = con.execute("SELECT count(*) FROM claim_links").fetchone()[0]
    copies = max(1, -(-claims // per_copy))
    con.execute("CREATE TEMP TABLE base_articles AS SELECT * FROM articles")
    con.execute("CREATE TEMP TABLE base_claims AS SELECT * FROM claims")
    con.execute("CREATE TEMP TABLE base_links AS SELECT * FROM claim_links")
    for k in range(1, copies):
        suffix = f"#{k}"
        group = f"#{k // COPIES_PER_PROPOSITION}" if k >= COPIES_PER_PROPOSITION else ""
        con.execute("INSERT INTO articles SELECT id || ?, content_hash, source, kind, url, outlet, title, language, published, "
                    "updated, agencies, body, clutter, duplicate_of, text, raw, minhash, ingested_at FROM base_articles", (suffix,))
        con.execute("INSERT INTO claims SELECT id || ?1, article || ?1, start, \"end\", source, source_id, stance, date, "
                    "json_set(data, '$.id', id || ?1, '$.article', article || ?1) FROM base_claims", (suffix,))
        con.execute("INSERT INTO claim_links SELECT claim_id || ?, proposition_id || ?, vector, keys FROM base_links", (suffix, group))
        con.commit()
    n = con.execute("SELECT count(*) FROM claim_links").fetchone()[0]
    con.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=1000, help="generated articles ingested and linked for real")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="claimtrail-story-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    base, pipeline = base_database(work, a.base)
    t1 = time.perf_counter()
    db = work / "story.db"
    if db.exists():
        db.unlink()
    n = replicate(base, db, a.claims)
    t2 = time.perf_counter()
    store = SQLiteStore(db)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t3 = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        props, contradictions, actors = write_json(store, pipeline.registry, sink)
    t4 = time.perf_counter()
    store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"claims": n, "propositions": props, "contradictions": contradictions, "actors": actors}))
    print(f"base ingest+link    {t1 - t0:.1f} s ({a.base} articles)")
    print(f"replication         {t2 - t1:.1f} s")
    print(f"story building      {t4 - t3:.1f} s for {n} claims ({n / (t4 - t3):.0f} claims/s)")
    print(f"peak RSS            {rss:.0f} MB (before the story: {rss0:.0f} MB)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
