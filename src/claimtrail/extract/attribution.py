"""Attribution: from a sentence's reporting cues to claims with a resolved source and content.

Cue kinds (all from ``lang/<code>/reporting.yaml``):
  phrase     multi-word cues: "laat weten", "afgedaan als", "declined to comment"
  verb       reporting verbs by lemma, separable ones with their particle ("deed ... af")
  prep       a source before the content: "volgens X", "according to X"
  trailing   a source after the content: "..., aldus X"
  passive    "is vrijgegeven door X"
  report     a report noun with its source: "berichten van X dat ..."
  unnamed    "naar verluidt", "reportedly": a claim without a named source
  colon      a source before a colon: "Politie: zeker twaalf gewonden" (a headline), "De rechtbank: "...""
  hedge      "zou ... hebben": the previous claim's source, or unnamed
  quote      a sentence inside a quotation: first-person cues and numbers, for its speaker

Source of a verb cue: the nearest mention to its left in the same clause that is not inside a
prepositional phrase or a quotation, widened over coordination ("Zowel X als Y"); after a
quotation or with no such mention, the first mention to its right ("zei hij", "benadrukt Poetin").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from ..clean import DATELINE
from ..model import Mention, ParsedWord, Sentence, Token
from .lexicon import Lexicon
from .trees import subject_span

EXTRACTOR = "rules.attribution.v1"
RIGHT_SEARCH_TOKENS = 8  # an inverted subject follows its verb closely
PARTICLE_SEARCH_TOKENS = 14
AGENT_PASSIVE_TOKENS = 6  # "door *de rechtbank in Den Haag* schuldig bevonden"  # a separable verb's particle closes its clause
REPORT_SOURCE_TOKENS = 10
IDIOM_OBJECT_TOKENS = 4  # "eiste (aan) drie levens"
COLON_SOURCE_WORDS = 5  # "FNV-bestuurder Jan de Boer:", "De politie van Utrecht:"
PARENTHETICAL_TOKENS = 9  # an aside between a subject and its verb is this short (", who declined to be named,")
ADDRESSEE_CONTENT_WORDS = 3  # what follows "told Reuters" must be a clause to be the content
INTRO_SOURCE_WORDS = 25  # a clause this long may still introduce a quotation after a colon
COLON_CONTENT_WORDS = 3  # what follows the colon is a statement, not a one-word label
V2_LEAD_TOKENS = 4  # an adverbial this short may open a verb-second clause ("Gisteravond liet de bond weten")
QUOTE_CHARS = "\"'“”„‘’«»‚"


@dataclass
class Cue:
    kind: str
    i: int  # first token index
    j: int  # last token index (inclusive) of the cue word or phrase
    stance: str
    lemma: str
    particle: int | None = None  # a separable verb's particle ("spreekt dat *tegen*")

    @property
    def end(self) -> int:
        """The last token that belongs to the cue, particle included."""
        return self.particle if self.particle is not None else self.j


@dataclass
class Draft:
    cue: Cue
    sources: list[Mention]  # as written in the sentence (may be pronouns)
    content: tuple[int, int]
    span_tokens: tuple[int, int]
    extra_cues: list[Cue] = field(default_factory=list)


def is_quote_token(t: Token) -> bool:
    return len(t.text) == 1 and t.text in QUOTE_CHARS


@lru_cache(maxsize=64)
def _by_first(seqs: tuple) -> dict[str, list]:
    out: dict[str, list] = {}
    for seq in seqs:
        if seq:
            out.setdefault(seq[0], []).append(seq)
    return out


def find_cues(sent: Sentence, lex: Lexicon, in_quote: list[bool], quoted_sentence: bool) -> list[Cue]:
    toks = sent.tokens
    low = [t.text.lower() for t in toks]
    used: set[int] = set()
    cues: list[Cue] = []

    def free(a: int, b: int) -> bool:
        return all(k not in used and (quoted_sentence or not in_quote[k]) for k in range(a, b + 1))

    def add(c: Cue) -> None:
        cues.append(c)
        used.update(range(c.i, c.j + 1))

    unnamed, source_before = _by_first(tuple(lex.unnamed)), _by_first(tuple(lex.source_before))
    for i in range(len(toks)):
        for seq in unnamed.get(low[i], ()):  # only the phrases that start with this word: linear in tokens
            if tuple(low[i : i + len(seq)]) == seq and free(i, i + len(seq) - 1):
                last = i + len(seq) - 1  # "er wordt gevreesd": the stance of its verb
                add(Cue("unnamed", i, last, lex.verbs.get(toks[last].lemma, "assert"), " ".join(seq)))
        for seq in source_before.get(low[i], ()):
            if tuple(low[i : i + len(seq)]) == seq and free(i, i + len(seq) - 1):
                add(Cue("prep", i, i + len(seq) - 1, "assert", " ".join(seq)))
        if low[i] in lex.trailing and free(i, i):
            add(Cue("trailing", i, i, "assert", low[i]))
    for i in range(len(toks)):
        for seq, stance in lex.phrases_by_first.get(low[i], ()):
            n = len(seq)
            if tuple(low[i : i + n]) == seq and free(i, i + n - 1):
                add(Cue("phrase", i, i + n - 1, stance, " ".join(seq)))
                break
    for i, t in enumerate(toks):
        if not free(i, i):
            continue
        for sep in lex.separable:
            if t.lemma != sep["stem"]:
                continue
            # "open": the particle may be followed by anything ("liet weten de actie te betreuren", "spreekt van
            # 40 doden"); "gap": at most so many words between verb and particle; "then": the word after it
            reach = i + 2 + int(sep["gap"]) if "gap" in sep else i + PARTICLE_SEARCH_TOKENS
            for k in range(i + 1, min(len(toks), reach)):
                if low[k] in (",", ";", ":"):
                    break
                closes = sep.get("open") or k + 1 >= len(toks) or not toks[k + 1].text[:1].isalpha() or low[k + 1] in lex.particle_closers
                then = sep.get("then")
                if low[k] == sep["particle"] and free(k, k) and closes and (not then or k + 1 < len(toks) and low[k + 1] == then):
                    add(Cue("verb", i, i, sep["stance"], sep["lemma"], particle=k + 1 if then else k))
                    used.update(range(k, k + 2 if then else k + 1))
                    break
            if i in used:
                break
    for i, t in enumerate(toks):
        if not free(i, i):
            continue
        if low[i] in lex.passive and i + 1 < len(toks) and low[i + 1] in lex.passive_by:
            add(Cue("passive", i, i + 1, lex.passive[low[i]], low[i]))
            continue
        if low[i] in lex.passive_by and lex.agent_passive:
            # "werden door de rechtbank schuldig bevonden": the agent before the participle; the verdict is the sentence
            for k in range(i + 2, min(len(toks), i + 2 + AGENT_PASSIVE_TOKENS)):
                if low[k] in (",", ";", ":") or low[k] in lex.complementisers:
                    break
                if low[k] in lex.agent_passive:
                    add(Cue("passive", i, i, lex.agent_passive[low[k]], low[k], particle=k))
                    used.add(k)
                    break
        if low[i] in lex.report_nouns:
            window = low[i + 1 : i + 1 + REPORT_SOURCE_TOKENS]
            if window[:1] and window[0] in lex.report_linkers and any(w in lex.complementisers for w in window[1:]):
                add(Cue("report", i, i, "estimate" if low[i] in lex.estimate_report_nouns else "assert", low[i]))
                continue
        stance = lex.verbs.get(t.lemma)
        if stance is None:
            continue
        prev = low[i - 1] if i > 0 else ""
        if prev in lex.possessives or prev in lex.determiners and _ends(low[i], lex.determiner_noun_endings, empty=True) \
                or _ends(low[i], lex.adjective_noun_endings) and _ends(prev, lex.adjective_inflections) and prev.isalpha() \
                and prev not in lex.negations and len(prev) > 3 and not toks[i - 1].text[:1].isupper() and prev not in lex.adjective_noun_exceptions:
            continue  # "deze berichten", "eerdere berichten": a noun, not the verb
        if _passive(toks, i, lex):
            continue  # "he was denied access", "residents were urged to leave": the subject is not the speaker
        if _numeral_noun(toks, i, lex) or _premodified_noun(toks, i, lex):
            continue  # "the three suspects", "two reports", "the other suspects": a plural noun, not the verb
        participle = i >= 1 and low[i - 1] == "," and low[i].endswith(lex.participle_endings or ("\x00",))
        if t.lemma in lex.weak and not participle and not _has_complement_or_quote(sent, i, lex, in_quote):
            continue
        if any(w in lex.idiom_objects.get(t.lemma, ()) for w in low[i + 1 : i + 1 + IDIOM_OBJECT_TOKENS]):
            continue  # "de storm eiste drie levens", "the fire claimed two lives": no claim
        add(Cue("verb", i, i, stance, t.lemma))
    if not quoted_sentence:
        colon = colon_cue(sent, lex, in_quote) or intro_cue(sent, lex, in_quote)
        if colon is not None and not any(c.i < colon.i for c in cues):
            cues.append(colon)  # "Rijkswaterstaat: 310 kilo geloosd, Norvalis betwist rapport": two claims
    cues.sort(key=lambda c: c.i)
    return cues


def colon_cue(sent: Sentence, lex: Lexicon, in_quote: list[bool]) -> Cue | None:
    """'X: statement': a short name or role before the sentence's first colon, at the start of its clause.

    Only where a colon attributes: in a headline (a line without final punctuation) or before a
    quotation ('De rechtbank: "..."'). Not a clock time ("14:45"), not a label ("Update:", "Video:")
    and not a clause with a verb ("Dit is een overzicht:")."""
    toks = sent.tokens
    c = next((k for k, t in enumerate(toks) if t.text == ":" and not (0 < k < len(toks) - 1 and toks[k - 1].text.isdigit()
                                                                      and toks[k + 1].text[:1].isdigit())), None)
    if c is None or c == 0 or in_quote[c]:
        return None
    k, words = c - 1, 0
    while k >= 0 and words <= COLON_SOURCE_WORDS:
        t = toks[k].text
        if t[:1].isalpha():
            words += 1
        elif not (t == "." and k > 0 and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper()):  # initials "G.S."
            break
        k -= 1
    if not 1 <= words <= COLON_SOURCE_WORDS or k >= 0 and (toks[k].text[:1].isalpha() or toks[k].text in (",", "(") or is_quote_token(toks[k])):
        return None
    stretch_toks = [t for t in toks[k + 1 : c] if t.text[:1].isalpha()]
    stretch = [t.text.lower() for t in stretch_toks]
    first = 1 if stretch[0] in lex.determiners else 0
    for n, w in enumerate(stretch):
        if n < first:
            continue
        particle = 0 < n < len(stretch) - 1 and stretch_toks[n - 1].text[:1].isupper() and stretch_toks[n + 1].text[:1].isupper() \
            and not stretch_toks[n].text[:1].isupper()  # "Jan de Boer", "Ursula von der Leyen"
        linker = (w in lex.np_linkers and first < n < len(stretch) - 1) or particle
        if w in lex.colon_labels or w in lex.time_words or w in lex.pronouns or w in lex.negations or w in lex.complementisers \
                or w in lex.clause_openers or (w in lex.prepositions and not linker) or (w in lex.common_words and not linker) \
                or w in lex.hedge_auxiliaries or w in lex.subject_verb_gap or stretch_toks[n].lemma in lex.verbs:
            return None
    if stretch[first:] == [] or not toks[c - 1].text[:1].isupper() and stretch[-1] not in lex.descriptive_nouns \
            and stretch[-1] not in lex.roles and stretch[-1] not in lex.organisation_words and stretch[-1] not in lex.title_words \
            and stretch[-1] not in lex.titles:
        return None  # "Police:", "De rechtbank:", "Minister Jansen:"; not "Ten slotte dit:"
    after = [t for t in toks[c + 1 :] if t.text[:1].isalnum()]
    if len(after) < COLON_CONTENT_WORDS:
        return None
    quoted = c + 1 < len(toks) and is_quote_token(toks[c + 1])
    headline = sent.text.rstrip(QUOTE_CHARS + " ")[-1:] not in ".!?…;,"
    if not (quoted or headline):
        return None
    return Cue("colon", c, c, "assert", ":")


def intro_cue(sent: Sentence, lex: Lexicon, in_quote: list[bool]) -> Cue | None:
    """'X [does something]: "..."': a clause that opens the sentence and introduces, after a colon, a
    quotation ("Advocaat Jan Mol staat de familie bij: "..."", "The mayor told the council: "...""):
    the quotation is the clause's subject's. Lemma "intro" tells it from a short 'X:' colon cue."""
    toks = sent.tokens
    c = next((k for k, t in enumerate(toks) if t.text == ":"), None)
    if c is None or c < 2 or c + 1 >= len(toks) or in_quote[c] or not is_quote_token(toks[c + 1]):
        return None
    before = toks[:c]
    if any(is_quote_token(t) for t in before) or sum(t.text[:1].isalpha() for t in before) > INTRO_SOURCE_WORDS:
        return None
    if len([t for t in toks[c + 1 :] if t.text[:1].isalnum()]) < COLON_CONTENT_WORDS:
        return None
    return Cue("colon", c, c, "assert", "intro")


def _intro_source(cue: Cue, sent: Sentence, usable: list[Mention], lex: Lexicon, ok) -> list[Mention]:
    """The subject of the clause before an introducing colon: the parse's subject of its first verb,
    else its first mention outside a prepositional phrase."""
    colon = sent.tokens[cue.i].start
    found = subject_span(sent, range(cue.i), lex.passive_auxiliaries, verbs_only=True, before=colon)
    if found is not None:
        a, b, _, heads, _ = found
        inside = [m for m in usable if a <= m.start and m.end <= b]
        holding = [m for m in inside for h in heads if m.start <= h.start and h.end <= m.end]
        if holding or inside:
            return [(holding or inside)[0]]
    first = [m for m in usable if m.end <= colon and ok(m)]
    return [first[0]] if first else []


def _passive(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """A participle after a form of "to be" (adverbs between allowed): "was denied", "were also urged"."""
    if not lex.passive_auxiliaries or not toks[i].text.lower().endswith(lex.participle_past or ("\x00",)):
        return False
    k = i - 1
    while k >= 0 and toks[k].text.lower() in lex.subject_verb_gap and toks[k].text.lower() not in lex.passive_auxiliaries:
        k -= 1
    return k >= 0 and toks[k].text.lower() in lex.passive_auxiliaries


def _numeral_noun(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """A verb form right after a number is a plural noun: "the three suspects", "40 reports"."""
    if i < 1 or not _ends(toks[i].text.lower(), lex.numeral_noun_endings):
        return False
    prev = toks[i - 1].text.lower()
    return prev.isdigit() or prev in lex.number_words


def _premodified_noun(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """A verb form after a determiner and only noun modifiers is a noun: "the other suspects", "the three main suspects"."""
    k = i - 1
    while k >= 0 and (toks[k].text.lower() in lex.noun_premodifiers or toks[k].text.lower() in lex.number_words or toks[k].text.isdigit()):
        k -= 1
    return k < i - 1 and k >= 0 and toks[k].text.lower() in lex.determiners


def _has_complement_or_quote(sent: Sentence, i: int, lex: Lexicon, in_quote: list[bool]) -> bool:
    toks = sent.tokens
    for k in range(i + 1, min(len(toks), i + PARTICLE_SEARCH_TOKENS)):
        w = toks[k].text.lower()
        if w in lex.complementisers or is_quote_token(toks[k]) or w == ":":
            return True
        if w in (".", ";"):
            break
    # trailing: '"...", zei hij' / '..., stelde de minister' / '"...", wordt X geciteerd'
    if i >= 2 and (toks[i - 1].text == "," or any(is_quote_token(t) for t in toks[:i])):
        return True
    # at the end of the sentence after a comma: "The guilt was proven, the judges in the court stated."
    rest = [t.text.lower() for t in toks[i + 1 :] if t.text[:1].isalnum()]
    return any(t.text == "," for t in toks[:i]) and all(w in lex.time_words or w in lex.prepositions for w in rest) and len(rest) <= 3


def _ends(word: str, endings: tuple[str, ...], empty: bool = False) -> bool:
    """Whether ``word`` has one of ``endings``; ``empty``: what no endings at all answer."""
    return word.endswith(endings) if endings else empty


def _mention_ending_at(mentions: list[Mention], tok: Token) -> Mention | None:
    for m in mentions:
        if m.end == tok.end or (m.start <= tok.start and tok.end <= m.end and m.end <= tok.end + 1):
            return m
    return None


def _token_index(sent: Sentence, pos: int) -> int:
    """Index of the first token starting at or after ``pos`` (binary search)."""
    return bisect.bisect_left(sent.tokens, pos, key=lambda t: t.start)


def _preceded_by_preposition(sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """``m`` sits in a prepositional phrase ("in Gaza", "bij de politie"); not when the phrase names whom
    a spokesperson speaks for ("een woordvoerder van het OM", "a spokesman for the army": the organisation)."""
    toks = sent.tokens
    k = _token_index(sent, m.start) - 1
    if k >= 0 and toks[k].text.lower() in lex.determiners:
        k -= 1
    if k >= 1 and toks[k].text.lower() in lex.np_linkers and toks[k - 1].text.lower() in lex.spokesperson_nouns:
        return False
    return k >= 0 and toks[k].text.lower() in lex.prepositions


def coordinated(sent: Sentence, mentions: list[Mention], m: Mention, lex: Lexicon, in_quote: list[bool]) -> list[Mention]:
    """The mention with the mentions coordinated to it: "de VS, Oekraïne en Zuid-Korea"."""
    joiners = lex.coordinators
    group = [m]
    ordered = sorted((x for x in mentions if x.kind != "first"), key=lambda x: x.start)
    idx = ordered.index(m) if m in ordered else -1
    if idx < 0:
        return group
    k = idx
    while k > 0:
        prev = ordered[k - 1]
        gap = sent.text[prev.end - sent.start : group[0].start - sent.start].strip().lower()
        words = gap.replace(",", " , ").split()
        if gap and all(w in joiners for w in words) and any(w != "," for w in words):
            group.insert(0, prev)
            k -= 1
        else:
            break
    k = idx
    while k + 1 < len(ordered):
        nxt = ordered[k + 1]
        gap = sent.text[group[-1].end - sent.start : nxt.start - sent.start].strip().lower()
        if gap and all(w in joiners for w in gap.replace(",", " , ").split()) and gap != ",":
            group.append(nxt)
            k += 1
        elif gap == "," and k + 2 < len(ordered):
            gap2 = sent.text[nxt.end - sent.start : ordered[k + 2].start - sent.start].strip().lower()
            if gap2 in lex.conjunctions or gap2.startswith(", ") and gap2[2:] in lex.conjunctions:
                group += [nxt, ordered[k + 2]]
                k += 2
            else:
                break
        else:
            break
    return group


def source_for(cue: Cue, sent: Sentence, mentions: list[Mention], lex: Lexicon, in_quote: list[bool], quoted_sentence: bool,
               floor: int = 0, parse: bool = True) -> list[Mention]:
    """``floor``: the token index after the previous cue of the sentence; a subject is not sought before it.
    ``parse``: whether the subject in the parse may name the source (not inside what an earlier
    "volgens X" attributes: "Volgens haar hebben 35 bewoners klachten gemeld")."""
    toks = sent.tokens
    dateline = DATELINE.match(sent.text)
    cut = sent.start + dateline.end() if dateline else sent.start
    usable = [m for m in mentions if (quoted_sentence or not _in_quote_span(sent, m, in_quote)) and m.start >= cut]

    def ok(m: Mention) -> bool:
        return m in usable and not _preceded_by_preposition(sent, m, lex)

    if cue.kind == "colon" and cue.lemma == "intro":
        return _intro_source(cue, sent, usable, lex, ok)
    if cue.kind == "colon":
        k = next(n for n in range(cue.i - 1, -1, -1) if n == 0 or not (toks[n - 1].text[:1].isalpha() or toks[n - 1].text == "."))
        a, b = toks[k].start, toks[cue.i - 1].end
        before = [m for m in usable if a <= m.start and m.end <= b and m.kind not in ("pronoun", "first")]
        if before:
            return coordinated(sent, usable, before[-1], lex, in_quote)
        text = sent.text[a - sent.start : b - sent.start]
        if k == cue.i - 1 and toks[k].text[:1].isupper():
            return [Mention(a, b, text, "name", None, None, "person")]  # "Halsema:", resolvable to an earlier full name
        return [Mention(a, b, text, "descriptive", None, None, "group")]
    if cue.kind in ("prep", "trailing", "passive", "report"):
        start = cue.j + 1
        if cue.kind == "report":
            start += 1  # skip "van"
        for m in sorted(usable, key=lambda x: x.start):
            if m.start >= toks[min(start, len(toks) - 1)].start and m.start <= toks[min(start, len(toks) - 1)].end + 40:
                between = [t for t in toks if toks[start - 1].end <= t.start < m.start] if start > 0 else []
                if all(t.text.lower() in lex.determiners or t.text[:1].isupper() or _ends(t.text.lower(), lex.adjective_inflections) for t in between):
                    return coordinated(sent, usable, m, lex, in_quote)
            if m.start >= toks[min(start, len(toks) - 1)].start:
                break
        chunk = noun_phrase(sent, start, lex)
        return [chunk] if chunk is not None else []
    rules = _rules_source(cue, sent, usable, lex, in_quote, floor, ok)
    if cue.kind not in ("verb", "phrase") or not parse:
        return rules
    found = tree_source(cue, sent, usable, lex, in_quote, quoted_sentence, cut, floor)
    if found is None:
        return rules
    parsed, subtree, by_mention = found
    if not rules:
        return parsed  # the parse's subject where the rules found none
    if by_mention and not any(m.start <= w.start < m.end for m in rules for w in subtree):
        return parsed  # the rules took a phrase outside the subject ("On Tuesday", "a hospital in Gaza City")
    return rules  # the rules found (part of) the same subject: their mentions know names best


def _rules_source(cue: Cue, sent: Sentence, usable: list[Mention], lex: Lexicon, in_quote: list[bool], floor: int, ok) -> list[Mention]:
    """The source by token rules: the nearest mention in the clause, left or (inverted) right of the cue."""
    toks = sent.tokens
    prev_tok = toks[cue.i - 1].text if cue.i >= 1 else ""
    after_quote = cue.i >= 2 and (is_quote_token(toks[cue.i - 1]) or prev_tok == "," and is_quote_token(toks[cue.i - 2]))
    after_comma = prev_tok == "," and cue.i >= 3
    # "..., die zegt dat": the relative pronoun stands for the mention before the comma
    if cue.i >= 2 and prev_tok.lower() in lex.relative_pronouns and toks[cue.i - 2].text == ",":
        m = _mention_ending_at(usable, toks[cue.i - 3]) if cue.i >= 3 else None
        if m is not None:
            return coordinated(sent, usable, m, lex, in_quote)
    # where the source follows the verb: after a quotation ('"...", zei hij', '"...," said X'), and in
    # verb-second languages after a comma ("..., meldt de politie")
    right_first = after_quote or (after_comma and lex.subject_after_verb)
    if after_comma and not after_quote:
        aside = parenthetical_start(cue, toks, lex, floor)
        if aside is not None:  # "The military, in a statement, said", "A resident, who declined to be named, said"
            m = _mention_ending_at(usable, toks[aside - 1])
            if m is not None and ok(m):
                return coordinated(sent, usable, m, lex, in_quote)
            chunk = noun_phrase_before(sent, aside, lex)
            if chunk is not None:
                return [chunk]
        # "Het regime, een van de meest repressieve ter wereld, noemt ...": a subject with an apposition
        left = _left(cue, sent, usable, lex, ok, floor)
        if left and sent.text[left[-1].end - sent.start :].lstrip().startswith(","):
            return coordinated(sent, usable, left[-1], lex, in_quote)
    if not right_first and not after_comma:
        left = _left(cue, sent, usable, lex, ok, floor)
        closing = [k for k in range(floor, cue.i) if is_quote_token(toks[k]) and in_quote[k - 1 if k else 0] and k + 1 < cue.i]
        if closing and any(in_quote[k] for k in range(floor, closing[-1])):
            # 'They had shown "no respect", presiding judge X said': the speaker follows the quotation
            after = [m for m in left if m.start >= toks[closing[-1]].end]
            if after:
                return coordinated(sent, usable, after[-1], lex, in_quote)
            chunk = noun_phrase_before(sent, cue.i, lex)
            if chunk is not None and chunk.start >= toks[closing[-1]].end:
                return [chunk]
        chunk = noun_phrase_before(sent, cue.i, lex)
        if chunk is not None and (not left or chunk.start >= left[0].end) and sent.text[: chunk.start - sent.start].rstrip().endswith(","):
            return [chunk]  # "..., along with one counselor, Vos told reporters": the clause after the last comma
        if left:
            return coordinated(sent, usable, left[-1], lex, in_quote)  # the clause's first mention: its subject
    if right_first or lex.subject_after_verb:
        right = _right(cue, sent, usable, lex, ok)
        if right:
            return coordinated(sent, usable, right[0], lex, in_quote)
        if lex.subject_after_verb and (after_comma or after_quote) \
                and not (cue.j + 1 < len(toks) and toks[cue.j + 1].text.lower() in lex.complementisers):
            chunk = noun_phrase(sent, cue.j + 1, lex)  # "..., meldt de politie", not "..., Jan Mol, bevestigde dat de ..."
            if chunk is not None:
                return [chunk]
    if after_quote or after_comma:
        left = _left(cue, sent, usable, lex, ok, floor)
        chunk = noun_phrase_before(sent, cue.i, lex)
        if chunk is not None and (not left or chunk.start >= left[0].end):
            return [chunk]  # "..., along with one counselor, Vos told reporters": the words before the verb, not an earlier name
        if left:
            return coordinated(sent, usable, left[0], lex, in_quote)  # "..., the minister said": the nearest
    # a verb coordinated with an earlier one shares its subject: "X welcomed it but said ..."
    if prev_tok.lower() in lex.conjunctions or prev_tok.lower() in lex.contrast:
        if floor > 0:
            return []  # "X said ... and spoke of ...": the previous cue's subject, taken by the caller
        first = [m for m in usable if m.end <= toks[cue.i].start and ok(m)]
        if first:
            return coordinated(sent, usable, first[0], lex, in_quote)
    chunk = noun_phrase_before(sent, cue.i, lex)
    if chunk is not None:
        return [chunk]
    if lex.subject_after_verb and 0 < cue.i <= V2_LEAD_TOKENS and cue.kind == "verb" \
            and not any(t.text in (",", ";", ":") or is_quote_token(t) for t in toks[: cue.i]):
        chunk = noun_phrase(sent, cue.j + 1, lex)  # "Dit weekend maakte de bond bekend dat": verb second, subject after it
        if chunk is not None:
            return [chunk]
    return []


def tree_source(cue: Cue, sent: Sentence, usable: list[Mention], lex: Lexicon, in_quote: list[bool], quoted_sentence: bool,
                cut: int, floor: int) -> tuple[list[Mention], list[ParsedWord], bool] | None:
    """The source as the parse has it: the subject (or passive agent) of the cue's verb, whole.

    The mention holding the subject's head, or a name in apposition to it, stands for it (coordinated
    ones join it); without one, the subject's own words become a name or descriptive source ("a
    spokesman for the army", "Netherlands Prime Minister Dick Schoof"). None (the token rules decide) when the
    sentence has no parse, the verb no subject, or the subject is a pronoun with no mention, a time,
    inside a quotation the cue is not in, or cut from the verb by a comma and other words (a parse
    that reached over a clause: "X happened, police say"). Returns the source, the subject's span
    and whether a mention holds its head."""
    found = subject_span(sent, tuple(dict.fromkeys((cue.i, cue.j))), lex.passive_auxiliaries)
    if found is None:
        return None
    a, b, how, heads, subtree = found
    head = heads[0]
    if a < cut or how == "shared" and floor > 0:
        return None  # "X said ... but did not elaborate": the caller gives the previous cue's source
    toks = sent.tokens
    k = _token_index(sent, a)
    if not quoted_sentence and k < len(toks) and in_quote[k]:
        return None
    gap = toks[cue.end + 1 : k] if a > toks[cue.i].start else [t for t in toks[: cue.i] if t.start >= b]
    aside = len(gap) >= 3 and gap[0].text == "," and gap[-1].text == "," and not any(t.text in (",", ";", ":") for t in gap[1:-1])
    if not aside and any(t.text in (",", ";", ":") for t in gap) and any(t.text[:1].isalnum() for t in gap):
        return None  # ("The military, in a statement, said": an aside between commas is no clause boundary)
    inside = [m for m in usable if a <= m.start and m.end <= b]
    for w in heads:  # the head's own mention, else a name in apposition ("another resident, Jan Mol,")
        holding = next((m for m in inside if m.start <= w.start and w.end <= m.end), None)
        if holding is not None:
            return coordinated(sent, usable, holding, lex, in_quote), subtree, True
    if head.pos == "PRON" or head.pos not in ("NOUN", "PROPN", "X", "NUM", "ADJ"):
        return None
    words = [t for t in toks if a <= t.start and t.end <= b]
    timed = next((n for n, t in enumerate(words) if t.start > head.start and t.text.lower() in lex.time_words), None)
    if timed is not None:  # "fishermen on Monday": the time is not part of who speaks
        n = timed
        while n > 0 and (words[n - 1].text.lower() in lex.prepositions or words[n - 1].text.lower() in lex.determiners):
            n -= 1
        words = words[:n]
        b = words[-1].end if words else a
    lower = [t.text.lower() for t in words if t.text[:1].isalpha() and t.text.lower() not in lex.determiners]
    if not lower or all(w in lex.time_words or w in lex.prepositions for w in lower):
        return None
    text = sent.text[a - sent.start : b - sent.start]
    if head.pos == "PROPN" and all(t.text[:1].isupper() for t in words if t.text[:1].isalpha()):
        return [Mention(a, b, text, "name", None, None, "person")], subtree, False
    plural = "Number=Plur" in head.morph
    return [Mention(a, b, text, "descriptive", None, None, "group" if plural else "person", plural)], subtree, False


def parenthetical_start(cue: Cue, toks: list[Token], lex: Lexicon, floor: int) -> int | None:
    """The index of the comma that opens an aside between a subject and its verb (", in a statement,",
    ", who declined to be named,", ", 45,"), when the cue follows its closing comma; None otherwise."""
    close = cue.i - 1
    for k in range(close - 1, max(floor, close - PARENTHETICAL_TOKENS) - 1, -1):
        if toks[k].text == ",":
            first = toks[k + 1].text.lower() if k + 1 < close else ""
            opens = first in lex.prepositions or first in lex.relative_pronouns or first[:1].isdigit()
            return k if opens and k >= 1 and toks[k - 1].text[:1].isalnum() else None
        if toks[k].text in (";", ":") or is_quote_token(toks[k]) or toks[k].lemma in lex.verbs and k == close - 1:
            return None
    return None


def noun_phrase_before(sent: Sentence, i: int, lex: Lexicon) -> Mention | None:
    """The noun phrase right before a verb, as a source: "Kim vertelde", "Two terminal operators told".

    Adverbs and auxiliaries between subject and verb are stepped over ("Police now say", "Authorities
    have also confirmed"), and a prepositional complement stays with its noun ("De politie van
    Utrecht bevestigde", "A spokesman for the army said"). A phrase of time is never a source."""
    toks = sent.tokens
    k = i - 1
    while k >= 1 and i - k <= 3 and toks[k].text.lower() in lex.subject_verb_gap:
        k -= 1
    if k < 0:
        return None
    head = toks[k]
    w = head.text.lower()
    if not head.text[:1].isalpha() or w in lex.determiners or w in lex.prepositions or w in lex.pronouns \
            or w in lex.negations or w in lex.hedges or w in lex.complementisers or w in lex.clause_openers \
            or head.lemma in lex.verbs or _common(w, lex) or w in lex.hedge_auxiliaries or w in lex.subject_verb_gap:
        return None
    j = k
    while j - 1 >= 0:
        t = toks[j - 1]
        tw = t.text.lower()
        if tw in lex.np_linkers and j - 2 >= 0 and toks[j - 2].text[:1].isalpha() and k - j < 6 \
                and toks[j - 2].text.lower() not in lex.prepositions and toks[j - 2].lemma not in lex.verbs:
            j -= 1  # "de politie | van | Utrecht"
            continue
        if not t.text[:1].isalnum() or tw in lex.prepositions or tw in lex.complementisers or tw in lex.clause_openers \
                or t.lemma in lex.verbs or tw in lex.hedge_auxiliaries or t.lemma in lex.hedge_auxiliaries or tw in lex.negations:
            break  # "Drie maal werd levenslang geëist": an auxiliary ends the subject
        j -= 1
        if tw in lex.determiners:
            break
        if k - j >= 7:
            break
    if toks[j].text.lower() in lex.np_linkers:
        j += 1
    after_quotation = j > 1 and is_quote_token(toks[j - 1]) and toks[j - 2].text in (",", "!", "?")  # '"...," Vos said'
    if j > 0 and toks[j - 1].text not in (",", ";", ":", "-", "–", "—") and not after_quotation \
            and toks[j - 1].text.lower() not in lex.clause_openers and toks[j].text.lower() not in lex.determiners:
        return None  # not at the start of its clause: an object, not a subject
    while j < k and toks[j].text.lower() in lex.common_words and toks[j].text.lower() not in lex.determiners:
        j += 1  # "Alleen Poelatov zei", "Only Mol said": an adverb before the subject is not part of it
    words = [t.text.lower() for t in toks[j : k + 1] if t.text[:1].isalpha() and t.text.lower() not in lex.determiners]
    if not words or all(x in lex.time_words or x in lex.prepositions for x in words):
        return None  # "On Tuesday", "Vrijdag": a time, not a speaker
    a, b = toks[j].start, head.end
    text = sent.text[a - sent.start : b - sent.start]
    if j == k and head.text[:1].isupper():
        return Mention(a, b, text, "name", None, None, "person")  # "Kim vertelde": a name, resolvable to "Kim Jong-un"
    return Mention(a, b, text, "descriptive", None, None, "group" if _ends(w, lex.plural_endings) or w in lex.plural_nouns else "person",
                   w in lex.plural_nouns)


def _common(w: str, lex: Lexicon) -> bool:
    return w in lex.common_words


def noun_phrase(sent: Sentence, k: int, lex: Lexicon) -> Mention | None:
    """A source written as a plain noun phrase: "staatsmedia", "Amerikaanse informatie", "Oekraïne en bondgenoten"."""
    toks = sent.tokens
    if k >= len(toks):
        return None
    i = k
    if toks[i].text.lower() in lex.determiners:
        i += 1
    first, last, modifier = i, None, False
    while i < len(toks):
        t = toks[i]
        w = t.text.lower()
        if not t.text[:1].isalpha() and not (w in (",",) and last is not None and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()):
            break
        if w in lex.negations or w in lex.complementisers or w in lex.prepositions or t.lemma in lex.verbs or w in lex.hedges \
                or t.lemma in lex.hedge_auxiliaries or w in lex.hedge_auxiliaries:
            if modifier and i - 1 > (last if last is not None else first - 1) and toks[i - 1].text[:1].isalpha():
                last = i - 1  # "Volgens Amerikaanse informatie | worden ...": the -e word was the noun
            break
        if t.text[:1].isupper():
            last, modifier = i, _ends(t.text.lower(), lex.adjective_inflections)
        elif w in lex.conjunctions and last is not None:
            pass
        elif _ends(w, lex.adjective_inflections) and len(w) > 3 and i + 1 < len(toks) and toks[i + 1].text[:1].isalpha():
            modifier = True
        elif last is None or modifier or toks[last].text.lower() in lex.conjunctions:
            last = i
            while last + 1 < len(toks) and toks[last + 1].text[:1].isupper() and toks[last + 1].text[:1].isalpha():
                last += 1  # a name in apposition: "vakbond Unie", "de premier Jan de Vries"
            break
        else:
            break
        i += 1
    if last is None or last < first:
        return None
    while last > first and (toks[last].text.lower() in lex.conjunctions or toks[last].text == ","):
        last -= 1
    a, b = toks[k].start, toks[last].end
    return Mention(a, b, sent.text[a - sent.start : b - sent.start], "descriptive", None, None, "group", True)


def _in_quote_span(sent: Sentence, m: Mention, in_quote: list[bool]) -> bool:
    k = _token_index(sent, m.start)
    return k < len(sent.tokens) and sent.tokens[k].end <= m.end and in_quote[k]


def _left(cue: Cue, sent: Sentence, usable: list[Mention], lex: Lexicon, ok, floor: int = 0) -> list[Mention]:
    """Usable mentions between the clause start (or ``floor``) and the cue, nearest first."""
    toks = sent.tokens
    found: list[Mention] = []
    comma_seen = False
    for k in range(cue.i - 1, floor - 1, -1):
        w = toks[k].text.lower()
        if w == ",":
            comma_seen = True
        after_comma = k > 0 and toks[k - 1].text == "," and w in lex.comma_clause_openers
        boundary = w in lex.complementisers or w in (";", ":") or w in lex.clause_openers or after_comma
        if boundary and w in lex.relative_pronouns and not (k > 0 and toks[k - 1].text == ","):
            boundary = False  # "wijst die kritiek van de hand": a demonstrative, not a relative clause
        if boundary and w in lex.relative_pronouns and k > 0 and toks[k - 1].text == "," and comma_seen:
            boundary = False  # "ShadowTide, which researchers linked to ..., threatened": skip the relative clause
        m = _mention_ending_at(usable, toks[k])
        if m is not None and ok(m) and m not in found and not _parenthesised(sent, m):
            found.append(m)
        if boundary:
            break
    return found


def _parenthesised(sent: Sentence, m: Mention) -> bool:
    a, b = m.start - sent.start, m.end - sent.start
    return sent.text[:a].rstrip().endswith("(") and sent.text[b:].lstrip().startswith(")")


def _right(cue: Cue, sent: Sentence, usable: list[Mention], lex: Lexicon, ok) -> list[Mention]:
    toks = sent.tokens
    for k in range(cue.j + 1, min(len(toks), cue.j + 1 + RIGHT_SEARCH_TOKENS)):
        w = toks[k].text.lower()
        if w in lex.complementisers or w in lex.clause_openers or w in (".", ";", ":") or is_quote_token(toks[k]):
            return []
        for m in usable:
            if m.start == toks[k].start and ok(m) and not _parenthesised(sent, m):
                return [m]
    return []


def content_for(cue: Cue, sent: Sentence, sources: list[Mention], lex: Lexicon, limit: int, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """Character span of what is claimed, within the sentence and before ``limit`` (token index)."""
    toks = sent.tokens
    end_tok = min(limit, len(toks)) - 1
    while end_tok > cue.j and (toks[end_tok].text in (".", "!", "?", ",", ";") or toks[end_tok].text.lower() in lex.contrast
                               or toks[end_tok].text.lower() in lex.conjunctions):
        end_tok -= 1  # "..., maar" before the next claim belongs to neither
    src_end = max((m.end for m in sources), default=0)
    first_src = min((m.start for m in sources), default=None)
    quote_just_before = any(b <= toks[cue.i].start and b > sent.start and (toks[cue.i].start - b <= 40
                            or first_src is not None and 0 <= first_src - b <= 3) for a, b in quotes)  # '"...," X, a long title, told'
    comp_near = _complement_after(cue, toks, lex, limit)
    own_complement = comp_near is not None and comp_near - cue.j <= 2  # "zei dat", "said that" right after the verb
    if cue.kind in ("trailing",) or (cue.kind == "verb" and cue.i >= 1 and quote_just_before and not own_complement):
        before = [(a, b) for a, b in quotes if b <= toks[cue.i].start and b > sent.start]
        if before:
            a, b = before[-1]
            return max(a + 1, sent.start), b - 1
        return sent.start, toks[max(cue.i - 1, 0)].start
    if cue.kind == "passive":
        if cue.particle is not None:
            return sent.start, toks[end_tok].end  # an agent passive's whole sentence is the finding
        return sent.start, toks[cue.i].start
    if cue.kind == "colon":
        k = cue.i + 1
        while k <= end_tok and is_quote_token(toks[k]):
            k += 1
        return toks[min(k, end_tok)].start, toks[end_tok].end
    src_start = min((m.start for m in sources), default=None)
    tail = [t for t in toks[cue.j + 1 : end_tok + 1] if t.text[:1].isalnum()]
    short_tail = len(tail) <= 3 or any(t.text == "," for t in toks[cue.j + 1 : cue.j + 5])  # "said on Tuesday, as ..."
    if (cue.kind == "verb" and src_start is not None and src_start < toks[cue.i].start and not own_complement and short_tail
            and sent.text[: src_start - sent.start].rstrip().endswith(",")):
        head = sent.text[: src_start - sent.start].rstrip()[:-1].rstrip()  # "Thousands fled, the ministry said"
        if len(head.split()) >= 3:
            return sent.start, sent.start + len(head)
    comp = _complement_after(cue, toks, lex, limit)
    if comp is not None and comp + 1 <= end_tok:
        return toks[comp + 1].start, toks[end_tok].end
    if (comp is None and cue.kind == "verb" and cue.i >= 2 and toks[cue.i - 1].text == "," and src_start is not None
            and src_start >= toks[cue.j].end):
        after = [t for t in toks[cue.j + 1 : end_tok + 1] if t.start >= max(toks[cue.end].end, src_end) and t.text[:1].isalnum()]
        if after and after[0].text.lower() in lex.prepositions:
            return sent.start, toks[cue.i - 2].end  # "..., zegt het leger in een reactie": the claim is before the comma
    if cue.kind in ("prep", "unnamed"):
        return sent.start, toks[end_tok].end
    start = max(toks[cue.end].end, src_end)  # after a separable verb's particle: "..., laat de bond weten"
    rest = [t for t in toks[cue.j + 1 : end_tok + 1] if t.start >= start]
    if cue.lemma in lex.addressee_verbs:  # "told Reuters the company had ...": who was told is not what
        k = 1 if rest and rest[0].text.lower() in lex.determiners else 0
        n = k
        while n < len(rest) and rest[n].text[:1].isupper():
            n += 1
        if n > k and len(rest) - n >= ADDRESSEE_CONTENT_WORDS:
            rest = rest[n:]
    if rest:
        return rest[0].start, rest[-1].end
    before = [t for t in toks[: cue.i] if t.text[:1].isalnum() or is_quote_token(t)]
    return sent.start, before[-1].end if before else toks[cue.i].start  # "..., laat de bond weten": without the comma


def _complement_after(cue: Cue, toks: list[Token], lex: Lexicon, limit: int) -> int | None:
    for k in range(cue.j + 1, min(limit, len(toks))):
        w = toks[k].text.lower()
        if w in lex.complementisers:
            return k
        if w == ":" and k + 1 < len(toks) and is_quote_token(toks[k + 1]):
            return k
    return None


def token_quote_flags(sent: Sentence, quotes: list[tuple[int, int]]) -> list[bool]:
    return [any(a < t.start and t.end <= b - 1 for a, b in quotes) or any(a <= t.start < b and t.start != a and t.end != b for a, b in quotes) for t in sent.tokens]
