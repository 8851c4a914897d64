"""The ``claimtrail`` command: a thin layer that maps options to the pipeline and errors to lines.

Data goes to stdout, logs and progress to stderr. Exit codes: 0 all inputs read, 1 some input
failed (the rest was processed and stored), 2 bad options or an unusable database.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .errors import ClaimtrailError, Code, ConfigError, InputError, StoreError
from .ingest import expand
from .options import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Options, check_format, parse_languages
from .output import write
from .pipeline import Pipeline
from .safe import redact, terminal
from .store import DEFAULT_DB, is_postgres, open_store


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
log = logging.getLogger("claimtrail")

ARTICLE_COLUMNS = ["id", "language", "published", "updated", "title", "outlet", "agencies", "body", "clutter", "duplicate_of"]
TABLE_COLUMNS = ["article", "date", "source", "stance", "quantities", "text"]
CLAIM_COLUMNS = ["article", "start", "end", "source", "source_id", "stance", "cue", "quantities", "date", "text", "content", "places", "extractor"]

Paths = Annotated[list[str], typer.Argument(metavar="PATH...", help="Files, folders, feeds (.xml), JSONL, WARC files or http(s) URLs.")]
MorePaths = Annotated[list[str] | None, typer.Argument(metavar="PATH...", help="Inputs to add first (optional with --db).")]
Db = Annotated[str, typer.Option("--db", metavar="FILE|URL", help="SQLite file (or sqlite:///path) or postgresql:// URL.")]
Lang = Annotated[str, typer.Option("--lang", metavar="LANGS", help="Comma-separated languages to consider.")]
Actors = Annotated[list[Path] | None, typer.Option("--actors", metavar="FILE", help="Your own actor registry (YAML); may repeat.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", metavar="BYTES", help="Refuse input files larger than this.")]
MaxChars = Annotated[int, typer.Option("--max-chars", metavar="CHARS", min=1, help="Refuse an article whose text is longer than this.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]
Workers = Annotated[int, typer.Option("--workers", min=1, metavar="N", help="Worker processes for ingest and extraction (1: none).")]
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
    from .analyzers import get

    get(analyzer).check()
    return options


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=total < 2 or not err.is_terminal,
    )


def _run(paths: list[str], options: Options, db: str | None, fmt: str, to_record, columns: list[str],
         workers: int = 1, dask: str | None = None) -> int:
    """Run the pipeline over ``paths``, write records, report failures; returns the exit code."""
    pipeline = Pipeline(options)
    store = open_store(db) if db else None
    inputs = list(expand(paths, store.stored_source if store is not None else None))  # ids: see ingest.expand
    failures: list[InputError] = []
    counts = {"articles": 0, "claims": 0, "new": 0, "updated": 0, "unchanged": 0}

    def records():
        with _progress(len(inputs)) as bar:
            task = bar.add_task("reading", total=len(inputs))
            last = None
            good = [i for i in inputs if not isinstance(i, InputError)]
            for i in inputs:
                if isinstance(i, InputError):
                    failures.append(i)
                    _error(i)
            for res in pipeline.run(good, store=store, workers=workers, dask=dask):
                if res.error is not None:
                    failures.append(res.error)
                    _error(res.error)
                    src = res.error.source
                else:
                    counts["articles"] += 1
                    counts["claims"] += len(res.claims)
                    if res.stored:
                        counts[res.stored] += 1
                    src = res.article.source
                    yield from to_record(res)
                top = src.split("#")[0].rsplit(":", 1)[0] if not src.startswith("http") else src
                if top != last:
                    bar.advance(task)
                    last = top

    try:
        if fmt == "none":  # only the summary line
            for _ in records():
                pass
        else:
            write(records(), fmt, sys.stdout, columns)
    finally:
        if store is not None:
            store.close()
    summary = f"{plural(counts['articles'], 'article')}, {plural(counts['claims'], 'claim')}"
    if db:
        summary += f"; stored in {store.path}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged"
    if failures:
        summary += f"; {plural(len(failures), 'input')} failed"
    _say(summary)  # one line, however narrow the terminal
    return 1 if failures else 0


@app.command(cls=Command)
def ingest(
    paths: Paths,
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, Format("jsonl | table | none (only the summary)")] = "table",
    lang: Lang = "nl,en",
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
        code = _run(paths, options, db, fmt, lambda res: [res.article.as_dict()], ARTICLE_COLUMNS, workers, dask)
        if link:
            _link_db(db, options)  # the stored stage after storing: the story and the web app read these links
    except ClaimtrailError as e:
        _fail(e)
    raise typer.Exit(code)


@app.command(cls=Command)
def extract(
    paths: Paths,
    fmt: Annotated[str, Format("jsonl | json | csv | table")] = "jsonl",
    lang: Lang = "nl,en",
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


def _link_db(db: str, options: Options) -> int:
    """Link the claims of ``db`` that are not linked yet (stage 7); progress and a summary on stderr."""
    from .actors import load_registry

    store = open_store(db)
    try:
        n = _link_with_progress(store, load_registry(options.actor_files))
        if n:
            _say(f"linked {plural(n, 'new claim')} in {store.path}")
        return n
    finally:
        store.close()


def _link_with_progress(store, registry) -> int:
    from .story import link_store

    pending = store.link_state()["unlinked"]
    with _progress(pending) as bar:
        task = bar.add_task("linking", total=pending)
        return link_store(store, registry, progress=lambda k: bar.advance(task, k))


@app.command()
def link(
    db: Db = DEFAULT_DB,
    verbose: Verbose = False,
) -> None:
    """Link the stored claims that are not linked yet into propositions (ingest does this at its end)."""
    _setup_logging(verbose)
    try:
        if not Path(db).exists() and not is_postgres(db):
            raise StoreError(Code.E015, detail=f"{db}: no such database; run `claimtrail ingest` first")
        n = _link_db(db, Options())
        if not n:
            err.print("nothing to link", highlight=False)
    except ClaimtrailError as e:
        _fail(e)


def _with_story_store(paths: list[str] | None, db: str | None, options: Options, use):
    """Ingest ``paths`` (if any) into ``db`` (or memory), link new claims, then ``use(store, pipeline)``;
    returns what ``use`` returned and the exit code."""
    if not paths and not db:
        raise ConfigError(Code.E019)
    if db and not paths and not is_postgres(db) and not Path(db).exists():
        raise StoreError(Code.E015, detail=f"{db}: no such database; run `claimtrail ingest` first")
    store = open_store(db or ":memory:")
    try:
        code = _ingest_quietly(paths, options, store) if paths else 0
        pipeline = Pipeline(options)
        n = _link_with_progress(store, pipeline.registry)  # usually none: ingest links at its end
        log.info("linked %d new claims", n)
        return use(store, pipeline), code
    finally:
        store.close()


def _build_story(paths: list[str] | None, db: str | None, options: Options, with_articles: bool = False):
    """The whole story in memory (for reports); returns (story, articles, code)."""
    from .story import build_story

    def use(store, pipeline: Pipeline):
        result = build_story(store, pipeline.registry, options.languages)
        wanted = {c.article for p in result.propositions for c in p.claims} if with_articles else set()
        return result, {a: store.get_article(a) for a in wanted}

    (result, articles), code = _with_story_store(paths, db, options, use)
    return result, articles, code


@app.command(cls=Command)
def story(
    paths: MorePaths = None,
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Database to grow the story in; without it the story covers PATHs only.")] = None,
    fmt: Annotated[str, Format("json | md")] = "json",
    lang: Lang = "nl,en",
    actors: Actors = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    verbose: Verbose = False,
) -> None:
    """Link claims across articles and languages into propositions: timelines, estimate series, contradictions."""
    from .story import to_markdown

    _setup_logging(verbose)
    try:
        check_format(fmt, ("json", "md"))
        if fmt == "json":  # streamed: a million claims do not have to fit in memory at once
            _, code = _with_story_store(paths, db, _options(lang, actors, max_bytes), _write_story_json)
            raise typer.Exit(code)
        result, _, code = _build_story(paths, db, _options(lang, actors, max_bytes))
    except ClaimtrailError as e:
        _fail(e)
    sys.stdout.write(to_markdown(result))
    err.print(f"{plural(len(result.propositions), 'proposition')}, {plural(len(result.contradictions), 'contradiction')}, "
              f"{plural(len(result.actors), 'actor')}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _write_story_json(store, pipeline: Pipeline) -> None:
    from .story import write_json

    props, contras, actors = write_json(store, pipeline.registry, sys.stdout, pipeline.options.languages)
    err.print(f"{plural(props, 'proposition')}, {plural(contras, 'contradiction')}, {plural(actors, 'actor')}", highlight=False, soft_wrap=True)


@app.command(cls=Command)
def report(
    paths: MorePaths = None,
    out: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="File to write.")] = Path("report.html"),
    db: Annotated[str | None, typer.Option("--db", metavar="FILE|URL", help="Database to report on (and to add PATHs to).")] = None,
    fmt: Annotated[str, Format("html | md | csv")] = "html",
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="Report title.")] = "claimtrail report",
    lang: Lang = "nl,en",
    actors: Actors = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    verbose: Verbose = False,
) -> None:
    """Write a shareable report: one self-contained HTML file (works offline), Markdown or CSV of the claims."""
    from .report import render_csv, render_html, render_markdown

    _setup_logging(verbose)
    try:
        check_format(fmt, ("html", "md", "csv"))
        result, articles, code = _build_story(paths, db, _options(lang, actors, max_bytes), with_articles=fmt == "html")
        if fmt == "html":
            body = render_html(result, articles, title)
        elif fmt == "md":
            body = render_markdown(result)
        else:
            body = render_csv(result)
        out.write_text(body, encoding="utf-8")
    except ClaimtrailError as e:
        _fail(e)
    except OSError as e:
        _error(f"{out}: cannot write: {e.strerror or e}")
        raise typer.Exit(2) from None
    _say(f"wrote {out.resolve()} ({out.stat().st_size:,} bytes): {plural(len(result.propositions), 'proposition')}, "
         f"{plural(sum(len(p.claims) for p in result.propositions), 'claim')}")
    print(out.resolve())
    raise typer.Exit(code)


def _ingest_quietly(paths: list[str], options: Options, store) -> int:
    """Ingest into ``store`` with progress and error lines on stderr; returns the exit code."""
    inputs = list(expand(paths))
    failures = [i for i in inputs if isinstance(i, InputError)]
    for f in failures:
        _error(f)
    good = [i for i in inputs if not isinstance(i, InputError)]
    with _progress(len(good)) as bar:
        task = bar.add_task("reading", total=len(good))
        for res in Pipeline(options).run(good, store=store):
            if res.error is not None:
                failures.append(res.error)
                _error(res.error)
            bar.advance(task)
    return 1 if failures else 0


@app.command(cls=Command)
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", metavar="TOKEN", envvar="CLAIMTRAIL_TOKEN", help="Token every request must carry.")] = None,
    lang: Lang = "nl,en",
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
) -> None:
    """List the claims stored in the database."""
    try:
        check_format(fmt)
        if not Path(db).exists() and not is_postgres(db):
            raise StoreError(Code.E015, detail=f"{db}: no such database; run `claimtrail ingest` first")
        store = open_store(db)
        try:
            n = write((c.as_dict() for c in store.claims(article)), fmt, sys.stdout, CLAIM_COLUMNS if fmt != "table" else TABLE_COLUMNS)
        finally:
            store.close()
    except ClaimtrailError as e:
        _fail(e)
    err.print(plural(n, "claim"), highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
