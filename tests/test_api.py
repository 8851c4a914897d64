"""The Python API: what a notebook calls, its pinned public names, and the walkthrough in docs/python-api.md."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

import claimtrail
from claimtrail import api
from claimtrail.model import Story

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ["Claims", "__version__", "build_story", "claims", "extract_claims", "extract_text", "open_store", "to_pandas"]


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


def test_public_names_are_pinned():
    assert sorted(claimtrail.__all__) == PUBLIC
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
    assert len(blocks) >= 4
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/python-api.md", "exec"), namespace)  # noqa: S102
    assert namespace["claim"].stance == "assert" and len(namespace["kg"]) > 0
    assert namespace["confirmed"] and {c.stance for c in namespace["confirmed"]} == {"confirm"}
