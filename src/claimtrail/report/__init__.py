"""Stage 9, report: the story as one self-contained HTML file, Markdown or CSV.

The HTML report works offline when e-mailed: styles and scripts are inlined, charts are Vega-Lite
specs rendered to inline SVG by vl-convert (no CDN, no fonts fetched), and every article a claim
comes from is included, with the claim's evidence highlighted by its character offsets and the
page's clutter greyed. All article text is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..model import Article, Claim, SeriesPoint, Story, StoryClaim
from ..safe import csv_cell
from ..story import date_key, event_groups, to_markdown

log = logging.getLogger(__name__)

CHART_WIDTH = 560
CHART_HEIGHT = 220
CSV_COLUMNS = ["article", "start", "end", "date", "source", "actor", "stance", "cue", "quantities", "text", "content", "topic", "extractor", "label"]


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("claimtrail.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["fmtnum"] = _fmtnum
    return env


def _fmtnum(v) -> str:
    if v is None:
        return ""
    f = float(v)
    return f"{int(f):,}" if f.is_integer() else f"{f:,.2f}"


@cache
def static_text(name: str) -> str:
    return (resources.files(__name__) / "static" / name).read_text(encoding="utf-8")


def chart_svg(series: list[SeriesPoint], title: str = "") -> Markup | None:
    """The series as a line chart (inline SVG); None when fewer than two dated points."""
    points = [{"date": _chart_date(s.date), "value": float(s.value), "source": s.source or "unnamed",
               "approx": "≈" if s.approx else ""} for s in series if s.date]
    if len(points) < 2:
        return None
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": CHART_WIDTH, "height": CHART_HEIGHT, "title": title[:80],
        "data": {"values": points},
        "layer": [
            {"mark": {"type": "line", "color": "#888"}, "encoding": {"x": {"field": "date", "type": "temporal", "title": None},
                                                                     "y": {"field": "value", "type": "quantitative", "title": None}}},
            {"mark": {"type": "point", "filled": True, "size": 70},
             "encoding": {"x": {"field": "date", "type": "temporal"}, "y": {"field": "value", "type": "quantitative"},
                          "color": {"field": "source", "type": "nominal", "title": "source"},
                          "tooltip": [{"field": "source"}, {"field": "value"}, {"field": "date", "type": "temporal"}]}},
        ],
    }
    return _render(spec)


STANCE_COLOURS = {"assert": "#4a7bd0", "confirm": "#2e9e4f", "estimate": "#8a63d2", "deny": "#d64545", "evade": "#9a9a9a",
                  "warn": "#e08a1e", "accuse": "#c2448f"}


def timeline_svg(claims: list[StoryClaim]) -> Markup | None:
    """Who said what when: one row per actor, one dot per dated claim, coloured by stance (inline SVG)."""
    points = [{"date": _chart_date(c.date), "actor": (c.source or "unnamed")[:40], "stance": str(c.stance), "text": c.text[:120]}
              for c in claims if c.date]
    if len(points) < 2:
        return None
    actors = len({p["actor"] for p in points})
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": CHART_WIDTH, "height": max(60, min(18 * actors, 400)),
        "data": {"values": points},
        "mark": {"type": "point", "filled": True, "size": 90},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": None},
            "y": {"field": "actor", "type": "nominal", "title": None, "sort": None},
            "color": {"field": "stance", "type": "nominal", "scale": {"domain": list(STANCE_COLOURS), "range": list(STANCE_COLOURS.values())}},
            "tooltip": [{"field": "actor"}, {"field": "stance"}, {"field": "text"}],
        },
    }
    return _render(spec)


def _render(spec: dict) -> Markup | None:
    try:
        import vl_convert as vlc

        return Markup(vlc.vegalite_to_svg(vl_spec=spec))
    except Exception as e:  # a chart must not cost the report  # pragma: no cover
        log.warning("chart not rendered: %s", e)
        return None


def _chart_date(d: str) -> str:
    return d if len(d) >= 10 else f"{d}-28"


def render_article(article: Article, claims: list[StoryClaim] | list[Claim]) -> Markup:
    """The article's text as HTML: clutter greyed, each claim's evidence marked and anchored."""
    text = article.text
    bounds = {0, len(text)}
    for c in article.clutter:
        bounds |= {c.start, c.end}
    for c in claims:
        bounds |= {c.start, c.end}
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    starts: dict[int, list[str]] = {}
    for c in claims:
        starts.setdefault(c.start, []).append(c.id)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for cid in starts.get(a, []):
            out.append(f'<a class="anchor" id="c-{escape(cid)}"></a>')
        clutter = next((c.kind for c in article.clutter if c.start <= a and b <= c.end), None)
        ids = [c.id for c in claims if c.start <= a and b <= c.end]
        seg = escape(text[a:b])
        classes = []
        if clutter:
            classes += ["clutter", f"clutter-{clutter}"]
        if ids:
            classes.append("evidence")
        if classes:
            attrs = f' class="{" ".join(classes)}"'
            if ids:
                attrs += f' data-claims="{escape(" ".join(ids))}"'
            if clutter:
                attrs += f' title="{escape(clutter)}"'
            out.append(f"<span{attrs}>{seg}</span>")
        else:
            out.append(str(seg))
    return Markup("".join(out))


def render_html(story: Story, articles: dict[str, Article], title: str = "claimtrail report") -> str:
    claims_by_article: dict[str, list[StoryClaim]] = {}
    for p in story.propositions:
        for c in p.claims:
            claims_by_article.setdefault(c.article, []).append(c)
    charts = {p.id: chart_svg(p.series, p.measure or "") for p in story.propositions if len(p.series) >= 2}
    timelines = {p.id: timeline_svg(p.claims) for p in story.propositions if len(p.claims) >= 2}
    used = sorted((articles[a] for a in claims_by_article if a in articles), key=lambda x: (date_key(x.published), x.id))
    actor_names = {a.id: a.name for a in story.actors}
    stances = sorted({str(c.stance) for p in story.propositions for c in p.claims})
    return _env().get_template("report.html.j2").render(
        title=title, story=story, events=event_groups(story), charts=charts, timelines=timelines, articles=used,
        actor_names=actor_names, stances=stances,
        rendered={a.id: render_article(a, claims_by_article.get(a.id, [])) for a in used},
        css=Markup(static_text("report.css")), js=Markup(static_text("report.js")),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        n_claims=sum(len(p.claims) for p in story.propositions),
    )


def render_markdown(story: Story) -> str:
    return to_markdown(story)


def render_csv(story: Story) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for p in story.propositions:
        for c in p.claims:
            q = "; ".join(x.text for x in c.quantities)
            w.writerow(["" if x is None else csv_cell(str(x)) for x in (
                c.article, c.start, c.end, c.date or "", c.source or "", c.actor or "", c.stance,
                c.cue or "", q, c.text, c.content, c.topic, c.extractor, p.label)])
    return buf.getvalue()
