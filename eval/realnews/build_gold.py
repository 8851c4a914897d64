#!/usr/bin/env python3
"""Turn readable annotations of the real-news corpus into the committed, text-free files.

    python eval/realnews/build_gold.py [--work eval/realnews/work] [--texts eval/realnews/texts]

Reads (all git-ignored, since they quote the articles):
  work/*.jsonl     one claim per line: article, evidence (exact substring of the text), occurrence
                   (0-based, when the evidence occurs more than once), source_ids, stance,
                   quantities, proposition, optional
  texts/           the articles, saved exactly as the stored pages returned them
Writes (committed):
  gold.jsonl       article, start, end, evidence_sha1, source_ids, stance, quantities, proposition,
                   optional: offsets into the text and the SHA-1 of the evidence, never the text
  texts.sha1       "<sha1>  <filename>" for every article named in sources.tsv
Every evidence must be found; the script stops with the line that is wrong.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["article", "start", "end", "evidence_sha1", "source_ids", "stance", "quantities", "proposition", "optional"]


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def locate(text: str, evidence: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(evidence, pos + 1)
        if pos < 0:
            return -1
    return pos


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE, help="folder of sources.tsv and the outputs")
    ap.add_argument("--work", type=Path, help="annotations (default: CORPUS/work)")
    ap.add_argument("--texts", type=Path, help="article texts (default: CORPUS/texts)")
    a = ap.parse_args()
    work, texts_dir = a.work or a.corpus / "work", a.texts or a.corpus / "texts"
    sources = list(csv.DictReader((a.corpus / "sources.tsv").open(encoding="utf-8"), delimiter="\t"))
    names = [r["filename"] for r in sources]
    texts = {n: (texts_dir / n).read_text(encoding="utf-8") for n in names}
    with (a.corpus / "texts.sha1").open("w", encoding="utf-8") as f:
        for n in sorted(names):
            f.write(f"{sha1(texts[n])}  {n}\n")
    rows = []
    for path in sorted(work.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            g = json.loads(line)
            if g["article"] not in texts:
                sys.exit(f"{path}:{i}: article {g['article']} is not in sources.tsv")
            text = texts[g["article"]]
            start = locate(text, g["evidence"], int(g.get("occurrence", 0)))
            if start < 0:
                sys.exit(f"{path}:{i}: evidence not found in {g['article']}: {g['evidence'][:60]!r}")
            end = start + len(g["evidence"])
            rows.append({"article": g["article"], "start": start, "end": end, "evidence_sha1": sha1(text[start:end]),
                         "source_ids": g["source_ids"], "stance": g["stance"], "quantities": g["quantities"],
                         "proposition": g["proposition"], "optional": bool(g.get("optional", False))})
    rows.sort(key=lambda r: (names.index(r["article"]), r["start"], r["end"]))
    with (a.corpus / "gold.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} claims in {len({r['article'] for r in rows})} articles; {len(names)} texts hashed", file=sys.stderr)


if __name__ == "__main__":
    main()
