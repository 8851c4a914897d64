"""Stage 5, extract: attributed claims from an article's body.

For each body sentence (``analyze``): find actor mentions (``actors``), reporting cues and their
sources and content (``attribution``), resolve pronouns and role nouns (``coref``), decide the
stance (``stance``) and read the quantities of the content (``quantities``). Sentences inside a
quotation are read after the others, once the quotation's speaker is known.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from functools import cached_property

from ..actors import Registry
from ..analyze import Analysis, analyze
from ..clean import DATELINE
from ..measures import PEOPLE_KINDS, measure_kind, unit_concept
from ..meta import TITLE_MAX_PROSE_WORDS
from ..model import Article, Claim, Mention, Sentence
from .actors import MentionFinder
from .attribution import (
    EXTRACTOR,
    QUOTE_CHARS,
    Cue,
    content_for,
    find_cues,
    parenthetical_start,
    source_for,
    token_quote_flags,
)
from .coref import History
from .lexicon import Lexicon, cue_words, lexicon
from .places import gazetteer
from .quantities import find_quantities
from .stance import decide
from .trees import count_nouns

NONPROSE_MIN_TOKENS = 50  # shorter sentences are always read
PERSISTENT_STANCES = ("evade",)
QUOTE_MARKS = set(QUOTE_CHARS)
CONTINUED_QUOTE_PARAGRAPHS = 1  # a quotation continues its speaker's claims into the next quoted paragraph, no further
FOLLOWING_QUOTE_GAP = 160  # at most this many characters between a quotation and the next one of the same speaker
CONTINUED_QUOTE_CHARS = 1200  # a longer quotation is a statement or transcript reproduced whole
SHORT_LINE_WORDS = 8  # a quoted line this short without final punctuation is a heading, not a sentence  # a speaker who dodged stays evasive when quoted again neutrally


class Extractor:
    def __init__(self, registry: Registry, languages: tuple[str, ...], analyzer: str = "builtin") -> None:
        self.registry = registry
        self.languages = languages
        self.analyzer = analyzer

    @cached_property
    def finder(self) -> MentionFinder:
        return MentionFinder.build(self.registry)

    def extract(self, article: Article) -> list[Claim]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: list[Article]) -> list[list[Claim]]:
        """The claims of each article; an external analyzer runs once over the whole batch."""
        analyses = []
        for article in articles:
            code = article.language if article.language in self.languages else self.languages[0]
            analyses.append(analyze(article, code) if article.body else None)
        from ..analyzers import get

        get(self.analyzer).annotate([an for an in analyses if an is not None], wanted=may_attribute)
        return [ArticleReader(self, an.article, an, lexicon(an.language)).read() if an else [] for an in analyses]


class ArticleReader:
    """The claims of one article; holds the article's mention history and speakers."""

    def __init__(self, ex: Extractor, article: Article, an: Analysis, lex: Lexicon) -> None:
        self.ex = ex
        self.article = article
        self.an = an
        self.lex = lex
        self.history = History()
        self.date = article.published or article.updated
        self.claims: list[Claim] = []
        self.last_stance: dict[str, tuple[str, Sentence]] = {}  # an evasion persists within its paragraph
        self.quote_speaker: dict[int, Mention] = {}  # quote start -> resolved speaker
        self.quote_hops: dict[int, int] = {}  # quote start -> paragraphs since its speaker was named
        self.mentions: dict[int, list[Mention]] = {}
        # state mentions and claims by offset, so that per-claim look-ups bisect (long articles stay linear)
        self.states: list[tuple[int, int, Mention]] = []
        self.by_source: dict[int, Mention] = {}
        self.contents: list[tuple[int, int, Claim]] = []  # (content_start, order, claim)
        self.longest_content = 0

    def read(self) -> list[Claim]:
        sents = self.an.sentences
        for idx, sent in enumerate(sents):
            if not _prose(sent):  # a run of punctuation holds no claim; reading it token by token is slow
                self.mentions[idx] = []
                continue
            ms = self.ex.finder.find(sent, self.article.text, self.lex, self.date)
            self.mentions[idx] = ms
            for m in ms:
                self.by_source.setdefault(m.start, m)
                if m.actor_type == "state":
                    insort(self.states, (m.start, len(self.states), m), key=lambda x: x[:2])
            dateline = DATELINE.match(sent.text)
            cut = sent.start + dateline.end() if dateline else sent.start
            # names first, so that "de twee landen" can point back within its own sentence
            for m in ms:
                if m.start >= cut and m.kind not in ("pronoun", "anaphor", "first"):
                    self.history.add(m)
            if not sent.quoted:
                self._sentence(idx, sent, ms)
            for m in ms:
                if m.start >= cut and m.kind in ("pronoun", "anaphor"):  # "SANTIAGO (AP) -" is not an actor
                    r = self._resolve(m)
                    if r and r[0] is not m:
                        self.history.add(r[0])
        self._propagate_speakers()
        for idx, sent in enumerate(sents):
            if sent.quoted and _prose(sent):
                self._quoted_sentence(idx, sent, self.mentions[idx])
        self.claims.sort(key=lambda c: (c.start, c.end))
        return self.claims

    def _is_title(self, sent: Sentence) -> bool:
        """The headline repeats the body's claims; its claims are not counted twice."""
        title = (self.article.title or "").strip()
        prose = title.endswith(".") and len(title.split()) > TITLE_MAX_PROSE_WORDS  # a first paragraph taken as title
        return bool(title) and not prose and sent.text.strip() == title

    # --- resolution ---------------------------------------------------------------------------

    def _resolve(self, m: Mention, quote_speaker: Mention | None = None) -> list[Mention]:
        return self.history.resolve(m, m.start, quote_speaker)

    def _source(self, group: list[Mention], quote_speaker: Mention | None = None) -> tuple[str | None, str | None, list[Mention]]:
        resolved: list[Mention] = []
        for m in group:
            for r in self._resolve(m, quote_speaker):
                if r not in resolved:
                    resolved.append(r)
        if not resolved:
            return None, None, []
        names = [_display(r, self.lex) for r in resolved]
        joiner = f" {self.lex.conjunctions[0]} " if self.lex.conjunctions else ", "
        return joiner.join(dict.fromkeys(names)), resolved[0].actor_id, resolved

    # --- claims -------------------------------------------------------------------------------

    def _quotes_in(self, sent: Sentence) -> list[tuple[int, int]]:
        return [(q.start, q.end) for q in self.an.quotes_in(sent.start, sent.end)]

    def _sentence(self, idx: int, sent: Sentence, ms: list[Mention]) -> None:
        lex = self.lex
        quotes = self._quotes_in(sent)
        flags = token_quote_flags(sent, quotes)
        cues = _drop_embedded(find_cues(sent, lex, flags, False), sent, lex)
        drafts: list[tuple[Cue, list[Mention]]] = []
        borrowed: set[int] = set()  # cues whose subject is the previous cue's ("said ... and spoke of ...")
        for n, c in enumerate(cues):
            floor = cues[n - 1].j + 1 if n and cues[n - 1].kind in ("verb", "phrase") else 0
            aside = parenthetical_start(c, sent.tokens, lex, 0) if floor else None
            if aside is not None and aside < cues[n - 1].i:
                floor = 0  # "A resident, who declined to be named, said": the earlier cue is inside the aside
            framed = any(x.kind in ("prep", "unnamed") for x in cues[:n])
            src = [] if c.kind == "unnamed" else source_for(c, sent, ms, lex, flags, False, floor, parse=not framed)
            if not src and c.kind in ("verb", "phrase") and drafts:
                prev_cue = drafts[-1][0]
                between = {t.text.lower() for t in sent.tokens[prev_cue.end + 1 : c.i]}
                if between & (set(lex.conjunctions) | lex.contrast) or _participle(c, sent, lex):
                    src = drafts[-1][1]  # "bevestigt ..., maar wil verder niets kwijt", "said ..., adding that ..."
                    borrowed.add(id(c))
            if not src and c.kind not in ("unnamed",):
                continue
            drafts.append((c, src))
        # a trailing "aldus X" after a verb claim names the medium that relays it, not a new claim
        if any(c.kind not in ("trailing",) for c, _ in drafts):
            drafts = [(c, s) for c, s in drafts if c.kind != "trailing"]
        # one claim per source: "Kyiv ontkende en zei dat ..." keeps the first cue's stance
        merged: list[tuple[Cue, list[Mention], list[Cue]]] = []
        for c, src in drafts:
            key = self._key(src)
            for c0, s0, extra in merged:
                last = (extra or [c0])[-1]
                between = {t.text.lower() for t in sent.tokens[last.end + 1 : c.i]}
                if self._key(s0) == key and c.kind not in ("prep", "unnamed") and not between & (lex.contrast | lex.complementisers) \
                        and not _participle(c, sent, lex) and not _after_quotation(c0, sent):
                    extra.append(c)
                    break
            else:
                merged.append((c, src, []))
        starts = []
        for n, (c, src, _) in enumerate(merged):
            prev_end = sent.tokens[(merged[n - 1][2] or [merged[n - 1][0]])[-1].end].end if n else sent.start
            starts.append(self._region_start(c, [m for m in src if m.start >= prev_end], sent))
        first_region = min(starts, default=sent.end)
        self._hedge(idx, sent, ms, first_region)
        for n, (c, src, extra) in enumerate(merged):
            limit_char = starts[n + 1] if n + 1 < len(merged) else sent.end
            limit = next((k for k, t in enumerate(sent.tokens) if t.start >= limit_char), len(sent.tokens))
            cs, ce = content_for(c, sent, src, lex, limit, quotes)
            self._emit(sent, c, extra, src, (cs, ce), quotes, floor=starts[n] if _participle(c, sent, lex) or id(c) in borrowed else None)

    def _key(self, src: list[Mention]) -> tuple:
        res = []
        for m in src:
            r = self._resolve(m)
            res += [(x.actor_id or x.text.lower()) for x in r] or [m.text.lower()]
        return tuple(res)

    def _region_start(self, c: Cue, src: list[Mention], sent: Sentence) -> int:
        toks = sent.tokens
        cands = [toks[c.i].start] + [m.start for m in src if m.start < toks[c.i].start]
        return min(cands)

    def _emit(self, sent: Sentence, c: Cue, extra: list[Cue], src: list[Mention], content: tuple[int, int], quotes,
              speaker: Mention | None = None, clip: int | None = None, floor: int | None = None) -> int:
        lex = self.lex
        text = self.article.text
        toks = sent.tokens
        source, source_id, resolved = self._source(src, speaker) if src else (None, None, [])
        if src and not resolved:
            return 0
        cs, ce = content
        if ce <= cs:
            cs, ce = sent.start, sent.end
        parts = [toks[c.i].start, toks[c.end].end, cs, ce] + [m.start for m in src] + [m.end for m in src]
        for e in extra:
            parts += [toks[e.i].start, toks[e.end].end]
        start, end = max(min(parts), sent.start, floor or 0), min(max(parts), clip or sent.end)
        if start > sent.start and start == cs and text[start - 1] in QUOTE_MARKS:
            start -= 1  # the quotation's opening mark belongs to the evidence
        content_text = text[cs:ce]
        words = [t.text.lower() for t in toks if cs <= t.start < ce]
        negated = self._negated(c, toks, cs) or any(self._negated(e, toks, cs) for e in extra)
        label = text[toks[c.j].end : cs] if cs > toks[c.j].end else ""
        stance = decide(c.stance, c.lemma, c.kind if c.kind != "phrase" else "verb", negated, content_text, words, lex, label)
        skey = source_id or (source or "").lower()
        found = find_quantities(text, [t for t in toks if cs <= t.start < ce], lex, [(m.start, m.end) for m in src])
        quantities = self._measured(count_nouns(sent, found), cs, ce)
        if stance == c.stance and (c.lemma in lex.neutral or c.kind in ("prep", "trailing")) and not quantities \
                and skey in self.last_stance and self.last_stance[skey][0] in PERSISTENT_STANCES \
                and _same_paragraph(self.an, self.last_stance[skey][1], sent):
            stance = self.last_stance[skey][0]
        if skey:
            self.last_stance[skey] = (stance, sent)
        for a, b in quotes:
            if resolved and (cs <= b <= ce + 1 or c.kind == "colon" and cs - 1 <= a <= cs):
                self.quote_speaker[a] = resolved[0]  # 'X: "...' opens a quotation of X's that may run on
        self._add(Claim(
            article=self.article.id, start=start, end=end, text=text[start:end], source=source, source_id=source_id,
            stance=stance, cue=" ".join(t.text for t in toks[c.i : c.j + 1]), content=content_text, content_start=cs,
            content_end=ce, quantities=quantities, places=self._places(cs, ce), date=self.date, extractor=f"{EXTRACTOR}:{c.kind}",
            source_start=min((m.start for m in src), default=None), source_end=max((m.end for m in src), default=None),
            language=self.lex.code,
        ))
        return 1

    def _measured(self, quantities: list, content_start: int, content_end: int | None = None) -> list:
        """Set what each quantity measures: its kind (``measures``) and, for people, their nationality."""
        finder = self.ex.finder
        end = content_end if content_end is not None else max((q.end for q in quantities), default=content_start)
        stops = [q.start for q in quantities]
        for q in quantities:
            concept = unit_concept(q.unit)
            country = None
            if q.qualifier:
                country = next((finder.adjectives[w.lower()] for w in q.qualifier.split() if w.lower() in finder.adjectives), None)
            if q.unit and q.unit.lower() in finder.demonyms:
                concept, country = "persons", finder.demonyms[q.unit.lower()]
            if concept == "persons" and country is None:
                states = self._states_in(content_start, q.start)
                if states:
                    country = (self.ex.registry.get(states[0].actor_id).country if self.ex.registry.get(states[0].actor_id) else None)
            if country and country.startswith("group:"):
                country = None
            kind = measure_kind(self.article.text, q.start, q.end, q.unit, concept, self.lex.code, (content_start, end), stops)
            people = concept == "persons" or kind in PEOPLE_KINDS
            q.measure = f"{kind}:{country}" if people and country and kind else kind
        return quantities

    def _negated(self, c: Cue, toks, content_start: int) -> bool:
        if c.kind not in ("verb", "phrase"):
            return False
        lex = self.lex
        near = toks[max(0, c.i - 2) : c.i]
        if any(t.text.lower() in lex.negations for t in near):
            return True
        if not lex.subject_after_verb:
            return False  # English negates the verb before it ("did not say"); "said no one was hurt" negates the content
        for t in toks[c.j + 1 :]:
            w = t.text.lower()
            if w in lex.complementisers or w in lex.clause_openers or w in (",", ";", ":") or w in QUOTE_MARKS:
                break
            if w in lex.negations:
                return True
        return False

    def _add(self, c: Claim) -> None:
        insort(self.contents, (c.content_start, len(self.claims), c), key=lambda x: x[:2])
        self.longest_content = max(self.longest_content, c.content_end - c.content_start)
        self.claims.append(c)

    def _states_in(self, start: int, end: int) -> list[Mention]:
        """State mentions that start in ``[start, end)``, in text order."""
        i = bisect_left(self.states, (start,))
        out = []
        while i < len(self.states) and self.states[i][0] < end:
            out.append(self.states[i][2])
            i += 1
        return out

    def _places(self, cs: int, ce: int) -> list[str]:
        """Countries, regions and cities named in the claim (see ``extract.places``)."""
        out: list[str] = []
        for h in gazetteer(self.ex.registry).find(self.article.text, cs, ce):
            if h.place.name not in out:
                out.append(h.place.name)
        return out

    def _hedge(self, idx: int, sent: Sentence, ms: list[Mention], until: int) -> None:
        """'X zou ... hebben geleverd': the previous claim's source in the paragraph, or unnamed."""
        lex = self.lex
        toks = [t for t in sent.tokens if t.end <= until]
        words = [t.text.lower() for t in toks]
        h = next((k for k, w in enumerate(words) if w in lex.hedges), None)
        if h is None or not any(w in lex.hedge_auxiliaries for w in words[h + 1 :]):
            return
        if self.an.quote_at(toks[h].start) is not None:
            return
        prev = self.an.sentences[idx - 1] if idx > 0 else None
        src: list[Mention] = []
        if prev is not None and self.claims and self.claims[-1].start >= prev.start and _same_paragraph(self.an, prev, sent):
            last = self.claims[-1]
            src = [m for m in self.mentions[idx - 1] if last.source_start is not None and last.source_start <= m.start < (last.source_end or 0)]
        cue = Cue("hedge", h, h, "assert", words[h])
        end = toks[-1].end
        self._emit(sent, cue, [], src, (sent.start, end), self._quotes_in(sent), clip=end)

    # --- quotations ---------------------------------------------------------------------------

    def _propagate_speakers(self) -> None:
        """A quotation without its own attribution is its speaker's when it opens the next paragraph
        ('"...", zei X.' / '"..."') or follows the speaker's quotation in the same paragraph, once
        the attribution between them is done ('"A", licht de rechter toe. "B"')."""
        last: Mention | None = None
        prev = None
        hops = 0
        starts = sorted(self.by_source)
        for q in self.an.quotes:
            if q.start in self.quote_speaker:
                last, hops = self.quote_speaker[q.start], 0
            elif last is not None and _starts_paragraph(self.an, q.start):
                self.quote_speaker[q.start] = last
                hops += 1
            elif last is not None and prev is not None and self._follows(prev, q, last, starts):
                self.quote_speaker[q.start] = last
            self.quote_hops[q.start] = hops
            prev = q

    def _follows(self, prev, q, speaker: Mention, starts: list[int]) -> bool:
        """Quotation ``q`` comes right after ``prev`` in its paragraph, past the end of a sentence,
        with no one else named between them."""
        para = self.an.paragraph_at(q.start)
        gap = self.article.text[prev.end : q.start]
        if para is None or not para[0] <= prev.start or len(gap) > FOLLOWING_QUOTE_GAP \
                or not gap.strip() or gap.rstrip()[-1] not in ".!?":
            return False
        me = self._resolve(speaker)
        mine = {(m.actor_id or m.text.lower()) for m in me + [speaker]}
        for k in starts[bisect_left(starts, prev.end) : bisect_left(starts, q.start)]:
            m = self.by_source[k]
            if m.kind in ("pronoun", "first"):
                continue
            r = self._resolve(m)
            if not {(x.actor_id or x.text.lower()) for x in r + [m]} & mine:
                return False
        return True

    def _quoted_sentence(self, idx: int, sent: Sentence, ms: list[Mention]) -> None:
        q = self.an.quote_at(sent.start)
        speaker = self.quote_speaker.get(q.start) if q else None
        if speaker is None and q is not None:
            speaker = self._speaker_from_attribution(q)
        if speaker is None:
            return
        lex = self.lex
        quotes = self._quotes_in(sent)
        flags = [False] * len(sent.tokens)
        cues = [c for c in find_cues(sent, lex, flags, True) if c.kind in ("verb", "phrase")]
        for c in cues:
            src = source_for(c, sent, ms, lex, flags, True)
            if src and all(m.kind == "first" for m in src):
                cs, ce = content_for(c, sent, src, lex, len(sent.tokens), [])
                self._emit(sent, c, [], src, (cs, ce), quotes, speaker)
                return
        quantities = count_nouns(sent, find_quantities(self.article.text, sent.tokens, lex))
        if any(x.value is not None for x in quantities) or self._continues_quote(sent):
            self._emit_speaker(sent, speaker, quantities)

    def _continues_quote(self, sent: Sentence) -> bool:
        """A full sentence of a quotation whose speaker is known is that speaker's claim, numbers or not; not
        when an attributed claim already reports the whole quotation ('"A. B. C", X said'), not in a long
        transcript, and not a short line without final punctuation (a subheading inside a long quotation)."""
        q = self.an.quote_at(sent.start)
        if q is None or self.quote_hops.get(q.start, 0) > CONTINUED_QUOTE_PARAGRAPHS or q.end - q.start > CONTINUED_QUOTE_CHARS:
            return False  # a statement or speech reproduced at length: only its numbers are claims
        if any(c.start < q.end <= c.end + 1 and c.content_end <= q.end and c.content_start < q.end
                                 for c in self.claims):
            return False
        words = [t for t in sent.tokens if t.text[:1].isalnum()]
        ends = sent.text.rstrip(QUOTE_CHARS).rstrip()[-1:] in (".", "!", "?", "…", ",")
        return ends or len(words) >= SHORT_LINE_WORDS

    def _emit_speaker(self, sent: Sentence, speaker: Mention, quantities: list) -> None:
        source, source_id = _display(speaker, self.lex), speaker.actor_id
        text = self.article.text
        s, e = sent.start, sent.end
        while e > s and text[e - 1] in "'\"”’":
            e -= 1
        if text[s] in "'\"“‘„":
            s += 1
        quantities = self._measured(quantities, s, e)
        stance = decide("assert", "quote", "quote", False, text[s:e], [t.text.lower() for t in sent.tokens], self.lex)
        self._add(Claim(
            article=self.article.id, start=s, end=e, text=text[s:e], source=source, source_id=source_id, stance=stance,
            cue=None, content=text[s:e], content_start=s, content_end=e, quantities=quantities, places=self._places(s, e),
            date=self.date, extractor=f"{EXTRACTOR}:quote", language=self.lex.code,
        ))

    def _speaker_from_attribution(self, q) -> Mention | None:
        """The source of the first claim whose content holds the quotation's opening mark."""
        i = bisect_left(self.contents, (q.start + 2,))
        found: list[tuple[int, Claim]] = []
        while i > 0:
            i -= 1
            cs, order, c = self.contents[i]
            if cs < q.start - self.longest_content:
                break
            if c.content_end >= q.start:
                found.append((order, c))
        for _, c in sorted(found, key=lambda x: x[0]):
            m = self.by_source.get(c.source_start) if c.source_start is not None else None
            if m is not None:
                r = self._resolve(m)
                return r[0] if r else m
        return None


