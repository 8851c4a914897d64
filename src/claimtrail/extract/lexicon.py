"""All cue vocabularies of one language, compiled once from ``lang/<code>/*.yaml``.

This is the one place where language data becomes sets, maps and patterns; the extraction code
only asks questions of a ``Lexicon``. Empty groups are guarded so that a missing list matches
nothing rather than everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lang as langdata


def _alt(words) -> str:
    words = sorted({str(w).lower() for w in words if str(w).strip()}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words) if words else r"(?!x)x"


def _set(d, file: str, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in d.get(file, key, []) or [])


def _tuple(d, file: str, key: str) -> tuple[str, ...]:
    """A list in its written order (endings for ``str.endswith``, words for a pattern), lower case."""
    return tuple(str(w).lower() for w in d.get(file, key, []) or [] if str(w).strip())


@dataclass(frozen=True)
class Lexicon:
    code: str
    verbs: dict[str, str]  # lemma -> stance
    weak: frozenset[str]
    neutral: frozenset[str]
    separable: tuple[dict, ...]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (word sequence, stance), longest first
    phrases_by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    labelling: frozenset[str]
    source_before: tuple[tuple[str, ...], ...]  # "volgens", ("according", "to")
    trailing: frozenset[str]  # "aldus": a source after the content (source_after)
    passive: dict[str, str]
    passive_by: frozenset[str]
    agent_passive: dict[str, str]  # participles after "door X": "door de rechtbank vrijgesproken"
    report_nouns: frozenset[str]
    report_linkers: frozenset[str]  # "berichten *van* X dat", "reports *from* X that"
    estimate_report_nouns: frozenset[str]  # "schattingen", "estimates": a report noun that reports an estimate
    unnamed: tuple[tuple[str, ...], ...]
    complementisers: frozenset[str]
    conjunctions: tuple[str, ...]  # "en", "and": joins verbs, sources, nouns; the first joins source names
    particle_closers: frozenset[str]  # "af *als*", "toe *dat*": a word after a separable verb's particle that closes it
    negations: frozenset[str]
    hedges: frozenset[str]
    conditionals: frozenset[str]
    deny_words: re.Pattern
    warn_words: re.Pattern
    blame_words: re.Pattern
    confirm_words: re.Pattern
    estimate_words: re.Pattern  # "waarschijnlijk", "likely": a neutral cue reports an estimate
    concern_words: re.Pattern
    alarm_words: re.Pattern  # "vraag me af of", "to the brink": a warning without a condition
    scope_contrast: frozenset[str]  # "X, maar Y": the claim's point is Y
    subordinators: frozenset[str]  # "..., because ...": blame in a reason clause is not the claim's predicate
    evasion: re.Pattern
    roles: dict[str, str]
    roles_pattern: re.Pattern
    descriptive_nouns: frozenset[str]
    plural_nouns: frozenset[str]
    titles: frozenset[str]
    pronouns: dict[str, dict]
    first_person: frozenset[str]
    anaphors: dict[tuple[str, ...], str]
    anaphors_by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    determiners: frozenset[str]
    # numbers
    thousands: str
    decimal: str
    multipliers: dict[str, float]
    qualifiers: dict[tuple[str, ...], dict]
    vague: dict[tuple[str, ...], float]
    percent_words: frozenset[str]
    not_quantity_after: frozenset[str]
    not_quantity_before: frozenset[str]
    not_number_words: frozenset[str]
    range_words: frozenset[str]
    year_before: frozenset[str]
    part_pronouns: frozenset[str]
    ratio_before: tuple[tuple[str, ...], ...]
    prepositions: frozenset[str]
    clause_openers: frozenset[str]
    comma_clause_openers: frozenset[str]
    title_suffixes: tuple[str, ...]
    common_words: frozenset[str]
    anaphor_nouns: dict[str, str]
    anaphor_pattern: re.Pattern
    relative_pronouns: frozenset[str]
    contrast: frozenset[str]
    denial_negations: re.Pattern
    subject_after_verb: bool
    indefinite: frozenset[str]
    possessives: frozenset[str]
    organisation_words: frozenset[str]
    title_words: frozenset[str]
    hedge_auxiliaries: frozenset[str]
    subject_verb_gap: frozenset[str]  # adverbs and auxiliaries between a subject and its verb ("also", "have")
    np_linkers: frozenset[str]  # prepositions inside a source noun phrase ("de politie *van* Utrecht")
    time_words: frozenset[str]  # weekdays, months, parts of the day: never a source
    passive_auxiliaries: frozenset[str]  # "was", "were": with a participle, the subject is not the speaker
    participle_past: tuple[str, ...]  # endings of a past participle ("-ed")
    participle_endings: tuple[str, ...]  # endings of a present participle after a comma ("..., adding that")
    number_words: frozenset[str]  # "two", "three": a verb form after one is a plural noun
    adjective_endings: tuple[str, ...]  # "local", "Sudanese": skipped between a number and what it counts
    noun_premodifiers: frozenset[str]  # "other", "main": between a determiner and a noun ("the other suspects")
    spokesperson_nouns: frozenset[str]  # "woordvoerder", "spokesman": named by the organisation they speak for
    idiom_objects: dict[str, frozenset[str]]  # lemma -> objects that make it no reporting verb ("eiste drie levens")
    addressee_verbs: frozenset[str]  # lemmas whose object is who was told ("told Reuters the ..."), not the content
    colon_labels: frozenset[str]  # "Update:", "Video:": a label before a colon, not a source
    adjective_inflections: tuple[str, ...]  # "-e": "de Amerikaanse regering", a modifier before its noun
    not_adjective_endings: tuple[str, ...]  # "-ee", "-ie": nouns that end like an inflected adjective ("zee")
    determiner_noun_endings: tuple[str, ...]  # a verb form with one after a determiner is a noun ("deze berichten"); empty: any
    adjective_noun_endings: tuple[str, ...]  # ... and after an inflected adjective ("eerdere berichten")
    adjective_noun_exceptions: frozenset[str]  # "eerste": no adjective of the form after it
    numeral_noun_endings: tuple[str, ...]  # "-s": a verb form after a number is a plural noun ("three suspects")
    plural_endings: tuple[str, ...]  # "-s": a source noun that stands for a group ("officials")
    coordinators: frozenset[str]  # ",", "en", "zowel", "&": words between coordinated sources
    name_particles: frozenset[str]  # "van", "de", "von", "al": lower-case words inside a name
    apostrophe_particles: frozenset[str]  # "in", "op": name particles only before "'t" ("Aad in 't Veld")
    apostrophe_words: frozenset[str]  # "t": the word after an apostrophe inside a name
    organisation_name_links: tuple[str, ...]  # "van", "of": lower-case words inside an organisation's name
    role_linkers: tuple[str, ...]  # "de inlichtingendienst *van* Zuid-Korea": a role of the organisation after it
    description_linkers: tuple[str, ...]  # "een vertegenwoordiger *bij* de VN": a description runs on to the organisation
    definite_articles: tuple[str, ...]  # "de", "the": between such a preposition and the organisation
    function_words: frozenset[str]  # never the unit of a number
    count_linkers: frozenset[str]  # "duizenden *van*", "thousands *of*": between an amount and what it counts


@cache
def cue_words(code: str) -> frozenset[str]:
    """Every word that can open or carry a reporting cue of the language (verb lemmas, separable
    stems, first words of phrases, "volgens", "aldus", report nouns): a sentence without one of them,
    a colon or a quotation holds no attribution (the syntax analyzer parses only the others)."""
    lex = lexicon(code)
    words = set(lex.verbs) | set(lex.phrases_by_first) | {s[0] for s in lex.source_before} | {s[0] for s in lex.unnamed}
    words |= lex.trailing | set(lex.passive) | set(lex.agent_passive) | lex.report_nouns | lex.passive_by
    words |= {str(sep["stem"]).lower() for sep in lex.separable}
    return frozenset(words)


def _by_first(pairs) -> dict:
    """Word-sequence entries indexed by their first word, longest first, for a quick lookup per token."""
    out: dict[str, list] = {}
    for seq, val in pairs:
        out.setdefault(seq[0], []).append((seq, val))
    return {k: tuple(v) for k, v in out.items()}


def _seq(s: str) -> tuple[str, ...]:
    return tuple(str(s).lower().split())


def _words_re(words) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_alt(words)})(?![\w-])", re.I)


@cache
def lexicon(code: str) -> Lexicon:
    d = langdata.load(code)
    rep = lambda k, default=None: d.get("reporting", k, default)  # noqa: E731
    num = lambda k, default=None: d.get("numbers", k, default)  # noqa: E731
    rol = lambda k, default=None: d.get("roles", k, default)  # noqa: E731
    phrases = sorted(((_seq(k), str(v)) for k, v in (rep("phrases", {}) or {}).items()), key=lambda x: -len(x[0]))
    before = [_seq(w) for w in rep("source_before", []) or []]
    roles = {str(k).lower(): str(v) for k, v in (rol("roles", {}) or {}).items()}
    evasion = [str(p) for p in rep("evasion", []) or []]
    return Lexicon(
        code=code,
        verbs={str(k).lower(): str(v) for k, v in (rep("verbs", {}) or {}).items()},
        weak=_set(d, "reporting", "weak"),
        neutral=_set(d, "reporting", "neutral"),
        separable=tuple(rep("separable", []) or []),
        phrases=tuple(phrases),
        phrases_by_first=_by_first(phrases),
        labelling=_set(d, "reporting", "labelling"),
        source_before=tuple(sorted(before, key=len, reverse=True)),
        trailing=_set(d, "reporting", "source_after"),
        passive={str(k).lower(): str(v) for k, v in (rep("passive", {}) or {}).items()},
        passive_by=_set(d, "reporting", "source_after_passive"),
        agent_passive={str(k).lower(): str(v) for k, v in (rep("agent_passive", {}) or {}).items()},
        report_nouns=_set(d, "reporting", "report_nouns"),
        report_linkers=_set(d, "reporting", "report_linkers"),
        estimate_report_nouns=_set(d, "reporting", "estimate_report_nouns"),
        unnamed=tuple(sorted((_seq(u) for u in rep("unnamed", []) or []), key=len, reverse=True)),
        complementisers=_set(d, "reporting", "complementisers"),
        conjunctions=_tuple(d, "reporting", "conjunctions"),
        particle_closers=_set(d, "reporting", "particle_closers"),
        negations=_set(d, "reporting", "negations"),
        hedges=_set(d, "reporting", "hedges"),
        conditionals=_set(d, "reporting", "conditionals"),
        deny_words=_words_re(rep("deny_words", [])),
        warn_words=_words_re(rep("warn_words", [])),
        blame_words=_words_re(rep("blame_words", [])),
        confirm_words=_words_re(rep("confirm_words", [])),
        estimate_words=_words_re(rep("estimate_words", [])),
        concern_words=_words_re(rep("concern_words", [])),
        alarm_words=_words_re(rep("alarm_words", [])),
        scope_contrast=_set(d, "reporting", "scope_contrast"),
        subordinators=_set(d, "reporting", "subordinators"),
        evasion=re.compile("|".join(f"(?:{p})" for p in evasion) or r"(?!x)x", re.I),
        roles=roles,
        roles_pattern=re.compile(rf"(?<![\w-])(?:{_alt(roles)})(?![\w])", re.I),
        descriptive_nouns=_set(d, "roles", "descriptive_nouns"),
        plural_nouns=_set(d, "roles", "plural_nouns"),
        titles=_set(d, "roles", "titles"),
        pronouns={str(k).lower(): dict(v) for k, v in (rol("pronouns", {}) or {}).items()},
        first_person=_set(d, "roles", "first_person"),
        anaphors={_seq(k): str(v) for k, v in (rol("anaphors", {}) or {}).items()},
        anaphors_by_first=_by_first(sorted(((_seq(k), str(v)) for k, v in (rol("anaphors", {}) or {}).items()), key=lambda x: -len(x[0]))),
        determiners=_set(d, "roles", "determiners"),
        thousands=str(num("thousands_separator", ",")),
        decimal=str(num("decimal_separator", ".")),
        multipliers={str(k).lower(): float(v) for k, v in (num("multipliers", {}) or {}).items()},
        qualifiers={_seq(k): dict(v) for k, v in (num("qualifiers", {}) or {}).items()},
        vague={_seq(k): float(v) for k, v in (num("vague", {}) or {}).items()},
        percent_words=_set(d, "numbers", "percent_words"),
        not_quantity_after=_set(d, "numbers", "not_quantity_after"),
        not_quantity_before=_set(d, "numbers", "not_quantity_before"),
        not_number_words=_set(d, "numbers", "not_number_words"),
        range_words=_set(d, "numbers", "range_words"),
        year_before=_set(d, "numbers", "year_before"),
        part_pronouns=_set(d, "numbers", "part_pronouns"),
        ratio_before=tuple(tuple(str(w).lower() for w in r) for r in num("ratio_before", []) or []),
        prepositions=_set(d, "reporting", "prepositions"),
        clause_openers=_set(d, "reporting", "clause_openers"),
        comma_clause_openers=_set(d, "reporting", "comma_clause_openers"),
        title_suffixes=tuple(str(x).lower() for x in rol("title_suffixes", []) or []),
        common_words=_set(d, "roles", "common_words"),
        anaphor_nouns={str(k).lower(): str(v) for k, v in (rol("anaphor_nouns", {}) or {}).items()},
        anaphor_pattern=re.compile(
            rf"(?<![\w-])(?i:{_alt(rol('definite', []) or [])})\s+(?:[a-zà-ÿ-]+\s+){{0,2}}?(?P<noun>(?i:{_alt((rol('anaphor_nouns', {}) or {}).keys())}))(?![\w-])"
        ),
        relative_pronouns=_set(d, "reporting", "relative_pronouns"),
        contrast=_set(d, "reporting", "contrast"),
        denial_negations=re.compile("|".join(filter(None, [_words_re(rep("denial_negations", [])).pattern]
                                                        + [f"(?:{p})" for p in rep("denial_patterns", []) or []])), re.I),
        subject_after_verb=bool(rep("subject_after_verb", False)),
        indefinite=_set(d, "roles", "indefinite"),
        possessives=_set(d, "roles", "possessives"),
        organisation_words=_set(d, "roles", "organisation_words"),
        title_words=_set(d, "roles", "title_words"),
        hedge_auxiliaries=_set(d, "reporting", "hedge_auxiliaries"),
        subject_verb_gap=_set(d, "reporting", "subject_verb_gap"),
        np_linkers=_set(d, "reporting", "np_linkers"),
        time_words=_set(d, "reporting", "time_words") | frozenset(w for w in _set(d, "dates", "weekdays") if len(w) > 3)
        | frozenset(w for w in (d.get("dates", "months", {}) or {}) if len(str(w)) > 3),
        passive_auxiliaries=_set(d, "reporting", "passive_auxiliaries"),
        participle_past=tuple(str(x) for x in rep("participle_past", []) or []),
        participle_endings=tuple(str(x) for x in rep("participle_endings", []) or []),
        number_words=_set(d, "numbers", "number_words"),
        adjective_endings=tuple(str(x) for x in num("adjective_endings", []) or []),
        colon_labels=_set(d, "reporting", "colon_labels"),
        addressee_verbs=_set(d, "reporting", "addressee_verbs"),
        idiom_objects={str(k).lower(): frozenset(str(w).lower() for w in v) for k, v in (rep("idiom_objects", {}) or {}).items()},
        spokesperson_nouns=_set(d, "roles", "spokesperson_nouns"),
        noun_premodifiers=_set(d, "reporting", "noun_premodifiers"),
        adjective_inflections=_tuple(d, "reporting", "adjective_inflections"),
        not_adjective_endings=_tuple(d, "numbers", "not_adjective_endings"),
        determiner_noun_endings=_tuple(d, "reporting", "determiner_noun_endings"),
        adjective_noun_endings=_tuple(d, "reporting", "adjective_noun_endings"),
        adjective_noun_exceptions=_set(d, "reporting", "adjective_noun_exceptions"),
        numeral_noun_endings=_tuple(d, "reporting", "numeral_noun_endings"),
        plural_endings=_tuple(d, "reporting", "plural_endings"),
        coordinators=_set(d, "roles", "coordinators"),
        name_particles=_set(d, "roles", "name_particles"),
        apostrophe_particles=_set(d, "roles", "apostrophe_particles"),
        apostrophe_words=_set(d, "roles", "apostrophe_words"),
        organisation_name_links=_tuple(d, "roles", "organisation_name_links"),
        role_linkers=_tuple(d, "roles", "role_linkers"),
        description_linkers=_tuple(d, "roles", "description_linkers"),
        definite_articles=_tuple(d, "roles", "definite_articles"),
        function_words=_set(d, "numbers", "function_words"),
        count_linkers=_set(d, "numbers", "count_linkers"),
    )
