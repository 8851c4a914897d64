"""Recompute the corpus hashes in eval_baseline.json after an intended change to gold or articles.

    python tests/rehash_gold.py

Run the gate first and check the scores; a hash change is a reviewed change of the corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.test_eval_gate import SETS, corpus_hash  # noqa: E402


def main() -> None:
    path = HERE / "eval_baseline.json"
    baseline = json.loads(path.read_text(encoding="utf-8"))
    for name, (gold, folder, _) in SETS.items():
        arts = {json.loads(line)["article"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
        paths = sorted(p for p in folder.rglob("*") if p.name in arts) + [gold]
        baseline[name]["sha256"] = corpus_hash(paths)
        print(name, baseline[name]["sha256"])  # noqa: T201
    path.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
