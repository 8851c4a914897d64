"""The Python API: what a notebook calls, its pinned public names, and the walkthrough in docs/python-api.md."""

from __future__ import annotations

import ast
import inspect
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import claimtrail
from claimtrail import api
from claimtrail.errors import ConfigError, InputError, StoreError
from claimtrail.model import Story
from claimtrail.options import Options

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ["Claims", "DEFAULT_DB", "Ingest", "__version__", "build_story", "check_options", "claims", "extract_claims", "extract_text",
          "link_claims", "linked_store", "open_store", "read_story", "render_report", "to_pandas", "write_story_json"]
SRC = ROOT / "src" / "claimtrail"
NORVALIS = ROOT / "examples" / "09_en_norvalis_admits.txt"
ACTORS = ROOT / "examples" / "actors.yaml"


def test_extract_text_gives_the_claim_with_its_source_stance_and_figure():
    claims = claimtrail.extract_text("De minister zei dat er 300 doden zijn.", lang="nl")
    assert len(claims) == 1
    c = claims[0]
    assert "minister" in c.source
    assert c.stance == "assert"
    assert [q.value for q in c.quantities] == [300]
    assert claims.errors == []
    rec = claims.to_records()[0]
    assert rec["source"] == c.source and rec["quantities"][0]["value"] == 300
    dated = claimtrail.extract_text("De minister zei dat er 300 doden zijn.", lang="nl", published="2025-03-06")
    assert dated[0].date == "2025-03-06" and c.date is None


def test_extract_collects_bad_inputs_and_reads_the_others(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("De minister zei dat er 300 doden zijn.", encoding="utf-8")
    found = claimtrail.extract_claims([good, tmp_path / "missing.txt"], lang="nl")
    assert len(found) == 1
    assert len(found.errors) == 1 and "missing.txt" in str(found.errors[0])


def test_to_pandas_rows_are_the_records():
    pd = pytest.importorskip("pandas")
    df = claimtrail.extract_text("De minister zei dat er 300 doden zijn.", lang="nl").to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.stance) == ["assert"] and "content_span" in df.columns


def test_to_pandas_without_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(ImportError, match=re.escape("pip install claimtrail[pandas]")):
        api.Claims().to_pandas()


def test_story_rows_carry_their_proposition():
    story = claimtrail.build_story([ROOT / "examples" / "09_en_norvalis_admits.txt", ROOT / "examples" / "02_en_reuters_regulator_pfas.txt"])
    assert isinstance(story, Story) and story.propositions
    rows = story.to_records()
    assert len(rows) == sum(len(p.claims) for p in story.propositions)
    labels = {p.id: p.label for p in story.propositions}
    assert all(labels[r["proposition"]] == r["label"] for r in rows)
    with pytest.raises(ValueError):
        story.to_records("nonsense")


def test_claims_filters_a_database(tmp_path):
    db = tmp_path / "c.db"
    story = claimtrail.build_story([ROOT / "examples" / "09_en_norvalis_admits.txt"], db=db)
    every = claimtrail.claims(db)
    assert len(every) == sum(len(p.claims) for p in story.propositions) > 0
    stance = every[0].stance
    assert {c.stance for c in claimtrail.claims(db, stance=stance)} == {stance}
    assert len(claimtrail.claims(db, limit=1)) == 1
    assert claimtrail.claims(db, since="2999") == []
    assert claimtrail.claims(db, story=story, actor="name:nobody at all") == []


def test_story_needs_inputs_or_db():
    with pytest.raises(ValueError):
        claimtrail.build_story()
    with pytest.raises(ValueError):
        claimtrail.build_story(NORVALIS, lang="en", options=Options())  # one way to give options


def test_public_names_are_pinned():
    assert sorted(claimtrail.__all__) == PUBLIC
    assert sorted([*api.__all__, "__version__"]) == PUBLIC  # the package offers exactly the API's names
    modules = {m.name for m in pkgutil.iter_modules(claimtrail.__path__)}
    assert not modules & set(PUBLIC)  # `import claimtrail.link` would replace a function claimtrail.link
    for name in PUBLIC:
        assert getattr(claimtrail, name) is not None
    with pytest.raises(AttributeError):
        claimtrail.no_such_name  # noqa: B018


