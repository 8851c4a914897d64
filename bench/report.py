"""Benchmark the report and the web app on a generated corpus.

    python bench/report.py --articles 1000 [--browser]

Prints the report's size and build time, and the load time of the story page and of the largest
proposition page (server time over HTTP; with --browser also Chromium's load event).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from run import generate  # noqa: E402

from claimtrail.options import Options  # noqa: E402
from claimtrail.pipeline import Pipeline  # noqa: E402
from claimtrail.report import render_html  # noqa: E402
from claimtrail.store import SQLiteStore  # noqa: E402
from claimtrail.story import build_story, link_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--browser", action="store_true")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimtrail-report-"))
    corpus = work / "corpus"
    corpus.mkdir()
    generate(a.articles, corpus)
    pipeline = Pipeline(Options())
    db = work / "r.db"
    store = SQLiteStore(db)
    for _ in pipeline.run([str(corpus)], store=store):
        pass
    t0 = time.perf_counter()
    link_store(store, pipeline.registry)
    story = build_story(store, pipeline.registry)
    wanted = {c.article for p in story.propositions for c in p.claims}
    articles = {x: store.get_article(x) for x in wanted}
    html = render_html(story, articles)
    dt = time.perf_counter() - t0
    n_claims = sum(len(p.claims) for p in story.propositions)
    store.close()
    print(f"articles           {a.articles}")
    print(f"claims             {n_claims}")
    print(f"report build       {dt:.1f} s (linking, story, HTML)")
    print(f"report size        {len(html.encode()) / 1e6:.1f} MB")
    import uvicorn

    from claimtrail.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(timeout=120) as c:
        t0 = time.perf_counter()
        c.get(base + "/")
        first = time.perf_counter() - t0
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            r = c.get(base + "/")
            times.append(time.perf_counter() - t0)
        biggest = max(story.propositions, key=lambda p: len(p.claims))
        t0 = time.perf_counter()
        rp = c.get(f"{base}/propositions/{biggest.id}")
        prop_t = time.perf_counter() - t0
    print(f"story page         first {first:.2f} s (links and builds the story), then median {sorted(times)[2] * 1000:.0f} ms, {len(r.content) / 1e3:.0f} kB")
    print(f"largest proposition {len(biggest.claims)} claims: {prop_t * 1000:.0f} ms, {len(rp.content) / 1e6:.1f} MB")
    if a.browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            pg = b.new_page()
            for path in ("/", f"/propositions/{biggest.id}"):
                t0 = time.perf_counter()
                pg.goto(base + path, wait_until="load", timeout=120_000)
                print(f"chromium load      {path[:30]:30} {time.perf_counter() - t0:.2f} s")
            b.close()
    srv.should_exit = True
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
