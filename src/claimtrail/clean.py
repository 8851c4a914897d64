"""Stage 2, clean: separate the article body from page clutter (near-duplicates: dedupe.py).

Clutter is marked, never removed: each clutter span is ``(start, end, kind)`` in the original
text, kinds: teaser, newsletter, navigation, disclaimer, share, caption, metadata, boilerplate.
The rules are line-based and use two kinds of evidence:

1. language data (``lang/*/clutter.yaml``): teaser headings, newsletter and share phrases, ...
2. language-independent signals: datelines of other stories ("BASEL (ANP) -") after the article's
   own, relative times ("35 minuten geleden"), runs of short menu-like lines, breadcrumbs, e-mail
   addresses in short lines, lines made only of dates.

For HTML, trafilatura's main-text extraction is a third signal: page lines it leaves out are clutter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from . import lang as langdata
from .dates import find_dates, patterns
from .model import Article, Span

# Thresholds. Calibrated on the bundled examples and ../shared/eval/seeds; after a change re-run
# `pytest tests/test_clean.py` and compare the body/clutter spans of the examples by eye.
SHORT_LINE_WORDS = 3  # a menu item has at most this many words
NAV_RUN_MIN = 3  # this many consecutive short lines form a menu
PROMPT_MAX_WORDS = 12  # newsletter plugs, share prompts and metadata lines are short
DISCLAIMER_MAX_WORDS = 40
TEASER_HEADING_MAX_WORDS = 6
TEASER_ITEM_MAX_WORDS = 18  # a teaser item without a dateline is a headline-length line
PROSE_MIN_WORDS = 8  # a body paragraph line has at least this many words
LEAD_MIN_WORDS = 4  # text after a leading date is the lead if it ends as a sentence and has this many words

DATELINE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]{1,40}?)\s*(?:,\s*[\w .]{2,30})?\s*\((?:[A-Za-z]{2,12}(?:\s*[/,]\s*[A-Za-z]{2,12})*)\)\s*[-–—]"
)
BREADCRUMB = re.compile(r"^[\w' .-]{1,30}(?:\s*(?:->|>|»|›|/|\|)\s*[\w' .-]{1,30}){1,6}$")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?…:\"'”’]\s*$")
# what may follow a page's date before its lead text: separators, a clock time ("14:05", "09.30")
DATE_FURNITURE = re.compile(r"[\s|·•,:;/–—-]*(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?!\d)[\s|·•,;/–—-]*)?")


@dataclass(frozen=True)
class ClutterRules:
    teaser_heading: re.Pattern
    relative_start: re.Pattern
    newsletter: re.Pattern
    share: re.Pattern
    disclaimer: re.Pattern
    caption: re.Pattern
    metadata: re.Pattern
    navigation: frozenset[str]
    languages: tuple[str, ...]


def _alt(words: list[str]) -> str:
    words = sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True)
    if not words:
        return r"(?!x)x"  # an empty group must match nothing, not everything
    return "|".join(re.escape(w) for w in words)


@cache
def rules(languages: tuple[str, ...]) -> ClutterRules:
    def words(key: str) -> list[str]:
        out: list[str] = []
        for code in languages:
            out += langdata.load(code).words("clutter", key)
        return out

    rel = "|".join(f"(?:{r})" for r in words("relative_time")) or r"(?!x)x"
    return ClutterRules(
        teaser_heading=re.compile(rf"^(?:{_alt(words('teaser_headings'))})\b", re.I),
        relative_start=re.compile(rf"^(?:{rel})", re.I),
        newsletter=re.compile(rf"(?<!\w)(?:{_alt(words('newsletter'))})", re.I),
        share=re.compile(rf"^(?:{_alt(words('share'))})", re.I),
        disclaimer=re.compile(rf"(?<!\w)(?:{_alt(words('disclaimer'))})", re.I),
        caption=re.compile(rf"^(?:{_alt(words('caption'))})|(?:©|\(c\))\s*\w+\s*$", re.I),
        metadata=re.compile(rf"^(?:{_alt(words('metadata'))})", re.I),
        navigation=frozenset(w.lower() for w in words("navigation")),
        languages=languages,
    )


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str
    words: int
    kind: str | None = None  # clutter kind, None for body

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.rstrip("\r")
        lead = len(stripped) - len(stripped.lstrip())
        content = stripped.strip()
        s = pos + lead
        out.append(Line(s, s + len(content), content, len(WORD.findall(content))))
        pos = end + 1
    return out


def lines_between(lines: list[Line], text: str, a: int, b: int) -> Iterator[Line]:
    """The non-blank lines of ``text[a:b]`` as ``split_lines(text[a:b])`` finds them, taken from
    ``lines`` (``split_lines(text)``) instead of splitting again; lines that ``a`` or ``b`` cut are
    clipped. Offsets stay those of ``text``."""
    for ln in lines[bisect.bisect_right(lines, a, key=lambda ln: ln.end) :]:
        if ln.start >= b:
            break
        if ln.blank:
            continue
        if a <= ln.start and ln.end <= b:
            yield ln
            continue
        lo = max(a, ln.start)
        piece = text[lo : min(b, ln.end)]
        content = piece.strip()
        if content:
            s = lo + len(piece) - len(piece.lstrip())
            yield Line(s, s + len(content), content, len(WORD.findall(content)))


def _is_date_line(line: Line, r: ClutterRules) -> bool:
    """A line that is mostly a date: '28-10-2024', 'Bijgewerkt: 28 november 2024', ' date 2024-10 ...'."""
    dates = find_dates(line.text, r.languages)
    if not dates:
        return False
    first = dates[0]
    p = patterns(r.languages)
    head = line.text[: first.start]
    labelled = bool(p.published.search(head) or p.updated.search(head))
    if first.start == 0 or (labelled and len(WORD.findall(head)) <= 3):
        return len(split_leading_date(line, r)) == 1  # a date that opens a sentence of the story is body
    covered = sum(d.end - d.start for d in dates)
    return covered >= 0.5 * len(line.text)


def split_leading_date(line: Line, r: ClutterRules) -> list[Line]:
    """A line that opens with the page's date (' date 2023-10 ...', '12 oktober 2023 14:05 ...') and
    runs on into the lead text: the date part (with its label, clock time and further dates) and the
    lead as two lines, so the date is metadata and the lead stays body. Any other line: unchanged."""
    dates = find_dates(line.text, r.languages)
    if not dates:
        return [line]
    p = patterns(r.languages)
    head = line.text[: dates[0].start]
    if head.strip() and not ((p.published.search(head) or p.updated.search(head)) and len(WORD.findall(head)) <= 3):
        return [line]
    end = dates[0].end
    for d in dates[1:]:  # "12 oktober 2023 14:05 | bijgewerkt 13 oktober 2023"
        between = line.text[end : d.start]
        if not DATE_FURNITURE.fullmatch(p.published.sub("", p.updated.sub("", between))):
            break
        end = d.end
    end += DATE_FURNITURE.match(line.text, end).end() - end
    lead = line.text[end:]
    n = len(WORD.findall(lead))
    prose = n >= LEAD_MIN_WORDS and SENTENCE_END.search(lead)
    if not prose or not lead[:1].isalnum() and lead[:1] not in "\"'“‘„«":
        return [line]  # a rest that is no sentence ("ANP Poetin in Kazan") is a caption or credit: furniture too
    date_text = line.text[:end].rstrip()
    start = line.start + end
    return [Line(line.start, line.start + len(date_text), date_text, len(WORD.findall(date_text))),
            Line(start, line.end, lead, len(WORD.findall(lead)))]


def split_leading_dates(lines: list[Line], r: ClutterRules) -> list[Line]:
    """``split_leading_date`` on the lines above the first prose paragraph (the page head); a date
    that opens a paragraph further down belongs to the story."""
    out: list[Line] = []
    in_head = True
    for ln in lines:
        if not in_head or ln.blank:
            out.append(ln)
            continue
        parts = split_leading_date(ln, r)
        out += parts
        in_head = len(parts) == 1 and not (ln.words >= PROSE_MIN_WORDS and not _is_date_line(ln, r))
    return out


def classify_line(line: Line, r: ClutterRules) -> str | None:
    t = line.text
    low = t.lower()
    n = line.words
    if n <= TEASER_HEADING_MAX_WORDS and r.teaser_heading.match(low) and not t.endswith("."):
        return "teaser-heading"
    if r.relative_start.match(low):
        return "teaser"
    if n <= PROMPT_MAX_WORDS and r.share.match(low):
        return "share"
    if n <= PROMPT_MAX_WORDS + 3 and r.newsletter.search(low):
        return "newsletter"
    if n <= DISCLAIMER_MAX_WORDS and r.disclaimer.search(low):
        return "disclaimer"
    if n <= PROMPT_MAX_WORDS + 3 and EMAIL.search(t):
        return "disclaimer"
    if n <= PROMPT_MAX_WORDS * 2 and r.caption.search(low):
        return "caption"
    if _is_date_line(line, r):
        return "metadata"
    if n <= PROMPT_MAX_WORDS and r.metadata.match(low):
        return "metadata"
    if low.strip(" .:|") in r.navigation:
        return "navigation"
    if n <= 12 and BREADCRUMB.match(t) and not SENTENCE_END.search(t):
        return "navigation"
    return None


def _is_short(line: Line) -> bool:
    return 0 < line.words <= SHORT_LINE_WORDS and not SENTENCE_END.search(line.text)


def classify(text: str, languages: tuple[str, ...], main_text: str | None = None, title: str | None = None) -> list[Line]:
    r = rules(languages)
    lines = split_leading_dates(split_lines(text), r)
    content = [ln for ln in lines if not ln.blank]
    for ln in content:
        ln.kind = classify_line(ln, r)

    # Datelines: the first one opens the article; a later one starts another story (a teaser).
    seen_dateline = False
    for ln in content:
        if ln.kind is None and DATELINE.match(ln.text):
            if seen_dateline:
                ln.kind = "teaser"
            seen_dateline = True

    # A teaser heading opens a list that runs on while lines look like teasers.
    in_teasers = False
    for ln in content:
        if ln.kind == "teaser-heading":
            in_teasers, ln.kind = True, "teaser"
            continue
        if in_teasers:
            if ln.kind is not None and ln.kind != "teaser":
                in_teasers = False
                continue
            if ln.kind == "teaser" or ln.words <= TEASER_ITEM_MAX_WORDS:
                ln.kind = "teaser"
            else:
                in_teasers = False

    # Section labels above the headline ("Binnenland", "Zeeland") are navigation.
    for ln in content:
        if ln.words >= 4 or ln.kind not in (None, "navigation"):
            break
        if ln.kind is None and _is_short(ln) and ln.words <= 2:
            ln.kind = "navigation"

    # Runs of short menu-like lines are navigation.
    run: list[Line] = []
    for ln in content + [Line(0, 0, "", 0, "end")]:
        if ln.kind is None and _is_short(ln) or ln.kind == "navigation":
            run.append(ln)
            continue
        if len(run) >= NAV_RUN_MIN:
            for x in run:
                x.kind = "navigation"
        run = []

    # The page footer: after the last prose line, once clutter starts, short lines are clutter.
    prose = [i for i, ln in enumerate(content) if ln.kind is None and ln.words >= PROSE_MIN_WORDS]
    if prose:
        tail = content[prose[-1] + 1 :]
        started = False
        for ln in tail:
            if ln.kind is not None:
                started = True
            elif started and ln.words <= PROMPT_MAX_WORDS:
                ln.kind = "navigation"

    # HTML: page lines outside trafilatura's main text are boilerplate unless the title.
    if main_text is not None:
        main = _norm(main_text)
        keep_title = _norm(title or "")
        for ln in content:
            if ln.kind is None:
                n = _norm(ln.text)
                if n and n not in main and n != keep_title:
                    ln.kind = "boilerplate"
    return lines


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def spans(text: str, lines: list[Line]) -> tuple[list[Span], list[Span]]:
    """Body spans (runs of body lines, blank lines inside a run included) and clutter spans."""
    body: list[Span] = []
    clutter: list[Span] = []
    for ln in lines:
        if ln.blank:
            continue
        if ln.kind is None:
            if body and _only_blank_between(lines, body[-1].end, ln.start, text):
                body[-1].end = ln.end
            else:
                body.append(Span(ln.start, ln.end))
        else:
            if clutter and clutter[-1].kind == ln.kind and _only_blank_between(lines, clutter[-1].end, ln.start, text):
                clutter[-1].end = ln.end
            else:
                clutter.append(Span(ln.start, ln.end, ln.kind))
    return body, clutter


def _only_blank_between(lines: list[Line], a: int, b: int, text: str) -> bool:
    return not text[a:b].strip()


def clean(article: Article, languages: tuple[str, ...]) -> Article:
    """Set ``article.body`` and ``article.clutter`` (in place) and return the article."""
    lines = classify(article.text, languages, article.hints.get("body_text"), article.hints.get("title"))
    article.body, article.clutter = spans(article.text, lines)
    return article

