"""Bad input beyond the basics, property tests and a bounded fuzzing run of ingest + extract."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrail.dates import find_dates
from claimtrail.errors import Code, InputError
from claimtrail.ingest import read_inputs
from claimtrail.model import Article
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

NL_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def run_one(pipeline, path):
    results = list(pipeline.run([str(path)]))
    assert len(results) >= 1
    return results


# --- the bad-input corpus, generated where large --------------------------------------------------


def test_nul_bytes_are_handled(pipeline, tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes(b"Kop van het stuk\n\nDe minister zei dat\x00 het klopt.\n")
    (r,) = run_one(pipeline, f)
    assert r.article is not None and "\x00" not in r.article.text and len(r.article.text) == 50


def test_a_50_mb_file_is_refused_with_the_limit_named(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        out.write(b"De minister zei dat het klopt. " * (50_000_000 // 31 + 1))
    (e,) = [x for x in read_inputs([str(f)], Options()) if isinstance(x, InputError)]
    assert e.code == Code.E003 and "20000000" in str(e) and "--max-bytes" in str(e)


@pytest.mark.slow
def test_a_single_million_character_line(pipeline, tmp_path):
    words = "de minister zei dat het kabinet niet zal ingaan op de vragen over 3000 militairen volgens de NAVO en Rusland ontkent".split()
    line = " ".join(words[i % len(words)] for i in range(200_000))[:1_000_000]
    f = tmp_path / "line.txt"
    f.write_text(line, encoding="utf-8")
    (r,) = run_one(pipeline, f)
    assert r.error is not None and r.error.code is Code.E028  # longer than any article: refused at once by default
    (r,) = run_one(Pipeline(Options(max_chars=1_000_000)), f)  # read when asked for: still linear
    assert r.error is None and len(r.article.text) == 1_000_000 and r.claims
    assert all(r.article.text[c.start : c.end] == c.text for c in r.claims)


def test_deeply_nested_html(pipeline, tmp_path):
    f = tmp_path / "deep.html"
    f.write_text("<html><body>" + "<div>" * 5000 + "<p>De minister zei dat het klopt.</p>" + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    (r,) = run_one(pipeline, f)
    assert r.error is None and "De minister zei dat het klopt." in r.article.text


def test_html_full_of_scripts_and_iframes(pipeline, tmp_path):
    junk = "".join(f"<script>var x{i} = '<p>fake</p>';</script><iframe src='https://ads.example/{i}'></iframe><style>p{{}}</style>" for i in range(300))
    f = tmp_path / "scripts.html"
    f.write_text(f"<html><head>{junk}</head><body>{junk}<article><p>De minister zei dinsdag dat het kabinet de plannen niet aanpast.</p></article>{junk}</body></html>", encoding="utf-8")
    (r,) = run_one(pipeline, f)
    assert r.error is None and "var x" not in r.article.text and "fake" not in r.article.text and "ads.example" not in r.article.text
    assert [c.source for c in r.claims] == ["minister"]


def test_mojibake_is_repaired(pipeline, tmp_path):
    f = tmp_path / "moji.txt"
    f.write_text("Kop van het stuk\n\nDe minister zei dat het cafÃ© â‚¬5 kost.\n", encoding="utf-8")
    (r,) = run_one(pipeline, f)
    assert "café €5" in r.article.text


# --- properties -------------------------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)), st.sampled_from(["dmy/", "dmy-", "iso", "nl", "en", "en-us"]))
def test_dates_parse_back(d, form):
    text = {
        "dmy/": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy-": f"{d.day}-{d.month}-{d.year}",
        "iso": d.isoformat(),
        "nl": f"{d.day} {NL_MONTHS[d.month - 1]} {d.year}",
        "en": f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}",
        "en-us": f"{EN_MONTHS[d.month - 1][:3]}. {d.day}, {d.year}",
    }[form]
    found = find_dates(f"Gepubliceerd op {text} 10:00", ("nl", "en"))
    assert [x.value for x in found] == [d.isoformat()]


SUBJECTS = ["De minister", "Oekraïne", "Het Kremlin", "De Zuid-Koreaanse inlichtingendienst", "Norvalis", "The Pentagon", "Ukraine", "Een woordvoerder"]
VERBS = ["zegt dat", "ontkent dat", "schat dat", "beweert dat", "said that", "denied that", "bevestigt dat", "vreest dat"]
OBJECTS = ["er {n} militairen in Rusland zijn", "ruim {n} kilo PFAS is geloosd", "about {n} troops arrived", "het 'onzin' is", "\"het niet klopt\""]
CLUTTER = ["Lees ook", "35 minuten geleden", "Meld je aan voor onze nieuwsbrief", "Home", "Deel dit artikel", "PARIJS (ANP) - Iets anders gebeurde."]


@st.composite
def articles(draw):
    lines = [draw(st.sampled_from(["Kop van het stuk", "Headline of the story"]))]
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            n = draw(st.integers(1, 99_999))
            obj = draw(st.sampled_from(OBJECTS)).format(n=f"{n:,}".replace(",", draw(st.sampled_from([".", ",", ""]))))
            lines.append(f"{draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(VERBS))} {obj}.")
        else:
            lines.append(draw(st.sampled_from(CLUTTER)))
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return sep.join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(articles())
def test_every_span_points_at_its_text(pipeline, tmp_path, text):
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    (r,) = run_one(pipeline, f)
    a = r.article
    assert a.text == text
    spans = sorted([(s.start, s.end) for s in a.body] + [(c.start, c.end) for c in a.clutter])
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    for c in r.claims:
        assert text[c.start : c.end] == c.text and text[c.content_start : c.content_end] == c.content
        assert a.in_body(c.start, c.end)
        for q in c.quantities:
            assert text[q.start : q.end] == q.text


# --- a bounded fuzzing run ------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.builds(lambda a, b: (a + "<html><body><p>" + b + "</p></body></html>").encode("utf-8", "replace"), st.text(max_size=200), st.text(max_size=2000)),
    st.builds(lambda t: ('{"title": "x", "maintext": ' + t + "}\n").encode("utf-8", "replace"), st.text(max_size=500)),
), st.sampled_from(["a.txt", "a.html", "a.xml", "a.jsonl", "a.warc", "a.md", "noext"]))
def test_fuzz_ingest_and_extract(pipeline, tmp_path, data, name):
    f = tmp_path / name
    f.write_bytes(data)
    for r in pipeline.run([str(f)]):
        if r.error is not None:
            assert r.error.code != Code.E018, str(r.error)  # an internal error is a bug, whatever the input
            assert "\n" not in str(r.error)
        else:
            assert isinstance(r.article, Article)
            for c in r.claims:
                assert r.article.text[c.start : c.end] == c.text


def test_pipeline_never_raises_on_a_mixed_batch(tmp_path):
    (tmp_path / "ok.txt").write_text("Kop\n\nDe minister zei dat het klopt.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "empty.md").write_bytes(b"")
    results = list(Pipeline(Options()).run([str(tmp_path)]))
    assert sorted(r.article.id if r.article else r.error.code.name for r in results) == ["E001", "E002", "ok.txt"]
