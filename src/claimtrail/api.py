"""The Python API: what the CLI does, for notebooks and scripts.

    import claimtrail
    claims = claimtrail.extract_text("De minister zei dat er 300 doden zijn.", lang="nl")
    claims.to_pandas()                      # one row per claim (pandas: pip install claimtrail[pandas])
    story = claimtrail.build_story(["examples/"])  # propositions, series, contradictions (model.Story)
    story.to_pandas()                       # one row per claim, with its proposition

Every function returns the typed records of ``claimtrail.model``; ``to_records`` gives the claim
contract's dicts (the JSON the CLI writes). Bad inputs do not raise: they are collected on
``Claims.errors`` (one ``InputError`` each, with its code), as the CLI prints one line per input.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import Article, Claim, Story, StoryClaim, content_id

if TYPE_CHECKING:
    import pandas

    from .options import Options
    from .store import Store

__all__ = ["Claims", "build_story", "claims", "extract_claims", "extract_text", "open_store", "to_pandas"]

PANDAS_HINT = "pandas is needed for DataFrames: pip install claimtrail[pandas]"


class Claims(list[Claim | StoryClaim]):
    """Claims as a list, with the inputs that could not be read (``errors``) and table exports."""

    def __init__(self, items: Iterable[Claim | StoryClaim] = (), errors: Iterable[InputError] = ()) -> None:
        super().__init__(items)
        self.errors: list[InputError] = list(errors)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per claim, in the claim contract's layout (``Claim.as_dict``)."""
        return [c.as_dict() for c in self]

    def to_pandas(self) -> pandas.DataFrame:
        """One row per claim (columns: the claim contract's keys); needs pandas."""
        return to_pandas(self.to_records())


def to_pandas(records: list[dict[str, Any]]) -> pandas.DataFrame:
    """A DataFrame of ``records`` (from ``Claims.to_records`` or ``Story.to_records``); needs pandas."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError(PANDAS_HINT) from e
    return pandas.DataFrame.from_records(records)


def _options(lang: str | None, actors: Iterable[str | Path], analyzer: str = "builtin") -> Options:
    from .options import Options

    languages = (lang,) if lang else ("nl", "en")
    return Options(languages=languages, actor_files=tuple(Path(a) for a in actors), analyzer=analyzer)


def extract_text(text: str, *, lang: str | None = None, title: str | None = None, published: str | None = None,
                 actors: Iterable[str | Path] = (), analyzer: str = "builtin") -> Claims:
    """The claims of one article given as a string.

    ``lang``: "nl" or "en" (None: detected); ``published``: "YYYY-MM-DD", the date relative dates
    resolve against; ``actors``: extra actor registry files (YAML); ``analyzer``: "builtin",
    "syntax" or "frog". Offsets in the claims are indices into ``text``.
    """
    from .pipeline import Pipeline

    hints: dict[str, Any] = {"title": title, "meta_published": published, "language": lang}
    article = Article(id=f"text-{content_id(text, length=8)}", text=text, source="<text>", kind="text",
                      hints={k: v for k, v in hints.items() if v})
    pipeline = Pipeline(_options(lang, actors, analyzer))
    return Claims(pipeline.extract(pipeline.prepare(article)))


def extract_claims(inputs: str | Path | Iterable[str | Path], *, lang: str | None = None, actors: Iterable[str | Path] = (),
            analyzer: str = "builtin") -> Claims:
    """The claims of files, folders (walked) and URLs, in input order; inputs that cannot be read are
    on ``Claims.errors``, the others are still read."""
    from .pipeline import Pipeline

    result = Claims()
    for r in Pipeline(_options(lang, actors, analyzer)).run(_paths(inputs)):
        if r.error is not None:
            result.errors.append(r.error)
        else:
            result += r.claims
    return result


def open_store(url: str | Path = "claimtrail.db", readonly: bool = False) -> Store:
    """The database at ``url``: a SQLite file path (or ``sqlite:///path``) or ``postgresql://…``; close it when done."""
    from .store import open_store as _open

    return _open(url, readonly=readonly)


def build_story(inputs: str | Path | Iterable[str | Path] | None = None, *, db: str | Path | None = None,
          lang: str | None = None, actors: Iterable[str | Path] = ()) -> Story:
    """The story of ``inputs`` (read into an in-memory database) or of the database ``db`` (``inputs``
    given too: they are added to it); claims not yet linked are linked first."""
    from .pipeline import Pipeline
    from .story import build_story, link_store

    if inputs is None and db is None:
        raise ValueError("build_story() needs inputs, db or both")
    pipeline = Pipeline(_options(lang, actors))
    store = open_store(db if db is not None else ":memory:")
    try:
        if inputs is not None:
            for _ in pipeline.run(_paths(inputs), store=store):  # unreadable inputs are logged and skipped
                pass
        link_store(store, pipeline.registry)
        return build_story(store, pipeline.registry, pipeline.options.languages)
    finally:
        store.close()


def claims(store_or_url: Store | str | Path, *, actor: str | None = None, stance: str | None = None,
           since: str | None = None, q: str | None = None, limit: int | None = None,
           story: Story | None = None) -> Claims:
    """The linked claims of a database, by date, filtered as the web API's ``/api/claims`` filters:
    ``actor`` (registry id or ``name:…``), ``stance`` ("deny", …), ``since`` ("YYYY[-MM[-DD]]"), ``q``
    (full-text query); ``story``: the database's story when already built (saves building it again).
    A URL is opened read-only; nothing is linked (``build_story(db=…)`` links)."""
    from .actors import load_registry
    from .story import build_story

    opened = None

    def store() -> Store:
        nonlocal opened
        if opened is None:
            opened = open_store(store_or_url, readonly=True) if isinstance(store_or_url, str | Path) else store_or_url
        return opened

    try:
        if story is None:
            story = build_story(store(), load_registry(()))
        ids = {r["claim"] for r in store().search(q, limit=10_000)["claims"]} if q else None
    finally:
        if opened is not None and opened is not store_or_url:
            opened.close()
    out = [c for p in story.propositions for c in p.claims
           if not (actor and c.actor != actor or stance and c.stance != stance)
           and not (since and (not c.date or c.date < since))
           and (ids is None or c.id in ids)]
    out.sort(key=lambda c: (c.date or "9999", c.article, c.start))
    return Claims(out[:limit])


def _paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    if isinstance(inputs, str | Path):
        return [str(inputs)]
    return [str(i) for i in inputs]
