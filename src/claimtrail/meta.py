"""Stage 3, metadata: language, publication and update dates, outlet, wire agencies, headline.

Dates come from what the page says, never from the clock: labelled lines ("Gepubliceerd op ...",
"Bijgewerkt: ...", "Updated Oct. 24, 2024"), lines that are only a date, structured metadata given
by the container (meta tags, feed entries, JSONL fields) and, when the page gives nothing, a full
date inside a quoted statement of the body. Teaser lists and other clutter are never used.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

from .actors import Registry
from .clean import DATELINE, split_lines
from .dates import find_dates, label_before, normalise
from .model import Article

META_LINE_MAX_WORDS = 14  # body lines longer than this are prose, not date or byline lines
QUOTES = "\"“”„«»‘’'"
DOMAIN = re.compile(r"(?<![@\w.-])((?:[a-z0-9-]+\.)+(?:nl|com|be|org|net|eu|de|fr|info|nu|news|co\.uk|uk|io))\b", re.I)
EMAIL_DOMAIN = re.compile(r"@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)
AGENCY_GROUP = re.compile(r"\(([A-Za-z]{2,12}(?:\s*[/,]\s*[A-Za-z]{2,12})*)\)[*_]*\s*[-–—]")
TITLE_MAX_PROSE_WORDS = 5  # a line ending in a full stop and longer than this is prose, not a headline
HEAD_CHARS = 1000  # the dateline of an article is in its first thousand characters
SOURCE_LINE = re.compile(r"^(?:bron|source|via)\s*:\s*(.+)$", re.I)
CLUTTER_FOR_DATES = {"teaser", "navigation", "newsletter", "share", "disclaimer", "caption", "boilerplate"}
LANGUAGE_SAMPLE_CHARS = 3000


@cache
def _detector(languages: tuple[str, ...]):
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    if len(codes) == 1:
        return None
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str, languages: tuple[str, ...], hint: str | None = None) -> str | None:
    if len(languages) == 1:
        return languages[0]
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not sample.strip():
        return hint if hint in languages else None
    lang = _detector(languages).detect_language_of(sample)
    if lang is None:
        return hint if hint in languages else None
    return lang.iso_code_639_1.name.lower()


def find_dates_in_page(article: Article, languages: tuple[str, ...], reference: datetime | None) -> tuple[str | None, str | None]:
    text = article.text
    kinds = [(c.start, c.end, c.kind) for c in article.clutter]

    def clutter_kind(pos: int) -> str | None:
        for a, b, k in kinds:
            if a <= pos < b:
                return k
        return None

    published = updated = unlabelled = None
    for ln in split_lines(text):
        if ln.blank:
            continue
        kind = clutter_kind(ln.start)
        if kind in CLUTTER_FOR_DATES:
            continue
        if kind is None and ln.words > META_LINE_MAX_WORDS:
            continue
        for d in find_dates(ln.text, languages, reference):
            label = label_before(ln.text, d.start, languages)
            if d.relative and label is None:
                continue  # an unlabelled "3 hours ago" is a teaser stamp, not this page's date
            if label == "updated":
                updated = updated or d.value
            elif label == "published":
                published = published or d.value
            else:
                unlabelled = unlabelled or d.value
    published = published or unlabelled
    if published is None:
        published = quoted_body_date(article, languages)
    return published, updated


def quoted_body_date(article: Article, languages: tuple[str, ...]) -> str | None:
    """A full date said inside a quoted statement ("... aldus Rutte op 28 oktober 2024 in Brussel")."""
    for span in article.body:
        for ln in split_lines(article.text[span.start : span.end]):
            if not any(q in ln.text for q in QUOTES):
                continue
            for d in find_dates(ln.text, languages):
                if len(d.value) == 10:
                    return d.value
    return None


def find_outlet(article: Article) -> str | None:
    if article.hints.get("sitename"):
        return str(article.hints["sitename"])
    if article.url:
        host = re.sub(r"^https?://(?:www\.)?", "", article.url).split("/")[0]
        if host:
            return host
    for c in article.clutter:
        chunk = article.text[c.start : c.end]
        m = DOMAIN.search(chunk) or EMAIL_DOMAIN.search(chunk)
        if m:
            return m.group(1).lower()
    return None


def find_agencies(article: Article, registry: Registry) -> list[str]:
    """Wire agencies and source organisations named in the dateline, byline or a 'Bron:' line."""
    index = _agency_index(registry)
    found: list[str] = []

    def add(token: str, agencies_only: bool = False) -> None:
        hit = index.get(token.strip().lower())
        if hit and (hit[1] == "agency" or not agencies_only) and hit[0] not in found:
            found.append(hit[0])

    meta = [(c.start, c.end, True) for c in article.clutter if c.kind == "metadata"]
    # the dateline sits in the first body lines, after the headline and any byline
    first = article.body[0].start if article.body else 0
    head = [(b.start, min(b.end, first + HEAD_CHARS), False) for b in article.body if b.start < first + HEAD_CHARS]
    for a, b, is_meta in sorted(meta + head):
        for ln in split_lines(article.text[a:b]):
            if not ln.text:
                continue
            m = AGENCY_GROUP.search(ln.text[:120])
            if m and (DATELINE.match(ln.text.lstrip("*_")) or m.start() < 60):
                for tok in re.split(r"[/,]", m.group(1)):
                    add(tok)
            src = SOURCE_LINE.match(ln.text)
            if src:
                for tok in re.split(r"[/,;]| en | and ", src.group(1)):
                    add(tok)
            elif is_meta:
                words = CAPITALISED.findall(ln.text)
                for tok in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
                    add(tok, agencies_only=True)
    return found


CAPITALISED = re.compile(r"\b[A-Z][\w-]+")


@cache
def _agency_index(registry: Registry) -> dict[str, tuple[str, str]]:
    """alias (lower case) -> (display name, type) for agencies and organisations."""
    out: dict[str, tuple[str, str]] = {}
    for a in registry.actors():
        if a.type in ("agency", "organisation", "government", "media"):
            for alias in a.all_aliases():
                out.setdefault(alias.lower(), (a.name, a.type))
    return out


def find_title(article: Article) -> str | None:
    if article.hints.get("title"):
        return str(article.hints["title"]).strip()
    for span in article.body:
        for ln in split_lines(article.text[span.start : span.end]):
            if ln.words >= 3 and not DATELINE.match(ln.text) and not (ln.text.endswith(".") and ln.words > TITLE_MAX_PROSE_WORDS):
                title = MARKUP.sub("", ln.text).strip()
                return title if len(title) <= 300 else None
    return None


MARKUP = re.compile(r"^#+\s*|[*_]{1,3}")


def annotate(article: Article, registry: Registry, languages: tuple[str, ...], reference: datetime | None = None) -> Article:
    """Fill language, dates, outlet, agencies and title (in place) after ``clean``."""
    article.language = detect_language(article.body_text() or article.text, languages, article.hints.get("language"))
    published, updated = find_dates_in_page(article, languages, reference)
    hinted = normalise(article.hints.get("meta_published") or article.hints.get("date"), languages)
    article.published = hinted or published
    article.updated = normalise(article.hints.get("meta_updated") or article.hints.get("updated"), languages) or updated
    article.outlet = find_outlet(article)
    article.agencies = find_agencies(article, registry)
    article.title = find_title(article)
    return article
