"""Attribution read off a dependency parse: who is the subject of a reporting verb, what a number counts.

Works on the words an analyzer attached to a sentence (``Sentence.words``) when they carry Universal
Dependencies relations (``--analyzer syntax``); on any other sentence every function answers None and
the caller keeps its token rules. Nothing here knows a word of any language: only relations, parts of
speech and morphology.

- the **subject** of a verb: its ``nsubj``/``csubj`` child, or the agent (``obl:agent``) of a passive;
  a verb coordinated with an earlier one, or the complement of another verb ("declined to confirm"),
  shares that verb's subject; the subject of a relative clause is the noun the clause hangs on;
- its **span**: the subject's subtree without relative clauses, adverbial clauses, parataxis and the
  punctuation at its edges, so appositions, titles and flat names stay ("Rabobank analyst Anna Berg",
  "de Belgische openbare omroep VRT");
- the **counted noun** of a number: the head it modifies (``nummod``), "5,000 South Sudanese refugees"
  -> "refugees".
"""

from __future__ import annotations

from ..model import ParsedWord, Quantity, Sentence

SUBJECTS = ("nsubj", "nsubj:pass", "csubj", "csubj:pass")
AGENT = "obl:agent"
CLIMB = ("aux", "aux:pass", "cop", "compound:prt", "fixed", "flat", "compound")  # from a cue word to its predicate
SHARE = ("conj", "xcomp")  # a verb without a subject shares its head's
RELATIVE = ("acl:relcl",)
CUT = ("acl:relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "xcomp", "dep", "discourse", "vocative", "list", "orphan")
COUNTED_GAP = 4  # words between a number and the noun it counts ("3000 zwaar bewapende Noord-Koreaanse militairen")
UD_MARKERS = frozenset(("nsubj", "obj", "obl", "root", "punct", "det", "case", "nmod", "amod", "advmod", "mark"))


class Tree:
    """The dependency tree of one sentence, indexed by token."""

    def __init__(self, sent: Sentence, passive_auxiliaries: frozenset[str] | set[str] = frozenset()) -> None:
        self.words: list[ParsedWord] = sent.words
        self.passive_auxiliaries = passive_auxiliaries
        self.ok = bool(self.words) and sum(w.relation.split(":")[0] in UD_MARKERS for w in self.words) * 2 >= len(self.words)
        self.children: list[list[int]] = [[] for _ in self.words]
        for i, w in enumerate(self.words):
            if 0 <= w.head < len(self.words) and w.head != i:
                self.children[w.head].append(i)
        by_start = {w.start: i for i, w in enumerate(self.words)}
        self.word_of_token = [by_start.get(t.start) for t in sent.tokens]

    def word(self, token: int) -> int | None:
        return self.word_of_token[token] if 0 <= token < len(self.word_of_token) else None

    def rel(self, i: int) -> str:
        return self.words[i].relation

    def head(self, i: int) -> int | None:
        h = self.words[i].head
        return h if 0 <= h < len(self.words) and h != i else None

    def predicate(self, i: int) -> int:
        """The word a cue word belongs to: an auxiliary, copula or particle points to its verb."""
        seen = 0
        while self.rel(i) in CLIMB and (h := self.head(i)) is not None and seen < 4:
            i, seen = h, seen + 1
        return i

    def child(self, i: int, rels: tuple[str, ...]) -> int | None:
        return next((c for c in self.children[i] if self.rel(c) in rels), None)

    def subject(self, verb: int) -> tuple[int, str] | None:
        """(word, how) for the subject of ``verb``: "subject", "agent" (a passive's "by X") or "shared"."""
        seen: set[int] = set()
        how = "subject"
        v: int | None = verb
        while v is not None and v not in seen:
            seen.add(v)
            agent = self.child(v, (AGENT,))
            if agent is not None and self.passive(v):
                return agent, "agent"
            s = self.child(v, SUBJECTS)
            if s is not None:
                if self.rel(s).endswith(":pass") or self.passive(v):
                    return None  # "he was denied access": the subject undergoes it, no one is named
                if self.rel(v) in RELATIVE and self.words[s].pos == "PRON" and "PronType=Rel" in self.words[s].morph \
                        and (h := self.head(v)) is not None:
                    return h, how  # "the ministry, which said": the noun the clause hangs on
                return s, how
            if self.rel(v) not in SHARE:
                return None
            v, how = self.head(v), "shared"
        return None

    def passive(self, v: int) -> bool:
        """A passive verb: marked so by the parse, or a participle with one of the language's passive
        auxiliaries ("is bevestigd", which Dutch treebanks label as a plain auxiliary)."""
        if self.child(v, ("aux:pass", "nsubj:pass", "csubj:pass")) is not None:
            return True
        return "VerbForm=Part" in self.words[v].morph and any(
            self.rel(c) == "aux" and self.words[c].text.lower() in self.passive_auxiliaries for c in self.children[v])

    def appositions(self, i: int) -> list[int]:
        return [c for c in self.children[i] if self.rel(c) in ("appos", "flat", "flat:name")]

    def span(self, i: int) -> tuple[int, int]:
        """First and last word of ``i``'s subtree, without the clauses and punctuation hanging on it."""
        keep = [i]
        todo = [c for c in self.children[i] if self.rel(c) not in CUT and not self._aside(c, i)]
        while todo:
            c = todo.pop()
            keep.append(c)
            todo += [g for g in self.children[c] if self.rel(g) not in CUT or self.rel(g) == "punct"]
        # a contiguous stretch around the head: a gap (a cut clause) ends it
        keep_set = set(keep)
        a = b = i
        while a - 1 in keep_set or a - 1 >= 0 and self._joins(a - 1, keep_set):
            a -= 1
        while b + 1 in keep_set or b + 1 < len(self.words) and self._joins(b + 1, keep_set):
            b += 1
        while a < i and self.words[a].pos == "PUNCT":
            a += 1
        while b > i and self.words[b].pos == "PUNCT":
            b -= 1
        if self.rel(a) == "case" and a < i:
            a += 1  # "door de politie": the agent's preposition is not part of it
        return a, b

    def subtree_words(self, i: int) -> list[ParsedWord]:
        """Every word under ``i``, asides and clauses included."""
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(self.words[k])
            todo += self.children[k]
        return out

    def _aside(self, c: int, head: int) -> bool:
        """An apposition or modifier set off by a comma that is not a name: "Halsema, more than 800
        officers", "the military, in a statement,"; "another resident, Jan Mol," keeps its name."""
        if c < head or not any(self.words[k].text == "," for k in range(head + 1, c)):
            return False
        return not (self.rel(c) == "appos" and self.words[c].pos == "PROPN")

    def _joins(self, k: int, keep: set[int]) -> bool:
        return self.words[k].text in ("-", "&", "'", "’") and k - 1 in keep and k + 1 in keep

    def counted(self, token: int) -> int | None:
        """The word a number at ``token`` counts: the noun it modifies as ``nummod``."""
        i = self.word(token)
        if i is None:
            return None
        while self.rel(i) in ("fixed", "flat", "compound", "conj") and (h := self.head(i)) is not None and self.words[h].pos == "NUM":
            i = h
        if self.rel(i) != "nummod":
            return None
        h = self.head(i)
        return h if h is not None and self.words[h].pos in ("NOUN", "PROPN") else None


def subject_span(sent: Sentence, cue_tokens: tuple[int, ...] | range, passive_auxiliaries: frozenset[str] | set[str] = frozenset(),
                 verbs_only: bool = False, before: int | None = None) -> tuple[int, int, str, list[ParsedWord], list[ParsedWord]] | None:
    """Character span of the subject of the verb a cue belongs to, the way it was found ("subject",
    "agent", "shared") and the subject's head word; None when the sentence has no usable parse or the
    verb no subject. The head word comes first, then the names in apposition to it; last, every word
    of the subject's subtree (asides included). The first of ``cue_tokens`` with a subject counts;
    ``verbs_only``: only verbs and auxiliaries among them; ``before``: only a subject ending there or earlier."""
    if not sent.words:
        return None
    tree = Tree(sent, passive_auxiliaries)
    if not tree.ok:
        return None
    for tok in cue_tokens:
        w = tree.word(tok)
        if w is None or verbs_only and tree.words[w].pos not in ("VERB", "AUX"):
            continue
        found = tree.subject(tree.predicate(w))
        if found is None:
            continue
        s, how = found
        a, b = tree.span(s)
        if before is not None and tree.words[b].end > before:
            continue
        return tree.words[a].start, tree.words[b].end, how, [tree.words[s]] + [tree.words[x] for x in tree.appositions(s)], \
            tree.subtree_words(s)
    return None


def count_nouns(sent: Sentence, quantities: list[Quantity]) -> list[Quantity]:
    """Give each quantity the noun its number counts in the parse ("5,000 South Sudanese refugees":
    refugees, qualified by "South Sudanese"); quantities the parse does not tie to a noun within
    ``COUNTED_GAP`` words keep the unit the token rules gave them."""
    if not sent.words or not quantities:
        return quantities
    tree = Tree(sent)
    if not tree.ok:
        return quantities
    toks = sent.tokens
    for q in quantities:
        if q.percent or q.value is None and q.low is None:
            continue
        inside = [k for k, t in enumerate(toks) if q.start <= t.start and t.end <= q.end]
        numbers = [k for k in inside if (w := tree.word(k)) is not None and tree.words[w].pos == "NUM"]
        if not numbers:
            continue
        noun = tree.counted(numbers[-1])
        if noun is None:
            continue
        word = tree.words[noun]
        after = [k for k, t in enumerate(toks) if q.end <= t.start and t.end <= word.start]
        if word.start < q.end or len(after) > COUNTED_GAP:
            continue
        q.unit = word.text
        q.qualifier = " ".join(toks[k].text for k in after) or None
    return quantities
