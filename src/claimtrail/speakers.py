"""Who the story's actors are: speakers by their names, titles and roles kept apart.

Linking (``link.ActorIndex``) gives every claim source a key: a registry id, or ``name:…`` for a
source the registry does not know. Not every unknown source is a speaker one can name: the
extractor also finds descriptions ("Vlaamse minister", "Dutch prosecutors"), possessed nouns
("Their union"), bare common nouns ("rapport", "meetdienst") and now and then a verb
("heeft een woordvoerder"). ``Speakers`` keeps the story's actors to the registry's actors and to
names; a claim whose source is no name keeps its ``source`` text (with its offsets) and gets no
actor. A name given with a title or role ("Directeur Sanne Kluivers", "Greenpeace campaigner Joris
Ameling") is split: the actor's ``name`` is the name, its ``roles`` the titles it was given.

The words come from ``lang/<code>/roles.yaml`` and ``reporting.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import lang as langdata
from .link import ActorIndex
from .model import Actor

WORD = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True)
class SpeakerWords:
    titles: frozenset[str]  # words that are a title or role ("directeur", "chairman", "woordvoerder")
    suffixes: tuple[str, ...]  # endings of compound titles ("milieujurist", "statenlid")
    nouns: frozenset[str]  # common nouns that describe a source without naming it
    function_words: frozenset[str]  # determiners, possessives, pronouns: no name starts with one
    verbs: frozenset[str]  # reporting verbs and auxiliaries, as lemmas

    @classmethod
    @cache
    def load(cls, languages: tuple[str, ...]) -> SpeakerWords:
        titles: set[str] = set()
        suffixes: set[str] = set()
        nouns: set[str] = set()
        function: set[str] = set()
        verbs: set[str] = set()
        for code in languages:
            d = langdata.load(code)
            titles |= {w.lower() for w in d.words("roles", "titles") + d.words("roles", "title_words")}
            titles |= {str(k).lower() for k in d.get("roles", "roles", {}) or {} if " " not in str(k)}
            suffixes |= {w.lower() for w in d.words("roles", "title_suffixes")}
            nouns |= {w.lower() for w in d.words("roles", "descriptive_nouns") + d.words("roles", "plural_nouns")}
            nouns |= {w.lower() for w in d.words("reporting", "report_nouns") + d.words("roles", "organisation_words")}
            for key in ("determiners", "possessives", "indefinite", "first_person"):
                function |= {w.lower() for w in d.words("roles", key)}
            function |= {str(k).lower() for k in d.get("roles", "pronouns", {}) or {}}
            verbs |= {str(k).lower() for k in d.get("reporting", "verbs", {}) or {}}
            verbs |= {str(v).lower() for v in (d.get("reporting", "forms", {}) or {}).values()}
            verbs |= {w.lower() for w in d.words("reporting", "hedge_auxiliaries")}
        return cls(frozenset(titles), tuple(sorted(suffixes)), frozenset(nouns), frozenset(function), frozenset(verbs))


def _is_title(word: str, words: SpeakerWords, exact_only: bool = False) -> bool:
    w = word.lower().strip(".,")
    if w in words.titles or w in words.nouns:
        return True
    return not exact_only and any(w == s or w.endswith(s) and len(w) > len(s) + 2 for s in words.suffixes)


def _is_common_noun(word: str, words: SpeakerWords) -> bool:
    """A role or source noun, or a compound ending in one ("meetdienst", "milieuorganisatie")."""
    w = word.lower()
    return _is_title(w, words) or any(w.endswith(n) for n in words.nouns if len(n) >= 5)


def _is_verb(word: str, languages: tuple[str, ...], words: SpeakerWords) -> bool:
    from .analyze import lemma

    w = word.lower()
    return any(lemma(w, code) in words.verbs for code in languages)


def split_name(surface: str, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES) -> tuple[str, str | None] | None:
    """(name, role) when ``surface`` names a speaker, None when it is a description, a common noun or
    a verb phrase. "Directeur Sanne Kluivers" -> ("Sanne Kluivers", "directeur");
    "Greenpeace campaigner Joris Ameling" -> ("Joris Ameling", "Greenpeace campaigner"); "Vlaamse minister" -> None."""
    words = SpeakerWords.load(languages)
    ws = WORD.findall(surface)
    if not ws or ws[0].lower() in words.function_words and not (ws[0][:1].isupper() and all(w[:1].isupper() for w in ws[1:])):
        return None  # "Their union", "de minister" (but "De Ruyter")
    if any(w[:1].islower() and _is_verb(w, languages, words) for w in ws):
        return None  # "heeft een woordvoerder"
    # the role is everything up to the last title word that a name follows ("chief executive Pieter Hanegraaf")
    cut = 0
    for i, w in enumerate(ws[:-1]):
        rest = ws[i + 1 :]
        if _is_title(w, words, exact_only=len(rest) < 2) and rest[0][:1].isupper():
            cut = i + 1
    name_words = ws[cut:]
    if not name_words[-1][:1].isupper() or not any(w[:1].isupper() for w in name_words):
        return None  # "Dutch prosecutors", "rapport", "Two terminal operators"
    if len(name_words) == 1 and _is_common_noun(name_words[0], words):
        return None  # "Meetdienst" at the start of a sentence
    role = " ".join(ws[:cut]) or None
    if role and ws[0][:1].isupper() and _is_title(ws[0], words):
        role = role[0].lower() + role[1:]  # "Directeur" is "directeur" in the middle of a sentence
    return " ".join(name_words), role


class Speakers:
    """Actor keys for claim sources (``link.ActorIndex``), kept to speakers; the story's actors."""

    def __init__(self, index: ActorIndex, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES) -> None:
        self.index = index
        self.languages = languages
        self._speaker: dict[str, bool] = {}  # decided when a key is first seen: the story reads alike everywhere

    def key(self, source: str | None, source_id: str | None) -> str | None:
        k = self.index.key(source, source_id)
        if k is None:
            return None
        ok = self._speaker.get(k)
        if ok is None:
            ok = self._speaker[k] = not k.startswith("name:") or split_name(self.index.names[k], self.languages) is not None
        return k if ok else None

    def name(self, key: str | None) -> str | None:
        if not key:
            return None
        if key.startswith("name:"):
            split = split_name(self.index.names.get(key, ""), self.languages)
            return split[0] if split else None
        return self.index.names.get(key)

    def actors(self) -> list[Actor]:
        """The speakers the claims named, by name."""
        out = []
        for a in self.index.actors():
            if not self._speaker.get(a["id"], True):
                continue
            name = self.name(a["id"]) or a["name"]
            roles: list[str] = []
            for alias in a["aliases"]:
                split = split_name(alias, self.languages)
                if split and split[1] and split[1].lower() not in {r.lower() for r in roles}:
                    roles.append(split[1])
            out.append(Actor(id=a["id"], name=name, aliases=a["aliases"], roles=roles, wikidata=a["wikidata"]))
        return sorted(out, key=lambda a: (a.name.casefold(), a.id))
