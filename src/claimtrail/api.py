"""The Python API: what the CLI does, for notebooks and scripts. The CLI and the web app call it too.

    import claimtrail
    claims = claimtrail.extract_text("De minister zei dat er 300 doden zijn.", lang="nl")
    claims.to_pandas()                      # one row per claim (pandas: pip install claimtrail[pandas])
    story = claimtrail.build_story(["examples/"])  # propositions, series, contradictions (model.Story)
    story.to_pandas()                       # one row per claim, with its proposition

Every function returns the typed records of ``claimtrail.model``; ``to_records`` gives the claim
contract's dicts (the JSON the CLI writes). Bad inputs do not raise: they are collected on
``Claims.errors``, ``Story.errors`` and ``Ingest.errors`` (one ``InputError`` each, with its code),
as the CLI prints one line per input.

Reading and linking are written once, here: ``Ingest`` reads inputs through every stage into a
database and links their claims after the last one; ``linked_store`` opens a database with inputs
added and every claim linked; ``read_story``, ``write_story_json``, ``claims`` and ``render_report``
read a database. ``build_story`` is ``linked_store`` and ``read_story`` in one call.

Functions that read or link take ``lang`` and ``actors`` (and ``analyzer`` where articles are read),
or a whole ``claimtrail.options.Options`` as ``options`` (max sizes too), not both. A ``db`` is a
SQLite path, ``sqlite:///path``, a ``postgresql://`` URL or an open ``Store`` (used as it is and left
open). ``progress`` is called as ``progress(stage, advanced, total)``: once with 0 when a stage
("reading", "linking") starts, then with each step.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import Code, ConfigError, InputError, StoreError
from .lang import DEFAULT_LANGUAGES
from .model import Article, Claim, Stance, Story, StoryClaim, content_id, to_pandas
from .store import DEFAULT_DB

if TYPE_CHECKING:
    import pandas

    from .actors import Registry
    from .options import Options
    from .pipeline import Result
    from .store import Store

__all__ = ["DEFAULT_DB", "Claims", "Ingest", "build_story", "check_options", "claims", "extract_claims", "extract_text", "link_claims",
           "linked_store", "open_store", "read_story", "render_report", "to_pandas", "write_story_json"]

REPORT_FORMATS = ("html", "md", "csv")
SINCE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

Progress = Callable[[str, int, int], None]  # (stage, advanced, total)
log = logging.getLogger(__name__)


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



def _options(lang: str | None = None, actors: Iterable[str | Path] = (), analyzer: str = "builtin",
             options: Options | None = None) -> Options:
    from .options import Options

    files = tuple(Path(a) for a in actors)
    if options is not None:
        if lang is not None or files or analyzer != "builtin":
            raise ValueError("give options or lang/actors/analyzer, not both")
        return options
    languages = (lang,) if lang else DEFAULT_LANGUAGES
    return Options(languages=languages, actor_files=files, analyzer=analyzer)


def check_options(options: Options) -> None:
    """Raise ``ConfigError`` now, before any input is read, when the analyzer cannot start (E022, E024,
    E026) or an actor file is bad (E016): the CLI's one line at start instead of a failure per article."""
    from .actors import load_registry
    from .analyzers import get

    get(options.analyzer).check()
    load_registry(options.actor_files)


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
                   analyzer: str = "builtin", options: Options | None = None) -> Claims:
    """The claims of files, folders (walked) and URLs, in input order; inputs that cannot be read are
    on ``Claims.errors``, the others are still read."""
    result = Claims()
    batch = Ingest(inputs, options=_options(lang, actors, analyzer, options))
    for r in batch:
        result += r.claims
    result.errors = batch.errors
    return result


class Ingest:
    """``inputs`` (files, folders, feeds, JSONL, WARC, URLs) read through every stage, into ``store``
    when one is given (one transaction per article; an article stored before with the same text,
    code and options is not read again).

    Iterating gives one ``pipeline.Result`` (``article``, ``claims``, ``error``, ``stored``) per
    article and per input that could not be read, in input order; inputs refused while walking
    folders come first. ``link=True`` links the store's claims that are not linked yet after the
    last input. Afterwards ``errors`` holds the inputs that could not be read and ``linked`` how
    many claims were linked. ``workers`` > 1 or ``dask`` (a scheduler's ``tcp://`` address) read
    in parallel; the results still come in input order.
    """

    def __init__(self, inputs: str | Path | Iterable[str | Path], store: Store | None = None, *, options: Options | None = None,
                 workers: int = 1, dask: str | None = None, link: bool = False, progress: Progress | None = None) -> None:
        from .options import Options
        from .pipeline import Pipeline

        if link and store is None:
            raise ValueError("link=True needs a store")
        self.inputs = _paths(inputs)
        self.store = store
        self.pipeline = Pipeline(options or Options())  # loads the actor registry: a bad actor file fails here (E016)
        self.workers = workers
        self.dask = dask
        self.link = link
        self.progress = progress
        self.errors: list[InputError] = []
        self.linked = 0

    def __iter__(self) -> Iterator[Result]:
        from .ingest import expand
        from .pipeline import Result

        store = self.store
        self.errors, self.linked = [], 0
        items = list(expand(self.inputs, store.stored_source if store is not None else None))  # ids: see ingest.expand
        if self.progress:
            self.progress("reading", 0, len(items))
        for item in items:
            if isinstance(item, InputError):
                self.errors.append(item)
                yield Result(error=item)
        good = [i for i in items if not isinstance(i, InputError)]
        last = None
        for res in self.pipeline.run(good, store=store, workers=self.workers, dask=self.dask):
            if res.error is not None:
                self.errors.append(res.error)
                src = res.error.source
            else:
                src = res.article.source
            yield res
            top = src.split("#")[0].rsplit(":", 1)[0] if not src.startswith("http") else src  # a feed's entries: one step
            if self.progress and top != last:
                self.progress("reading", 1, len(items))
            last = top
        if self.link:
            self.linked = _link(store, self.pipeline.registry, self.progress, self.workers)

    def run(self) -> Ingest:
        """Read every input (results not kept: see ``errors``, ``linked`` and the store); returns itself."""
        for _ in self:
            pass
        return self


