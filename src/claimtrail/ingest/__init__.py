"""Stage 1, ingest: turn paths, folders and URLs into ``Article`` records.

``read_inputs`` yields an ``Article`` or an ``InputError`` per input (per entry for feeds, JSONL and
WARC files), so one bad input never stops the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import Code, InputError
from ..model import Article, content_id
from ..options import Options
from .decode import decode
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .url import read_url
from .warc import gunzip, read_warc

TEXT_EXT = {".txt", ".text", ".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
FEED_EXT = {".xml", ".rss", ".atom"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | FEED_EXT | JSONL_EXT | WARC_EXT


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


class InputFile(str):
    """A file path that carries the id its article gets (``id``)."""

    id: str


def _input(path: str, article_id: str) -> InputFile:
    f = InputFile(path)
    f.id = article_id
    return f


def _walk(root: Path) -> list[Path | InputError]:
    """Files under ``root`` in sorted order; hidden files are skipped, symbolic links that lead out of
    ``root`` are reported and not followed (a folder of articles must not read the rest of the disk)."""
    top = root.resolve()
    found: list[tuple[Path, Path | InputError]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        here = Path(dirpath)
        for name in dirnames + filenames:
            f = here / name
            if name.startswith("."):
                continue
            if f.is_symlink() and not _inside(f.resolve(), top):
                found.append((f, InputError(str(f), Code.E017, detail="symbolic link leads outside the folder; not followed")))
            elif name in filenames and f.is_file() and (_kind_by_ext(f) is not None or f.suffix == ""):
                found.append((f, f))
    return [x for _, x in sorted(found, key=lambda t: t[0])]


def _inside(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def expand(paths: Iterable[str | InputError], stored_source: Callable[[str], str | None] | None = None,
           ) -> Iterator[str | InputError]:
    """Files in the given order; folders are walked in sorted order, hidden files skipped.

    Each file's article id is its name; when two different files share a name (``a/index.html``,
    ``b/index.html``), in one run or, through ``stored_source`` (where the database's article of that id
    was read from), across runs, the newcomer gets its name plus a short hash of its full path, so
    neither overwrites the other, and running the same inputs again gives the same ids.
    """
    items: list[str | InputError | tuple[str, str]] = []
    for p in paths:
        if isinstance(p, (InputFile, InputError)) or is_url(p):  # already expanded (a worker's share of a run)
            items.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            for f in _walk(path):
                items.append(f if isinstance(f, InputError) else (str(f), f.name))
        elif path.is_file():
            items.append((str(path), path.name))
        else:
            items.append(InputError(p, Code.E011))
    owners: dict[str, set[str]] = {}
    for it in items:
        if isinstance(it, tuple):
            owners.setdefault(it[1], set()).add(os.path.realpath(it[0]))
    for it in items:
        if isinstance(it, tuple):
            path, name = it
            real = os.path.realpath(path)
            shared = len(owners[name]) > 1 or _stored_elsewhere(stored_source, name, path, real)
            yield _input(path, f"{name}~{content_id(real, length=8)}" if shared else name)
        else:
            yield it


def _stored_elsewhere(stored_source: Callable[[str], str | None] | None, name: str, path: str, real: str) -> bool:
    """The database holds an article ``name`` read from another file than ``path``."""
    if stored_source is None:
        return False
    source = stored_source(name)
    return source is not None and source != path and os.path.realpath(source) != real


def _kind_by_ext(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz") and not name.endswith(".warc.gz"):
        return _kind_by_ext(path.with_name(path.name[:-3]))
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


def read_file(path: Path, options: Options, article_id: str | None = None) -> Iterator[Article | InputError]:
    source = str(path)
    article_id = article_id or path.name
    size = path.stat().st_size
    if size > options.max_bytes:
        raise InputError(source, Code.E003, limit=options.max_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise InputError(source, Code.E001)
    if path.name.lower().endswith(".gz") and not path.name.lower().endswith(".warc.gz"):
        data = gunzip(data, source, options.max_bytes, Code.E017)  # "a.html.gz" is read as "a.html", up to --max-bytes of it
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
        yield read_html(decode(data, source), source, article_id=article_id)
    else:
        yield read_text(path, data, article_id)


def read_inputs(paths: Iterable[str], options: Options, stored_source: Callable[[str], str | None] | None = None,
                ) -> Iterator[Article | InputError]:
    """Every article of ``paths`` in order, or an InputError for what cannot be read; a text longer than
    ``options.max_chars`` is refused here, before any stage spends time on it."""
    for item in _read(paths, options, stored_source):
        if isinstance(item, Article) and len(item.text) > options.max_chars:
            yield InputError(item.source, Code.E028, chars=len(item.text), limit=options.max_chars)
        else:
            yield item


def _read(paths: Iterable[str], options: Options, stored_source=None) -> Iterator[Article | InputError]:
    for item in expand(paths, stored_source):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if is_url(item):
                yield from read_url(item, options.url_timeout, options.max_bytes)
            else:
                yield from read_file(Path(item), options, getattr(item, "id", None))
        except InputError as e:
            yield e
        except FileNotFoundError:
            yield InputError(item, Code.E011)
        except (OSError, RecursionError) as e:
            yield InputError(item, Code.E017, detail=str(e) or type(e).__name__)


__all__ = ["read_inputs", "expand", "read_html", "Article", "InputError"]
