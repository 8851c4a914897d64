"""Attribution patterns in Dutch and English: source, stance, quantities, span, provenance."""

from __future__ import annotations

import pytest

from .conftest import prepare_text


def claims_of(pipeline, text, tmp_path):
    title = " ".join(text.split()[:6]).strip(".,\"'")  # a headline in the text's own language
    a = prepare_text(pipeline, f"{title}\n\n{text}\n", tmp_path)
    return a, [c for c in pipeline.extract(a) if c.start > len(title)]  # the body's claims; the headline has its own tests


@pytest.mark.parametrize(
    "text, source, stance",
    [
        ("Oekraïne beweert dat er inmiddels 12.000 Noord-Koreaanse militairen in Rusland zijn.", "Oekraïne", "assert"),
        ("President Poetin ontkent niet dat er Noord-Koreaanse militairen zijn in Rusland.", "President Poetin", "evade"),
        ("Tot nu toe deed het Kremlin deze berichten af als nepnieuws.", "Kremlin", "deny"),
        ("Volgens de Zuid-Koreaanse inlichtingendienst zijn er 15.000 militairen ingezet.", "Zuid-Koreaanse inlichtingendienst", "assert"),
        ("De Zuid-Koreaanse inlichtingendienst schat dat duizenden militairen naar Koersk zijn gestuurd.", "Zuid-Koreaanse inlichtingendienst", "estimate"),
        ("Het regime noemt het onzin dat er militairen naar Rusland zijn gestuurd.", "regime", "deny"),
        ("De Verenigde Staten vermoeden dat de militairen worden getraind.", "Verenigde Staten", "estimate"),
        ("Het Westen vreest dat Rusland militaire technologie levert.", "Westen", "warn"),
        ("Wel beschuldigde de minister de NAVO ervan dat er adviseurs actief zijn.", "minister", "accuse"),
        ("De Russische autoriteiten hebben niet gezegd dat de militairen actief zijn.", "Russische autoriteiten", "evade"),
        ("Loekasjenko heeft de beweringen afgedaan als \"onzin\".", "Loekasjenko", "deny"),
        ("Ruim 40 procent van het gebied is naar verluidt heroverd.", None, "assert"),
        ("Topman Pieter Hanegraaf wilde niet ingaan op vragen van verslaggevers.", "Topman Pieter Hanegraaf", "evade"),
        ("Kyiv ontkende en zei dat zijn militairen er nog steeds vechten.", "Kyiv", "deny"),
        ("Ukraine says 12,000 North Korean troops are in Russia.", "Ukraine", "assert"),
        ("The Kremlin dismissed the reports as fake news.", "Kremlin", "deny"),
        ("A Pentagon spokesman declined to comment on the numbers.", "Pentagon spokesman", "evade"),
        ("Putin did not deny that North Korean soldiers were in Russia.", "Putin", "evade"),
        ("South Korea's spy agency estimated that 1,500 soldiers had arrived.", "South Korea's spy agency", "estimate"),
        ("According to US officials, about 10,000 troops are in Kursk.", "US officials", "assert"),
        ("NATO warned that the deployment was a dangerous escalation.", "NATO", "warn"),
        ("The minister accused Russia of escalating the war.", "minister", "accuse"),
    ],
)
def test_patterns(text, source, stance, pipeline, tmp_path):
    a, cs = claims_of(pipeline, text, tmp_path)
    assert len(cs) == 1, [(c.source, c.stance, c.text) for c in cs]
    (c,) = cs
    assert c.source == source and c.stance == stance
    assert a.text[c.start : c.end] == c.text and a.text[c.content_start : c.content_end] == c.content
    assert c.extractor.startswith("rules.attribution.v1")


def test_trailing_quote_and_pronoun(pipeline, tmp_path):
    text = "Maar toen de Russische president ernaar werd gevraagd, was hij kort. De samenwerking met Noord-Korea \"is onze zaak\", zei hij."
    _, cs = claims_of(pipeline, text, tmp_path)
    (c,) = cs
    assert c.source == "Russische president" and c.source_id == "putin" and c.stance == "evade"
    assert c.text == "De samenwerking met Noord-Korea \"is onze zaak\", zei hij"[len("De samenwerking met Noord-Korea "):]


def test_two_claims_in_one_sentence(pipeline, tmp_path):
    text = ("Het Kremlin heeft de beweringen van Seoul afgedaan als nepnieuws en een Noord-Koreaanse vertegenwoordiger "
            "bij de Verenigde Naties heeft het bestempeld als \"ongegronde geruchten\".")
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == [("Kremlin", "deny"), ("Noord-Koreaanse vertegenwoordiger bij de Verenigde Naties", "deny")]
    assert cs[0].end <= cs[1].start


def test_contrast_makes_two_claims(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "Norvalis bevestigt dat het bedrijf is benaderd, maar ontkent opnieuw dat het iets heeft geloosd.", tmp_path)
    assert [c.stance for c in cs] == ["confirm", "deny"]


def test_first_person_in_a_quotation_is_its_speaker(pipeline, tmp_path):
    text = ("'Goedemorgen. Vanmorgen sprak ik met onze partners'- aldus NAVO-chef Mark Rutte op 28 oktober 2024 in Brussel.\n\n"
            "'Vandaag kan ik bevestigen dat de troepen zijn gestuurd. Meer dan 600.000 soldaten zijn gedood of gewond.\n\nDank u wel.'")
    _, cs = claims_of(pipeline, text, tmp_path)
    got = [(c.source, c.stance, [q.value for q in c.quantities]) for c in cs]
    assert ("NAVO-chef Mark Rutte", "confirm", []) in got
    assert ("NAVO-chef Mark Rutte", "assert", [600000]) in got


def test_role_noun_resolves_to_the_office_holder_at_the_date(pipeline, tmp_path):
    a = prepare_text(pipeline, "Kop van dit bericht\n\n24-10-2024\n\nDe Amerikaanse minister van Defensie zegt dat het bewijs sterk is.\n", tmp_path)
    (c,) = pipeline.extract(a)
    assert c.source_id == "lloyd_austin" and c.date == "2024-10-24"
    b = prepare_text(pipeline, "Kop van dit bericht\n\n24-10-2025\n\nDe Amerikaanse minister van Defensie zegt dat het bewijs sterk is.\n", tmp_path, "b.txt")
    (d,) = pipeline.extract(b)
    assert d.source_id == "hegseth"


def test_claims_come_from_the_body_only(pipeline, tmp_path):
    text = "De minister zegt dat het klopt.\n\nMeer uit Buitenland\nPARIJS (ANP) - De Franse premier zegt dat hij aftreedt, meldt AFP.\n35 minuten geleden"
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == ["minister"]


def test_claim_date_is_the_article_date_or_null(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "De minister zegt dat het klopt.", tmp_path)
    assert cs[0].date is None
