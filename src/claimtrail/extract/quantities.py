"""Quantities: numbers in digits or words, qualifiers, ranges, percentages, vague amounts, units.

"12.000" (nl) and "12,000" (en) are 12000; "1,5 miljoen" and "1.5 million" are 1500000;
"zeshonderd" is 600 (text2num); "ruim 40 procent" is 40 %, approximate, a lower bound;
"duizenden" is vague (value None, low 1000). Years, dates, times, durations ("twee weken"),
article numbers ("artikel 5") and multiplicatives ("twee keer") are not quantities.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

from ..model import Quantity, Token
from .lexicon import Lexicon

DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
UNIT_SKIP_MAX = 3  # adjectives skipped between a number and its counted noun ("3000 Noord-Koreaanse militairen")


def parse_digits(s: str, lex: Lexicon) -> float | None:
    """A digit string in the language's convention; '12.000' nl = 12000, '1,5' nl = 1.5."""
    th, dec = lex.thousands, lex.decimal
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(th)}\d{{3}})+", s):
        return float(s.replace(th, ""))
    if re.fullmatch(rf"\d+{re.escape(dec)}\d+", s):
        return float(s.replace(dec, "."))
    if re.fullmatch(r"\d+", s):
        return float(s)
    other = "," if th == "." else "."
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(other)}\d{{3}})+", s):  # foreign convention with full groups
        return float(s.replace(other, ""))
    return None


@lru_cache(maxsize=50_000)
def parse_word(word: str, code: str) -> float | None:
    try:
        return float(text2num(word.lower(), code))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _is_adjective(tok: Token, lex: Lexicon) -> bool:
    """An inflected adjective ("Noord-Koreaanse"): the language's adjective ending, not a noun's ("zee")."""
    w = tok.text
    return len(w) > 3 and bool(lex.adjective_inflections) and w.endswith(lex.adjective_inflections) \
        and not (lex.not_adjective_endings and w.endswith(lex.not_adjective_endings)) and w.lower() not in lex.function_words


def _qualifier(tokens: list[Token], i: int, unit: str | None) -> str | None:
    """The adjectives skipped between a number and its unit ("Noord-Koreaanse")."""
    if unit is None:
        return None
    words = []
    for t in tokens[i : i + UNIT_SKIP_MAX + 1]:
        if t.text == unit:
            break
        words.append(t.text)
    return " ".join(words) or None


def _unit(tokens: list[Token], i: int, lex: Lexicon) -> str | None:
    j, skipped = i, 0
    while j < len(tokens):
        t = tokens[j]
        low = t.text.lower()
        if not t.text[0].isalpha() or low in lex.function_words or low in lex.negations:
            return None
        modifier = _is_adjective(t, lex) or t.text[:1].isupper() or (lex.adjective_endings and low.endswith(lex.adjective_endings))
        if skipped < UNIT_SKIP_MAX and modifier and j + 1 < len(tokens) and tokens[j + 1].text[:1].isalpha() \
                and tokens[j + 1].text.lower() not in lex.function_words \
                and tokens[j + 1].text.lower() not in lex.prepositions:  # "3000 Noord-Koreaanse", "5,000 South Sudanese", "six local"
            # (but "15.000 Noord-Koreanen naast ...": a capitalised noun before a preposition is the unit)
            j += 1
            skipped += 1
            continue
        return t.text
    return None


def _match_seq(tokens: list[Token], end: int, seqs) -> tuple[int, object] | None:
    """A word sequence from ``seqs`` (dict keyed by tuples) ending just before index ``end``."""
    for seq, val in seqs:
        n = len(seq)
        if end - n >= 0 and tuple(t.text.lower() for t in tokens[end - n : end]) == seq:
            return end - n, val
    return None


