"""Score extracted claims against a hand-made gold annotation.

Gold lines: ``{"article", "evidence", "source": [aliases], "stance", "quantities": [numbers],
"optional"}``; the evidence string is located in the article's text (it must occur exactly once),
so annotations stay readable and survive edits elsewhere in the article.

Matching follows ``../shared/eval/score.py``: a prediction matches a gold claim when it covers at
least half of the gold evidence or lies (for at least half its length) within the gold claim's
sentence; each side is matched once, preferring the right source. A match is *strict* when the
source, the polarity of the stance and the set of quantity values are all right.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

POLARITY = {"assert": "support", "confirm": "support", "estimate": "support", "deny": "reject",
            "evade": "neutral", "warn": "other", "accuse": "other"}
STOP = {"de", "het", "een", "the", "a", "an", "van", "of"}
SENT_END = re.compile(r"(?<=[.!?…”\"'])\s+(?=[A-Z„\"'‘“(])|\n")


def pairwise(gold: list, gm: dict[int, int], pred_topic: dict[int, str]) -> dict:
    """Pairwise clustering precision and recall over matched gold claims: same topic vs same proposition."""
    idx = [gi for gi in gm if gold[gi].topic]
    tp = fp = fn = 0
    for n, a in enumerate(idx):
        for b in idx[n + 1 :]:
            same_gold = gold[a].topic == gold[b].topic
            same_pred = pred_topic.get(gm[a]) is not None and pred_topic.get(gm[a]) == pred_topic.get(gm[b])
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"pair_precision": p, "pair_recall": r, "pair_f1": 2 * p * r / (p + r) if p + r else 0.0, "pairs": tp + fn}


@dataclass
class Gold:
    article: str
    start: int
    end: int
    source: list[str]
    stance: str
    quantities: list[float]
    optional: bool
    evidence: str
    topic: str | None = None


def tokens(s: str | None) -> list[str]:
    s = re.sub(r"[\"'“”„‘’«»()\[\],.:;!?]", " ", (s or "").lower())
    return [t for t in s.split() if t]


def source_ok(pred: str | None, aliases: list[str]) -> bool:
    core = [t for t in tokens(pred) if t not in STOP]
    for alias in aliases:
        at = [t for t in tokens(alias) if t not in STOP]
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


def load_gold(path: Path, texts: dict[str, str]) -> list[Gold]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        g = json.loads(line)
        text = texts[g["article"]]
        hits = [m.start() for m in re.finditer(re.escape(g["evidence"]), text)]
        if len(hits) != 1:
            raise ValueError(f"{path}:{n}: evidence occurs {len(hits)} times in {g['article']}: {g['evidence'][:60]!r}")
        s = hits[0]
        out.append(Gold(g["article"], s, s + len(g["evidence"]), g["source"], g["stance"], g.get("quantities", []),
                        bool(g.get("optional")), g["evidence"], g.get("topic")))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = 0
    for m in SENT_END.finditer(text, 0, min(len(text), start + 1)):
        if m.end() <= start:
            a = m.end()
    m = SENT_END.search(text, end)
    return a, (m.start() if m else len(text))


def match(preds: list[dict], gold: list[Gold], texts: dict[str, str]) -> dict[int, int]:
    """Gold index -> prediction index, each matched at most once, preferring the right source."""
    pairs = []
    for gi, g in enumerate(gold):
        glen = g.end - g.start
        sa, sb = _sentence(texts[g.article], g.start, g.end)
        for pi, p in enumerate(preds):
            if p["article"] != g.article:
                continue
            ps, pe = int(p["start"]), int(p["end"])
            ov = min(pe, g.end) - max(ps, g.start)
            inside = min(pe, sb) - max(ps, sa) >= 0.5 * max(pe - ps, 1)
            if ov >= 0.5 * glen or inside:
                pairs.append((float(source_ok(p.get("source"), g.source)) + max(ov, 0) / glen, gi, pi))
    pairs.sort(reverse=True)
    gm: dict[int, int] = {}
    taken: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in gm and pi not in taken:
            gm[gi] = pi
            taken.add(pi)
    return gm


def score(preds: list[dict], gold: list[Gold], texts: dict[str, str]) -> dict:
    arts = {g.article for g in gold}
    preds = [p for p in preds if p["article"] in arts]
    gm = match(preds, gold, texts)
    pm = {pi: gi for gi, pi in gm.items()}
    req = [i for i, g in enumerate(gold) if not g.optional]
    strict_req = strict_all = src = pol = qty = 0
    errors = []
    for gi, pi in gm.items():
        g, p = gold[gi], preds[pi]
        s_ok = source_ok(p.get("source"), g.source)
        p_ok = POLARITY.get(p.get("stance")) == POLARITY[g.stance]
        q_ok = values(p.get("quantities")) == values(g.quantities)
        src += s_ok
        pol += p_ok
        qty += q_ok
        if s_ok and p_ok and q_ok:
            strict_all += 1
            strict_req += not g.optional
        else:
            errors.append({"article": g.article, "gold": g.evidence, "want": [g.source[0], g.stance, g.quantities],
                           "got": [p.get("source"), p.get("stance"), sorted(values(p.get("quantities")))]})
    n = len(gm) or 1
    dp = len(pm) / len(preds) if preds else 0.0
    dr = sum(1 for i in req if i in gm) / len(req) if req else 0.0
    sp = strict_all / len(preds) if preds else 0.0
    sr = strict_req / len(req) if req else 0.0
    return {
        "predicted": len(preds), "gold_required": len(req),
        "detect_f1": 2 * dp * dr / (dp + dr) if dp + dr else 0.0,
        "strict_f1": 2 * sp * sr / (sp + sr) if sp + sr else 0.0,
        "strict_precision": sp, "strict_recall": sr,
        "source_acc": src / n, "polarity_acc": pol / n, "quantity_acc": qty / n,
        "errors": errors,
        "missed": [gold[i].evidence for i in req if i not in gm],
        "spurious": [p.get("text", "")[:80] for i, p in enumerate(preds) if i not in pm],
    }


def score_linking(pipeline, folder: Path, gold_path: Path) -> dict:
    """Extract ``folder``, link its claims into propositions and score them against the gold topics."""
    from .store import SQLiteStore
    from .story import link_store

    store = SQLiteStore(":memory:")
    try:
        for _ in pipeline.run([str(folder)], store=store):
            pass
        link_store(store, pipeline.registry)
        links = store.links()
        texts = {a.id: a.text for a in store.articles()}
        gold = load_gold(gold_path, texts)
        arts = {g.article for g in gold}
        preds = [c.as_dict() for c in store.claims() if c.article in arts]
    finally:
        store.close()
    gm = match(preds, gold, texts)
    return pairwise(gold, gm, {i: links[p["id"]][0] for i, p in enumerate(preds) if p["id"] in links})
