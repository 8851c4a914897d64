"""Every registered analyzer side by side (built-in rules, syntax, Frog): speed and quality in one run.

    python bench/analyzers.py [--articles 200] [--analyzers builtin,syntax,frog]

For each analyzer, each in its own process (so peak RSS is its own): articles/s for ingest + clean +
extract over a generated corpus (as bench/run.py makes it) and peak RSS; strict F1 and source
accuracy on the real-news dev split (bench/realnews.py; the blind split is never scored here), on
the shared seeds (../shared/eval/score.py) and on the team's held-out sets (tests/gold); and, for the
syntax layer, its held-out treebank scores (UPOS, LAS per language, from models/<lang>/scores.json,
written by train/syntax.py). Frog needs Debian's frog, frogdata and uctodata; it is left out without them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import generate  # noqa: E402

from claimtrail import analyzers, frog  # noqa: E402
from claimtrail.analyzers import syntax  # noqa: E402
from claimtrail.evaluate import load_gold, read_jsonl, score  # noqa: E402
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


def realnews_scores(analyzer: str) -> dict:
    """Strict F1 and source accuracy per language on the real-news dev split (texts present only)."""
    import realnews

    sources = realnews.load_sources(realnews.CORPUS)
    present, _ = realnews.check_texts(realnews.CORPUS, sources)
    rows = [r for r in sources if r["split"] == "dev" and r["filename"] in present]
    if not rows:
        return {}
    records = read_jsonl(realnews.CORPUS / "gold.jsonl")
    actors = json.loads((realnews.CORPUS / "actors.json").read_text(encoding="utf-8"))
    actors.setdefault("unnamed", ["", "unnamed"])
    res = realnews.evaluate_split(rows, realnews.CORPUS, records, actors, analyzer)
    return {f"real dev {lang} {k}": m[k] for lang, m in res.items() for k in ("strict_f1", "source_acc", "detect_recall")}


def treebank_scores(analyzer: str) -> dict:
    if analyzer != "syntax":
        return {}
    out = {}
    for lang in ("nl", "en"):
        d = json.loads((syntax.model_dir(lang) / "scores.json").read_text(encoding="utf-8"))
        out |= {f"treebank {lang} UPOS": d["upos_acc"], f"treebank {lang} LAS": d["las"]}
    return out


def measure(analyzer: str, articles: int) -> dict:
    """Every figure of one analyzer (run in a child process: its peak RSS is its own)."""
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp:
        corpus = Path(tmp)
        generate(articles, corpus)
        rate, n = speed(analyzer, corpus)
    row = {"articles/s": rate, "articles": n, "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    row |= realnews_scores(analyzer)
    if SCORER.exists():
        s = seed_scores(analyzer)
        row.update({f"seeds {k}": s.get(k) for k in KEYS})
    for name in HELDOUT:
        s = heldout_scores(analyzer, name)
        row.update({f"{name} {k}": s.get(k) for k in KEYS[:3]})
    return row | treebank_scores(analyzer)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200, help="generated articles for the speed run")
    ap.add_argument("--analyzers", default=",".join(analyzers.names()), help="comma-separated analyzer names")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # child process: print one analyzer's figures as JSON
    a = ap.parse_args()
    if a.one:
        print(json.dumps(measure(a.one, a.articles)))
        return
    names = [n for n in a.analyzers.split(",") if n]
    if "frog" in names and not frog.available():
        print("frog is not installed (apt-get install frog frogdata uctodata): left out", file=sys.stderr)
        names.remove("frog")
    rows: dict[str, dict] = {}
    for an in names:
        out = subprocess.run([sys.executable, __file__, "--one", an, "--articles", str(a.articles)],
                             capture_output=True, text=True, check=True)
        rows[an] = json.loads(out.stdout)
        print(f"{an}: done", file=sys.stderr)
    keys = list(dict.fromkeys(k for r in rows.values() for k in r))
    print(f"{'':32}" + "".join(f"{an:>12}" for an in rows))
    for k in keys:
        vals = [rows[an].get(k) for an in rows]
        cells = "".join(f"{v:>12.3f}" if isinstance(v, float) else f"{'-' if v is None else v!s:>12}" for v in vals)
        print(f"{k:32}{cells}")


if __name__ == "__main__":
    main()
