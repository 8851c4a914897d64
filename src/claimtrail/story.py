"""Stage 8, story: propositions with their timelines, estimate series, contradictions and changes.

``link_store`` links the claims a store does not yet know into propositions (incremental: only new
claims are embedded and compared with the existing centroids). ``build_story`` then reads every
claim with its proposition and returns the story as plain data (see ``Story.as_dict``):

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
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np
import orjson

from .actors import Registry
from .events import event_keys
from .link import ActorIndex, Linker, claim_text_for_embedding, embed, series_keys
from .safe import markdown
from .scale import batches

log = logging.getLogger(__name__)

POLARITY = {"assert": "support", "confirm": "support", "estimate": "support", "deny": "reject", "evade": "neutral",
            "warn": "other", "accuse": "other"}
CONTRADICTIONS_PER_DENIAL = 2  # a denial is shown against its two strongest counterparts, not every one
STANCE_STRENGTH = {"confirm": 0, "assert": 1, "estimate": 2}
NUMBER_DISAGREEMENT = 0.25  # two figures differ when the smaller is more than 25 % below the larger
SAME_PERIOD_DAYS = 31  # figures are compared when reported within a month of each other
NUMBER_LOOKBACK = 20  # how far back in a series a figure looks for another actor's figure
EMBED_BATCH = 256
SAVE_EVERY = 20 * EMBED_BATCH  # links held in memory before they are written


def date_key(date: str | None) -> str:
    if not date:
        return "9999-99-99"
    return date if len(date) >= 10 else f"{date}-32"  # a month sorts after its days


def _days(date: str | None) -> int | None:
    if not date:
        return None
    y, m = int(date[:4]), int(date[5:7])
    d = int(date[8:10]) if len(date) >= 10 else 15
    return y * 372 + m * 31 + d


def link_store(store, registry: Registry, progress=None) -> int:
    """Link the store's new claims into propositions; returns how many were linked."""
    store.drop_stale_links()
    pending = batches(store.unlinked_claims(), EMBED_BATCH)  # streamed: article texts are not kept
    first = next(pending, None)
    if first is None:
        return 0
    linker = Linker(store.load_propositions(), members=store.proposition_members())
    links: list = []
    total = 0
    for batch in itertools.chain([first], pending):
        vectors = embed([claim_text_for_embedding(c, text) for c, text in batch])
        events = event_keys(linker.events, batch, vectors, registry)  # claims link only inside their event
        keys = [series_keys(c) | {f"place:{p}" for p in c.places} | {e} for (c, _), e in zip(batch, events, strict=True)]
        pids = linker.add([c.id for c, _ in batch], vectors, keys)
        links += [(c.id, pid, v, sorted(k)) for (c, _), pid, v, k in zip(batch, pids, vectors, keys, strict=True)]
        total += len(batch)
        if len(links) >= SAVE_EVERY:
            _save(store, linker, links)
            links = []
        if progress:
            progress(len(batch))
    _save(store, linker, links)
    return total


def _save(store, linker: Linker, links: list) -> None:
    """Links and the propositions they touched, in one transaction (a long run is saved as it goes)."""
    touched = {pid for _, pid, _, _ in links}
    events = [e for e in linker.events.events if e.id in linker.events.touched]
    linker.events.touched.clear()
    store.save_links([p for p in linker.props if p.id in touched] + events, links)


@dataclass
class Story:
    propositions: list[dict] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"propositions": self.propositions, "contradictions": self.contradictions, "actors": self.actors}


def build_story(store, registry: Registry, languages: tuple[str, ...] = ("nl", "en"), min_claims: int = 1) -> Story:
    """The story of everything in the store (call ``link_store`` first)."""
    story = Story()
    index = ActorIndex.build(registry, languages)
    for prop, contradictions in iter_story(store, registry, languages, min_claims, index):
        story.propositions.append(prop)
        story.contradictions += contradictions
    story.actors = index.actors()  # the actors the claims named
    return story


