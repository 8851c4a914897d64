"""Publication and update dates from what the page says, in Dutch and English forms."""

from __future__ import annotations

from datetime import datetime

import pytest

from claimtrail.dates import find_dates
from claimtrail.options import Options
from claimtrail.pipeline import Pipeline

from .conftest import prepare_text

BODY = "De minister zei dinsdag in Den Haag dat het kabinet de plannen niet zal aanpassen aan de wensen van de oppositie."


@pytest.mark.parametrize(
    "header, published, updated",
    [
        ("Gepubliceerd op 24/10/2024 01:00", "2024-10-24", None),
        ("9 May 2025 10:43Gewijzigd op 9 May 2025 11:08Leestijd 2 minuten", "2025-05-09", "2025-05-09"),
        ("Bijgewerkt: 28 november 2024", None, "2024-11-28"),
        ("Bijgewerkt: 28 november 2024\n\n28-10-2024", "2024-10-28", "2024-11-28"),
        (" date 2024-10 Reuters", "2024-10", None),
        ("28-10-2024", "2024-10-28", None),
        ("Updated Oct. 24, 2024", None, "2024-10-24"),
        ("Published 6 March 2025 14:05 GMT", "2025-03-06", None),
        ("woensdag 2 april 2025 om 16:45", "2025-04-02", None),
        ("June 12, 2025", "2025-06-12", None),
        ("Datum: 11 maart 2025", "2025-03-11", None),
        ("oktober 2024", "2024-10", None),
    ],
)
def test_date_lines(header, published, updated, pipeline, tmp_path):
    a = prepare_text(pipeline, f"Kop van het stuk hier\n\n{header}\n\n{BODY}\n", tmp_path)
    assert (a.published, a.updated) == (published, updated)


def test_no_date_is_null_never_today(pipeline, tmp_path):
    a = prepare_text(pipeline, f"Kop van het stuk hier\n\n{BODY}\n", tmp_path)
    assert a.published is None and a.updated is None


def test_dates_in_teaser_lists_are_ignored(pipeline, tmp_path):
    text = f"Kop van het stuk hier\n\n{BODY}\n\nMeer uit Buitenland\nPARIJS (ANP) - Iets anders gebeurde op 3 maart 2025.\n35 minuten geleden\n"
    a = prepare_text(pipeline, text, tmp_path)
    assert a.published is None


def test_relative_date_needs_a_reference(tmp_path):
    text = f"Kop van het stuk hier\n\nPublished 3 hours ago\n\n{BODY}\n"
    plain = Pipeline(Options())
    assert prepare_text(plain, text, tmp_path).published is None
    ref = Pipeline(Options(reference_time=datetime(2024, 10, 24, 12, 0)))
    assert prepare_text(ref, text, tmp_path).published == "2024-10-24"


def test_quoted_statement_date_serves_when_the_page_has_none(pipeline, tmp_path):
    text = "Kop van het stuk hier\n\n'Vandaag kan ik dat bevestigen,' aldus de minister op 28 oktober 2024 in Brussel.\n"
    assert prepare_text(pipeline, text, tmp_path).published == "2024-10-28"


def test_body_dates_outside_quotes_are_not_the_publication_date(pipeline, tmp_path):
    text = "Kop van het stuk hier\n\nDe top begint op 28 oktober 2024 in Brussel en duurt drie dagen, meldt de organisatie vandaag.\n"
    assert prepare_text(pipeline, text, tmp_path).published is None


@pytest.mark.parametrize("s, value", [("24/10/2024", "2024-10-24"), ("2024-10-24T08:00:00Z", "2024-10-24"), ("Oct. 24, 2024", "2024-10-24"),
                                       ("28 november 2024", "2024-11-28"), ("2024-10", "2024-10"), ("maandag 10 maart 2025", "2025-03-10")])
def test_find_dates_forms(s, value):
    (d,) = find_dates(f"x {s} y", ("nl", "en"))
    assert d.value == value
