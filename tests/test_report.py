"""The shareable report: self-contained HTML, Markdown and CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from typer.testing import CliRunner

from claimtrail.cli import app

from .conftest import EXAMPLES, report_of_examples

XSS = ("Kop van een bericht met code\n\nDe minister zei dat <script>alert('xss')</script> niet mag, "
       "en dat <img src=x onerror=alert(1)> ook niet. Volgens de NAVO gaat het om 3000 militairen.\n")


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    res, out = report_of_examples(tmp_path_factory.mktemp("report"), XSS)
    assert res.stdout.strip() == str(out.resolve())
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(report_html):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", report_html), "the report loads something from the network"
    assert "<link " not in report_html and "@import" not in report_html
    assert report_html.count("<svg") >= 1  # charts rendered offline


def test_every_claim_links_to_its_anchored_evidence(report_html):
    targets = set(re.findall(r'href="#c-([0-9a-f]+)"', report_html))
    anchors = set(re.findall(r'id="c-([0-9a-f]+)"', report_html))
    assert targets and targets <= anchors


def test_article_text_is_escaped(report_html):
    assert "<script>alert('xss')</script>" not in report_html
    assert "&lt;script&gt;alert(" in report_html and "&lt;img src=x onerror=alert(1)&gt;" in report_html
    assert report_html.count("<script>") == 1  # the report's own script only


def test_markdown_and_csv(tmp_path):
    runner = CliRunner()
    md, cs = tmp_path / "r.md", tmp_path / "r.csv"
    assert runner.invoke(app, ["report", str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), "--format", "md", "-o", str(md)]).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Story")
    assert runner.invoke(app, ["report", str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), "--format", "csv", "-o", str(cs)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cs.read_text(encoding="utf-8"))))
    assert rows and {"article", "start", "end", "source", "stance", "quantities", "text"} <= set(rows[0])
    assert any(r["quantities"] == "tussen 120; 180" or "120" in r["quantities"] for r in rows)


def test_report_from_a_database(tmp_path):
    db = tmp_path / "c.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(EXAMPLES / "11_en_port_rotterdam_hack.txt"), "--db", str(db)]).exit_code == 0
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0 and "ShadowTide" in out.read_text(encoding="utf-8")
    assert runner.invoke(app, ["report", "--db", str(tmp_path / "missing.db")]).exit_code == 2


def test_the_report_opens_with_the_events_and_their_propositions(report_html):
    import re

    html = report_html
    toc = html[html.index('<nav class="toc">'):html.index("</nav>")]
    assert "<h2>Events</h2>" in toc
    events = re.findall(r'<section class="event" id="([^"]+)">', html)
    assert events and all(f'href="#{e}"' in toc for e in events)
    # every proposition section lies inside an event section, and the table of contents lists it under it
    sections = re.findall(r'<section class="proposition" id="([^"]+)">', html)
    assert sections and html.index('<section class="event"') < html.index('<section class="proposition"')
    assert all(f'href="#{pid}"' in toc for pid in sections)


def test_a_report_without_the_articles_still_renders(tmp_path):
    """A story whose articles are not given (a store that lost them, a story read elsewhere) is still a report."""
    from claimtrail import api
    from claimtrail.report import render_html

    from .conftest import EXAMPLES

    story = api.build_story([str(EXAMPLES / "04_nl_anp_rivm_schatting.txt")])
    html = render_html(story, {}, "no articles")
    assert story.propositions and 'class="proposition"' in html and 'class="source"' not in html
