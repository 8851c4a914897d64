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

from .errors import ClaimtrailError, Code, ConfigError, InputError, StoreError
from .ingest import expand
from .options import Options, check_format, parse_languages
from .output import write
from .pipeline import Pipeline
from .safe import terminal
from .store import DEFAULT_DB, is_postgres, open_store
from .store.rows import redact

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Follow a news story across articles: who claimed what, when, how sure.")
err = Console(stderr=True)
log = logging.getLogger("claimtrail")

ARTICLE_COLUMNS = ["id", "language", "published", "updated", "title", "outlet", "agencies", "body", "clutter", "duplicate_of"]
TABLE_COLUMNS = ["article", "date", "source", "stance", "quantities", "text"]
CLAIM_COLUMNS = ["article", "start", "end", "source", "source_id", "stance", "cue", "quantities", "date", "text", "content", "places", "extractor"]

Paths = Annotated[list[str], typer.Argument(help="Files, folders, feeds (.xml), JSONL, WARC files or http(s) URLs.")]
Db = Annotated[str, typer.Option("--db", help="SQLite file (or sqlite:///path).")]
Lang = Annotated[str, typer.Option("--lang", help="Comma-separated languages to consider.")]
Actors = Annotated[list[Path] | None, typer.Option("--actors", help="Your own actor registry (YAML); may repeat.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]
Workers = Annotated[int, typer.Option("--workers", min=1, help="Worker processes for ingest and extraction (1: none).")]
Analyzer = Annotated[str, typer.Option("--analyzer", help="builtin | frog (Debian's Frog for Dutch: lemmas, entities, parse).")]
Dask = Annotated[str | None, typer.Option("--dask", help="Run ingest and extraction on this Dask scheduler (tcp://HOST:PORT).")]


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


def _options(lang: str, actors: list[Path] | None, max_bytes: int, analyzer: str = "builtin") -> Options:
    options = Options(languages=parse_languages(lang), actor_files=tuple(actors or ()), max_bytes=max_bytes, analyzer=analyzer)
    if analyzer == "frog":
        from .frog import require

        require()
    return options


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=total < 2 or not err.is_terminal,
    )


def _run(paths: list[str], options: Options, db: str | None, fmt: str, to_record, columns: list[str],
         workers: int = 1, dask: str | None = None) -> int:
    """Run the pipeline over ``paths``, write records, report failures; returns the exit code."""
    inputs = list(expand(paths))
    pipeline = Pipeline(options)
    store = open_store(db) if db else None
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
        write(records(), fmt, sys.stdout, columns)
    finally:
        if store is not None:
            store.close()
    summary = f"{counts['articles']} articles, {counts['claims']} claims"
    if db:
        summary += f"; stored in {store.path}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged"
    if failures:
        summary += f"; {len(failures)} input(s) failed"
    _say(summary)
    return 1 if failures else 0


@app.command()
def ingest(
    paths: Paths,
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="jsonl | table")] = "table",
    lang: Lang = "nl,en",
    actors: Actors = None,
    max_bytes: MaxBytes = 20_000_000,
    workers: Workers = 1,
    dask: Dask = None,
    analyzer: Analyzer = "builtin",
    verbose: Verbose = False,
) -> None:
    """Read articles, separate body from clutter, find dates, outlet and agencies, extract claims and store them."""
    _setup_logging(verbose)
    try:
        check_format(fmt, ("jsonl", "json", "csv", "table"))
        options = _options(lang, actors, max_bytes, analyzer)
        code = _run(paths, options, db, fmt, lambda res: [res.article.as_dict()], ARTICLE_COLUMNS, workers, dask)
    except ClaimtrailError as e:
        _fail(e)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", help="jsonl | json | csv | table")] = "jsonl",
    lang: Lang = "nl,en",
    actors: Actors = None,
    db: Annotated[str | None, typer.Option("--db", help="Also store articles and claims in this database.")] = None,
    max_bytes: MaxBytes = 20_000_000,
    workers: Workers = 1,
    dask: Dask = None,
    analyzer: Analyzer = "builtin",
    verbose: Verbose = False,
) -> None:
    """Extract attributed claims (speaker, cue, stance, numbers, date) with character offsets."""
    _setup_logging(verbose)
    try:
        check_format(fmt)
        options = _options(lang, actors, max_bytes, analyzer)
        code = _run(paths, options, db, fmt, lambda res: [c.as_dict() for c in res.claims], CLAIM_COLUMNS, workers, dask)
    except ClaimtrailError as e:
        _fail(e)
    raise typer.Exit(code)


