"""Score extracted claims (and their linking) against a hand-made gold annotation.

One implementation of the scoring rules of ``../shared/eval/score.py`` (the team's shared scorer);
``tests/test_evaluate.py`` checks that both give identical numbers on the shared seeds and on the
examples gold. The rules:

- a prediction matches a gold claim when it covers at least half of the gold evidence, or when it
  lies (for at least half its length) within the gold claim's sentence; each gold claim and each
  prediction is matched at most once, preferring the right source;
- a match is *strict* when the source, the polarity of the stance and the set of quantity values
  are all right; detection and strict precision/recall/F1 count required (non-optional) gold claims.

Two gold layouts are read:

- the shared layout, with offsets: ``{"article", "start", "end", "source_ids", "stance",
  "quantities", "optional"}`` plus an actors file (id -> aliases) and, for the real-news corpus,
  ``evidence_sha1`` instead of the text and ``proposition`` (claims stating the same thing);
- the team's fixture layout, with the evidence string located in the article's text (it must
  occur exactly once) and the aliases inline: ``{"article", "evidence", "source": [aliases],
  "stance", "quantities", "optional", "topic"}``.

Linking is scored on the matched gold claims: a pair of them should share a predicted proposition
exactly when they share a gold proposition (pairwise precision/recall/F1), and B-cubed
precision/recall/F1 of the predicted propositions against the gold ones (a claim without a
predicted proposition is a cluster of its own).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from . import lang as langdata
from .model import polarity

if TYPE_CHECKING:
    from .options import Options
SENT_END = re.compile(r"(?<=[.!?…”\"'])\s+(?=[A-Z„\"'‘“(])|\n")
NO_DATE = "?"  # an article missing from the dates map: no prediction's date can be right


@dataclass
class Gold:
    """One gold claim: where its evidence is, who may be named as its source (aliases), what it says."""

    article: str
    start: int
    end: int
    aliases: list[str]
    stance: str
    quantities: list[float]
    optional: bool
    evidence: str = ""
    proposition: str | None = None
    source_ids: list[str] = field(default_factory=list)


def tokens(s: str | None) -> list[str]:
    s = re.sub(r"[\"'“”„‘’«»()\[\],.:;!?]", " ", (s or "").lower())
    return [t for t in s.split() if t]


@cache
def _stopwords() -> frozenset[str]:
    """Words a source name may have or lack (roles.yaml name_stopwords of every language: "de", "the", "of")."""
    return frozenset(w.lower() for code in langdata.available_languages() for w in langdata.load(code).words("roles", "name_stopwords"))


def source_ok(pred: str | None, aliases: list[str]) -> bool:
    """The predicted source names one of the aliases (a token run, stop words aside); an empty alias accepts no source."""
    stop = _stopwords()
    core = [t for t in tokens(pred) if t not in stop]
    for alias in aliases:
        at = [t for t in tokens(alias) if t not in stop]
        if not at:
            if not core:
                return True
            continue
        n = len(at)
        if any(core[i : i + n] == at for i in range(len(core) - n + 1)):
            return True
    return False


def values(qs) -> set[float]:
    out = set()
    for q in qs or []:
        v = q.get("value") if isinstance(q, dict) else q
        if isinstance(v, (int, float)):
            out.add(round(float(v), 3))
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_from_records(records: list[dict], actors: dict[str, list[str]]) -> list[Gold]:
    """Gold claims in the shared layout (offsets, source ids resolved through ``actors``)."""
    out = []
    for g in records:
        aliases = [a for sid in g["source_ids"] for a in actors.get(sid, [])]
        out.append(Gold(g["article"], int(g["start"]), int(g["end"]), aliases, g["stance"], g.get("quantities", []),
                        bool(g.get("optional")), g.get("evidence", ""), g.get("proposition") or g.get("topic"),
                        list(g["source_ids"])))
    return out


def load_gold(path: Path, texts: dict[str, str]) -> list[Gold]:
    """Gold claims in the fixture layout: each evidence string is found (exactly once) in its article."""
    out = []
    for n, g in enumerate(read_jsonl(path), 1):
        text = texts[g["article"]]
        hits = [m.start() for m in re.finditer(re.escape(g["evidence"]), text)]
        if len(hits) != 1:
            raise ValueError(f"{path}:{n}: evidence occurs {len(hits)} times in {g['article']}: {g['evidence'][:60]!r}")
        s = hits[0]
        out.append(Gold(g["article"], s, s + len(g["evidence"]), list(g["source"]), g["stance"], g.get("quantities", []),
                        bool(g.get("optional")), g["evidence"], g.get("topic")))
    return out


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from the previous boundary to the next one."""
    a = 0
    for m in SENT_END.finditer(text, 0, min(len(text), start + 1)):
        if m.end() <= start:
            a = m.end()
    m = SENT_END.search(text, end)
    return a, (m.start() if m else len(text))


