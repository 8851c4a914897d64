"""Actor mentions in a sentence: registry aliases, descriptive sources, unknown names, pronouns.

Registry aliases are matched with one Aho-Corasick automaton over all languages (pyahocorasick).
Descriptive sources are built from language data: a country adjective and a role or source noun
("de Russische president", "Zuid-Koreaanse parlementsleden"), or a role noun with "van" and a
state ("de inlichtingendienst van Zuid-Korea"). A title or description directly before a name is
merged into the name's mention ("NAVO-chef Mark Rutte", "De Belarussische president Loekasjenko").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from ..actors import Actor, Registry
from ..frog import entities
from ..model import Mention, Sentence
from .lexicon import Lexicon

PERSON_ROLES = {"president", "leader", "head_of_government", "foreign_minister", "defence_minister", "spokesperson", "secretary_general"}
ROLE_TYPES = {
    "intelligence": "service", "military_intelligence": "service", "military": "military", "government": "government",
    "defence_ministry": "government", "foreign_ministry": "government", "state_media": "media", "agency": "media",
}
ENTITY_TYPES = {"PER": "person", "ORG": "organisation"}  # entity tags that can be a claim's source
CAP = re.compile(r"[A-ZÀ-ÖØ-Þ]")
WORDCH = re.compile(r"[\w-]")


@dataclass
class MentionFinder:
    registry: Registry
    automaton: ahocorasick.Automaton
    adjectives: dict[str, str]  # lower-case adjective -> country code
    demonyms: dict[str, str]  # lower-case demonym -> country code
    states: dict[str, Actor]  # country code -> state actor
    by_role: dict[tuple[str, str], list[Actor]]  # (country or org id, role) -> actors
    _patterns: dict = field(default_factory=dict)

    @classmethod
    def build(cls, registry: Registry) -> MentionFinder:
        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str]]] = {}
        adjectives: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        states: dict[str, Actor] = {}
        by_role: dict[tuple[str, str], list[Actor]] = {}
        for a in registry.actors():
            for alias in a.all_aliases():
                entries.setdefault(alias.lower(), []).append((a.id, alias))
            if a.type == "state" and a.country:
                states[a.country] = a
                for names in a.demonyms.values():
                    for d in names:
                        demonyms[d.lower()] = a.country
                for adjs in a.adjectives.values():
                    for adj in adjs:
                        adjectives[adj.lower()] = a.country
            if a.type == "group":
                for adjs in a.adjectives.values():
                    for adj in adjs:
                        adjectives.setdefault(adj.lower(), "group:" + a.id)
            for role in a.roles:
                by_role.setdefault((a.country or "", role), []).append(a)
        for key, vals in entries.items():
            auto.add_word(key, (key, vals))
        if entries:
            auto.make_automaton()
        return cls(registry, auto, adjectives, demonyms, states, by_role)

    # --- registry aliases ----------------------------------------------------------------------

    def registry_hits(self, text: str, offset: int) -> list[Mention]:
        low = text.lower()
        cands: list[tuple[int, int, str, str]] = []
        if not len(self.automaton):
            return []
        for end, (key, vals) in self.automaton.iter(low):
            start = end - len(key) + 1
            if start > 0 and WORDCH.match(text[start - 1]):
                continue
            if end + 1 < len(text) and WORDCH.match(text[end + 1]):
                continue
            surface = text[start : end + 1]
            for actor_id, alias in vals:
                if alias.isupper() and len(alias) <= 5 and surface != alias:
                    continue  # "VS", "AP", "OM" only in capitals
                if alias[:1].isupper() and not surface[:1].isupper():
                    continue
                cands.append((start, end + 1, actor_id, surface))
                break
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[Mention] = []
        for s, e, aid, surface in cands:
            if any(s < m.end - offset and m.start - offset < e for m in taken):
                continue
            a = self.registry.get(aid)
            taken.append(Mention(offset + s, offset + e, surface, "registry", aid, a.name, a.type, a.plural))
        return sorted(taken, key=lambda m: m.start)

    def _state_in_name(self, m: Mention, sentence: Sentence, lex: Lexicon) -> bool:
        """A country's name after a capitalised word belongs to an organisation's name ("Air India",
        "Radio Free Europe"): not the state. Not after a title, a function word, a verb or an adjective
        of a country ("President", "Volgens", "Zegt", "Dutch")."""
        if m.actor_type != "state":
            return False
        before = sentence.text[: m.start - sentence.start]
        pm = re.search(r"([\w'-]+) $", before)
        if not pm:
            return False
        w = pm.group(1)
        low = w.lower()
        toks = [t for t in sentence.tokens if t.end == m.start - 1]
        return _is_cap(w) and not w.isupper() and not _common_word(w, lex) and low not in lex.titles and low not in lex.title_words \
            and low not in lex.time_words and low not in self.adjectives and low not in self.demonyms and low not in lex.roles \
            and low not in lex.descriptive_nouns and not (toks and toks[0].lemma in lex.verbs) \
            and not any(h.actor_type for h in self.registry_hits(w, 0))

    # --- descriptive sources -------------------------------------------------------------------

    def resolve_role(self, country: str | None, role: str, date: str | None) -> Actor | None:
        if not country:
            return None
        cands = self.by_role.get((country, role), [])
        if not cands and role == "leader":
            cands = self.by_role.get((country, "president"), [])
        if not cands and role == "government":
            return self.states.get(country)
        current = [a for a in cands if a.in_office(date)]
        if len(current) == 1:
            return current[0]
        if len(cands) == 1 and cands[0].type != "person":
            return cands[0]
        return None

    def find(self, sentence: Sentence, text: str, lex: Lexicon, date: str | None) -> list[Mention]:
        s_text = sentence.text
        off = sentence.start
        mentions = [m for m in self.registry_hits(s_text, off) if not self._state_in_name(m, sentence, lex)]
        mentions = self._descriptive(s_text, off, lex, date, mentions)
        mentions = self._organisation_roles(s_text, off, lex, date, mentions)
        mentions = self._names(sentence, lex, mentions)
        mentions += self._pronouns(sentence, lex, mentions)
        return sorted(mentions, key=lambda m: (m.start, -m.end))

    def _descriptive_pattern(self, lex: Lexicon) -> re.Pattern:
        key = lex.code
        if key not in self._patterns:
            adj = _alt_i(self.adjectives)
            noun = _alt_i(set(lex.roles) | lex.descriptive_nouns)
            det = _alt_i(lex.determiners)
            low_adj = rf"(?:[a-zà-ÿ][a-zà-ÿ-]*{_alt_ending(lex.adjective_inflections)}\s+)"  # "eerdere", "militaire"; "senior" is not caught
            org = rf"(?P<org>[A-ZÀ-Þ][\w-]*(?:\s+(?:[A-ZÀ-Þ][\w-]*|{_alt(lex.organisation_name_links)}))*)"
            the = rf"(?:(?:{_alt(lex.definite_articles)})\s+)?"
            self._patterns[key] = re.compile(
                rf"(?<![\w-])(?:(?:{det})\s+)?{low_adj}?(?:(?:{adj})\s+){low_adj}?(?:(?:{adj})\s+)?{low_adj}?(?P<noun>{noun})(?![\w])"
                rf"|(?<![\w-])(?:(?:{det})\s+)?{low_adj}?(?P<noun2>{noun})\s+(?:{_alt(lex.role_linkers)})\s+{the}{org}"
                rf"|(?<![\w-])(?P<det3>{_alt_i(lex.indefinite)})\s+{low_adj}?(?P<noun3>{noun})(?![\w])"
            )
            self._patterns[key, "tail"] = re.compile(rf"\s+(?:{_alt(lex.description_linkers)})\s+{the}")
        return self._patterns[key]

    def _adjective_pattern(self) -> re.Pattern:
        if "__adj__" not in self._patterns:
            self._patterns["__adj__"] = re.compile(rf"(?<![\w-]){_alt_i(self.adjectives)}(?![\w-])")
        return self._patterns["__adj__"]

    def _descriptive(self, s_text: str, off: int, lex: Lexicon, date: str | None, mentions: list[Mention]) -> list[Mention]:
        out = list(mentions)
        for m in self._descriptive_pattern(lex).finditer(s_text):
            s, e = m.start(), m.end()
            phrase = m.group(0)
            noun = (m.group("noun") or m.group("noun2") or m.group("noun3")).lower()
            am = self._adjective_pattern().search(phrase)
            country = self.adjectives[am.group(0).lower()] if am else None
            if m.group("noun2"):
                inner = [x for x in out if x.kind == "registry" and m.start("org") <= x.start - off and x.end - off <= e]
                if not inner:
                    continue
                target = self.registry.get(inner[0].actor_id)
                e = inner[-1].end - off
                if target is not None:
                    country = target.country if target.type == "state" else target.id
            role = lex.roles.get(noun)
            if m.group("noun") is not None or m.group("noun3") is not None:
                # a trailing "bij de Verenigde Naties" / "van de VS" belongs to the description
                tail = self._patterns[lex.code, "tail"].match(s_text[e:])
                if tail:
                    nxt = [x for x in out if x.kind == "registry" and x.start - off == e + tail.end()]
                    org = re.match(r"[\w-]+", s_text[e + tail.end() :])
                    name = re.match(r"[A-ZÀ-Þ][\w-]*(?:\s+[A-ZÀ-Þ][\w-]*){0,4}", s_text[e + tail.end() :])
                    if nxt and (nxt[0].actor_type in ("state", "organisation", "government")
                                or noun in lex.spokesperson_nouns and nxt[0].actor_type != "person"):
                        e = nxt[0].end - off
                        more = re.match(r"(?:\s+[A-ZÀ-Þ][\w-]*)+", s_text[e:]) if noun in lex.spokesperson_nouns else None
                        if more:
                            e += more.end()  # "a spokesperson for the Israel Defense Forces"
                    elif noun in lex.spokesperson_nouns and name and not nxt:
                        e = e + tail.end() + name.end()  # "a spokesman for Islamic Jihad": whose spokesman
                    elif noun in lex.spokesperson_nouns and org and org.group(0).lower() in lex.organisation_words:
                        e = e + tail.end() + org.end()  # "een woordvoerder van het leger"
            actor = self.resolve_role(country, role, date) if role and country and not country.startswith("group:") else None
            plural = noun in lex.plural_nouns
            kind_type = ROLE_TYPES.get(role or "", "group" if plural else "person")
            surface = s_text[s:e]
            if actor is not None:
                mention = Mention(off + s, off + e, surface, "descriptive", actor.id, actor.name, actor.type, actor.plural or plural)
            else:
                mention = Mention(off + s, off + e, surface, "descriptive", None, _strip_det(surface, lex), kind_type, plural)
            covered = [x for x in out if s <= x.start - off and x.end - off <= e]
            if m.group("noun3") and covered:
                continue  # "de NAVO": the registry hit is the better mention
            out = [x for x in out if x not in covered]
            if any(x.start - off < e and s < x.end - off for x in out):
                continue
            out.append(mention)
        return sorted(out, key=lambda m: m.start)

    def _organisation_roles(self, s_text: str, off: int, lex: Lexicon, date: str | None, mentions: list[Mention]) -> list[Mention]:
        """"A Pentagon spokesman", "Kremlin-woordvoerder": an organisation's role holder."""
        out: list[Mention] = []
        for m in mentions:
            nxt = re.match(r"(?:\s+|-)([\w-]+)", s_text[m.end - off :])
            noun = nxt.group(1).lower() if nxt else ""
            if m.kind == "registry" and m.actor_type != "person" and (noun in lex.roles or noun in lex.descriptive_nouns):
                a = self.registry.get(m.actor_id)
                role = lex.roles.get(noun)
                key = a.country if a and a.type == "state" else a.id if a else None
                actor = self.resolve_role(key, role, date) if role and key else None
                e = m.end + nxt.end()
                surface = s_text[m.start - off : e - off]
                det = re.search(r"(?:^|\s)(\w+)\s+$", s_text[: m.start - off])
                start = m.start
                if det and det.group(1).lower() in lex.determiners:
                    start = off + det.start(1)
                    surface = s_text[start - off : e - off]
                out.append(Mention(start, e, surface, "descriptive", actor.id if actor else None, actor.name if actor else None,
                                   actor.type if actor else ROLE_TYPES.get(role or "", "person"), noun in lex.plural_nouns))
            else:
                out.append(m)
        return out

    # --- names ----------------------------------------------------------------------------------

    def _names(self, sentence: Sentence, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
        toks = sentence.tokens
        out = list(mentions)
        i = 0
        while i < len(toks):
            t = toks[i]
            if not _is_cap(t.text) or any(m.start <= t.start < m.end for m in out) or t.text.isupper() and len(t.text) > 1 \
                    or _common_word(t.text, lex) and not _initial(toks, i):
                i += 1
                continue
            j = i + 1
            while j < len(toks):
                w = toks[j].text
                if _is_cap(w) and not any(m.start <= toks[j].start < m.end for m in out) and not (w.isupper() and len(w) > 1):
                    j += 1
                elif w == "." and _initial(toks, j - 1) and j + 1 < len(toks) and _is_cap(toks[j + 1].text):
                    j += 1  # initials: "K.L. Smit", "G. de Vries"
                elif w.lower() in lex.name_particles or _apostrophe_t(toks, j, lex) \
                        or w.lower() in lex.apostrophe_particles and _apostrophe_t(toks, j + 1, lex):
                    k = j
                    while k < len(toks):  # "Mark van den Oever", "Aad in 't Veld"
                        if toks[k].text.lower() in lex.name_particles:
                            k += 1
                        elif _apostrophe_t(toks, k, lex):
                            k += 2
                        elif toks[k].text.lower() in lex.apostrophe_particles and _apostrophe_t(toks, k + 1, lex):
                            k += 1
                        else:
                            break
                    if k < len(toks) and _is_cap(toks[k].text) and k - j <= 4:
                        j = k
                    else:
                        break
                else:
                    break
            while j - 1 > i and (toks[j - 1].text.lower() in lex.name_particles or toks[j - 1].text.lower() in lex.apostrophe_particles):
                j -= 1  # "Jan de Boer of FNV": a particle run before an acronym is not part of the name
            prev = toks[i - 1].text.lower() if i > 0 else ""
            if j - i >= 2 and i > 0 or j - i >= 2 and toks[i].text.lower() not in lex.determiners:
                name_toks = toks[i:j]
                # a sentence-initial capitalised word is part of a name only if the next one is too
                if i == 0 and toks[0].lemma in lex.verbs:
                    i = j
                    continue
                kind = "organisation" if any(t.text.lower() in lex.organisation_words for t in name_toks) else "person"
                out.append(Mention(name_toks[0].start, name_toks[-1].end, sentence.text[name_toks[0].start - sentence.start : name_toks[-1].end - sentence.start], "name", None, None, kind))
            elif prev in lex.titles and j - i == 1:
                out.append(Mention(t.start, t.end, t.text, "name", None, None, "person"))
            i = j
        for start, end, typ in entities(sentence):  # an external analyzer's names that the rules missed
            name = sentence.text[start - sentence.start : end - sentence.start]
            if typ in ENTITY_TYPES and not name.isupper() and not any(m.start < end and start < m.end for m in out):  # "MAASTRICHT -"
                out.append(Mention(start, end, name, "name", None, None, ENTITY_TYPES[typ]))
        # merge a title or a person description directly before a name: "NAVO-chef Mark Rutte"
        out.sort(key=lambda m: m.start)
        merged: list[Mention] = []
        for m in out:
            if merged and m.actor_type == "person" and m.kind in ("registry", "name"):
                p = merged[-1]
                gap = sentence.text[p.end - sentence.start : m.start - sentence.start]
                if p.kind == "descriptive" and p.actor_type == "person" and gap.strip() == "" and p.actor_id in (None, m.actor_id):
                    merged[-1] = Mention(p.start, m.end, sentence.text[p.start - sentence.start : m.end - sentence.start], m.kind, m.actor_id, m.name, m.actor_type)
                    continue
            title = self._title_before(sentence, m, lex)
            if title is not None and m.actor_type == "person":
                m = Mention(title, m.end, sentence.text[title - sentence.start : m.end - sentence.start], m.kind, m.actor_id, m.name, m.actor_type, m.plural)
                while merged and merged[-1].start >= title and merged[-1].end > title:
                    merged.pop()  # "Foreign Minister" taken as a name of its own: the title belongs to the person
                # "Greenpeace campaigner Joris Ameling": the organisation belongs to the title
                if merged and merged[-1].actor_type != "person" and not sentence.text[merged[-1].end - sentence.start : title - sentence.start].strip():
                    org = merged.pop()
                    m = Mention(org.start, m.end, sentence.text[org.start - sentence.start : m.end - sentence.start], m.kind, m.actor_id, m.name, m.actor_type, m.plural)
            merged.append(m)
        return merged

    def _title_before(self, sentence: Sentence, m: Mention, lex: Lexicon) -> int | None:
        start = None
        before = sentence.text[: m.start - sentence.start]
        for _ in range(3):
            tm = re.search(r"([\w-]+)\s+$", before)
            if not tm:
                break
            w = tm.group(1)
            if w.lower() in lex.titles or w.lower().endswith(lex.title_suffixes) or w.lower() in lex.title_words:
                start = sentence.start + tm.start(1)
                before = before[: tm.start(1)]
            else:
                break
        return start

    def _pronouns(self, sentence: Sentence, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
        out = []
        toks = sentence.tokens
        for am in lex.anaphor_pattern.finditer(sentence.text):
            a, b = sentence.start + am.start(), sentence.start + am.end()
            if not any(m.start < b and a < m.end for m in mentions):
                typ = lex.anaphor_nouns[am.group("noun").lower()]
                out.append(Mention(a, b, am.group(0), "anaphor", None, None, typ, typ in ("state2", "stateN")))
        for i, t in enumerate(toks):
            low = t.text.lower()
            if any(m.start <= t.start < m.end for m in mentions) or any(m.start <= t.start < m.end for m in out):
                continue
            for seq, typ in lex.anaphors_by_first.get(low, ()):
                n = len(seq)
                if tuple(x.text.lower() for x in toks[i : i + n]) == seq:
                    out.append(Mention(t.start, toks[i + n - 1].end, sentence.text[t.start - sentence.start : toks[i + n - 1].end - sentence.start], "anaphor", None, None, typ, typ in ("state2", "stateN")))
                    break
            else:
                if low in lex.pronouns and not lex.pronouns[low].get("weak"):
                    info = lex.pronouns[low]
                    num = info.get("number", "singular")
                    typ = info.get("refers") or ("person" if num == "singular" else "any")
                    out.append(Mention(t.start, t.end, t.text, "pronoun", None, None, typ, num == "plural"))
                elif low in lex.first_person:
                    out.append(Mention(t.start, t.end, t.text, "first", None, None, "person"))
        # an anaphor consumes the tokens it spans
        result: list[Mention] = []
        for m in out:
            if not any(r.start <= m.start < r.end for r in result):
                result.append(m)
        return result


def _alt_i(words) -> str:
    """A case-insensitive alternation, longest first; an empty group matches nothing."""
    ws = sorted({str(w) for w in words if str(w).strip()}, key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(w) for w in ws) + ")" if ws else r"(?!x)x"


def _alt(words) -> str:
    """A case-sensitive alternation of words in their written order (the first that lets the pattern match
    wins: "de" before "der" ends a name at "de"); an empty group matches nothing."""
    ws = [w for w in dict.fromkeys(str(w) for w in words) if w.strip()]
    return "|".join(re.escape(w) for w in ws) if ws else r"(?!x)x"


def _alt_ending(endings) -> str:
    """One of ``endings`` at a word's end (a group that matches nothing when there are none)."""
    return f"(?:{_alt(endings)})"


def _apostrophe_t(toks, i: int, lex: Lexicon) -> bool:
    """The "'t" of "Aad in 't Veld", written as an apostrophe and a word (``apostrophe_words``) with nothing between."""
    return i + 1 < len(toks) and toks[i].text in ("'", "’") and toks[i + 1].text.lower() in lex.apostrophe_words \
        and toks[i + 1].start == toks[i].end


def _initial(toks, i: int) -> bool:
    """A capital letter with its full stop right after it: the "A." of "A.B. Jones"."""
    return len(toks[i].text) == 1 and _is_cap(toks[i].text) and i + 1 < len(toks) and toks[i + 1].text == "." \
        and toks[i + 1].start == toks[i].end


def _is_cap(w: str) -> bool:
    return bool(w) and bool(CAP.match(w)) and any(c.isalpha() for c in w)


def _common_word(w: str, lex: Lexicon) -> bool:
    """A capitalised word at a sentence start that is a function word, not a name ("Volgens", "De")."""
    low = w.lower()
    return (low in lex.determiners or low in lex.prepositions or low in lex.clause_openers or low in lex.pronouns
            or low in lex.first_person or low in lex.negations or low in lex.hedges or low in lex.complementisers
            or any(seq[0] == low for seq in lex.source_before) or low in lex.common_words)


def _strip_det(s: str, lex: Lexicon) -> str:
    parts = s.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in lex.determiners:
        return parts[1]
    return s
