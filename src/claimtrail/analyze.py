"""Sentences, tokens, lemmas and quotations of an article body: the built-in analyzer.

Rule-based and offline: sentence boundaries from punctuation with abbreviation data, tokens from a
regular expression, lemmas from simplemma (with the per-language ``forms`` table of irregular
inflections), quotations from quote-mark pairing with apostrophes told apart. Offsets stay in the
article's original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

import simplemma

from . import lang as langdata
from .model import Article, Sentence, Token

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*\.?|[^\w\s]", re.UNICODE)
# starts only at the first mark of a run: a run of 100,000 dots is one candidate, not 100,000
# a break after final punctuation: white space before a capital, or none between a lower-case word and a
# capitalised one ("... on the ground.Officials confirmed": pages that lost the space between paragraphs)
SENT_BREAK = re.compile(r"(?<![.!?…])([.!?…]+[\"'”’»)\]]*)(?:(\s+)(?=[\"'“‘„«(\[]?[A-ZÀ-ÖØ-Þ0-9])|(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{2}))")
OPEN_QUOTES = {"“": "”", "„": "”“", "«": "»", "‘": "’", '"': '"', "'": "'", "‚": "‘’"}
MAX_SENTENCE_CHARS = 1500  # longer spans are not sentences of prose and are cut (keeps extraction linear)
NONPROSE_MIN_CHARS = 200  # shorter sentences are always tokenized
MAX_AVERAGE_WORD = 25  # characters per space-separated word above which a long sentence is not prose
MAX_QUOTE_CHARS = 4000  # an unclosed quote mark longer than this is a stray mark, not a quotation


@dataclass(slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    speaker: object | None = None  # set by extraction: a resolved Mention


@dataclass(slots=True)
class Analysis:
    article: Article
    language: str
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _index: tuple | None = field(default=None, repr=False)  # bisect keys, built once the lists are complete

    def _keys(self) -> tuple[list[int], list[int], list[int], set[int]]:
        """Quotes and paragraphs are sorted and do not overlap: look-ups bisect instead of scanning (linear articles)."""
        if self._index is None or len(self._index[0]) != len(self.quotes) or len(self._index[2]) != len(self.paragraphs):
            self._index = ([q.start for q in self.quotes], [q.end for q in self.quotes],
                           [a for a, _ in self.paragraphs], {a for a, _ in self.paragraphs})
        return self._index

    def quote_at(self, pos: int) -> Quote | None:
        i = bisect_right(self._keys()[0], pos) - 1
        if i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        """The quotations that overlap ``[start, end)``."""
        out = []
        for q in self.quotes[bisect_right(self._keys()[1], start):]:
            if q.start >= end:
                break
            out.append(q)
        return out

    def starts_paragraph(self, pos: int) -> bool:
        return pos in self._keys()[3]

    def paragraph_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._keys()[2], pos) - 1
        return self.paragraphs[i] if i >= 0 and pos < self.paragraphs[i][1] else None


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    low = word.lower()
    forms = _forms(language)
    if low in forms:
        return forms[low]
    try:
        return simplemma.lemmatize(low, lang=language)
    except ValueError:  # language unknown to simplemma
        return low


@cache
def _forms(language: str) -> dict[str, str]:
    d = langdata.load(language)
    return {str(k).lower(): str(v) for k, v in (d.get("reporting", "forms", {}) or {}).items()}


@cache
def abbreviations(language: str) -> frozenset[str]:
    return frozenset(str(a).lower() for a in langdata.load(language).get("text", "abbreviations", []) or [])


def tokenize(text: str, offset: int, language: str) -> list[Token]:
    out = []
    abbr = abbreviations(language)
    for m in TOKEN.finditer(text):
        w = m.group(0)
        if w.endswith(".") and len(w) > 1 and w[:-1].lower() not in abbr:
            w = w[:-1]
        s = offset + m.start()
        out.append(Token(s, s + len(w), w, lemma(w, language) if w[0].isalpha() else w))
        if len(w) < len(m.group(0)):
            out.append(Token(s + len(w), s + len(w) + 1, ".", "."))
    return out


def split_sentences(text: str, start: int, end: int, language: str = "nl") -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``: paragraphs first, then punctuation."""
    abbr = abbreviations(language)
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text[start:end]):
        ps, pe = start + para.start(), start + para.end()
        chunk = text[ps:pe]
        cur = 0
        for m in SENT_BREAK.finditer(chunk):
            before = chunk[cur : m.start(1)]
            last = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""  # linear in the word
            word = last.lower().strip("(\"'“‘„")
            if m.group(1) == "." and (word.rstrip(".") in abbr or re.fullmatch(r"[a-zà-ÿ]", word) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)):
                continue
            spans.append((ps + cur, ps + m.end(1)))
            cur = m.end()
        if cur < len(chunk):
            spans.append((ps + cur, pe))
    out = []
    for a, b in _cap(spans, text):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
    return out


