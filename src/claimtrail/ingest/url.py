"""http(s) URLs (httpx): a page or a feed, fetched with a timeout and a size limit."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

from ..errors import Code, InputError
from ..model import Article, content_id
from .decode import decode
from .feed import read_feed
from .html import read_html
from .netguard import client_options

USER_AGENT = "claimtrail/0.1 (+https://github.com/claimtrail)"


def fetch(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """The body and content type; ``timeout`` bounds each wait and the whole download (a server that
    sends a byte every few seconds is cut off at the deadline, not waited on forever)."""
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}, **client_options()) as client:
            with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise InputError(url, Code.E010, detail=f"HTTP {resp.status_code}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("total deadline")
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(url, Code.E003, limit=max_bytes)
                    chunks.append(chunk)
                return b"".join(chunks), resp.headers.get("content-type", "")
    except httpx.TimeoutException:
        raise InputError(url, Code.E010, detail=f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as e:
        raise InputError(url, Code.E010, detail=str(e) or type(e).__name__) from None


def read_url(url: str, timeout: float, max_bytes: int) -> Iterator[Article | InputError]:
    data, ctype = fetch(url, timeout, max_bytes)
    lowered = ctype.lower()
    head = data[:500].lstrip().lower()
    if any(x in lowered for x in ("rss", "atom", "/xml")) or head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head):
        yield from read_feed(data, url)
        return
    charset = lowered.split("charset=")[-1].strip() if "charset=" in lowered else None
    text = decode(data, url, declared=charset)
    if "html" in lowered or "<html" in text[:2000].lower():
        yield read_html(text, url, article_id=content_id(url, data), kind="url", url=url)
    else:
        yield Article(id=content_id(url, data), text=text, source=url, kind="url", url=url)
