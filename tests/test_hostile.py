"""Hostile input, by kind (tests/hostile.py): bounded time, one coded line per bad input, every good file stored.

Each kind runs through the CLI in one batch with good files; time-sensitive kinds are also timed one
file at a time at a size that took tens of seconds before the fixes (generous bounds: shared CPUs).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrail.cli import app
from claimtrail.errors import Code, InputError
from claimtrail.ingest import read_inputs
from claimtrail.options import Options
from claimtrail.safe import csv_cell, markdown, redact, terminal
from claimtrail.store import SQLiteStore

from . import hostile

ERROR_LINE = re.compile(r"^error (?P<src>.+?): (?P<code>E\d{3}) ")
SMALL = 2_000
MAX_BYTES = 100_000  # the bombs expand far past this


def _batch(kind: str, tmp_path: Path, size: int = SMALL) -> tuple[list[hostile.Case], object, SQLiteStore]:
    cases = hostile.KINDS[kind](size) + hostile.good_files()
    root = tmp_path / "in"
    hostile.write(cases, root)
    db = tmp_path / "t.db"
    res = CliRunner().invoke(app, ["extract", str(root), "--db", str(db), "--format", "csv", "--max-bytes", str(MAX_BYTES)])
    return cases, res, SQLiteStore(str(db))


@pytest.mark.parametrize("kind", sorted(hostile.KINDS))
def test_batch_of_hostile_and_good_files(kind, tmp_path):
    cases, res, store = _batch(kind, tmp_path)
    root = tmp_path / "in"
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code in (0, 1), res.stderr
    assert "Traceback" not in res.stderr and "E018" not in res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("error ")]
    for ln in lines:
        assert ERROR_LINE.match(ln), ln
    errors = [(m["src"], m["code"]) for m in map(ERROR_LINE.match, lines)]
    sources = {a.source.split("#")[0].rsplit(":", 1)[0] if a.kind == "jsonl" else a.source.split("#")[0] for a in store.articles()}
    try:
        for c in cases:
            path = str(root / c.name)
            if c.expect is None:
                assert path in sources, f"{c.kind} {c.name} not stored; stderr: {res.stderr[-2000:]}"
            elif c.expect != "*":
                assert any(src.startswith(path) and code == c.expect for src, code in errors), f"{c.name}: no {c.expect} line"
            else:
                assert path in sources or any(src.startswith(path) for src, _ in errors), f"{c.name}: neither stored nor reported"
    finally:
        store.close()


TIMED_SIZE = 40_000  # one file of this many hostile characters took 5-70 s before; now well under a second or two


@pytest.mark.parametrize("kind", hostile.TIMED)
def test_each_hostile_file_in_bounded_time(kind, tmp_path, pipeline):
    cases = hostile.KINDS[kind](TIMED_SIZE)
    hostile.write(cases, tmp_path)
    for c in cases:
        t = time.perf_counter()
        results = list(pipeline.run([str(tmp_path / c.name)]))
        took = time.perf_counter() - t
        assert took < 8, f"{c.name}: {took:.1f} s"
        assert all(r.error is None for r in results), [str(r.error) for r in results]


def test_same_names_in_different_folders_do_not_overwrite_and_rerun_is_idempotent(tmp_path):
    cases = hostile.same_names(0)
    hostile.write(cases, tmp_path / "in")
    db = tmp_path / "t.db"
    first = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--format", "jsonl"])
    assert f"{len(cases)} new, 0 updated" in first.stderr
    again = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--format", "jsonl"])
    assert f"0 new, 0 updated, {len(cases)} unchanged" in again.stderr
    ids = [json.loads(x)["id"] for x in again.stdout.splitlines()]
    assert len(set(ids)) == len(cases) and all(i.split("~")[0] in ("index.html", "story.txt") for i in ids)


def test_a_flat_folder_keeps_base_names_as_ids(tmp_path):
    hostile.write(hostile.good_files(), tmp_path)
    ids = {a.id for a in read_inputs([str(tmp_path / "good")], Options()) if not isinstance(a, InputError)}
    assert {"one.txt", "two.html"} <= ids


def test_symbolic_links_out_of_the_folder_are_not_followed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "s.txt").write_text("Het geheime wachtwoord is hunter2, zei de beheerder.")
    (tmp_path / "in" / "ok.txt").write_text(hostile.GOOD_TEXT)
    (tmp_path / "in" / "out.txt").symlink_to(tmp_path / "secret" / "s.txt")
    (tmp_path / "in" / "outdir").symlink_to(tmp_path / "secret")
    (tmp_path / "in" / "inner.txt").symlink_to(tmp_path / "in" / "ok.txt")
    items = list(read_inputs([str(tmp_path / "in")], Options()))
    texts = " ".join(x.text for x in items if not isinstance(x, InputError))
    assert "hunter2" not in texts and hostile.SENTENCE in texts
    assert sorted(Path(e.source).name for e in items if isinstance(e, InputError)) == ["out.txt", "outdir"]


@pytest.mark.parametrize("password", ["p#ss", "p?w/d", "a@b:c", "pa%23ss", "s p a c e", "ünï"])
def test_redact_never_shows_the_password(password):
    url = f"postgresql://user:{password}@db.example:5432/claims?sslmode=require"
    from urllib.parse import quote

    libpq = f'connection to "{url}" failed: invalid token "{quote(password, safe="")}" near {password}'
    for text in (url, libpq, f"password={password} host=db"):
        out = redact(text, url)
        assert password not in out and quote(password, safe="") not in out, out
    assert redact(url).endswith("@db.example:5432/claims?sslmode=require")
    assert redact("sqlite:///x.db") == "sqlite:///x.db" and redact("claims.db") == "claims.db"


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_a_formula_are_neutralised(cell):
    assert csv_cell(cell).startswith("'") and csv_cell("plain") == "plain"


def test_markdown_and_terminal_text_are_inert():
    assert "<script>" not in markdown("<script>alert(1)</script>")
    for s in ("\x1b[2J", "\x1b]0;x\x07", "\x9b31m", "\u202e"):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", terminal(f"a{s}b"))


def test_table_output_shows_markup_and_no_escape_sequences(tmp_path):
    f = tmp_path / "[bold]x[b].txt"
    f.write_text("De minister zei dat [/b] het \x1b[31mkabinet[caption id=1] niet wijkt.\n")
    db = tmp_path / "t.db"
    res = CliRunner().invoke(app, ["ingest", str(f), "--db", str(db)])
    assert res.exit_code == 0, res.stderr
    res = CliRunner().invoke(app, ["claims", "--db", str(db)])
    assert res.exit_code == 0 and "[/b]" in res.stdout and "\x1b" not in res.stdout, res.stdout


@pytest.mark.parametrize("body, detail", [
    ("- &a [x, x, x, x]\n- &b [*a, *a, *a, *a]\n- &c [*b, *b, *b, *b]\n", "aliases"),
    ("- id: x\n  name: X\n  aliases: {nl: Rusland}\n", "'aliases' must be"),
    ("- id: x\n  name: [a]\n", "'name' must be"),
    ("- id: x\n  name: X\n  term: 2020\n", "'term' must be"),
    ("- id: x\n  name: X\n  roles: {a: 1}\n", "'roles' must be"),
    ("- " * 2000 + "x\n", "bad actor file"),
])
def test_bad_actor_files_give_one_coded_line(body, detail, tmp_path):
    f = tmp_path / "actors.yaml"
    f.write_text(body)
    (tmp_path / "a.txt").write_text(hostile.GOOD_TEXT)
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--actors", str(f)])
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    (line,) = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert line.startswith("error E016 bad actor file:") and detail in line, line


def test_url_deadline_is_total_not_per_read():
    """A server that trickles a byte a second must not hold an ingest past its time-out."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    stop = threading.Event()

    def serve():
        conn, _ = srv.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        while not stop.is_set():
            try:
                conn.sendall(b"a")
            except OSError:
                break
            time.sleep(0.3)
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    t = time.perf_counter()
    items = list(read_inputs([f"http://127.0.0.1:{srv.getsockname()[1]}/"], Options(url_timeout=1.5)))
    stop.set()
    srv.close()
    assert time.perf_counter() - t < 5
    (e,) = items
    assert isinstance(e, InputError) and e.code == Code.E010