def may_attribute(sent: Sentence, code: str) -> bool:
    """Whether a sentence can hold a claim: a cue word, a colon or a quotation mark (the parse of any
    other sentence would never be read)."""
    words = cue_words(code)
    return sent.quoted or any(t.lemma in words or t.text.lower() in words or t.text == ":" or t.text[:1] in QUOTE_CHARS
                              for t in sent.tokens)


def _drop_embedded(cues: list[Cue], sent: Sentence, lex: Lexicon) -> list[Cue]:
    """A reporting verb inside what another cue reports is part of the content, not a new claim
    ("Greenpeace zegt dat het rapport haar schattingen bevestigt"), unless a new clause opens
    after a comma (", nadat Moskou verklaarde")."""
    toks = sent.tokens
    out: list[Cue] = []
    comp_at: int | None = None
    for c in cues:
        coordinated_verb = c.i > 0 and toks[c.i - 1].text.lower() in lex.conjunctions
        if comp_at is not None and c.kind in ("verb", "phrase") and c.i > comp_at and not coordinated_verb:
            opened = any(toks[k].text == "," and k + 1 < len(toks) and (toks[k + 1].text.lower() in lex.clause_openers
                         or toks[k + 1].text.lower() in lex.comma_clause_openers) for k in range(comp_at, c.i))
            if not opened:
                continue
            comp_at = None
        out.append(c)
        if c.kind in ("verb", "phrase") and comp_at is None:
            for k in range(c.j + 1, min(len(toks), c.j + 8)):
                if toks[k].text.lower() in lex.complementisers:
                    comp_at = k
                    break
                if toks[k].text in (",", ";", ":"):
                    break
    return out


