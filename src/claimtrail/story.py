"""Stage 8, story: propositions with their timelines, estimate series, contradictions and changes.

``link_store`` links the claims a store does not yet know into propositions (incremental: only new
claims are embedded and compared with the existing centroids). ``build_story`` then reads every
claim with its proposition and returns the story as typed objects (``model.Story``; JSON: ``Story.as_dict``):

- per proposition: its claims in date order, the numeric series of what they measure, who reported
  first, each actor's stance over time and the actors whose stance changed (denied -> acknowledged);
- contradictions: the same proposition asserted by one actor and denied by another, or numbers for
  the same measure and period that disagree.

Dates with month precision ("2024-10") sort after the days of that month (the claim was made by
its end at the latest); undated claims come last.
"""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import multiprocessing as mp
import shutil
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TextIO

import numpy as np
import orjson

from . import lang as langdata
from .actors import Registry
from .batching import batches
from .dates import day_number
from .events import describe, event_keys
from .labels import content_clause, proposition_label
from .link import EVENT_PREFIX, ActorIndex, Linker, claim_text_for_embedding, embed, series_keys
from .model import (
    Claim,
    ClaimLink,
    Contradiction,
    FirstReport,
    Polarity,
    Proposition,
    SeriesPoint,
    Stance,
    StanceChange,
    StanceEntry,
    Story,
    StoryClaim,
    StoryEvent,
)
from .safe import markdown
from .speakers import Speakers
from .store import Linking, StoryReads
from .store.rows import ArticleMeta, LinkedClaim

log = logging.getLogger(__name__)

CONTRADICTIONS_PER_DENIAL = 2  # a denial is shown against its two strongest counterparts, not every one
STANCE_STRENGTH = {Stance.CONFIRM: 0, Stance.ASSERT: 1, Stance.ESTIMATE: 2}
NUMBER_DISAGREEMENT = 0.25  # two figures differ when the smaller is more than 25 % below the larger
SAME_PERIOD_DAYS = 31  # figures are compared when reported within a month of each other
WHY_CHARS = 90  # the words of each side a contradiction quotes in its "why"
NUMBER_LOOKBACK = 20  # how far back in a series a figure looks for another actor's figure
EMBED_BATCH = 256
SAVE_EVERY = 20 * EMBED_BATCH  # links held in memory before they are written


def date_key(date: str | None) -> str:
    if not date:
        return "9999-99-99"
    return date if len(date) >= 10 else f"{date}-32"  # a month sorts after its days


def link_store(store: Linking, registry: Registry, progress=None, workers: int = 1) -> int:
    """Link the store's new claims into propositions; returns how many were linked. ``workers`` > 1:
    the sentence vectors are computed in that many worker processes, a few batches ahead, while this
    process links in story order (the result is the same)."""
    store.drop_stale_links()
    pending = batches(store.unlinked_claims(), EMBED_BATCH)  # streamed: article texts are not kept
    first = next(pending, None)
    if first is None:
        return 0
    linker = Linker(store.load_propositions(), members=store.proposition_members())
    links: list[ClaimLink] = []
    total = 0
    for batch, vectors in embedded(itertools.chain([first], pending), workers):
        events = event_keys(linker.events, batch, vectors, registry)  # claims link only inside their event
        keys = [series_keys(c) | {f"place:{p}" for p in c.places} | {e} for (c, _), e in zip(batch, events, strict=True)]
        pids = linker.add([c.id for c, _ in batch], vectors, keys)
        links += [ClaimLink(c.id, pid, v, sorted(k)) for (c, _), pid, v, k in zip(batch, pids, vectors, keys, strict=True)]
        total += len(batch)
        if len(links) >= SAVE_EVERY:
            _save(store, linker, links)
            links = []
        if progress:
            progress(len(batch))
    _save(store, linker, links)
    return total


