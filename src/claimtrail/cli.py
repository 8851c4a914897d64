"""The ``claimtrail`` command: a thin layer over ``claimtrail.api`` that maps options to its calls and
errors to lines.

Data goes to stdout, logs and progress to stderr. Exit codes: 0 all inputs read, 1 some input
failed (the rest was processed and stored), 2 bad options or an unusable database. The command
imports from claimtrail only the API and what a command line needs beside it (errors, options,
output writers, safe text, and the web app that ``serve`` runs); tests/test_api.py checks that.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperCommand, TyperGroup

from . import __version__, api
from .errors import ClaimtrailError, Code, ConfigError, InputError
from .options import (
    DEFAULT_LANGUAGES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    Options,
    check_format,
    parse_languages,
)
from .output import write
from .safe import redact, terminal

DEFAULT_DB = api.DEFAULT_DB


class PlainHelp:
    """Help that reads like a person's: ``PATH...`` and ``--db FILE``, not ``{paths}...`` and ``<list[str]>``."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for p in params:
            _plain_help(p)
        return params


class Command(PlainHelp, TyperCommand):
    pass


class Group(PlainHelp, TyperGroup):
    pass


def _plain_help(param) -> None:
    """Show the parameter's metavar (or nothing, for a flag) instead of its Python type."""
    if getattr(param, "is_flag", False) or param.metavar is None:
        param.display_type_rich = lambda ctx: None
        return
    param.display_type_rich = lambda ctx, m=param.metavar: m if param.param_type_name == "option" else None
    if param.param_type_name == "argument":
        param._usage_display_name = lambda m=param.metavar, req=param.required: m if req else f"[{m}]"


app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, help="Follow a news story across articles: who claimed what, when, how sure.")
err = Console(stderr=True)

ARTICLE_COLUMNS = ["id", "language", "published", "updated", "title", "outlet", "agencies", "body", "clutter", "duplicate_of"]
TABLE_COLUMNS = ["article", "date", "source", "stance", "quantities", "text"]
CLAIM_COLUMNS = ["article", "start", "end", "source", "source_id", "stance", "cue", "quantities", "date", "text", "content", "places", "extractor"]

