"""The analyzer registry and the learned syntax layer (``--analyzer syntax``) on hand-built sentences:
our sentences and offsets are kept word for word, and plain reporting sentences get their subject
as ``nsubj`` of the reporting verb and the reported clause as ``ccomp``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from claimtrail import analyzers
from claimtrail.analyze import analyze
from claimtrail.analyzers import syntax
from claimtrail.errors import ConfigError
from claimtrail.model import Article, Span
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

NL = "Kop\n\nDe minister zei  dinsdag dat de regering het plan steunt. Volgens de bond  kost het 3 miljoen euro.\n"
EN = "Title\n\nThe minister said on Tuesday that the plan was too expensive.  \"It will cost $3 million,\" she told reporters.\n"


def parsed(text: str, lang: str):
    body_start = text.index("\n\n") + 2
    article = Article(id="a.txt", text=text, source="a.txt", kind="text", language=lang,
                      body=[Span(body_start, len(text) - 1)])
    an = analyze(article, lang)
    analyzers.get("syntax").annotate([an])
    return an


def word(sentence, text):
    (w,) = [w for w in sentence.words if w.text == text]
    return w


def head_of(sentence, w):
    return sentence.words[w.head] if w.head >= 0 else None


def test_registry_names_and_unknown_name():
    assert {"builtin", "frog", "syntax"} <= set(analyzers.names())
    assert analyzers.get("syntax").languages == ("nl", "en")
    with pytest.raises(ConfigError, match="E023"):
        analyzers.get("spacy-large")
    assert Pipeline(Options(analyzer="builtin")).batch_size == 1
    assert Pipeline(Options(analyzer="syntax")).batch_size > 1


def test_builtin_attaches_nothing():
    article = Article(id="a", text=NL, source="a", kind="text", language="nl", body=[Span(5, len(NL) - 1)])
    an = analyze(article, "nl")
    analyzers.get("builtin").annotate([an])
    assert all(s.words == [] for s in an.sentences)


@pytest.mark.parametrize(("text", "lang"), [(NL, "nl"), (EN, "en")])
def test_words_keep_our_tokens_and_offsets(text, lang):
    an = parsed(text, lang)
    assert len(an.sentences) == 2
    for sent in an.sentences:
        assert [(w.start, w.end) for w in sent.words] == [(t.start, t.end) for t in sent.tokens]
        for w in sent.words:
            assert text[w.start : w.end] == w.text and sent.start <= w.start < sent.end
            assert w.pos and w.relation and w.lemma
        roots = [w for w in sent.words if w.head == -1]
        assert len(roots) == 1 and roots[0].relation == "ROOT"  # one tree per sentence: never split
        assert all(-1 <= w.head < len(sent.words) for w in sent.words)


def test_dutch_reporting_sentence():
    first, second = parsed(NL, "nl").sentences
    minister, zei = word(first, "minister"), word(first, "zei")
    assert minister.relation == "nsubj" and head_of(first, minister) is zei
    assert zei.pos == "VERB" and zei.lemma == "zeggen" and "Tense=Past" in zei.morph
    assert word(first, "steunt").relation == "ccomp" and head_of(first, word(first, "steunt")) is zei
    assert word(first, "regering").relation == "nsubj" and word(first, "plan").relation == "obj"
    assert word(first, "dat").relation == "mark"
    assert word(second, "3").relation == "nummod"
    assert word(second, "bond").relation in ("obl", "nmod")


def test_english_reporting_sentence():
    first, second = parsed(EN, "en").sentences
    minister, said = word(first, "minister"), word(first, "said")
    assert minister.relation == "nsubj" and head_of(first, minister) is said
    assert said.pos == "VERB" and said.lemma == "say"
    assert word(first, "expensive").relation == "ccomp" and head_of(first, word(first, "expensive")) is said
    assert word(second, "she").relation == "nsubj" and word(second, "told").lemma == "tell"


def test_check_names_a_missing_model(monkeypatch, tmp_path):
    analyzers.get("syntax").check()
    monkeypatch.setattr(syntax, "model_dir", lambda lang: tmp_path / lang)
    with pytest.raises(ConfigError, match="E026.*model is missing"):
        analyzers.get("syntax").check()


def test_models_load_lazily():
    code = "import sys, claimtrail.options, claimtrail.pipeline; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