def embedded(pending: Iterable[list], workers: int = 1) -> Iterator[tuple[list, np.ndarray]]:
    """Each batch of (claim, article text) with its claims' vectors, in order; with ``workers`` > 1 the
    encoder runs in worker processes (spawned: each loads it once), up to ``2 * workers`` batches ahead."""
    if workers <= 1:
        for batch in pending:
            yield batch, embed([claim_text_for_embedding(c, text) for c, text in batch])
        return
    ahead: deque = deque()
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        for batch in pending:
            ahead.append((batch, pool.submit(embed, [claim_text_for_embedding(c, text) for c, text in batch])))
            if len(ahead) > 2 * workers:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


def _save(store: Linking, linker: Linker, links: list[ClaimLink]) -> None:
    """Links and the propositions they touched, in one transaction (a long run is saved as it goes)."""
    touched = {link.proposition_id for link in links}
    events = [e for e in linker.events.events if e.id in linker.events.touched]
    linker.events.touched.clear()
    store.save_links([p for p in linker.props if p.id in touched] + events, links)


def build_story(store: StoryReads, registry: Registry, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES, min_claims: int = 1) -> Story:
    """The story of everything in the store (call ``link_store`` first)."""
    story = Story()
    speakers = Speakers(ActorIndex.build(registry, languages), languages)
    events = event_of_propositions(store)
    for prop, contradictions in iter_story(store, registry, languages, min_claims, speakers, events):
        story.propositions.append(prop)
        story.contradictions += contradictions
    story.actors = speakers.actors()  # the speakers the claims named
    story.events = story_events(events[1], [_event_row(p) for p in story.propositions])
    return story


def _event_row(p: Proposition) -> tuple[str, str | None, int, str]:
    """What the events need of a proposition: its id, event, number of claims and label."""
    return p.id, p.event, len(p.claims), p.label


def event_of_propositions(store) -> tuple[dict[str, str], dict[str, tuple[int, dict[str, int]]]]:
    """Each proposition's event (the event key most of its claims carry) and the event records."""
    of: dict[str, str] = {}
    records: dict[str, tuple[int, dict[str, int]]] = {}
    for pid, n, keys in store.proposition_keys():
        if pid.startswith(EVENT_PREFIX):
            records[pid] = (n, keys)
            continue
        events = [(v, k) for k, v in keys.items() if k.startswith(EVENT_PREFIX)]
        if events:
            of[pid] = max(events)[1]
    return of, records


def story_events(records: dict[str, tuple[int, dict[str, int]]], rows: list[tuple[str, str | None, int, str]]) -> list[StoryEvent]:
    """The events of the story, largest first (by claims), each with its propositions in story order
    and labelled with its places, days and the label of its largest proposition. ``records``: the
    stored event records (``event_of_propositions``); ``rows``: (id, event, claims, label) of each
    proposition (``_event_row``)."""
    members: dict[str, list[tuple[str, str | None, int, str]]] = {}
    for row in rows:
        if row[1]:
            members.setdefault(row[1], []).append(row)
    out = []
    for eid, rows in members.items():
        n, keys = records.get(eid, (0, {}))
        e = describe(eid, n, keys, topic=rows[0][3])
        e.propositions = [r[0] for r in rows]
        out.append((-sum(r[2] for r in rows), e.first or "9999", e))
    out.sort(key=lambda x: x[:2])
    return [e for _, _, e in out]


def event_groups(story: Story) -> list[tuple[StoryEvent | None, list[Proposition]]]:
    """The story's propositions under their events, largest event first; propositions of no known
    event (linked before events existed) come last, under None."""
    by_id = {p.id: p for p in story.propositions}
    groups: list[tuple[StoryEvent | None, list[Proposition]]] = [
        (e, [by_id[pid] for pid in e.propositions if pid in by_id]) for e in story.events]
    placed = {pid for e in story.events for pid in e.propositions}
    rest = [p for p in story.propositions if p.id not in placed]
    return [g for g in groups if g[1]] + ([(None, rest)] if rest else [])