def test_a_rerun_after_a_crash_skips_stored_articles_before_extraction(tmp_path, monkeypatch):
    from claimtrail.pipeline import Pipeline

    hostile.write(hostile.good_files() + hostile.same_names(0), tmp_path / "in")
    db = tmp_path / "t.db"
    first = CliRunner().invoke(app, ["ingest", str(tmp_path / "in" / "good" / "one.txt"), "--db", str(db)])  # then "killed"
    assert "1 new" in first.stderr
    calls = []
    real = Pipeline.prepare
    monkeypatch.setattr(Pipeline, "prepare", lambda self, a: calls.append(a.id) or real(self, a))
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0 and "1 unchanged" in res.stderr, res.stderr
    assert "one.txt" not in calls and len(calls) == 8
    assert any(json.loads(x)["article"] == "one.txt" for x in res.stdout.splitlines())  # its stored claims are still output


def _find_quotes_by_scanning(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairing as it was before bisection (a scan of up to MAX_QUOTE_CHARS per mark), for comparison."""
    from claimtrail.analyze import MAX_QUOTE_CHARS, OPEN_QUOTES, _closes, _opens

    def close_of(i, limit, ch):
        j, stop = i + 1, min(len(text), i + MAX_QUOTE_CHARS)
        while j < stop:
            c = text[j]
            if c in OPEN_QUOTES[ch] and _closes(text, j):
                if ch == "'" and j + 1 < len(text) and text[j - 1].isalpha() and text[j + 1].isalpha():
                    j += 1
                    continue
                return j
            if c == ch and ch in "\"'" and _opens(text, j) and j > limit:
                return None
            j += 1
        return None

    out, i = [], 0
    for a, b in sorted(spans):
        i = max(a, i)
        while i < b:
            if text[i] in OPEN_QUOTES and _opens(text, i) and (close := close_of(i, b, text[i])) is not None:
                out.append((i, close + 1))
                i = close + 1
                continue
            i += 1
    return out


@pytest.mark.parametrize("reach", [4000, 12])
def test_quote_pairing_by_bisection_equals_the_scan(reach, monkeypatch):
    import random

    from claimtrail import analyze
    from claimtrail.analyze import find_quotes

    monkeypatch.setattr(analyze, "MAX_QUOTE_CHARS", reach)
    rng = random.Random(7)
    alphabet = list("ab  .,-\n") + list("\"'“”„‘’«»‚")
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, 4)))
        spans = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]
        assert [(q.start, q.end) for q in find_quotes(text, spans)] == _find_quotes_by_scanning(text, spans), (text, spans)


def test_a_text_longer_than_max_chars_is_one_coded_line_and_the_batch_goes_on(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "long.txt").write_text("Kop\n\n" + "De minister zei dat het goed gaat. " * 200, encoding="utf-8")
    (root / "ok.txt").write_text(hostile.GOOD_TEXT, encoding="utf-8")
    items = list(read_inputs([str(root)], Options(max_chars=5_000)))
    assert [type(i).__name__ for i in items] == ["InputError", "Article"]
    assert items[0].code is Code.E028 and "7,005 characters" in str(items[0]) and "--max-chars" in str(items[0])
    db = tmp_path / "t.db"
    res = CliRunner().invoke(app, ["ingest", str(root), "--db", str(db), "--format", "none", "--no-link", "--max-chars", "5000"])
    assert res.exit_code == 1 and res.stderr.count("E028") == 1, res.stderr
    res = CliRunner().invoke(app, ["ingest", str(root), "--db", str(db), "--format", "none", "--no-link"])
    assert res.exit_code == 0, res.stderr  # the default limit reads it


def test_same_names_in_separate_runs_do_not_overwrite(tmp_path):
    for d, text in (("a", hostile.GOOD_TEXT), ("b", hostile.GOOD_TEXT.replace("dinsdag", "woensdag"))):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "t.db")

    def ingest(path: Path) -> str:
        res = CliRunner().invoke(app, ["ingest", str(path), "--db", db, "--format", "none", "--no-link"])
        assert res.exit_code == 0, res.stderr
        return res.stderr

    ingest(tmp_path / "a" / "x.txt")
    assert "1 new" in ingest(tmp_path / "b" / "x.txt")  # another file of the same name: a second article
    assert "1 unchanged" in ingest(tmp_path / "a" / "x.txt") and "1 unchanged" in ingest(tmp_path / "b" / "x.txt")
    store = SQLiteStore(db)
    try:
        ids = sorted(a.id for a in store.articles())
        assert ids[0] == "x.txt" and ids[1].startswith("x.txt~") and len(ids) == 2
    finally:
        store.close()
