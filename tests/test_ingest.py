"""Each ingest kind yields articles with verbatim text, stable ids and metadata hints."""

from __future__ import annotations

import gzip
import io
import json

from claimtrail.ingest import read_inputs
from claimtrail.model import Article

from .conftest import EXAMPLES


def _articles(paths, options):
    return [a for a in read_inputs([str(p) for p in paths], options) if isinstance(a, Article)]


def test_text_file_is_kept_verbatim_with_its_base_name_as_id(tmp_path, options):
    raw = "Kop\r\n\r\nDe minister zei dat het  klopt.\n"
    f = tmp_path / "stuk.txt"
    f.write_bytes(raw.encode("utf-8"))
    (a,) = _articles([f], options)
    assert a.id == "stuk.txt"
    assert a.text == raw  # no newline translation, no stripping
    assert a.kind == "text"


def test_markdown_and_folders_are_walked_in_sorted_order(tmp_path, options):
    (tmp_path / "b.md").write_text("# Twee\n\nTekst twee.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Tekst een.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("verborgen", encoding="utf-8")
    arts = _articles([tmp_path], options)
    assert [a.id for a in arts] == ["a.txt", "b.md"]
    assert arts[1].kind == "markdown"


def test_html_page_keeps_raw_html_and_renders_visible_text(options):
    (a,) = _articles([EXAMPLES / "html" / "03_nl_regionale_krant_minister.html"], options)
    assert a.raw is not None and a.raw.startswith("<!DOCTYPE html>")
    assert "dataLayer" not in a.text and "font-family" not in a.text  # scripts and styles dropped
    assert "Minister wil opheldering van Norvalis over PFAS-lozing" in a.text
    assert a.hints["title"].startswith("Minister wil opheldering")
    assert a.hints["meta_published"].startswith("2025-03-10")
    assert "volledige openheid" in a.hints["body_text"]


def test_feed_entries_become_articles_with_dates_and_content(options):
    arts = _articles([EXAMPLES / "feeds" / "westerschelde.xml"], options)
    assert len(arts) == 2
    assert {a.kind for a in arts} == {"feed"}
    assert arts[0].hints["date"] == "2025-03-25"
    assert "1.5 million euros" in arts[0].text
    assert arts[0].url.endswith("fishermen-compensation")
    assert len({a.id for a in arts}) == 2


def test_jsonl_in_news_please_layout(options):
    arts = _articles([EXAMPLES / "jsonl" / "newsplease.jsonl"], options)
    assert [a.hints["language"] for a in arts] == ["nl", "en"]
    assert arts[0].text.startswith("Norvalis-topman: 'Geen reden")
    assert arts[0].hints["date"] == "2025-04-10 15:30:00"
    assert arts[1].hints["sitename"] == "maritimewire.example"


def _warc_record(uri: str, html: bytes, ctype: str = "text/html; charset=utf-8") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: " + str(len(html)).encode() + b"\r\n\r\n" + html
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\nWARC-Date: 2025-03-10T08:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def test_warc_response_records(tmp_path, options):
    page = (EXAMPLES / "html" / "06_en_greenpeace_600kg.html").read_bytes()
    data = _warc_record("https://example.org/a", page) + _warc_record("https://example.org/img", b"\x89PNG", "image/png")
    f = tmp_path / "crawl.warc"
    f.write_bytes(data)
    arts = _articles([f], options)
    assert len(arts) == 1  # the image record is skipped
    assert arts[0].url == "https://example.org/a" and "600 kilograms" in arts[0].text
    g = tmp_path / "crawl.warc.gz"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as z:
        z.write(data)
    g.write_bytes(buf.getvalue())
    assert [a.url for a in _articles([g], options)] == ["https://example.org/a"]


def test_url_page_and_feed(http_server, options):
    base, routes = http_server
    routes["/page"] = (200, "text/html; charset=utf-8", (EXAMPLES / "html" / "06_en_greenpeace_600kg.html").read_bytes())
    routes["/feed"] = (200, "application/rss+xml", (EXAMPLES / "feeds" / "westerschelde.xml").read_bytes())
    arts = _articles([f"{base}/page", f"{base}/feed"], options)
    assert [a.kind for a in arts] == ["url", "feed", "feed"]
    assert arts[0].url == f"{base}/page"
    assert arts[0].id == _articles([f"{base}/page"], options)[0].id  # content hash: stable


def test_jsonl_ids_are_content_hashes(tmp_path, options):
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"title": "T", "maintext": "Body text here."}) + "\n", encoding="utf-8")
    a1 = _articles([f], options)[0]
    a2 = _articles([f], options)[0]
    assert a1.id == a2.id and len(a1.id) == 16
