"""Resolution of pronouns, role anaphors and partial names to earlier actors of the article.

The article's mention history is kept in order; a pronoun takes the latest person, "de dienst"
the latest intelligence service, "het land" the latest state, "de twee landen" the latest two,
a lone surname the earlier full name that contains it, and "ik"/"wij" in a quotation its speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Mention

STATE_TYPES = ("state",)
PERSONISH = ("person",)
INSTITUTIONS = ("organisation", "government", "service", "media", "military")  # not wire agencies: they relay
ORGANISATIONS = ("organisation", "government", "service", "state", "media", "military", "agency", "group")


@dataclass
class History:
    mentions: list[Mention] = field(default_factory=list)  # resolved, in text order

    def add(self, m: Mention) -> None:
        if m.kind not in ("pronoun", "anaphor", "first") and m not in self.mentions:
            self.mentions.append(m)
            self.mentions.sort(key=lambda x: x.start)

    def resolve(self, m: Mention, before: int, quote_speaker: Mention | None = None) -> list[Mention]:
        """The actor(s) a mention stands for; the mention itself when it names one."""
        earlier = [x for x in self.mentions if x.end <= before]
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
