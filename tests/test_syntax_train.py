"""train/alpino_ud.py: an Alpino dependency tree (hand-built here) becomes UD-style arcs: content
words head their phrases (a preposition is ``case``, an auxiliary ``aux``, a complementizer
``mark``), Alpino's su/vc become nsubj/ccomp, and the first conjunct heads a coordination."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))

from alpino_ud import convert_file  # noqa: E402

XML = """<?xml version="1.0" encoding="UTF-8"?>
<alpino_ds version="1.3">
  <node begin="0" cat="top" end="12" id="0" rel="top">
    <node begin="0" cat="smain" end="11" id="1" rel="--">
      <node begin="0" end="1" id="2" index="1" lemma="Piet" pos="name" postag="N(eigen,ev,basis,zijd,stan)" pt="n" rel="su" word="Piet"/>
      <node begin="1" end="2" id="3" lemma="hebben" pos="verb" postag="WW(pv,tgw,met-t)" pt="ww" rel="hd" word="heeft"/>
      <node begin="0" cat="ppart" end="11" id="4" rel="vc">
        <node begin="0" end="1" id="5" index="1" rel="su"/>
        <node begin="2" cat="pp" end="4" id="6" rel="mod">
          <node begin="2" end="3" id="7" lemma="in" pos="prep" postag="VZ(init)" pt="vz" rel="hd" word="in"/>
          <node begin="3" end="4" id="8" lemma="Gent" pos="name" postag="N(eigen,ev,basis,zijd,stan)" pt="n" rel="obj1" word="Gent"/>
        </node>
        <node begin="4" end="5" id="9" lemma="zeggen" pos="verb" postag="WW(vd,vrij,zonder)" pt="ww" rel="hd" word="gezegd"/>
        <node begin="5" cat="cp" end="11" id="10" rel="vc">
          <node begin="5" end="6" id="11" lemma="dat" pos="comp" postag="VG(onder)" pt="vg" rel="cmp" word="dat"/>
          <node begin="6" cat="ssub" end="11" id="12" rel="body">
            <node begin="6" cat="conj" end="9" id="13" rel="su">
              <node begin="6" end="7" id="14" lemma="Jan" pos="name" postag="N(eigen,ev,basis,zijd,stan)" pt="n" rel="cnj" word="Jan"/>
              <node begin="7" end="8" id="15" lemma="en" pos="vg" postag="VG(neven)" pt="vg" rel="crd" word="en"/>
              <node begin="8" end="9" id="16" lemma="Marie" pos="name" postag="N(eigen,ev,basis,zijd,stan)" pt="n" rel="cnj" word="Marie"/>
            </node>
            <node begin="9" end="10" id="17" lemma="morgen" pos="adv" postag="BW()" pt="bw" rel="mod" word="morgen"/>
            <node begin="10" end="11" id="18" lemma="komen" pos="verb" postag="WW(pv,tgw,mv)" pt="ww" rel="hd" word="komen"/>
          </node>
        </node>
      </node>
    </node>
    <node begin="11" end="12" id="19" lemma="." pos="punct" postag="LET()" pt="let" rel="--" word="."/>
  </node>
  <sentence>Piet heeft in Gent gezegd dat Jan en Marie morgen komen .</sentence>
</alpino_ds>
"""


def test_alpino_tree_to_ud_arcs(tmp_path):
    path = tmp_path / "1.xml"
    path.write_text(XML, encoding="utf-8")
    sentence = convert_file(path, table={})
    words = [t["word"] for t in sentence]
    arcs = {t["word"]: (words[t["head"] - 1] if t["head"] else None, t["deprel"], t["upos"]) for t in sentence}
    assert arcs["gezegd"] == (None, "root", "VERB")
    assert arcs["Piet"] == ("gezegd", "nsubj", "NOUN")  # no CGN table given: the pt fallback tags it
    assert arcs["heeft"] == ("gezegd", "aux", "AUX")
    assert arcs["in"] == ("Gent", "case", "ADP") and arcs["Gent"][:2] == ("gezegd", "obl")
    assert arcs["komen"][:2] == ("gezegd", "ccomp") and arcs["dat"][:2] == ("komen", "mark")
    assert arcs["Jan"][:2] == ("komen", "nsubj") and arcs["Marie"][:2] == ("Jan", "conj")
    assert arcs["en"][:2] == ("Marie", "cc") and arcs["morgen"][:2] == ("komen", "advmod")
    assert arcs["."][:2] == ("gezegd", "punct")
