"""How model objects become table rows and back; the same for every backend."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
from datasketch import MinHash

from ..dedupe import hashvalues
from ..model import Article, Claim, Span

DEFAULT_DB = "claimtrail.db"

ARTICLE_COLUMNS = ("id", "content_hash", "source", "kind", "url", "outlet", "title", "language", "published", "updated",
                   "agencies", "body", "clutter", "duplicate_of", "text", "raw", "minhash", "ingested_at")
# a claim's date as story.date_key orders it (a month after its days), in SQL both backends speak
FIRST_DATE_KEY = "MIN(CASE WHEN c.date IS NULL THEN NULL WHEN length(c.date) >= 10 THEN c.date ELSE c.date || '-32' END)"
CLAIM_COLUMNS = ("id", "article", "start", "end", "source", "source_id", "stance", "date", "data")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_row(article: Article, mh: MinHash | None) -> tuple:
    """Values in ``ARTICLE_COLUMNS`` order."""
    return (
        article.id, article.content_hash, article.source, article.kind, article.url,
        article.outlet, article.title, article.language, article.published, article.updated,
        json.dumps(article.agencies), json.dumps([[s.start, s.end] for s in article.body]),
        json.dumps([[s.start, s.end, s.kind] for s in article.clutter]), article.duplicate_of,
        article.text, article.raw,
        hashvalues(mh).tobytes() if mh is not None else None, now(),
    )


def article_from_row(r) -> Article:
    """An Article from a row that can be indexed by column name."""
    return Article(
        id=r["id"], text=r["text"], source=r["source"], kind=r["kind"], raw=r["raw"], url=r["url"],
        outlet=r["outlet"], title=r["title"], language=r["language"], published=r["published"],
        updated=r["updated"], agencies=json.loads(r["agencies"] or "[]"),
        body=[Span(a, b) for a, b in json.loads(r["body"] or "[]")],
        clutter=[Span(a, b, k) for a, b, k in json.loads(r["clutter"] or "[]")],
        duplicate_of=r["duplicate_of"],
    )


def claim_row(c: Claim) -> tuple:
    """Values in ``CLAIM_COLUMNS`` order; ``data`` is the claim's full JSON."""
    return (c.id, c.article, c.start, c.end, c.source, c.source_id, c.stance, c.date, json.dumps(c.as_dict(), ensure_ascii=False))


def vector_bytes(v: np.ndarray) -> bytes:
    return np.asarray(v, dtype=np.float32).tobytes()


def vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def remove_from_proposition(total: bytes, counts_json: str, member: bytes, member_keys_json: str) -> tuple[bytes, str]:
    """A proposition's vector sum and key counts after one member claim left it."""
    counts = json.loads(counts_json)
    for k in json.loads(member_keys_json):
        counts[k] = counts.get(k, 1) - 1
        if counts[k] <= 0:
            counts.pop(k)
    return vector_bytes(vector(total) - vector(member)), json.dumps(counts)
