"""Places named in a text: countries, regions and large cities, Dutch and English names alike.

The gazetteer is ``lang/places.yaml`` (one row per place: kind, country, names) plus the states of
the actor registry (their aliases and capital metonyms: "Moskou", "Washington"). Names match as
whole words, case-sensitively ("Gent" the city, not "gent"); the longest name wins ("Gaza-Stad"
over "Gaza"). Each hit keeps its offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
    def __init__(self, names: dict[str, Place]) -> None:
        self.names = names
        alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self._re = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])") if alts else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
        if self._re is None:
            return []
        end = len(text) if end is None else end
        return [PlaceHit(m.start(), m.end(), self.names[m.group(0)]) for m in self._re.finditer(text, start, end)]

    def country(self, code: str) -> Place:
        return Place(f"country:{code}", code, "country", code)


@cache
def _rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    data = yaml.safe_load((resources.files("claimtrail.lang") / "places.yaml").read_text(encoding="utf-8")) or {}
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
