"""Stage 1, ingest: turn paths, folders and URLs into ``Article`` records.

``read_inputs`` yields an ``Article`` or an ``InputError`` per input (per entry for feeds, JSONL and
WARC files), so one bad input never stops the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Code, InputError
from ..model import Article
from ..options import Options
from .decode import decode
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .url import read_url
from .warc import read_warc

TEXT_EXT = {".txt", ".text", ".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
FEED_EXT = {".xml", ".rss", ".atom"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | FEED_EXT | JSONL_EXT | WARC_EXT


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files in the given order; folders are walked in sorted order, hidden files skipped."""
    for p in paths:
        if is_url(p):
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts):
                    if _kind_by_ext(f) is not None or f.suffix == "":
                        yield str(f)
        elif path.is_file():
            yield str(path)
        else:
            yield InputError(p, Code.E011)


def _kind_by_ext(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    ext = path.suffix.lower()
    for kind, exts in (("text", TEXT_EXT), ("html", HTML_EXT), ("feed", FEED_EXT), ("jsonl", JSONL_EXT)):
        if ext in exts:
            return kind
    return None


def _sniff(data: bytes) -> str:
    head = data[:1000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def read_file(path: Path, options: Options) -> Iterator[Article | InputError]:
    source = str(path)
    size = path.stat().st_size
    if size > options.max_bytes:
        raise InputError(source, Code.E003, limit=options.max_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise InputError(source, Code.E001)
    kind = _kind_by_ext(path) or _sniff(data)
    if kind == "warc":
        yield from read_warc(data, source, options.max_bytes)
    elif kind == "feed":
        yield from read_feed(data, source)
    elif kind == "jsonl":
        yield from read_jsonl(data, source)
    elif kind == "html":
        yield read_html(decode(data, source), source, article_id=path.name)
    else:
        yield read_text(path, data)


def read_inputs(paths: Iterable[str], options: Options) -> Iterator[Article | InputError]:
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if is_url(item):
                yield from read_url(item, options.url_timeout, options.max_bytes)
            else:
                yield from read_file(Path(item), options)
        except InputError as e:
            yield e
        except FileNotFoundError:
            yield InputError(item, Code.E011)
        except (OSError, RecursionError) as e:
            yield InputError(item, Code.E017, detail=str(e) or type(e).__name__)


__all__ = ["read_inputs", "expand", "read_html", "Article", "InputError"]
