"""The records that flow between pipeline stages.

Every stage takes and returns these plain dataclasses; nothing else is passed around. Offsets are
always Python ``str`` indices into ``Article.text``, the article's original text: the file's text
verbatim for text inputs, the page's visible text (see ``ingest.html.visible_text``) for HTML.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import pandas

    from .errors import InputError

PANDAS_HINT = "pandas is needed for DataFrames: pip install claimtrail[pandas]"


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id derived from content, so re-running the pipeline yields the same ids."""
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str = ""


@dataclass(slots=True)
class Article:
    """One news article. ``text`` is never modified after ingest."""

    id: str
    text: str
    source: str  # where it came from: a path, a URL, "feed.xml#3"
    kind: str  # text | markdown | html | feed | jsonl | warc | url
    raw: str | None = None  # raw HTML when the input was a page
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    updated: str | None = None
    agencies: list[str] = field(default_factory=list)
    body: list[Span] = field(default_factory=list)
    clutter: list[Span] = field(default_factory=list)
    duplicate_of: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)  # metadata given by the container (feed, JSONL, meta tags)
    fingerprint: str = ""  # of the code and options that read it (set by the pipeline): part of the content hash

    @property
    def content_hash(self) -> str:
        """Same text read by the same code with the same options: a stored article with this hash need not be read again."""
        return content_id(self.text, self.fingerprint, length=32) if self.fingerprint else content_id(self.text, length=32)

    def body_text(self) -> str:
        return "\n".join(self.text[s.start : s.end] for s in self.body)

    def in_body(self, start: int, end: int) -> bool:
        return any(s.start <= start and end <= s.end for s in self.body)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "kind": self.kind,
            "url": self.url,
            "language": self.language,
            "published": self.published,
            "updated": self.updated,
            "title": self.title,
            "outlet": self.outlet,
            "agencies": list(self.agencies),
            "body": [[s.start, s.end] for s in self.body],
            "clutter": [[s.start, s.end, s.kind] for s in self.clutter],
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str


