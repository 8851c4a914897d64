"""Score extraction and linking on the real-news corpus (eval/realnews), per split and language.

    python bench/realnews.py [--split dev|blind|all] [--show-errors] [--analyzer builtin] [--json] [--markdown]
    python bench/realnews.py --check

The articles are real news pages that no one on the team wrote; their texts are not in the
repository (they may not be copied into it). They live, git-ignored, in eval/realnews/texts/ and
are checked against eval/realnews/texts.sha1: a missing or changed text is listed with its address
and the search query that finds the stored page again, and left out of the scores.

Each split is extracted and linked on its own (all its stories and both languages together, as a
user would put them in one folder), with the built-in actor registry only: the gold actors file is
for scoring, never given to the extractor. Printed per split and language: claims (required gold),
predicted, detection P/R/F1, source, stance, quantity and date accuracy, strict F1, linking
pairwise and B-cubed F1 (over the matched gold claims) and the propositions that mix stories.

The `blind` split is for aggregate figures only: its errors are never printed. Score it rarely (at
most once per working day of changes) and add the figures to the history table in the README
(`--markdown` prints the rows).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimtrail.evaluate import (  # noqa: E402
    extract_and_link,
    gold_from_records,
    linking_scores,
    match,
    mixed_propositions,
    read_jsonl,
    score,
)
from claimtrail.options import Options  # noqa: E402

CORPUS = ROOT / "eval" / "realnews"
COLUMNS = [("gold", "gold_required"), ("pred", "predicted"), ("det P", "detect_precision"), ("det R", "detect_recall"),
           ("det F1", "detect_f1"), ("source", "source_acc"), ("stance", "stance_acc"), ("qty", "quantity_acc"),
           ("date", "date_acc"), ("strict F1", "strict_f1"), ("pair F1", "pair_f1"), ("B3 F1", "bcubed_f1"),
           ("mixed", "mixed_propositions")]


def load_sources(corpus: Path) -> list[dict]:
    return list(csv.DictReader((corpus / "sources.tsv").open(encoding="utf-8"), delimiter="\t"))


def check_texts(corpus: Path, sources: list[dict]) -> tuple[set[str], list[str]]:
    """Names whose text is present and unchanged, and one line per missing or changed text."""
    want = dict(reversed(line.split("  ", 1)) for line in (corpus / "texts.sha1").read_text(encoding="utf-8").splitlines() if line)
    ok, problems = set(), []
    for r in sources:
        name = r["filename"]
        path = corpus / "texts" / name
        if not path.exists():
            problems.append(f"missing  {name}  {r['url']}  (search pages: {r.get('query', '')!r})")
        elif hashlib.sha1(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest() != want.get(name):
            problems.append(f"changed  {name}  (SHA-1 differs from texts.sha1)")
        else:
            ok.add(name)
    return ok, problems


def evaluate_split(rows: list[dict], corpus: Path, records: list[dict], actors: dict, analyzer: str) -> dict:
    """Scores of one split: per language and for the whole split, plus its errors (for the dev split)."""
    names = [r["filename"] for r in rows]
    preds, texts, links = extract_and_link(Options(analyzer=analyzer), [str(corpus / "texts" / n) for n in names])
    lang_of = {r["filename"]: r["language"] for r in rows}
    story_of = {r["filename"]: r["story"] for r in rows}
    dates = {r["filename"]: (r["published"] or None) for r in rows}
    gold_all = gold_from_records([g for g in records if g["article"] in lang_of], actors)
    for g, rec in zip(gold_all, [g for g in records if g["article"] in lang_of], strict=True):
        g.evidence = texts.get(g.article, "")[g.start : g.end]
        if hashlib.sha1(g.evidence.encode("utf-8")).hexdigest() != rec["evidence_sha1"]:
            raise SystemExit(f"gold offsets {g.start}-{g.end} of {g.article} no longer hold their evidence (SHA-1 differs)")
    out = {}
    for lang in sorted(set(lang_of.values())) + ["all"]:
        arts = {n for n, lg in lang_of.items() if lang in ("all", lg)}
        gold = [g for g in gold_all if g.article in arts]
        mine = [p for p in preds if p["article"] in arts]
        m = score(mine, gold, texts, dates)
        gm = match(mine, gold, texts)
        topic = {i: links[p["id"]] for i, p in enumerate(mine) if p.get("id") in links}
        m |= linking_scores(gold, gm, topic)
        m["mixed_propositions"] = mixed_propositions(gold, gm, topic, story_of)
        m["articles"] = len(arts)
        out[lang] = m
    return out


def fmt(v) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def print_table(split: str, res: dict) -> None:
    width = max(len(split), 10)
    print(f"\n{split:<{width}}  " + "  ".join(f"{h:>9}" for h, _ in COLUMNS))
    for lang, m in res.items():
        label = f"{lang} ({m['articles']})"
        print(f"{label:<{width}}  " + "  ".join(f"{fmt(m[k]):>9}" for _, k in COLUMNS))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "blind", "all"), default="dev")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--analyzer", default="builtin")
    ap.add_argument("--check", action="store_true", help="only check the texts against texts.sha1")
    ap.add_argument("--show-errors", action="store_true", help="print the dev split's errors (never the blind split's)")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ap.add_argument("--markdown", action="store_true", help="print README history rows for the scores")
    a = ap.parse_args()
    sources = load_sources(a.corpus)
    present, problems = check_texts(a.corpus, sources)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(present)} of {len(sources)} texts present and unchanged", file=sys.stderr)
    if a.check:
        sys.exit(1 if problems else 0)
    if a.show_errors and a.split != "dev":
        sys.exit("--show-errors is for the dev split only: the blind split's errors are never looked at")
    records = read_jsonl(a.corpus / "gold.jsonl")
    actors = json.loads((a.corpus / "actors.json").read_text(encoding="utf-8"))
    actors.setdefault("unnamed", ["", "unnamed"])
    by_split = defaultdict(list)
    for r in sources:
        if r["filename"] in present:
            by_split[r["split"]].append(r)
    splits = ["dev", "blind"] if a.split == "all" else [a.split]
    results = {s: evaluate_split(by_split[s], a.corpus, records, actors, a.analyzer) for s in splits if by_split[s]}
    if a.json:
        print(json.dumps({s: {lang: {k: v for k, v in m.items() if k not in ("errors", "missed", "spurious")}
                              for lang, m in res.items()} for s, res in results.items()}))
    else:
        for s, res in results.items():
            print_table(s, res)
    if a.show_errors and "dev" in results:
        m = results["dev"]["all"]
        for e in m["missed"]:
            print("MISSED  ", e)
        for e in m["spurious"]:
            print("SPURIOUS", e)
        for e in m["errors"]:
            print("WRONG   ", e)
    if a.markdown:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        for s, res in results.items():
            for lang, m in res.items():
                cells = [date.today().isoformat(), commit, s, lang, str(m["articles"])] + [fmt(m[k]) for _, k in COLUMNS]
                print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
