"""RSS and Atom feeds (feedparser): one article per entry, from its full content or summary."""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from ..errors import Code, InputError
from ..model import Article, content_id
from .html import read_html


def _entry_date(entry, key: str) -> str | None:
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning
    parsed = dict.get(entry, f"{key}_parsed")
    if parsed:
        return time.strftime("%Y-%m-%d", parsed)
    return dict.get(entry, key)


def _updated(entry) -> str | None:
    """The update date only when the feed gives one apart from the publication date."""
    published, updated = dict.get(entry, "published"), dict.get(entry, "updated")
    if not published or not updated or updated == published:
        return None
    return _entry_date(entry, "updated")


def read_feed(data: bytes, source: str) -> Iterator[Article | InputError]:
    parsed = feedparser.parse(data)
    usable = [e for e in parsed.entries if e.get("content") or e.get("summary") or e.get("description")]
    if parsed.bozo and not usable:
        detail = str(getattr(parsed, "bozo_exception", "")) or "not RSS or Atom"
        raise InputError(source, Code.E006, detail=detail.splitlines()[0][:200])
    if not parsed.entries:
        raise InputError(source, Code.E006, detail="no entries")
    site = (parsed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{n}"
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        html = html or entry.get("summary", "") or entry.get("description", "")
        title = (entry.get("title") or "").strip()
        if not html.strip():
            yield InputError(where, Code.E006, detail="entry has no content or summary")
            continue
        page = f"<html><body><article><h1>{_escape(title)}</h1>{html}</article></body></html>"
        try:
            art = read_html(page, where, article_id="", kind="feed", url=entry.get("link"))
        except InputError as e:
            yield e
            continue
        art.id = content_id(entry.get("id") or entry.get("link") or "", art.text)
        art.raw = html
        art.hints.update(
            {k: v for k, v in {
                "title": title or None,
                "date": _entry_date(entry, "published"),
                "updated": _updated(entry),
                "sitename": site,
                "body_text": None,  # the entry is all article: no page clutter to separate
            }.items()}
        )
        art.hints = {k: v for k, v in art.hints.items() if v}
        yield art


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
