"""Crash safety, concurrent writers, the web app under load while an ingest runs, and schemathesis.

These start real processes and servers on 127.0.0.1; they are marked slow and run in CI.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from claimtrail.store import SQLiteStore

from .conftest import ROOT

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "bench"))
from run import generate  # noqa: E402


def ingest_cmd(db: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "claimtrail.cli", "ingest", *map(str, paths), "--db", str(db), "--format", "jsonl"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    generate(2000, d)
    return d


def test_kill_9_at_random_points_loses_nothing(corpus, tmp_path):
    db = tmp_path / "crash.db"
    rng = random.Random(4)
    kills = 0
    for _ in range(3):
        p = subprocess.Popen(ingest_cmd(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(1.0, 4.0))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    done = subprocess.run(ingest_cmd(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-500:]
    print(f"killed {kills} times")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (2000, 2000)
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == con.execute("SELECT count(DISTINCT id) FROM claims").fetchone()[0]
    orphans = con.execute("SELECT count(*) FROM claims c LEFT JOIN articles a ON a.id = c.article WHERE a.id IS NULL").fetchone()[0]
    assert orphans == 0
    con.close()
    again = subprocess.run(ingest_cmd(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert "2000 unchanged" in again.stderr  # a re-run is idempotent


def test_web_reads_under_load_while_an_ingest_runs(corpus, tmp_path, example_pipeline):
    import uvicorn

    from claimtrail.web import create_app

    from .test_browser import _free_port

    db = tmp_path / "load.db"
    store = SQLiteStore(db)
    files = sorted(corpus.iterdir())
    for _ in example_pipeline.run([str(f) for f in files[:100]], store=store):
        pass
    store.close()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    rest = tmp_path / "rest"
    rest.mkdir()
    for f in files[100:700]:
        (rest / f.name).hardlink_to(f)  # a folder walk does not follow symbolic links out of it
    ingest = subprocess.Popen(ingest_cmd(db, rest), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    paths = ["/api/claims?limit=20", "/api/claims?stance=deny&limit=20", "/search?q=minister", "/api/articles/gen_0000001.txt", "/api/claims?q=NAVO"]
    latencies: list[float] = []
    errors: list[str] = []

    def client(n: int) -> None:
        with httpx.Client(timeout=30) as c:
            for i in range(n):
                t0 = time.perf_counter()
                r = c.get(base + paths[i % len(paths)])
                latencies.append(time.perf_counter() - t0)
                if r.status_code >= 500:
                    errors.append(f"{r.status_code} {paths[i % len(paths)]}")

    threads = [threading.Thread(target=client, args=(100,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = ingest.communicate(timeout=300)
    srv.should_exit = True
    lat = sorted(latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(f"{len(lat)} requests during ingest, {len(errors)} errors, p50 {lat[len(lat) // 2] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    assert ingest.returncode == 0, out[1][-300:]
    assert errors == [] and len(lat) == 400


def test_schemathesis_finds_no_server_errors(tmp_path, example_pipeline):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    from claimtrail.web import create_app

    from .conftest import EXAMPLES

    db = tmp_path / "api.db"
    store = SQLiteStore(db)
    for _ in example_pipeline.run([str(EXAMPLES / "01_nl_dode_vis_westerschelde.txt"), str(EXAMPLES / "11_en_port_rotterdam_hack.txt")], store=store):
        pass
    store.close()
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db)))
    failures = []
    for result in schema.get_all_operations():
        op = result.ok()

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy())
        def check(case) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")

        check()
    assert failures == []