def find_quantities(text: str, tokens: list[Token], lex: Lexicon, skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Quantities among ``tokens`` (offsets into ``text``), leaving out tokens inside ``skip`` spans."""
    toks = [t for t in tokens if not any(a <= t.start < b for a, b in skip)]
    out = _find(toks, lex)
    for q in out:
        q.text = text[q.start : q.end]
    return out


def _find(toks: list[Token], lex: Lexicon) -> list[Quantity]:
    out: list[Quantity] = []
    quals = sorted(lex.qualifiers.items(), key=lambda kv: -len(kv[0]))
    vague_by_first: dict[str, list] = {}
    for seq, val in sorted(lex.vague.items(), key=lambda kv: -len(kv[0])):
        vague_by_first.setdefault(seq[0], []).append((seq, val))
    i = 0
    while i < len(toks):
        t = toks[i]
        # vague amounts: "duizenden", "tens of thousands"
        hit = None
        for seq, lowval in vague_by_first.get(t.text.lower(), ()):
            n = len(seq)
            if tuple(x.text.lower() for x in toks[i : i + n]) == seq:
                hit = (n, lowval)
                break
        if hit and i + hit[0] < len(toks) and toks[i + hit[0]].text.lower() in lex.not_quantity_after:
            i += hit[0]  # "several weeks": a duration
            continue
        if hit:
            n, lowval = hit
            unit = _unit(toks, i + n + (1 if i + n < len(toks) and toks[i + n].text.lower() in lex.count_linkers else 0), lex)
            q = Quantity(None, unit, True, _text(toks, i, i + n), toks[i].start, toks[i + n - 1].end, low=lowval, vague=True)
            out.append(q)
            i += n
            continue
        value, n = _number_at(toks, i, lex)
        if value is None:
            i += 1
            continue
        prev = toks[i - 1].text.lower() if i > 0 else ""
        nxt_i = i + n
        nxt = toks[nxt_i].text.lower() if nxt_i < len(toks) else ""
        nxt2 = " ".join(x.text.lower() for x in toks[nxt_i : nxt_i + 2])
        if prev in (":", "/") or nxt in (":", "/") or prev in lex.not_quantity_before or prev.rstrip(".") + "." in lex.not_quantity_before:
            i += nxt_i - i
            continue
        if nxt in lex.not_quantity_after or nxt2 in lex.not_quantity_after:
            i = nxt_i
            continue
        if any(tuple(x.text.lower() for x in toks[max(0, i - len(r)) : i]) == r for r in lex.ratio_before):
            i = nxt_i  # "een op de vijf kinderen": a ratio
            continue
        is_digits = DIGITS.fullmatch(t.text) is not None
        if is_digits and n == 1 and re.fullmatch(r"(?:19|20)\d\d", t.text) and (prev in lex.year_before or not nxt or nxt in lex.function_words or not nxt[:1].isalpha()):
            i = nxt_i
            continue
        # multiplier: "1,5 miljoen", "3 million"
        if nxt in lex.multipliers:
            value *= lex.multipliers[nxt]
            nxt_i += 1
        q_start = i
        approx, bound = False, None
        m = _match_seq(toks, i, quals)
        if m:
            q_start, info = m
            approx, bound = bool(info.get("approx")), info.get("bound")
        percent = False
        after = toks[nxt_i].text.lower() if nxt_i < len(toks) else ""
        if after in lex.percent_words:
            percent = True
            nxt_i += 1
        is_range = after in lex.range_words or (nxt_i < len(toks) and toks[nxt_i].text in ("-", "–"))
        unit = "%" if percent else None if is_range else _unit(toks, nxt_i, lex)
        q = Quantity(value, unit, approx, _text(toks, q_start, nxt_i), toks[q_start].start, toks[nxt_i - 1].end, bound=bound, percent=percent,
                     qualifier=None if percent else _qualifier(toks, nxt_i, unit))
        if nxt_i + 1 < len(toks) and toks[nxt_i].text.lower() in lex.count_linkers and toks[nxt_i + 1].text.lower() in lex.part_pronouns and out:
            q.part_of = len(out) - 1  # "zeshonderd van hen": a part of the previous amount
        # range: "10.000 tot 100.000", "11,000-12,000"
        if is_range:
            v2, n2 = _number_at(toks, nxt_i + 1, lex)
            if v2 is not None and (v2 > value or j_mult(toks, nxt_i + 1 + n2, lex) and v2 * j_mult(toks, nxt_i + 1 + n2, lex) > value):
                j = nxt_i + 1 + n2
                if j < len(toks) and toks[j].text.lower() in lex.multipliers:
                    mult = lex.multipliers[toks[j].text.lower()]
                    v2 *= mult
                    if value < v2 / mult * 10 and nxt not in lex.multipliers:
                        value *= mult  # "250 tot 300 miljoen": the multiplier counts for both ends
                    j += 1
                unit2 = _unit(toks, j, lex) or unit
                q.unit = q.unit or unit2
                q.value, q.low, q.high, q.approx = value, value, v2, True
                q2 = Quantity(v2, q.unit, True, _text(toks, nxt_i + 1, j), toks[nxt_i + 1].start, toks[j - 1].end, low=value, high=v2)
                out += [q, q2]
                i = j
                continue
        if q.unit is None and is_range and not percent:
            q.unit = _unit(toks, nxt_i, lex)
        out.append(q)
        i = nxt_i
    # "zeshonderd van hen": a quantity without its own unit counts what the previous one counted
    for a, b in zip(out, out[1:], strict=False):
        if b.unit is None and not b.percent and a.unit and a.unit != "%":
            b.unit = a.unit
    # "eerst op 400 en daarna op 600 kilo": a bare number takes the unit of the next one
    for a, b in zip(out, out[1:], strict=False):
        if a.unit is None and not a.percent and b.unit and b.unit != "%":
            a.unit = b.unit
    return out


def j_mult(toks: list[Token], j: int, lex: Lexicon) -> float:
    return lex.multipliers.get(toks[j].text.lower(), 0.0) if j < len(toks) else 0.0


def _number_at(toks: list[Token], i: int, lex: Lexicon) -> tuple[float | None, int]:
    if i >= len(toks):
        return None, 0
    t = toks[i]
    if DIGITS.fullmatch(t.text):
        return parse_digits(t.text, lex), 1
    low = t.text.lower()
    if not low.isalpha() or low in lex.not_number_words:
        return None, 0
    if parse_word(low, lex.code) is None:
        return None, 0
    # the longest run of words that text2num reads as one number ("twelve thousand")
    best, best_n = None, 0
    for n in range(1, 5):
        words = [x.text.lower() for x in toks[i : i + n]]
        if len(words) < n or not all(w.isalpha() for w in words):
            break
        v = parse_word(" ".join(words), lex.code)
        if v is not None:
            best, best_n = v, n
    return (best, best_n) if best is not None else (None, 0)


def _text(toks: list[Token], a: int, b: int) -> str:
    return " ".join(t.text for t in toks[a:b])
