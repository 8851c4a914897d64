"""The head of a real page: a leading date line (often with the lead on the same line), datelines,
date stamps and menu items near the headline. Texts are invented for these tests."""

from __future__ import annotations

from claimtrail.meta import find_title
from claimtrail.model import Article, Span

from .conftest import prepare_text

LEAD_NL = "De gemeente Vlissingen sluit het strand bij de boulevard na een melding van dode vissen, zegt een woordvoerder."


def kinds(article) -> list[tuple[str | None, str]]:
    parts = [(None, article.text[b.start : b.end]) for b in article.body]
    parts += [(c.kind, article.text[c.start : c.end]) for c in article.clutter]
    return sorted(parts, key=lambda p: article.text.index(p[1]))


def test_a_leading_date_line_keeps_its_lead_paragraph(pipeline, tmp_path):
    text = f" date 2023-10 {LEAD_NL}\n\nHet waterschap onderzoekt de oorzaak, meldt de provincie.\n"
    a = prepare_text(pipeline, text, tmp_path)
    assert a.clutter and a.text[a.clutter[0].start : a.clutter[0].end] == "date 2023-10"
    assert a.clutter[0].kind == "metadata"
    assert a.body_text().startswith(LEAD_NL)
    assert a.published == "2023-10"
    claims = pipeline.extract(a)
    assert any(c.start >= text.index("De gemeente") and c.end <= text.index(LEAD_NL) + len(LEAD_NL) for c in claims)


def test_a_date_and_clock_time_before_the_lead_are_furniture(pipeline, tmp_path):
    text = ("Binnenland\n12 oktober 2023 14:05 Het waterschap heeft dinsdag een zwemverbod ingesteld voor de plas bij Goes.\n\n"
            "De provincie zegt dat het onderzoek weken gaat duren.\n")
    a = prepare_text(pipeline, text, tmp_path)
    assert ("metadata", "12 oktober 2023 14:05") in kinds(a)
    assert a.body_text().startswith("Het waterschap heeft dinsdag")
    assert a.published == "2023-10-12"


def test_a_date_with_a_photo_credit_stays_furniture_and_a_date_in_the_story_stays_body(pipeline, tmp_path):
    text = ("12 oktober 2023 ANP Vissers op de kade in Breskens\n\nVissers eisen opheldering over dode vis\n\n"
            "Het waterschap heeft dinsdag een zwemverbod ingesteld voor de plas bij Goes, zei een woordvoerder.\n\n"
            "14 juli 2017 was de dag waarop het voor het eerst misging bij de sluis.\n")
    a = prepare_text(pipeline, text, tmp_path)
    assert ("metadata", "12 oktober 2023 ANP Vissers op de kade in Breskens") in kinds(a)
    assert "14 juli 2017 was de dag" in a.body_text()
    assert a.title == "Vissers eisen opheldering over dode vis"


def test_the_dateline_dates_the_article_not_an_incident_in_the_story(pipeline, tmp_path):
    text = ("Loods in Terneuzen opnieuw afgebrand\n\n"
            "TERNEUZEN, 12 maart 2019 (ANP) - Een leegstaande loods aan de haven is in de nacht van maandag op dinsdag "
            "volledig afgebrand, meldt de veiligheidsregio.\n\n"
            "Sinds 14 juli 2017 staat de loods leeg.\n\n"
            "De oorzaak is nog onbekend, zegt een woordvoerder van de brandweer.\n")
    a = prepare_text(pipeline, text, tmp_path)
    assert a.published == "2019-03-12"


def test_a_date_stamp_is_not_the_title(pipeline, tmp_path):
    text = ("Page last updated at 14:05 GMT\n\nPort of Antwerp shuts two terminals after cyber attack\n\n"
            "The port authority said on Monday that two container terminals were closed while experts examined the systems.\n")
    a = prepare_text(pipeline, text, tmp_path)
    assert a.title == "Port of Antwerp shuts two terminals after cyber attack"


def test_a_long_first_paragraph_is_not_the_title(pipeline, tmp_path):
    para = ("De provincie Zeeland heeft dinsdag bekendgemaakt dat het zwemverbod bij de plas in Goes tot het einde van de maand "
            "blijft gelden omdat de metingen nog niet zijn afgerond en de oorzaak onbekend blijft volgens de gedeputeerde")
    a = prepare_text(pipeline, f"{para}\n\nVissers eisen opheldering over dode vis\n", tmp_path)
    assert a.title == "Vissers eisen opheldering over dode vis"


def test_a_menu_item_given_as_title_gives_way_to_the_headline():
    text = "Postvak IN\nOpstellen\nContacten\n\nVissers eisen opheldering over dode vis\n\nHet waterschap zwijgt, zegt de bond.\n"
    nav_end = text.index("\n\n")
    head = text.index("Vissers")
    article = Article(id="p.html", text=text, source="p.html", kind="html",
                      body=[Span(head, len(text) - 1)], clutter=[Span(0, nav_end, "navigation")])
    article.hints = {"title": "Postvak IN"}
    assert find_title(article) == "Vissers eisen opheldering over dode vis"
    article.hints = {"title": "Dode vis in de Westerschelde"}  # a real <title> the page does not show: kept
    assert find_title(article) == "Dode vis in de Westerschelde"
