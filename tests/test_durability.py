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


def ingest_cmd(db: Path, *paths: Path, link: bool = True) -> list[str]:
    return [sys.executable, "-m", "claimtrail.cli", "ingest", *map(str, paths), "--db", str(db), "--format", "jsonl",
            "--link" if link else "--no-link"]


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
        p = subprocess.Popen(ingest_cmd(db, corpus, link=False), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(1.0, 4.0))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    done = subprocess.run(ingest_cmd(db, corpus, link=False), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-500:]
    print(f"killed {kills} times")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (2000, 2000)
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == con.execute("SELECT count(DISTINCT id) FROM claims").fetchone()[0]
    orphans = con.execute("SELECT count(*) FROM claims c LEFT JOIN articles a ON a.id = c.article WHERE a.id IS NULL").fetchone()[0]
    assert orphans == 0
    con.close()
    again = subprocess.run(ingest_cmd(db, corpus, link=False), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert "2000 unchanged" in again.stderr  # a re-run is idempotent


READ_PATHS = ["/api/claims?limit=20", "/api/stories", "/api/claims?stance=deny&limit=20", "/search?q=minister",
              "/api/articles/gen_0000001.txt", "/api/claims?q=NAVO", "/"]
READ_TIMEOUT_S = 10  # a read slower than this counts as an error
P95_LIMIT_S = 0.5


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    xs = sorted(values)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x * 1000:.0f} ms"


def test_web_reads_under_load_while_an_ingest_runs(corpus, tmp_path, example_pipeline):
    """Reads stay fast while another process ingests (and then links) into the same database: a GET
    never links or writes, it serves the stored story and says how many claims are not linked yet."""
    import uvicorn

    from claimtrail.story import link_store
    from claimtrail.web import create_app

    from .test_browser import _free_port

    db = tmp_path / "load.db"
    store = SQLiteStore(db)
    files = sorted(corpus.iterdir())
    for _ in example_pipeline.run([str(f) for f in files[:100]], store=store):
        pass
    link_store(store, example_pipeline.registry)
    store.close()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    before = httpx.get(base + "/api/stories?limit=1000", timeout=60).json()  # built once before the load
    rest = tmp_path / "rest"
    rest.mkdir()
    for f in files[100:400]:
        (rest / f.name).hardlink_to(f)  # a folder walk does not follow symbolic links out of it
    ingest = subprocess.Popen(ingest_cmd(db, rest), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    latencies: list[float] = []
    errors: list[str] = []
    unlinked_seen: list[int] = []
    deadline = time.monotonic() + 300

    def client(k: int) -> None:
        with httpx.Client(timeout=READ_TIMEOUT_S) as c:
            i = k
            while ingest.poll() is None and time.monotonic() < deadline:
                path = READ_PATHS[i % len(READ_PATHS)]
                i += 1
                t0 = time.perf_counter()
                try:
                    r = c.get(base + path)
                except Exception as e:  # a time-out or a dropped connection is an error, not a crashed thread
                    errors.append(f"{type(e).__name__} {path}")
                    continue
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {path}")
                elif path == "/api/stories":
                    unlinked_seen.append(r.json()["unlinked_claims"])
                time.sleep(0.02)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = ingest.communicate(timeout=60)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    figures = (f"{len(latencies)} requests answered during the ingest, {len(errors)} errors {sorted(set(errors))[:5]}, "
               f"p50 {_ms(p50)}, p95 {_ms(p95)}, unlinked claims seen up to {max(unlinked_seen, default=0)}")
    print("\n" + figures)
    assert ingest.returncode == 0, out[1][-300:]
    # after the ingest (which links at its end) the story is fresh again and has grown
    for _ in range(120):
        after = httpx.get(base + "/api/stories?limit=1000", timeout=60).json()
        if not after["stale"]:
            break
        time.sleep(0.5)
    srv.should_exit = True
    assert errors == [], figures
    assert len(latencies) >= 50, f"the ingest ended before the reads were measured: {figures}"
    assert p95 < P95_LIMIT_S, figures
    assert max(unlinked_seen, default=0) > 0  # the reads saw the ingest's claims as not linked yet ...
    assert not after["stale"] and after["unlinked_claims"] == 0  # ... and the finished ingest linked them
    assert sum(len(p["claims"]) for p in after["propositions"]) > sum(len(p["claims"]) for p in before["propositions"])


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
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db), extra_hosts=("testserver",)))
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
