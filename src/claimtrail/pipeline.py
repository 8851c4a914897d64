"""The orchestrator: one numbered cascade from inputs to stored claims.

    1. ingest   paths, folders, URLs          -> Article (text kept verbatim)   ingest/
    2. clean    body vs clutter spans          -> Article.body, Article.clutter  clean.py
    3. dedupe   MinHash near-duplicates        -> Article.duplicate_of           clean.py
    4. meta     language, dates, outlet        -> Article fields                 meta.py
    5. extract  sentences, actors, claims      -> list[Claim]                    analyze.py, extract/
    6. store    one transaction per article    -> database                       store.py

Each stage is a plain function of dataclasses; ``Pipeline`` only holds loaded resources (the actor
registry, the extractor), so the same stages run in one process or in worker processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from datasketch import MinHash

from .actors import Registry, load_registry
from .clean import MINHASH_PERM, MINHASH_SCHEME, Deduper, clean
from .errors import InputError
from .ingest import read_inputs
from .meta import annotate
from .model import Article, Claim
from .options import Options

log = logging.getLogger(__name__)
FROG_BATCH = 200


@dataclass(slots=True)
class Result:
    article: Article | None = None
    claims: list[Claim] = field(default_factory=list)
    error: InputError | None = None
    stored: str | None = None  # "new" | "updated" | "unchanged" when a store was given


class Pipeline:
    def __init__(self, options: Options, registry: Registry | None = None) -> None:
        self.options = options
        self.registry = registry or load_registry(options.actor_files)
        self._extractor = None

    @property
    def extractor(self):
        if self._extractor is None:
            from .extract import Extractor

            self._extractor = Extractor(self.registry, self.options.languages, self.options.analyzer)
        return self._extractor

    def prepare(self, article: Article) -> Article:
        """Stages 2 and 4: clean and annotate one article (no cross-article state)."""
        clean(article, self.options.languages)
        annotate(article, self.registry, self.options.languages, self.options.reference_time)
        return article

    def extract(self, article: Article) -> list[Claim]:
        """Stage 5: the article's claims, from its body only."""
        return self.extractor.extract(article)

    def extract_many(self, articles: list[Article]) -> list[list[Claim]]:
        """Stage 5 for a batch (an external analyzer starts once per batch)."""
        return self.extractor.extract_many(articles)

    def run(
        self,
        inputs: Iterable[str],
        store=None,
        with_claims: bool = True,
        progress: Callable[[str], None] | None = None,
        workers: int = 1,
        dask: str | None = None,
    ) -> Iterator[Result]:
        """All stages for ``inputs``, in input order; ``workers`` > 1 or ``dask`` run stages 1-5 in parallel."""
        deduper = Deduper(store)
        if workers > 1 or dask:
            from .scale import run_parallel

            processed = run_parallel(list(expand_inputs(inputs)), self.options, with_claims, workers, dask)
        else:
            processed = self._sequential(inputs, with_claims)
        for p in processed:
            if p.error is not None:
                log.info("%s", p.error)  # the caller reports it (the CLI prints one line per failed input)
                yield Result(error=p.error)
                if progress:
                    progress(p.error.source)
                continue
            article = p.article
            mh = MinHash(num_perm=MINHASH_PERM, seed=1, hashvalues=p.minhash, scheme=MINHASH_SCHEME)
            article.duplicate_of = deduper.add(article.id, mh)
            result = Result(article=article, claims=p.claims)
            if store is not None:
                result.stored = store.put_article(article, p.claims, mh)
            if progress:
                progress(article.source)
            yield result

    def _sequential(self, inputs: Iterable[str], with_claims: bool):
        from .scale import batches, process_many

        for batch in batches(read_inputs(inputs, self.options), self.batch_size):
            yield from process_many(self, batch, with_claims)

    @property
    def batch_size(self) -> int:
        """Articles analysed together: 1 (streaming) for the built-in analyzer, more for Frog's slow start."""
        return FROG_BATCH if self.options.analyzer == "frog" else 1


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """Files and URLs one by one (folders walked, each file with its article id), so that each can be a
    unit of parallel work; a path refused while walking stays an error and is not read."""
    from .ingest import expand

    yield from expand(inputs)