def _cap(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Cut over-long "sentences" (tables, run-on scraped text) at commas or spaces: work per sentence stays bounded."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while b - a > MAX_SENTENCE_CHARS:
            window = text[a : a + MAX_SENTENCE_CHARS]
            cut = max(window.rfind(", "), window.rfind("; "))
            if cut < MAX_SENTENCE_CHARS // 3:
                cut = window.rfind(" ")
            if cut <= 0:
                cut = MAX_SENTENCE_CHARS - 1
            out.append((a, a + cut + 1))
            a += cut + 1
        out.append((a, b))
    return out


def find_quotes(text: str, spans: list[tuple[int, int]]) -> list[Quote]:
    """Quotations in the body: paired quote marks, allowed to run over paragraphs."""
    quotes: list[Quote] = []
    marks = _Marks(text)
    i = 0
    for a, b in sorted(spans):
        i = max(a, i)  # a quotation that ran over into this span is not read twice
        for j in marks.openers(i, b):
            if j < i:
                continue
            close = marks.close(j, b, text[j])
            if close is not None:
                quotes.append(Quote(j, close + 1))
                i = close + 1
    return quotes


class _Marks:
    """Where quote marks open and close, found once, so that each opening mark is paired by bisection
    (a page of stray marks costs a look-up per mark, not a scan of the next thousands of characters)."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars = set(OPEN_QUOTES) | {c for v in OPEN_QUOTES.values() for c in v}
        self.pos = [m.start() for m in re.finditer("[" + re.escape("".join(sorted(chars))) + "]", text)]
        self._open = [j for j in self.pos if text[j] in OPEN_QUOTES and _opens(text, j)]
        self._close: dict[str, list[int]] = {}
        self._reopen: dict[str, list[int]] = {}

    def openers(self, a: int, b: int) -> list[int]:
        o = self._open
        return o[bisect_right(o, a - 1) : bisect_right(o, b - 1)]

    def _closers(self, ch: str) -> list[int]:
        if ch not in self._close:
            text, closers = self.text, OPEN_QUOTES[ch]
            self._close[ch] = [
                j for j in self.pos if text[j] in closers and _closes(text, j)
                and not (ch == "'" and 0 < j and j + 1 < len(text) and text[j - 1].isalpha() and text[j + 1].isalpha())
            ]
            self._reopen[ch] = [j for j in self._open if text[j] == ch] if ch in "\"'" else []
        return self._close[ch]

    def close(self, i: int, limit: int, ch: str) -> int | None:
        """The closing mark for the mark at ``i``; None when there is none within ``MAX_QUOTE_CHARS`` or
        when a new quotation with the same straight mark opens past ``limit`` first."""
        closers = self._closers(ch)
        stop = min(len(self.text), i + MAX_QUOTE_CHARS)
        k = bisect_right(closers, i)
        close = closers[k] if k < len(closers) and closers[k] < stop else None
        reopen = self._reopen[ch]
        r = bisect_right(reopen, max(i, limit))
        if r < len(reopen) and reopen[r] < stop and (close is None or reopen[r] < close):
            return None
        return close


def _opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace():
        return False
    return not (prev.isalnum() or prev in "-")


def _closes(text: str, j: int) -> bool:
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if prev.isspace():
        return False
    return not nxt.isalnum()


def _wordlike(seg: str) -> bool:
    """False for a long stretch with almost no spaces (a 1,500-character piece of one "word"): it holds no
    claim, and reading it token by token would cost as much as pages of prose."""
    return len(seg) < NONPROSE_MIN_CHARS or len(seg.split()) * MAX_AVERAGE_WORD >= len(seg)


def analyze(article: Article, language: str | None = None) -> Analysis:
    language = language or article.language or "nl"
    an = Analysis(article, language)
    text = article.text
    spans = [(s.start, s.end) for s in article.body]
    an.quotes = find_quotes(text, spans)
    for a, b in spans:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            an.paragraphs.append((a + m.start(), a + m.end()))
        for s, e in split_sentences(text, a, b, language):
            seg = text[s:e]
            sent = Sentence(s, e, seg, tokenize(seg, s, language) if _wordlike(seg) else [])
            q = an.quote_at(s)
            sent.quoted = q is not None and q.start <= s and q.end >= e - 1
            an.sentences.append(sent)
    an.paragraphs.sort()
    return an
