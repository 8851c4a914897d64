"""Hostile inputs by kind: each kind generates several variants (characters, sizes, formats).

``KINDS`` maps a kind to a generator ``fn(size) -> list[Case]``; ``size`` is the rough number of
characters of the hostile part, so tests use small sizes and ``bench/hostile.py`` large ones. A case
says what must happen: ``expect=None`` the input is read and stored, ``expect="E009"`` exactly that
coded error line, ``expect="*"`` either (a coded error line or stored), never a traceback.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

SENTENCE = "De minister zei dinsdag dat het kabinet de plannen niet zal aanpassen."
GOOD_TEXT = f"Kop van het stuk\n\n{SENTENCE}\n"


@dataclass
class Case:
    kind: str
    name: str  # path relative to the batch folder
    data: bytes
    expect: str | None = None  # None: stored; "E0xx": that error; "*": stored or any coded error


def _text(kind: str, name: str, body: str, expect: str | None = None) -> Case:
    return Case(kind, name, (f"Kop van het stuk\n\n{SENTENCE}\n\n{body}\n").encode(), expect)


def long_token(size: int) -> list[Case]:
    """One line that is one long "word": no spaces for the regexes to stop at."""
    units = {
        "digits": "1", "letters": "a", "accented": "é", "alnum": "a1", "dots": ".", "dashes": "-",
        "domain": "a.", "email": "a@b.", "url": "ab/", "commas": "1,", "bangs": "!?", "apostrophes": "a'",
        "underscores": "_", "cyrillic": "ж",
    }
    out = []
    for name, u in units.items():
        tok = (u * (size // len(u) + 1))[:size]
        if name == "url":
            tok = "https://example.com/" + tok
        out.append(_text("long_token", f"long_{name}.txt", tok))
    return out


def quote_flood(size: int) -> list[Case]:
    """Many quote marks that never close, with words between them."""
    out = []
    for name, q in {"straight": '"', "curly": "“", "low": "„", "single": "'", "guillemet": "«", "lowsingle": "‚"}.items():
        unit = f"woord {q}zei "
        out.append(_text("quote_flood", f"quotes_{name}.txt", (unit * (size // len(unit) + 1))[:size]))
    unit = "a\"b "
    out.append(_text("quote_flood", "quotes_glued.txt", (unit * (size // len(unit) + 1))[:size]))
    return out


def long_article(size: int) -> list[Case]:
    """A long article full of claims, countries and numbers: per-claim scans over all mentions are quadratic."""
    sents = [
        "Rusland zei dinsdag dat 40 Oekraïense soldaten waren gedood bij Bachmoet.",
        "De minister van Defensie verklaarde dat Nederland 12 tanks levert aan Oekraïne.",
        "\"We zullen niet wijken,\" zei Zelensky tegen verslaggevers in Kyiv.",
        "Volgens de Verenigde Staten zijn er 300 Russische militairen omgekomen.",
        "Russia said on Tuesday that 40 Ukrainian soldiers were killed near Bakhmut.",
    ]
    out = []
    for i, order in enumerate(((0, 1, 2, 3), (4,), (2, 0))):
        para = " ".join(sents[j] for j in order)
        n = max(1, size // (len(para) + 2))
        out.append(_text("long_article", f"article_{i}.txt", "\n\n".join([para] * n)))
    return out


def many_paragraphs(size: int) -> list[Case]:
    """Very many tiny lines or sentences."""
    out = []
    for name, unit in {"lines": "a\n", "sentences": "A. ", "words": "Zei. \n", "quotes": "\"A\"\n"}.items():
        out.append(_text("many_paragraphs", f"many_{name}.txt", (unit * (size // len(unit) + 1))[:size]))
    return out


def _warc(records: list[tuple[str, bytes]], truncate: int | None = None) -> bytes:
    buf = io.BytesIO()
    for uri, html in records:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
                f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        buf.write(head + http + b"\r\n\r\n")
    data = buf.getvalue()
    return data[:truncate] if truncate else data


def _page(body: str) -> bytes:
    return f"<html><head><title>Kop</title></head><body><article><h1>Kop</h1><p>{SENTENCE}</p><p>{body}</p></article></body></html>".encode()


def bombs(size: int) -> list[Case]:
    """Small files that expand to far more than ``--max-bytes`` (the tests pass a small limit)."""
    big = b"<p>" + b"A" * (size * 100) + b"</p>"
    one = _warc([("http://example.com/bomb", _page("x")[:-len("</body></html>")] + big + b"</body></html>")])
    many = _warc([(f"http://example.com/{i}", _page("y") + b" " * (size * 20)) for i in range(6)])
    out = [
        Case("bomb", "bomb_record.warc.gz", gzip.compress(one, 9), "E027"),
        Case("bomb", "bomb_records.warc.gz", gzip.compress(many, 9), "*"),
        Case("bomb", "bomb_text.txt.gz", gzip.compress(b"a " * (size * 50), 9), "*"),
        Case("bomb", "bomb_html.html", _page("<b>x</b>" * (size // 8)), "*"),
    ]
    laughs = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
    feed = f'<?xml version="1.0"?>{laughs}<rss><channel><title>t</title><item><title>x</title><description>&i;</description></item></channel></rss>'
    out.append(Case("bomb", "bomb_laughs.xml", feed.encode(), "*"))
    return out


def jsonl_hostile(size: int) -> list[Case]:
    """JSONL lines that break parsers or carry fields of the wrong type; the good lines must still be read."""
    good = json.dumps({"title": "Kop", "maintext": SENTENCE, "url": "http://example.com/good"})
    bad_lines = {
        "bigint": '{"maintext": "x", "n": ' + "9" * max(size, 5000) + "}",
        "nested": "[" * max(size, 100_000) + "]" * max(size, 100_000),
        "nested_obj": '{"a":' * 50_000 + "1" + "}" * 50_000,
        "url_number": json.dumps({"maintext": SENTENCE, "url": 12}),
        "url_object": json.dumps({"maintext": SENTENCE, "url": {"a": 1}}),
        "title_list": json.dumps({"maintext": SENTENCE, "title": ["a"]}),
        "surrogate": '{"maintext": "De minister zei \\ud800 dat het goed ging.", "url": "http://x/\\udfff"}',
        "date_number": json.dumps({"maintext": SENTENCE, "date_publish": 2024}),
    }
    out = []
    for name, line in bad_lines.items():
        data = "\n".join([good.replace("good", f"{name}-1"), line, good.replace("good", f"{name}-2")]) + "\n"
        out.append(Case("jsonl", f"bad_{name}.jsonl", data.encode(), "*"))
    return out


MARKUP = ["[/b]", "[bold red]", "[caption id=\"x\"]", "[/]", "[link=file:///etc/passwd]x[/link]", "\\[x]", "[/caption]"]


def markup(size: int) -> list[Case]:
    """Rich console markup in names, URIs and claim text must be printed, not interpreted."""
    out = []
    for i, m in enumerate(MARKUP):
        text = f"{m} De minister zei dat {m} het kabinet de plannen niet zal aanpassen. {m}"
        out.append(Case("markup", f"markup_{i}{m.replace('/', '_').replace(chr(92), '_')}.txt", _text("markup", "", text).data))
    out.append(Case("markup", "markup_warc.warc", _warc([(f"http://example.com/{m}", _page(f"{m} x")) for m in MARKUP]), "*"))
    out.append(Case("markup", "markup_empty[/b].txt", b"", "E001"))
    return out


def control_chars(size: int) -> list[Case]:
    """Terminal escape sequences and other control characters in the article text."""
    seqs = {"csi": "\x1b[2J\x1b[31m", "osc": "\x1b]0;pwned\x07", "bell": "\x07\x08\x7f", "c1": "\x9b31m", "bidi": "\u202e\u2066"}
    return [_text("control", f"ctrl_{k}.txt", f"De minister zei dat {v}het kabinet{v} niet wijkt. {v}") for k, v in seqs.items()]


def truncated(size: int) -> list[Case]:
    """WARC files cut inside a record, plain and gzipped."""
    data = _warc([("http://example.com/a", _page("a")), ("http://example.com/b", _page("b" * size))])
    cut = len(data) - size // 2
    return [
        Case("truncated", "cut.warc", data[:cut], "E009"),
        Case("truncated", "cut.warc.gz", gzip.compress(data)[:-20], "E009"),
        Case("truncated", "cut_head.warc", data[:len(data) // 2 - size // 3 if size > 10 else 40], "E009"),
    ]


def same_names(size: int) -> list[Case]:
    """Files with the same name in different folders: each is its own article."""
    return [
        Case("same_name", f"{d}/index.html", _page(f"Artikel uit {d}: de premier zei dat {d} meedoet."))
        for d in ("a", "b", "a/b", "c")
    ] + [Case("same_name", f"{d}/story.txt", _text("same_name", "", f"Het stuk uit map {d}.").data) for d in ("x", "y")]


KINDS: dict[str, Callable[[int], list[Case]]] = {
    "long_token": long_token,
    "quote_flood": quote_flood,
    "long_article": long_article,
    "many_paragraphs": many_paragraphs,
    "bomb": bombs,
    "jsonl": jsonl_hostile,
    "markup": markup,
    "control": control_chars,
    "truncated": truncated,
    "same_name": same_names,
}
TIMED = ("long_token", "quote_flood", "long_article", "many_paragraphs")  # kinds whose size is about time


def good_files() -> list[Case]:
    """Good inputs that go in the same batch: every one of them must be stored."""
    return [
        Case("good", "good/one.txt", GOOD_TEXT.encode()),
        Case("good", "good/two.html", _page("Het kabinet zei dat de plannen blijven.")),
        Case("good", "good/three.jsonl", (json.dumps({"title": "Kop", "maintext": SENTENCE + " Drie.", "url": "http://example.com/3"}) + "\n").encode()),
    ]


def write(cases: list[Case], root) -> None:
    from pathlib import Path

    for c in cases:
        p = Path(root) / c.name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(c.data)