@dataclass(slots=True)
class ParsedWord:
    """One word as an external analyzer (Frog) saw it: lemma, part of speech, entity tag, dependency."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    entity: str  # IOB tag: "B-PER", "I-ORG", "O"
    head: int  # index of the head word in the sentence's words, -1 for the root
    relation: str  # dependency relation to the head (Frog: "su", "obj1", "vc"; syntax: UD "nsubj", "ccomp")
    morph: str = ""  # morphological features, UD style ("Number=Sing|Tense=Past"), when the analyzer gives them


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    quoted: bool = False  # the sentence lies inside a quoted statement that spans sentences
    words: list[ParsedWord] = field(default_factory=list)  # from an external analyzer, when one ran


@dataclass(slots=True)
class Mention:
    """An actor mention: a registry hit, an unknown name, a descriptive source or a pronoun."""

    start: int
    end: int
    text: str
    kind: str  # registry | name | descriptive | pronoun | role
    actor_id: str | None = None  # registry id when known
    name: str | None = None  # canonical display name
    actor_type: str | None = None  # person | state | organisation | agency | media | group
    plural: bool = False

    def label(self) -> str:
        return self.name or self.text


@dataclass(slots=True)
class Quantity:
    value: float | None  # None for vague amounts ("duizenden"); see low
    unit: str | None
    approx: bool
    text: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    bound: str | None = None  # "min" (at least, more than) | "max" (at most, less than) | None
    vague: bool = False
    percent: bool = False
    qualifier: str | None = None  # the adjective between number and unit: "Noord-Koreaanse" militairen
    measure: str | None = None  # what is counted, comparable across languages: "persons:KP", "kg"
    part_of: int | None = None  # "zeshonderd van hen": index of the quantity this one is a part of

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in QUANTITY_ORDER}  # dataclasses.asdict copies deeply: three times slower
        if self.value is not None and float(self.value).is_integer():
            d["value"] = int(self.value)
        for k in ("low", "high"):
            if d[k] is not None and float(d[k]).is_integer():
                d[k] = int(d[k])
        return d


QUANTITY_ORDER = tuple(Quantity.__dataclass_fields__)
QUANTITY_FIELDS = frozenset(QUANTITY_ORDER)


@dataclass(slots=True)
class Claim:
    article: str
    start: int
    end: int
    text: str
    source: str | None
    source_id: str | None
    stance: str
    cue: str | None
    content: str
    content_start: int
    content_end: int
    quantities: list[Quantity] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    date: str | None = None
    extractor: str = ""
    source_start: int | None = None
    source_end: int | None = None
    topic: str | None = None
    language: str | None = None

    @property
    def id(self) -> str:
        return content_id(self.article, self.start, self.end, self.stance, self.source or "")

    def as_dict(self, claim_id: str | None = None) -> dict[str, Any]:
        """The claim contract's dict; ``claim_id``: the id as stored, when known (saves computing it)."""
        return {
            "id": self.id if claim_id is None else claim_id,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "source_id": self.source_id,
            "stance": self.stance,
            "cue": self.cue,
            "quantities": [q.as_dict() for q in self.quantities],
            "date": self.date,
            "text": self.text,
            "content": self.content,
            "content_span": [self.content_start, self.content_end],
            "source_span": [self.source_start, self.source_end] if self.source_start is not None else None,
            "places": list(self.places),
            "topic": self.topic,
            "language": self.language,
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        cs, ce = d.get("content_span") or (d["start"], d["end"])
        ss = d.get("source_span") or (None, None)
        return cls(
            article=d["article"], start=d["start"], end=d["end"], text=d.get("text", ""),
            source=d.get("source"), source_id=d.get("source_id"), stance=d["stance"], cue=d.get("cue"),
            content=d.get("content", ""), content_start=cs, content_end=ce,
            quantities=[Quantity(**{k: v for k, v in q.items() if k in QUANTITY_FIELDS}) for q in d.get("quantities", [])],
            places=list(d.get("places", [])), date=d.get("date"), extractor=d.get("extractor", ""),
            source_start=ss[0], source_end=ss[1], topic=d.get("topic"), language=d.get("language"),
        )


# --- linking state: what stage 7 keeps between runs (in the store), and stage 8 reads ---------------

EMBED_DIM = 512  # the sentence encoder's vectors (link.embed): claims, propositions and events


@dataclass
class LinkRecord:
    """A proposition or an event (id ``event:*``) as linking keeps it between runs: the sum of its
    members' vectors, their number and the counts of their keys (measures, places, its event).
    ``link.Proposition`` and ``events.Event`` are the working forms."""

    id: str
    sum: np.ndarray
    n: int
    keys: dict[str, int] = field(default_factory=dict)


class ClaimLink(NamedTuple):
    """One claim's link: its proposition, its vector and its keys (sorted)."""

    claim_id: str
    proposition_id: str
    vector: np.ndarray
    keys: list[str]


# --- the story: what stage 8 builds from linked claims, what the report, the JSON and the web app read ---


class Polarity(StrEnum):
    SUPPORT = "support"
    REJECT = "reject"
    NEUTRAL = "neutral"
    OTHER = "other"


class Stance(StrEnum):
    """What a source does with a content; the value is the claim contract's word."""

    ASSERT = "assert"
    ESTIMATE = "estimate"
    CONFIRM = "confirm"
    DENY = "deny"
    EVADE = "evade"
    WARN = "warn"
    ACCUSE = "accuse"

    @property
    def polarity(self) -> Polarity:
        return POLARITY[self]


POLARITY: dict[Stance, Polarity] = {
    Stance.ASSERT: Polarity.SUPPORT, Stance.CONFIRM: Polarity.SUPPORT, Stance.ESTIMATE: Polarity.SUPPORT,
    Stance.DENY: Polarity.REJECT, Stance.EVADE: Polarity.NEUTRAL, Stance.WARN: Polarity.OTHER, Stance.ACCUSE: Polarity.OTHER,
}


_STANCES = {str(s): s for s in Stance}


def polarity(stance: str | None) -> Polarity | None:
    """The polarity of a stance word; None for a word that is no stance."""
    try:
        return Stance(stance).polarity
    except ValueError:
        return None


@dataclass(slots=True)
class StoryClaim:
    """A linked claim as the story shows it: the stored claim, its actor key and its article's outlet and title."""

    claim: Claim
    id: str
    actor: str | None = None
    outlet: str | None = None
    article_title: str | None = None
    stance: Stance = field(init=False)

    def __post_init__(self) -> None:
        self.stance = _STANCES[self.claim.stance]

    @property
    def article(self) -> str:
        return self.claim.article

    @property
    def start(self) -> int:
        return self.claim.start

    @property
    def end(self) -> int:
        return self.claim.end

    @property
    def date(self) -> str | None:
        return self.claim.date

    @property
    def source(self) -> str | None:
        return self.claim.source

    @property
    def text(self) -> str:
        return self.claim.text

    @property
    def content(self) -> str:
        return self.claim.content

    @property
    def cue(self) -> str | None:
        return self.claim.cue

    @property
    def quantities(self) -> list[Quantity]:
        return self.claim.quantities

    @property
    def language(self) -> str | None:
        return self.claim.language

    @property
    def topic(self) -> str | None:
        return self.claim.topic

    @property
    def extractor(self) -> str:
        return self.claim.extractor

    def as_dict(self) -> dict[str, Any]:
        d = self.claim.as_dict(self.id)
        d["actor"] = self.actor
        d["outlet"] = self.outlet
        d["article_title"] = self.article_title
        return d


@dataclass(slots=True)
class SeriesPoint:
    """One figure of a proposition's series, with its source and evidence (``article``, ``start``, ``end``)."""

    value: float
    unit: str | None
    measure: str | None
    approx: bool
    bound: str | None
    low: float | None
    high: float | None
    source: str | None
    actor: str | None
    date: str | None
    article: str
    start: int
    end: int
    claim: str  # the claim's id

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "measure": self.measure, "approx": self.approx, "bound": self.bound,
                "low": self.low, "high": self.high, "source": self.source, "actor": self.actor, "date": self.date,
                "article": self.article, "start": self.start, "end": self.end, "claim": self.claim}


