"""The README's quality table: team-written gates, real-news dev and real-news blind, per language.

    python bench/quality.py [--blind]

Team-written sets: the examples gold, the two held-out sets (tests/gold) and the shared seeds
(../shared/eval, when present), scored with claimtrail.evaluate. Real news: bench/realnews.py's
corpus; the blind split only with --blind (score it rarely: see bench/realnews.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import realnews  # noqa: E402

from claimtrail.evaluate import gold_from_records, load_gold, read_jsonl, score  # noqa: E402
from claimtrail.ingest import read_inputs  # noqa: E402
from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402

GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared" / "eval"
TEAM = {"examples": (GOLD / "examples_gold.jsonl", ROOT / "examples", (ROOT / "examples" / "actors.yaml",)),
        "heldout": (GOLD / "heldout_gold.jsonl", GOLD / "heldout", ()),
        "heldout2": (GOLD / "heldout2_gold.jsonl", GOLD / "heldout2", ())}
KEYS = ["gold_required", "detect_precision", "detect_recall", "source_acc", "stance_acc", "quantity_acc", "strict_f1"]


def extract(paths, actor_files=()):
    pipeline = Pipeline(Options(actor_files=tuple(actor_files)))
    texts, preds, lang = {}, [], {}
    for item in read_inputs([str(p) for p in paths], pipeline.options):
        a = pipeline.prepare(item)
        texts[a.id], lang[a.id] = a.text, a.language
        preds += [c.as_dict() for c in pipeline.extract(a)]
    return preds, texts, lang


def per_language(preds, gold, texts, lang, dates=None):
    out = {}
    for code in sorted({lang[g.article] for g in gold}):
        g = [x for x in gold if lang[x.article] == code]
        out[code] = score([p for p in preds if lang.get(p["article"]) == code], g, texts, dates)
    return out


def team_rows():
    for name, (gold_path, folder, actors) in TEAM.items():
        names = {g["article"] for g in read_jsonl(gold_path)}
        preds, texts, lang = extract(sorted(p for p in folder.rglob("*") if p.name in names), actors)
        yield name, per_language(preds, load_gold(gold_path, texts), texts, lang)
    if (SHARED / "gold_seeds.jsonl").exists():
        preds, texts, lang = extract(sorted((SHARED / "seeds").iterdir()))
        gold = gold_from_records(read_jsonl(SHARED / "gold_seeds.jsonl"), json.loads((SHARED / "actors_seeds.json").read_text()))
        yield "seeds (shared)", per_language(preds, gold, texts, lang, json.loads((SHARED / "dates_seeds.json").read_text()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--blind", action="store_true")
    a = ap.parse_args()
    print("| set | lang | required claims | detect P | detect R | source | stance | quantity | strict F1 |")
    print("|---|---|---|---|---|---|---|---|---|")

    def row(name, code, m):
        print(f"| {name} | {code} | " + " | ".join(realnews.fmt(m[k]) for k in KEYS) + " |")

    for name, res in team_rows():
        for code, m in res.items():
            row(name, code, m)
    sources = realnews.load_sources(realnews.CORPUS)
    present, _ = realnews.check_texts(realnews.CORPUS, sources)
    records = read_jsonl(realnews.CORPUS / "gold.jsonl")
    actors = json.loads((realnews.CORPUS / "actors.json").read_text(encoding="utf-8"))
    for split in ["dev"] + (["blind"] if a.blind else []):
        rows = [r for r in sources if r["split"] == split and r["filename"] in present]
        for code, m in realnews.evaluate_split(rows, realnews.CORPUS, records, actors, "builtin").items():
            if code != "all":
                row(f"real news {split}", code, m)


if __name__ == "__main__":
    main()