def test_public_functions_are_documented_and_typed():
    for name in PUBLIC:
        obj = getattr(claimtrail, name)
        if not callable(obj):
            continue
        assert inspect.getdoc(obj), name
        fns = [m for m in vars(obj).values() if inspect.isfunction(m)] if inspect.isclass(obj) else [obj]
        for fn in fns:
            sig = inspect.signature(fn)
            assert sig.return_annotation is not inspect.Signature.empty, f"{name}.{fn.__name__}: no return type"
            for p in sig.parameters.values():
                assert p.name == "self" or p.annotation is not inspect.Parameter.empty, f"{name}.{fn.__name__}({p.name})"


def test_import_claimtrail_stays_light():
    import subprocess

    code = "import sys, claimtrail; print(any(m.startswith(('claimtrail.pipeline', 'spacy', 'numpy')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src")})
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_the_walkthrough_runs(monkeypatch):
    pytest.importorskip("pandas")
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/python-api.md", "exec"), namespace)  # noqa: S102
    assert namespace["claim"].stance == "assert" and len(namespace["kg"]) > 0
    assert namespace["confirmed"] and {c.stance for c in namespace["confirmed"]} == {"confirm"}
    assert [e.code.name for e in namespace["small"].errors] == ["E011"] and namespace["small"].propositions
    assert namespace["batch"].errors == [] and namespace["batch"].linked > 0 and "Westerschelde" in namespace["html"]


def test_story_returns_its_unreadable_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    story = claimtrail.build_story([NORVALIS, tmp_path / "missing.txt", empty])
    assert story.propositions  # the readable input still made the story
    assert [(Path(e.source).name, e.code.name) for e in story.errors] == [("missing.txt", "E011"), ("empty.txt", "E001")]
    assert all(isinstance(e, InputError) for e in story.errors) and str(story.errors[1]).endswith("E001 file is empty")
    assert "errors" not in story.as_dict()  # the story's JSON stays the story


def test_ingest_then_link_then_read(tmp_path):
    db = tmp_path / "c.db"
    with pytest.raises(StoreError, match="E015.*no such database"):
        claimtrail.link_claims(db)  # a typo in a path does not make an empty database
    with pytest.raises(ValueError):
        claimtrail.Ingest([NORVALIS], link=True)  # nothing to link in without a store
    store = claimtrail.open_store(db)
    try:
        batch = claimtrail.Ingest([NORVALIS, tmp_path / "missing.txt"], store)
        results = list(batch)
        assert [r.error is None for r in results] == [False, True]  # refused while walking: first
        assert [Path(e.source).name for e in batch.errors] == ["missing.txt"] and batch.linked == 0
        assert claimtrail.read_story(store).propositions == []  # stored, not linked yet
        assert claimtrail.claims(store) == []
        n = claimtrail.link_claims(store)
        assert n == len(results[1].claims) > 0 and claimtrail.link_claims(store) == 0
        again = claimtrail.Ingest([NORVALIS], store, link=True).run()  # stored before with the same text: unchanged
        assert again.errors == [] and again.linked == 0
    finally:
        store.close()
    story = claimtrail.read_story(db)
    assert sum(len(p.claims) for p in story.propositions) == n


def test_linked_store_reports_progress_and_bad_inputs(tmp_path):
    calls, failed = [], []
    with claimtrail.linked_store([NORVALIS, tmp_path / "missing.txt"], on_error=failed.append,
                                 progress=lambda *a: calls.append(a)) as store:
        assert store.link_state()["unlinked"] == 0
    assert [Path(e.source).name for e in failed] == ["missing.txt"]
    stages = [c[0] for c in calls]
    assert stages[0] == "reading" and stages[-1] == "linking" and calls[0][1] == 0
    with pytest.raises(StoreError, match="E015"):
        with claimtrail.linked_store(db=tmp_path / "none.db"):
            pass
    assert not (tmp_path / "none.db").exists()


@pytest.fixture(scope="module")
def norvalis_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "n.db"
    claimtrail.build_story([NORVALIS, ROOT / "examples" / "07_nl_om_onderzoek_vissterfte.txt"], db=db, actors=[ACTORS])
    return db


def test_claims_filters_check_their_values(norvalis_db):
    with pytest.raises(ConfigError, match="E029"):
        claimtrail.claims(norvalis_db, stance="denies")
    with pytest.raises(ConfigError, match="E030"):
        claimtrail.claims(norvalis_db, since="March")
    every = claimtrail.claims(norvalis_db, actors=[ACTORS])
    article = every[-1].article
    assert {c.article for c in claimtrail.claims(norvalis_db, article=article, actors=[ACTORS])} == {article}
    assert [c.actor for c in claimtrail.claims(norvalis_db, actor="norvalis", actors=[ACTORS])] == \
        [c.actor for c in every if c.actor == "norvalis"] != []


