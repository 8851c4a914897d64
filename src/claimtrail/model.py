"""The records that flow between pipeline stages.

Every stage takes and returns these plain dataclasses; nothing else is passed around. Offsets are
always Python ``str`` indices into ``Article.text``, the article's original text: the file's text
verbatim for text inputs, the page's visible text (see ``ingest.html.visible_text``) for HTML.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


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

    def as_list(self) -> list:
        return [self.start, self.end, self.kind] if self.kind else [self.start, self.end]


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
        d = asdict(self)
        if self.value is not None and float(self.value).is_integer():
            d["value"] = int(self.value)
        for k in ("low", "high"):
            if d[k] is not None and float(d[k]).is_integer():
                d[k] = int(d[k])
        return d


QUANTITY_FIELDS = frozenset(Quantity.__dataclass_fields__)


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
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