def iter_story(store: StoryReads, registry: Registry, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES, min_claims: int = 1,
               speakers: Speakers | None = None, events: tuple[dict[str, str], dict] | None = None
               ) -> Iterator[tuple[Proposition, list[Contradiction]]]:
    """Each proposition with its contradictions, largest first, one at a time: memory holds one
    proposition's claims, not the story's (a million claims stream through). ``events``: what
    ``event_of_propositions`` read, when the caller has it already."""
    speakers = speakers or Speakers(ActorIndex.build(registry, languages), languages)
    meta = store.article_meta()
    event_of, _ = events or event_of_propositions(store)
    order = []
    for s in store.proposition_summaries():
        if s.claims >= min_claims:
            first = s.first_date
            first_date = first[:-3] if first and first.endswith("-32") else first  # back from date_key
            order.append((-s.claims, first_date or "9999", s.proposition_id))
    order.sort()
    for _, _, pid in order:
        items = store.proposition_claims(pid)
        if len(items) < min_claims:
            continue
        items.sort(key=lambda item: (date_key(item.claim.date), item.claim.article, item.claim.start))
        prop = _proposition(pid, items, speakers, meta)
        prop.event = event_of.get(pid)
        yield prop, _contradictions(prop, speakers)


def write_json(store: StoryReads, registry: Registry, out: TextIO, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES) -> tuple[int, int, int]:
    """The story as JSON (the layout of ``Story.as_dict``), written while it is built: propositions
    go out one by one, one per line, contradictions wait in a spooled file. Returns the counts.

    One compact line per proposition and per contradiction (orjson: encoding with the standard
    json module and indentation cost more than building the story), greppable line by line."""
    speakers = Speakers(ActorIndex.build(registry, languages), languages)
    n_props = n_contra = 0
    stored = event_of_propositions(store)
    rows: list[tuple[str, str | None, int, str]] = []  # what the events need of each proposition
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        out.write('{\n  "propositions": [')
        for prop, contradictions in iter_story(store, registry, languages, 1, speakers, stored):
            out.write(("," if n_props else "") + "\n" + _indented(prop.as_dict()))
            rows.append(_event_row(prop))
            n_props += 1
            for x in contradictions:
                spool.write(("," if n_contra else "") + "\n" + _indented(x.as_dict()))
                n_contra += 1
        out.write("\n  ]," if n_props else "],")
        out.write('\n  "contradictions": [')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]," if n_contra else "],")
        actors = [a.as_dict() for a in speakers.actors()]
        out.write('\n  "actors": ' + json.dumps(actors, ensure_ascii=False, indent=2).replace("\n", "\n  ") + ",")
        events = [e.as_dict() for e in story_events(stored[1], rows)]
        out.write('\n  "events": ' + json.dumps(events, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")
    return n_props, n_contra, len(actors)


def _indented(x: dict) -> str:
    return "    " + orjson.dumps(x).decode("utf-8")


def _story_claim(cid: str, claim: Claim, pid: str, speakers: Speakers, meta: dict[str, ArticleMeta]) -> StoryClaim:
    claim.topic = pid
    m = meta.get(claim.article)
    return StoryClaim(claim, cid, speakers.key(claim.source, claim.source_id), m.outlet if m else None, m.title if m else None)


def _proposition(pid: str, items: list[LinkedClaim], speakers: Speakers, meta: dict[str, ArticleMeta]) -> Proposition:
    """``items``: the proposition's claims, in story order."""
    claims = [_story_claim(cid, c, pid, speakers, meta) for cid, c, _ in items]
    series = [SeriesPoint(q.value, q.unit, q.measure, q.approx, q.bound, q.low, q.high, c.source, c.actor, c.date, c.article,
                          q.start, q.end, c.id)
              for c in claims for q in c.quantities if q.value is not None and q.part_of is None]
    for s in series:  # whole numbers as integers, as the claims write them
        s.value = _number(s.value)
        s.low, s.high = _number(s.low), _number(s.high)
    series.sort(key=lambda s: (date_key(s.date), s.article, s.start))
    # the series is the proposition's main measure; other measures are kept apart
    counts: dict[str, int] = defaultdict(int)
    for x in series:
        counts[x.measure or ""] += 1
    main = max(counts, key=lambda k: (counts[k], k)) if counts else None
    other: dict[str, list[SeriesPoint]] = defaultdict(list)
    for x in series:
        if (x.measure or "") != main:
            other[x.measure or ""].append(x)
    series = [x for x in series if (x.measure or "") == main]
    stances: dict[str, list[StanceEntry]] = defaultdict(list)
    for c in claims:
        if c.actor:
            stances[c.actor].append(StanceEntry(c.date, c.stance, c.id))
    changes = []
    for actor, seq in stances.items():
        for a, b in zip(seq, seq[1:], strict=False):
            pa, pb = a.stance.polarity, b.stance.polarity
            if pa != pb and {pa, pb} & {Polarity.REJECT, Polarity.NEUTRAL} and date_key(a.date) <= date_key(b.date):
                changes.append(StanceChange(actor, a.stance, b.stance, a.claim, b.claim, a.date, b.date))
    dated = [c for c in claims if c.date]
    first = dated[0] if dated else claims[0]
    language = _majority_language(claims)
    label = proposition_label(claims, main or None, language)
    return Proposition(
        id=pid, label=label, language=language, claims=claims, measure=main or None, series=series, other_series=dict(other),
        first_report=FirstReport(first.id, first.actor, first.source, first.date, first.article, first.outlet),
        stances=dict(sorted(stances.items())), changes=changes)


def _number(v: float | None) -> float | int | None:
    return int(v) if v is not None and float(v).is_integer() else v


def _majority_language(claims: list[StoryClaim]) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for c in claims:
        if c.language:
            counts[c.language] += 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def _contradictions(p: Proposition, speakers: Speakers) -> list[Contradiction]:
    """At most one contradiction per pair of actors: opposite stances first, then figures that disagree."""
    out: list[Contradiction] = []
    pairs: set[frozenset] = set()
    claims = p.claims
    # opposite polarity from different actors: each denial with its strongest, nearest counterparts
    supports = _Supports([c for c in claims if c.stance.polarity == Polarity.SUPPORT and c.actor])
    for deny in claims:
        if deny.stance.polarity != Polarity.REJECT or not deny.actor:
            continue
        for sup in supports.strongest(deny, CONTRADICTIONS_PER_DENIAL):
            pair = frozenset((deny.actor, sup.actor))
            if pair not in pairs:
                pairs.add(pair)
                out.append(Contradiction(p.id, "polarity", deny, sup, _why_polarity(deny, sup, speakers)))
    # figures for one measure and period that disagree: each figure against the latest earlier
    # figure of another actor (linear in the series, not every pair)
    by_claim = {c.id: c for c in claims}
    all_series = p.series + [x for xs in p.other_series.values() for x in xs]
    by_measure: dict[str, list[SeriesPoint]] = defaultdict(list)
    for x in all_series:
        if x.actor and x.date:
            by_measure[x.measure or ""].append(x)
    for measure, xs in by_measure.items():
        xs.sort(key=lambda s: (date_key(s.date), s.article, s.start))
        for n, y in enumerate(xs):
            for x in reversed(xs[max(0, n - NUMBER_LOOKBACK) : n]):
                dx, dy = day_number(x.date), day_number(y.date)
                if abs(dx - dy) > SAME_PERIOD_DAYS:
                    break
                if x.actor == y.actor or x.claim == y.claim:
                    continue
                lo, hi = sorted([float(x.value), float(y.value)])
                if hi > 0 and lo < hi * (1 - NUMBER_DISAGREEMENT) and not _ranges_overlap(x, y):
                    pair = frozenset((x.actor, y.actor))
                    if pair not in pairs:
                        pairs.add(pair)
                        diff = round(100 * (hi - lo) / hi)
                        out.append(Contradiction(p.id, "numbers", by_claim[x.claim], by_claim[y.claim],
                                                 _why_numbers(x, y, measure or None, diff, speakers), measure or None, diff))
                break  # one comparison per figure: with the nearest earlier figure of another actor
    return out


STANCE_VERBS = {Stance.ASSERT: "asserted", Stance.ESTIMATE: "estimated", Stance.CONFIRM: "confirmed", Stance.DENY: "denied",
                Stance.EVADE: "evaded", Stance.WARN: "warned of", Stance.ACCUSE: "accused"}


def _name(speakers: Speakers, actor: str | None, source: str | None) -> str:
    return speakers.name(actor) or source or "an unnamed source"


def _why_polarity(deny: StoryClaim, sup: StoryClaim, speakers: Speakers) -> str:
    """Who denied what, and what the other confirmed or asserted: "Norvalis Chemicals denied (2025-03-12):
    “het bedrijf de bron is”; RIVM asserted (2025-03-10): “…”"."""
    def side(c: StoryClaim) -> str:
        said = content_clause(c)
        said = said if len(said) <= WHY_CHARS else said[: WHY_CHARS - 1].rsplit(" ", 1)[0] + "…"
        return f"{_name(speakers, c.actor, c.source)} {STANCE_VERBS[c.stance]} ({c.date or 'undated'}): “{said}”"

    return f"{side(deny)}; {side(sup)}"


def _why_numbers(x: SeriesPoint, y: SeriesPoint, measure: str | None, diff: int, speakers: Speakers) -> str:
    """"RIVM: 150 kg (2025-03-10); Greenpeace: 400 kg (2025-03-14): 62 % apart for the same measure (kg) within a month"."""
    def side(s: SeriesPoint) -> str:
        return f"{_name(speakers, s.actor, s.source)}: {_figure(s)} ({s.date or 'undated'})"

    return f"{side(x)}; {side(y)}: {diff} % apart, for the same measure{f' ({measure})' if measure else ''} within a month"


def _figure(s: SeriesPoint) -> str:
    if s.low is not None and s.high is not None and s.low != s.high:
        n = f"{_number(s.low):,}–{_number(s.high):,}"
    else:
        n = f"{_number(s.value):,}"
    prefix = {"min": "at least ", "max": "at most "}.get(s.bound or "", "about " if s.approx else "")
    return f"{prefix}{n}{' ' + s.unit if s.unit else ''}"


class _Supports:
    """A proposition's supporting claims by actor, stance strength and day, so that each denial
    finds its strongest, nearest counterparts without sorting every claim again (linear, not
    quadratic, in the size of a proposition)."""

    UNDATED_GAP = 10**6

    def __init__(self, claims: list[StoryClaim]) -> None:
        self.by_actor: dict[str, dict[int, tuple[list[int], dict[int, list[StoryClaim]], list[StoryClaim]]]] = {}
        for c in claims:
            levels = self.by_actor.setdefault(c.actor, {})
            days, at_day, undated = levels.setdefault(STANCE_STRENGTH.get(c.stance, 9), ([], {}, []))
            d = day_number(c.date)
            if d is None:
                undated.append(c)
            else:
                at_day.setdefault(d, []).append(c)
        for levels in self.by_actor.values():
            for days, at_day, undated in levels.values():
                days.extend(sorted(at_day))
                undated.sort(key=lambda c: c.id)
        # everything of one actor and strength by id: what an undated denial picks from
        self.by_id = {(actor, strength): sorted(undated + [c for d in days for c in at_day[d]], key=lambda c: c.id)
                      for actor, levels in self.by_actor.items() for strength, (days, at_day, undated) in levels.items()}

    def strongest(self, deny: StoryClaim, k: int) -> list[StoryClaim]:
        """The best counterpart of up to ``k`` other actors: strongest stance, nearest date, another
        article, then id; actors ordered by their best counterpart."""
        dd = day_number(deny.date)
        best = []
        for actor, levels in self.by_actor.items():
            if actor != deny.actor:
                best.append(self._best(actor, levels, dd, deny.article))
        best.sort(key=lambda kc: kc[0])
        return [c for _, c in best[:k]]

    def _best(self, actor: str, levels: dict, dd: int | None, article: str) -> tuple[tuple, StoryClaim]:
        strength = min(levels)
        days, at_day, undated = levels[strength]
        if dd is not None and days:
            i = bisect.bisect_left(days, dd)
            near = [days[j] for j in (i - 1, i) if 0 <= j < len(days)]
            gap = min(abs(dd - d) for d in near)
            pool = sorted((c for d in near if abs(dd - d) == gap for c in at_day[d]), key=lambda c: c.id)
        else:  # an undated denial is equally far from everything; a dated one prefers dated claims
            gap = self.UNDATED_GAP
            pool = self.by_id[actor, strength] if dd is None else undated
        # another article first, then the smallest id: the first in id order from another article
        c = next((c for c in pool if c.article != article), pool[0])
        return (strength, gap, c.article == article, c.id), c


def _ranges_overlap(x: SeriesPoint, y: SeriesPoint) -> bool:
    def span(s: SeriesPoint) -> tuple[float, float]:
        lo = s.low if s.low is not None else s.value
        hi = s.high if s.high is not None else s.value
        if s.bound == "min":
            hi = float("inf")
        if s.bound == "max":
            lo = 0
        return float(lo), float(hi)

    (a1, b1), (a2, b2) = span(x), span(y)
    return a1 <= b2 and a2 <= b1


def to_markdown(story: Story) -> str:
    """The story as Markdown, event by event; every text from an article is escaped, so no HTML passes through."""
    def m(v) -> str:
        return markdown(str(v)).replace("`", "'")

    names = {a.id: a.name for a in story.actors}
    lines = ["# Story", ""]
    for e, props in event_groups(story):
        lines += [f"## {m(e.label) if e else 'Claims of no known event'}", ""]
        if e:
            when = m(e.first or "undated") + (f" – {m(e.last)}" if e.last and e.last != e.first else "")
            lines += [f"*{e.articles} articles · {when}{' · ' + m(', '.join(e.places)) if e.places else ''}*", ""]
        for p in props:
            first = p.first_report
            lines += [f"### {m(p.label)}", "", f"*{len(p.claims)} claims; first reported by {m(first.source or 'an unnamed source')}"
                      f" ({m(first.date or 'undated')})*", ""]
            for c in p.claims:
                q = ", ".join(x.text for x in c.quantities if x.value is not None)
                lines.append(f"- {m(c.date or 'undated')} · **{m(c.source or 'unnamed')}** ({c.stance}): {m(c.text)}"
                             f"{' [' + m(q) + ']' if q else ''} — `{m(c.article)}:{c.start}-{c.end}`")
            if p.series:
                lines += ["", "| date | value | measure | source |", "|---|---|---|---|"]
                lines += [f"| {m(s.date or 'undated')} | {s.value} {m(s.unit or '')} | {m(s.measure or '')} | {m(s.source or 'unnamed')} |"
                          .replace("\n", " ") for s in p.series]
            for ch in p.changes:
                lines.append(f"\n*Change:* {m(names.get(ch.actor, ch.actor))} went from {ch.from_stance} ({m(ch.from_date or 'undated')}) "
                             f"to {ch.to_stance} ({m(ch.to_date or 'undated')}).")
            lines.append("")
    if story.contradictions:
        lines += ["## Contradictions", ""]
        for x in story.contradictions:
            lines.append(f"- **{m(x.why)}**  \n"
                         f"  {m(x.a.source or 'unnamed')} ({x.a.stance}, {m(x.a.date or 'undated')}): {m(x.a.text)}  \n"
                         f"  vs {m(x.b.source or 'unnamed')} ({x.b.stance}, {m(x.b.date or 'undated')}): {m(x.b.text)}")
        lines.append("")
    lines += ["## Actors", ""]
    for a in story.actors:
        extra = [", ".join(a.roles)] if a.roles else []
        extra += [f"Wikidata {a.wikidata}"] if a.wikidata else []
        also = sorted(set(a.aliases) - {a.name})[:8]
        lines.append(f"- **{m(a.name)}**{' (' + m('; '.join(extra)) + ')' if extra else ''}{': also ' + m(', '.join(also)) if also else ''}")
    return "\n".join(lines) + "\n"
