"""Stage 4, metadata: language, publication and update dates, outlet, wire agencies, headline.

Dates come from what the page says, never from the clock. The publication date is, in this order:
structured metadata given by the container (meta tags, feed entries, JSONL fields); a labelled line
("Gepubliceerd op ...", "date 2023-10"); a line of page furniture that is only a date (or the date
split off the lead, see ``clean.split_leading_date``); the date in the dateline ("BRUSSEL, 12
oktober 2023 (ANP) -"); trafilatura's guess for an HTML page; a short unlabelled line of the body;
and, when the page gives nothing, a full date inside a quoted statement. Dates told inside the
story come last, so an incident of 2017 does not date an article of 2019. Teaser lists and other
clutter are never used.

The article's text is split into lines once (``annotate``); each finder reads those lines, or the
ones inside its spans (``clean.lines_between``).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

from . import lang as langdata
from .actors import Registry
from .clean import DATELINE, Line, lines_between, split_lines
from .dates import find_dates, label_before, normalise, patterns
from .model import Article

META_LINE_MAX_WORDS = 14  # body lines longer than this are prose, not date or byline lines
QUOTES = "\"“”„«»‘’'"
DOMAIN = re.compile(r"(?<![@\w.-])((?:[a-z0-9-]+\.)+(?:nl|com|be|org|net|eu|de|fr|info|nu|news|co\.uk|uk|io))\b", re.I)
EMAIL_DOMAIN = re.compile(r"@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)
AGENCY_GROUP = re.compile(r"\(([A-Za-z]{2,12}(?:\s*[/,]\s*[A-Za-z]{2,12})*)\)[*_]*\s*[-–—]")
TITLE_MAX_PROSE_WORDS = 5  # a line ending in a full stop and longer than this is prose, not a headline
TITLE_MAX_WORDS = 25  # a longer line is a paragraph, whatever its punctuation
HEAD_CHARS = 1000  # the dateline of an article is in its first thousand characters
CLUTTER_FOR_DATES = {"teaser", "navigation", "newsletter", "share", "disclaimer", "caption", "boilerplate"}
LANGUAGE_SAMPLE_CHARS = 3000
GUESSED_DATE_KINDS = {"html", "url", "warc"}  # their "date" hint is trafilatura's guess, not the container's
# ranks of a publication date by where it was found (lower wins; the first in the text breaks a tie)
LABELLED, FURNITURE, DATELINE_DATE, GUESSED, BODY_LINE = range(5)


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


def find_dates_in_page(article: Article, lines: list[Line], languages: tuple[str, ...],
                       reference: datetime | None) -> tuple[dict[int, str], str | None]:
    """Publication date candidates by rank (see the module's docstring) and the update date."""
    kinds = [(c.start, c.end, c.kind) for c in article.clutter]

    def clutter_kind(pos: int) -> str | None:
        for a, b, k in kinds:
            if a <= pos < b:
                return k
        return None

    published: dict[int, str] = {}  # rank -> first date of that rank
    updated = None
    for ln in lines:
        if ln.blank:
            continue
        kind = clutter_kind(ln.start)
        if kind in CLUTTER_FOR_DATES:
            continue
        line = ln.text
        dateline = kind is None and DATELINE.match(line)
        if dateline:
            line = line[: dateline.end()]
        elif kind is None and ln.words > META_LINE_MAX_WORDS:
            continue
        for d in find_dates(line, languages, reference):
            label = label_before(line, d.start, languages)
            if d.relative and label is None:
                continue  # an unlabelled "3 hours ago" is a teaser stamp, not this page's date
            if label == "updated":
                updated = updated or d.value
                continue
            rank = LABELLED if label else FURNITURE if kind == "metadata" else DATELINE_DATE if dateline else BODY_LINE
            published.setdefault(rank, d.value)
    return published, updated


def _best(found: dict[int, str]) -> str | None:
    return found[min(found)] if found else None


def quoted_body_date(article: Article, lines: list[Line], languages: tuple[str, ...]) -> str | None:
    """A full date said inside a quoted statement ("... aldus Rutte op 28 oktober 2024 in Brussel")."""
    for span in article.body:
        for ln in lines_between(lines, article.text, span.start, span.end):
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


@cache
def _source_line(languages: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """A line naming the sources ("Bron: ANP, Reuters", clutter.yaml's source_labels) and what separates them
    (punctuation and the languages' conjunctions: "ANP en Reuters")."""
    labels, joins = [], []
    for code in languages:
        d = langdata.load(code)
        labels += d.words("clutter", "source_labels")
        joins += d.words("reporting", "conjunctions")
    line = "|".join(re.escape(w) for w in dict.fromkeys(labels)) or r"(?!x)x"
    return (re.compile(rf"^(?:{line})\s*:\s*(.+)$", re.I),
            re.compile("|".join([r"[/,;]"] + [f" {re.escape(w)} " for w in dict.fromkeys(joins)])))


def find_agencies(article: Article, lines: list[Line], registry: Registry,
                  languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES) -> list[str]:
    """Wire agencies and source organisations named in the dateline, byline or a 'Bron:' line."""
    index = _agency_index(registry)
    source_line, source_split = _source_line(languages)
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
        for ln in lines_between(lines, article.text, a, b):
            m = AGENCY_GROUP.search(ln.text[:120])
            if m and (DATELINE.match(ln.text.lstrip("*_")) or m.start() < 60):
                for tok in re.split(r"[/,]", m.group(1)):
                    add(tok)
            src = source_line.match(ln.text)
            if src:
                for tok in source_split.split(src.group(1)):
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


def find_title(article: Article, languages: tuple[str, ...] = langdata.DEFAULT_LANGUAGES, lines: list[Line] | None = None) -> str | None:
    """The page's headline: the container's title (meta tags, feed, JSONL) unless it is page
    furniture (a menu item, "Page last updated at ..."), else the first headline-like body line.
    ``lines``: ``split_lines(article.text)`` when the caller has them."""
    lines = split_lines(article.text) if lines is None else lines
    hint = str(article.hints.get("title") or "").strip()
    if hint and not _is_furniture_title(article, lines, hint, languages):
        return hint
    heads = [ln for span in article.body for ln in lines_between(lines, article.text, span.start, span.end)]
    for ln in sorted(heads, key=lambda ln: not ln.text.startswith("# ")):  # a Markdown headline first
        if _is_headline(ln.text, ln.words, languages):
            title = MARKUP.sub("", ln.text).strip()
            return title if len(title) <= 300 else None
    return hint or None


def _is_headline(text: str, words: int, languages: tuple[str, ...]) -> bool:
    if not 3 <= words <= TITLE_MAX_WORDS or DATELINE.match(text) or _has_date_label(text, languages):
        return False
    return not (text.endswith(".") and words > TITLE_MAX_PROSE_WORDS)


def _has_date_label(text: str, languages: tuple[str, ...]) -> bool:
    """'Page last updated at 14:05', 'Gepubliceerd: ...': a date stamp, not a headline."""
    if not (CLOCK.search(text) or find_dates(text, languages)):
        return False  # "Date set for the election" is a headline
    p = patterns(languages)
    words = text.split()
    return any(p.published.search(" ".join(words[: i + 1])) or p.updated.search(" ".join(words[: i + 1]))
               for i in range(min(len(words), 6)))


def _is_furniture_title(article: Article, lines: list[Line], title: str, languages: tuple[str, ...]) -> bool:
    """A title the page shows only as clutter (a menu item, a share prompt) or that is a date stamp."""
    if _has_date_label(title, languages):
        return True
    norm = " ".join(title.split()).lower()
    shown_in = {c.kind for c in article.clutter if norm in " ".join(article.text[c.start : c.end].split()).lower()}
    in_body = any(norm == " ".join(ln.text.split()).lower()
                  for b in article.body for ln in lines_between(lines, article.text, b.start, b.end))
    return bool(shown_in & {"navigation", "share", "newsletter", "teaser"}) and not in_body


CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
MARKUP = re.compile(r"^#+\s*|[*_]{1,3}")


def annotate(article: Article, registry: Registry, languages: tuple[str, ...], reference: datetime | None = None) -> Article:
    """Fill language, dates, outlet, agencies and title (in place) after ``clean``."""
    article.language = detect_language(article.body_text() or article.text, languages, article.hints.get("language"))
    lines = split_lines(article.text)  # once: every finder below reads these
    published, updated = find_dates_in_page(article, lines, languages, reference)
    hints = article.hints
    guessed = article.kind in GUESSED_DATE_KINDS and not hints.get("meta_published")
    hinted = normalise(hints.get("meta_published") or (None if guessed else hints.get("date")), languages)
    if guessed and (g := normalise(hints.get("date"), languages)):
        published.setdefault(GUESSED, g)
    article.published = hinted or _best(published) or quoted_body_date(article, lines, languages)
    article.updated = normalise(article.hints.get("meta_updated") or article.hints.get("updated"), languages) or updated
    article.outlet = find_outlet(article)
    article.agencies = find_agencies(article, lines, registry, languages)
    article.title = find_title(article, languages, lines)
    return article