Paths = Annotated[list[str], typer.Argument(metavar="PATH...", help="Files, folders, feeds (.xml), JSONL, WARC files or http(s) URLs.")]
MorePaths = Annotated[list[str] | None, typer.Argument(metavar="PATH...", help="Inputs to add first (optional with --db).")]
Db = Annotated[str, typer.Option("--db", metavar="FILE|URL", help="SQLite file (or sqlite:///path) or postgresql:// URL.")]
ALL_LANGUAGES = ",".join(DEFAULT_LANGUAGES)
Lang = Annotated[str, typer.Option("--lang", metavar="LANGS", help="Comma-separated languages to consider.")]
Actors = Annotated[list[Path] | None, typer.Option("--actors", metavar="FILE", help="Your own actor registry (YAML); may repeat.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", metavar="BYTES", help="Refuse input files larger than this.")]
MaxChars = Annotated[int, typer.Option("--max-chars", metavar="CHARS", min=1, help="Refuse an article whose text is longer than this.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]
Workers = Annotated[int, typer.Option("--workers", min=1, metavar="N", help="Worker processes for ingest, extraction and the sentence vectors of linking (1: none).")]
Analyzer = Annotated[str, typer.Option("--analyzer", metavar="NAME", help="builtin (rules, the default) | frog (Debian's Frog for Dutch) | syntax (the shipped spaCy parser).")]
Dask = Annotated[str | None, typer.Option("--dask", metavar="URL", help="Run ingest and extraction on this Dask scheduler (tcp://HOST:PORT).")]


def Format(choices: str) -> object:  # noqa: N802 (reads like the other option types)
    return typer.Option("--format", metavar="FORMAT", help=choices)


def plural(n: int, word: str) -> str:
    """'1 claim', '2 claims', '1 input', '0 articles'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _version(value: bool) -> None:
    if value:
        print(f"claimtrail {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Follow a news story across articles: who claimed what, when, how sure."""


class _OneLinePerInput(logging.Filter):
    """The CLI prints each bad input once, itself; the library's log line for it would say it twice."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(a, InputError) for a in args)


def _say(text: object) -> None:
    """One line on stderr, printed as it is: paths, URIs and article text may hold "[/b]" or escape sequences."""
    err.print(escape(terminal(str(text))), highlight=False, soft_wrap=True)


def _error(e: object) -> None:
    err.print("[red]error[/red] " + escape(terminal(str(e))), highlight=False, soft_wrap=True)


def _fail(e: Exception) -> None:
    """The one line a user sees for bad options or an unusable database; exit code 2."""
    _error(e)
    raise typer.Exit(2) from None


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _OneLinePerInput) for f in handler.filters):
            handler.addFilter(_OneLinePerInput())


def _options(lang: str, actors: list[Path] | None, max_bytes: int, analyzer: str = "builtin",
             max_chars: int = DEFAULT_MAX_CHARS) -> Options:
    options = Options(languages=parse_languages(lang), actor_files=tuple(actors or ()), max_bytes=max_bytes, analyzer=analyzer,
                      max_chars=max_chars)
    api.check_options(options)  # a broken analyzer or actor file: one line before any input is read
    return options


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=total < 2 or not err.is_terminal,
    )


class _Bars:
    """The API's progress calls (stage, advanced, total) as transient bars on stderr, one stage at a time."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: Progress | None = None
        self.task = None

    def __call__(self, stage: str, advanced: int, total: int) -> None:
        if stage != self.stage or self.bar is None:
            self.close()
            self.stage, self.bar = stage, _progress(total)
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total)
        self.bar.advance(self.task, advanced)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        self.stage = self.bar = None

    def __enter__(self) -> _Bars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run(paths: list[str], options: Options, db: str | None, fmt: str, to_record, columns: list[str],
         workers: int = 1, dask: str | None = None, link: bool = False) -> int:
    """Read ``paths`` (into ``db``; ``link``: then link), write records, report failures; returns the exit code."""
    store = api.open_store(db) if db else None
    counts = {"articles": 0, "claims": 0, "new": 0, "updated": 0, "unchanged": 0}
    try:
        with _Bars() as bars:
            batch = api.Ingest(paths, store, options=options, workers=workers, dask=dask, link=link, progress=bars)

            def records():
                for res in batch:
                    if res.error is not None:
                        _error(res.error)
                        continue
                    counts["articles"] += 1
                    counts["claims"] += len(res.claims)
                    if res.stored:
                        counts[res.stored] += 1
                    yield from to_record(res)

            if fmt == "none":  # only the summary line
                for _ in records():
                    pass
            else:
                write(records(), fmt, sys.stdout, columns)
    finally:
        if store is not None:
            store.close()
    summary = f"{plural(counts['articles'], 'article')}, {plural(counts['claims'], 'claim')}"
    if store is not None:
        summary += f"; stored in {store.path}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged"
    if batch.errors:
        summary += f"; {plural(len(batch.errors), 'input')} failed"
    _say(summary)  # one line, however narrow the terminal
    if batch.linked:
        _say(f"linked {plural(batch.linked, 'new claim')} in {store.path}")
    return 1 if batch.errors else 0


@app.command(cls=Command)
def ingest(
    paths: Paths,
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, Format("jsonl | table | none (only the summary)")] = "table",
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    workers: Workers = 1,
    dask: Dask = None,
    analyzer: Analyzer = "builtin",
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link the new claims into the story at the end (or later: `claimtrail link`).")] = True,
    verbose: Verbose = False,
) -> None:
    """Read articles, separate body from clutter, find dates, outlet and agencies, extract claims, store and link them."""
    _setup_logging(verbose)
    try:
        check_format(fmt, ("jsonl", "json", "csv", "table", "none"))
        options = _options(lang, actors, max_bytes, analyzer, max_chars)
        # linking is the stored stage after storing: the story and the web app read these links
        code = _run(paths, options, db, fmt, lambda res: [res.article.as_dict()], ARTICLE_COLUMNS, workers, dask, link)
    except ClaimtrailError as e:
        _fail(e)
    raise typer.Exit(code)


@app.command(cls=Command)
def extract(
    paths: Paths,
    fmt: Annotated[str, Format("jsonl | json | csv | table")] = "jsonl",
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Also store articles and claims in this database.")] = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    workers: Workers = 1,
    dask: Dask = None,
    analyzer: Analyzer = "builtin",
    verbose: Verbose = False,
) -> None:
    """Extract attributed claims (speaker, cue, stance, numbers, date) with character offsets."""
    _setup_logging(verbose)
    try:
        check_format(fmt)
        options = _options(lang, actors, max_bytes, analyzer, max_chars)
        code = _run(paths, options, db, fmt, lambda res: [c.as_dict() for c in res.claims], CLAIM_COLUMNS, workers, dask)
    except ClaimtrailError as e:
        _fail(e)
    raise typer.Exit(code)


@app.command()
def link(
    db: Db = DEFAULT_DB,
    workers: Workers = 1,
    verbose: Verbose = False,
) -> None:
    """Link the stored claims that are not linked yet into propositions (ingest does this at its end)."""
    _setup_logging(verbose)
    try:
        store = api.open_store(db, create=False)
        try:
            with _Bars() as bars:
                n = api.link_claims(store, progress=bars, workers=workers)
        finally:
            store.close()
    except ClaimtrailError as e:
        _fail(e)
    if n:
        _say(f"linked {plural(n, 'new claim')} in {store.path}")
    else:
        err.print("nothing to link", highlight=False)


@contextmanager
def _story_store(paths: list[str] | None, db: str | None, options: Options) -> Iterator[tuple[object, list[InputError]]]:
    """``db`` (or memory) with ``paths`` added and every claim linked (``api.linked_store``), error lines
    and progress on stderr; yields the store and the inputs that failed."""
    if not paths and not db:
        raise ConfigError(Code.E019)
    failures: list[InputError] = []

    def failed(e: InputError) -> None:
        failures.append(e)
        _error(e)

    bars = _Bars()
    try:
        with api.linked_store(paths or None, db=db, options=options, on_error=failed, progress=bars) as store:
            bars.close()  # before anything is written to stdout
            yield store, failures
    finally:
        bars.close()


