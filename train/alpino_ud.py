"""Alpino XML dependency trees -> UD-style sentences (tokens, lemma, UPOS, feats, head, deprel).

A compact approximation of the UD_Dutch-Alpino conversion (Bouma & van Noord's alud), enough to add
the Alpino treebank's 216k gold tokens to the Dutch training data:
- the head of a phrase is its `hd` child, except that UD heads are content words: a preposition
  becomes `case` of its object, an auxiliary (hebben, zijn, worden, zullen, kunnen, moeten, mogen with
  a `vc` infinitive/participle) `aux`/`aux:pass` of the verb, the copula `zijn` `cop` of its `predc`,
  a complementizer (`cmp`) `mark` of its `body`, a relative/wh word takes the role of its trace;
- the first conjunct heads a coordination (`cc` goes to the next conjunct), the first part heads a
  multi-word unit (`flat` for names, `fixed` otherwise), `nucl`/first `dp` heads a discourse unit;
- Alpino's relation + the categories of head and dependent give the UD label (su -> nsubj, vc ->
  ccomp/xcomp, app -> appos, mod -> obl/nmod/amod/advmod/advcl/acl...);
- UPOS and FEATS come from the CGN tag (`postag`) through the most frequent pair seen for that tag
  in the UD training files (never the test file), AUX only where the verb is used as aux/cop;
- punctuation attaches to the head of the smallest phrase spanning both its neighbours.
Sentences whose conversion is not a single-rooted tree over all words are dropped.
"""

from __future__ import annotations

import collections
from pathlib import Path
from xml.etree import ElementTree