def _with_story_store(paths: list[str] | None, db: str | None, options: Options, use):
    """Ingest ``paths`` (if any) into ``db`` (or memory), link new claims, then ``use(store, pipeline)``;
    returns what ``use`` returned and the exit code."""
    from .story import link_store

    if not paths and not db:
        raise ConfigError(Code.E019)
    if db and not paths and not is_postgres(db) and not Path(db).exists():
        raise StoreError(Code.E015, detail=f"{db}: no such database; run `claimtrail ingest` first")
    store = open_store(db or ":memory:")
    try:
        code = _ingest_quietly(paths, options, store) if paths else 0
        pipeline = Pipeline(options)
        n = link_store(store, pipeline.registry)
        log.info("linked %d new claims", n)
        return use(store, pipeline), code
    finally:
        store.close()


def _build_story(paths: list[str] | None, db: str | None, options: Options, with_articles: bool = False):
    """The whole story in memory (for reports); returns (story, articles, code)."""
    from .story import build_story

    def use(store, pipeline: Pipeline):
        result = build_story(store, pipeline.registry, options.languages)
        wanted = {c["article"] for p in result.propositions for c in p["claims"]} if with_articles else set()
        return result, {a: store.get_article(a) for a in wanted}

    (result, articles), code = _with_story_store(paths, db, options, use)
    return result, articles, code


@app.command()
def story(
    paths: Annotated[list[str] | None, typer.Argument(help="Inputs to add first (optional with --db).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database to grow the story in; without it the story covers PATHs only.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json | md")] = "json",
    lang: Lang = "nl,en",
    actors: Actors = None,
    max_bytes: MaxBytes = 20_000_000,
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
    err.print(f"{len(result.propositions)} propositions, {len(result.contradictions)} contradictions, {len(result.actors)} actors", highlight=False)
    raise typer.Exit(code)


def _write_story_json(store, pipeline: Pipeline) -> None:
    from .story import write_json

    props, contras, actors = write_json(store, pipeline.registry, sys.stdout, pipeline.options.languages)
    err.print(f"{props} propositions, {contras} contradictions, {actors} actors", highlight=False)


@app.command()
def report(
    paths: Annotated[list[str] | None, typer.Argument(help="Inputs to add first (optional with --db).")] = None,
    out: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path("report.html"),
    db: Annotated[str | None, typer.Option("--db", help="Database to report on (and to add PATHs to).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html | md | csv")] = "html",
    title: Annotated[str, typer.Option("--title", help="Report title.")] = "claimtrail report",
    lang: Lang = "nl,en",
    actors: Actors = None,
    max_bytes: MaxBytes = 20_000_000,
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
    _say(f"wrote {out.resolve()} ({out.stat().st_size:,} bytes): {len(result.propositions)} propositions, "
              f"{sum(len(p['claims']) for p in result.propositions)} claims")
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


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="CLAIMTRAIL_TOKEN", help="Token every request must carry.")] = None,
    lang: Lang = "nl,en",
    actors: Actors = None,
) -> None:
    """Run the local web app: stories, propositions, actors, articles, search, ingest form and JSON API."""
    import uvicorn

    from .web import check_binding, create_app

    try:
        check_binding(host, token)
        web = create_app(db, token, _options(lang, actors, 20_000_000))
    except ClaimtrailError as e:
        _fail(e)
    _say(f"claimtrail on http://{host}:{port}/{'?token=…' if token else ''}  (database {redact(db)})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def claims(
    db: Db = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="jsonl | json | csv | table")] = "table",
    article: Annotated[str | None, typer.Option("--article", help="Only this article's claims.")] = None,
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
    err.print(f"{n} claims", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