_LINK_LOCKS: dict[str, threading.Lock] = {}
_LINK_LOCKS_GUARD = threading.Lock()


def _link(store: Store, registry: Registry, progress: Progress | None = None, workers: int = 1) -> int:
    """Link ``store``'s claims not linked yet; two threads of one process never link one database at once
    (each would link the same claims)."""
    from .story import link_store

    with _LINK_LOCKS_GUARD:
        lock = _LINK_LOCKS.setdefault(store.path, threading.Lock())
    with lock:
        if progress is None:
            return link_store(store, registry, workers=workers)
        pending = store.link_state()["unlinked"]
        progress("linking", 0, pending)
        return link_store(store, registry, progress=lambda k: progress("linking", k, pending), workers=workers)


def link_claims(db: Store | str | Path = DEFAULT_DB, *, actors: Iterable[str | Path] = (), options: Options | None = None,
         progress: Progress | None = None, workers: int = 1) -> int:
    """Link the claims of ``db`` that are not linked yet into propositions (incremental: only new claims
    are embedded); returns how many. ``workers`` > 1: sentence vectors are computed in that many worker
    processes. ``Ingest(..., link=True)``, ``linked_store`` and ``build_story`` do this themselves. A
    path that names no database is refused (E015)."""
    from .actors import load_registry

    opts = _options(None, actors, options=options)
    store, opened = _open(db, create=False)
    try:
        return _link(store, load_registry(opts.actor_files), progress, workers)
    finally:
        if opened:
            store.close()


def open_store(url: str | Path = DEFAULT_DB, readonly: bool = False, *, create: bool = True) -> Store:
    """The database at ``url``: a SQLite file path (or ``sqlite:///path``) or ``postgresql://…``; close it
    when done. A SQLite file that is not there is created, or with ``create=False`` refused (E015);
    ``readonly`` opens an existing database without any write."""
    from .store import is_postgres
    from .store import open_store as _open_store

    path = str(url).removeprefix("sqlite:///")
    if not create and not is_postgres(url) and path != ":memory:" and not Path(path).exists():
        raise StoreError(Code.E015, detail=f"{url}: no such database; run `claimtrail ingest` first")
    return _open_store(url, readonly=readonly)


def _open(db: Store | str | Path, *, readonly: bool = False, create: bool = True) -> tuple[Store, bool]:
    """``db`` opened (and to be closed: True), or the open Store it is."""
    if isinstance(db, str | Path):
        return open_store(db, readonly=readonly, create=create), True
    return db, False


@contextmanager
def linked_store(inputs: str | Path | Iterable[str | Path] | None = None, *, db: Store | str | Path | None = None,
                 lang: str | None = None, actors: Iterable[str | Path] = (), options: Options | None = None,
                 on_error: Callable[[InputError], None] | None = None, progress: Progress | None = None) -> Iterator[Store]:
    """The database ``db`` (None: a new one in memory) with ``inputs`` added and every claim linked, open
    for a ``with`` block. Each input that cannot be read goes to ``on_error`` (the others are still
    read). Without inputs, a path that names no database is refused (E015)."""
    if inputs is None and db is None:
        raise ValueError("needs inputs, db or both")
    opts = _options(lang, actors, options=options)
    store, opened = _open(db if db is not None else ":memory:", create=inputs is not None)
    try:
        batch = Ingest(inputs if inputs is not None else [], store, options=opts, link=True, progress=progress)
        for r in batch:
            if r.error is not None and on_error is not None:
                on_error(r.error)
        log.info("linked %d new claims", batch.linked)
        yield store
    finally:
        if opened:
            store.close()


def read_story(db: Store | str | Path = DEFAULT_DB, *, lang: str | None = None, actors: Iterable[str | Path] = (),
               options: Options | None = None) -> Story:
    """The story of a database from its stored links: nothing is read or linked (claims not linked yet
    are left out), so a read-only store will do. A path is opened read-only."""
    from .actors import load_registry
    from .story import build_story as _build

    opts = _options(lang, actors, options=options)
    store, opened = _open(db, readonly=True)
    try:
        return _build(store, load_registry(opts.actor_files), opts.languages)
    finally:
        if opened:
            store.close()


