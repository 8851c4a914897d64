"""The store on both backends (SQLite and PostgreSQL): one transaction per article, idempotent
re-runs, migrations applied once, full-text search, linking state, concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from claimtrail.errors import StoreError
from claimtrail.model import ClaimLink, LinkRecord
from claimtrail.store import MIGRATIONS, SQLiteStore, Store, open_store
from claimtrail.story import build_story, link_store

from .conftest import EXAMPLES, ROOT


def ingest(pipeline, paths, db):
    store = open_store(db)
    try:
        return [r.stored for r in pipeline.run([str(p) for p in paths], store=store)], store.counts()
    finally:
        store.close()


def test_rerun_is_idempotent(pipeline, store_url):
    first, counts1 = ingest(pipeline, [EXAMPLES], store_url)
    second, counts2 = ingest(pipeline, [EXAMPLES], store_url)
    assert set(first) == {"new"} and set(second) == {"unchanged"}
    assert counts1 == counts2 and counts1["articles"] == 16 and counts1["claims"] > 50


def test_changed_file_replaces_its_claims(pipeline, store_url, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kop van het stuk\n\nDe minister zei dat het klopt.\n", encoding="utf-8")
    assert ingest(pipeline, [f], store_url)[0] == ["new"]
    f.write_text("Kop van het stuk\n\nDe minister ontkende dat het klopt. Volgens de NAVO is het waar.\n", encoding="utf-8")
    status, counts = ingest(pipeline, [f], store_url)
    assert status == ["updated"] and counts == {"articles": 1, "claims": 2}
    store = open_store(store_url)
    assert [c.stance for c in store.claims("a.txt")] == ["deny", "assert"]
    assert store.get_article("a.txt").text.endswith("waar.\n")
    assert store.integrity() == "ok"
    store.close()


def test_migrations_run_once(store_url):
    open_store(store_url).close()
    store = open_store(store_url)
    if isinstance(store, SQLiteStore):
        assert [r[0] for r in store.db.execute("SELECT name FROM schema_migrations")] == [name for name, _ in MIGRATIONS]
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    else:
        from claimtrail.store.postgres import MIGRATIONS as PG_MIGRATIONS

        assert [r[0] for r in store.db.execute("SELECT name FROM schema_migrations ORDER BY name")] == [n for n, _ in PG_MIGRATIONS]
    store.close()


def test_duplicates_survive_a_rerun(pipeline, store_url):
    ingest(pipeline, [EXAMPLES], store_url)
    ingest(pipeline, [EXAMPLES], store_url)
    store = open_store(store_url)
    assert store.get_article("05_nl_syndicated_rivm_copy.txt").duplicate_of == "04_nl_anp_rivm_schatting.txt"
    store.close()


def test_full_text_index_follows_updates(pipeline, store_url, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kop van het stuk\n\nDe minister zei dat de brug instort.\n", encoding="utf-8")
    ingest(pipeline, [f], store_url)
    f.write_text("Kop van het stuk\n\nDe minister zei dat de tunnel lekt.\n", encoding="utf-8")
    ingest(pipeline, [f], store_url)
    store = open_store(store_url)
    assert store.search("brug") == {"claims": [], "articles": []}
    hits = store.search("tunnel")
    assert [h["article"] for h in hits["articles"]] == ["a.txt"] and len(hits["claims"]) == 1
    assert "\x02tunnel\x03" in hits["claims"][0]["snippet"]  # the match is marked for highlighting
    store.close()


def test_article_and_claims_round_trip(pipeline, store_url):
    ingest(pipeline, [EXAMPLES], store_url)
    store = open_store(store_url)
    for article in [store.get_article("04_nl_anp_rivm_schatting.txt"), store.get_article("01_nl_dode_vis_westerschelde.txt")]:
        assert article is not None and article.published and article.body and article.language == "nl"
        claims = list(store.claims(article.id))
        assert claims and all(article.text[c.start : c.end] for c in claims)
        fresh = pipeline.extract(article)  # the stored claims are what extraction gives again
        assert [c.as_dict() for c in claims] == [c.as_dict() for c in sorted(fresh, key=lambda c: (c.start, c.end))]
    assert store.get_article("no-such-article") is None
    assert len({a.id for a in store.articles()}) == 16
    from claimtrail.dedupe import lsh_bands, minhash

    copy = store.get_article("05_nl_syndicated_rivm_copy.txt")
    found = [c.article for c in store.minhash_candidates(lsh_bands(minhash(copy.body_text())))]
    assert found == ["04_nl_anp_rivm_schatting.txt"]  # only originals are candidates
    assert store.duplicate_verdict(copy.id).duplicate_of == "04_nl_anp_rivm_schatting.txt"
    assert store.duplicate_verdict("04_nl_anp_rivm_schatting.txt").duplicate_of is None and store.duplicate_verdict("nope") is None
    store.close()


def test_linking_state_and_stale_links(store_url, pipeline):
    ingest(pipeline, [EXAMPLES], store_url)
    store = open_store(store_url)
    claims = list(store.claims())
    a, b = claims[0].id, claims[1].id
    va, vb = np.ones(4, dtype=np.float32), np.arange(4, dtype=np.float32)
    prop = LinkRecord("p1", va + vb, 2, {"place:X": 2, "persons": 1})
    store.save_links([prop], [ClaimLink(a, "p1", va, ["place:X", "persons"]), ClaimLink(b, "p1", vb, ["place:X"])])
    assert store.links()[a].proposition_id == "p1" and np.array_equal(store.links()[b].vector, vb)
    assert [p.id for p in store.load_propositions()] == ["p1"]
    assert [m.proposition_id for m in store.proposition_members()] == ["p1", "p1"]
    assert {u.claim.id for u in store.unlinked_claims()} == {c.id for c in claims[2:]}
    (summary,) = store.proposition_summaries()
    assert summary.proposition_id == "p1" and summary.claims == 2
    assert sorted(lc.claim_id for lc in store.proposition_claims("p1")) == sorted([a, b])
    assert store.article_meta()[claims[0].article].title == store.get_article(claims[0].article).title
    # the article holding claim a changes: its link is dropped and the proposition shrinks
    store.db.execute("DELETE FROM claims WHERE id=" + ("?" if isinstance(store, SQLiteStore) else "%s"), (a,))
    assert store.drop_stale_links() == 1
    (p,) = store.load_propositions()
    assert p.n == 1 and np.allclose(p.sum, vb) and p.keys == {"place:X": 1}
    assert store.drop_stale_links() == 0
    store.close()


def test_story_is_the_same_on_both_backends(pipeline, store_url, tmp_path):
    ingest(pipeline, [EXAMPLES], store_url)
    store = open_store(store_url)
    link_store(store, pipeline.registry)
    story = build_story(store, pipeline.registry).as_dict()
    store.close()
    reference = tmp_path / "reference.db"
    ingest(pipeline, [EXAMPLES], reference)
    ref = SQLiteStore(reference)
    link_store(ref, pipeline.registry)
    assert json.dumps(story, sort_keys=True) == json.dumps(build_story(ref, pipeline.registry).as_dict(), sort_keys=True)
    ref.close()


def test_unusable_database_is_one_clear_error(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="E015"):
        SQLiteStore(bad)
    with pytest.raises(StoreError, match=r"E015.*\*\*\*@127\.0\.0\.1:1/none"):
        open_store("postgresql://someone:secret@127.0.0.1:1/none")  # nothing listens there; the password is not shown


def _open_and_close(url: str) -> str | None:
    try:
        open_store(url).close()
    except Exception as e:  # returned, not raised: the parent reports every failure
        return repr(e)
    return None


@pytest.mark.slow  # a real process: seconds of start-up
def test_processes_opening_one_new_database_at_once(store_url, tmp_path):
    """Switching a new SQLite file to WAL collides between processes (SQLite's busy handler does not wait
    for it); on PostgreSQL the first migration runs under an advisory lock."""
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        for i in range(8 if store_url.endswith(".db") else 2):
            url = str(tmp_path / f"new{i}.db") if store_url.endswith(".db") else store_url
            assert pool.map(_open_and_close, [url] * 4) == [None] * 4


@pytest.mark.slow
def test_two_ingest_processes_on_one_database(store_url, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from run import generate

    (tmp_path / "corpus").mkdir()
    generate(400, tmp_path / "corpus")
    files = sorted((tmp_path / "corpus").iterdir())
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for f in files[:250]:
        (a / f.name).hardlink_to(f)  # a folder walk does not follow symbolic links out of it
    for f in files[150:]:  # 100 files overlap
        (b / f.name).hardlink_to(f)
    cmd = [sys.executable, "-m", "claimtrail.cli", "ingest", "--db", store_url, "--format", "jsonl"]
    procs = [subprocess.Popen([*cmd, str(d)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT) for d in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-300:] for o in outs]
    store = open_store(store_url)
    assert store.counts()["articles"] == 400 and store.integrity() == "ok"
    claims = list(store.claims())
    assert len(claims) == len({c.id for c in claims}) == store.counts()["claims"]
    store.close()
    if isinstance(store, SQLiteStore):
        con = sqlite3.connect(store_url)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


def test_both_backends_implement_the_whole_protocol():
    from typing import Protocol

    from claimtrail.store.postgres import PostgresStore

    parts = [p for p in Store.__mro__ if Protocol in p.__mro__ and p not in (Protocol, object) and p.__module__.startswith("claimtrail")]
    assert {p.__name__ for p in parts} == {"Store", "Articles", "DuplicateIndex", "Linking", "StoryReads", "Search"}
    wanted = {name for p in parts for name in vars(p) if not name.startswith("_")} - {"path"}
    assert {"put_article", "minhash_candidates", "save_links", "proposition_claims", "search", "close"} <= wanted
    for backend in (SQLiteStore, PostgresStore):
        missing = {name for name in wanted if not callable(getattr(backend, name, None))}
        assert not missing, f"{backend.__name__} lacks {sorted(missing)}"


def test_older_sqlite_database_gets_its_band_index_backfilled(pipeline, tmp_path):
    db = tmp_path / "old.db"
    ingest(pipeline, [EXAMPLES], db)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE minhash_bands")  # as a database from before migration m005
    con.execute("DELETE FROM schema_migrations WHERE name='m005_minhash_bands'")
    con.commit()
    con.close()
    store = SQLiteStore(db)
    originals = store.db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
    assert store.db.execute("SELECT count(DISTINCT article) FROM minhash_bands").fetchone()[0] == originals == 15
    store.close()
    again, _ = ingest(pipeline, [EXAMPLES], db)
    assert set(again) == {"unchanged"}
