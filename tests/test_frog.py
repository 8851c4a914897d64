"""The optional Frog analyzer: alignment of its output with our offsets (no Frog needed), and a real
run through Debian's frog (CI installs it; CLAIMTRAIL_REQUIRE_FROG=1 makes a missing frog fail)."""

from __future__ import annotations

import os

import pytest

from claimtrail import frog
from claimtrail.analyze import analyze
from claimtrail.errors import ConfigError
from claimtrail.model import Article, Span
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

TEXT = "Kop\n\nDe Verenigde Staten melden  dat Amrani het zei. Dat meldde ook Vermeulen.\n"
# what frog --skip=ac prints for the two body sentences: index, word, lemma, morphology, tag,
# confidence, entity, chunk, -, head, relation; "Verenigde_Staten" is a multi-word unit
FROG_TSV = """\
1\tDe\tde\t\tLID(bep)\t0.9\tO\t\t\t2\tdet
2\tVerenigde_Staten\tVerenigde_Staten\t\tSPEC(deeleigen)\t1.0\tB-LOC\t\t\t3\tsu
3\tmelden\tmelden\t\tWW(pv,tgw,mv)\t0.9\tO\t\t\t0\tROOT
4\tdat\tdat\t\tVG(onder)\t0.9\tO\t\t\t3\tvc
5\tAmrani\tAmrani\t\tSPEC(deeleigen)\t1.0\tB-PER\t\t\t8\tsu
6\thet\thet\t\tVNW\t0.9\tO\t\t\t8\tobj1
7\tzei\tzeggen\t\tWW(pv,verl,ev)\t0.9\tO\t\t\t4\tbody
8\t.\t.\t\tLET()\t1.0\tO\t\t\t7\tpunct

1\tDat\tdat\t\tVNW\t0.9\tO\t\t\t2\tobj1
2\tmeldde\tmelden\t\tWW(pv,verl,ev)\t0.9\tO\t\t\t0\tROOT
3\took\took\t\tBW()\t0.9\tO\t\t\t2\tmod
4\tVermeulen\tVermeulen\t\tSPEC(deeleigen)\t1.0\tB-PER\t\t\t2\tsu
5\t.\t.\t\tLET()\t1.0\tO\t\t\t4\tpunct
"""


def analysis():
    article = Article(id="a.txt", text=TEXT, source="a.txt", kind="text", language="nl", body=[Span(5, len(TEXT) - 1)])
    return analyze(article, "nl")


def test_frog_words_align_with_the_original_text():
    an = analysis()
    frog.attach(an, frog.parse_output(FROG_TSV))
    first, second = an.sentences
    assert [w.text for w in first.words][:3] == ["De", "Verenigde Staten", "melden"]  # a multi-word unit keeps its spaces
    for sent in an.sentences:
        for w in sent.words:
            assert TEXT[w.start : w.end] == w.text and sent.start <= w.start < sent.end
    assert first.words[1].relation == "su" and first.words[first.words[1].head].text == "melden"
    assert second.words[3].head == 1  # heads renumbered within the sentence
    assert frog.entities(second) == [(TEXT.index("Vermeulen"), TEXT.index("Vermeulen") + 9, "PER")]
    assert [t.lemma for t in first.tokens if t.text == "zei"] == ["zeggen"]


def test_unknown_analyzer_and_missing_frog_are_clear_errors(monkeypatch):
    with pytest.raises(ConfigError, match="E023"):
        Options(analyzer="spacy")
    monkeypatch.setattr(frog.shutil, "which", lambda name: None)
    with pytest.raises(ConfigError, match="apt-get install frog frogdata"):
        frog.require()


needs_frog = pytest.mark.skipif(not frog.available() and os.environ.get("CLAIMTRAIL_REQUIRE_FROG") != "1",
                                reason="Debian's frog is not installed")


@needs_frog
@pytest.mark.slow
def test_frog_finds_a_lone_surname_as_speaker(tmp_path):
    f = tmp_path / "dijk.txt"
    f.write_text("Dijk houdt stand\n\nDe dijk bij Borgharen houdt het, bevestigde Amrani dinsdag. "
                 "Dat meldde ook Vermeulen aan het ANP.\n", encoding="utf-8")

    def sources(analyzer: str) -> list[str | None]:
        (res,) = list(Pipeline(Options(analyzer=analyzer)).run([str(f)]))
        return [c.source for c in res.claims]

    assert "Vermeulen" not in sources("builtin")
    with_frog = sources("frog")
    assert "Vermeulen" in with_frog and "Amrani" in with_frog
