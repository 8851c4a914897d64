"""WARC files (fastwarc): every HTML response record becomes an article.

A gzipped WARC is decompressed as a stream that stops at ``--max-bytes`` of output (a small file
can expand a thousandfold); a record cut short by a truncated file is reported, not dropped.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..errors import Code, InputError
from ..model import Article, content_id
from .decode import decode
from .html import read_html

GZIP_MAGIC = b"\x1f\x8b"


def gunzip(data: bytes, source: str, limit: int, code: Code = Code.E009) -> bytes:
    """``data`` decompressed (all gzip members), refused with E027 past ``limit`` bytes of output."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(source, code, detail=f"gzip: {e or type(e).__name__}") from None
    if len(out) > limit:
        raise InputError(source, Code.E027, limit=limit)
    return out


def read_warc(data: bytes, source: str, limit: int | None = None) -> Iterator[Article | InputError]:
    limit = limit or max(len(data), 1) * 10
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, source, limit)
    n = produced = cut = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response, parse_http=True):
            n += 1
            uri = record.headers.get("WARC-Target-URI") or f"record {n}"
            where = f"{source}#{uri}"
            payload = record.reader.read(limit + 1)
            if len(payload) < record.content_length:
                cut += 1
                yield InputError(where, Code.E009, detail=f"record cut short: {len(payload)} of {record.content_length} bytes")
                continue
            http = record.http_headers
            ctype = (http.get("Content-Type") if http is not None else "") or ""
            if "html" not in ctype.lower():
                continue
            status = http.status_code if http is not None else 200
            if status and status >= 400:
                continue
            charset = ctype.split("charset=")[-1].strip() if "charset=" in ctype else None
            try:
                html = decode(payload, where, declared=charset)
                art = read_html(html, where, article_id=content_id(uri, payload), kind="warc", url=uri)
            except InputError as e:
                yield e
                continue
            produced += 1
            yield art
    except Exception as e:  # fastwarc raises plain exceptions on truncated streams  # pragma: no cover
        yield InputError(source, Code.E009, detail=str(e) or type(e).__name__)
        return
    if cut:
        return
    if not data.rstrip(b" ").endswith((b"\r\n\r\n", b"\n\n")):  # every record ends with an empty line
        yield InputError(source, Code.E009, detail="the file ends inside a record (truncated)")
    elif n == 0 or produced == 0:
        yield InputError(source, Code.E009, detail="no readable HTML response records")