def _offsets(p: dict) -> tuple[int, int] | None:
    try:
        return int(p["start"]), int(p["end"])
    except (KeyError, TypeError, ValueError):
        return None


def match(preds: list[dict], gold: list[Gold], texts: dict[str, str] | None) -> dict[int, int]:
    """Gold index -> prediction index, each matched at most once, preferring the right source."""
    pairs = []
    by_article: dict[str, list[int]] = defaultdict(list)
    for pi, p in enumerate(preds):
        by_article[p["article"]].append(pi)
    for gi, g in enumerate(gold):
        glen = g.end - g.start
        text = (texts or {}).get(g.article)
        sa, sb = sentence_span(text, g.start, g.end) if text is not None else (g.start, g.end)
        for pi in by_article.get(g.article, ()):
            p = preds[pi]
            off = _offsets(p)
            if off is None:
                continue
            ps, pe = off
            ov = min(pe, g.end) - max(ps, g.start)
            inside = min(pe, sb) - max(ps, sa) >= 0.5 * max(pe - ps, 1)
            if ov >= 0.5 * glen or inside:
                pairs.append((float(source_ok(p.get("source"), g.aliases)) + max(ov, 0) / glen, gi, pi))
    pairs.sort(reverse=True)
    gm: dict[int, int] = {}
    taken: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in gm and pi not in taken:
            gm[gi] = pi
            taken.add(pi)
    return gm


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(preds: list[dict], gold: list[Gold], texts: dict[str, str] | None = None,
          dates: dict[str, str | None] | None = None) -> dict:
    """The shared scorer's metrics, plus ``errors``, ``missed`` and ``spurious`` for reading.

    ``preds`` are claim dicts (``article``, ``start``, ``end``, ``source``, ``stance``,
    ``quantities``, ``date``); their ``article`` is compared by base name. ``dates`` maps an
    article to its gold date ("YYYY-MM-DD", "YYYY-MM" or None); without it ``date_acc`` is 0.
    """
    arts = {g.article for g in gold}
    preds = [dict(p, article=PurePath(str(p.get("article", ""))).name) for p in preds]
    preds = [p for p in preds if p["article"] in arts]
    dates = dates or {}
    gm = match(preds, gold, texts)
    pm = {pi: gi for gi, pi in gm.items()}
    req = [i for i, g in enumerate(gold) if not g.optional]
    src = stance = pol = qty = date = strict_req = strict_all = 0
    errors = []
    for gi, pi in gm.items():
        g, p = gold[gi], preds[pi]
        s_ok = source_ok(p.get("source"), g.aliases)
        st_ok = p.get("stance") == g.stance
        p_ok = polarity(p.get("stance")) == polarity(g.stance)
        q_ok = values(p.get("quantities")) == values(g.quantities)
        gd, pd = dates.get(g.article, NO_DATE), p.get("date")
        d_ok = (pd is None) if gd is None else (isinstance(pd, str) and pd.startswith(gd))
        src += s_ok
        stance += st_ok
        pol += p_ok
        qty += q_ok
        date += d_ok
        if s_ok and p_ok and q_ok:
            strict_all += 1
            strict_req += not g.optional
        else:
            errors.append({"article": g.article, "gold": g.evidence or [g.start, g.end],
                           "want": [g.source_ids or g.aliases[:1], g.stance, g.quantities],
                           "got": [p.get("source"), p.get("stance"), sorted(values(p.get("quantities")))]})
    n = len(gm) or 1
    dp = len(pm) / len(preds) if preds else 0.0
    dr = sum(1 for i in req if i in gm) / len(req) if req else 0.0
    sp = strict_all / len(preds) if preds else 0.0
    sr = strict_req / len(req) if req else 0.0
    return {
        "predicted": len(preds), "gold_required": len(req), "gold_optional": len(gold) - len(req),
        "detect_precision": dp, "detect_recall": dr, "detect_f1": _f1(dp, dr),
        "source_acc": src / n, "stance_acc": stance / n, "polarity_acc": pol / n, "quantity_acc": qty / n,
        "date_acc": date / n,
        "strict_precision": sp, "strict_recall": sr, "strict_f1": _f1(sp, sr),
        "errors": errors,
        "missed": [gold[i].evidence or f"{gold[i].article}:{gold[i].start}-{gold[i].end}" for i in req if i not in gm],
        "spurious": [p.get("text", "")[:80] for i, p in enumerate(preds) if i not in pm],
    }


