"""JSON Lines in news-please's layout: title, maintext, date_publish, url, source_domain, language.

Each line stands alone: a line that is not JSON, nests too deep, holds an integer too long to read
or gives a field of the wrong type is one coded error, and the next line is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..errors import Code, InputError
from ..model import Article, content_id
from .decode import decode

TEXT_FIELDS = ("maintext", "text", "title", "url", "date_publish", "date_modify", "source_domain", "language")
SURROGATE = re.compile("[\ud800-\udfff]")


def _load(line: str, where: str, n: int) -> dict | InputError:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(where, Code.E007, line=n, detail=e.msg)
    except RecursionError:
        return InputError(where, Code.E007, line=n, detail="nested too deeply")
    except ValueError as e:  # an integer of thousands of digits
        return InputError(where, Code.E007, line=n, detail=str(e).split(";")[0][:100])
    if not isinstance(obj, dict):
        return InputError(where, Code.E007, line=n, detail=type(obj).__name__)
    for key in TEXT_FIELDS:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            return InputError(where, Code.E025, line=n, field=key, want="a string", got=type(v).__name__)
        if v and SURROGATE.search(v):  # a lone surrogate cannot be stored or printed; one character for one keeps offsets
            obj[key] = SURROGATE.sub("\ufffd", v)
    return obj


def read_jsonl(data: bytes, source: str) -> Iterator[Article | InputError]:
    text = decode(data, source)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        obj = _load(line, where, n)
        if isinstance(obj, InputError):
            yield obj
            continue
        body = obj.get("maintext") or obj.get("text") or ""
        if not body.strip():
            yield InputError(where, Code.E008, line=n)
            continue
        title = obj.get("title")
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
