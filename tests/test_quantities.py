"""Numbers in digits and words, qualifiers, ranges, percentages, vague amounts and units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrail.analyze import tokenize
from claimtrail.extract.lexicon import lexicon
from claimtrail.extract.quantities import find_quantities, parse_digits


def quantities(text: str, lang: str):
    return find_quantities(text, tokenize(text, 0, lang), lexicon(lang))


@pytest.mark.parametrize(
    "text, lang, values, unit",
    [
        ("er zijn 12.000 Noord-Koreaanse militairen", "nl", [12000], "militairen"),
        ("zo'n 3000 troepen", "nl", [3000], "troepen"),
        ("meer dan 600.000 Russische soldaten", "nl", [600000], "soldaten"),
        ("1,5 miljoen euro", "nl", [1500000], "euro"),
        ("zeshonderd van hen", "nl", [600], None),
        ("dertien andere landen", "nl", [13], "landen"),
        ("twaalfduizend man", "nl", [12000], "man"),
        ("dat 8.000 Zuid-Soedanezen naast het leger vechten", "nl", [8000], "Zuid-Soedanezen"),
        ("some 2,000 Canadians alongside the army", "en", [2000], "Canadians"),
        ("5,000 South Sudanese refugees", "en", [5000], "refugees"),
        ("10,000 soldiers", "en", [10000], "soldiers"),
        ("1.5 million euros", "en", [1500000], "euros"),
        ("twelve thousand troops", "en", [12000], "troops"),
        ("between 10.000 tot 100.000 slachtoffers", "nl", [10000, 100000], "slachtoffers"),
        ("11,000-12,000 troops", "en", [11000, 12000], "troops"),
        ("ruim 40 procent van het gebied", "nl", [40], "%"),
        ("nearly 20% of the fleet", "en", [20], "%"),
    ],
)
def test_values_and_units(text, lang, values, unit):
    qs = [q for q in quantities(text, lang) if q.value is not None]
    assert [q.value for q in qs] == values
    assert qs[0].unit == unit


@pytest.mark.parametrize(
    "text, lang, approx, bound",
    [("ruim 40 procent", "nl", True, "min"), ("meer dan 600.000 doden", "nl", True, "min"), ("ongeveer 150 kilo", "nl", True, None),
     ("zeker 2000 kilo", "nl", True, "min"), ("at least 400 kilograms", "en", True, "min"), ("nearly 500 people", "en", True, "max"),
     ("less than 20 kilograms", "en", True, "max"), ("3000 troepen", "nl", False, None)],
)
def test_qualifiers(text, lang, approx, bound):
    (q,) = quantities(text, lang)
    assert (q.approx, q.bound) == (approx, bound)
    assert text.startswith(q.text) or q.text in text


@pytest.mark.parametrize("text, lang", [("duizenden militairen", "nl"), ("tienduizenden dode vissen", "nl"), ("thousands of fish", "en"),
                                        ("miljoenen artilleriegranaten", "nl"), ("tens of thousands of people", "en")])
def test_vague_amounts_have_no_value(text, lang):
    (q,) = quantities(text, lang)
    assert q.vague and q.value is None and q.low >= 1000


@pytest.mark.parametrize(
    "text, lang",
    [("sinds 1953 niet meer gevochten", "nl"), ("op 28 oktober 2024 in Brussel", "nl"), ("artikel 5 van de NAVO", "nl"),
     ("de afgelopen twee weken", "nl"), ("twee keer zo hoog", "nl"), ("om 10:43 uur", "nl"), ("in 2024 alone", "en"),
     ("40 times the legal limit", "en"), ("tachtig jaar geleden", "nl"), ("several weeks", "en"), ("een vertegenwoordiger", "nl")],
)
def test_years_dates_durations_and_articles_are_not_quantities(text, lang):
    assert quantities(text, lang) == []


def test_offsets_point_at_the_number_text():
    text = "Volgens de VS zijn er ruim 10.000 soldaten."
    (q,) = quantities(text, "nl")
    assert text[q.start : q.end] == q.text == "ruim 10.000 soldaten"[: len(q.text)]


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_grouped_digits_round_trip(n):
    assert parse_digits(f"{n:,}".replace(",", "."), lexicon("nl")) == n
    assert parse_digits(f"{n:,}", lexicon("en")) == n


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9))
def test_decimal_comma_in_dutch(a, b):
    assert parse_digits(f"{a},{b}", lexicon("nl")) == pytest.approx(a + b / 10)
