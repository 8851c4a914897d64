"""bench/realnews.py and eval/realnews/build_gold.py on a small corpus written for this test."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

ARTICLES = {
    "nl_brand_a_01.txt": " date 2031-03\nBij een brand in een loods in Veendam zijn zeker twaalf mensen gewond geraakt, meldt de "
    "brandweer. Volgens burgemeester Karin Vos zijn drie van hen ernstig gewond.\n",
    "en_fire_b_01.txt": " date 2031-03\nTwelve people were injured in a warehouse fire in Veendam, the fire brigade said. "
    "Mayor Karin Vos said three of them were seriously hurt.\n",
    "en_strike_c_01.txt": " date 2031-04\nThe union said 4,000 workers walked out on Monday. The company denied that "
    "production had stopped.\n",
}
ANN = [
    ("nl_brand_a_01.txt", "zeker twaalf mensen gewond geraakt, meldt de brandweer", ["brand.brandweer"], "assert", [12], "brand:injured"),
    ("nl_brand_a_01.txt", "Volgens burgemeester Karin Vos zijn drie van hen ernstig gewond", ["brand.vos"], "assert", [3], "brand:serious"),
    ("en_fire_b_01.txt", "Twelve people were injured in a warehouse fire in Veendam, the fire brigade said", ["brand.brandweer"], "assert", [12], "brand:injured"),
    ("en_fire_b_01.txt", "Mayor Karin Vos said three of them were seriously hurt", ["brand.vos"], "assert", [3], "brand:serious"),
    ("en_strike_c_01.txt", "The union said 4,000 workers walked out on Monday", ["strike.union"], "assert", [4000], "strike:walkout"),
    ("en_strike_c_01.txt", "The company denied that production had stopped", ["strike.company"], "deny", [], "strike:stopped"),
]


def _corpus(tmp_path):
    corpus = tmp_path / "realnews"
    (corpus / "texts").mkdir(parents=True)
    (corpus / "work").mkdir()
    for name, text in ARTICLES.items():
        (corpus / "texts" / name).write_text(text, encoding="utf-8")
    rows = ["filename\turl\toutlet\tpublished\tlanguage\tstory\tsplit\tquery",
            "nl_brand_a_01.txt\thttps://example.org/a\tA\t2031-03\tnl\tbrand\tdev\tbrand veendam",
            "en_fire_b_01.txt\thttps://example.org/b\tB\t2031-03\ten\tbrand\tdev\tfire veendam",
            "en_strike_c_01.txt\thttps://example.org/c\tC\t2031-04\ten\tstrike\tblind\tunion walk out"]
    (corpus / "sources.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (corpus / "work" / "a.jsonl").write_text("".join(json.dumps(dict(zip(
        ["article", "evidence", "source_ids", "stance", "quantities", "proposition"], x, strict=True))) + "\n" for x in ANN),
        encoding="utf-8")
    (corpus / "actors.json").write_text(json.dumps({
        "brand.brandweer": ["brandweer", "the fire brigade", "fire brigade"], "brand.vos": ["karin vos", "vos", "burgemeester"],
        "strike.union": ["union", "the union"], "strike.company": ["company", "the company"]}), encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "eval" / "realnews" / "build_gold.py"), "--corpus", str(corpus)], check=True)
    return corpus


def _bench(corpus, *args):
    return subprocess.run([sys.executable, str(ROOT / "bench" / "realnews.py"), "--corpus", str(corpus), *args],
                          capture_output=True, text=True)


def test_gold_is_text_free_and_the_bench_scores_each_split_and_language(tmp_path):
    corpus = _corpus(tmp_path)
    gold = [json.loads(x) for x in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(gold) == len(ANN) and all("evidence" not in g and len(g["evidence_sha1"]) == 40 for g in gold)
    for g in gold:  # the offsets hold the evidence
        text = ARTICLES[g["article"]]
        assert any(text[g["start"]:g["end"]] == a[1] for a in ANN if a[0] == g["article"])
    r = _bench(corpus, "--split", "all", "--json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert set(res) == {"dev", "blind"} and set(res["dev"]) == {"nl", "en", "all"}
    dev = res["dev"]["all"]
    assert dev["gold_required"] == 4 and dev["articles"] == 2
    for key in ("detect_f1", "strict_f1", "source_acc", "pair_f1", "bcubed_f1", "date_acc"):
        assert 0.0 <= dev[key] <= 1.0
    assert dev["detect_recall"] > 0.5  # plain "X said" sentences are found
    assert res["blind"]["all"]["mixed_propositions"] == 0


def test_blind_errors_are_never_printed_and_missing_texts_are_listed(tmp_path):
    corpus = _corpus(tmp_path)
    r = _bench(corpus, "--split", "blind", "--show-errors")
    assert r.returncode != 0 and "dev split only" in r.stderr
    (corpus / "texts" / "en_fire_b_01.txt").unlink()
    (corpus / "texts" / "nl_brand_a_01.txt").write_text("changed", encoding="utf-8")
    r = _bench(corpus, "--check")
    assert r.returncode == 1
    assert "missing  en_fire_b_01.txt  https://example.org/b" in r.stderr and "fire veendam" in r.stderr
    assert "changed  nl_brand_a_01.txt" in r.stderr