def iter_story(store, registry: Registry, languages: tuple[str, ...] = ("nl", "en"), min_claims: int = 1,
               index: ActorIndex | None = None) -> Iterator[tuple[dict, list[dict]]]:
    """Each proposition with its contradictions, largest first, one at a time: memory holds one
    proposition's claims, not the story's (a million claims stream through)."""
    index = index or ActorIndex.build(registry, languages)
    meta = store.article_meta()
    order = []
    for pid, n, first in store.proposition_summaries():
        if n >= min_claims:
            first_date = first[:-3] if first and first.endswith("-32") else first  # back from date_key
            order.append((-n, first_date or "9999", pid))
    order.sort()
    for _, _, pid in order:
        items = store.proposition_claims(pid)
        if len(items) < min_claims:
            continue
        for d, _ in items:
            d["topic"] = pid
        items.sort(key=lambda cv: (date_key(cv[0]["date"]), cv[0]["article"], cv[0]["start"]))
        prop = _proposition(pid, items, index, meta)
        yield prop, _contradictions(prop)


def write_json(store, registry: Registry, out: TextIO, languages: tuple[str, ...] = ("nl", "en")) -> tuple[int, int, int]:
    """The story as JSON (the layout of ``Story.as_dict``), written while it is built: propositions
    go out one by one, one per line, contradictions wait in a spooled file. Returns the counts.

    One compact line per proposition and per contradiction (orjson: encoding with the standard
    json module and indentation cost more than building the story), greppable line by line."""
    index = ActorIndex.build(registry, languages)
    n_props = n_contra = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        out.write('{\n  "propositions": [')
        for prop, contradictions in iter_story(store, registry, languages, 1, index):
            out.write(("," if n_props else "") + "\n" + _indented(prop))
            n_props += 1
            for x in contradictions:
                spool.write(("," if n_contra else "") + "\n" + _indented(x))
                n_contra += 1
        out.write("\n  ]," if n_props else "],")
        out.write('\n  "contradictions": [')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]," if n_contra else "],")
        actors = index.actors()
        out.write('\n  "actors": ' + json.dumps(actors, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")
    return n_props, n_contra, len(actors)


def _indented(x: dict) -> str:
    return "    " + orjson.dumps(x).decode("utf-8")


def _claim_record(d: dict, actor: str | None, meta: dict) -> dict:
    d["actor"] = actor
    m = meta.get(d["article"], {})
    d["outlet"] = m.get("outlet")
    d["article_title"] = m.get("title")
    return d


def _proposition(pid: str, items: list[tuple[dict, np.ndarray]], index: ActorIndex, meta: dict) -> dict:
    """``items``: the proposition's claims (the extract contract's dicts) with their vectors, in story order."""
    vecs = np.stack([v for _, v in items])
    centroid = vecs.mean(axis=0)
    medoid = items[int(np.argmax(vecs @ centroid))][0]
    claims = [_claim_record(d, index.key(d["source"], d["source_id"]), meta) for d, _ in items]
    series = []
    for c in claims:
        for q in c["quantities"]:
            if q["value"] is None or q["part_of"] is not None:
                continue
            series.append({"value": q["value"], "unit": q["unit"], "measure": q["measure"], "approx": q["approx"], "bound": q["bound"],
                           "low": q["low"], "high": q["high"], "source": c["source"], "actor": c["actor"], "date": c["date"],
                           "article": c["article"], "start": q["start"], "end": q["end"], "claim": c["id"]})
    series.sort(key=lambda s: (date_key(s["date"]), s["article"], s["start"]))
    # the series is the proposition's main measure; other measures are kept apart
    counts: dict[str, int] = defaultdict(int)
    for x in series:
        counts[x["measure"] or ""] += 1
    main = max(counts, key=lambda k: (counts[k], k)) if counts else None
    other = defaultdict(list)
    for x in series:
        if (x["measure"] or "") != main:
            other[x["measure"] or ""].append(x)
    series = [x for x in series if (x["measure"] or "") == main]
    stances: dict[str, list[dict]] = defaultdict(list)
    for rec in claims:
        if rec["actor"]:
            stances[rec["actor"]].append({"date": rec["date"], "stance": rec["stance"], "claim": rec["id"]})
    changes = []
    for actor, seq in stances.items():
        for a, b in zip(seq, seq[1:], strict=False):
            pa, pb = POLARITY[a["stance"]], POLARITY[b["stance"]]
            if pa != pb and {pa, pb} & {"reject", "neutral"} and date_key(a["date"]) <= date_key(b["date"]):
                changes.append({"actor": actor, "from": a["stance"], "to": b["stance"], "a": a["claim"], "b": b["claim"],
                                "from_date": a["date"], "to_date": b["date"]})
    dated = [rec for rec in claims if rec["date"]]
    first = dated[0] if dated else claims[0]
    label = medoid["text"].strip()  # the central claim, as written (with its source) reads best
    return {
        "id": pid,
        "label": label if len(label) <= 160 else label[:157].rsplit(" ", 1)[0] + "...",
        "claims": claims,
        "measure": main or None,
        "series": series,
        "other_series": dict(other),
        "first_report": {"claim": first["id"], "actor": first["actor"], "source": first["source"], "date": first["date"],
                         "article": first["article"], "outlet": first["outlet"]},
        "stances": [{"actor": a, "history": h} for a, h in sorted(stances.items())],
        "changes": changes,
    }


def _contradictions(p: dict) -> list[dict]:
    out: list[dict] = []
    claims = p["claims"]
    seen: set[tuple] = set()
    # opposite polarity from different actors: each denial with its strongest, nearest counterparts
    supports = _Supports([c for c in claims if POLARITY[c["stance"]] == "support" and c["actor"]])
    for deny in claims:
        if POLARITY[deny["stance"]] != "reject" or not deny["actor"]:
            continue
        for sup in supports.strongest(deny, CONTRADICTIONS_PER_DENIAL):
            out.append({"proposition": p["id"], "kind": "polarity", "a": deny, "b": sup})
    # figures for one measure and period that disagree: each figure against the latest earlier
    # figure of another actor (linear in the series, not every pair)
    by_claim = {c["id"]: c for c in claims}
    all_series = p["series"] + [x for xs in p["other_series"].values() for x in xs]
    by_measure: dict[str, list[dict]] = defaultdict(list)
    for x in all_series:
        if x["actor"] and x["date"]:
            by_measure[x["measure"] or ""].append(x)
    for measure, xs in by_measure.items():
        xs.sort(key=lambda s: (date_key(s["date"]), s["article"], s["start"]))
        for n, y in enumerate(xs):
            for x in reversed(xs[max(0, n - NUMBER_LOOKBACK) : n]):
                dx, dy = _days(x["date"]), _days(y["date"])
                if abs(dx - dy) > SAME_PERIOD_DAYS:
                    break
                if x["actor"] == y["actor"] or x["claim"] == y["claim"]:
                    continue
                lo, hi = sorted([float(x["value"]), float(y["value"])])
                if hi > 0 and lo < hi * (1 - NUMBER_DISAGREEMENT) and not _ranges_overlap(x, y):
                    key = tuple(sorted([x["claim"], y["claim"]]))
                    if key not in seen:
                        seen.add(key)
                        out.append({"proposition": p["id"], "kind": "numbers", "measure": measure or None,
                                    "a": by_claim[x["claim"]], "b": by_claim[y["claim"]]})
                break  # one comparison per figure: with the nearest earlier figure of another actor
    return out


class _Supports:
    """A proposition's supporting claims by actor, stance strength and day, so that each denial
    finds its strongest, nearest counterparts without sorting every claim again (linear, not
    quadratic, in the size of a proposition)."""

    UNDATED_GAP = 10**6

    def __init__(self, claims: list[dict]) -> None:
        self.by_actor: dict[str, dict[int, tuple[list[int], dict[int, list[dict]], list[dict]]]] = {}
        for c in claims:
            levels = self.by_actor.setdefault(c["actor"], {})
            days, at_day, undated = levels.setdefault(STANCE_STRENGTH.get(c["stance"], 9), ([], {}, []))
            d = _days(c["date"])
            if d is None:
                undated.append(c)
            else:
                at_day.setdefault(d, []).append(c)
        for levels in self.by_actor.values():
            for days, at_day, undated in levels.values():
                days.extend(sorted(at_day))
                undated.sort(key=lambda c: c["id"])
        # everything of one actor and strength by id: what an undated denial picks from
        self.by_id = {(actor, strength): sorted(undated + [c for d in days for c in at_day[d]], key=lambda c: c["id"])
                      for actor, levels in self.by_actor.items() for strength, (days, at_day, undated) in levels.items()}

    def strongest(self, deny: dict, k: int) -> list[dict]:
        """The best counterpart of up to ``k`` other actors: strongest stance, nearest date, another
        article, then id; actors ordered by their best counterpart."""
        dd = _days(deny["date"])
        best = []
        for actor, levels in self.by_actor.items():
            if actor != deny["actor"]:
                best.append(self._best(actor, levels, dd, deny["article"]))
        best.sort(key=lambda kc: kc[0])
        return [c for _, c in best[:k]]

    def _best(self, actor: str, levels: dict, dd: int | None, article: str) -> tuple[tuple, dict]:
        strength = min(levels)
        days, at_day, undated = levels[strength]
        if dd is not None and days:
            i = bisect.bisect_left(days, dd)
            near = [days[j] for j in (i - 1, i) if 0 <= j < len(days)]
            gap = min(abs(dd - d) for d in near)
            pool = sorted((c for d in near if abs(dd - d) == gap for c in at_day[d]), key=lambda c: c["id"])
        else:  # an undated denial is equally far from everything; a dated one prefers dated claims
            gap = self.UNDATED_GAP
            pool = self.by_id[actor, strength] if dd is None else undated
        # another article first, then the smallest id: the first in id order from another article
        c = next((c for c in pool if c["article"] != article), pool[0])
        return (strength, gap, c["article"] == article, c["id"]), c


def _ranges_overlap(x: dict, y: dict) -> bool:
    def span(s: dict) -> tuple[float, float]:
        lo = s["low"] if s["low"] is not None else s["value"]
        hi = s["high"] if s["high"] is not None else s["value"]
        if s["bound"] == "min":
            hi = float("inf")
        if s["bound"] == "max":
            lo = 0
        return float(lo), float(hi)

    (a1, b1), (a2, b2) = span(x), span(y)
    return a1 <= b2 and a2 <= b1


def to_markdown(story: Story) -> str:
    """The story as Markdown; every text from an article is escaped, so no HTML passes through."""
    def m(v) -> str:
        return markdown(str(v)).replace("`", "'")

    lines = ["# Story", ""]
    for p in story.propositions:
        lines += [f"## {m(p['label'])}", "", f"*{len(p['claims'])} claims; first reported by {m(p['first_report']['source'] or 'an unnamed source')}"
                  f" ({m(p['first_report']['date'] or 'undated')})*", ""]
        for c in p["claims"]:
            q = ", ".join(x["text"] for x in c["quantities"] if x["value"] is not None)
            lines.append(f"- {m(c['date'] or 'undated')} · **{m(c['source'] or 'unnamed')}** ({c['stance']}): {m(c['text'])}"
                         f"{' [' + m(q) + ']' if q else ''} — `{m(c['article'])}:{c['start']}-{c['end']}`")
        if p["series"]:
            lines += ["", "| date | value | measure | source |", "|---|---|---|---|"]
            lines += [f"| {m(s['date'] or 'undated')} | {s['value']} {m(s['unit'] or '')} | {m(s['measure'] or '')} | {m(s['source'] or 'unnamed')} |".replace("\n", " ")
                      for s in p["series"]]
        for ch in p["changes"]:
            lines.append(f"\n*Change:* {m(ch['actor'])} went from {ch['from']} ({m(ch['from_date'] or 'undated')}) to {ch['to']} ({m(ch['to_date'] or 'undated')}).")
        lines.append("")
    if story.contradictions:
        lines += ["## Contradictions", ""]
        for x in story.contradictions:
            lines.append(f"- ({x['kind']}) **{m(x['a']['source'])}** ({x['a']['stance']}, {m(x['a']['date'] or 'undated')}): {m(x['a']['text'])}  \n"
                         f"  vs **{m(x['b']['source'])}** ({x['b']['stance']}, {m(x['b']['date'] or 'undated')}): {m(x['b']['text'])}")
        lines.append("")
    lines += ["## Actors", ""]
    lines += [f"- **{m(a['name'])}** (`{m(a['id'])}`{', ' + m(a['wikidata']) if a['wikidata'] else ''}): {m(', '.join(a['aliases'][:8]))}" for a in story.actors]
    return "\n".join(lines) + "\n"
