"""Date expressions in page text: our own patterns find candidates, dateparser parses them.

Patterns are built once per language set from ``lang/*/dates.yaml`` (month names, labels).
A match knows its precision: a day ("2024-10-24") or a month ("2024-10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

import dateparser

from . import lang as langdata

PARSER_LANGUAGES = ["nl", "en"]  # dateparser's languages; extended by the configured ones it knows


@dataclass(slots=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str  # "YYYY-MM-DD" or "YYYY-MM"
    relative: bool = False


def _alt(words: list[str]) -> str:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        raise ValueError("empty word group")
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class DatePatterns:
    day: re.Pattern
    month: re.Pattern
    relative: re.Pattern
    published: re.Pattern
    updated: re.Pattern
    languages: tuple[str, ...]


@cache
def patterns(languages: tuple[str, ...]) -> DatePatterns:
    months: list[str] = []
    pub: list[str] = []
    upd: list[str] = []
    rel: list[str] = []
    wd: list[str] = []
    sfx: list[str] = []
    for code in languages:
        d = langdata.load(code)
        months += list((d.get("dates", "months", {}) or {}).keys())
        pub += d.words("dates", "published_labels")
        upd += d.words("dates", "updated_labels")
        rel += d.words("dates", "relative")
        wd += d.words("dates", "weekdays")
        sfx += d.words("dates", "day_suffixes")
    m = _alt(months)
    w = rf"(?:(?:{_alt(wd)})\.?,?\s+)?"
    day = re.compile(
        rf"(?<![\w/.-])(?:"
        rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:T[\d:.+Z-]+)?"  # ISO
        rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}"  # 24/10/2024, 28-10-2024
        rf"|{w}\d{{1,2}}\.?\s+(?:{m})\.?,?\s+\d{{4}}"  # 9 May 2025, dinsdag 28 november 2024
        rf"|{w}(?:{m})\.?\s+\d{{1,2}}(?:{_alt(sfx) if sfx else '(?!x)x'})?,?\s+\d{{4}}"  # Oct. 24, 2024; Oct. 24th, 2024
        rf")(?![\w/-])",
        re.IGNORECASE,
    )
    month = re.compile(rf"(?<![\w/.-])(?:\d{{4}}-(?:0?[1-9]|1[0-2])(?![\d-])|(?:{m})\.?\s+\d{{4}}(?!\d))", re.IGNORECASE)
    relative = re.compile(rf"(?<!\w)(?:{'|'.join(rel)})(?!\w)", re.IGNORECASE)
    # A label may follow a time with no space ("10:43Gewijzigd op"), so only a letter may precede it.
    published = re.compile(rf"(?<![^\W\d_])(?:{_alt(pub)})\s*:?\s*$", re.IGNORECASE)
    updated = re.compile(rf"(?<![^\W\d_])(?:{_alt(upd)})\s*:?\s*$", re.IGNORECASE)
    return DatePatterns(day, month, relative, published, updated, languages)


@lru_cache(maxsize=20_000)
def _parse(text: str, languages: tuple[str, ...], reference: datetime | None = None) -> datetime | None:
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = reference
    langs = sorted(set(PARSER_LANGUAGES) | set(languages))
    try:
        return dateparser.parse(text, languages=langs, settings=settings)
    except (ValueError, OverflowError, KeyError):
        return None


def find_dates(line: str, languages: tuple[str, ...], reference: datetime | None = None, offset: int = 0) -> list[DateMatch]:
    """All absolute dates in ``line`` (and relative ones when a reference time is given)."""
    p = patterns(languages)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for m in p.day.finditer(line):
        txt = re.sub(r"T[\d:.+Z-]+$", "", m.group(0))
        dt = _parse(txt, languages)
        if dt and 1900 <= dt.year <= 2100:
            found.append(DateMatch(m.start() + offset, m.end() + offset, m.group(0), dt.strftime("%Y-%m-%d")))
            taken.append(m.span())
    for m in p.month.finditer(line):
        if any(a <= m.start() < b for a, b in taken):
            continue
        dt = _parse(m.group(0), languages)
        if dt is None:
            mm = re.fullmatch(r"(\d{4})-(\d{1,2})", m.group(0))
            dt = datetime(int(mm.group(1)), int(mm.group(2)), 1) if mm else None
        if dt and 1900 <= dt.year <= 2100:
            found.append(DateMatch(m.start() + offset, m.end() + offset, m.group(0), dt.strftime("%Y-%m")))
            taken.append(m.span())
    if reference is not None:
        for m in p.relative.finditer(line):
            if any(a <= m.start() < b for a, b in taken):
                continue
            dt = _parse(m.group(0), languages, reference)
            if dt:
                found.append(DateMatch(m.start() + offset, m.end() + offset, m.group(0), dt.strftime("%Y-%m-%d"), relative=True))
    found.sort(key=lambda d: d.start)
    return found


def label_before(line: str, pos: int, languages: tuple[str, ...]) -> str | None:
    """'published', 'updated' or None: the label written just before position ``pos`` of ``line``."""
    p = patterns(languages)
    head = line[max(0, pos - 40) : pos]
    if p.updated.search(head):
        return "updated"
    if p.published.search(head):
        return "published"
    return None


def normalise(value: str | None, languages: tuple[str, ...]) -> str | None:
    """A structured date string (meta tag, feed, JSONL) as "YYYY-MM-DD"."""
    if not value:
        return None
    v = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        return m.group(0)
    dt = _parse(v, languages)
    return dt.strftime("%Y-%m-%d") if dt and 1900 <= dt.year <= 2100 else None


def day_number(date: str | None) -> int | None:
    """A day count for comparing ISO dates ("2024-10-28"; a month, "2024-10", counts as its 15th):
    31-day months, so differences are days give or take a few; None for no or a malformed date."""
    if not date or len(date) < 7:
        return None
    try:
        y, m = int(date[:4]), int(date[5:7])
        d = int(date[8:10]) if len(date) >= 10 else 15
    except ValueError:
        return None
    return y * 372 + m * 31 + d
