"""A proposition's label: what is claimed, without who claims it or how.

The label is tried from, in order:

1. ``event_label(claims)``: the event and measure the claims are about ("Doden door de aardbeving
   in X", "Amount of PFAS leaked (kg)"). The hook for event and measure names; none are known
   yet, so it answers None.
2. The cleanest content clause of the proposition's claims: a claim's ``content`` (the claim
   without its source and reporting verb) trimmed of quotes, time adverbials at its ends, a
   leading "volgens X"/"according to X", a trailing source phrase and a coordinated second
   reporting clause ("... en zegt ..."). Complete clauses in the language of most claims win,
   then those without a reporting verb or a pronoun to start with, then the shortest. In a
   proposition with a series, a clause that opens with an amount of its measure reads as a question:
   "tussen 120 en 180 kilo PFAS in de Westerschelde terecht is gekomen" -> "Hoeveel kilo PFAS in de
   Westerschelde terecht is gekomen".

Only the first ``MAX_CANDIDATES`` claims (story order) are read: a label costs the same for a
proposition of ten claims and of ten thousand. The words come from ``lang/<code>/*.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from . import lang as langdata
from .model import StoryClaim

MAX_CANDIDATES = 64
MAX_CHARS = 160
MIN_WORDS = 4  # fewer words are rarely a whole claim ("minstens 400 kilo")
VERB_CLUSTER = 3  # a finite verb this near the end of a content clause closes its verb cluster ("moet weggooien")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
QUOTES = "\"'“”„‘’«»‚ "


def event_label(claims: Sequence[StoryClaim]) -> str | None:
    """The label from the event and measure the claims are about, when linking names them (hook: none yet)."""
    return None


@dataclass(frozen=True)
class LabelWords:
    code: str
    verbs: frozenset[str]  # reporting verb lemmas
    source_before: tuple[tuple[str, ...], ...]  # "volgens", ("according", "to"), "aldus" (source_after)
    prepositions: frozenset[str]
    pronouns: frozenset[str]
    conjunctions: frozenset[str]  # "en", "maar": where a second reporting clause is joined on
    time_by_first: dict[str, tuple[tuple[str, ...], ...]]  # time adverbials by their first word
    time_by_last: dict[str, tuple[tuple[str, ...], ...]]  # ... and by their last
    amount_question: str | None
    amount_words: frozenset[str]  # qualifiers, range words: what may stand around a number
    time_modifiers: frozenset[str]  # what stands before a date: "in late", "begin"
    inverted: bool  # after "volgens X" the finite verb comes before the subject (Dutch)
    determiners: frozenset[str]
    complementisers: frozenset[str]  # "dat", "that"
    expletives: frozenset[str]  # a subject that stands for the clause ("er")
    adjective_inflections: tuple[str, ...]  # "-e": an adjective before the noun ("een kapotte klep")
    finite_auxiliaries: frozenset[str]  # finite verbs a content clause puts last ("dat het bedrijf de bron *is*")

    @classmethod
    @cache
    def load(cls, code: str) -> LabelWords:
        d = langdata.load(code)

        def low(key_file: str, key: str) -> list[str]:
            return [str(w).lower() for w in d.get(key_file, key, []) or [] if str(w).strip()]

        verbs = {str(k).lower() for k in d.get("reporting", "verbs", {}) or {}}
        time = set(low("dates", "time_adverbs")) | set(low("dates", "weekdays")) | {str(m).lower() for m in d.get("dates", "months", {}) or {}}
        amount = {w for q in d.get("numbers", "qualifiers", {}) or {} for w in str(q).lower().split()}
        amount |= set(low("numbers", "range_words")) | set(low("numbers", "range_openers"))
        pronouns = {str(k).lower() for k in d.get("roles", "pronouns", {}) or {}} | set(low("roles", "first_person"))
        return cls(
            code=code, verbs=frozenset(verbs),
            source_before=tuple(tuple(p.split()) for p in low("reporting", "source_before") + low("reporting", "source_after")),
            prepositions=frozenset(low("reporting", "prepositions")),
            pronouns=frozenset(pronouns), conjunctions=frozenset(low("reporting", "comma_clause_openers") + low("reporting", "contrast")),
            time_by_first=_index({tuple(t.split()) for t in time}, 0), time_by_last=_index({tuple(t.split()) for t in time}, -1),
            amount_question=(d.get("numbers", "amount_question") or None), amount_words=frozenset(amount),
            time_modifiers=frozenset(low("numbers", "year_before")), inverted=bool(d.get("reporting", "subject_after_verb", False)),
            determiners=frozenset(low("roles", "determiners") + low("roles", "possessives") + low("roles", "indefinite")),
            complementisers=frozenset(low("reporting", "complementisers")),
            expletives=frozenset(low("reporting", "expletive_subjects")),
            adjective_inflections=tuple(low("reporting", "adjective_inflections")),
            finite_auxiliaries=frozenset(low("reporting", "finite_auxiliaries")),
        )


def _index(phrases: set[tuple[str, ...]], at: int) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[at], []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def reporting_verbs(text: str, language: str | None) -> list[str]:
    """The words of ``text`` whose lemma is a reporting verb of ``language`` (both languages when unknown)."""
    from .analyze import lemma

    codes = [language] if language in langdata.available_languages() else list(langdata.available_languages())
    out = []
    for w in WORD.findall(text):
        if any(lemma(w, code) in LabelWords.load(code).verbs for code in codes):
            out.append(w)
    return out


def proposition_label(claims: Sequence[StoryClaim], measure: str | None, language: str | None) -> str:
    """What the proposition claims, in one line of at most ``MAX_CHARS`` characters."""
    label = event_label(claims)
    if not label:
        best: tuple | None = None
        for n, c in enumerate(claims[:MAX_CANDIDATES]):
            text = content_clause(c, measure)
            if not text:
                continue
            rank = _rank(text, c, language, measure, n)
            if rank[0]:  # a fragment ("to suspend the plant's permit"): what follows the reporting verb may be whole
                after = _after_verb(c, measure)
                if after and not (r := _rank(after, c, language, measure, n))[0]:
                    text, rank = after, r
            if best is None or rank < best[0]:
                best = (rank, text)
        label = best[1] if best else claims[0].text.strip()
    label = label[:1].upper() + label[1:]
    return label if len(label) <= MAX_CHARS else label[: MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"


def _rank(text: str, c: StoryClaim, language: str | None, measure: str | None, n: int) -> tuple:
    lw = LabelWords.load(c.language) if c.language in langdata.available_languages() else None
    words = WORD.findall(text)
    first = words[0].lower() if words else ""
    fragment = len(words) < MIN_WORDS or lw is not None and first in lw.prepositions
    if lw is not None:  # an amount alone is no claim: "minder dan 20 kilo"
        units = {str(q.unit).lower() for q in c.quantities if q.unit}
        said = [w for w in words if w.lower() not in lw.amount_words and w.lower() not in units and not any(ch.isdigit() for ch in w)]
        fragment = fragment or len(said) < 2
    measured = measure is not None and any(q.measure == measure for q in c.quantities if q.value is not None)
    question = lw is not None and bool(lw.amount_question) and text.lower().startswith(lw.amount_question.lower() + " ")
    return (
        fragment,
        c.language != language,
        bool(reporting_verbs(text, c.language)),
        lw is not None and first in lw.pronouns,
        measure is not None and not measured,
        measure is not None and not question,
        len(words),
        n,
    )


def _after_verb(c: StoryClaim, measure: str | None) -> str:
    """The claim's text after its source and the reporting verb that follows it, without a complementiser:
    "minister X said [the government would decide within weeks whether to suspend the plant's permit]"."""
    claim = c.claim
    if claim.source_end is None or c.language not in langdata.available_languages():
        return ""
    lw = LabelWords.load(c.language)
    rel = claim.source_end - claim.start
    for m in WORD.finditer(claim.text, max(rel, 0)):
        if reporting_verbs(m.group(0), c.language):
            rest = claim.text[m.end() :]
            skip = re.match(r"\s*(\w+)\s+", rest)
            if skip and skip.group(1).lower() in lw.complementisers:
                rest = rest[skip.end() :]
            start = claim.start + len(claim.text) - len(rest)
            return content_clause(c, measure, rest, start)
        if m.start() - rel > 40:
            break
    return ""


def content_clause(c: StoryClaim, measure: str | None = None, text: str | None = None, offset: int | None = None) -> str:
    """The claim's content (or ``text`` at article offset ``offset``) without quotes, time adverbials at its ends,
    a source phrase or a second reporting clause."""
    claim = c.claim
    if text is None or offset is None:
        text = claim.content or c.text
        offset = claim.content_start if claim.content else claim.start
    if c.language not in langdata.available_languages():
        return text.strip(QUOTES + ",.;:")
    lw = LabelWords.load(c.language)
    spans = [(m.start(), m.end(), m.group(0).lower()) for m in WORD.finditer(text)]
    a, b = 0, len(spans)
    # a second reporting clause joined on: "... "onjuist en speculatief" en zegt een eigen onderzoek te laten doen"
    for i in range(1, b - 1):
        if spans[i][2] in lw.conjunctions and reporting_verbs(spans[i + 1][2], c.language):
            b = i
            break
    # "volgens X, ..." / "according to X, ...": up to the comma after the source, or past the source's words
    inverted = False
    for phrase in lw.source_before:
        if tuple(w for _, _, w in spans[a : a + len(phrase)]) == phrase:
            comma = text.find(",", spans[a][0], spans[b - 1][1] if b > a else len(text))
            src_end = (claim.source_end - offset) if claim.source_end is not None and claim.source_start is not None else None
            if comma >= 0 and comma < len(text) // 2:
                a = next((i for i, s in enumerate(spans) if s[0] > comma), b)
                # an apposition: "According to the RIVM, the Dutch public health institute, its earlier ..."
                comma2 = text.find(",", comma + 1)
                between = text[comma + 1 : comma2].split()
                if 0 <= comma2 < len(text) - 20 and comma2 - comma < 60 and between and between[0].lower() in lw.determiners:
                    a = next((i for i, s in enumerate(spans) if s[0] > comma2), b)
            elif src_end is not None and 0 < src_end <= len(text):
                a = next((i for i, s in enumerate(spans) if s[0] >= src_end), b)
                inverted = lw.inverted
            break
    # time adverbials at either end
    words = [w for _, _, w in spans]
    changed = True
    while changed and a < b:
        changed = False
        for start in (a, a + 1):  # "zondag ..." and "on Thursday ..."
            if start > a and words[a] not in lw.prepositions:
                break
            k = _time_at(words, start, b, lw)
            if k:
                a, changed = start + k, True
                break
        if not changed:
            k = max((len(t) for t in lw.time_by_last.get(words[b - 1], ()) if b - len(t) > a and tuple(words[b - len(t) : b]) == t),
                    default=0)
            if k:
                b, changed = b - k, True
                while b - 1 > a and (words[b - 1] in lw.time_modifiers or words[b - 1] in lw.prepositions):
                    b -= 1  # "... had failed in late (February)", "... its own samples on (Tuesday)"
    if a >= b:
        return ""
    out = (inverted and _subject_first(text, spans, a, b, lw)) or text[spans[a][0] : spans[b - 1][1]]
    # keep a closing quote or bracket that belongs to the kept words
    m = re.match(r"[\"”’»)]", text[spans[b - 1][1] :])
    if m and (out.count(m.group(0)) % 2 == 1 if m.group(0) == '"' else m.group(0) in "”’»)"):
        out += m.group(0)
    out = _balanced(out.strip(" ,.;:"))
    if measure is not None and lw.amount_question and out and text.startswith(out[:30], spans[a][0]):  # offsets still hold
        question = _as_question(out, c, measure, offset + spans[a][0], lw)
        if question:
            return question
    if not inverted and out == _balanced(text[spans[a][0] : spans[b - 1][1]].strip(" ,.;:")):
        out = _balanced(_verb_second(text, spans, a, b, lw) or out)
    return out


def _time_at(words: list[str], i: int, end: int, lw: LabelWords) -> int:
    """The length of the longest time adverbial at ``words[i]``, 0 for none."""
    return max((len(t) for t in lw.time_by_first.get(words[i], ()) if i + len(t) <= end and tuple(words[i : i + len(t)]) == t),
               default=0) if i < end else 0


def _balanced(text: str) -> str:
    """Without quotes around the whole clause or an unpaired quote at either end."""
    if len(text) > 1 and text[0] in "\"“„" and text[-1] in "\"”" and text.count('"') + text.count("“") + text.count("”") == 2:
        text = text[1:-1]
    if text.count('"') % 2 == 1:
        text = text[1:] if text.startswith('"') else text[:-1] if text.endswith('"') else text
    if text.count("“") + text.count("„") != text.count("”"):
        text = text.replace("“", "").replace("”", "").replace("„", "")
    return text.strip(" ,.;:")


def _verb_second(text: str, spans: list[tuple[int, int, str]], a: int, b: int, lw: LabelWords) -> str | None:
    """A content clause with its finite verb last ("het bedrijf de bron is", "hij zeker 2000 kilo vangst
    moet weggooien") as a sentence: the verb after the subject ("het bedrijf is de bron", "hij moet zeker
    2000 kilo vangst weggooien"); None when no finite auxiliary ends the clause or the subject is not plain."""
    if not lw.finite_auxiliaries or b - a < 3:
        return None
    finite = [k for k in range(a + 1, b) if spans[k][2] in lw.finite_auxiliaries]
    if len(finite) != 1 or finite[0] < b - VERB_CLUSTER:
        return None  # none, or another clause's verb too ("... groot kunnen zijn als de bron wordt gevonden")
    f = finite[0]
    e = _subject_end(spans, a, f, lw, text)
    if e is None or e >= f:
        return None
    verb = text[spans[f][0] : spans[f][1]]
    rest = [text[spans[e][0] : spans[f - 1][1]]] + ([text[spans[f + 1][0] : spans[b - 1][1]]] if f + 1 < b else [])
    return f"{text[spans[a][0] : spans[e - 1][1]]} {verb} {' '.join(rest)}"


def _subject_end(spans: list[tuple[int, int, str]], s: int, b: int, lw: LabelWords, text: str | None = None) -> int | None:
    """Where a plain subject starting at ``s`` ends (a pronoun, "er", a determiner or amount with its
    noun, or, given ``text``, a capitalised name); None for another kind of subject."""
    w = spans[s][2]
    if w in lw.pronouns or w in lw.expletives:
        return s + 1
    if w in lw.determiners or w in lw.amount_words or w[:1].isdigit():
        if s + 1 < b and (spans[s + 1][2] in lw.prepositions or spans[s + 1][2] in lw.pronouns or spans[s + 1][2] in lw.determiners):
            return None  # "het om veel meer gaat", "het niets te verbergen heeft": "het" is no determiner there
        e = s + 1
        while e < b and (spans[e][2] in lw.amount_words or spans[e][2][:1].isdigit()):
            e += 1
        while e < b and lw.adjective_inflections and spans[e][2].endswith(lw.adjective_inflections) and e + 1 < b \
                and spans[e + 1][2][:1].islower() and spans[e + 1][2] not in lw.determiners and e - s < 3:
            e += 1  # an adjective before the noun ("een kapotte klep"; not "de provincie | de kosten")
        return e + 1  # the noun ("de schadeclaim", "zeker 35 bewoners")
    if text is not None and text[spans[s][0]].isupper():
        e = s + 1
        while e < b and text[spans[e][0]].isupper():
            e += 1
        return e  # a name: "Vlaanderen", "Norvalis Chemicals"
    return None


def _subject_first(text: str, spans: list[tuple[int, int, str]], a: int, b: int, lw: LabelWords) -> str | None:
    """After "volgens X" Dutch puts the finite verb first ("kan de schadeclaim oplopen tot ..."): the clause
    with its subject first ("de schadeclaim kan oplopen tot ..."); None when the subject is not a plain one."""
    if b - a < 3:
        return None
    s = a + 1
    e = _subject_end(spans, s, b, lw)
    if e is None or e >= b:
        return None
    subject = text[spans[s][0] : spans[e - 1][1]]
    verb = text[spans[a][0] : spans[a][1]]
    return f"{subject} {verb.lower()} {text[spans[e][0] : spans[b - 1][1]]}"


def _as_question(text: str, c: StoryClaim, measure: str, start: int, lw: LabelWords) -> str | None:
    """"tussen 120 en 180 kilo PFAS ..." -> "hoeveel kilo PFAS ...": when the clause opens with an amount of ``measure``."""
    qs = [q for q in c.quantities if q.value is not None and q.measure == measure and q.start >= start]
    if not qs:
        return None
    last = max(q.end for q in qs if q.start - start < 40) if any(q.start - start < 40 for q in qs) else None
    if last is None:
        return None
    head = text[: last - start]
    if not all(w.lower() in lw.amount_words or any(ch.isdigit() for ch in w) or w.lower() in _number_words(lw.code)
               for w in re.findall(r"[^\s]+", head.replace(",", " "))):
        return None
    rest = text[last - start :].strip()
    if len(rest.split()) < 3:  # "hoeveel kilo": the question needs what is counted and what happened
        return None
    return f"{lw.amount_question} {rest}"


@cache
def _number_words(code: str) -> frozenset[str]:
    d = langdata.load(code)
    return frozenset(str(k).lower() for k in d.get("numbers", "multipliers", {}) or {})
