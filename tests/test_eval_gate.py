"""The evaluation gate: extraction quality on annotated articles must not drop below pinned floors.

Floors live in ``tests/eval_baseline.json`` together with the SHA-256 of the annotated corpus, so a
changed corpus is noticed. Raise a floor when the extractor improves; never lower one silently:
a lower floor needs a reason in the commit message. Run ``pytest tests/test_eval_gate.py -s`` to
see the scores and every error.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrail.evaluate import load_gold, score, score_linking
from claimtrail.ingest import read_inputs
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

from .conftest import EXAMPLES, ROOT, SHARED_EVAL

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
GOLD_DIR = Path(__file__).parent / "gold"
# name -> (annotation, folder of its articles, actor files)
SETS = {
    "examples": (GOLD_DIR / "examples_gold.jsonl", EXAMPLES, (EXAMPLES / "actors.yaml",)),
    "heldout": (GOLD_DIR / "heldout_gold.jsonl", GOLD_DIR / "heldout", ()),
    "heldout2": (GOLD_DIR / "heldout2_gold.jsonl", GOLD_DIR / "heldout2", ()),
}


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def run_set(name: str):
    gold, folder, actor_files = SETS[name]
    pipeline = Pipeline(Options(actor_files=actor_files))
    gold_articles = {json.loads(line)["article"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    paths = sorted(p for p in folder.rglob("*") if p.name in gold_articles)
    texts, preds = {}, []
    for item in read_inputs([str(p) for p in paths], pipeline.options):
        a = pipeline.prepare(item)
        texts[a.id] = a.text
        preds += [c.as_dict() for c in pipeline.extract(a)]
    return score(preds, load_gold(gold, texts), texts), paths + [gold]


@pytest.mark.parametrize("name", sorted(SETS))
def test_gate(name):
    m, paths = run_set(name)
    assert corpus_hash(paths) == BASELINE[name]["sha256"], "corpus or gold changed: re-score and update eval_baseline.json"
    print(name, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in m.items() if k not in ("errors", "missed", "spurious")}))
    for e in m["errors"] + [{"missed": x} for x in m["missed"]] + [{"spurious": x} for x in m["spurious"]]:
        print(e)
    for key, floor in BASELINE[name]["floors"].items():
        assert m[key] >= floor, f"{name}: {key} {m[key]:.3f} fell below its floor {floor}"


@pytest.mark.parametrize("name", sorted(SETS))
def test_linking_gate(name):
    """Pairwise proposition clustering against the gold topics (see bench/calibrate_link.py)."""
    gold, folder, actor_files = SETS[name]
    m = score_linking(Options(actor_files=actor_files), folder, gold)
    print(name, {k: round(v, 3) for k, v in m.items()})
    for key, floor in BASELINE[name]["link_floors"].items():
        assert m[key] >= floor, f"{name}: {key} {m[key]:.3f} fell below its floor {floor}"


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside this checkout")
@pytest.mark.slow  # a real process: seconds of start-up
def test_shared_seed_gate(tmp_path):
    """The team's shared scorer on the shared seed articles (read in place, never copied)."""
    out = tmp_path / "pred.jsonl"
    with out.open("w") as f:
        subprocess.run([sys.executable, "-m", "claimtrail.cli", "extract", str(SHARED_EVAL / "seeds"), "--format", "jsonl"],
                       stdout=f, check=True, cwd=ROOT)
    res = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(out), "--json"], capture_output=True, text=True, check=True)
    m = json.loads(res.stdout.strip().splitlines()[-1])
    print(m)
    for key, floor in BASELINE["seeds"]["floors"].items():
        assert m[key] >= floor, f"{key} {m[key]:.3f} fell below its floor {floor}"
