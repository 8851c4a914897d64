"""The PostgreSQL backend (``--db postgresql://user:pass@host/dbname``), for teams and large archives.

Same tables and the same behaviour as the SQLite backend: one transaction per article, migrations
applied once under an advisory lock, content-derived ids so that a re-run is idempotent. Ordering
uses the C collation so both backends return rows in the same order. Full-text search uses
``tsvector`` columns with the 'simple' configuration (no stemming, as FTS5's unicode61) and
``websearch_to_tsquery``, whose forgiving syntax ("quoted phrases", OR, -word) never fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import psycopg
from datasketch import MinHash
from psycopg.rows import dict_row

from ..dedupe import lsh_bands
from ..errors import Code, StoreError
from ..model import Article, Claim, ClaimLink, LinkRecord
from ..safe import redact
from .queries import SharedQueries
from .rows import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
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

MIGRATION_LOCK = 0x636C6169  # pg_advisory_xact_lock key while migrating ("clai")
FTS_CHARS = 300_000  # a tsvector holds at most 1 MB: index the first this many characters of huge pages

MIGRATIONS: list[tuple[str, Callable[[psycopg.Connection], None]]] = []


def migration(fn: Callable[[psycopg.Connection], None]) -> Callable[[psycopg.Connection], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_articles_and_claims(db: psycopg.Connection) -> None:
    db.execute(f"""
        CREATE TABLE articles (
            seq BIGSERIAL UNIQUE,
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            source TEXT, kind TEXT, url TEXT, outlet TEXT, title TEXT, language TEXT,
            published TEXT, updated TEXT, agencies TEXT, body TEXT, clutter TEXT,
            duplicate_of TEXT, text TEXT NOT NULL, raw TEXT, minhash BYTEA, ingested_at TEXT,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || left(text, {FTS_CHARS}))) STORED
        )""")
    db.execute("""
        CREATE TABLE claims (
            seq BIGSERIAL UNIQUE,
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            source TEXT, source_id TEXT, stance TEXT NOT NULL, date TEXT, data JSONB NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(source, '') || ' ' || coalesce(data->>'text', ''))) STORED
        )""")
    db.execute("CREATE INDEX claims_article ON claims(article)")
    db.execute("CREATE INDEX claims_source_id ON claims(source_id)")
    db.execute("CREATE INDEX claims_fts ON claims USING GIN (tsv)")
    db.execute("CREATE INDEX articles_fts ON articles USING GIN (tsv)")


@migration
def m002_propositions(db: psycopg.Connection) -> None:
    db.execute("CREATE TABLE propositions (id TEXT PRIMARY KEY, sum BYTEA NOT NULL, n INTEGER NOT NULL, keys TEXT NOT NULL, seq INTEGER NOT NULL)")
    db.execute("""
        CREATE TABLE claim_links (
            seq BIGSERIAL UNIQUE,
            claim_id TEXT PRIMARY KEY, proposition_id TEXT NOT NULL, vector BYTEA NOT NULL, keys TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX claim_links_prop ON claim_links(proposition_id)")


@migration
def m003_minhash_bands(db: psycopg.Connection) -> None:
    """Near-duplicate candidates are looked up here, not held in memory: band hashes of originals."""
    db.execute("CREATE TABLE minhash_bands (band INTEGER NOT NULL, hash BIGINT NOT NULL, article TEXT NOT NULL)")
    db.execute("CREATE INDEX minhash_bands_key ON minhash_bands(band, hash)")
    db.execute("CREATE INDEX minhash_bands_article ON minhash_bands(article)")


def _no_nul(value):
    """PostgreSQL text cannot hold NUL; U+FFFD has the same length in characters, so offsets stay valid."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


class PostgresStore(SharedQueries):
    """``readonly``: a session whose transactions cannot write (no migrations), for the web app's reads."""

    PARAM = "%s"  # psycopg's placeholder (SharedQueries writes "?")

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.path = redact(url)
        self.readonly = readonly
        self._url = url  # only to scrub its password from error text
        self._cursors = 0
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=10)
            if readonly:
                self.db.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            else:
                self._migrate()
        except psycopg.Error as e:
            raise StoreError(Code.E015, detail=redact(f"{self.path}: {_first_line(e)}", self._url)) from None

    def _migrate(self) -> None:
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
            done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
            for name, fn in MIGRATIONS:
                if name not in done:
                    fn(self.db)
                    self.db.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (name, now()))

    def put_article(self, article: Article, claims: list[Claim], mh: MinHash | None = None) -> str:
        """Store the article and its claims in one transaction: 'new', 'updated' or 'unchanged'."""
        try:
            with self.db.transaction():
                # writers of the same article wait for each other; others go on in parallel
                self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (article.id,))
                row = self.db.execute("SELECT content_hash FROM articles WHERE id=%s", (article.id,)).fetchone()
                if row and row[0] == article.content_hash:
                    stored = {r[0] for r in self.db.execute("SELECT id FROM claims WHERE article=%s", (article.id,))}
                    if stored == {c.id for c in claims}:
                        return "unchanged"
                status = "updated" if row else "new"
                # delete and insert (not update): a changed article moves to the end, as with SQLite's REPLACE
                self.db.execute("DELETE FROM articles WHERE id=%s", (article.id,))  # its claims go with it
                self.db.execute(
                    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join(['%s'] * len(ARTICLE_COLUMNS))})",
                    [_no_nul(v) for v in article_row(article, mh)],
                )
                with self.db.cursor() as cur:
                    cur.executemany(
                        f'INSERT INTO claims ({", ".join(map(_quote, CLAIM_COLUMNS))}) VALUES ({", ".join(["%s"] * len(CLAIM_COLUMNS))}) '
                        "ON CONFLICT (id) DO NOTHING",
                        [[_no_nul(v) for v in claim_row(c)] for c in claims],
                    )
                    self.db.execute("DELETE FROM minhash_bands WHERE article=%s", (article.id,))
                    if mh is not None and article.duplicate_of is None:
                        cur.executemany("INSERT INTO minhash_bands VALUES (%s, %s, %s)", [(i, h, article.id) for i, h in enumerate(lsh_bands(mh))])
                return status
        except psycopg.Error as e:
            raise StoreError(Code.E015, detail=redact(f"{self.path}: {_first_line(e)}", self._url)) from None

    def _rows(self, query: str, params=()) -> Iterator[dict]:
        """Rows streamed through a server-side cursor: memory does not grow with the table."""
        self._cursors += 1
        with self.db.transaction(), self.db.cursor(row_factory=dict_row, name=f"claimtrail_rows_{self._cursors}") as cur:
            cur.itersize = 2000
            cur.execute(query, params)
            yield from cur

    def get_article(self, article_id: str) -> Article | None:
        with self.db.cursor(row_factory=dict_row) as cur:
            r = cur.execute("SELECT * FROM articles WHERE id=%s", (article_id,)).fetchone()
        return article_from_row(r) if r else None

    def articles(self) -> Iterator[Article]:
        for r in self._rows('SELECT * FROM articles ORDER BY published IS NULL, published COLLATE "C", id COLLATE "C"'):
            yield article_from_row(r)

    def claims(self, article_id: str | None = None) -> Iterator[Claim]:
        if article_id is None:
            rows = self._rows('SELECT data FROM claims ORDER BY article COLLATE "C", start, "end"')
        else:
            rows = self._rows('SELECT data FROM claims WHERE article=%s ORDER BY start, "end"', (article_id,))
        for r in rows:
            yield Claim.from_dict(r["data"])

    # --- linking state (propositions) ---------------------------------------------------------

    def unlinked_claims(self) -> Iterator[UnlinkedClaim]:
        """Claims without a proposition, in story order, with their article's text."""
        rows = self._rows(
            "SELECT c.data, a.text FROM claims c JOIN articles a ON a.id = c.article "
            "LEFT JOIN claim_links l ON l.claim_id = c.id WHERE l.claim_id IS NULL "
            'ORDER BY a.published IS NULL, a.published COLLATE "C", c.article COLLATE "C", c.start, c."end"'
        )
        for r in rows:
            yield UnlinkedClaim(Claim.from_dict(r["data"]), r["text"])

    def save_links(self, props: list[LinkRecord], links: list[ClaimLink]) -> None:
        """Write new claim links and the propositions (and events) they changed, in one transaction."""
        with self.db.transaction(), self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO claim_links (claim_id, proposition_id, vector, keys) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (claim_id) DO UPDATE SET proposition_id=EXCLUDED.proposition_id, vector=EXCLUDED.vector, keys=EXCLUDED.keys",
                [(cid, pid, vector_bytes(v), json.dumps(sorted(k))) for cid, pid, v, k in links],
            )
            seq = {pid: i for i, (pid,) in enumerate(self.db.execute("SELECT id FROM propositions ORDER BY seq"))}
            cur.executemany(
                "INSERT INTO propositions VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET sum=EXCLUDED.sum, n=EXCLUDED.n, keys=EXCLUDED.keys",
                [(p.id, vector_bytes(p.sum), p.n, json.dumps(p.keys), seq.get(p.id, len(seq) + i)) for i, p in enumerate(props)],
            )

    def drop_stale_links(self) -> int:
        """Forget links of claims that were replaced (an article changed), taking them out of their propositions."""
        with self.db.transaction():
            stale = self.db.execute(
                "SELECT l.claim_id, l.proposition_id, l.vector, l.keys FROM claim_links l "
                "LEFT JOIN claims c ON c.id = l.claim_id WHERE c.id IS NULL FOR UPDATE OF l"
            ).fetchall()
            for cid, pid, blob, keys in stale:
                row = self.db.execute("SELECT sum, n, keys FROM propositions WHERE id=%s FOR UPDATE", (pid,)).fetchone()
                if row and row[1] <= 1:
                    self.db.execute("DELETE FROM propositions WHERE id=%s", (pid,))
                elif row:
                    total, counts = remove_from_proposition(bytes(row[0]), row[2], bytes(blob), keys)
                    self.db.execute("UPDATE propositions SET sum=%s, n=%s, keys=%s WHERE id=%s", (total, row[1] - 1, counts, pid))
                self.db.execute("DELETE FROM claim_links WHERE claim_id=%s", (cid,))
        return len(stale)

    def proposition_members(self) -> Iterator[Link]:
        """Each linked claim's proposition and vector, in the order the claims were linked."""
        for r in self._rows("SELECT proposition_id, vector FROM claim_links ORDER BY seq"):
            yield Link(r["proposition_id"], vector(bytes(r["vector"])))

    def proposition_claims(self, proposition_id: str) -> list[LinkedClaim]:
        """The claims linked to one proposition."""
        return [LinkedClaim(cid, Claim.from_dict(data), vector(bytes(v))) for cid, data, v in self.db.execute(
            "SELECT c.id, c.data, l.vector FROM claim_links l JOIN claims c ON c.id = l.claim_id WHERE l.proposition_id=%s", (proposition_id,))]

    def links(self) -> dict[str, Link]:
        """Every linked claim's proposition and vector, by claim id."""
        return {r["claim_id"]: Link(r["proposition_id"], vector(bytes(r["vector"])))
                for r in self._rows("SELECT claim_id, proposition_id, vector FROM claim_links")}

    def article_meta(self) -> dict[str, ArticleMeta]:
        return {r["id"]: ArticleMeta(r["title"], r["outlet"]) for r in self._rows("SELECT id, title, outlet FROM articles")}

    def search(self, query: str, limit: int | None = 50) -> SearchResults:
        """Full-text search (web search syntax: words, "phrases", OR, -word) over claims and articles, at
        most ``limit`` of each (None: LIMIT NULL, all)."""
        options = "StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…"
        try:
            claims = [{"claim": r[0], "article": r[1], "source": r[2], "snippet": r[3]} for r in self.db.execute(
                "SELECT id, article, source, ts_headline('simple', data->>'text', q, %s) FROM claims, websearch_to_tsquery('simple', %s) q "
                "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, seq LIMIT %s", (options, query, limit))]
            articles = [{"article": r[0], "title": r[1], "snippet": r[2]} for r in self.db.execute(
                f"SELECT id, title, ts_headline('simple', left(text, {FTS_CHARS}), q, %s) FROM articles, websearch_to_tsquery('simple', %s) q "
                "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, seq LIMIT %s", (options, query, limit))]
        except psycopg.Error as e:
            raise StoreError(Code.E020, query=query[:100], detail=redact(_first_line(e), self._url)) from None
        return {"claims": claims, "articles": articles}

    def link_state(self) -> LinkState:
        """What linking has stored, cheaply (see ``SQLiteStore.link_state``)."""
        claims, = self.db.execute("SELECT count(*) FROM claims").fetchone()
        links, last, joined, seqs = self.db.execute(
            "SELECT (SELECT count(*) FROM claim_links), (SELECT max(seq) FROM claim_links), count(*), coalesce(sum(c.seq), 0) "
            "FROM claim_links l JOIN claims c ON c.id = l.claim_id").fetchone()
        props = tuple(self.db.execute("SELECT count(*), coalesce(sum(n), 0), max(seq) FROM propositions").fetchone())
        return LinkState(claims=claims, linked=joined, unlinked=claims - joined, stale_links=links - joined,
                         version=(links, last, joined, int(seqs), *(int(x) if x is not None else None for x in props)))

    def integrity(self) -> str:
        orphans = self.db.execute("SELECT count(*) FROM claims c LEFT JOIN articles a ON a.id = c.article WHERE a.id IS NULL").fetchone()[0]
        return "ok" if orphans == 0 else f"{orphans} claims without an article"


def _quote(column: str) -> str:
    return f'"{column}"' if column == "end" else column


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