@app.command(cls=Command)
def story(
    paths: MorePaths = None,
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Database to grow the story in; without it the story covers PATHs only.")] = None,
    fmt: Annotated[str, Format("json | md")] = "json",
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    verbose: Verbose = False,
) -> None:
    """Link claims across articles and languages into propositions: timelines, estimate series, contradictions."""
    _setup_logging(verbose)
    try:
        check_format(fmt, ("json", "md"))
        options = _options(lang, actors, max_bytes)
        with _story_store(paths, db, options) as (store, failures):
            if fmt == "json":  # streamed: a million claims do not have to fit in memory at once
                counts = api.write_story_json(store, sys.stdout, options=options)
            else:
                result = api.read_story(store, options=options)
                counts = len(result.propositions), len(result.contradictions), len(result.actors)
                sys.stdout.write(api.render_report(result, fmt="md"))
    except ClaimtrailError as e:
        _fail(e)
    props, contras, named = counts
    err.print(f"{plural(props, 'proposition')}, {plural(contras, 'contradiction')}, {plural(named, 'actor')}", highlight=False, soft_wrap=True)
    raise typer.Exit(1 if failures else 0)


@app.command(cls=Command)
def report(
    paths: MorePaths = None,
    out: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="File to write.")] = Path("report.html"),
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Database to report on (and to add PATHs to).")] = None,
    fmt: Annotated[str, Format("html | md | csv")] = "html",
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="Report title.")] = "claimtrail report",
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    verbose: Verbose = False,
) -> None:
    """Write a shareable report: one self-contained HTML file (works offline), Markdown or CSV of the claims."""
    _setup_logging(verbose)
    try:
        check_format(fmt, ("html", "md", "csv"))
        options = _options(lang, actors, max_bytes)
        with _story_store(paths, db, options) as (store, failures):
            result = api.read_story(store, options=options)
            body = api.render_report(result, fmt=fmt, title=title, db=store)
        out.write_text(body, encoding="utf-8")
    except ClaimtrailError as e:
        _fail(e)
    except OSError as e:
        _error(f"{out}: cannot write: {e.strerror or e}")
        raise typer.Exit(2) from None
    _say(f"wrote {out.resolve()} ({out.stat().st_size:,} bytes): {plural(len(result.events), 'event')}, "
         f"{plural(len(result.propositions), 'proposition')}, "
         f"{plural(sum(len(p.claims) for p in result.propositions), 'claim')}")
    print(out.resolve())
    raise typer.Exit(1 if failures else 0)


@app.command(cls=Command)
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", metavar="TOKEN", envvar="CLAIMTRAIL_TOKEN", help="Token every request must carry.")] = None,
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
) -> None:
    """Run the local web app: stories, propositions, actors, articles, search, ingest form and JSON API."""
    import uvicorn

    from .web import check_binding, create_app

    try:
        check_binding(host, token)
        web = create_app(db, token, _options(lang, actors, DEFAULT_MAX_BYTES), host=host, port=port)
    except ClaimtrailError as e:
        _fail(e)
    _say(f"claimtrail on http://{host}:{port}/{'?token=…' if token else ''}  (database {redact(db)})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command(cls=Command)
def claims(
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, Format("jsonl | json | csv | table")] = "table",
    article: Annotated[str | None, typer.Option("--article", metavar="ID", help="Only this article's claims.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", metavar="ID", help="Only this actor's claims (registry id or name:…).")] = None,
    stance: Annotated[str | None, typer.Option("--stance", metavar="STANCE", help="Only claims with this stance (assert, deny, …).")] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only claims dated then or later (YYYY[-MM[-DD]]).")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", metavar="TEXT", help="Only claims matching this full-text query.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, metavar="N", help="At most this many claims.")] = None,
    lang: Lang = ALL_LANGUAGES,
    actors: Actors = None,
) -> None:
    """List the linked claims stored in the database, by date: the query of the web API's /api/claims."""
    try:
        check_format(fmt)
        options = Options(languages=parse_languages(lang), actor_files=tuple(actors or ()))
        store = api.open_store(db, create=False)
        try:
            found = api.claims(store, article=article, actor=actor, stance=stance, since=since, q=query, limit=limit,
                               options=options)
            n = write((c.as_dict() for c in found), fmt, sys.stdout, CLAIM_COLUMNS if fmt != "table" else TABLE_COLUMNS)
            unlinked = store.link_state()["unlinked"]
        finally:
            store.close()
    except ClaimtrailError as e:
        _fail(e)
    err.print(plural(n, "claim"), highlight=False)
    if unlinked:
        err.print(f"{plural(unlinked, 'claim')} not linked yet, not listed: run `claimtrail link`", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
