"""Events: what happened, where and when. A story is a set of events; claims link only inside one.

Each article is put in one event before its claims are linked, online and in story order: the
article joins the event it is most similar to, or opens a new one. Similarity is the cosine of
the article's claims (their mean vector) with the event's, plus the overlap of the places named
(``extract.places``: cities and regions weigh more than countries) and of the proper names (words
written with a capital inside a sentence that the article never writes in lower case: "Norvalis",
"Maccabi"); an article must share some names with an event to join it, unless its claims read
nearly alike. An article dated more than ``EVENT_DAYS`` from all of an event's scores less.

An event is stored as a record beside the propositions (id ``event:...``, the sum of its articles'
vectors, its article count and its places, names and days as counted keys), so a later run goes
on with the same events.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from . import lang as langdata
from .dates import day_number
from .extract.places import gazetteer
from .model import EMBED_DIM, LinkRecord, StoryEvent, content_id

EVENT_THRESHOLD = 0.55  # cosine + overlaps at which an article joins an event
EVENT_COSINE_FLOOR = 0.25  # below this cosine an article opens its own event whatever it shares
EVENT_COSINE_ALONE = 0.8  # ... and below this it must share names (a share of at least EVENT_NAMES_MIN)
EVENT_NAMES_MIN = 0.08
PLACE_WEIGHT = 0.35  # times the weighted overlap of places (0..1)
NAME_WEIGHT = 0.45  # times the weighted overlap of proper names (0..1)
COUNTRY_SHARE = 0.25  # a country counts this much of a city or region
EVENT_DAYS = 45  # an article dated further from every article of an event ...
LATE_PENALTY = 0.25  # ... scores this much less with it
EVENT_CANDIDATES = 32  # events scored in full per article: those with the closest centroids
TOP_NAMES = 16  # names kept per article, most frequent first
TOP_PLACES = 8

WORD = re.compile(r"(?<![\w'’-])[\w'’]+(?:-[\w'’]+)*")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘’'«»()\[\]\n•|-]\s*)$")
EVENT_PREFIX = "event:"  # an event's record among the propositions, and a claim's key naming its event


@dataclass
class ArticleProfile:
    article: str
    vector: np.ndarray
    places: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    day: int | None = None


@dataclass
class Event(LinkRecord):
    """An event as linking works with it; its keys count "place:..", "name:..", "day:.."."""

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.sum))
        return self.sum / norm if norm else self.sum

    def counts(self, prefix: str) -> dict[str, int]:
        return {k[len(prefix):]: v for k, v in self.keys.items() if k.startswith(prefix)}

    def days(self) -> list[int]:
        return [int(k[4:]) for k in self.keys if k.startswith("day:")]


def day_date(day: int) -> str:
    """The date ``day_number`` made ("YYYY-MM-DD"; a month-only date comes back as its 15th)."""
    y, rest = divmod(day, 372)
    m, d = divmod(rest, 31)
    if d == 0:
        m, d = m - 1, 31
    return f"{y:04d}-{m:02d}-{d:02d}"


def describe(record_id: str, articles: int, keys: dict[str, int], topic: str | None = None) -> StoryEvent:
    """An event as readers see it, from its stored record: its places (cities and regions first, by
    how often its articles name them), its first and last day, and ``topic`` (what its largest
    proposition says) after them: "Terneuzen, Westerschelde · 2026-09-14 – 2026-09-20: PFAS leaked (kg)"."""
    places = sorted(((k[6:], v) for k, v in keys.items() if k.startswith("place:")),
                    key=lambda kv: (kv[0].startswith("country:"), -kv[1], kv[0]))
    names = [place_name(k) for k, _ in places[:TOP_PLACES]]
    days = sorted(int(k[4:]) for k in keys if k.startswith("day:"))
    first, last = (day_date(days[0]), day_date(days[-1])) if days else (None, None)
    when = "" if first is None else first if first == last else f"{first} – {last}"
    where = ", ".join(names[:3])
    head = " · ".join(x for x in (where, when) if x) or "Undated, unplaced"
    return StoryEvent(record_id, f"{head}: {topic}" if topic else head, names, first, last, articles)


def place_name(key: str) -> str:
    """"city:NL:Terneuzen" -> "Terneuzen", "country:ES" -> "Spanje" (the gazetteer's first name)."""
    place = gazetteer().by_id.get(key)
    return place.name if place else key.rsplit(":", 1)[-1]


@cache
def _not_names(registry=None) -> frozenset[str]:
    """Capitalised words that name no one event: months, weekdays, titles ("President") in every
    language, and the registry's nationality adjectives and demonyms ("Israeli", "Indiase")."""
    out: set[str] = set()
    for code in langdata.available_languages():
        d = langdata.load(code)
        out |= {str(w).lower() for w in (d.get("dates", "months", {}) or {})}
        out |= {str(w).lower() for w in d.get("dates", "weekdays", []) or []}
        for t in d.get("roles", "titles", []) or []:
            out |= set(str(t).lower().split())
    for a in registry.actors() if registry else []:
        for words in list(a.adjectives.values()) + list(a.demonyms.values()):
            out |= {str(w).lower() for w in words}
    return frozenset(out)


def proper_names(text: str, skip: list[tuple[int, int]] = (), registry=None) -> Counter:
    """Capitalised words and acronyms inside sentences that the text never writes in lower case;
    each part of a compound counts ("KLM-personeel" names "klm", "MH17-proces" "mh17"), and so do two
    capitalised words in a row inside a sentence ("Air India", even where "air" is a word too)."""
    lower_words = set(re.findall(r"(?<![\w'’-])[a-zà-ÿ][\w'’]*", text))
    not_names = _not_names(registry)
    out: Counter = Counter()
    skip = sorted(skip)
    starts = [a for a, _ in skip]
    prev: tuple[int, str, bool] | None = None  # the last capitalised word: its end, itself, whether it opened a sentence
    for m in WORD.finditer(text):
        w = m.group(0)
        if w.islower() or w.isdigit():
            continue
        opens = SENTENCE_START.search(text, max(0, m.start() - 3), m.start()) is not None
        if w[0].isupper() and w.lower() not in not_names:
            if prev and prev[0] + 1 == m.start() and text[prev[0]] == " " and not prev[2]:
                out[_spelling(f"{prev[1]} {w.lower()}")] += 1  # "Air India", "Tata Steel": a name of two words
            prev = (m.end(), w.lower(), opens)
        else:
            prev = None
        k = bisect.bisect_right(starts, m.start()) - 1
        if (k >= 0 and m.start() < skip[k][1]) or opens:
            continue
        for part in w.split("-"):
            part = re.sub(r"['’]s$", "", part)
            if len(part) < 2 or not part[0].isupper() or (len(part) < 3 and not part.isupper()):
                continue
            low = part.lower()
            if low in lower_words or low in not_names:
                continue
            out[_spelling(low)] += 1
    return out


def _spelling(name: str) -> str:
    """Dutch and English spellings of a name alike: Poelatov/Pulatov, Doebinski/Dubinsky (roles.yaml name_spellings)."""
    return langdata.respell(name)


def article_profile(article: str, text: str, date: str | None, vectors: np.ndarray, registry=None) -> ArticleProfile:
    """What an article is about: its claims' mean vector, its places, names and day."""
    v = np.asarray(vectors, dtype=np.float32).sum(axis=0)
    hits = gazetteer(registry).find(text)
    places: Counter = Counter()
    for h in hits:
        places[h.place.id] += 1
    names = proper_names(text, [(h.start, h.end) for h in hits], registry)
    return ArticleProfile(article, v, Counter(dict(places.most_common(TOP_PLACES))), Counter(dict(names.most_common(TOP_NAMES))),
                          day_number(date))


def _weights(counts: dict[str, int], places: bool) -> dict[str, float]:
    w = {k: float(c) * (COUNTRY_SHARE if places and k.startswith("country:") else 1.0) for k, c in counts.items()}
    total = sum(w.values())
    return {k: x / total for k, x in w.items()} if total else {}


def overlap(a: dict[str, int], b: dict[str, int], places: bool = False) -> float:
    """Weighted overlap of two count tables, 0..1 (the shared share of each, the smaller)."""
    wa, wb = _weights(a, places), _weights(b, places)
    return sum(min(x, wb[k]) for k, x in wa.items() if k in wb)


class EventIndex:
    """Online event assignment of articles; events persist as records beside the propositions."""

    def __init__(self, events: list[Event] | None = None, threshold: float | None = None) -> None:
        self.events: list[Event] = list(events or [])
        self.threshold = EVENT_THRESHOLD if threshold is None else threshold
        self.of_article: dict[str, str] = {}
        self.touched: set[str] = set()
        # the events' centroids, one row each (grown by doubling): one product finds the candidates
        self._mat = np.zeros((max(64, len(self.events)), EMBED_DIM), dtype=np.float32)
        for i, e in enumerate(self.events):
            self._mat[i] = e.centroid

    def score(self, p: ArticleProfile, e: Event, cos: float | None = None) -> float | None:
        """How well article ``p`` fits event ``e``, or None when it cannot join it."""
        if cos is None:
            norm = float(np.linalg.norm(p.vector))
            cos = float(e.centroid @ p.vector) / norm if norm else 0.0
        if cos < EVENT_COSINE_FLOOR:
            return None
        places = overlap(p.places, e.counts("place:"), True)
        names = overlap(p.names, e.counts("name:"))
        if names < EVENT_NAMES_MIN and cos < EVENT_COSINE_ALONE:
            return None  # alike in wording or place only ("deaths in a disaster", "in Amsterdam"): who differs
        score = cos + PLACE_WEIGHT * places + NAME_WEIGHT * names
        if p.day is not None:
            days = e.days()
            if days and min(abs(p.day - d) for d in days) > EVENT_DAYS:
                score -= LATE_PENALTY  # months later: the same event only when who and where agree well
        return score

    def assign(self, p: ArticleProfile) -> str:
        """The event of article ``p`` (an article keeps the event it was first given)."""
        if p.article in self.of_article:
            return self.of_article[p.article]
        best, best_score = None, -1.0
        norm = float(np.linalg.norm(p.vector))
        if self.events and norm:
            cos = self._mat[: len(self.events)] @ (p.vector / norm)
            cand = np.flatnonzero(cos >= EVENT_COSINE_FLOOR)
            if len(cand) > EVENT_CANDIDATES:
                cand = cand[np.argpartition(-cos[cand], EVENT_CANDIDATES)[:EVENT_CANDIDATES]]
            for i in sorted(cand.tolist()):
                s = self.score(p, self.events[i], float(cos[i]))
                if s is not None and s > best_score:
                    best, best_score = i, s
        if best is None or best_score < self.threshold:
            self.events.append(Event(EVENT_PREFIX + content_id(p.article, length=12), np.zeros_like(p.vector), 0))
            best = len(self.events) - 1
            if best == len(self._mat):
                self._mat = np.concatenate([self._mat, np.zeros_like(self._mat)])
        e = self.events[best]
        e.sum = e.sum + p.vector
        e.n += 1
        self._mat[best] = e.centroid
        for prefix, counts in (("place:", p.places), ("name:", p.names)):
            for k, c in counts.items():
                e.keys[prefix + k] = e.keys.get(prefix + k, 0) + c
        if p.day is not None:
            e.keys[f"day:{p.day}"] = e.keys.get(f"day:{p.day}", 0) + 1
        self.of_article[p.article] = e.id
        self.touched.add(e.id)
        return e.id


def event_keys(index: EventIndex, batch: list, vectors: np.ndarray, registry=None) -> list[str]:
    """The event key of each claim in ``batch`` ((claim, article text) pairs, in story order): each
    article is profiled from its text and the vectors of its claims, and given its event."""
    by_article: dict[str, list[int]] = {}
    for i, (c, _) in enumerate(batch):
        by_article.setdefault(c.article, []).append(i)
    out = [""] * len(batch)
    for article, rows in by_article.items():
        c, text = batch[rows[0]]
        if article not in index.of_article:
            index.assign(article_profile(article, text, c.date, vectors[rows], registry))
        for i in rows:
            out[i] = index.of_article[article]
    return out
