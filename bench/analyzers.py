"""The built-in analyzer and Frog side by side: speed and extraction quality in one run.

    python bench/analyzers.py [--articles 200]

For each analyzer: articles/s for ingest + clean + extract over a generated corpus (as bench/run.py
makes it), the shared scorer (../shared/eval/score.py) on ../shared/eval/seeds, and our own scorer
on the team's held-out annotated sets (tests/gold). Frog needs Debian's frog and frogdata; without
them only the built-in analyzer is measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import generate  # noqa: E402

from claimtrail import frog  # noqa: E402
from claimtrail.evaluate import load_gold, score  # noqa: E402
from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402

SEEDS = ROOT.parent / "shared" / "eval" / "seeds"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
HELDOUT = {name: (ROOT / "tests" / "gold" / name, ROOT / "tests" / "gold" / f"{name}_gold.jsonl") for name in ("heldout", "heldout2")}
KEYS = ("strict_f1", "detect_f1", "source_acc", "stance_acc", "quantity_acc")


def speed(analyzer: str, corpus: Path) -> tuple[float, int]:
    pipeline = Pipeline(Options(analyzer=analyzer))
    t0 = time.perf_counter()
    n = sum(1 for r in pipeline.run([str(corpus)]) if r.article is not None)
    return n / (time.perf_counter() - t0), n


def claims_of(analyzer: str, folder: Path) -> tuple[list[dict], dict[str, str]]:
    pipeline = Pipeline(Options(analyzer=analyzer))
    preds, texts = [], {}
    for r in pipeline.run([str(folder)]):
        if r.article is not None:
            texts[r.article.id] = r.article.text
            preds += [c.as_dict() for c in r.claims]
    return preds, texts


def seed_scores(analyzer: str) -> dict:
    preds, _ = claims_of(analyzer, SEEDS)
    out = subprocess.run([sys.executable, str(SCORER), "-", "--json"], input="".join(json.dumps(p) + "\n" for p in preds),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def heldout_scores(analyzer: str, name: str) -> dict:
    folder, gold = HELDOUT[name]
    preds, texts = claims_of(analyzer, folder)
    return score(preds, load_gold(gold, texts), texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200, help="generated articles for the speed run")
    a = ap.parse_args()
    analyzers = ["builtin"] + (["frog"] if frog.available() else [])
    if not frog.available():
        print("frog is not installed (apt-get install frog frogdata): measuring the built-in analyzer only", file=sys.stderr)
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        corpus = Path(tmp)
        generate(a.articles, corpus)
        for an in analyzers:
            rate, n = speed(an, corpus)
            row = {"articles/s": rate, "articles": n}
            if SCORER.exists():
                s = seed_scores(an)
                row.update({f"seeds {k}": s.get(k) for k in KEYS})
            for name in HELDOUT:
                s = heldout_scores(an, name)
                row.update({f"{name} {k}": s.get(k) for k in KEYS[:3]})
            rows[an] = row
            print(f"{an}: done", file=sys.stderr)
    keys = list(next(iter(rows.values())))
    print(f"{'':28}" + "".join(f"{an:>12}" for an in rows) + ("       ratio builtin/frog" if len(rows) == 2 else ""))
    for k in keys:
        vals = [rows[an][k] for an in rows]
        cells = "".join(f"{v:>12.3f}" if isinstance(v, float) else f"{v!s:>12}" for v in vals)
        ratio = ""
        if len(vals) == 2 and k == "articles/s" and vals[1]:
            ratio = f"{vals[0] / vals[1]:>14.1f}x"
        print(f"{k:28}{cells}{ratio}")


if __name__ == "__main__":
    main()
