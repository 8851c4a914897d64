"""HTML pages: the page's visible text becomes ``Article.text``; the raw HTML is kept.

The text is rendered deterministically from the DOM (block elements start new lines, scripts and
styles are dropped), so every offset can be shown against the page. trafilatura decides which of
those lines are the article body; the rest is marked as clutter by ``clean``.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from ..errors import Code, InputError
from ..model import Article

SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "canvas", "select", "button"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "time", "caption", "menu",
}
PARSER = lxml.html.HTMLParser(huge_tree=True)  # libxml2 otherwise drops everything below depth 256
MAX_DEPTH = 400  # deeper trees are flattened: the text is kept, the structure below this depth is not
WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def visible_text(root: etree._Element) -> str:
    """Render the visible text: one line per block, single spaces inside lines."""
    lines: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        line = WS.sub(" ", "".join(cur)).strip()
        if line:
            lines.append(line)
        cur.clear()

    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    depth_of: dict[int, int] = {id(root): 0}
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.split("}")[-1].lower()
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            if node.tail:
                cur.append(node.tail)
            continue
        if not isinstance(node.tag, str) or tag in SKIP_TAGS:
            if node.tail:
                cur.append(node.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        if tag == "br":
            flush()
        if node.text:
            cur.append(node.text)
        stack.append((node, True))
        depth = depth_of.pop(id(node), 0)
        children = list(node)
        if depth >= MAX_DEPTH:
            for child in children:
                cur.append(" ".join(child.itertext()))
            continue
        for child in reversed(children):
            depth_of[id(child)] = depth + 1
            stack.append((child, False))
    flush()
    return "\n\n".join(lines) + ("\n" if lines else "")


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "param"}
FLATTEN_DEPTH = 200  # libxml2 drops content nested deeper than this; such pages are flattened first
LAYOUT_TAGS = re.compile(r"</?(?:div|span|section|article|main|aside|font|center|table|tbody|thead|tr|td|th|ul|ol|li|b|i|u|em|strong|a|nav|header|footer|figure)\b[^>]*>", re.I)


def nesting_depth(html: str) -> int:
    depth = best = 0
    for m in TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if name in VOID or selfclose:
            continue
        depth += -1 if closing else 1
        best = max(best, depth)
    return best


def parse_html(html: str, source: str) -> etree._Element:
    if nesting_depth(html) > FLATTEN_DEPTH:
        html = LAYOUT_TAGS.sub(" ", html)  # keep the text and paragraphs, drop the layout nesting
    try:
        root = lxml.html.document_fromstring(html, parser=PARSER)
    except (etree.ParserError, ValueError) as e:
        raise InputError(source, Code.E005, detail=str(e) or "cannot parse") from None
    return root


def read_html(html: str, source: str, article_id: str, kind: str = "html", url: str | None = None) -> Article:
    root = parse_html(html, source)
    text = visible_text(root.find("body") if root.find("body") is not None else root)
    if not text.strip():
        raise InputError(source, Code.E012)
    hints: dict = {}
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    if doc is not None:
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        hints = {
            "title": d.get("title"),
            "date": d.get("date"),
            "sitename": d.get("sitename"),
            "language": d.get("language"),
            "body_text": d.get("text") or "",
        }
    hints.update(meta_dates(root))
    hints = {k: v for k, v in hints.items() if v}
    art = Article(id=article_id, text=text, source=source, kind=kind, raw=html, url=url or hints.get("url"))
    art.hints = hints
    return art


META_PUBLISHED = ("article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date", "dcterms.created")
META_MODIFIED = ("article:modified_time", "dateModified", "og:updated_time", "lastmod", "dcterms.modified")


def meta_dates(root: etree._Element) -> dict:
    """Publication and update dates from <meta> and <time> tags (the page's own claims)."""
    found: dict = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip()
        content = (m.get("content") or "").strip()
        if not content:
            continue
        if key in META_PUBLISHED and "meta_published" not in found:
            found["meta_published"] = content
        elif key in META_MODIFIED and "meta_updated" not in found:
            found["meta_updated"] = content
    if "meta_published" not in found:
        for t in root.iter("time"):
            if t.get("datetime") and (t.get("itemprop") in (None, "datePublished") or "pub" in (t.get("class") or "")):
                found["meta_published"] = t.get("datetime")
                break
    return found
