"""Places, measure kinds and events: claims link only inside one event; a series holds one measure."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claimtrail.actors import load_registry
from claimtrail.events import Event, EventIndex, article_profile, proper_names
from claimtrail.extract.places import gazetteer
from claimtrail.link import Linker
from claimtrail.measures import measure_kind
from claimtrail.store import SQLiteStore
from claimtrail.story import build_story, link_store

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("text, place", [
    ("Bij de ramp in Ahmedabad vielen doden", "city:IN:Ahmedabad"),
    ("Het vliegtuig stortte neer bij Ahmedabad, in Gujarat", "region:IN:Gujarat"),
    ("Het kabinet in Den Haag reageerde", "city:NL:Den Haag"),
    ("The cabinet in The Hague responded", "city:NL:Den Haag"),
    ("PFAS in de Westerschelde", "region:NL:Westerschelde"),
    ("Protesters gathered in Lisbon", "city:PT:Lissabon"),
    ("De Russische Federatie ontkent alles", "country:RU"),  # a registry state's alias
])
def test_places_in_dutch_and_english(registry, text, place):
    assert place in {h.place.id for h in gazetteer(registry).find(text)}


def test_places_are_whole_words_and_the_longest_name_wins(registry):
    g = gazetteer(registry)
    assert not g.find("de gent en de romeinen")  # lower case is no place name
    assert [h.place.id for h in g.find("in Gaza-Stad")] == ["city:PS:Gaza-Stad"]
    hits = g.find("Brand in Rotterdamse haven")
    assert not hits  # an adjective is no place


@pytest.mark.parametrize("code, text, quantity, unit, concept, kind", [
    ("nl", "Bij het ongeluk vielen meer dan 290 doden", "290", "doden", None, "deaths"),
    ("en", "at least 290 dead after the crash", "290", "dead", None, "deaths"),
    ("en", "12 people were killed in the blast", "12", "people", "persons", "deaths"),
    ("nl", "Er raakten 25 mensen gewond", "25", "mensen", "persons", "injured"),
    ("en", "41 people are still missing", "41", "people", "persons", "missing"),
    ("nl", "hij zeker 2000 kilo vangst moet weggooien", "2000", "kilo", "kg", "catch:kg"),
    ("nl", "er is 600 kilo PFAS geloosd", "600", "kilo", "kg", "kg"),
    ("en", "unless a ransom of 5 million euros was paid", "5", "euros", "eur", "ransom:eur"),
    ("en", "members had lost at least 1.5 million euros in catches", "1.5", "euros", "eur", "damage:eur"),
    ("nl", "Tata Steel schrapt 1000 banen", "1000", "banen", None, "jobs_cut"),
    ("en", "more than 600,000 Russian soldiers have been killed", "600,000", "soldiers", "persons", "troops_killed"),
    ("en", "3,000 North Korean troops", "3,000", "North", None, "troops"),  # the unit read as an adjective
    ("nl", "de politie heeft 62 arrestaties verricht", "62", "arrestaties", None, "arrests"),
])
def test_measure_kinds(code, text, quantity, unit, concept, kind):
    s = text.index(quantity)
    assert measure_kind(text, s, s + len(quantity), unit, concept, code, (0, len(text))) == kind


def test_context_stops_at_the_next_number():
    text = "Er vielen 3 doden en 25 mensen raakten gewond"
    s = text.index("25")
    assert measure_kind(text, s, s + 2, "mensen", "persons", "nl", (0, len(text)), [text.index("3"), s]) == "injured"
    s3 = text.index("3")
    assert measure_kind(text, s3, s3 + 1, "doden", None, "nl", (0, len(text)), [s3, s]) == "deaths"


def test_proper_names_skip_sentence_starts_and_words_written_in_lower_case():
    names = proper_names("De staking bij KLM gaat door. Volgens de FNV staakt het KLM-personeel. De Staking was groot.")
    assert names["klm"] == 2 and names["fnv"] == 1
    assert "de" not in names and "volgens" not in names and "staking" not in names


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(512).astype(np.float32)
    return v / np.linalg.norm(v)


def test_articles_about_unrelated_events_open_separate_events(registry):
    index = EventIndex()
    base = _vec(1)
    a = article_profile("a", "In Ahmedabad stortte een toestel van Air India neer. Air India bevestigt de crash.", "2025-06-12",
                        base[None, :], registry)
    b = article_profile("b", "Na de crash in Ahmedabad meldt Air India meer doden.", "2025-06-13", (base + _vec(2))[None, :], registry)
    # worded as alike as b (a disaster with deaths, cosine 0.7) but elsewhere, other names: another event
    c = article_profile("c", "In Kerr County in Texas zijn na de overstroming doden gevallen, meldt gouverneur Abbott.", "2025-07-05",
                        (base + _vec(3))[None, :], registry)
    ea, eb, ec = index.assign(a), index.assign(b), index.assign(c)
    assert ea == eb
    assert ec != ea


def test_claims_link_only_inside_their_event():
    v = _vec(5)
    linker = Linker()
    pids = linker.add(["c1", "c2", "c3"], np.stack([v, v, v]), [{"event:a", "deaths"}, {"event:b", "deaths"}, {"event:a", "deaths"}])
    assert pids[0] == pids[2] and pids[1] != pids[0]


def test_events_persist_beside_the_propositions(tmp_path, example_pipeline):
    """A later link run goes on with the events stored by the first (no new event for a copy)."""
    store = SQLiteStore(tmp_path / "s.db")
    paths = sorted(p for p in EXAMPLES.glob("*.txt"))
    for _ in example_pipeline.run([str(p) for p in paths[:-1]], store=store):
        pass
    link_store(store, example_pipeline.registry)
    events = [p for p in store.load_propositions() if p.id.startswith("event:")]
    assert events and all(e.n >= 1 for e in events)
    linker = Linker(store.load_propositions(), members=store.proposition_members())
    assert {e.id for e in linker.events.events} == {e.id for e in events}
    assert not any(p.id.startswith("event:") for p in linker.props)
    store.close()


def test_demo_has_two_stories_and_the_catch_stays_out_of_the_leaked_amount(tmp_path, example_pipeline):
    store = SQLiteStore(tmp_path / "d.db")
    for _ in example_pipeline.run([str(EXAMPLES)], store=store):
        pass
    link_store(store, example_pipeline.registry)
    event_of = {cid: next(k for k in json.loads(keys) if k.startswith("event:"))
                for cid, keys in store.db.execute("SELECT claim_id, keys FROM claim_links")}
    story = build_story(store, example_pipeline.registry)
    store.close()
    articles: dict[str, set[str]] = {}
    for p in story.propositions:
        events = {event_of[c.id] for c in p.claims}
        assert len(events) == 1, "a proposition holds claims of two events"
        for c in p.claims:
            articles.setdefault(event_of[c.id], set()).add(c.article)
    assert len(articles) == 2
    hack = next(a for a in articles.values() if "11_en_port_rotterdam_hack.txt" in a)
    assert "01_nl_dode_vis_westerschelde.txt" not in hack
    kg = [p for p in story.propositions if p.measure == "kg"]
    assert kg and all(s.value != 2000 for p in kg for s in p.series)
    euros = {p.measure for p in story.propositions if p.measure and p.measure.endswith("eur")}
    assert {"ransom:eur", "damage:eur"} <= euros  # fishermen's losses and a ransom are different series


def test_event_record_round_trip():
    e = Event("event:x", np.ones(4, dtype=np.float32), 2, {"place:city:NL:Rotterdam": 3, "name:shadowtide": 2, "day:753498": 1})
    assert e.counts("place:") == {"city:NL:Rotterdam": 3}
    assert e.days() == [753498]


def test_an_event_is_described_by_its_places_days_and_topic():
    from claimtrail.dates import day_number
    from claimtrail.events import describe

    keys = {"place:country:ES": 9, "place:city:NL:Terneuzen": 2, "place:region:NL:Zeeland": 3, "name:norvalis": 5,
            f"day:{day_number('2026-09-14')}": 1, f"day:{day_number('2026-09-20')}": 2}
    e = describe("event:abc", 3, keys, topic="PFAS geloosd (kg)")
    assert e.places == ["Zeeland", "Terneuzen", "Spanje"]  # cities and regions first, by count; a country by its name
    assert (e.first, e.last, e.articles) == ("2026-09-14", "2026-09-20", 3)
    assert e.label == "Zeeland, Terneuzen, Spanje · 2026-09-14 – 2026-09-20: PFAS geloosd (kg)"
    month_only = describe("event:m", 1, {f"day:{day_number('2026-09')}": 1, f"day:{day_number('2026-01-31')}": 1})
    assert (month_only.first, month_only.last) == ("2026-01-31", "2026-09-15") and month_only.label.startswith("2026-01-31")
