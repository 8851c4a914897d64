"""The local web app: stories, propositions, actors, articles, search, ingest, and a JSON API.

``create_app(db)`` returns a FastAPI app over one SQLite database. Pages are Jinja2 templates with
bundled static files (no CDN); article text is always escaped. Binding to anything but loopback
needs a token (``claimtrail serve --token``), checked on every request; on loopback the app answers
only to the Host names 127.0.0.1, localhost and [::1] (no DNS rebinding). Forms carry a CSRF token
signed by the process (cookie and field must match, and a browser's Origin must be the app's own).
URLs from the ingest form reach public addresses only (``ingest.netguard``). Every answer, errors
included, carries the same security headers. JSON errors share one envelope:
``{"error": {"status", "code", "message"}}``; a 500 says only "internal error" and an id, and the
details go to stderr with the database password masked.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote, urlsplit

import httpx
from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import api
from ..errors import ClaimtrailError, Code, ConfigError, StoreError
from ..ingest.netguard import check_literal, public_only
from ..model import Story
from ..options import Options
from ..report import chart_svg, event_groups, render_article, timeline_svg
from ..safe import redact
from .security import (
    Csrf,
    TokenCheck,
    allowed_hosts,
    host_ok,
    is_loopback,
    same_origin,
    secure,
    upload_name,
)

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 5_000_000  # per file
MAX_UPLOAD_FILES = 20
MAX_FORM_BYTES = 25_000_000  # the whole form, counted while it streams in (413 before it is all on disk)
MAX_URLS = 20
MAX_URL_CHARS = 2000
API_LIMIT_MAX = 1000
STORIES_LIMIT = 100  # propositions per /api/stories page
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

if TYPE_CHECKING:
    from ..store import Store


def check_binding(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise ConfigError(Code.E021, host=host)


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    failed: list[str] = field(default_factory=list)
    finished: bool = False
    articles: int = 0
    claims: int = 0
    linking: bool = False  # the inputs are stored; their claims are being linked into the story
    linked: int = 0


STORY_CHECK_S = 1.0  # how often (at most) a request looks whether the stored links changed


@dataclass(frozen=True)
class StoryView:
    """The story built from the stored links at ``version`` (see ``Store.link_state``)."""

    story: Story
    version: tuple


class State:
    """What the app holds: the database path, its options, the cached story and ingest jobs.

    Requests only read: each opens its own read-only connection (SQLite WAL readers are not
    blocked by an ingest writing in another process) and never links. The story is built from the
    stored links and cached by their version; while it is rebuilt, other requests get the previous
    one. Claims stored but not linked yet (an ingest running; `claimtrail link` not run) are
    counted, not linked: see ``freshness``.
    """

    def __init__(self, db: str, options: Options) -> None:
        api.check_options(options)  # a bad actor file or analyzer: an error now, not a 500 per request
        self.db = db
        self.options = options
        self.check_s = STORY_CHECK_S
        self._guard = threading.Lock()  # held for a few assignments only, never during I/O
        self._building = threading.Lock()  # one story build at a time
        self._view: StoryView | None = None
        self._links: dict | None = None
        self._checked_at = 0.0
        self._next_check_s = 0.0
        self.jobs: dict[str, Job] = {}

    def store(self) -> Store:
        """A read-only connection of its own, for one request."""
        return api.open_store(self.db, readonly=True)

    def link_state(self) -> dict:
        """The stored link state, looked up again at most every ``check_s`` seconds (longer when the
        lookup itself is slow on a large database)."""
        with self._guard:
            if self._links is not None and time.monotonic() - self._checked_at < self._next_check_s:
                return self._links
            self._checked_at = time.monotonic()  # the other requests meanwhile use the last answer
        t0 = time.monotonic()
        store = self.store()
        try:
            links = store.link_state()
        finally:
            store.close()
        with self._guard:
            self._links = links
            self._next_check_s = max(self.check_s, 10 * (time.monotonic() - t0))
        return links

    def story(self) -> Story:
        return self.view()[0].story

    def view(self) -> tuple[StoryView, dict]:
        """The cached story and the current link state; rebuilt (by one request) when the links changed."""
        links = self.link_state()
        view = self._view
        if view is None or view.version != links["version"]:
            if self._building.acquire(blocking=view is None):  # with a story to show, nobody waits
                try:
                    view = self._view
                    if view is None or view.version != links["version"]:
                        view = self._view = self._build()
                finally:
                    self._building.release()
        return view, links

    def _build(self) -> StoryView:
        store = self.store()
        try:
            version = store.link_state()["version"]  # before reading: a change meanwhile means one more build
            story = api.read_story(store, options=self.options)
        finally:
            store.close()
        return StoryView(story, version)

    def freshness(self, view: StoryView, links: dict) -> dict:
        """How far the shown story is behind the stored claims."""
        pending = links["unlinked"] + links["stale_links"]
        return {"stale": bool(pending) or view.version != links["version"], "unlinked_claims": links["unlinked"]}


def _highlight(snippet: str | None) -> Markup:
    return Markup(str(escape(snippet or "")).replace("\x02", "<mark>").replace("\x03", "</mark>"))


def create_app(db: str, token: str | None = None, options: Options | None = None, *, host: str = "127.0.0.1",
               port: int | None = None, extra_hosts: tuple[str, ...] = ()) -> FastAPI:
    """The app over ``db``. ``host`` and ``port`` are where it listens: they decide the Host names it
    answers to (``extra_hosts`` adds names, e.g. a reverse proxy's); a wildcard bind answers to any."""
    state = State(db, options or Options())
    api.open_store(db).close()  # create or migrate before the first request
    app = FastAPI(title="claimtrail", version="0.1.0", docs_url=None, redoc_url=None,  # Swagger UI needs a CDN: /api instead
                  description="Who claimed what, when, how sure, and how did it change. Local web app and JSON API.")
    app.state.claimtrail = state
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/report-static", StaticFiles(directory=HERE.parent / "report" / "static"), name="report-static")  # shared CSS and JS
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.autoescape = True  # every template, whatever its extension: article text is untrusted
    templates.env.filters["urlseg"] = lambda v: quote(str(v), safe="")  # an id as one path segment: ?, #, %, / escaped
    hosts = allowed_hosts(host, extra_hosts)
    tokens = TokenCheck(token) if token else None
    csrf_tokens = Csrf()

    def page(request: Request, name: str, status_code: int = 200, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    def fail(request: Request, status: int, code: str, message: str):
        if request.url.path.startswith("/api/"):
            return _error(status, code, message)
        return page(request, "error.html.j2", status, status=status, message=message)

    # --- security -----------------------------------------------------------------------------

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if not host_ok(request.headers.get("host"), hosts, port):
            return secure(_error(400, "bad_host", "unknown Host header; use the address the app listens on"))
        if tokens is not None and not tokens.ok(request):
            if request.url.path.startswith("/api/"):
                return secure(_error(401, "unauthorized", "a valid token is required (Authorization: Bearer TOKEN)"))
            return secure(HTMLResponse("<h1>401</h1><p>A valid token is required: add ?token=… to the address.</p>", status_code=401))
        if request.method in UNSAFE_METHODS and not same_origin(request):
            return secure(fail(request, 403, "cross_origin", "this form was sent from another site (Origin check)"))
        response = await call_next(request)
        if tokens is not None and tokens.from_query(request):
            response.set_cookie(TokenCheck.COOKIE, tokens.cookie_value, httponly=True, samesite="strict")
        return secure(response)

    # --- errors: one envelope ------------------------------------------------------------------

    def internal(request: Request, exc: BaseException):
        """A 500 that tells the client nothing but an id; the details go to stderr, password masked."""
        ref = uuid.uuid4().hex[:12]
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        sys.stderr.write(redact(f"claimtrail web: internal error {ref} on {request.method} {request.url.path}\n{detail}", state.db))
        return secure(fail(request, 500, "internal", f"internal error (id {ref}; details are in the server log)"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return fail(request, exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        msg = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        return fail(request, 400, "bad_request", msg)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        if exc.code != Code.E020:  # only a query's syntax error is the client's to read
            return internal(request, exc)
        return fail(request, 400, exc.code.name, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        return internal(request, exc)

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        view, links = state.view()
        return page(request, "index.html.j2", story=view.story, events=event_groups(view.story), freshness=state.freshness(view, links))

    @app.get("/propositions/{pid}", response_class=HTMLResponse, include_in_schema=False)
    def proposition(request: Request, pid: str):
        story = state.story()
        p = next((x for x in story.propositions if x.id == pid), None)
        if p is None:
            raise HTTPException(404, f"no proposition {pid!r}")
        contra = [x for x in story.contradictions if x.proposition == pid]
        return page(request, "proposition.html.j2", p=p, event=story.event_of(p), contradictions=contra,
                    chart=chart_svg(p.series, p.measure or ""),
                    timeline=timeline_svg(p.claims),
                    stances=sorted({str(c.stance) for c in p.claims}), actors={a.id: a.name for a in story.actors})

    @app.get("/actors/{aid}", response_class=HTMLResponse, include_in_schema=False)
    def actor(request: Request, aid: str):
        story = state.story()
        a = next((x for x in story.actors if x.id == aid), None)
        if a is None:
            raise HTTPException(404, f"no actor {aid!r}")
        claims = [(p, c) for p in story.propositions for c in p.claims if c.actor == aid]
        claims.sort(key=lambda pc: (pc[1].date or "9999", pc[1].article, pc[1].start))
        return page(request, "actor.html.j2", a=a, claims=claims)

    @app.get("/articles/{aid}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, aid: str):
        store = state.store()
        try:
            art = store.get_article(aid)
            if art is None:
                raise HTTPException(404, f"no article {aid!r}")
            claims = list(store.claims(aid))
        finally:
            store.close()
        return page(request, "article.html.j2", a=art, claims=claims, text=render_article(art, claims))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: Annotated[str, Query(max_length=500)] = ""):
        results = {"claims": [], "articles": []}
        if q.strip():
            store = state.store()
            try:
                results = store.search(q)
            finally:
                store.close()
        for r in results["claims"] + results["articles"]:
            r["html"] = _highlight(r["snippet"])
        return page(request, "search.html.j2", q=q, results=results)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request):
        csrf = request.cookies.get(Csrf.COOKIE)
        if not csrf_tokens.valid(csrf):
            csrf = csrf_tokens.new()
        resp = page(request, "ingest.html.j2", csrf=csrf, max_mb=MAX_UPLOAD_BYTES // 1_000_000, max_files=MAX_UPLOAD_FILES,
                    max_total_mb=MAX_FORM_BYTES // 1_000_000)
        resp.set_cookie(Csrf.COOKIE, csrf, httponly=True, samesite="strict")
        return resp

    @app.post("/ingest", include_in_schema=False, max_body_size=MAX_FORM_BYTES)
    async def ingest_post(request: Request, csrf: Annotated[str, Form()] = "", urls: Annotated[str, Form()] = "",
                          files: Annotated[list[UploadFile] | None, File()] = None):
        if not csrf_tokens.matches(request.cookies.get(Csrf.COOKIE), csrf):
            raise HTTPException(403, "the form has expired or did not come from this app (CSRF check); reload the ingest page")
        url_list = _check_urls(urls)
        uploads = [f for f in (files or []) if f.filename]  # a file input left empty sends a part without a name
        if len(uploads) > MAX_UPLOAD_FILES:
            raise HTTPException(413, f"at most {MAX_UPLOAD_FILES} files at a time")
        names = [upload_name(f.filename or "") for f in uploads]
        if not uploads and not url_list:
            raise HTTPException(400, "give at least one file or URL")
        tmp = Path(tempfile.mkdtemp(prefix="claimtrail-upload-")) if uploads else None
        paths: list[str] = []
        try:
            for i, (f, name) in enumerate(zip(uploads, names, strict=True)):
                data = await f.read(MAX_UPLOAD_BYTES + 1)
                if len(data) > MAX_UPLOAD_BYTES:
                    raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
                dest = tmp / str(i) / name  # one folder per file: two uploads with one name both arrive
                dest.parent.mkdir()
                dest.write_bytes(data)
                paths.append(str(dest))
            job = Job(uuid.uuid4().hex[:12], total=len(paths) + len(url_list))
            state.jobs[job.id] = job
            threading.Thread(target=_run_job, args=(state, job, paths + url_list, tmp), daemon=True).start()
        except BaseException:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        return RedirectResponse(f"/ingest/{job.id}", status_code=303)

    @app.get("/ingest/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str):
        job = state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no ingest job {job_id!r}")
        return page(request, "job.html.j2", job=job)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        """The API's endpoints and parameters, read from its OpenAPI document (/openapi.json)."""
        spec = app.openapi()
        return page(request, "api.html.j2", spec=spec)

    # --- JSON API ------------------------------------------------------------------------------

    @app.get("/api/jobs/{job_id}", tags=["ingest"])
    def api_job(job_id: str) -> dict:
        """Progress of an ingest job started from the form."""
        job = state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no ingest job {job_id!r}")
        return job.__dict__

    @app.get("/api/claims", tags=["claims"])
    def api_claims(
        actor: Annotated[str | None, Query(max_length=200, description="actor id (registry id or name:…)")] = None,
        stance: Annotated[str | None, Query(pattern="^(assert|estimate|confirm|deny|evade|warn|accuse)$")] = None,
        since: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
        q: Annotated[str | None, Query(max_length=500, description="full-text query (FTS5 syntax)")] = None,
        limit: Annotated[int, Query(ge=1, le=API_LIMIT_MAX)] = 100,
    ) -> dict:
        """Claims with their provenance, filtered by actor, stance, date and text: the linked claims of the
        stored story (``unlinked_claims``: stored claims not linked yet, not listed)."""
        view, links = state.view()
        out = api.claims(state.db, actor=actor, stance=stance, since=since, q=q, story=view.story)  # the query of `claimtrail claims`
        return {"count": len(out), "claims": [c.as_dict() for c in out[:limit]], **state.freshness(view, links)}

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        limit: Annotated[int, Query(ge=1, le=API_LIMIT_MAX, description="propositions per page")] = STORIES_LIMIT,
        offset: Annotated[int, Query(ge=0, le=10_000_000, description="propositions to skip")] = 0,
    ) -> dict:
        """The story, built from the stored links, one page of propositions at a time (largest first), with
        their contradictions and the actors their claims name; ``total`` counts all propositions. ``stale``:
        stored claims are not linked yet (``unlinked_claims`` of them) or the story is being rebuilt."""
        view, links = state.view()
        story = view.story
        props = story.propositions[offset:offset + limit]
        ids = {p.id for p in props}
        named = {c.actor for p in props for c in p.claims}
        return {"total": len(story.propositions), "offset": offset, "limit": limit, "propositions": [p.as_dict() for p in props],
                "contradictions": [x.as_dict() for x in story.contradictions if x.proposition in ids],
                "actors": [a.as_dict() for a in story.actors if a.id in named], **state.freshness(view, links)}

    @app.get("/api/articles/{aid}", tags=["articles"])
    def api_article(aid: str) -> dict:
        """One article: metadata, body and clutter spans, its text and its claims."""
        store = state.store()
        try:
            art = store.get_article(aid)
            if art is None:
                raise HTTPException(404, f"no article {aid!r}")
            return dict(art.as_dict(), text=art.text, claims=[c.as_dict() for c in store.claims(aid)])
        finally:
            store.close()

    return app


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)


def _check_urls(urls: str) -> list[str]:
    """The form's URLs, one per line; 400 for one that is not http(s) or names this machine or a private network."""
    url_list = [u.strip() for u in urls.splitlines() if u.strip()]
    if len(url_list) > MAX_URLS:
        raise HTTPException(413, f"at most {MAX_URLS} URLs at a time")
    for u in url_list:
        if not u.startswith(("http://", "https://")):
            raise HTTPException(400, "URLs must start with http:// or https://")
        if len(u) > MAX_URL_CHARS:
            raise HTTPException(400, f"a URL longer than {MAX_URL_CHARS} characters")
        if any(ord(ch) <= 32 or 127 <= ord(ch) < 160 for ch in u):
            raise HTTPException(400, f"{u[:200]!r}: a URL with spaces or control characters")
        why = check_literal(u)
        if why:
            raise HTTPException(400, f"{u[:200]}: {why}; only public addresses are fetched")
        try:
            urlsplit(u).port  # noqa: B018 (raises for a port that is not a number from 0 to 65535)
            httpx.URL(u)
        except Exception:  # ValueError, httpx.InvalidURL
            raise HTTPException(400, f"{u[:200]}: not a valid URL") from None
    return url_list


def _run_job(state: State, job: Job, paths: list[str], tmp: Path | None = None) -> None:
    """An ingest job in its worker thread: store the inputs (URLs reach public addresses only), then link
    their claims (never in a request; ``api.Ingest`` links one job at a time); the uploads' folder is
    removed whatever happens."""

    def progress(stage: str, advanced: int, total: int) -> None:
        if stage == "linking":
            job.done = job.total
            job.linking = True

    try:
        store = api.open_store(state.db)
        try:
            with public_only():
                batch = api.Ingest(paths, store, options=state.options, link=True, progress=progress)
                for res in batch:
                    if res.error is not None:
                        job.failed.append(str(res.error))
                    else:
                        job.articles += 1
                        job.claims += len(res.claims)
                    job.done = min(job.total, job.done + 1)
            job.linked = batch.linked
        finally:
            store.close()
    except ClaimtrailError as e:
        job.failed.append(redact(str(e), state.db))
    except Exception as e:  # a bug must not leave the job hanging or the uploads on disk
        ref = uuid.uuid4().hex[:12]
        sys.stderr.write(redact(f"claimtrail web: ingest job {job.id} failed ({ref})\n{traceback.format_exc()}", state.db))
        job.failed.append(f"internal error (id {ref}; details are in the server log): {type(e).__name__}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        job.done = job.total
        job.linking = False
        job.finished = True
