"""Queries both stores ask the same way: the SQL is written once, with "?" for each parameter, and
each backend's ``PARAM`` says how its driver writes one (sqlite3: "?", psycopg: "%s")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..dedupe import Candidate, Verdict, values_from_bytes
from ..model import LinkRecord
from .rows import FIRST_DATE_KEY, Counts, PropositionKeys, PropositionSummary, vector


class SharedQueries:
    PARAM = "?"
    db: Any  # the backend's connection: sqlite3.Connection or psycopg.Connection

    def _run(self, query: str, params: tuple | list = ()):
        return self.db.execute(query if self.PARAM == "?" else query.replace("?", self.PARAM), params)

    def stored_hash(self, article_id: str) -> str | None:
        """The content hash of a stored article (None for an unknown one)."""
        row = self._run("SELECT content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def stored_source(self, article_id: str) -> str | None:
        """Where a stored article was read from (None for an unknown one)."""
        row = self._run("SELECT source FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def duplicate_verdict(self, article_id: str) -> Verdict | None:
        """The verdict on a stored article, None for an unknown one."""
        row = self._run("SELECT duplicate_of FROM articles WHERE id=?", (article_id,)).fetchone()
        return Verdict(row[0]) if row else None

    def minhash_candidates(self, bands: list[int]) -> list[Candidate]:
        """Stored originals that share a band hash with ``bands``, with their signatures' hash values."""
        # one indexed lookup per band (a row-value IN list made SQLite scan every article)
        bands_sql = " UNION ALL ".join(["SELECT article FROM minhash_bands WHERE band=? AND hash=?"] * len(bands))
        rows = self._run(f"SELECT a.id, a.minhash FROM articles a WHERE a.id IN ({bands_sql}) ORDER BY a.id",
                         [x for i, h in enumerate(bands) for x in (i, h)]).fetchall()
        return [Candidate(aid, hv) for aid, blob in rows if (hv := values_from_bytes(blob)) is not None]

    def load_propositions(self) -> list[LinkRecord]:
        """Every stored proposition and event, in the order they were founded."""
        return [LinkRecord(pid, vector(blob).copy(), n, json.loads(keys))
                for pid, blob, n, keys in self._run("SELECT id, sum, n, keys FROM propositions ORDER BY seq")]

    def proposition_summaries(self) -> list[PropositionSummary]:
        """Every proposition with its number of linked claims and earliest claim date."""
        return [PropositionSummary(*r) for r in self._run(
            f"SELECT l.proposition_id, count(*), {FIRST_DATE_KEY} FROM claim_links l "
            "JOIN claims c ON c.id = l.claim_id GROUP BY l.proposition_id")]

    def proposition_keys(self) -> Iterator[PropositionKeys]:
        """(id, size, counted keys) of every proposition and event record, without the vectors."""
        for pid, n, keys in self._run("SELECT id, n, keys FROM propositions ORDER BY seq"):
            yield PropositionKeys(pid, n, json.loads(keys) if isinstance(keys, str) else dict(keys))

    def counts(self) -> Counts:
        return Counts(articles=self._count("articles"), claims=self._count("claims"))

    def _count(self, table: str) -> int:
        return self._run(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.db.close()