def _after_quotation(c: Cue, sent: Sentence) -> bool:
    """'"...", X said and spoke of "..."': a cue that reports the quotation before it has its own content."""
    toks = sent.tokens
    k = c.i - 1
    while k >= 0 and toks[k].text[:1].isalpha() and c.i - k <= 6:
        k -= 1
    return k >= 0 and (toks[k].text in QUOTE_MARKS or toks[k].text == "," and k > 0 and toks[k - 1].text in QUOTE_MARKS)


def _participle(c: Cue, sent: Sentence, lex: Lexicon) -> bool:
    """'..., adding that ...': a present participle after a comma, a new claim of the clause's subject."""
    toks = sent.tokens
    return c.kind == "verb" and c.i >= 1 and toks[c.i - 1].text == "," and bool(lex.participle_endings) \
        and toks[c.i].text.lower().endswith(lex.participle_endings)


def _display(m: Mention, lex: Lexicon) -> str:
    parts = m.text.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in lex.determiners:
        return parts[1]
    return m.text


def _prose(sent: Sentence) -> bool:
    """False for long "sentences" that are mostly punctuation tokens ("!!!!", "-----", ". . ."): no words, no claims."""
    toks = sent.tokens
    if not toks:  # not tokenized: no words (analyze._wordlike)
        return False
    if len(toks) < NONPROSE_MIN_TOKENS:
        return True
    return sum(1 for t in toks if t.text[:1].isalnum()) * 4 >= len(toks)


def _starts_paragraph(an: Analysis, pos: int) -> bool:
    return an.starts_paragraph(pos)


def _same_paragraph(an: Analysis, a: Sentence, b: Sentence) -> bool:
    para = an.paragraph_at(a.start)
    return para is not None and para[0] <= a.start and b.end <= para[1]
