"""Resolution of pronouns, role anaphors and partial names to earlier actors of the article.

The article's mention history is kept in order; a pronoun takes the latest person, "de dienst"
the latest intelligence service, "het land" the latest state, "de twee landen" the latest two,
a lone surname the earlier full name that contains it, and "ik"/"wij" in a quotation its speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..model import Mention

RECENT_MENTIONS = 400  # antecedents are looked for among the last 400 mentions (a long article's worth)
STATE_TYPES = ("state",)
PERSONISH = ("person",)
INSTITUTIONS = ("organisation", "government", "service", "media", "military")  # not wire agencies: they relay
ORGANISATIONS = ("organisation", "government", "service", "state", "media", "military", "agency", "group")


@dataclass
class History:
    mentions: list[Mention] = field(default_factory=list)  # resolved, in text order
    _ends: list[int] = field(default_factory=list)  # their end offsets, for bisect
    _seen: set = field(default_factory=set)

    def add(self, m: Mention) -> None:
        key = (m.start, m.end, m.kind, m.actor_id)
        if m.kind in ("pronoun", "anaphor", "first") or key in self._seen:
            return
        self._seen.add(key)
        i = bisect.bisect_right(self._ends, m.end)
        self.mentions.insert(i, m)
        self._ends.insert(i, m.end)

    def resolve(self, m: Mention, before: int, quote_speaker: Mention | None = None) -> list[Mention]:
        """The actor(s) a mention stands for; the mention itself when it names one."""
        earlier = self.mentions[: bisect.bisect_right(self._ends, before)][-RECENT_MENTIONS:]
        if m.kind == "first":
            return [quote_speaker] if quote_speaker is not None else []
        if m.kind == "pronoun" and m.actor_type == "organisation":
            for x in reversed(earlier):
                if x.actor_type in ORGANISATIONS:
                    return [x]
            return []
        if m.kind == "pronoun":
            want_plural = m.plural
            for x in reversed(earlier):
                if want_plural and (x.plural or x.actor_type in ("state", "government", "group", "organisation", "media", "military")):
                    return [x]
                if not want_plural and x.actor_type in PERSONISH and not x.plural:
                    return [x]
                if m.actor_type == "any" and (x.plural or x.actor_type in PERSONISH):
                    return [x]
            return []
        if m.kind == "anaphor":
            typ = m.actor_type
            noun = m.text.split()[-1].lower()
            if typ not in ("state2", "stateN"):
                for x in reversed(earlier):  # "het ziekenhuis" -> "Ziekenhuis Rivierenland"
                    if noun in x.text.lower().split() and x.kind != "anaphor":
                        return [x]
            if typ in ("state2", "stateN"):
                states: list[Mention] = []
                for x in reversed(earlier):
                    if x.actor_type in STATE_TYPES and all(s.actor_id != x.actor_id for s in states):
                        states.append(x)
                    if typ == "state2" and len(states) == 2:
                        break
                return list(reversed(states)) if len(states) >= 2 else [m]
            want = {"service": ("service",), "state": ("state",), "person": ("person",), "organisation": ("organisation",),
                    "government": ("government",), "media": ("media", "agency")}.get(typ, (typ,))
            for x in reversed(earlier):
                if x.actor_type in want:
                    return [x]
            if typ in INSTITUTIONS:
                for x in reversed(earlier):  # "the authority" for an organisation the registry types otherwise
                    if x.actor_type in INSTITUTIONS:
                        return [x]
            return [m]  # no antecedent: "de minister" stands as written
        if m.kind == "name" and m.actor_id is None and " " not in m.text.strip():
            for x in reversed(earlier):
                if x.actor_type == "person" and m.text in x.text.split():
                    return [x]
        return [m]
