"""Stage 6, store: articles, claims and linking state behind a few small interfaces.

``open_store`` picks the backend from the ``--db`` value: a file path (or ``sqlite:///path``) is
SQLite, the embedded default; ``postgresql://...`` is PostgreSQL. Both implement ``Store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from datasketch import MinHash

from ..dedupe import DuplicateIndex
from ..model import Article, Claim, ClaimLink, LinkRecord
from .rows import (
    DEFAULT_DB,
    ArticleMeta,
    Counts,
    Link,
    LinkedClaim,
    LinkState,
    PropositionKeys,
    PropositionSummary,
    SearchResults,
    UnlinkedClaim,
)
from .sqlite import MIGRATIONS, SQLiteStore

__all__ = ["DEFAULT_DB", "MIGRATIONS", "Articles", "DuplicateIndex", "Linking", "SQLiteStore", "Search", "Store", "StoryReads",
           "is_postgres", "open_store"]


class Articles(Protocol):
    """Articles and their claims, one transaction per article (stage 6)."""

    path: str

    def put_article(self, article: Article, claims: list[Claim], mh: MinHash | None = None) -> str: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def articles(self) -> Iterator[Article]: ...
    def claims(self, article_id: str | None = None) -> Iterator[Claim]: ...
    def stored_hash(self, article_id: str) -> str | None: ...
    def stored_source(self, article_id: str) -> str | None: ...


class Linking(Protocol):
    """The linking state stage 7 reads and extends: propositions, events and each claim's link."""

    def unlinked_claims(self) -> Iterator[UnlinkedClaim]: ...
    def load_propositions(self) -> list[LinkRecord]: ...
    def proposition_members(self) -> Iterator[Link]: ...
    def save_links(self, props: list[LinkRecord], links: list[ClaimLink]) -> None: ...
    def drop_stale_links(self) -> int: ...
    def link_state(self) -> LinkState: ...
    def proposition_keys(self) -> Iterator[PropositionKeys]: ...


class StoryReads(Protocol):
    """What stage 8 (and the scorer) read of the stored links, one proposition at a time."""

    def proposition_summaries(self) -> list[PropositionSummary]: ...
    def proposition_claims(self, proposition_id: str) -> list[LinkedClaim]: ...
    def links(self) -> dict[str, Link]: ...
    def article_meta(self) -> dict[str, ArticleMeta]: ...


class Search(Protocol):
    """Full-text search and statistics (the web app, checks)."""

    def search(self, query: str, limit: int | None = 50) -> SearchResults: ...
    def counts(self) -> Counts: ...
    def integrity(self) -> str: ...


class Store(Articles, DuplicateIndex, Linking, StoryReads, Search, Protocol):
    """What every backend offers (``SQLiteStore``, ``postgres.PostgresStore``): the small protocols
    above, each used by one part of the house; the near-duplicate index is ``dedupe.DuplicateIndex``."""

    def close(self) -> None: ...


def is_postgres(url: str | Path) -> bool:
    return str(url).startswith(("postgresql://", "postgres://"))


def open_store(url: str | Path = DEFAULT_DB, readonly: bool = False) -> Store:
    """The store at ``url``; ``readonly`` opens an existing, migrated database without any write."""
    s = str(url)
    if is_postgres(s):
        from .postgres import PostgresStore  # psycopg is imported only when it is used

        return PostgresStore(s, readonly=readonly)
    if s.startswith("sqlite:///"):
        s = s[len("sqlite:///"):]
    return SQLiteStore(s, readonly=readonly)
