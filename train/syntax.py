"""Train the syntax models shipped in src/claimtrail/models/<lang>/ (issue #13).

Steps, one language at a time (run them in order, or `all`):

    python train/syntax.py build    --lang nl   # treebanks -> train/dev/test .spacy files
    python train/syntax.py train    --lang nl   # spaCy pipeline: tok2vec, morphologizer, parser, lemmatizer
    python train/syntax.py evaluate --lang nl   # held-out test: UPOS, UAS/LAS, per-label F1, size, speed
    python train/syntax.py install  --lang nl   # copy the best model into the package, with its licence note

Data (see ../shared/treebanks/README.md; all CC BY-SA 4.0 except the Alpino XML, LGPL 2.1):
- en: UD_English-EWT; train = the documents listed in all_documents/file-lists/files.train,
  dev = en_ewt-ud-dev.conllu (early stopping), test = en_ewt-ud-test.conllu (held out).
- nl: test = nl_alpino-ud-test.conllu (held out); the other UD files (Alpino dev, LassySmall dev and
  test) plus the Alpino XML treebank converted to UD-style arcs (alpino_ud.py) are split 95/5 into
  train/dev by a fixed seed.
Every document is one sentence with gold tokens, as the analyzer parses our own sentences.
Training runs on one thread (OMP_NUM_THREADS=1); wrap it in `nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
TREEBANKS = Path(os.environ.get("CLAIMTRAIL_TREEBANKS", ROOT.parent / "shared" / "treebanks"))
if not TREEBANKS.exists():
    TREEBANKS = Path("/work/shared/treebanks")
WORK = Path(os.environ.get("CLAIMTRAIL_TRAIN_DIR", ROOT / "train" / "work"))
PACKAGE_MODELS = ROOT / "src" / "claimtrail" / "models"
PIPELINE = "morphologizer,parser,trainable_lemmatizer"
UD = "https://github.com/UniversalDependencies/"
SOURCES = {
    "en": [{"name": "UD_English-EWT", "url": UD + "UD_English-EWT", "license": "CC BY-SA 4.0"}],
    "nl": [{"name": "UD_Dutch-Alpino", "url": UD + "UD_Dutch-Alpino", "license": "CC BY-SA 4.0"},
           {"name": "UD_Dutch-LassySmall", "url": UD + "UD_Dutch-LassySmall", "license": "CC BY-SA 4.0"},
           {"name": "Alpino treebank (Gertjan van Noord, Gosse Bouma et al., RUG)",
            "url": "https://github.com/rug-compling/Alpino", "license": "LGPL 2.1"}],
}
LABELS_OF_INTEREST = ("nsubj", "ccomp", "appos", "nummod", "obl", "obj", "conj", "root")


# --- reading ---------------------------------------------------------------------------------------

def read_conllu(path: Path) -> list[list[dict]]:
    """Sentences of a CoNLL-U file; multi-word token ranges and empty nodes are skipped (we parse words)."""
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(tokens)
            tokens = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        tokens.append({
            "word": cols[1], "lemma": cols[2], "upos": cols[3],
            "feats": "" if cols[5] == "_" else cols[5],
            "head": int(cols[6]), "deprel": cols[7],
            "space": "SpaceAfter=No" not in cols[9], "xpos": cols[4],
        })
    if tokens:
        sentences.append(tokens)
    return sentences


read_conllu_xpos = read_conllu  # the XPOS column is kept (alpino_ud maps CGN tags through it)


def en_sentences() -> dict[str, list]:
    base = TREEBANKS / "en_ewt"
    names = (base / "all_documents" / "file-lists" / "files.train").read_text().split()
    train = [s for name in names for s in read_conllu(base / "all_documents" / "sources" / name)]
    return {"train": train, "dev": read_conllu(base / "en_ewt-ud-dev.conllu"),
            "test": read_conllu(base / "en_ewt-ud-test.conllu")}


def nl_sentences(with_alpino_xml: bool = True) -> dict[str, list]:
    pool = []
    for path in (TREEBANKS / "nl_alpino" / "nl_alpino-ud-dev.conllu",
                 TREEBANKS / "nl_lassysmall" / "nl_lassysmall-ud-dev.conllu",
                 TREEBANKS / "nl_lassysmall" / "nl_lassysmall-ud-test.conllu"):
        pool.extend(read_conllu(path))
    rng = random.Random(13)
    rng.shuffle(pool)
    n_dev = len(pool) // 10
    dev, train = pool[:n_dev], pool[n_dev:]
    if with_alpino_xml and (TREEBANKS / "nl_alpino_xml").exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from alpino_ud import read_treebank
        train = train + read_treebank(TREEBANKS / "nl_alpino_xml")
    return {"train": train, "dev": dev, "test": read_conllu(TREEBANKS / "nl_alpino" / "nl_alpino-ud-test.conllu")}


def to_doc(vocab, sentence: list[dict]):
    from spacy.tokens import Doc
    heads = [(t["head"] - 1) if t["head"] > 0 else i for i, t in enumerate(sentence)]
    return Doc(vocab, words=[t["word"] for t in sentence], spaces=[t["space"] for t in sentence],
               pos=[t["upos"] for t in sentence], morphs=[t["feats"] for t in sentence],
               lemmas=[t["lemma"] for t in sentence], heads=heads,
               deps=[t["deprel"] for t in sentence], sent_starts=[i == 0 for i in range(len(sentence))])


# --- steps -----------------------------------------------------------------------------------------

def build(lang: str) -> None:
    import spacy
    from spacy.tokens import DocBin
    nlp = spacy.blank(lang)
    splits = en_sentences() if lang == "en" else nl_sentences()
    out = WORK / lang
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for split, sentences in splits.items():
        bin_ = DocBin(store_user_data=False)
        for sentence in sentences:
            bin_.add(to_doc(nlp.vocab, sentence))
        bin_.to_disk(out / f"{split}.spacy")
        sizes[split] = {"sentences": len(sentences), "tokens": sum(len(s) for s in sentences)}
    (out / "sizes.json").write_text(json.dumps(sizes, indent=1))
    print(lang, json.dumps(sizes))


def write_config(lang: str) -> Path:
    out = WORK / lang
    config = out / "config.cfg"
    subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", lang,
                    "--pipeline", PIPELINE, "--optimize", "efficiency", "--force"], check=True)
    return config


def train(lang: str, max_steps: int, eval_frequency: int, patience: int) -> None:
    out = WORK / lang
    config = write_config(lang)
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out / "model"),
           "--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy"),
           f"--training.max_steps={max_steps}", f"--training.eval_frequency={eval_frequency}",
           f"--training.patience={patience}",
           "--training.score_weights.lemma_acc=0.1", "--training.score_weights.morph_acc=0.1",
           "--training.score_weights.pos_acc=0.2", "--training.score_weights.dep_uas=0.2",
           "--training.score_weights.dep_las=0.4",
           "--components.trainable_lemmatizer.min_tree_freq=3"]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    subprocess.run(cmd, check=True, env=env)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def evaluate(lang: str, model: Path | None = None) -> dict:
    """Scores on the held-out test split with gold tokens and gold sentences (as the analyzer runs)."""
    import spacy
    from spacy.scorer import Scorer
    from spacy.tokens import DocBin
    from spacy.training import Example
    model = model or WORK / lang / "model" / "model-best"
    @spacy.registry.tokenizers("claimtrail.no_rules.v1")  # as the analyzer loads it: no tokenizer rules
    def make():
        from spacy.tokenizer import Tokenizer
        return lambda nlp: Tokenizer(nlp.vocab)

    start = time.perf_counter()
    nlp = spacy.load(model, exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": "claimtrail.no_rules.v1"}}})
    load_s = time.perf_counter() - start
    gold = list(DocBin().from_disk(WORK / lang / "test.spacy").get_docs(nlp.vocab))
    from spacy.tokens import Doc
    inputs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d],
                  sent_starts=[t.i == 0 for t in d]) for d in gold]
    n_words = sum(len(d) for d in gold)
    start = time.process_time()  # CPU seconds of this one thread: the machine may be shared
    predicted = list(nlp.pipe(inputs, batch_size=256))
    seconds = time.process_time() - start
    examples = [Example(p, g) for p, g in zip(predicted, gold, strict=True)]
    scores = Scorer(nlp).score(examples)
    per_type = scores.get("dep_las_per_type") or {}
    sizes = json.loads((WORK / lang / "sizes.json").read_text())
    result = {
        "lang": lang, "train": sizes["train"], "dev": sizes["dev"], "test": sizes["test"],
        "upos_acc": round(100 * scores["pos_acc"], 1), "morph_acc": round(100 * scores["morph_acc"], 1),
        "lemma_acc": round(100 * scores["lemma_acc"], 1),
        "uas": round(100 * scores["dep_uas"], 1), "las": round(100 * scores["dep_las"], 1),
        "las_f1_per_label": {label: round(100 * per_type[label]["f"], 1)
                             for label in LABELS_OF_INTEREST if label in per_type},
        "size_mb": round(_dir_size(Path(model)) / 1e6, 1), "load_s": round(load_s, 2),
        "words_per_cpu_s_one_thread": int(n_words / seconds),
    }
    (WORK / lang / "scores.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return result


def install(lang: str) -> None:
    """Copy model-best into the package (the training-only parts stay out) and write its scores."""
    source = WORK / lang / "model" / "model-best"
    target = PACKAGE_MODELS / lang
    if target.exists():
        keep = {"README.md", "LICENSE"}
        for item in target.iterdir():
            if item.name not in keep:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        dest = target / item.name
        shutil.copytree(item, dest) if item.is_dir() else shutil.copy2(item, dest)
    meta = json.loads((target / "meta.json").read_text())
    meta.update(name=f"claimtrail_syntax_{lang}", version="0.1.0", license="CC BY-SA 4.0",
                description="claimtrail's syntax layer: UPOS, morphology, lemmas, UD dependencies (train/syntax.py)",
                sources=SOURCES[lang])
    (target / "meta.json").write_text(json.dumps(meta, indent=1))
    scores = WORK / lang / "scores.json"
    if scores.exists():
        shutil.copy2(scores, target / "scores.json")
    print(f"installed {source} -> {target} ({_dir_size(target) / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["build", "train", "evaluate", "install", "all"])
    parser.add_argument("--lang", choices=["nl", "en"], required=True)
    parser.add_argument("--max-steps", type=int, default=20000)
    parser.add_argument("--eval-frequency", type=int, default=200)
    parser.add_argument("--patience", type=int, default=1600)
    args = parser.parse_args(argv)
    if args.step in ("build", "all"):
        build(args.lang)
    if args.step in ("train", "all"):
        train(args.lang, args.max_steps, args.eval_frequency, args.patience)
    if args.step in ("evaluate", "all"):
        evaluate(args.lang)
    if args.step in ("install", "all"):
        install(args.lang)


if __name__ == "__main__":
    main()
