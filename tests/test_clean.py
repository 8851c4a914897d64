"""Body versus clutter, on plain text and HTML, with a kind for each clutter span; near-duplicates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrail.ingest import read_inputs

from .conftest import EXAMPLES, prepare_text

BODY = (
    "De minister van Defensie zei dinsdag dat Nederland extra troepen naar Litouwen stuurt.\n"
    "Volgens het ministerie gaat het om ruim 300 militairen die in het voorjaar vertrekken.\n"
)


def kinds_of(article, snippet: str) -> set[str]:
    i = article.text.index(snippet)
    j = i + len(snippet)
    return {c.kind for c in article.clutter if c.start < j and i < c.end}


def in_body(article, snippet: str) -> bool:
    i = article.text.index(snippet)
    return article.in_body(i, i + len(snippet))


@pytest.mark.parametrize(
    "clutter, kind",
    [
        ("Meer uit Buitenland\nPARIJS (ANP) - De Franse regering valt na een motie van wantrouwen.\n35 minuten geleden", "teaser"),
        ("Lees ook\nStaking bij NS gaat donderdag door\nNieuwe brug kost 40 miljoen meer", "teaser"),
        ("Most read\nLONDON (Reuters) - British inflation slowed in February, data showed.\n2 hours ago", "teaser"),
        ("Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het laatste nieuws.", "newsletter"),
        ("NRC in je mailbox?", "newsletter"),
        ("Vond je dit artikel nuttig?", "share"),
        ("Deel dit artikel", "share"),
        ("Amstelveenweb.com is niet verantwoordelijk voor de inhoud van de nieuwsberichten.", "disclaimer"),
        ("Hebt u een taalfout gezien? Mail naar redactie@krant.nl", "disclaimer"),
        ("© 2025 Zeeuwsnieuws.nl - Alle rechten voorbehouden", "disclaimer"),
        ("Home\nKrant\nMedia\nPuzzels\nMeer", "navigation"),
        ("Nieuws -> Informatief", "navigation"),
        ("Foto: ANP / Lex van Lieshout. Vissers bij Bath halen dode vis binnen.", "caption"),
        ("Leestijd 2 minuten", "metadata"),
    ],
)
def test_clutter_kinds_on_plain_text(clutter, kind, pipeline, tmp_path):
    a = prepare_text(pipeline, f"Kabinet stuurt extra troepen naar Litouwen\n\n{BODY}\n{clutter}\n", tmp_path)
    first = clutter.splitlines()[0]
    assert kind in kinds_of(a, first), a.clutter
    assert in_body(a, "ruim 300 militairen")


def test_subheadings_and_quotes_stay_body(pipeline, tmp_path):
    text = f"Kop van het stuk\n\n{BODY}\nReactie Rusland\n\n{BODY}\n'Foto's zijn serieus'\n\n{BODY}"
    a = prepare_text(pipeline, text, tmp_path)
    assert in_body(a, "Reactie Rusland") and in_body(a, "'Foto's zijn serieus'")


def test_own_dateline_is_body_other_datelines_are_teasers(pipeline, tmp_path):
    text = (
        "Kop van het stuk\n\nSEOUL (ANP/RTR/AFP) - Zuid-Korea zegt dat de troepen aan het front staan.\n"
        f"{BODY}BASEL (ANP) - In het centrum van Basel is het onrustig, melden lokale media.\n"
    )
    a = prepare_text(pipeline, text, tmp_path)
    assert in_body(a, "Zuid-Korea zegt") and "teaser" in kinds_of(a, "BASEL (ANP)")
    assert a.agencies == ["ANP", "Reuters", "AFP"]


def test_html_boilerplate_outside_the_main_text(pipeline):
    (a,) = [pipeline.prepare(x) for x in read_inputs([str(EXAMPLES / "html" / "03_nl_regionale_krant_minister.html")], pipeline.options)]
    assert in_body(a, "volledige openheid")
    assert "navigation" in kinds_of(a, "Puzzels")
    assert "teaser" in kinds_of(a, "Meest gelezen")
    assert "newsletter" in kinds_of(a, "Schrijf je in voor de nieuwsbrief")
    assert "disclaimer" in kinds_of(a, "Alle rechten voorbehouden")
    assert "caption" in kinds_of(a, "Foto: ANP")
    assert a.outlet == "Zeeuwse Courant"


def test_spans_are_offsets_into_the_original_text(pipeline):
    for item in read_inputs([str(EXAMPLES)], pipeline.options):
        a = pipeline.prepare(item)
        spans = sorted([(s.start, s.end) for s in a.body] + [(c.start, c.end) for c in a.clutter])
        for (_s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2  # no overlaps
        for s, e in spans:
            assert 0 <= s < e <= len(a.text) and a.text[s:e] == a.text[s:e].strip()


def test_syndicated_copy_is_a_near_duplicate(pipeline):
    results = list(pipeline.run([str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), str(EXAMPLES / "05_nl_syndicated_rivm_copy.txt"),
                                 str(EXAMPLES / "07_nl_om_onderzoek_vissterfte.txt")], with_claims=False))
    dup = {r.article.id: r.article.duplicate_of for r in results}
    assert dup == {"04_nl_anp_rivm_schatting.txt": None, "05_nl_syndicated_rivm_copy.txt": "04_nl_anp_rivm_schatting.txt",
                   "07_nl_om_onderzoek_vissterfte.txt": None}


def test_every_copy_of_a_wire_story_names_the_original():
    """Copies (lightly edited) point at the first article; only originals are indexed, so checking a
    new copy does not compare it with every earlier copy."""
    from claimtrail.dedupe import Deduper, minhash

    original = " ".join(f"woord{i} staat in het bericht over de dijk bij Borgharen" for i in range(60))
    other = " ".join(f"term{i} gaat over iets heel anders in de haven van Rotterdam" for i in range(60))
    d = Deduper()
    assert d.add("a0", minhash(original)) is None
    assert d.add("b0", minhash(other)) is None
    for k in range(1, 40):
        assert d.add(f"a{k}", minhash(original + f" Bijgewerkt om {k}:00 uur.")) == "a0"
    assert set(d.hashes) == {"a0", "b0"} and len(d.duplicate_of) == 41
    assert d.add("a5", minhash(other)) == "a0"  # a re-run keeps the earlier verdict


@given(st.text(alphabet="ab \n\r\t.", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_lines_between_is_splitting_the_slice_again(text, a, b):
    """meta.py splits an article into lines once and reads spans of it through lines_between."""
    from claimtrail.clean import lines_between, split_lines

    a, b = sorted((min(a, len(text)), min(b, len(text))))
    again = [(ln.text, ln.words) for ln in split_lines(text[a:b]) if not ln.blank]
    carried = list(lines_between(split_lines(text), text, a, b))
    assert [(ln.text, ln.words) for ln in carried] == again
    assert all(text[ln.start : ln.end] == ln.text for ln in carried)


@pytest.mark.parametrize("line, agencies", [("Bron: ANP en Reuters", ["ANP", "Reuters"]), ("Source: AFP and Reuters", ["AFP", "Reuters"])])
def test_a_source_line_names_the_agencies(line, agencies, pipeline, tmp_path):
    """clutter.yaml's source_labels open the line, the languages' conjunctions separate the names."""
    a = prepare_text(pipeline, f"Kop van het stuk\n\n{BODY}\n{line}\n", tmp_path)
    assert a.agencies == agencies