def pairwise(gold: list[Gold], gm: dict[int, int], pred_topic: dict[int, str]) -> dict:
    """Pairwise clustering precision/recall/F1 over matched gold claims: same predicted vs same gold proposition."""
    idx = [gi for gi in gm if gold[gi].proposition]
    tp = fp = fn = 0
    for n, a in enumerate(idx):
        for b in idx[n + 1 :]:
            same_gold = gold[a].proposition == gold[b].proposition
            same_pred = pred_topic.get(gm[a]) is not None and pred_topic.get(gm[a]) == pred_topic.get(gm[b])
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    # no pair on either side (every claim stands alone and was left alone): F1 is undefined, not 0
    return {"pair_precision": p, "pair_recall": r, "pair_f1": _f1(p, r) if tp + fp + fn else None, "pairs": tp + fn}


def bcubed(gold: list[Gold], gm: dict[int, int], pred_topic: dict[int, str]) -> dict:
    """B-cubed precision/recall/F1 of the predicted propositions over matched gold claims."""
    idx = [gi for gi in gm if gold[gi].proposition]
    if not idx:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0}
    pred = {gi: pred_topic.get(gm[gi]) or f"_alone{gi}" for gi in idx}
    both = Counter((gold[gi].proposition, pred[gi]) for gi in idx)
    in_gold = Counter(gold[gi].proposition for gi in idx)
    in_pred = Counter(pred[gi] for gi in idx)
    p = sum(both[gold[gi].proposition, pred[gi]] / in_pred[pred[gi]] for gi in idx) / len(idx)
    r = sum(both[gold[gi].proposition, pred[gi]] / in_gold[gold[gi].proposition] for gi in idx) / len(idx)
    return {"bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": _f1(p, r)}


def mixed_propositions(gold: list[Gold], gm: dict[int, int], pred_topic: dict[int, str], story_of: dict[str, str]) -> int:
    """Predicted propositions whose matched claims come from articles of more than one story."""
    stories: dict[str, set[str]] = defaultdict(set)
    for gi, pi in gm.items():
        pid = pred_topic.get(pi)
        if pid is not None and gold[gi].article in story_of:
            stories[pid].add(story_of[gold[gi].article])
    return sum(1 for s in stories.values() if len(s) > 1)


def linking_scores(gold: list[Gold], gm: dict[int, int], pred_topic: dict[int, str]) -> dict:
    return pairwise(gold, gm, pred_topic) | bcubed(gold, gm, pred_topic)


def extract_and_link(options: Options, paths: list[str]) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """Read ``paths`` into an in-memory database and link them, as ``claimtrail story`` does:
    (claims, texts, claim id -> proposition)."""
    from . import api

    with api.linked_store(paths, options=options) as store:
        links = {cid: pid for cid, (pid, _) in store.links().items()}
        texts = {a.id: a.text for a in store.articles()}
        preds = [c.as_dict() for c in store.claims()]
    return preds, texts, links


def score_linking(options: Options, folder: Path, gold_path: Path) -> dict:
    """Extract ``folder``, link its claims into propositions and score them against the gold topics."""
    preds, texts, links = extract_and_link(options, [str(folder)])
    gold = load_gold(gold_path, texts)
    arts = {g.article for g in gold}
    preds = [p for p in preds if p["article"] in arts]
    gm = match(preds, gold, texts)
    return pairwise(gold, gm, {i: links[p["id"]] for i, p in enumerate(preds) if p["id"] in links})
