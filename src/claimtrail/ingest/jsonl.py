"""JSON Lines in news-please's layout: title, maintext, date_publish, url, source_domain, language."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import Code, InputError
from ..model import Article, content_id
from .decode import decode


def read_jsonl(data: bytes, source: str) -> Iterator[Article | InputError]:
    text = decode(data, source)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, Code.E007, line=n, detail=e.msg)
            continue
        if not isinstance(obj, dict):
            yield InputError(where, Code.E007, line=n, detail=type(obj).__name__)
            continue
        body = obj.get("maintext") or obj.get("text") or ""
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, Code.E008, line=n)
            continue
        title = obj.get("title") if isinstance(obj.get("title"), str) else None
        # The article text is the headline and the main text, as a reader sees them.
        art_text = f"{title.strip()}\n\n{body}" if title and title.strip() else body
        art = Article(
            id=content_id(obj.get("url") or "", art_text),
            text=art_text,
            source=where,
            kind="jsonl",
            url=obj.get("url"),
        )
        art.hints = {k: v for k, v in {
            "title": title,
            "date": obj.get("date_publish"),
            "updated": obj.get("date_modify"),
            "sitename": obj.get("source_domain"),
            "language": obj.get("language"),
        }.items() if isinstance(v, str) and v.strip()}
        yield art
