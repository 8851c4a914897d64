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


MAX_ACTOR_FILE_BYTES = 50_000_000
SCALAR = (str, int, float)
LANG_LISTS = ("aliases", "adjectives", "demonyms")


class _NoAliasLoader(yaml.SafeLoader):
    """A user's actor file may not use YAML aliases (``*name``): a few lines of them expand to gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed in actor files", mark)
        return super().compose_node(parent, index)


def _check_entry(e: dict, where: str, n: int) -> None:
    """One E016 line for the first field of the wrong type."""
    def bad(field: str, want: str) -> ConfigError:
        return ConfigError(Code.E016, detail=f"{where}: entry {n} ({str(e.get('id'))[:60]}): {field!r} must be {want}")

    for key in ("id", "name"):
        if not isinstance(e[key], SCALAR) or isinstance(e[key], bool) or not str(e[key]).strip():
            raise bad(key, "a non-empty string")
    for key in ("type", "country", "wikidata"):
        if e.get(key) is not None and not isinstance(e[key], SCALAR):  # "NO" (Norway) reads as a boolean: int
            raise bad(key, "a string")
    for key in LANG_LISTS:
        v = e.get(key)
        if v is not None and not (isinstance(v, dict) and all(
                isinstance(names, list) and all(isinstance(x, SCALAR) for x in names) for names in v.values())):
            raise bad(key, "a mapping of language code to a list of names")
    if e.get("roles") is not None and not (isinstance(e["roles"], list) and all(isinstance(x, SCALAR) for x in e["roles"])):
        raise bad("roles", "a list of role keys")
    term = e.get("term")
    if term is not None and not (isinstance(term, list) and len(term) == 2 and all(x is None or isinstance(x, SCALAR) for x in term)):
        raise bad("term", "a list [from, to] of YYYY-MM or null")


def _parse_entry(e: dict, where: str, n: int = 0) -> Actor:
    if not isinstance(e, dict) or "id" not in e or "name" not in e:
        raise ConfigError(Code.E016, detail=f"{where}: every entry needs an id and a name: {e!r}"[:300])
    _check_entry(e, where, n)
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


def _load_yaml(text: str, where: str, trusted: bool = True) -> list[Actor]:
    try:
        data = (yaml.safe_load(text) if trusted else yaml.load(text, Loader=_NoAliasLoader)) or []  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as e:
        raise ConfigError(Code.E016, detail=" ".join(f"{where}: {e}".split())[:300]) from None
    except RecursionError:
        raise ConfigError(Code.E016, detail=f"{where}: nested too deeply") from None
    if not isinstance(data, list):
        raise ConfigError(Code.E016, detail=f"{where}: expected a list of actor entries")
    return [_parse_entry(e, where, n) for n, e in enumerate(data, 1)]


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
            if Path(path).stat().st_size > MAX_ACTOR_FILE_BYTES:
                raise ConfigError(Code.E016, detail=f"{path}: larger than {MAX_ACTOR_FILE_BYTES} bytes")
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(Code.E016, detail=f"{path}: {e.strerror or e}") from None
        except UnicodeDecodeError:
            raise ConfigError(Code.E016, detail=f"{path}: not UTF-8 text") from None
        actors += _load_yaml(text, str(path), trusted=False)
    return Registry(actors)
