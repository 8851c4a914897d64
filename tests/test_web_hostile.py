"""Hostile requests to the web app: each kind of attack in several variants gets a 400/401/403/413,
never a 500, and the ingest form fetches from no loopback, link-local or private address.

No traffic leaves the machine: Host and Origin are explicit headers, DNS is a fake resolver, and
the one connection the SSRF tests would make goes to a mock network backend.
"""

from __future__ import annotations

import asyncio
import glob
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

import httpcore
import httpx
import pytest
from fastapi.testclient import TestClient

from claimtrail.errors import InputError
from claimtrail.ingest import netguard
from claimtrail.ingest.url import fetch
from claimtrail.store import SQLiteStore
from claimtrail.story import link_store
from claimtrail.web import MAX_FORM_BYTES, MAX_UPLOAD_BYTES, create_app
from claimtrail.web.security import SECURITY_HEADERS

BASE = "http://127.0.0.1"
TEXT = b"De minister zei dinsdag dat de haven weer open is. Volgens de NAVO zijn er 3000 militairen.\n"


def client(db: str, **kw) -> TestClient:
    return TestClient(create_app(db, **kw), base_url=BASE)


@pytest.fixture()
def db(tmp_path) -> str:
    return str(tmp_path / "h.db")


@pytest.fixture()
def uploads_dir(tmp_path, monkeypatch) -> Path:
    """Where the app makes its upload folders, so a test can see they are gone."""
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def _form(c: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', c.get("/ingest").text).group(1)


def _multipart(csrf: str, filename: bytes, content: bytes = TEXT) -> tuple[bytes, dict]:
    """A form with one file whose name is sent as raw bytes (a client library would escape them)."""
    body = (b'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() + b"\r\n"
            b'--B\r\nContent-Disposition: form-data; name="files"; filename="' + filename + b'"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + content + b"\r\n--B--\r\n")
    return body, {"Content-Type": "multipart/form-data; boundary=B"}


def _wait(c: TestClient, res) -> dict:
    job = res.headers["location"].rsplit("/", 1)[1]
    for _ in range(200):
        status = c.get(f"/api/jobs/{job}").json()
        if status["finished"]:
            return status
        time.sleep(0.05)
    raise AssertionError("job did not finish")


# --- tokens: any bytes, any script -> 401, never 500 ------------------------------------------------

@pytest.mark.parametrize("headers,query", [
    ({"Authorization": "Bearer é".encode("latin-1")}, ""),
    ({"Authorization": "Bearer ✓".encode()}, ""),
    ({"Authorization": "Bearer s3cret\x00"}, ""),
    ({"Authorization": "Bearer " + "a" * 20_000}, ""),
    ({"Authorization": b"Bearer \xff\xfe"}, ""),
    ({"Cookie": "claimtrail_token=é".encode("latin-1")}, ""),
    ({"Cookie": b"claimtrail_token=s3cret"}, ""),  # the cookie carries a derived value, not the token
    ({}, "?token=%C3%A9"), ({}, "?token=%FF"), ({}, "?token=%E2%9C%93"), ({}, "?token=s3cret%00"),
])
def test_malformed_tokens_get_401(db, headers, query):
    c = client(db, token="s3cret")
    for path in ("/api/stories", "/"):
        r = c.get(path + query, headers=headers)
        assert r.status_code == 401
        assert all(r.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("token", ["sécret✓", "пароль", "秘密の鍵", "tok\u00a0en"])
def test_a_non_ascii_configured_token_works(db, token):
    c = client(db, token=token)
    assert c.get("/").status_code == 401
    assert c.get("/api/stories", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/stories", headers={"Authorization": b"Bearer " + token.encode()}).status_code == 200
    first = c.get("/", params={"token": token})
    assert first.status_code == 200 and token.encode() not in first.headers["set-cookie"].encode()
    assert c.get("/").status_code == 200  # by the cookie


# --- Host: DNS rebinding on loopback ---------------------------------------------------------------

@pytest.mark.parametrize("host,status", [
    ("evil.example", 400), ("127.0.0.1.nip.io", 400), ("localhost.", 400), ("evil.example:8000", 400),
    ("[::1]:9999", 400), ("127.0.0.1:80@evil.example", 400), ("", 400), ("xn--e1afmkfd.example", 400),
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("LOCALHOST", 200), ("[::1]:8000", 200),
])
def test_host_header_on_loopback(db, host, status):
    c = client(db, host="127.0.0.1", port=8000)
    r = c.get("/api/stories", headers={"Host": host})
    assert r.status_code == status
    assert r.headers["X-Frame-Options"] == "DENY"


def test_host_header_on_a_named_or_wildcard_address(db):
    named = client(db, token="t", host="news.lan", port=80)
    assert named.get("/api/stories", headers={"Host": "news.lan", "Authorization": "Bearer t"}).status_code == 200
    assert named.get("/api/stories", headers={"Host": "127.0.0.1", "Authorization": "Bearer t"}).status_code == 400
    wild = client(db, token="t", host="0.0.0.0", port=80)  # the token guards it; the address people use is unknown
    assert wild.get("/api/stories", headers={"Host": "192.168.1.5", "Authorization": "Bearer t"}).status_code == 200


# --- CSRF: origin and signed token ----------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"}, {"Origin": "null"}, {"Origin": "http://127.0.0.1.evil.example"},
    {"Origin": "http://127.0.0.1:9999"}, {"Origin": "file://"}, {"Origin": "http://[::1"},
    {"Referer": "http://evil.example/ingest"}, {"Referer": "https://127.0.0.1@evil.example/"},
])
def test_a_post_from_another_origin_gets_403(db, headers, uploads_dir):
    c = client(db)
    csrf = _form(c)
    r = c.post("/ingest", data={"csrf": csrf}, files={"files": ("a.txt", TEXT)}, headers=headers, follow_redirects=False)
    assert r.status_code == 403 and r.headers["X-Content-Type-Options"] == "nosniff"
    assert glob.glob(str(uploads_dir / "*")) == []
    ok = c.post("/ingest", data={"csrf": csrf}, files={"files": ("a.txt", TEXT)},
                headers={"Origin": BASE, "Referer": BASE + "/ingest"}, follow_redirects=False)
    assert ok.status_code == 303


@pytest.mark.parametrize("cookie,field", [
    (b"attacker", "attacker"), (b"x" * 5000, "x" * 5000), ("é✓".encode(), "é✓"), (b"abc", "é✓"), (b"", ""),
    (b"1.2.3", "1.2.3"), (b"\xff\xfe", "\xff\xfe"), (None, "from-another-process"),
])
def test_attacker_chosen_csrf_pairs_get_403(db, cookie, field):
    c = client(db)
    headers = {"Cookie": b"claimtrail_csrf=" + cookie} if cookie is not None else {}
    if cookie is None:  # a token signed by another app (another process secret), sent as a matching pair
        field = _form(client(db))
        headers = {"Cookie": f"claimtrail_csrf={field}"}
    r = c.post("/ingest", data={"csrf": field}, files={"files": ("a.txt", TEXT)}, headers=headers, follow_redirects=False)
    assert r.status_code == 403


def test_a_tampered_or_mismatched_csrf_token_gets_403(db):
    c = client(db)
    csrf = _form(c)
    stamp, nonce, sig = csrf.split(".")
    for forged in (f"{stamp}.{nonce}.{sig[:-1]}0" if sig[-1] != "0" else f"{stamp}.{nonce}.{sig[:-1]}1",
                   f"{int(stamp) + 1}.{nonce}.{sig}", f"0.{nonce}.{sig}"):
        r = c.post("/ingest", data={"csrf": forged}, files={"files": ("a.txt", TEXT)},
                   headers={"Cookie": f"claimtrail_csrf={forged}"}, follow_redirects=False)
        assert r.status_code == 403
    assert c.post("/ingest", data={"csrf": csrf + "x"}, files={"files": ("a.txt", TEXT)}).status_code == 403


# --- SSRF --------------------------------------------------------------------------------------------

INTERNAL_URLS = [
    "http://127.0.0.1:8000/api/stories", "http://localhost/", "http://LOCALHOST./", "http://app.localhost/",
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://127.1/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]:8000/", "http://[0:0:0:0:0:0:0:1]/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1%25eth0]/", "http://10.0.0.1/", "http://172.16.0.1/",
    "http://192.168.1.1/", "http://0.0.0.0/", "http://0/", "http://[::]/", "http://224.0.0.1/", "http://[ff02::1]/",
    "http://[fc00::1]/", "http://100.64.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
    "http://[2002:7f00:1::]/", "http://[64:ff9b::a00:1]/", "http://user:pw@127.0.0.1/",
]


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_the_form_refuses_internal_addresses(db, url, monkeypatch):
    tried = []
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", lambda self, *a, **k: tried.append(a) or pytest.fail("connected"))
    c = client(db)
    r = c.post("/ingest", data={"csrf": _form(c), "urls": url}, follow_redirects=False)
    assert r.status_code == 400 and "public" in r.text
    assert tried == []


@pytest.mark.parametrize("url", ["http://exa mple.com/", "http://news.test/a b", "http://[::1/", "http://a\x00b/", "http://a\tb/",
                                 "https://" + "a" * 3000 + ".com/", "http://news.test:99999/", "http://news.test:x/",
                                 "http://[news.test]/", "http:///path"])
def test_the_form_refuses_malformed_urls(db, url, monkeypatch):
    monkeypatch.setattr(netguard, "system_resolve", fake_resolve)  # should one get through: no DNS, no traffic
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", lambda self, *a, **k: pytest.fail("connected"))
    c = client(db)
    assert c.post("/ingest", data={"csrf": _form(c), "urls": url}, follow_redirects=False).status_code == 400


class Recorder(httpcore.MockBackend):
    """A network that answers every connection with ``buffer`` and remembers where it connected."""

    def __init__(self, buffer: list[bytes]) -> None:
        super().__init__(buffer)
        self.connected: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, *a, **k):
        self.connected.append((host, port))
        return super().connect_tcp(host, port, *a, **k)


DNS = {"news.test": ["93.184.216.34"], "rebind.test": ["10.0.0.7"], "mixed.test": ["93.184.216.34", "127.0.0.1"],
       "meta.test": ["169.254.169.254"], "v6.test": ["::ffff:192.168.0.1"], "ula.test": ["fd00::5"]}


def fake_resolve(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError("no such host")
    return DNS[host]


@pytest.mark.parametrize("host", ["rebind.test", "mixed.test", "meta.test", "v6.test", "ula.test", "2130706433", "0x7f.1",
                                  "localhost"])
def test_the_guard_refuses_a_name_that_resolves_inside(host):
    net = Recorder([b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
    with pytest.raises(netguard.BlockedAddress):
        netguard.resolve_public(host, 80, fake_resolve)
    with httpx.Client(transport=netguard.GuardedTransport(fake_resolve, inner=net)) as c, \
            pytest.raises(httpx.ConnectError, match="refused"):
        c.get(f"http://{host}/")
    assert net.connected == []


def _on_mock_network(monkeypatch, net: Recorder) -> None:
    real = netguard.GuardedTransport
    monkeypatch.setattr(netguard, "GuardedTransport", lambda resolve: real(resolve, inner=net))


def test_the_guard_connects_to_the_address_it_checked(monkeypatch):
    net = Recorder([b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"])
    _on_mock_network(monkeypatch, net)
    with netguard.public_only(fake_resolve):
        assert fetch("http://news.test/", timeout=2, max_bytes=1000) == (b"ok", "text/plain")
    assert net.connected == [("93.184.216.34", 80)]  # the address it checked, not a second lookup of the name


@pytest.mark.parametrize("location", [b"http://rebind.test/admin", b"http://127.0.0.1:8000/api/stories", b"http://[::1]/",
                                      b"http://2130706433/", b"http://localhost/", b"http://meta.test/latest"])
def test_the_guard_checks_every_redirect(monkeypatch, location):
    net = Recorder([b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n"])
    _on_mock_network(monkeypatch, net)
    with netguard.public_only(fake_resolve), pytest.raises(InputError, match="refused"):
        fetch("http://news.test/story", timeout=2, max_bytes=1000)
    assert net.connected == [("93.184.216.34", 80)]  # the first hop only


def test_the_guard_is_off_outside_the_web_app():
    assert netguard.client_options() == {}
    with netguard.public_only(fake_resolve):
        assert set(netguard.client_options()) == {"transport", "trust_env"}
    assert netguard.client_options() == {}


def test_an_ingest_job_fetches_through_the_guard(db, monkeypatch):
    """A name that resolves to a private address is refused when the job connects (DNS may change after the form)."""
    tried = []
    monkeypatch.setattr(netguard, "system_resolve", fake_resolve)
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", lambda self, *a, **k: tried.append(a) or pytest.fail("connected"))
    c = client(db)
    res = c.post("/ingest", data={"csrf": _form(c), "urls": "http://rebind.test/\nhttp://meta.test/latest"}, follow_redirects=False)
    assert res.status_code == 303
    status = _wait(c, res)
    assert status["articles"] == 0 and len(status["failed"]) == 2 and all("refused" in f for f in status["failed"])
    assert tried == []


# --- upload names, temp folders, sizes ------------------------------------------------------------

@pytest.mark.parametrize("name", [b"..", b".", b"/", b"a/..", b"\\", b" ", b"a\x00b.txt", b"nl\nname.txt", b"tab\t.txt",
                                  b"del\x7f.txt", b"a" * 300 + b".txt", "é".encode() * 101])
def test_unusable_upload_names_get_400(db, name, uploads_dir):
    c = client(db)
    body, headers = _multipart(_form(c), name)
    r = c.post("/ingest", content=body, headers=headers, follow_redirects=False)
    assert r.status_code == 400
    assert glob.glob(str(uploads_dir / "*")) == []


@pytest.mark.parametrize("name,stored", [
    (b"a/../b.txt", "b.txt"), (b"..\\..\\win.txt", "win.txt"), (b"/etc/passwd.txt", "passwd.txt"),
    ("é✓ nieuws.txt".encode(), "é✓ nieuws.txt"), (b"\xff\xfe.txt", "ÿþ.txt"),  # not UTF-8: read as Latin-1
    (b"?#%.txt", "?#%.txt"),
])
def test_upload_names_are_reduced_to_a_safe_base_name(db, name, stored, uploads_dir):
    c = client(db)
    body, headers = _multipart(_form(c), name)
    res = c.post("/ingest", content=body, headers=headers, follow_redirects=False)
    assert res.status_code == 303
    status = _wait(c, res)
    assert status["articles"] == 1, status
    found = c.get("/search", params={"q": "haven"})
    href = re.search(r'href="(/articles/[^"#]+)', found.text).group(1)
    assert c.get(href).status_code == 200 and c.get(f"/api/articles/{href.rsplit('/', 1)[1]}").json()["source"].endswith(stored)
    assert glob.glob(str(uploads_dir / "*")) == []  # the upload folder goes when the job ends


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 10, b"<rss><channel><item>"])
def test_upload_folders_go_when_a_job_fails(db, content, uploads_dir):
    c = client(db)
    body, headers = _multipart(_form(c), b"bad.txt", content)
    res = c.post("/ingest", content=body, headers=headers, follow_redirects=False)
    status = _wait(c, res)
    assert status["finished"]
    assert glob.glob(str(uploads_dir / "*")) == []


def _asgi(app, method: str, raw_path: str, headers: list[tuple[bytes, bytes]] = (), chunks=()) -> tuple[int, int]:
    """One request straight through ASGI, the path decoded once as a server does (TestClient decodes
    twice, so ``%25`` cannot be tested through it), the body fed lazily from ``chunks``; the status and
    how many chunks the app read."""
    read = 0
    it = iter(chunks)
    status = []

    async def receive():
        nonlocal read
        try:
            chunk = next(it)
        except StopIteration:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": unquote(raw_path), "raw_path": raw_path.encode(), "query_string": b"", "root_path": "",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000), "headers": [(b"host", b"127.0.0.1"), *headers]}
    asyncio.run(app(scope, receive, send))
    return status[0], read


def _big_body(megabytes: int):
    yield b'--B\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    for _ in range(megabytes):
        yield b"a" * 1_000_000


@pytest.mark.parametrize("megabytes", [30, 60, 500])
def test_a_large_upload_is_refused_while_it_streams(db, megabytes, uploads_dir):
    app = create_app(db)
    ctype = (b"content-type", b"multipart/form-data; boundary=B")
    status, read = _asgi(app, "POST", "/ingest", [ctype], _big_body(megabytes))  # no Content-Length: counted as it comes
    assert status == 413 and read <= MAX_FORM_BYTES // 1_000_000 + 2
    declared = (b"content-length", str(megabytes * 1_000_000).encode())
    status, read = _asgi(app, "POST", "/ingest", [ctype, declared], _big_body(megabytes))  # refused before the first byte
    assert status == 413 and read == 0
    assert glob.glob(str(uploads_dir / "*")) == []


@pytest.mark.parametrize("sizes", [[MAX_UPLOAD_BYTES + 1], [10, MAX_UPLOAD_BYTES + 1], [1] * 21])
def test_too_large_or_too_many_files_get_413(db, sizes, uploads_dir):
    c = client(db)
    files = [("files", (f"f{i}.txt", b"a" * n)) for i, n in enumerate(sizes)]
    assert c.post("/ingest", data={"csrf": _form(c)}, files=files).status_code == 413
    assert glob.glob(str(uploads_dir / "*")) == []


# --- ids in links, paging, headers on every status, 500 bodies --------------------------------------

ODD_IDS = ["q?x.txt", "h#x.txt", "p%41.txt", "s p.txt", "é✓.txt", "semi;colon.txt", "plus+amp&.txt"]


@pytest.fixture(scope="module")
def odd_db(example_pipeline, tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("odd")
    for i, name in enumerate(ODD_IDS):
        (d / name).write_bytes(TEXT.replace(b"3000", str(3000 + i).encode()))
    path = d / "odd.db"
    store = SQLiteStore(path)
    for _ in example_pipeline.run([str(d / n) for n in ODD_IDS], store=store):
        pass
    link_store(store, example_pipeline.registry)  # the stored stage the web app reads
    store.close()
    return str(path)


@pytest.mark.parametrize("name", ODD_IDS)
def test_ids_with_url_characters_are_linked_encoded(odd_db, name):
    c = client(odd_db)
    page = c.get("/search", params={"q": "haven"}).text
    hrefs = set(re.findall(r'href="/articles/([^"#]+)"', page))
    assert quote(name, safe="") in hrefs
    assert _asgi(c.app, "GET", "/articles/" + quote(name, safe=""))[0] == 200
    assert _asgi(c.app, "GET", "/api/articles/" + quote(name, safe=""))[0] == 200
    unencoded = ("/articles/" + name).split("#")[0].split("?")[0]  # what a browser requests for an unencoded link
    assert _asgi(c.app, "GET", unencoded)[0] == (404 if set(name) & set("?#%") else 200)


def test_story_paging(odd_db):
    c = client(odd_db)
    everything = c.get("/api/stories", params={"limit": 1000}).json()
    total = everything["total"]
    assert total == len(everything["propositions"]) > 1
    pages = [c.get("/api/stories", params={"limit": 1, "offset": i}).json() for i in range(total + 1)]
    assert [p["propositions"][0]["id"] for p in pages[:total]] == [p["id"] for p in everything["propositions"]]
    assert pages[total]["propositions"] == [] and pages[total]["total"] == total
    first = pages[0]
    assert {c["proposition"] for c in first["contradictions"]} <= {first["propositions"][0]["id"]}
    assert {a["id"] for a in first["actors"]} <= {cl["actor"] for cl in first["propositions"][0]["claims"]}
    for bad in ({"limit": 0}, {"limit": -1}, {"limit": 10**9}, {"offset": -1}, {"limit": "x"}, {"offset": "1e3"}):
        assert c.get("/api/stories", params=bad).status_code == 400
    params = {p["name"]: p for p in c.get("/openapi.json").json()["paths"]["/api/stories"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 1000 and params["limit"]["schema"]["default"] == 100
    assert params["offset"]["schema"]["minimum"] == 0


def test_every_status_carries_the_security_headers(db, monkeypatch):
    c = client(db, token="t")
    auth = {"Authorization": "Bearer t"}
    answers = {
        400: c.get("/api/stories", headers={"Host": "evil.example"}),
        401: c.get("/"),
        403: c.post("/ingest", headers=auth, data={"csrf": "x"}, files={"files": ("a.txt", TEXT)}),
        404: c.get("/nope", headers=auth),
        413: c.post("/ingest", headers={**auth, "Content-Length": "900000000", "Content-Type": "multipart/form-data; boundary=B"},
                    content=b"x"),
    }
    monkeypatch.setattr(type(c.app.state.claimtrail), "view", lambda self: 1 / 0)
    answers[500] = TestClient(c.app, base_url=BASE, raise_server_exceptions=False).get("/api/stories", headers=auth)
    answers["500 html"] = TestClient(c.app, base_url=BASE, raise_server_exceptions=False).get("/", headers=auth)
    for status, r in answers.items():
        assert r.status_code == int(str(status)[:3]), status
        assert {k: r.headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, status


@pytest.mark.parametrize("secret", ["hunter2", "p@ss:wörd", "s3cr3t%40x"])
def test_a_500_carries_no_exception_text(db, secret, monkeypatch, capsys):
    url = f"postgresql://claim:{secret}@db.internal:5432/claims"
    app = create_app(db)
    state = app.state.claimtrail
    state.db = url  # what the app would have been started with

    def boom(self):
        raise RuntimeError(f"could not connect to {url}")

    monkeypatch.setattr(type(state), "view", boom)
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    for path in ("/api/stories", "/"):
        r = c.get(path)
        assert r.status_code == 500 and secret not in r.text and "RuntimeError" not in r.text
        ref = re.search(r"internal error \(id ([0-9a-f]{12})", r.text).group(1)
        log = capsys.readouterr().err
        assert ref in log and "RuntimeError" in log and "***@db.internal" in log
        assert secret not in log and secret.replace("@", "%40") not in log
