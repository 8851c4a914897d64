"""Stage 6, store: articles and claims in SQLite (default) behind one small interface.

Boring and safe: WAL mode, one transaction per article (its row and all its claims, or nothing),
migrations registered as functions and applied in transactions, ids derived from content so a
re-run is idempotent. A PostgreSQL backend implements the same ``Store`` protocol.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import numpy as np
from datasketch import MinHash

from .clean import MINHASH_PERM, MINHASH_SCHEME
from .errors import Code, StoreError
from .model import Article, Claim, Span

DEFAULT_DB = "claimtrail.db"


class Store(Protocol):
    """What every backend offers; SQLiteStore implements it, a PostgreSQL backend will too."""

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
    def close(self) -> None: ...


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_articles_and_claims(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            source TEXT, kind TEXT, url TEXT, outlet TEXT, title TEXT, language TEXT,
            published TEXT, updated TEXT, agencies TEXT, body TEXT, clutter TEXT,
            duplicate_of TEXT, text TEXT NOT NULL, raw TEXT, minhash BLOB, ingested_at TEXT
        )""")
    db.execute("""
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            source TEXT, source_id TEXT, stance TEXT NOT NULL, date TEXT, data TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX claims_article ON claims(article)")
    db.execute("CREATE INDEX claims_source_id ON claims(source_id)")


@migration
def m002_propositions(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE propositions (
            id TEXT PRIMARY KEY, sum BLOB NOT NULL, n INTEGER NOT NULL, keys TEXT NOT NULL, seq INTEGER NOT NULL
        )""")
    db.execute("""
        CREATE TABLE claim_links (
            claim_id TEXT PRIMARY KEY, proposition_id TEXT NOT NULL, vector BLOB NOT NULL, keys TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX claim_links_prop ON claim_links(proposition_id)")


@migration
def m003_full_text_search(db: sqlite3.Connection) -> None:
    db.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(claim_id UNINDEXED, article UNINDEXED, source, text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO claims_fts SELECT id, article, source, json_extract(data, '$.text') FROM claims")
    db.execute("INSERT INTO articles_fts SELECT id, title, text FROM articles")


@migration
def m004_fts_by_rowid(db: sqlite3.Connection) -> None:
    """Full-text rows keyed by the rowid of their article or claim: removing them is a lookup, not a scan."""
    db.execute("DROP TABLE claims_fts")
    db.execute("DROP TABLE articles_fts")
    db.execute("CREATE VIRTUAL TABLE claims_fts USING fts5(claim_id UNINDEXED, article UNINDEXED, source, text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO claims_fts(rowid, claim_id, article, source, text) SELECT rowid, id, article, source, json_extract(data, '$.text') FROM claims")
    db.execute("INSERT INTO articles_fts(rowid, article, title, text) SELECT rowid, id, title, text FROM articles")


OPEN_TIMEOUT_S = 60


def _is_busy(e: sqlite3.OperationalError) -> bool:
    return "locked" in str(e) or "busy" in str(e)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        deadline = time.monotonic() + OPEN_TIMEOUT_S
        while True:
            try:
                self._open()
                return
            except sqlite3.OperationalError as e:
                # Switching a new file to WAL and the first migrations need a lock that SQLite's busy
                # handler does not wait for; two processes opening one new database at once collide here.
                if hasattr(self, "db"):
                    self.db.close()
                if not _is_busy(e) or time.monotonic() > deadline:
                    raise StoreError(Code.E015, detail=f"{self.path}: {e}") from None
                time.sleep(random.uniform(0.01, 0.1))
            except sqlite3.DatabaseError as e:
                raise StoreError(Code.E015, detail=f"{self.path}: {e}") from None

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("SELECT 1 FROM schema_migrations WHERE name=?", (name,)).fetchone():
                    self.db.execute("ROLLBACK")  # another process applied it meanwhile
                    continue
                fn(self.db)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def put_article(self, article: Article, claims: list[Claim], mh: MinHash | None = None) -> str:
        """Store the article and its claims in one transaction: 'new', 'updated' or 'unchanged'."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                row = self.db.execute("SELECT content_hash FROM articles WHERE id=?", (article.id,)).fetchone()
                if row and row[0] == article.content_hash:
                    stored_claims = {r[0] for r in self.db.execute("SELECT id FROM claims WHERE article=?", (article.id,))}
                    if stored_claims == {c.id for c in claims}:
                        self.db.execute("COMMIT")
                        return "unchanged"
                status = "updated" if row else "new"
                self.db.execute("DELETE FROM claims_fts WHERE rowid IN (SELECT rowid FROM claims WHERE article=?)", (article.id,))
                self.db.execute("DELETE FROM articles_fts WHERE rowid IN (SELECT rowid FROM articles WHERE id=?)", (article.id,))
                self.db.execute("DELETE FROM claims WHERE article=?", (article.id,))
                self.db.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        article.id, article.content_hash, article.source, article.kind, article.url,
                        article.outlet, article.title, article.language, article.published, article.updated,
                        json.dumps(article.agencies), json.dumps([[s.start, s.end] for s in article.body]),
                        json.dumps([[s.start, s.end, s.kind] for s in article.clutter]), article.duplicate_of,
                        article.text, article.raw,
                        np.asarray(mh.hashvalues, dtype=np.uint64).tobytes() if mh is not None else None, _now(),
                    ),
                )
                self.db.executemany(
                    'INSERT OR REPLACE INTO claims (id, article, start, "end", source, source_id, stance, date, data) VALUES (?,?,?,?,?,?,?,?,?)',
                    [(c.id, c.article, c.start, c.end, c.source, c.source_id, c.stance, c.date,
                      json.dumps(c.as_dict(), ensure_ascii=False)) for c in claims],
                )
                self.db.execute("INSERT INTO articles_fts(rowid, article, title, text) SELECT rowid, id, title, text FROM articles WHERE id=?",
                                (article.id,))
                self.db.execute("INSERT INTO claims_fts(rowid, claim_id, article, source, text) "
                                "SELECT rowid, id, article, source, json_extract(data, '$.text') FROM claims WHERE article=?", (article.id,))
                self.db.execute("COMMIT")
                return status
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as e:
            raise StoreError(Code.E015, detail=f"{self.path}: {e}") from None

    @staticmethod
    def _article(r: sqlite3.Row) -> Article:
        return Article(
            id=r["id"], text=r["text"], source=r["source"], kind=r["kind"], raw=r["raw"], url=r["url"],
            outlet=r["outlet"], title=r["title"], language=r["language"], published=r["published"],
            updated=r["updated"], agencies=json.loads(r["agencies"] or "[]"),
            body=[Span(a, b) for a, b in json.loads(r["body"] or "[]")],
            clutter=[Span(a, b, k) for a, b, k in json.loads(r["clutter"] or "[]")],
            duplicate_of=r["duplicate_of"],
        )

    def get_article(self, article_id: str) -> Article | None:
        r = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._article(r) if r else None

    def articles(self) -> Iterator[Article]:
        for r in self.db.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id"):
            yield self._article(r)

    def claims(self, article_id: str | None = None) -> Iterator[Claim]:
        if article_id is None:
            rows = self.db.execute('SELECT data FROM claims ORDER BY article, start, "end"')
        else:
            rows = self.db.execute('SELECT data FROM claims WHERE article=? ORDER BY start, "end"', (article_id,))
        for (data,) in rows:
            yield Claim.from_dict(json.loads(data))

    def minhashes(self) -> Iterator[tuple[str, MinHash, str | None]]:
        for aid, blob, dup in self.db.execute("SELECT id, minhash, duplicate_of FROM articles WHERE minhash IS NOT NULL ORDER BY rowid"):
            values = np.frombuffer(blob, dtype=np.uint64)
            if len(values) == MINHASH_PERM:
                yield aid, MinHash(num_perm=MINHASH_PERM, seed=1, hashvalues=values, scheme=MINHASH_SCHEME), dup

    # --- linking state (propositions) ---------------------------------------------------------

    def unlinked_claims(self) -> Iterator[tuple[Claim, str]]:
        """Claims without a proposition, in story order, with their article's text."""
        rows = self.db.execute(
            'SELECT c.data, a.text FROM claims c JOIN articles a ON a.id = c.article '
            'LEFT JOIN claim_links l ON l.claim_id = c.id WHERE l.claim_id IS NULL '
            'ORDER BY a.published IS NULL, a.published, c.article, c.start, c."end"'
        )
        for data, text in rows:
            yield Claim.from_dict(json.loads(data)), text

    def load_propositions(self) -> list:
        from .link import Proposition

        props = []
        for pid, blob, n, keys in self.db.execute("SELECT id, sum, n, keys FROM propositions ORDER BY seq"):
            props.append(Proposition(pid, np.frombuffer(blob, dtype=np.float32).copy(), n, json.loads(keys)))
        return props

    def save_links(self, props: list, links: list[tuple[str, str, np.ndarray, list[str]]]) -> None:
        """Write new claim links and the propositions they changed, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany("INSERT OR REPLACE INTO claim_links VALUES (?,?,?,?)",
                                [(cid, pid, np.asarray(v, dtype=np.float32).tobytes(), json.dumps(sorted(k))) for cid, pid, v, k in links])
            seq = {pid: i for i, (pid,) in enumerate(self.db.execute("SELECT id FROM propositions ORDER BY seq"))}
            for i, p in enumerate(props):
                self.db.execute("INSERT OR REPLACE INTO propositions VALUES (?,?,?,?,?)",
                                (p.id, np.asarray(p.sum, dtype=np.float32).tobytes(), p.n, json.dumps(p.keys), seq.get(p.id, len(seq) + i)))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def drop_stale_links(self) -> int:
        """Forget links of claims that were replaced (an article changed), taking them out of their propositions."""
        stale = self.db.execute(
            "SELECT l.claim_id, l.proposition_id, l.vector, l.keys FROM claim_links l LEFT JOIN claims c ON c.id = l.claim_id WHERE c.id IS NULL"
        ).fetchall()
        if not stale:
            return 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for cid, pid, blob, keys in stale:
                row = self.db.execute("SELECT sum, n, keys FROM propositions WHERE id=?", (pid,)).fetchone()
                if row:
                    total = np.frombuffer(row[0], dtype=np.float32) - np.frombuffer(blob, dtype=np.float32)
                    counts = json.loads(row[2])
                    for k in json.loads(keys):
                        counts[k] = counts.get(k, 1) - 1
                        if counts[k] <= 0:
                            counts.pop(k)
                    if row[1] <= 1:
                        self.db.execute("DELETE FROM propositions WHERE id=?", (pid,))
                    else:
                        self.db.execute("UPDATE propositions SET sum=?, n=?, keys=? WHERE id=?",
                                        (total.astype(np.float32).tobytes(), row[1] - 1, json.dumps(counts), pid))
                self.db.execute("DELETE FROM claim_links WHERE claim_id=?", (cid,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return len(stale)

    def proposition_members(self) -> dict[str, list[np.ndarray]]:
        out: dict[str, list[np.ndarray]] = {}
        for pid, v in self.db.execute("SELECT proposition_id, vector FROM claim_links ORDER BY rowid"):
            out.setdefault(pid, []).append(np.frombuffer(v, dtype=np.float32))
        return out

    def links(self) -> dict[str, tuple[str, np.ndarray]]:
        return {cid: (pid, np.frombuffer(v, dtype=np.float32)) for cid, pid, v in self.db.execute("SELECT claim_id, proposition_id, vector FROM claim_links")}

    def article_meta(self) -> dict[str, dict]:
        return {r[0]: {"title": r[1], "outlet": r[2], "published": r[3], "updated": r[4], "language": r[5], "url": r[6], "source": r[7]}
                for r in self.db.execute("SELECT id, title, outlet, published, updated, language, url, source FROM articles")}

    def search(self, query: str, limit: int = 50) -> dict[str, list[dict]]:
        """Full-text search (SQLite FTS5 syntax) over claims and articles; bad syntax raises StoreError E020."""
        try:
            claims = [{"claim": r[0], "article": r[1], "source": r[2], "snippet": r[3]} for r in self.db.execute(
                "SELECT claim_id, article, source, snippet(claims_fts, 3, char(2), char(3), '…', 12) FROM claims_fts "
                "WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))]
            articles = [{"article": r[0], "title": r[1], "snippet": r[2]} for r in self.db.execute(
                "SELECT article, title, snippet(articles_fts, 2, char(2), char(3), '…', 16) FROM articles_fts "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit))]
        except sqlite3.OperationalError as e:
            raise StoreError(Code.E020, query=query[:100], detail=str(e)) from None
        return {"claims": claims, "articles": articles}

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "claims")}

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def open_store(url: str | Path = DEFAULT_DB) -> Store:
    s = str(url)
    if s.startswith(("postgresql://", "postgres://")):
        raise StoreError(Code.E015, detail="the PostgreSQL backend is not available in this version; use a SQLite file")
    if s.startswith("sqlite:///"):
        s = s[len("sqlite:///"):]
    return SQLiteStore(s)
