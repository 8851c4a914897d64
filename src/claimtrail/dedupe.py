"""Stage 3, dedupe: the near-duplicate index (syndicated wire copy names its original).

Word 5-shingles of the article's body, a MinHash signature of 128 permutations, and an estimated
Jaccard similarity of at least 0.8. Calibrated on the examples: the wire story and its syndicated
copy score 0.86-0.95; different articles of one story stay below 0.3.

Candidates come from LSH bands, with the band layout datasketch's ``MinHashLSH`` picks for that
threshold and number of permutations. A store keeps each original's band hashes and signature
(``DuplicateIndex``), so a large archive is searched in the database, not held in memory. This is
the one place a MinHash is built: from text (``minhash``), from a worker's hash values
(``from_hashvalues``) or from a stored signature (``from_bytes``).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import NamedTuple, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
MINHASH_PERM = 128
MINHASH_SCHEME = "affine32"  # stored signatures are only comparable within one scheme
MINHASH_SEED = 1
DUPLICATE_JACCARD = 0.8
WORD = re.compile(r"\w+", re.UNICODE)


def _new(hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(num_perm=MINHASH_PERM, seed=MINHASH_SEED, hashvalues=hashvalues, scheme=MINHASH_SCHEME)


def minhash(text: str) -> MinHash:
    """The signature of ``text``'s word 5-shingles (case folded)."""
    words = [w.lower() for w in WORD.findall(text)]
    mh = _new()
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh.update_batch([g.encode("utf-8") for g in grams])
    return mh


def hashvalues(mh: MinHash) -> np.ndarray:
    """The signature's hash values, as workers send them and stores keep them."""
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def from_hashvalues(values: np.ndarray) -> MinHash:
    return _new(values)


def values_from_bytes(blob: bytes) -> np.ndarray | None:
    """Stored hash values; None for a signature of another size."""
    values = np.frombuffer(bytes(blob), dtype=np.uint64)
    return values if len(values) == MINHASH_PERM else None


def from_bytes(blob: bytes) -> MinHash | None:
    values = values_from_bytes(blob)
    return None if values is None else _new(values)


@cache
def band_layout() -> tuple[int, int]:
    """(bands, rows per band): what datasketch's MinHashLSH picks for ``DUPLICATE_JACCARD`` and
    ``MINHASH_PERM`` (9 bands of 13 rows)."""
    lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=MINHASH_PERM)
    return lsh.b, lsh.r


def lsh_bands(mh: MinHash) -> list[int]:
    """The signature's band hashes (signed 64-bit, stable across processes): articles sharing one
    band are candidates for near-duplicates. Stored with each original so a large archive is
    searched in the database, not held in memory."""
    bands, rows = band_layout()
    hv = hashvalues(mh)
    return [int.from_bytes(hashlib.blake2b(hv[i * rows : (i + 1) * rows].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for i in range(bands)]


class Verdict(NamedTuple):
    """A stored article's verdict: the original it copies, None for an original."""

    duplicate_of: str | None


class Candidate(NamedTuple):
    """A stored original that shares a band with the query, and its signature's hash values."""

    article: str
    hashvalues: np.ndarray


class DuplicateIndex(Protocol):
    """What a store keeps for near-duplicate detection (written by ``put_article`` with the article)."""

    def duplicate_verdict(self, article_id: str) -> Verdict | None: ...
    def minhash_candidates(self, bands: list[int]) -> list[Candidate]: ...


class Deduper:
    """Names the original each new article copies (None for an original).

    With a store, originals and verdicts are looked up in the database (their band hashes are
    stored with them), so memory does not grow with the archive; without one they are kept here.
    Only originals are candidates: a copy of a copy is compared with the original, and a query's
    candidates stay few however many copies a wire story has.
    """

    def __init__(self, store: DuplicateIndex | None = None) -> None:
        self.store = store
        self.lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=MINHASH_PERM)
        self.hashes: dict[str, MinHash] = {}  # originals only (without a store)
        self.duplicate_of: dict[str, str | None] = {}

    def seed(self, article_id: str, mh: MinHash, duplicate_of: str | None) -> None:
        """Remember an article (without a store), with its verdict."""
        if duplicate_of is None and article_id not in self.hashes:
            self.lsh.insert(article_id, mh)
            self.hashes[article_id] = mh
        self.duplicate_of[article_id] = duplicate_of

    def add(self, article_id: str, mh: MinHash) -> str | None:
        if self.store is not None:
            known = self.store.duplicate_verdict(article_id)
            if known is not None:  # seen in an earlier run: its verdict stands
                return known.duplicate_of
            candidates = self.store.minhash_candidates(lsh_bands(mh))
        else:
            if article_id in self.duplicate_of:
                return self.duplicate_of[article_id]
            candidates = [Candidate(other, self.hashes[other].hashvalues) for other in self.lsh.query(mh)]
        best, best_j = None, 0.0
        if candidates:
            # Jaccard estimates of all candidates at once: the share of equal hash values
            js = (np.stack([c.hashvalues for c in candidates]) == np.asarray(mh.hashvalues)).mean(axis=1)
            for c, j in zip(candidates, js, strict=True):
                if j >= DUPLICATE_JACCARD and (j > best_j or j == best_j and (best is None or c.article < best)):
                    best, best_j = c.article, float(j)
        if self.store is not None:
            return best  # the store writes the bands of an original with the article
        self.seed(article_id, mh, best)
        return best
