"""Shared fixtures: offline, in temporary folders, no model loads beyond the built-in analyzer."""

from __future__ import annotations

import http.server
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def options() -> Options:
    return Options()


@pytest.fixture(scope="session")
def pipeline(options: Options) -> Pipeline:
    return Pipeline(options)


@pytest.fixture(scope="session")
def example_pipeline() -> Pipeline:
    return Pipeline(Options(actor_files=(EXAMPLES / "actors.yaml",)))


def prepare_text(pipeline: Pipeline, text: str, tmp_path: Path, name: str = "a.txt"):
    """Ingest, clean and annotate one text written to a file."""
    from claimtrail.ingest import read_inputs

    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    (article,) = list(read_inputs([str(f)], pipeline.options))
    return pipeline.prepare(article)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        if status == 0:  # a slow answer, for time-outs
            import time

            time.sleep(3)
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def http_server():
    """A local HTTP server on 127.0.0.1 with canned routes: {path: (status, content type, body)}."""
    routes: dict[str, tuple[int, str, bytes]] = {}
    handler = type("H", (_Handler,), {"routes": routes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", routes
    server.shutdown()
    server.server_close()


POSTGRES_ADMIN_URL = os.environ.get("CLAIMTRAIL_TEST_POSTGRES")  # e.g. postgresql://user:pw@127.0.0.1/postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database on each backend: the same store tests run on SQLite and PostgreSQL.

    PostgreSQL tests need CLAIMTRAIL_TEST_POSTGRES (an URL of a role that may create databases);
    `.ci/run` starts a server and sets it, with CLAIMTRAIL_REQUIRE_POSTGRES=1 so they cannot skip.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    if not POSTGRES_ADMIN_URL:
        if os.environ.get("CLAIMTRAIL_REQUIRE_POSTGRES") == "1":
            pytest.fail("CLAIMTRAIL_TEST_POSTGRES is not set but CLAIMTRAIL_REQUIRE_POSTGRES=1")
        pytest.skip("no PostgreSQL server: set CLAIMTRAIL_TEST_POSTGRES")
    import psycopg

    name = f"claimtrail_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(POSTGRES_ADMIN_URL)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def report_of_examples(folder: Path, extra_text: str):
    """`claimtrail report` over the examples plus one article (``extra_text``), written to ``folder``;
    returns the CLI result and the report's path."""
    from typer.testing import CliRunner

    from claimtrail.cli import app

    (folder / "xss.txt").write_text(extra_text, encoding="utf-8")
    out = folder / "report.html"
    res = CliRunner().invoke(app, ["report", str(EXAMPLES), str(folder / "xss.txt"), "--actors", str(EXAMPLES / "actors.yaml"), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    return res, out
