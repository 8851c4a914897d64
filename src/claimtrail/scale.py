"""Parallel runs: ingest, clean, annotate and extract in worker processes or on a Dask cluster.

The unit of work is one input (a file, a folder entry, a URL; a feed or JSONL file yields several
articles). Workers run stages 1, 2, 4 and 5 (``process_inputs``) with the ``Stages`` they are given
(``pipeline.Pipeline``; passed in, not imported, so that the pipeline can call this module); the
calling process receives the results in input order and does what needs the whole batch:
near-duplicate detection and storage. So a parallel run gives exactly the output of a
single-process run.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .dedupe import hashvalues, minhash
from .errors import Code, InputError
from .ingest import read_inputs
from .model import Article, Claim
from .options import Options

log = logging.getLogger(__name__)
CHUNK_INPUTS = 8  # inputs per task: enough to amortise scheduling, small enough to balance the load


@dataclass
class Processed:
    """One article (or one failed input) as a worker returns it."""

    article: Article | None
    claims: list[Claim]
    minhash: np.ndarray | None  # MinHash hash values; the deduplication happens in order, in the caller
    error: InputError | None = None


class Stages(Protocol):
    """The per-article stages a worker runs, built once per worker process from the options."""

    def __init__(self, options: Options) -> None: ...
    def prepare(self, article: Article) -> Article: ...
    def extract_many(self, articles: list[Article]) -> list[list[Claim]]: ...


_PIPELINES: dict = {}


def _pipeline(stages: type[Stages], options: Options, with_claims: bool) -> Stages:
    key = (stages, options, with_claims)
    if key not in _PIPELINES:  # one pipeline per worker process and options: resources load once
        _PIPELINES[key] = stages(options)
    return _PIPELINES[key]


def process_many(pipeline: Stages, items: list[Article | InputError], with_claims: bool) -> list[Processed]:
    """Stages 2, 4 and 5 for ingested items (no deduplication), in order; errors become data."""
    out: list[Processed | None] = []
    ready: list[tuple[int, Article, object]] = []
    for item in items:
        if isinstance(item, InputError):
            out.append(Processed(None, [], None, item))
            continue
        try:
            article = pipeline.prepare(item)
            ready.append((len(out), article, minhash(article.body_text() or article.text)))
            out.append(None)
        except Exception as e:  # a bug must cost one article, not the batch  # pragma: no cover
            out.append(_internal_error(item, e))
    claims = _extract(pipeline, [a for _, a, _ in ready]) if with_claims else [[] for _ in ready]
    for (i, article, mh), cs in zip(ready, claims, strict=True):
        out[i] = cs if isinstance(cs, Processed) else Processed(article, cs, hashvalues(mh))
    return out


def _extract(pipeline: Stages, articles: list[Article]) -> list:
    """Claims per article; when the batch fails, each article alone, so that a bug costs one article."""
    try:
        return pipeline.extract_many(articles)
    except Exception:
        if len(articles) == 1:
            return [_internal_error(articles[0], sys.exc_info()[1])]
        return [_extract(pipeline, [a])[0] for a in articles]


def _internal_error(item: Article, e: BaseException) -> Processed:
    log.debug("%s: internal error", item.source, exc_info=e)
    return Processed(None, [], None, InputError(item.source, Code.E018, detail=f"{type(e).__name__}: {e}"[:200]))


def process_inputs(paths: list[str], options: Options, with_claims: bool, stages: type[Stages]) -> list[Processed]:
    """Stages 1-5 (without deduplication) for a few inputs; runs in a worker."""
    pipeline = _pipeline(stages, options, with_claims)
    return process_many(pipeline, list(read_inputs(paths, options)), with_claims)


def _chunks(paths: list[str], n: int) -> list[list[str]]:
    return [paths[i : i + n] for i in range(0, len(paths), n)]


def run_parallel(paths: Iterable[str], options: Options, with_claims: bool, stages: type[Stages], workers: int = 1,
                 dask: str | None = None) -> Iterator[Processed]:
    """Processed inputs in input order, from a local process pool or a Dask cluster."""
    chunks = _chunks(list(paths), CHUNK_INPUTS)
    if dask:
        from distributed import Client

        with Client(dask) as client:
            futures = client.map(process_inputs, chunks, options=options, with_claims=with_claims, stages=stages, pure=False)
            for f in futures:
                yield from f.result()
        return
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(workers) as pool:
        for batch in pool.imap(_work, [(c, options, with_claims, stages) for c in chunks]):
            yield from batch


def _work(args: tuple[list[str], Options, bool, type[Stages]]) -> list[Processed]:
    return process_inputs(*args)