def write_story_json(db: Store | str | Path, out: IO[str], *, lang: str | None = None, actors: Iterable[str | Path] = (),
                     options: Options | None = None) -> tuple[int, int, int]:
    """``read_story(db).as_dict()`` as JSON on ``out``, written while it is built (one proposition in
    memory at a time: a million claims stream through); returns the numbers of propositions,
    contradictions and actors."""
    from .actors import load_registry
    from .story import write_json

    opts = _options(lang, actors, options=options)
    store, opened = _open(db, readonly=True)
    try:
        return write_json(store, load_registry(opts.actor_files), out, opts.languages)
    finally:
        if opened:
            store.close()


def build_story(inputs: str | Path | Iterable[str | Path] | None = None, *, db: Store | str | Path | None = None,
                lang: str | None = None, actors: Iterable[str | Path] = (), options: Options | None = None) -> Story:
    """The story of ``inputs`` (read into an in-memory database) or of the database ``db`` (``inputs``
    given too: they are added to it); claims not yet linked are linked first. Inputs that cannot be
    read are on ``Story.errors`` (``e.source`` the input, ``str(e)`` the one line the CLI prints)."""
    if inputs is None and db is None:
        raise ValueError("build_story() needs inputs, db or both")
    opts = _options(lang, actors, options=options)
    errors: list[InputError] = []
    with linked_store(inputs, db=db, options=opts, on_error=errors.append) as store:
        story = read_story(store, options=opts)
    story.errors = errors
    return story


def claims(db: Store | str | Path = DEFAULT_DB, *, article: str | None = None, actor: str | None = None,
           stance: str | None = None, since: str | None = None, q: str | None = None, limit: int | None = None,
           story: Story | None = None, lang: str | None = None, actors: Iterable[str | Path] = (),
           options: Options | None = None) -> Claims:
    """The linked claims of a database, by date (undated last), then article and offset; the one query
    behind ``claimtrail claims`` and the web API's ``/api/claims``. Filters: ``article`` (its id),
    ``actor`` (registry id or ``name:…``, as ``StoryClaim.actor``), ``stance`` ("deny", …), ``since``
    ("YYYY[-MM[-DD]]": claims dated then or later), ``q`` (full-text query); ``limit``: at most this
    many. ``story``: the database's story when already built (saves building it again; ``lang``,
    ``actors`` and ``options`` give the actor registry otherwise). A path is opened read-only;
    nothing is linked (``link`` or ``build_story(db=…)`` link): claims not linked yet are not listed.
    A stance or date that cannot match is refused (E029, E030)."""
    if stance is not None and stance not in {str(s) for s in Stance}:
        raise ConfigError(Code.E029, stance=stance, choices=", ".join(str(s) for s in Stance))
    if since is not None and not SINCE.fullmatch(since):
        raise ConfigError(Code.E030, since=since)
    if limit is not None and limit < 0:
        raise ValueError("limit must be 0 or more")

    def wanted(c: StoryClaim) -> bool:
        return not (article and c.article != article or actor and c.actor != actor or stance and c.stance != stance
                    or since and (not c.date or c.date < since)) and (ids is None or c.id in ids)

    store: Store | None = None
    opened = False
    try:
        if story is None or q:
            store, opened = _open(db, readonly=True)
        ids = {r["claim"] for r in store.search(q, limit=None)["claims"]} if q else None
        if story is not None:
            props: Iterable = story.propositions
        else:  # one proposition in memory at a time: only the claims asked for are kept
            from .actors import load_registry
            from .story import iter_story

            opts = _options(lang, actors, options=options)
            props = (p for p, _ in iter_story(store, load_registry(opts.actor_files), opts.languages))
        out = [c for p in props for c in p.claims if wanted(c)]
    finally:
        if opened:
            store.close()
    out.sort(key=lambda c: (c.date or "9999", c.article, c.start))
    return Claims(out[:limit])


def render_report(story: Story, *, fmt: str = "html", title: str = "claimtrail report", db: Store | str | Path | None = None) -> str:
    """The shareable report of ``story``: ``fmt="html"``, one self-contained file that works offline (it
    shows every article a claim comes from: give the story's database as ``db``), ``"md"`` (Markdown,
    as ``claimtrail story --format md``) or ``"csv"`` (one row per claim)."""
    from .options import check_format
    from .report import render_csv, render_html, render_markdown

    check_format(fmt, REPORT_FORMATS)
    if fmt == "md":
        return render_markdown(story)
    if fmt == "csv":
        return render_csv(story)
    if db is None:
        raise ValueError("the HTML report shows the articles: give the story's database as db")
    store, opened = _open(db, readonly=True)
    try:
        wanted = {c.article for p in story.propositions for c in p.claims}
        articles = {a: store.get_article(a) for a in wanted}
    finally:
        if opened:
            store.close()
    return render_html(story, articles, title)


def _paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    if isinstance(inputs, str | Path):
        return [str(inputs)]
    return [str(i) for i in inputs]
