"""How model objects become table rows and back, and the records the store's reads return; the same
for every backend."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import NamedTuple, TypedDict

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


class Link(NamedTuple):
    """A linked claim's proposition and vector (``links``, ``proposition_members``)."""

    proposition_id: str
    vector: np.ndarray


class UnlinkedClaim(NamedTuple):
    """A claim without a proposition, with its article's text (for the sentence before it)."""

    claim: Claim
    article_text: str


class PropositionSummary(NamedTuple):
    proposition_id: str
    claims: int  # linked claims
    first_date: str | None  # the earliest claim date as ``story.date_key`` writes it (a month as "YYYY-MM-32")


class PropositionKeys(NamedTuple):
    """A stored proposition or event record without its vector: its id, size and counted keys."""

    record_id: str
    n: int  # claims of a proposition, articles of an event
    keys: dict[str, int]  # series keys, places, "event:…" (a proposition); places, names, days (an event)


class LinkedClaim(NamedTuple):
    """A claim of one proposition: its stored id, the claim and its vector."""

    claim_id: str
    claim: Claim
    vector: np.ndarray


class ArticleMeta(NamedTuple):
    """What the story shows of a claim's article."""

    title: str | None
    outlet: str | None


class Counts(TypedDict):
    articles: int
    claims: int


class LinkState(TypedDict):
    """What linking has stored (``link_state``): ``unlinked`` claims have no proposition, ``stale_links``
    belong to replaced claims, and ``version`` changes when links or propositions change."""

    claims: int
    linked: int
    unlinked: int
    stale_links: int
    version: tuple


class ClaimHit(TypedDict):
    claim: str
    article: str
    source: str | None
    snippet: str


class ArticleHit(TypedDict):
    article: str
    title: str | None
    snippet: str


class SearchResults(TypedDict):
    claims: list[ClaimHit]
    articles: list[ArticleHit]


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