@dataclass(slots=True)
class StanceChange:
    """An actor whose stance on a proposition changed polarity (denied, then acknowledged)."""

    actor: str
    from_stance: Stance
    to_stance: Stance
    a: str  # the earlier claim's id
    b: str  # the later claim's id
    from_date: str | None
    to_date: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "from": str(self.from_stance), "to": str(self.to_stance), "a": self.a, "b": self.b,
                "from_date": self.from_date, "to_date": self.to_date}


@dataclass(slots=True)
class StanceEntry:
    date: str | None
    stance: Stance
    claim: str

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "stance": str(self.stance), "claim": self.claim}


@dataclass(slots=True)
class FirstReport:
    claim: str
    actor: str | None
    source: str | None
    date: str | None
    article: str
    outlet: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "actor": self.actor, "source": self.source, "date": self.date, "article": self.article,
                "outlet": self.outlet}


@dataclass(slots=True)
class Proposition:
    """One thing claimed, with every claim about it in story order."""

    id: str
    label: str  # what is claimed, without speaker or reporting verb
    language: str | None  # the language of most of its claims (and of the label)
    claims: list[StoryClaim]
    measure: str | None  # the main series' measure
    series: list[SeriesPoint]
    other_series: dict[str, list[SeriesPoint]]
    first_report: FirstReport
    stances: dict[str, list[StanceEntry]]  # actor -> stances in story order
    changes: list[StanceChange]
    event: str | None = None  # the event its claims are about (StoryEvent.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "label": self.label, "event": self.event, "language": self.language,
            "claims": [c.as_dict() for c in self.claims],
            "measure": self.measure, "series": [s.as_dict() for s in self.series],
            "other_series": {k: [s.as_dict() for s in xs] for k, xs in self.other_series.items()},
            "first_report": self.first_report.as_dict(),
            "stances": [{"actor": a, "history": [h.as_dict() for h in hs]} for a, hs in sorted(self.stances.items())],
            "changes": [ch.as_dict() for ch in self.changes],
        }