AUX_LEMMAS = {"hebben", "zijn", "worden", "zullen", "kunnen", "moeten", "mogen"}
CLAUSES = {"smain", "ssub", "sv1", "cp", "ti", "oti", "inf", "whsub", "whq", "whrel", "rel", "du", "svan",
           "ppart", "ahi"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"}
PT_UPOS = {"n": "NOUN", "adj": "ADJ", "ww": "VERB", "tw": "NUM", "vnw": "PRON", "lid": "DET", "vz": "ADP",
           "vg": "CCONJ", "bw": "ADV", "tsw": "INTJ", "spec": "X", "let": "PUNCT"}


def cgn_table(sentences: list[list[dict]], xpos_of: dict) -> dict[str, tuple[str, str]]:
    """xpos (N|soort|ev|...) -> most frequent (UPOS, FEATS) in UD sentences."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for sentence in sentences:
        for token in sentence:
            xpos = token.get("xpos")
            if xpos:
                upos = "VERB" if token["upos"] == "AUX" else token["upos"]
                counts[xpos][(upos, token["feats"])] += 1
    return {xpos: c.most_common(1)[0][0] for xpos, c in counts.items()}


class _Tree:
    def __init__(self, root, table):
        self.table = table
        self.leaves = {}
        self.traces = {}          # index -> rel of an empty (co-indexed) node, first seen
        self.parent = {}
        for node in root.iter("node"):
            for child in node.findall("node"):
                self.parent[child] = node
            if node.get("word") is not None:
                self.leaves[int(node.get("begin"))] = node
            elif node.get("cat") is None and node.get("index") is not None:
                self.traces.setdefault((node.get("index"), self.parent.get(node)), node.get("rel"))
        self.heads: dict[int, tuple[int, str]] = {}
        self.head_memo: dict = {}
        self.upos = {}
        self.feats = {}
        for pos, leaf in self.leaves.items():
            postag = leaf.get("postag", "")
            xpos = postag.replace("(", "|").replace(",", "|").rstrip(")").rstrip("|")
            upos, feats = table.get(xpos, (PT_UPOS.get(leaf.get("pt", ""), "X"), ""))
            if upos == "PRON" and "det" in postag:
                upos = "DET"
            self.upos[pos], self.feats[pos] = upos, feats

    @staticmethod
    def kids(node):
        return sorted((c for c in node.findall("node") if c.get("word") is not None or c.get("cat") is not None),
                      key=lambda c: int(c.get("begin")))

    def passive(self, clause, vc) -> bool:
        su = next((c for c in clause.findall("node") if c.get("rel") == "su"), None)
        if su is None or su.get("index") is None:
            return False
        return any(c.get("rel") == "obj1" and c.get("index") == su.get("index") and c.get("word") is None
                   for c in vc.findall("node"))

    def choose(self, node):
        """(content child, [(child, forced label or None)]) for a phrase."""
        kids = self.kids(node)
        by_rel = collections.defaultdict(list)
        for k in kids:
            by_rel[k.get("rel")].append(k)
        cat = node.get("cat")
        forced = {}
        head = None
        if cat == "mwu":
            head = kids[0]
        elif cat == "conj" and by_rel["cnj"]:
            head = by_rel["cnj"][0]
        elif by_rel["cmp"] and by_rel["body"]:
            head = by_rel["body"][0]
            for k in by_rel["cmp"]:
                forced[k] = "mark"
        elif (by_rel["rhd"] or by_rel["whd"]) and by_rel["body"]:
            head = by_rel["body"][0]
        elif cat == "du":
            head = (by_rel["nucl"] or by_rel["dp"] or kids)[0]
        elif by_rel["hd"]:
            hd = by_rel["hd"][0]
            lemma = hd.get("lemma", "")
            objs = by_rel["obj1"] or by_rel["pobj1"] or by_rel["vc"] or by_rel["predc"]
            if hd.get("pt") == "vz" and cat == "pp" and objs:
                head, forced[hd] = objs[0], "case"
            elif hd.get("pt") == "ww" and lemma in AUX_LEMMAS and by_rel["vc"] and \
                    by_rel["vc"][0].get("cat") in ("inf", "ppart"):
                vc = by_rel["vc"][0]
                passive = vc.get("cat") == "ppart" and (lemma == "worden" or self.passive(node, vc))
                head, forced[hd] = vc, ("aux:pass" if passive else "aux")
                if passive:
                    for k in by_rel["su"]:
                        forced[k] = "nsubj:pass"
            elif hd.get("pt") == "ww" and lemma == "zijn" and by_rel["predc"] and not by_rel["vc"]:
                head, forced[hd] = by_rel["predc"][0], "cop"
            else:
                head = hd
        else:
            for rel in ("crd", "dlink", "rhd", "whd", "nucl", "dp", "cnj", "mwp"):
                if by_rel[rel]:
                    head = by_rel[rel][0]
                    break
            head = head if head is not None else kids[0]
        return head, [(k, forced.get(k)) for k in kids if k is not head]

    def head_leaf(self, node) -> int:
        if node.get("word") is not None:
            return int(node.get("begin"))
        if node not in self.head_memo:
            self.head_memo[node] = self.head_leaf(self.choose(node)[0])
        return self.head_memo[node]

    def label(self, child, parent, head_pos: int, dep_pos: int) -> str:
        rel, cat = child.get("rel"), child.get("cat")
        if cat == "conj":                      # a coordination has the category of its conjuncts
            first = next((k for k in self.kids(child) if k.get("rel") == "cnj"), None)
            cat = first.get("cat") if first is not None else cat
        dep_upos, head_upos = self.upos[dep_pos], self.upos[head_pos]
        nominal_head = head_upos in NOMINAL
        clause = cat in CLAUSES
        if rel in ("rhd", "whd"):
            body = next((c for c in parent.findall("node") if c.get("rel") == "body"), None)
            trace_rel = None
            if body is not None:
                for (index, _p), r in self.traces.items():
                    if index == child.get("index"):
                        trace_rel = r
                        break
            rel = trace_rel or "mod"
            clause = False
        if rel == "su":
            return "csubj" if clause else "nsubj"
        if rel == "obj1":
            return "ccomp" if clause else ("obl" if cat == "pp" else "obj")
        if rel == "obj2":
            return "obl" if cat == "pp" else "iobj"
        if rel in ("sup", "pobj1"):
            return "expl"
        if rel == "se":
            return "expl:pv"
        if rel == "vc":
            return "ccomp" if cat in ("cp", "whsub", "smain", "sv1", "du", "whq", "whrel") else "xcomp"
        if rel == "predc":
            return "xcomp"
        if rel == "pc":
            return "obl:arg"
        if rel == "ld":
            return "obl" if cat in ("pp", "np") or dep_upos in NOMINAL else "advmod"
        if rel == "det":
            if dep_upos == "NUM":
                return "nummod"
            if "Poss=Yes" in self.feats[dep_pos]:
                return "nmod:poss"
            return "nmod" if cat else "det"
        if rel == "app":
            return "appos"
        if rel == "cnj":
            return "conj"
        if rel == "crd":
            return "cc"
        if rel == "dlink":
            return "cc" if dep_upos == "CCONJ" else "advmod"
        if rel in ("dp", "sat", "tag", "nucl"):
            return "parataxis"
        if rel == "svp":
            return "compound:prt" if cat is None else "obl"
        if rel == "hdf":
            return "case"
        if rel == "mwp":
            return "flat" if self.upos[self.head_leaf(parent)] == "PROPN" else "fixed"
        if rel == "cmp":
            return "mark"
        if rel == "--":
            return "punct" if dep_upos == "PUNCT" else "parataxis"
        # mod, predm, me, obcomp and the rest
        if clause:
            if cat in ("rel", "whrel"):
                return "acl:relcl"
            return "acl" if nominal_head else "advcl"
        if cat == "pp" or dep_upos in ("NOUN", "PROPN", "PRON"):
            return "nmod" if nominal_head else "obl"
        if dep_upos == "NUM":
            return "nummod" if nominal_head else "obl"
        if dep_upos in ("ADJ", "VERB"):
            return "amod" if nominal_head else "advmod"
        return "advmod"

    def convert(self) -> list[dict] | None:
        positions = sorted(self.leaves)
        if positions != list(range(len(positions))) or not positions:
            return None
        top = self.root
        for node in top.iter("node"):
            if node.get("cat") is None or node is top:
                continue
            head, others = self.choose(node)
            h = self.head_leaf(head)
            conjuncts = [k for k in self.kids(node) if k.get("rel") == "cnj"] if node.get("cat") == "conj" else []
            for child, forced in others:
                d = self.head_leaf(child)
                if child.get("rel") == "crd":          # UD: cc attaches to the conjunct that follows it
                    after = [k for k in conjuncts if int(k.get("begin")) > d]
                    if after:
                        self.heads[d] = (self.head_leaf(after[0]), "cc")
                        continue
                if self.upos[d] == "PUNCT" and child.get("word") is not None:
                    continue                                  # punctuation is placed below
                self.heads[d] = (h, forced or self.label(child, node, h, d))
        main = [k for k in self.kids(top) if not (k.get("word") is not None and self.upos[int(k.get("begin"))] == "PUNCT")]
        if not main:
            return None
        main.sort(key=lambda k: int(k.get("end")) - int(k.get("begin")), reverse=True)
        root = self.head_leaf(main[0])
        self.heads[root] = (-1, "root")
        for k in main[1:]:
            self.heads[self.head_leaf(k)] = (root, "parataxis")
        spans = [(int(n.get("begin")), int(n.get("end")), n) for n in top.iter("node")
                 if n.get("cat") is not None and n is not top]
        for pos in positions:
            if pos in self.heads:
                continue
            if self.upos[pos] != "PUNCT":
                return None
            covering = [(e - b, n) for b, e, n in spans if b <= pos - 1 and e >= pos + 2]
            head = self.head_leaf(min(covering, key=lambda x: x[0])[1]) if covering else root
            self.heads[pos] = (head if head != pos else root, "punct")
        sentence = []
        for pos in positions:
            leaf = self.leaves[pos]
            head, deprel = self.heads[pos]
            upos = self.upos[pos]
            if deprel in ("aux", "aux:pass", "cop"):
                upos = "AUX"
            sentence.append({"word": leaf.get("word"), "lemma": leaf.get("lemma", leaf.get("word")),
                             "upos": upos, "feats": self.feats[pos], "head": head + 1, "deprel": deprel,
                             "space": True})
        return sentence if _is_tree(sentence) else None


def _is_tree(sentence: list[dict]) -> bool:
    if sum(t["head"] == 0 for t in sentence) != 1:
        return False
    for i in range(len(sentence)):
        seen, j = set(), i
        while sentence[j]["head"] != 0:
            if j in seen:
                return False
            seen.add(j)
            j = sentence[j]["head"] - 1
    return True


def convert_file(path: Path, table: dict) -> list[dict] | None:
    root = ElementTree.parse(path).getroot().find("node")
    tree = _Tree(root, table)
    tree.root = root
    return tree.convert()


def read_treebank(folder: Path, ud_sentences: list[list[dict]] | None = None) -> list[list[dict]]:
    from syntax import TREEBANKS, read_conllu_xpos
    if ud_sentences is None:
        ud_sentences = []
        for name in ("nl_alpino/nl_alpino-ud-dev.conllu", "nl_lassysmall/nl_lassysmall-ud-dev.conllu",
                     "nl_lassysmall/nl_lassysmall-ud-test.conllu"):
            ud_sentences.extend(read_conllu_xpos(TREEBANKS / name))
    table = cgn_table(ud_sentences, {})
    out, dropped = [], 0
    for path in sorted(folder.glob("*/*.xml")):
        try:
            sentence = convert_file(path, table)
        except (ElementTree.ParseError, KeyError, ValueError, IndexError):
            sentence = None
        if sentence:
            out.append(sentence)
        else:
            dropped += 1
    print(f"alpino xml: {len(out)} sentences converted, {dropped} dropped")
    return out
