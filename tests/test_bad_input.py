"""Bad input: one clear line naming the input and the reason; the batch goes on; nothing half-stored."""

from __future__ import annotations

import gzip

import pytest
from typer.testing import CliRunner

from claimtrail.cli import app
from claimtrail.errors import Code, InputError
from claimtrail.ingest import read_inputs
from claimtrail.model import Article
from claimtrail.options import Options
from claimtrail.store import SQLiteStore

GOOD = "Kop van het stuk\n\nDe minister zei dinsdag dat het kabinet de plannen niet zal aanpassen.\n"


def errors(paths, options=None):
    return [x for x in read_inputs([str(p) for p in paths], options or Options()) if isinstance(x, InputError)]


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", Code.E001),
        ("blank.txt", b"  \n\n ", Code.E001),
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Code.E002),
        ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", Code.E002),
        ("arch.txt", gzip.compress(b"hello"), Code.E002),
        ("broken.xml", b"<rss><channel><item><title>x</tit", Code.E006),
        ("notafeed.rss", b"just some words", Code.E006),
    ],
)
def test_each_bad_file_gives_one_coded_error(name, data, code, tmp_path):
    f = tmp_path / name
    f.write_bytes(data)
    (e,) = errors([f])
    assert e.code == code and str(e).startswith(str(f) + ": " + code.name)
    assert "\n" not in str(e)


def test_oversize_file(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * 2000)
    (e,) = errors([f], Options(max_bytes=1000))
    assert e.code == Code.E003 and "--max-bytes" in str(e)


def test_windows_1252_and_utf16_are_decoded(tmp_path, options):
    a = tmp_path / "cp1252.txt"
    a.write_bytes("De minister zei dat het café €5 kost en dat ‘iedereen’ welkom is. Ook in Zürich en Malmö.".encode("cp1252"))
    b = tmp_path / "utf16.txt"
    b.write_bytes("De minister zei: 'Dat is nepnieuws.'".encode("utf-16"))
    texts = [x.text for x in read_inputs([str(a), str(b)], options) if isinstance(x, Article)]
    assert "café €5" in texts[0] and "‘iedereen’" in texts[0]
    assert texts[1] == "De minister zei: 'Dat is nepnieuws.'"


def test_missing_path(tmp_path):
    (e,) = errors([tmp_path / "nope.txt"])
    assert e.code == Code.E011


def test_broken_jsonl_lines_do_not_stop_the_file(tmp_path, options):
    f = tmp_path / "x.jsonl"
    f.write_text('{"title": "A", "maintext": "Eerste tekst hier."}\n{broken\n[1, 2]\n{"title": "B"}\n{"maintext": "Tweede."}\n', encoding="utf-8")
    items = list(read_inputs([str(f)], options))
    assert [type(x).__name__ for x in items] == ["Article", "InputError", "InputError", "InputError", "Article"]
    assert [x.code for x in items if isinstance(x, InputError)] == [Code.E007, Code.E007, Code.E008]
    assert str(items[1]).startswith(f"{f}:2: E007")


def test_truncated_warc(tmp_path):
    f = tmp_path / "t.warc"
    f.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n")
    errs = errors([f])
    assert errs and errs[0].code == Code.E009


def test_urls_404_500_unreachable_and_slow(http_server, tmp_path):
    base, routes = http_server
    routes["/500"] = (500, "text/plain", b"boom")
    routes["/slow"] = (0, "text/html", b"<html><body><p>late</p></body></html>")
    errs = errors([f"{base}/missing", f"{base}/500", "http://127.0.0.1:9/closed", f"{base}/slow"], Options(url_timeout=0.5))
    assert [e.code for e in errs] == [Code.E010] * 4
    assert "HTTP 404" in str(errs[0]) and "HTTP 500" in str(errs[1]) and "timed out" in str(errs[3])


def test_cli_batch_goes_on_reports_and_exits_1(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    db = tmp_path / "c.db"
    res = CliRunner().invoke(app, ["ingest", str(good.parent), "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 1
    assert "empty.txt: E001 file is empty" in res.stderr
    assert "pic.txt: E002 binary file (PNG image)" in res.stderr
    assert "1 article," in res.stderr and "2 inputs failed" in res.stderr
    store = SQLiteStore(db)
    assert store.counts()["articles"] == 1 and store.integrity() == "ok"
    store.close()


def test_bad_options_exit_2_with_the_choices():
    res = CliRunner().invoke(app, ["extract", "x", "--format", "xml"])
    assert res.exit_code == 2
    assert "E014 unknown output format 'xml'; choose from jsonl, json, csv, table" in res.stderr
    res = CliRunner().invoke(app, ["extract", "x", "--lang", "fr"])
    assert res.exit_code == 2 and "E013 unknown language 'fr'; choose from en, nl" in res.stderr


def test_errors_survive_pickling():
    import pickle

    e = InputError("a.txt", Code.E003, limit=10)
    f = pickle.loads(pickle.dumps(e))
    assert type(f) is InputError and str(f) == str(e) and f.code == Code.E003
