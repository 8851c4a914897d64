"""Calibrate proposition linking: pairwise precision/recall on the annotated fixtures per threshold.

    python bench/calibrate_link.py [--thresholds 0.5,0.55,...]

Each annotated set (tests/gold/*_gold.jsonl with "topic" per claim) is extracted, linked in story
order and compared: a pair of gold claims should share a proposition exactly when it shares a topic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimtrail import link  # noqa: E402
from claimtrail.evaluate import score_linking  # noqa: E402
from claimtrail.options import Options  # noqa: E402

SETS = {
    "examples": (ROOT / "tests/gold/examples_gold.jsonl", ROOT / "examples", (ROOT / "examples/actors.yaml",)),
    "heldout": (ROOT / "tests/gold/heldout_gold.jsonl", ROOT / "tests/gold/heldout", ()),
    "heldout2": (ROOT / "tests/gold/heldout2_gold.jsonl", ROOT / "tests/gold/heldout2", ()),
}


def evaluate(name: str, threshold: float, centroid: float) -> dict:
    gold_path, folder, actors = SETS[name]
    link.LINK_THRESHOLD = threshold
    link.CENTROID_THRESHOLD = centroid
    return score_linking(Options(actor_files=actors), folder, gold_path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--thresholds", default="0.4,0.45,0.5,0.55")
    ap.add_argument("--centroids", default="0.3,0.35,0.4,0.45")
    a = ap.parse_args()
    for t in [float(x) for x in a.thresholds.split(",")]:
      for c in [float(x) for x in a.centroids.split(",")]:
        row = [f"link {t:.2f} centroid {c:.2f}"]
        for name in SETS:
            m = evaluate(name, t, c)
            row.append(f"{name}: P {m['pair_precision']:.2f} R {m['pair_recall']:.2f} F1 {m['pair_f1']:.2f}")
        print("  ".join(row), flush=True)


if __name__ == "__main__":
    main()
