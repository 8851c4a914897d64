"""The orchestrator: one numbered cascade from inputs to stored claims.

    1. ingest   paths, folders, URLs          -> Article (text kept verbatim)   ingest/
    2. clean    body vs clutter spans          -> Article.body, Article.clutter  clean.py
    3. dedupe   MinHash near-duplicates        -> Article.duplicate_of           dedupe.py
    4. meta     language, dates, outlet        -> Article fields                 meta.py
    5. extract  sentences, actors, claims      -> list[Claim]                    analyze.py, extract/
    6. store    one transaction per article    -> database                       store/

Stages 7-9 (link.py, story.py, report/) read the store. Each stage is a plain function of
dataclasses; ``Pipeline`` only holds loaded resources (the actor registry, the extractor), so the
same stages run in one process or in worker processes (scale.py). Stage 3 needs every earlier
article, so it runs here, in input order, after 4 and 5: the signature is taken from the body
that stage 2 found.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from .actors import Registry, load_registry
from .batching import batches
from .clean import clean
from .dedupe import Deduper, from_hashvalues
from .errors import InputError
from .ingest import expand, read_inputs
from .meta import annotate
from .model import Article, Claim, content_id
from .options import Options
from .scale import Processed, process_many, run_parallel

log = logging.getLogger(__name__)


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

    @cached_property
    def fingerprint(self) -> str:
        """Of the code and the options: an article stored under another fingerprint is read again."""
        return content_id(_code_fingerprint(), repr(self.options), *(_file_hash(p) for p in self.options.actor_files))

    def prepare(self, article: Article) -> Article:
        """Stages 2 and 4: clean and annotate one article (no cross-article state)."""
        article.fingerprint = self.fingerprint
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
            # files and URLs one by one (folders walked, each file with its article id), each a unit of work
            processed = run_parallel(list(expand(inputs, _sources(store))), self.options, with_claims, Pipeline, workers, dask)
        else:
            processed = self._sequential(inputs, with_claims, store)
        for p in processed:
            if p.error is not None:
                log.info("%s", p.error)  # the caller reports it (the CLI prints one line per failed input)
                yield Result(error=p.error)
                if progress:
                    progress(p.error.source)
                continue
            article = p.article
            if p.minhash is None:  # stored before with the same text, code and options (a re-run after a crash)
                result = Result(article=article, claims=p.claims, stored="unchanged" if store is not None else None)
                if progress:
                    progress(article.source)
                yield result
                continue
            mh = from_hashvalues(p.minhash)
            article.duplicate_of = deduper.add(article.id, mh)
            result = Result(article=article, claims=p.claims)
            if store is not None:
                result.stored = store.put_article(article, p.claims, mh)
            if progress:
                progress(article.source)
            yield result

    def _sequential(self, inputs: Iterable[str], with_claims: bool, store=None) -> Iterator[Processed]:
        for batch in batches(read_inputs(inputs, self.options, _sources(store)), self.batch_size):
            out: list = []
            todo = []
            for item in batch:
                stored = self._stored(item, store)
                out.append(Processed(stored, list(store.claims(stored.id)) if with_claims else [], None) if stored else None)
                if stored is None:
                    todo.append(item)
            done = iter(process_many(self, todo, with_claims))
            yield from (p if p is not None else next(done) for p in out)

    def _stored(self, item: Article | InputError, store) -> Article | None:
        """The stored copy of ``item`` when it holds the same text read the same way: no need to read it again."""
        if store is None or isinstance(item, InputError):
            return None
        item.fingerprint = self.fingerprint
        if store.stored_hash(item.id) != item.content_hash:
            return None
        return store.get_article(item.id)

    @property
    def batch_size(self) -> int:
        """Articles analysed together: 1 (streaming) for the built-in analyzer, more for a slow start-up."""
        from .analyzers import get

        return get(self.options.analyzer).batch_size


def _sources(store):
    """Where the store's articles were read from, by id: a file of the same name elsewhere gets another id."""
    return store.stored_source if store is not None else None


@cache
def _code_fingerprint() -> str:
    """A hash of claimtrail's own code and language data, so that a new version reads stored articles again."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".yaml") and "web" not in f.relative_to(root).parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _file_hash(path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
