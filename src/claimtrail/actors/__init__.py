"""The actor registry: people, states, organisations, services, media and wire agencies.

Bundled YAML files (``states.yaml``, ``people.yaml``, ``organisations.yaml``) hold one entry per
actor with aliases per language, a type, a country, roles and a Wikidata id. Users add their own
file with the same layout (``--actors FILE``); their entries extend or override bundled ones.

Entry fields: id, name, type (person | state | government | service | military | organisation |
media | agency | group), country (ISO 3166 alpha-2), wikidata, aliases {lang: [..]},
adjectives {lang: [..]} (states: "Russische", "Russian"), roles [role keys from lang/*/roles.yaml],
term [from, to] ("YYYY-MM", either may be null) for office holders, plural (groups).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from ..errors import Code, ConfigError

BUNDLED = ("states.yaml", "people.yaml", "organisations.yaml")
TYPES = ("person", "state", "government", "service", "military", "organisation", "media", "agency", "group")


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    wikidata: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    adjectives: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)  # "Noord-Koreanen", "North Koreans"
    roles: list[str] = field(default_factory=list)
    term: tuple[str | None, str | None] = (None, None)
    plural: bool = False

    def all_aliases(self) -> list[str]:
        out = [self.name]
        for names in self.aliases.values():
            out += names
        return list(dict.fromkeys(out))

    def in_office(self, date: str | None) -> bool:
        if not date:
            return self.term[1] is None  # undated text: prefer the current holder
        a, b = self.term
        d = date[:7]
        return (a is None or a <= d) and (b is None or d <= b)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "wikidata": self.wikidata, "aliases": self.all_aliases()}


def _parse_entry(e: dict, where: str) -> Actor:
    if not isinstance(e, dict) or "id" not in e or "name" not in e:
        raise ConfigError(Code.E016, detail=f"{where}: every entry needs an id and a name: {e!r}"[:300])
    typ = e.get("type", "person")
    if typ not in TYPES:
        raise ConfigError(Code.E016, detail=f"{where}: {e['id']}: type {typ!r} is not one of {', '.join(TYPES)}")
    term = e.get("term") or [None, None]
    return Actor(
        id=str(e["id"]), name=str(e["name"]), type=typ, country=e.get("country"), wikidata=e.get("wikidata"),
        aliases={k: [str(x) for x in v] for k, v in (e.get("aliases") or {}).items()},
        adjectives={k: [str(x) for x in v] for k, v in (e.get("adjectives") or {}).items()},
        demonyms={k: [str(x) for x in v] for k, v in (e.get("demonyms") or {}).items()},
        roles=[str(r) for r in e.get("roles") or []],
        term=(str(term[0]) if term[0] else None, str(term[1]) if term[1] else None),
        plural=bool(e.get("plural", typ in ("group",))),
    )


def _load_yaml(text: str, where: str) -> list[Actor]:
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as e:
        raise ConfigError(Code.E016, detail=f"{where}: {e}".splitlines()[0]) from None
    if not isinstance(data, list):
        raise ConfigError(Code.E016, detail=f"{where}: expected a list of actor entries")
    return [_parse_entry(e, where) for e in data]


class Registry:
    def __init__(self, actors: list[Actor]) -> None:
        self.by_id: dict[str, Actor] = {}
        for a in actors:
            self.by_id[a.id] = a  # later files override earlier ones

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, actor_id: str | None) -> Actor | None:
        return self.by_id.get(actor_id) if actor_id else None

    def actors(self) -> list[Actor]:
        return list(self.by_id.values())


@cache
def _bundled() -> tuple[Actor, ...]:
    root = resources.files(__name__)
    out: list[Actor] = []
    for name in BUNDLED:
        f = root / name
        if f.is_file():
            out += _load_yaml(f.read_text(encoding="utf-8"), name)
    return tuple(out)


def load_registry(extra: tuple[Path, ...] = ()) -> Registry:
    actors = list(_bundled())
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(Code.E016, detail=f"{path}: {e.strerror or e}") from None
        actors += _load_yaml(text, str(path))
    return Registry(actors)
