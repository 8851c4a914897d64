"""The web app over HTTP (no browser): pages, search, API, token, CSRF, limits, escaping."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from claimtrail.errors import ConfigError
from claimtrail.options import Options
from claimtrail.store import SQLiteStore
from claimtrail.story import link_store
from claimtrail.web import MAX_UPLOAD_BYTES, check_binding, create_app

from .conftest import EXAMPLES

BASE = "http://127.0.0.1"  # the app answers to loopback Host names only
XSS_NAME = "xss.txt"
XSS = "Kop van een bericht\n\nDe minister zei dat <script>alert('xss')</script> niet mag. Volgens de NAVO zijn er 3000 militairen.\n"


@pytest.fixture(scope="module")
def db(example_pipeline, tmp_path_factory):
    d = tmp_path_factory.mktemp("web")
    (d / XSS_NAME).write_text(XSS, encoding="utf-8")
    path = d / "web.db"
    store = SQLiteStore(path)
    for _ in example_pipeline.run([str(EXAMPLES), str(d / XSS_NAME)], store=store):
        pass
    link_store(store, example_pipeline.registry)  # what `claimtrail ingest` does at its end
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, options=Options(actor_files=(EXAMPLES / "actors.yaml",))), base_url=BASE)


def test_pages(client):
    index = client.get("/")
    assert index.status_code == 200 and "propositions" in index.text
    pid = re.search(r'href="/propositions/(p[0-9a-f]+)"', index.text).group(1)
    prop = client.get(f"/propositions/{pid}")
    assert prop.status_code == 200 and "tr class=\"claim\"" in prop.text
    # the index opens with the events, each listing its propositions; a proposition names its event
    events = re.findall(r'<section class="event" id="(event:[0-9a-f]+)">', index.text)
    assert events and index.text.index('class="event"') < index.text.index(f"/propositions/{pid}")
    assert re.search(r'Event: <a href="/#(event:[0-9a-f]+)"', prop.text).group(1) in events
    actor = client.get("/actors/norvalis")
    assert actor.status_code == 200 and "Norvalis" in actor.text
    art = client.get("/articles/01_nl_dode_vis_westerschelde.txt")
    assert art.status_code == 200 and 'class="clutter clutter-teaser"' in art.text and 'class="evidence"' in art.text


def test_article_text_is_escaped(client):
    page = client.get(f"/articles/{XSS_NAME}").text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
    api = client.get(f"/api/articles/{XSS_NAME}").json()
    assert "<script>alert('xss')</script>" in api["text"]  # JSON carries the text as it is


def test_search_and_fts_syntax_errors(client):
    ok = client.get("/search", params={"q": "Norvalis"})
    assert ok.status_code == 200 and "<mark>" in ok.text
    bad = client.get("/search", params={"q": '"unclosed'})
    assert bad.status_code == 400 and "E020" in bad.text
    api = client.get("/api/claims", params={"q": "NEAR(("})
    assert api.status_code == 400 and api.json()["error"]["code"] == "E020"


def test_api_filters(client):
    deny = client.get("/api/claims", params={"stance": "deny"}).json()
    assert deny["count"] > 0 and {c["stance"] for c in deny["claims"]} == {"deny"}
    since = client.get("/api/claims", params={"actor": "norvalis", "since": "2025-04"}).json()
    assert since["count"] > 0 and all(c["date"] >= "2025-04" and c["actor"] == "norvalis" for c in since["claims"])
    text = client.get("/api/claims", params={"q": "ShadowTide"}).json()
    assert text["count"] > 0
    assert client.get("/api/claims", params={"stance": "maybe"}).status_code == 400
    assert client.get("/api/claims", params={"since": "last week"}).json()["error"]["code"] == "bad_request"
    stories = client.get("/api/stories").json()
    assert set(stories) == {"total", "offset", "limit", "propositions", "contradictions", "actors", "stale", "unlinked_claims"}
    assert stories["stale"] is False and stories["unlinked_claims"] == 0 and stories["propositions"]
    spec = client.get("/openapi.json").json()
    assert {"/api/claims", "/api/stories", "/api/articles/{aid}"} <= set(spec["paths"])
    assert client.get("/api").status_code == 200


def test_unknown_and_traversal_paths(client):
    assert client.get("/articles/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/api/articles/..%2Fclaimtrail.db").json()["error"]["status"] == 404
    assert client.get("/static/../web/__init__.py").status_code == 404
    assert client.get("/propositions/nope").status_code == 404


def test_token_is_required_when_set(db):
    c = TestClient(create_app(db, token="s3cret"), base_url=BASE)
    assert c.get("/").status_code == 401
    assert c.get("/api/stories").json()["error"]["code"] == "unauthorized"
    assert c.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert c.get("/", params={"token": "s3cret"}).status_code == 200
    assert c.get("/").status_code == 200  # the cookie set by the first visit
    with pytest.raises(ConfigError):
        check_binding("0.0.0.0", None)
    check_binding("127.0.0.1", None)
    check_binding("0.0.0.0", "s3cret")


def test_ingest_form_csrf_limits_and_progress(tmp_path):
    db = str(tmp_path / "i.db")
    c = TestClient(create_app(db), base_url=BASE)
    form = c.get("/ingest")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    f = ("a.txt", (EXAMPLES / "11_en_port_rotterdam_hack.txt").read_bytes(), "text/plain")
    assert c.post("/ingest", data={"csrf": "forged"}, files={"files": f}).status_code == 403
    big = ("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1), "text/plain")
    assert c.post("/ingest", data={"csrf": csrf}, files={"files": big}).status_code == 413
    assert c.post("/ingest", data={"csrf": csrf, "urls": "file:///etc/passwd"}).status_code == 400
    res = c.post("/ingest", data={"csrf": csrf}, files={"files": ("../../evil.txt", f[1], "text/plain")}, follow_redirects=False)
    assert res.status_code == 303
    job = res.headers["location"].rsplit("/", 1)[1]
    for _ in range(600):  # the job links its claims at its end (the sentence encoder loads once)
        status = c.get(f"/api/jobs/{job}").json()
        if status["finished"]:
            break
        time.sleep(0.1)
    assert status["finished"] and status["articles"] == 1 and status["claims"] > 0 and status["linked"] == status["claims"]
    assert c.get("/api/articles/evil.txt").status_code == 200  # stored under its base name only
    assert c.get("/api/claims", params={"q": "spokeswoman"}).json()["count"] > 0


def test_app_on_each_backend(example_pipeline, store_url):
    """The same pages and API answers from a PostgreSQL database as from SQLite."""
    from claimtrail.store import open_store

    store = open_store(store_url)
    for _ in example_pipeline.run([str(EXAMPLES)], store=store):
        pass
    link_store(store, example_pipeline.registry)
    store.close()
    app = TestClient(create_app(store_url, options=Options(actor_files=(EXAMPLES / "actors.yaml",))), base_url=BASE)
    claims = app.get("/api/claims", params={"actor": "norvalis"}).json()
    assert claims["count"] > 0 and all(c["actor"] == "norvalis" for c in claims["claims"])
    text = app.get("/api/claims", params={"q": "ShadowTide"}).json()
    assert text["count"] > 0
    stories = app.get("/api/stories").json()
    assert stories["propositions"] and stories["contradictions"]
    found = app.get("/search", params={"q": "Norvalis"})
    assert found.status_code == 200 and "<mark>" in found.text
    art = app.get("/articles/01_nl_dode_vis_westerschelde.txt")
    assert art.status_code == 200 and 'class="evidence"' in art.text


def test_reads_never_link_or_write_and_say_the_story_is_stale(example_pipeline, tmp_path):
    """A GET on a database whose claims are not linked serves the stored story, says how many claims
    wait, and leaves the database as it was; `claimtrail link` then brings the story up to date."""
    import hashlib
    import sqlite3

    from typer.testing import CliRunner

    from claimtrail.cli import app as cli

    db = tmp_path / "unlinked.db"
    store = SQLiteStore(db)
    for _ in example_pipeline.run([str(EXAMPLES / "01_nl_dode_vis_westerschelde.txt"), str(EXAMPLES / "11_en_port_rotterdam_hack.txt")],
                                  store=store):
        pass
    n_claims = store.counts()["claims"]
    store.close()
    web = create_app(str(db), options=Options(actor_files=(EXAMPLES / "actors.yaml",)))
    web.state.claimtrail.check_s = 0
    c = TestClient(web, base_url=BASE)

    def files() -> dict[str, str]:  # the database and its write-ahead log (-shm is readers' shared memory)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (db, tmp_path / "unlinked.db-wal") if p.exists() and p.stat().st_size}

    before = files()
    stories = c.get("/api/stories").json()
    assert stories["stale"] is True and stories["unlinked_claims"] == n_claims > 0 and stories["propositions"] == []
    assert c.get("/api/claims").json()["unlinked_claims"] == n_claims
    assert 'id="stale"' in c.get("/").text and "claimtrail link" in c.get("/").text
    for path in ("/search?q=Norvalis", "/api/claims?q=ShadowTide", "/articles/01_nl_dode_vis_westerschelde.txt",
                 "/api/articles/11_en_port_rotterdam_hack.txt", "/propositions/nope", "/actors/norvalis"):
        assert c.get(path).status_code in (200, 404), path
    assert files() == before  # byte for byte: no link, no write, not even in the write-ahead log
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM claim_links").fetchone() == (0,)
    con.close()

    res = CliRunner().invoke(cli, ["link", "--db", str(db)])
    assert res.exit_code == 0 and f"linked {n_claims} new claims" in res.stderr, res.stderr
    time.sleep(0.05)
    stories = c.get("/api/stories").json()
    assert stories["stale"] is False and stories["unlinked_claims"] == 0 and stories["propositions"]
    assert c.get("/api/claims").json()["count"] == n_claims
    assert 'id="stale"' not in c.get("/").text
    again = CliRunner().invoke(cli, ["link", "--db", str(db)])
    assert again.exit_code == 0 and "nothing to link" in again.stderr
    assert CliRunner().invoke(cli, ["link", "--db", str(tmp_path / "none.db")]).exit_code == 2
