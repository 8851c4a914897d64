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

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .actors import Registry
from .link import ActorIndex, Linker, claim_text_for_embedding, embed, series_keys
from .model import Claim

log = logging.getLogger(__name__)

POLARITY = {"assert": "support", "confirm": "support", "estimate": "support", "deny": "reject", "evade": "neutral",
            "warn": "other", "accuse": "other"}
CONTRADICTIONS_PER_DENIAL = 2  # a denial is shown against its two strongest counterparts, not every one
STANCE_STRENGTH = {"confirm": 0, "assert": 1, "estimate": 2}
NUMBER_DISAGREEMENT = 0.25  # two figures differ when the smaller is more than 25 % below the larger
SAME_PERIOD_DAYS = 31  # figures are compared when reported within a month of each other
NUMBER_LOOKBACK = 20  # how far back in a series a figure looks for another actor's figure
EMBED_BATCH = 256


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
    pending = list(store.unlinked_claims())
    if not pending:
        return 0
    linker = Linker(store.load_propositions(), members=store.proposition_members())
    links = []
    for i in range(0, len(pending), EMBED_BATCH):
        batch = pending[i : i + EMBED_BATCH]
        vectors = embed([claim_text_for_embedding(c, text) for c, text in batch])
        keys = [series_keys(c) | {f"place:{p}" for p in c.places} for c, _ in batch]
        pids = linker.add([c.id for c, _ in batch], vectors, keys)
        links += [(c.id, pid, v, sorted(k)) for (c, _), pid, v, k in zip(batch, pids, vectors, keys, strict=True)]
        if progress:
            progress(len(batch))
    store.save_links(linker.props, links)
    return len(links)


@dataclass
class Story:
    propositions: list[dict] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"propositions": self.propositions, "contradictions": self.contradictions, "actors": self.actors}


def build_story(store, registry: Registry, languages: tuple[str, ...] = ("nl", "en"), min_claims: int = 1) -> Story:
    """The story of everything in the store (call ``link_store`` first)."""
    links = store.links()
    meta = store.article_meta()
    index = ActorIndex.build(registry, languages)
    groups: dict[str, list[tuple[Claim, np.ndarray]]] = defaultdict(list)
    for c in store.claims():
        if c.id not in links:
            continue
        pid, vec = links[c.id]
        c.topic = pid
        groups[pid].append((c, vec))
    story = Story()
    for pid, items in groups.items():
        if len(items) < min_claims:
            continue
        items.sort(key=lambda cv: (date_key(cv[0].date), cv[0].article, cv[0].start))
        story.propositions.append(_proposition(pid, items, index, meta))
    story.propositions.sort(key=lambda p: (-len(p["claims"]), p["first_report"]["date"] or "9999", p["id"]))
    for p in story.propositions:
        story.contradictions += _contradictions(p)
    story.actors = index.actors()
    return story


def _claim_record(c: Claim, actor: str | None, meta: dict) -> dict:
    d = c.as_dict()
    d["actor"] = actor
    m = meta.get(c.article, {})
    d["outlet"] = m.get("outlet")
    d["article_title"] = m.get("title")
    return d


def _proposition(pid: str, items: list[tuple[Claim, np.ndarray]], index: ActorIndex, meta: dict) -> dict:
    vecs = np.stack([v for _, v in items])
    centroid = vecs.mean(axis=0)
    medoid = items[int(np.argmax(vecs @ centroid))][0]
    claims = [_claim_record(c, index.key(c.source, c.source_id), meta) for c, _ in items]
    series = []
    for rec, (c, _) in zip(claims, items, strict=True):
        for q in c.quantities:
            if q.value is None or q.part_of is not None:
                continue
            series.append({"value": q.as_dict()["value"], "unit": q.unit, "measure": q.measure, "approx": q.approx, "bound": q.bound,
                           "low": q.low, "high": q.high, "source": c.source, "actor": rec["actor"], "date": c.date,
                           "article": c.article, "start": q.start, "end": q.end, "claim": c.id})
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
    label = medoid.text.strip()  # the central claim, as written (with its source) reads best
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
    for deny in claims:
        if POLARITY[deny["stance"]] != "reject" or not deny["actor"]:
            continue
        cands = [c for c in claims if POLARITY[c["stance"]] == "support" and c["actor"] and c["actor"] != deny["actor"]]
        dd = _days(deny["date"])

        def rank(c: dict, dd=dd, article=deny["article"]) -> tuple:
            dc = _days(c["date"])
            gap = abs(dd - dc) if dd is not None and dc is not None else 10**6
            return (STANCE_STRENGTH.get(c["stance"], 9), gap, c["article"] == article, c["id"])

        used_actors: set[str] = set()
        for sup in sorted(cands, key=rank):
            if sup["actor"] in used_actors:
                continue
            used_actors.add(sup["actor"])
            out.append({"proposition": p["id"], "kind": "polarity", "a": deny, "b": sup})
            if len(used_actors) >= CONTRADICTIONS_PER_DENIAL:
                break
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
    lines = ["# Story", ""]
    for p in story.propositions:
        lines += [f"## {p['label']}", "", f"*{len(p['claims'])} claims; first reported by {p['first_report']['source'] or 'an unnamed source'}"
                  f" ({p['first_report']['date'] or 'undated'})*", ""]
        for c in p["claims"]:
            q = ", ".join(x["text"] for x in c["quantities"] if x["value"] is not None)
            lines.append(f"- {c['date'] or 'undated'} · **{c['source'] or 'unnamed'}** ({c['stance']}): {c['text']}"
                         f"{' [' + q + ']' if q else ''} — `{c['article']}:{c['start']}-{c['end']}`")
        if p["series"]:
            lines += ["", "| date | value | measure | source |", "|---|---|---|---|"]
            lines += [f"| {s['date'] or 'undated'} | {s['value']} {s['unit'] or ''} | {s['measure'] or ''} | {s['source'] or 'unnamed'} |" for s in p["series"]]
        for ch in p["changes"]:
            lines.append(f"\n*Change:* {ch['actor']} went from {ch['from']} ({ch['from_date'] or 'undated'}) to {ch['to']} ({ch['to_date'] or 'undated'}).")
        lines.append("")
    if story.contradictions:
        lines += ["## Contradictions", ""]
        for x in story.contradictions:
            lines.append(f"- ({x['kind']}) **{x['a']['source']}** ({x['a']['stance']}, {x['a']['date'] or 'undated'}): {x['a']['text']}  \n"
                         f"  vs **{x['b']['source']}** ({x['b']['stance']}, {x['b']['date'] or 'undated'}): {x['b']['text']}")
        lines.append("")
    lines += ["## Actors", ""]
    lines += [f"- **{a['name']}** (`{a['id']}`{', ' + a['wikidata'] if a['wikidata'] else ''}): {', '.join(a['aliases'][:8])}" for a in story.actors]
    return "\n".join(lines) + "\n"
