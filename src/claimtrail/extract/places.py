"""Places named in a text: countries, regions and large cities, Dutch and English names alike.

The gazetteer is ``lang/places.yaml`` (one row per place: kind, country, names) plus the states of
the actor registry (their aliases and capital metonyms: "Moskou", "Washington"). Names match as
whole words, case-sensitively ("Gent" the city, not "gent"); the longest name wins ("Gaza-Stad"
over "Gaza"). Each hit keeps its offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick
import yaml

from ..actors import Registry


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "city:NL:Rotterdam", "country:NL"
    name: str  # the first name of its row: what claims show
    kind: str  # country | region | city
    country: str  # ISO 3166 alpha-2


@dataclass(frozen=True, slots=True)
class PlaceHit:
    start: int
    end: int
    place: Place


class Gazetteer:
    """All names in one Aho-Corasick automaton (pyahocorasick): leftmost-longest hits, kept when
    they are whole words."""

    def __init__(self, names: dict[str, Place]) -> None:
        self.names = names
        self.by_id = {p.id: p for p in names.values()}  # "country:ES" -> Spanje
        self._automaton = ahocorasick.Automaton()
        for n, place in names.items():
            self._automaton.add_word(n, (n, place))
        if names:
            self._automaton.make_automaton()

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
        if not self.names:
            return []
        end = len(text) if end is None else end
        out = []
        for last, (name, place) in self._automaton.iter_long(text, start, end):
            a, b = last - len(name) + 1, last + 1
            if (a > 0 and _word_char(text[a - 1])) or (b < len(text) and _word_char(text[b])):
                continue
            out.append(PlaceHit(a, b, place))
        return out


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


@cache
def _rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((resources.files("claimtrail.lang") / "places.yaml").read_text(encoding="utf-8"), Loader=loader) or {}
    out = []
    for group in data.values():
        for row in group or []:
            kind, country, *names = (str(x) for x in row)
            out.append((kind, country, tuple(names)))
    return tuple(out)


@cache
def gazetteer(registry: Registry | None = None) -> Gazetteer:
    """The built-in places plus, when given, the registry's states (cached per registry)."""
    names: dict[str, Place] = {}
    countries: dict[str, Place] = {}
    states = {a.country: a for a in (registry.actors() if registry else []) if a.type == "state" and a.country}
    for kind, country, row in _rows():
        pid = f"country:{country}" if kind == "country" else f"{kind}:{country}:{row[0]}"
        shown = states[country].name if kind == "country" and country in states else row[0]
        place = Place(pid, shown, kind, country)
        if kind == "country":
            countries[country] = place
        for n in row:
            names.setdefault(n, place)
    for a in (registry.actors() if registry else []):
        if a.type != "state" or not a.country:
            continue
        place = countries.get(a.country) or Place(f"country:{a.country}", a.name, "country", a.country)
        for n in a.all_aliases():
            if len(n) >= 3 or n.isupper():
                names.setdefault(n, place)
    return Gazetteer(names)
