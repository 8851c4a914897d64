"""claimtrail.evaluate keeps the shared scorer's rules: both give identical numbers on the same predictions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from claimtrail.evaluate import (
    Gold,
    bcubed,
    gold_from_records,
    load_gold,
    match,
    mixed_propositions,
    pairwise,
    read_jsonl,
    score,
)
from claimtrail.ingest import read_inputs
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

from .conftest import EXAMPLES, SHARED_EVAL

SHARED_SCORER = SHARED_EVAL / "score.py"
needs_shared = pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/eval is not beside this checkout")
NUMERIC = ["predicted", "gold_required", "gold_optional", "detect_precision", "detect_recall", "detect_f1", "source_acc",
           "stance_acc", "polarity_acc", "quantity_acc", "date_acc", "strict_precision", "strict_recall", "strict_f1"]


def _extract(paths, actor_files=()):
    pipeline = Pipeline(Options(actor_files=tuple(actor_files)))
    texts, preds = {}, []
    for item in read_inputs([str(p) for p in paths], pipeline.options):
        a = pipeline.prepare(item)
        texts[a.id] = a.text
        preds += [c.as_dict() for c in pipeline.extract(a)]
    return preds, texts


def _shared(tmp_path, preds, gold, actors, dates, texts_dir):
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    args = [sys.executable, str(SHARED_SCORER), str(pred_file), "--gold", str(gold), "--actors", str(actors),
            "--dates", str(dates), "--texts", str(texts_dir), "--json"]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])


def _same(ours: dict, theirs: dict) -> None:
    for key in NUMERIC:
        assert round(ours[key], 4) == pytest.approx(theirs[key], abs=1e-9), key


@needs_shared
def test_same_numbers_as_the_shared_scorer_on_the_seeds(tmp_path):
    preds, texts = _extract(sorted((SHARED_EVAL / "seeds").iterdir()))
    records = read_jsonl(SHARED_EVAL / "gold_seeds.jsonl")
    actors = json.loads((SHARED_EVAL / "actors_seeds.json").read_text(encoding="utf-8"))
    dates = json.loads((SHARED_EVAL / "dates_seeds.json").read_text(encoding="utf-8"))
    # a perturbed copy too, so that the comparison covers errors and not only perfect predictions
    broken = [dict(p, source=None if i % 3 == 0 else p["source"], stance="deny" if i % 4 == 0 else p["stance"],
                   quantities=[] if i % 5 == 0 else p["quantities"], date=None if i % 6 == 0 else p["date"])
              for i, p in enumerate(preds) if i % 7]
    for variant in (preds, broken):
        ours = score(variant, gold_from_records(records, actors), texts, dates)
        theirs = _shared(tmp_path, variant, SHARED_EVAL / "gold_seeds.jsonl", SHARED_EVAL / "actors_seeds.json",
                         SHARED_EVAL / "dates_seeds.json", SHARED_EVAL / "seeds")
        _same(ours, theirs)
    assert score(broken, gold_from_records(records, actors), texts, dates)["strict_f1"] < 0.9


@needs_shared
def test_same_numbers_as_the_shared_scorer_on_the_examples_gold(tmp_path):
    gold_path = EXAMPLES.parent / "tests" / "gold" / "examples_gold.jsonl"
    names = {g["article"] for g in read_jsonl(gold_path)}
    preds, texts = _extract(sorted(p for p in EXAMPLES.rglob("*") if p.name in names), [EXAMPLES / "actors.yaml"])
    gold = load_gold(gold_path, texts)
    # the same gold in the shared layout: offsets, one actor id per claim, the articles' texts in a folder
    texts_dir = tmp_path / "texts"
    texts_dir.mkdir()
    for name, text in texts.items():
        (texts_dir / name).write_text(text, encoding="utf-8")
    actors = {f"g{i}": g.aliases for i, g in enumerate(gold)}
    shared_gold = tmp_path / "gold.jsonl"
    shared_gold.write_text("".join(json.dumps({"article": g.article, "evidence": g.evidence, "start": g.start, "end": g.end,
                                               "source_ids": [f"g{i}"], "stance": g.stance, "quantities": g.quantities,
                                               "optional": g.optional}) + "\n" for i, g in enumerate(gold)), encoding="utf-8")
    (tmp_path / "actors.json").write_text(json.dumps(actors), encoding="utf-8")
    (tmp_path / "dates.json").write_text("{}", encoding="utf-8")
    ours = score(preds, gold, texts)
    _same(ours, _shared(tmp_path, preds, shared_gold, tmp_path / "actors.json", tmp_path / "dates.json", texts_dir))
    assert ours["strict_f1"] > 0.5


def _g(article, start, prop):
    return Gold(article, start, start + 10, ["x"], "assert", [], False, proposition=prop)


def test_linking_scores_on_hand_made_clusters():
    gold = [_g("a", 0, "p1"), _g("a", 20, "p1"), _g("b", 0, "p1"), _g("b", 20, "p2")]
    gm = {0: 0, 1: 1, 2: 2, 3: 3}
    perfect = {0: "x", 1: "x", 2: "x", 3: "y"}
    assert pairwise(gold, gm, perfect)["pair_f1"] == 1.0
    assert bcubed(gold, gm, perfect)["bcubed_f1"] == 1.0
    lumped = {0: "x", 1: "x", 2: "x", 3: "x"}
    m = bcubed(gold, gm, lumped)
    assert m["bcubed_recall"] == 1.0
    assert m["bcubed_precision"] == pytest.approx((3 * 3 / 4 + 1 / 4) / 4)
    assert pairwise(gold, gm, lumped)["pair_precision"] == pytest.approx(3 / 6)
    split = {0: "x", 1: "y", 2: None, 3: "z"}  # an unlinked claim is a cluster of its own
    m = bcubed(gold, gm, split)
    assert m["bcubed_precision"] == 1.0 and m["bcubed_recall"] == pytest.approx((1 / 3 * 3 + 1) / 4)
    assert mixed_propositions(gold, gm, lumped, {"a": "s1", "b": "s2"}) == 1
    assert mixed_propositions(gold, gm, perfect, {"a": "s1", "b": "s1"}) == 0


def test_match_prefers_the_right_source_and_matches_each_side_once():
    text = "De minister zei dat er 300 doden zijn. De burgemeester zei dat er 20 gewonden zijn."
    gold = [Gold("a", 0, 37, ["minister"], "assert", [300], False), Gold("a", 39, 82, ["burgemeester"], "assert", [20], False)]
    preds = [{"article": "a", "start": 0, "end": 82, "source": "burgemeester"},
             {"article": "a", "start": 0, "end": 37, "source": "de minister"}]
    assert match(preds, gold, {"a": text}) == {0: 1, 1: 0}
