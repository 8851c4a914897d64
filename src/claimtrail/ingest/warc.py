"""WARC files (fastwarc): every HTML response record becomes an article."""

from __future__ import annotations

import io
from collections.abc import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..errors import Code, InputError
from ..model import Article, content_id
from .decode import decode
from .html import read_html


def read_warc(data: bytes, source: str) -> Iterator[Article | InputError]:
    n = produced = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response, parse_http=True):
            n += 1
            uri = record.headers.get("WARC-Target-URI") or f"record {n}"
            where = f"{source}#{uri}"
            http = record.http_headers
            ctype = (http.get("Content-Type") if http is not None else "") or ""
            if "html" not in ctype.lower():
                continue
            status = http.status_code if http is not None else 200
            if status and status >= 400:
                continue
            payload = record.reader.read()
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
    if n == 0 or produced == 0:
        yield InputError(source, Code.E009, detail="no readable HTML response records")
