"""SQLite store: one transaction per article, idempotent re-runs, migrations applied once."""

from __future__ import annotations

import sqlite3

from claimtrail.store import MIGRATIONS, SQLiteStore

from .conftest import EXAMPLES


def ingest(pipeline, paths, db):
    store = SQLiteStore(db)
    try:
        return [r.stored for r in pipeline.run([str(p) for p in paths], store=store)], store.counts()
    finally:
        store.close()


def test_rerun_is_idempotent(pipeline, tmp_path):
    db = tmp_path / "c.db"
    first, counts1 = ingest(pipeline, [EXAMPLES], db)
    second, counts2 = ingest(pipeline, [EXAMPLES], db)
    assert set(first) == {"new"} and set(second) == {"unchanged"}
    assert counts1 == counts2 and counts1["articles"] == 16 and counts1["claims"] > 50


def test_changed_file_replaces_its_claims(pipeline, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kop van het stuk\n\nDe minister zei dat het klopt.\n", encoding="utf-8")
    db = tmp_path / "c.db"
    assert ingest(pipeline, [f], db)[0] == ["new"]
    f.write_text("Kop van het stuk\n\nDe minister ontkende dat het klopt. Volgens de NAVO is het waar.\n", encoding="utf-8")
    status, counts = ingest(pipeline, [f], db)
    assert status == ["updated"] and counts == {"articles": 1, "claims": 2}
    store = SQLiteStore(db)
    assert [c.stance for c in store.claims("a.txt")] == ["deny", "assert"]
    assert store.get_article("a.txt").text.endswith("waar.\n")
    store.close()


def test_migrations_run_once_in_transactions(tmp_path):
    db = tmp_path / "c.db"
    SQLiteStore(db).close()
    SQLiteStore(db).close()
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT name FROM schema_migrations")] == [name for name, _ in MIGRATIONS]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_duplicates_survive_a_rerun(pipeline, tmp_path):
    db = tmp_path / "c.db"
    ingest(pipeline, [EXAMPLES], db)
    ingest(pipeline, [EXAMPLES], db)
    store = SQLiteStore(db)
    assert store.get_article("05_nl_syndicated_rivm_copy.txt").duplicate_of == "04_nl_anp_rivm_schatting.txt"
    store.close()


def test_full_text_index_follows_updates(pipeline, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kop van het stuk\n\nDe minister zei dat de brug instort.\n", encoding="utf-8")
    db = tmp_path / "c.db"
    ingest(pipeline, [f], db)
    f.write_text("Kop van het stuk\n\nDe minister zei dat de tunnel lekt.\n", encoding="utf-8")
    ingest(pipeline, [f], db)
    store = SQLiteStore(db)
    assert store.search("brug") == {"claims": [], "articles": []}
    hits = store.search("tunnel")
    assert [h["article"] for h in hits["articles"]] == ["a.txt"] and len(hits["claims"]) == 1
    store.close()


def _open_and_close(path: str) -> str | None:
    try:
        SQLiteStore(path).close()
    except Exception as e:  # returned, not raised: the parent reports every failure
        return repr(e)
    return None


def test_processes_opening_one_new_database_at_once(tmp_path):
    """Switching a new file to WAL collides between processes; SQLite's busy handler does not wait for it."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        for i in range(8):
            path = str(tmp_path / f"new{i}.db")
            assert pool.map(_open_and_close, [path] * 4) == [None] * 4