@pytest.mark.parametrize("query", [{}, {"stance": "confirm"}, {"actor": "norvalis", "limit": 2}, {"since": "2025-04"}, {"q": "PFAS"}])
def test_cli_web_and_api_list_claims_with_one_query(norvalis_db, query):
    """`claimtrail claims`, /api/claims and claimtrail.claims: the same claims in the same order."""
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from claimtrail.cli import app
    from claimtrail.web import create_app

    mine = [c.id for c in claimtrail.claims(norvalis_db, actors=[ACTORS], **query)]
    flags = [x for k, v in query.items() for x in (f"--{'query' if k == 'q' else k}", str(v))]
    res = CliRunner().invoke(app, ["claims", "--db", str(norvalis_db), "--format", "jsonl", "--actors", str(ACTORS), *flags])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == mine
    client = TestClient(create_app(str(norvalis_db), options=Options(actor_files=(ACTORS,))), base_url="http://127.0.0.1:8000")
    web = client.get("/api/claims", params=query).json()
    assert [c["id"] for c in web["claims"]] == mine[:100]
    assert mine or query  # the query without filters lists something


def test_report_renders_each_format(norvalis_db):
    story = claimtrail.read_story(norvalis_db)
    assert claimtrail.render_report(story, fmt="md").startswith("#")
    assert claimtrail.render_report(story, fmt="csv").splitlines()[0].startswith("article,")
    with pytest.raises(ValueError, match="database"):
        claimtrail.render_report(story)  # the HTML report shows the articles: it needs them
    html = claimtrail.render_report(story, db=norvalis_db, title="Norvalis")
    assert "<title>Norvalis" in html and story.propositions[0].claims[0].text[:30] in html
    with pytest.raises(ConfigError, match="E014"):
        claimtrail.render_report(story, fmt="pdf")


ALLOWED = {
    # the command: the API, and what a command line needs beside it (the version, typed errors for exit
    # codes and one line per bad input, the options object and its parsing, the stdout writers, inert text)
    "cli.py": {"claimtrail", "api", "errors", "options", "output", "safe", "web"},  # web: `serve` runs the web app
    # the web app: the API, and what a web page needs beside it (the SSRF guard for URLs from the
    # form, the report's SVG charts and evidence highlighting, the story's types, its own security)
    "web/__init__.py": {"api", "errors", "ingest.netguard", "model", "options", "report", "safe", "web.security"},
}


def _is_module(path: Path) -> bool:
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _claimtrail_imports(path: Path) -> tuple[set[str], set[str]]:
    """The claimtrail modules ``path`` imports (outside ``if TYPE_CHECKING:``) and the ``api.`` names it uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(SRC).parent.parts
    type_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
                 for n in ast.walk(node)}
    modules, used = set(), set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            if node.module:
                modules.add(".".join([*base, node.module]))
            else:  # from . import api, __version__: a module, or a name of the package itself
                modules |= {".".join([*base, a.name]) if _is_module(SRC.joinpath(*base, a.name)) else ".".join(base)
                            for a in node.names}
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            modules |= {n.removeprefix("claimtrail.") for n in names if n == "claimtrail" or n.startswith("claimtrail.")}
        elif isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "api":
            used.add(node.attr)
    return {m or "claimtrail" for m in modules}, used


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_cli_and_the_web_app_come_in_through_the_api(name):
    modules, used = _claimtrail_imports(SRC / name)
    assert modules <= ALLOWED[name], f"{name} reaches into {sorted(modules - ALLOWED[name])}: call claimtrail.api instead"
    assert "api" in modules and used and used <= set(api.__all__), sorted(used - set(api.__all__))


def test_reading_and_linking_are_written_once():
    """Only the API links a store and starts a pipeline (a worker of scale.py builds the pipeline class it is given)."""
    callers: dict[str, set[str]] = {"link_store": set(), "Pipeline": set()}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                fn = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if fn in callers:
                    callers[fn].add(str(path.relative_to(SRC)))
    assert callers == {"link_store": {"api.py"}, "Pipeline": {"api.py"}}
