"""What a number counts: a measure kind comparable across languages ("deaths", "troops:KP",
"kg", "catch:kg", "ransom:eur"), from the counted noun and the words near the number
(``lang/<code>/measures.yaml``). A series holds one measure; linking gives claims of one measure a
bonus and keeps claims of different measures apart.

- The counted noun gives the kind: "290 doden" and "290 dead" count deaths.
- A general noun or a unit is made precise by a context word within the clause (up to
  ``CONTEXT_AFTER`` words after the number, ``CONTEXT_BEFORE`` before, never past another number):
  "12 mensen kwamen om" -> deaths, "15.000 Noord-Koreanen zijn ingezet" -> troops (troops are
  troops deployed unless they were killed or injured),
  "2000 kilo vangst" -> catch:kg, "5 miljoen euro losgeld" -> ransom:eur; a mass without such a
  word is what was released ("kg"), an amount of money without one stays "eur".
- Troops and jobs keep their noun: troops + deaths = troops_killed, jobs + cuts = jobs_cut.
- Persons keep their nationality when known: "troops:KP".
"""

from __future__ import annotations

import re
from functools import cache

from . import lang as langdata

CONTEXT_AFTER = 7
CONTEXT_BEFORE = 4
PERSON_NOUNS = frozenset({"people", "passengers", "crew", "employees", "victims"})  # refined by an event word
EVENT_WORDS = ("deaths", "injured", "missing", "arrests", "evacuated")
COMBINED = {("troops", "deaths"): "troops_killed", ("troops", "deployed"): "troops",
            ("troops", "injured"): "troops_injured", ("jobs", "cuts"): "jobs_cut", ("employees", "cuts"): "jobs_cut"}
MONEY_WORDS = ("ransom", "damage", "cost", "fine", "claimed", "wage")
MASS_WORDS = ("catch",)  # a mass is what was released unless a word says otherwise
UNIT_DIMENSIONS = {"eur": MONEY_WORDS, "usd": MONEY_WORDS, "kg": MASS_WORDS, "tonnes": MASS_WORDS, "m3": MASS_WORDS}
PEOPLE_KINDS = frozenset({"troops", "troops_killed", "troops_injured", "people", "persons"})  # keep a nationality
WORD = re.compile(r"[\w'’-]+|\d+(?:[.,]\d+)*")


def unit_concept(unit: str | None) -> str | None:
    """A unit's concept, the same in every language ("kilo", "kilogram", "kg" -> "kg"; from
    ``lang/<code>/numbers.yaml``); an unknown unit is its own concept (lower case)."""
    if not unit:
        return None
    u = unit.lower()
    return _unit_table().get(u, u)


@cache
def _unit_table() -> dict[str, str]:
    out: dict[str, str] = {}
    for code in langdata.available_languages():
        for concept, words in (langdata.load(code).get("numbers", "units", {}) or {}).items():
            for w in words:
                out[str(w).lower()] = str(concept)
    return out


@cache
def _tables(code: str) -> tuple[dict[str, str], list[tuple[tuple[str, ...], str]]]:
    """(noun -> kind, [(context phrase as words, kind)] longest first) for one language."""
    d = langdata.load(code)
    nouns = {str(w).lower(): str(kind) for kind, ws in (d.get("measures", "nouns", {}) or {}).items() for w in ws}
    context = [(tuple(str(w).lower().split()), str(kind)) for kind, ws in (d.get("measures", "context", {}) or {}).items() for w in ws]
    context.sort(key=lambda x: -len(x[0]))
    return nouns, context


def _context_kinds(words: list[str], code: str) -> list[str]:
    _, context = _tables(code)
    out: list[str] = []
    for i in range(len(words)):
        for phrase, kind in context:
            if tuple(words[i : i + len(phrase)]) == phrase and kind not in out:
                out.append(kind)
                break
    return out


def measure_kind(text: str, start: int, end: int, unit: str | None, concept: str | None, code: str,
                 span: tuple[int, int], stops: list[int] = ()) -> str | None:
    """The kind of the quantity at ``start:end`` of ``text``: its unit's concept ("kg", "eur") or
    counted noun, made precise by the words around it inside ``span`` (the claim's content),
    not reading past the numbers at ``stops`` (other quantities' starts)."""
    nouns, _ = _tables(code)
    lo, hi = span
    hi_ctx = min([hi] + [s for s in stops if s > start])
    lo_ctx = max([lo] + [s for s in stops if s < start])
    after = [w.lower() for w in WORD.findall(text[end:hi_ctx])][:CONTEXT_AFTER]
    before = [w.lower() for w in WORD.findall(text[lo_ctx:start])][-CONTEXT_BEFORE:]
    noun_kind = nouns.get(unit.lower()) if unit else None
    if noun_kind is None and concept is None:  # an adjective before the noun ("3000 North Korean troops"): the next counted noun
        noun_kind = next((nouns[w] for w in after[:3] if w in nouns), None)
    near = _context_kinds(after, code) + [k for k in _context_kinds(before, code)]
    if concept in UNIT_DIMENSIONS:
        kind = next((k for k in near if k in UNIT_DIMENSIONS[concept]), None)
        return f"{kind}:{concept}" if kind else concept
    if noun_kind in ("troops", "jobs", "employees"):
        for k in near:
            if (noun_kind, k) in COMBINED:
                return COMBINED[noun_kind, k]
        return "jobs" if noun_kind == "employees" and "jobs" in near else noun_kind
    if noun_kind in PERSON_NOUNS or (noun_kind is None and concept == "persons"):
        kind = next((k for k in near if k in EVENT_WORDS or k == "deployed"), None)
        return "troops" if kind == "deployed" else kind or noun_kind or concept
    return noun_kind or concept
