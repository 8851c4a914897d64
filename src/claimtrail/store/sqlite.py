"""The default backend: one SQLite file.

Boring and safe: WAL mode, one transaction per article (its row and all its claims, or nothing),
migrations registered as functions and applied in transactions, ids derived from content so a
re-run is idempotent. Full-text search is FTS5 (its query syntax; a syntax error is E020).
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
from datasketch import MinHash

from ..dedupe import from_bytes, lsh_bands
from ..errors import Code, StoreError
from ..model import Article, Claim, ClaimLink, LinkRecord
from .queries import SharedQueries
from .rows import (
    ARTICLE_COLUMNS,
    DEFAULT_DB,
    ArticleMeta,
    Link,
    LinkedClaim,
    LinkState,
    SearchResults,
    UnlinkedClaim,
    article_from_row,
    article_row,
    claim_row,
    now,
    remove_from_proposition,
    vector,
    vector_bytes,
)

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


@migration
def m005_minhash_bands(db: sqlite3.Connection) -> None:
    """Near-duplicate candidates are looked up here, not held in memory: band hashes of originals."""
    db.execute("CREATE TABLE minhash_bands (band INTEGER NOT NULL, hash INTEGER NOT NULL, article TEXT NOT NULL)")
    db.execute("CREATE INDEX minhash_bands_key ON minhash_bands(band, hash)")
    db.execute("CREATE INDEX minhash_bands_article ON minhash_bands(article)")
    for aid, blob in db.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL").fetchall():
        if (mh := from_bytes(blob)) is not None:
            db.executemany("INSERT INTO minhash_bands VALUES (?, ?, ?)", [(i, h, aid) for i, h in enumerate(lsh_bands(mh))])


OPEN_TIMEOUT_S = 60
BUSY_TIMEOUT_S = 30  # a writer waits this long for another's lock


def _is_busy(e: sqlite3.OperationalError) -> bool:
    return "locked" in str(e) or "busy" in str(e)


class SQLiteStore(SharedQueries):
    """``readonly``: a connection that cannot write (no migrations, no journal-mode switch), for the
    web app's reads; the database must exist and be migrated."""

    def __init__(self, path: str | Path = DEFAULT_DB, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
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
        if self.readonly:
            if not Path(self.path).is_file():
                raise sqlite3.DatabaseError("no such database")
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            return
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
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
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now()))
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
                self.db.execute(f"INSERT OR REPLACE INTO articles VALUES ({','.join('?' * len(ARTICLE_COLUMNS))})", article_row(article, mh))
                self.db.executemany(
                    'INSERT OR REPLACE INTO claims (id, article, start, "end", source, source_id, stance, date, data) VALUES (?,?,?,?,?,?,?,?,?)',
                    [claim_row(c) for c in claims],
                )
                self.db.execute("DELETE FROM minhash_bands WHERE article=?", (article.id,))
                if mh is not None and article.duplicate_of is None:
                    self.db.executemany("INSERT INTO minhash_bands VALUES (?, ?, ?)", [(i, h, article.id) for i, h in enumerate(lsh_bands(mh))])
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

    def get_article(self, article_id: str) -> Article | None:
        r = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return article_from_row(r) if r else None

    def articles(self) -> Iterator[Article]:
        for r in self.db.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id"):
            yield article_from_row(r)

    def claims(self, article_id: str | None = None) -> Iterator[Claim]:
        if article_id is None:
            rows = self.db.execute('SELECT data FROM claims ORDER BY article, start, "end"')
        else:
            rows = self.db.execute('SELECT data FROM claims WHERE article=? ORDER BY start, "end"', (article_id,))
        for (data,) in rows:
            yield Claim.from_dict(json.loads(data))

    # --- linking state (propositions) ---------------------------------------------------------

    def unlinked_claims(self) -> Iterator[UnlinkedClaim]:
        """Claims without a proposition, in story order, with their article's text."""
        rows = self.db.execute(
            'SELECT c.data, a.text FROM claims c JOIN articles a ON a.id = c.article '
            'LEFT JOIN claim_links l ON l.claim_id = c.id WHERE l.claim_id IS NULL '
            'ORDER BY a.published IS NULL, a.published, c.article, c.start, c."end"'
        )
        for data, text in rows:
            yield UnlinkedClaim(Claim.from_dict(json.loads(data)), text)

    def save_links(self, props: list[LinkRecord], links: list[ClaimLink]) -> None:
        """Write new claim links and the propositions (and events) they changed, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany("INSERT OR REPLACE INTO claim_links VALUES (?,?,?,?)",
                                [(cid, pid, vector_bytes(v), json.dumps(sorted(k))) for cid, pid, v, k in links])
            seq = {pid: i for i, (pid,) in enumerate(self.db.execute("SELECT id FROM propositions ORDER BY seq"))}
            for i, p in enumerate(props):
                self.db.execute("INSERT OR REPLACE INTO propositions VALUES (?,?,?,?,?)",
                                (p.id, vector_bytes(p.sum), p.n, json.dumps(p.keys), seq.get(p.id, len(seq) + i)))
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
                if row and row[1] <= 1:
                    self.db.execute("DELETE FROM propositions WHERE id=?", (pid,))
                elif row:
                    total, counts = remove_from_proposition(row[0], row[2], blob, keys)
                    self.db.execute("UPDATE propositions SET sum=?, n=?, keys=? WHERE id=?", (total, row[1] - 1, counts, pid))
                self.db.execute("DELETE FROM claim_links WHERE claim_id=?", (cid,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return len(stale)

    def proposition_members(self) -> Iterator[Link]:
        """Each linked claim's proposition and vector, in the order the claims were linked."""
        for pid, v in self.db.execute("SELECT proposition_id, vector FROM claim_links ORDER BY rowid"):
            yield Link(pid, vector(v))

    def proposition_claims(self, proposition_id: str) -> list[LinkedClaim]:
        """The claims linked to one proposition."""
        return [LinkedClaim(cid, Claim.from_dict(orjson.loads(data)), vector(v)) for cid, data, v in self.db.execute(
            "SELECT c.id, c.data, l.vector FROM claim_links l JOIN claims c ON c.id = l.claim_id WHERE l.proposition_id=?", (proposition_id,))]

    def links(self) -> dict[str, Link]:
        """Every linked claim's proposition and vector, by claim id."""
        return {cid: Link(pid, vector(v)) for cid, pid, v in self.db.execute("SELECT claim_id, proposition_id, vector FROM claim_links")}

    def article_meta(self) -> dict[str, ArticleMeta]:
        return {aid: ArticleMeta(title, outlet) for aid, title, outlet in self.db.execute("SELECT id, title, outlet FROM articles")}

    def search(self, query: str, limit: int | None = 50) -> SearchResults:
        """Full-text search (SQLite FTS5 syntax) over claims and articles, at most ``limit`` of each (None:
        all); bad syntax raises StoreError E020."""
        limit = -1 if limit is None else limit  # SQLite: a negative LIMIT has no bound
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

    def link_state(self) -> LinkState:
        """What linking has stored, cheaply: ``claims``, ``linked``, ``unlinked`` (claims without a
        proposition), ``stale_links`` (links of replaced claims) and ``version``, which changes when
        links or propositions change or a linked claim is stored again (a cache key for a story
        built from the links; adding unlinked claims does not change it)."""
        claims, = self.db.execute("SELECT count(*) FROM claims").fetchone()
        links, last, joined, rowids = self.db.execute(
            "SELECT (SELECT count(*) FROM claim_links), (SELECT max(rowid) FROM claim_links), count(*), total(c.rowid) "
            "FROM claim_links l JOIN claims c ON c.id = l.claim_id").fetchone()
        props = tuple(self.db.execute("SELECT count(*), total(n), max(seq) FROM propositions").fetchone())
        return LinkState(claims=claims, linked=joined, unlinked=claims - joined, stale_links=links - joined,
                         version=(links, last, joined, rowids, *props))

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

