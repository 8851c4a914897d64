"""Parallel runs give exactly the single-process output: local worker processes and a real Dask cluster."""

from __future__ import annotations

import pytest

from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow


def snapshot(results) -> list:
    out = []
    for r in results:
        if r.error is not None:
            out.append(("error", str(r.error)))
        else:
            out.append((r.article.as_dict(), [c.as_dict() for c in r.claims]))
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("par")
    (d / "broken.jsonl").write_text('{"title": "x", "maintext": "De minister zei dat het klopt."}\n{oops\n', encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    return [str(EXAMPLES), str(d), str(d / "missing.txt")]


@pytest.fixture(scope="module")
def single(inputs):
    return snapshot(Pipeline(Options(actor_files=(EXAMPLES / "actors.yaml",))).run(inputs))


def test_worker_processes_match_a_single_process(inputs, single):
    pipeline = Pipeline(Options(actor_files=(EXAMPLES / "actors.yaml",)))
    assert snapshot(pipeline.run(inputs, workers=2)) == single
    assert any(r[0] == "error" for r in single) and sum(len(r[1]) for r in single if r[0] != "error") > 50


def test_dask_local_cluster_matches_a_single_process(inputs, single):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        pipeline = Pipeline(Options(actor_files=(EXAMPLES / "actors.yaml",)))
        assert snapshot(pipeline.run(inputs, dask=cluster.scheduler_address)) == single
