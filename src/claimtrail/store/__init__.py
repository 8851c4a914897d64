"""Stage 6, store: articles, claims and linking state behind one small interface.

``open_store`` picks the backend from the ``--db`` value: a file path (or ``sqlite:///path``) is
SQLite, the embedded default; ``postgresql://...`` is PostgreSQL. Both implement ``Store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np
from datasketch import MinHash

from ..model import Article, Claim
from .rows import DEFAULT_DB
from .sqlite import MIGRATIONS, SQLiteStore

__all__ = ["DEFAULT_DB", "MIGRATIONS", "SQLiteStore", "Store", "is_postgres", "open_store"]


class Store(Protocol):
    """What every backend offers."""

    path: str

    def put_article(self, article: Article, claims: list[Claim], mh: MinHash | None = None) -> str: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def articles(self) -> Iterator[Article]: ...
    def claims(self, article_id: str | None = None) -> Iterator[Claim]: ...
    def minhashes(self) -> Iterator[tuple[str, MinHash, str | None]]: ...
    def unlinked_claims(self) -> Iterator[tuple[Claim, str]]: ...
    def load_propositions(self) -> list: ...
    def proposition_members(self) -> dict[str, list[np.ndarray]]: ...
    def save_links(self, props: list, links: list[tuple[str, str, np.ndarray, list[str]]]) -> None: ...
    def drop_stale_links(self) -> int: ...
    def links(self) -> dict[str, tuple[str, np.ndarray]]: ...
    def article_meta(self) -> dict[str, dict]: ...
    def search(self, query: str, limit: int = 50) -> dict[str, list[dict]]: ...
    def counts(self) -> dict[str, int]: ...
    def version(self) -> tuple: ...
    def integrity(self) -> str: ...
    def close(self) -> None: ...


def is_postgres(url: str | Path) -> bool:
    return str(url).startswith(("postgresql://", "postgres://"))


def open_store(url: str | Path = DEFAULT_DB) -> Store:
    s = str(url)
    if is_postgres(s):
        from .postgres import PostgresStore  # psycopg is imported only when it is used

        return PostgresStore(s)
    if s.startswith("sqlite:///"):
        s = s[len("sqlite:///"):]
    return SQLiteStore(s)