@dataclass(slots=True)
class Contradiction:
    """Two actors at odds on one proposition: opposite stances ("polarity") or figures that disagree ("numbers")."""

    proposition: str
    kind: str  # polarity | numbers
    a: StoryClaim
    b: StoryClaim
    why: str  # one sentence a reader understands without the claims
    measure: str | None = None  # numbers: the measure both figures are of
    difference: float | None = None  # numbers: how far the smaller figure lies below the larger, in percent

    def as_dict(self) -> dict[str, Any]:
        return {"proposition": self.proposition, "kind": self.kind, "why": self.why, "measure": self.measure,
                "difference": self.difference, "a": self.a.as_dict(), "b": self.b.as_dict()}


@dataclass(slots=True)
class Actor:
    """A speaker the claims name: a registry actor or a person or organisation by its name."""

    id: str  # registry id or "name:…"; for links and filters, never shown as text
    name: str  # the name alone, without title or role
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # titles and roles it was named with ("woordvoerder", "chief executive")
    wikidata: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "roles": list(self.roles), "wikidata": self.wikidata}


@dataclass(slots=True)
class StoryEvent:
    """What happened, where and when: the articles about one event and the propositions of their claims.

    Claims link only inside their event, so every proposition belongs to exactly one."""

    id: str  # "event:…", stable across runs; for links, never shown as text
    label: str  # where and when, with what the event is most about: "Terneuzen, Westerschelde · 2026-09"
    places: list[str]  # the places its articles name most, cities and regions first
    first: str | None  # the earliest and latest article date ("YYYY-MM-DD" or "YYYY-MM")
    last: str | None
    articles: int
    propositions: list[str] = field(default_factory=list)  # Proposition ids, largest first

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "places": list(self.places), "first": self.first, "last": self.last,
                "articles": self.articles, "propositions": list(self.propositions)}


@dataclass(slots=True)
class Story:
    propositions: list[Proposition] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[StoryEvent] = field(default_factory=list)  # largest first; each lists its propositions
    errors: list[InputError] = field(default_factory=list)  # inputs that could not be read (api.build_story); not in the JSON

    def to_records(self, what: str = "claims") -> list[dict[str, Any]]:
        """Flat rows for tables: ``what="claims"``, one per claim (the claim contract's keys with
        ``actor``, ``outlet``, ``article_title``); ``what="series"``, one per figure of each series
        (``SeriesPoint`` keys). Each row starts with its ``proposition`` id and ``label``."""
        if what not in ("claims", "series"):
            raise ValueError(f"what must be 'claims' or 'series', not {what!r}")
        rows = []
        for p in self.propositions:
            head = {"proposition": p.id, "label": p.label}
            if what == "claims":
                rows += [head | c.as_dict() for c in p.claims]
            else:
                rows += [head | s.as_dict() for xs in (p.series, *p.other_series.values()) for s in xs]
        return rows

    def to_pandas(self, what: str = "claims") -> pandas.DataFrame:
        """``to_records(what)`` as a pandas DataFrame (pip install claimtrail[pandas])."""
        return to_pandas(self.to_records(what))

    def as_dict(self) -> dict[str, Any]:
        return {"events": [e.as_dict() for e in self.events],
                "propositions": [p.as_dict() for p in self.propositions],
                "contradictions": [x.as_dict() for x in self.contradictions],
                "actors": [a.as_dict() for a in self.actors]}

    def event_of(self, proposition: Proposition) -> StoryEvent | None:
        return next((e for e in self.events if e.id == proposition.event), None)

def to_pandas(records: list[dict[str, Any]]) -> pandas.DataFrame:
    """A DataFrame of ``records`` (from ``Claims.to_records`` or ``Story.to_records``); needs pandas."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError(PANDAS_HINT) from e
    return pandas.DataFrame.from_records(records)
