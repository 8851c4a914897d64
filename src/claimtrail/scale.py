"""Parallel runs: ingest, clean, annotate and extract in worker processes or on a Dask cluster.

The unit of work is one input (a file, a folder entry, a URL; a feed or JSONL file yields several
articles). Workers run stages 1, 2, 4 and 5 (``process_input``); the calling process receives the
results in input order and does what needs the whole batch: near-duplicate detection and storage.
So a parallel run gives exactly the output of a single-process run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

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


_PIPELINES: dict = {}


def _pipeline(options: Options, with_claims: bool):
    from .pipeline import Pipeline

    key = (options, with_claims)
    if key not in _PIPELINES:  # one pipeline per worker process and options: resources load once
        _PIPELINES[key] = Pipeline(options)
    return _PIPELINES[key]


def process(pipeline, item: Article | InputError, with_claims: bool) -> Processed:
    """Stages 2, 4 and 5 for one ingested item (no deduplication); errors become data."""
    from .clean import minhash

    if isinstance(item, InputError):
        return Processed(None, [], None, item)
    try:
        article = pipeline.prepare(item)
        mh = minhash(article.body_text() or article.text)
        claims = pipeline.extract(article) if with_claims else []
    except Exception as e:  # a bug must cost one article, not the batch  # pragma: no cover
        log.debug("%s: internal error", item.source, exc_info=True)
        return Processed(None, [], None, InputError(item.source, Code.E018, detail=f"{type(e).__name__}: {e}"[:200]))
    return Processed(article, claims, np.asarray(mh.hashvalues, dtype=np.uint64))


def process_inputs(paths: list[str], options: Options, with_claims: bool = True) -> list[Processed]:
    """Stages 1-5 (without deduplication) for a few inputs; runs in a worker."""
    pipeline = _pipeline(options, with_claims)
    return [process(pipeline, item, with_claims) for item in read_inputs(paths, options)]


def _chunks(paths: list[str], n: int) -> list[list[str]]:
    return [paths[i : i + n] for i in range(0, len(paths), n)]


def run_parallel(paths: Iterable[str], options: Options, with_claims: bool, workers: int = 1, dask: str | None = None) -> Iterator[Processed]:
    """Processed inputs in input order, from a local process pool or a Dask cluster."""
    chunks = _chunks(list(paths), CHUNK_INPUTS)
    if dask:
        from distributed import Client

        with Client(dask) as client:
            futures = client.map(process_inputs, chunks, options=options, with_claims=with_claims, pure=False)
            for f in futures:
                yield from f.result()
        return
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(workers) as pool:
        for batch in pool.imap(_work, [(c, options, with_claims) for c in chunks]):
            yield from batch


def _work(args: tuple[list[str], Options, bool]) -> list[Processed]:
    return process_inputs(*args)
