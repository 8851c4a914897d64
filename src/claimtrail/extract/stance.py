"""Stance of a claim: the cue's stance, turned by negation and by what the content says.

Order of the rules (the first that applies wins):
1. a negated cue is evasive: "ontkende niet", "zei niet of", "did not deny" -> evade
2. a labelling verb takes the stance of its label: "noemt het onzin" -> deny
3. for neutral saying cues and source prepositions, the content decides: an evasive answer
   ("onze zaken", "up to Russia to decide") -> evade; denial words -> deny; a negated statement
   after "zei dat" -> deny; danger words with a condition ("zou ... ernstig zijn als") -> warn;
   alarm words ("vraag me af of") -> warn; blame words in the claim's predicate (after a last "maar",
   before "omdat"/"nadat") -> accuse; hedging adverbs ("waarschijnlijk", "likely") -> estimate; evidence words -> confirm
4. otherwise the cue's own stance.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

FIRST_CLAUSE_CHARS = 80  # a denial sits at the head of what is said ("... dat niemand ...")


def _first_clause(content: str, lex: Lexicon) -> str:
    """The head of the content, before a nested "dat"/"that" clause."""
    words = "|".join(re.escape(w) for w in lex.complementisers) or r"(?!x)x"
    head = re.split(rf"(?<!\w)(?:{words})(?!\w)", content, maxsplit=1)[0]
    return head[:FIRST_CLAUSE_CHARS]


def _predicate(content: str, lex: Lexicon) -> str:
    """The part of the content that carries its point: after the last "but", before a reason or time clause.

    "Het is een schokkende misdaad, maar het gaat om een enkelvoudige moord" is no accusation, nor is
    "riot police had to intervene after fans were attacked".
    """
    words = re.findall(r"\w+", content.lower())
    if lex.scope_contrast and any(w in lex.scope_contrast for w in words):
        alt = "|".join(re.escape(w) for w in lex.scope_contrast)
        content = re.split(rf"(?i)(?<!\w)(?:{alt})(?!\w)", content)[-1]
    if lex.subordinators:
        alt = "|".join(re.escape(w) for w in lex.subordinators)
        content = re.split(rf"(?i)(?<!\w)(?:{alt})(?!\w)", content, maxsplit=1)[0]
    return content


def decide(base: str, cue_lemma: str, kind: str, negated: bool, content: str, content_words: list[str], lex: Lexicon,
           label: str = "") -> str:
    """``label``: the words between the cue and the content ("noemt het verder *onzin* dat ...")."""
    if negated:
        return "evade"
    if cue_lemma in lex.labelling:
        said = f"{label} {content}"
        if lex.deny_words.search(said):
            return "deny"
        if lex.blame_words.search(said):
            return "accuse"
        return "warn" if lex.concern_words.search(said) else base
    neutral = kind in ("prep", "trailing", "quote", "colon", "hedge") or cue_lemma in lex.neutral
    if not neutral:
        return base
    if lex.evasion.search(content):
        return "evade"
    if lex.deny_words.search(content):
        return "deny"
    if kind in ("verb", "prep") and lex.denial_negations.search(_first_clause(content, lex)):
        return "deny"
    if kind == "prep" and lex.denial_negations.search(label):
        return "deny"  # "According to the judges, there was no evidence that ...": the head before "that" denies
    if lex.warn_words.search(content) and (any(w in lex.conditionals or w in lex.hedges for w in content_words)):
        return "warn"
    if lex.alarm_words.search(content):
        return "warn"
    if lex.blame_words.search(_predicate(content, lex)):
        return "accuse"
    if lex.estimate_words.search(content):
        return "estimate"
    if lex.confirm_words.search(content):
        return "confirm"
    return base
