"""Linking across articles and languages, and the story built from it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimtrail.actors import load_registry
from claimtrail.cli import app
from claimtrail.link import ActorIndex, Linker, embed
from claimtrail.store import SQLiteStore
from claimtrail.story import build_story, date_key, link_store

from .conftest import EXAMPLES, SHARED_EVAL


@pytest.fixture(scope="module")
def index():
    return ActorIndex.build(load_registry())


@pytest.mark.parametrize("source, source_id, key", [
    ("Poetin", "putin", "putin"), ("Russische president", "putin", "putin"), ("Vladimir Putin", "putin", "putin"),
    ("Lukashenko", None, "lukashenko"), ("Loekasjenko", None, "lukashenko"), ("NAVO", None, "nato"), ("NATO", None, "nato"),
    ("Zelenskyj", None, "zelensky"),
])
def test_actor_keys_across_spellings_and_languages(index, source, source_id, key):
    assert index.key(source, source_id) == key


def test_unknown_names_merge_only_when_they_are_the_same_person(index):
    a = index.key("Femke de Ruyter", None)
    assert index.key("woordvoerder Femke de Ruyter", None) == a
    assert index.key("Femke de Ruijter", None) == a  # a spelling variant
    assert index.key("Joke de Ruyter", None) != a  # another first name: another person
    assert index.key("Sanne Kluivers", None) != a


def test_user_actor_file_extends_the_registry():
    reg = load_registry((EXAMPLES / "actors.yaml",))
    idx = ActorIndex.build(reg)
    assert idx.key("Norvalis Chemicals", None) == "norvalis"
    assert any(a["id"] == "norvalis" for a in (idx.actors()))


def test_dates_sort_days_then_months_then_undated():
    assert sorted(["2024-10", None, "2024-10-24", "2025-05-09"], key=date_key) == ["2024-10-24", "2024-10", "2025-05-09", None]


def test_linker_is_deterministic_and_crosses_languages():
    texts = ["Norvalis gaf toe dat er ongeveer 290 kilo PFAS is weggelekt", "Norvalis admitted that about 290 kilograms of PFAS leaked",
             "De vissers eisen een schadevergoeding van 1,5 miljoen euro"]
    vecs = embed(texts)
    keys = [{"kg"}, {"kg"}, {"eur"}]
    first = Linker().add(["a", "b", "c"], vecs, keys)
    second = Linker().add(["a", "b", "c"], vecs, keys)
    assert first == second and first[0] == first[1] != first[2]


@pytest.fixture(scope="module")
def example_story(example_pipeline, tmp_path_factory):
    db = tmp_path_factory.mktemp("story") / "s.db"
    store = SQLiteStore(db)
    for _ in example_pipeline.run([str(EXAMPLES)], store=store):
        pass
    link_store(store, example_pipeline.registry)
    story = build_story(store, example_pipeline.registry)
    store.close()
    return story, db


def test_dutch_and_english_articles_of_one_story_share_propositions(example_story):
    story, _ = example_story
    mixed = [p for p in story.propositions if {c.language for c in p.claims} == {"nl", "en"}]
    assert mixed, "no proposition holds both Dutch and English claims"
    amounts = max(story.propositions, key=lambda p: sum(1 for s in p.series if s.measure == "kg"))
    values = {s.value for s in amounts.series}
    assert {150, 400, 600, 20, 290} <= values  # regulators, Greenpeace twice, Norvalis before and after its admission
    assert {c.language for c in amounts.claims} == {"nl", "en"}


def test_story_records_evidence_offsets(example_story, example_pipeline):
    story, db = example_story
    store = SQLiteStore(db)
    for p in story.propositions:
        for c in p.claims:
            text = store.get_article(c.article).text
            assert text[c.start : c.end] == c.text
        for s in p.series:
            assert store.get_article(s.article).text[s.start : s.end]
    store.close()


def test_status_change_from_denial_to_admission(example_story):
    story, _ = example_story
    changes = [ch for p in story.propositions for ch in p.changes if ch.actor == "norvalis"]
    assert any(ch.from_stance == "deny" and ch.to_stance in ("confirm", "assert") for ch in changes), changes


def test_incremental_growth_keeps_existing_propositions(example_pipeline, tmp_path):
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    early = sorted(p for p in EXAMPLES.glob("0[1-4]*"))
    for _ in example_pipeline.run([str(p) for p in early], store=store):
        pass
    n1 = link_store(store, example_pipeline.registry)
    before = dict(store.links())
    for _ in example_pipeline.run([str(EXAMPLES / "09_en_norvalis_admits.txt")], store=store):
        pass
    n2 = link_store(store, example_pipeline.registry)
    after = store.links()
    assert n1 > 0 and 0 < n2 < n1
    assert all(after[c][0] == before[c][0] for c in before)  # nothing already linked moved
    assert link_store(store, example_pipeline.registry) == 0  # a re-run links nothing new
    store.close()


def test_story_command_json_layout_and_markdown(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["story", str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), str(EXAMPLES / "html" / "06_en_greenpeace_600kg.html"),
                              "--actors", str(EXAMPLES / "actors.yaml")])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"events", "propositions", "contradictions", "actors"}
    p = data["propositions"][0]
    assert {"id", "label", "event", "claims", "series"} <= set(p)
    # every proposition sits in exactly one listed event, which lists it back
    events = {e["id"]: e for e in data["events"]}
    assert events and all(x["event"] in events and x["id"] in events[x["event"]]["propositions"] for x in data["propositions"])
    assert sum(len(e["propositions"]) for e in events.values()) == len(data["propositions"])
    assert all(e["label"] and e["articles"] >= 1 for e in events.values())
    assert {"article", "start", "end", "source", "stance", "quantities", "date", "topic"} <= set(p["claims"][0])
    assert all({"value", "unit", "source", "date", "article", "start", "end"} <= set(s) for s in p["series"])
    assert all({"id", "name", "roles", "aliases", "wikidata"} <= set(a) for a in data["actors"])
    assert all({"proposition", "kind", "why", "a", "b"} <= set(x) and x["why"] for x in data["contradictions"])
    md = runner.invoke(app, ["story", str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# Story")
    assert runner.invoke(app, ["story"]).exit_code == 2


def test_ingest_links_at_its_end_and_story_links_what_is_left(tmp_path):
    """Linking is a stored stage: `ingest` links its new claims (unless --no-link), `story --db` links
    what is left first, and `link` finds nothing more to do."""
    runner = CliRunner()
    db = str(tmp_path / "s.db")

    def counts() -> tuple[int, int]:
        store = SQLiteStore(db)
        try:
            state = store.link_state()
            return state["linked"], state["unlinked"]
        finally:
            store.close()

    first = runner.invoke(app, ["ingest", str(EXAMPLES / "04_nl_anp_rivm_schatting.txt"), "--db", db])
    assert first.exit_code == 0 and "linked" in first.stderr, first.stderr
    linked, unlinked = counts()
    assert linked > 0 and unlinked == 0
    later = runner.invoke(app, ["ingest", str(EXAMPLES / "html" / "06_en_greenpeace_600kg.html"), "--db", db, "--no-link"])
    assert later.exit_code == 0 and "linked" not in later.stderr
    assert counts()[0] == linked and counts()[1] > 0
    story = runner.invoke(app, ["story", "--db", db])
    assert story.exit_code == 0, story.stderr
    assert counts()[1] == 0 and sum(len(p["claims"]) for p in json.loads(story.stdout)["propositions"]) == sum(counts())
    assert "nothing to link" in runner.invoke(app, ["link", "--db", db]).stderr


@pytest.mark.skipif(not (SHARED_EVAL / "seeds").exists(), reason="../shared/eval is not beside this checkout")
def test_seed_story(pipeline, tmp_path):
    store = SQLiteStore(tmp_path / "seeds.db")
    for _ in pipeline.run([str(SHARED_EVAL / "seeds")], store=store):
        pass
    link_store(store, pipeline.registry)
    story = build_story(store, pipeline.registry)
    store.close()
    troops = [p for p in story.propositions if p.measure == "troops:KP"]
    assert len(troops) == 1
    series = [(s.value, s.date) for s in troops[0].series]
    values = [v for v, _ in series]
    assert {3000, 12000, 10000, 15000} <= set(values)
    dated = [date_key(d) for _, d in series]
    assert dated == sorted(dated)
    assert values.index(3000) < values.index(12000) < values.index(15000)
    assert ("2024-10-24", 3000) in [(d, v) for v, d in series] and (15000, "2025-05-09") in series
    deniers, confirmers = {"kremlin", "north_korea", "lukashenko"}, {"lloyd_austin", "mark_rutte", "south_korea", "south_korea_nis"}
    assert any(x.kind == "polarity" and x.a.actor in deniers and x.b.actor in confirmers for x in story.contradictions)
    putin_sources = {c.source for p in story.propositions for c in p.claims if c.actor == "putin"}
    assert {"Poetin", "Russische leider"} <= {s.replace("President ", "") for s in putin_sources} or len(putin_sources) >= 3
    assert not any(c.actor != "putin" and c.source and "Poetin" in c.source for p in story.propositions for c in p.claims)


def test_streamed_json_is_the_built_story(example_story, example_pipeline):
    """`story --format json` streams proposition by proposition; it says what build_story says."""
    import io

    from claimtrail.story import write_json

    story, db = example_story
    out = io.StringIO()
    store = SQLiteStore(db)
    counts = write_json(store, example_pipeline.registry, out)
    store.close()
    data = json.loads(out.getvalue())
    assert counts == (len(story.propositions), len(story.contradictions), len(story.actors))
    assert data == json.loads(json.dumps(story.as_dict()))
    assert len(out.getvalue().splitlines()) >= len(story.propositions) + len(story.contradictions)  # one line each


def _strongest_by_sorting(claims: list, deny, k: int) -> list:
    """The obvious quadratic reference: sort every supporting claim for each denial."""
    from claimtrail.dates import day_number
    from claimtrail.model import Polarity
    from claimtrail.story import STANCE_STRENGTH

    dd = day_number(deny.date)

    def rank(c):
        dc = day_number(c.date)
        gap = abs(dd - dc) if dd is not None and dc is not None else 10**6
        return (STANCE_STRENGTH.get(c.stance, 9), gap, c.article == deny.article, c.id)

    out, used = [], set()
    for c in sorted((c for c in claims if c.stance.polarity == Polarity.SUPPORT and c.actor and c.actor != deny.actor), key=rank):
        if c.actor not in used:
            used.add(c.actor)
            out.append(c)
            if len(out) == k:
                break
    return out


def test_strongest_counterparts_match_the_quadratic_reference():
    import random
    from types import SimpleNamespace

    from claimtrail.model import Polarity, Stance
    from claimtrail.story import _Supports

    rng = random.Random(3)
    dates = [None, "2024-10", "2024-10-01", "2024-10-03", "2024-10-05", "2024-11", "2025-01-15"]
    for _ in range(200):
        claims = [SimpleNamespace(id=f"c{i:03d}", actor=rng.choice(["a", "b", "c", "d", None]), article=rng.choice(["x", "y", "z"]),
                                  stance=Stance(rng.choice(["assert", "confirm", "estimate", "deny", "evade"])), date=rng.choice(dates))
                  for i in range(rng.randint(1, 25))]
        supports = _Supports([c for c in claims if c.stance.polarity == Polarity.SUPPORT and c.actor])
        for deny in claims:
            if deny.stance == "deny" and deny.actor:
                assert supports.strongest(deny, 2) == _strongest_by_sorting(claims, deny, 2)


def test_linker_rebuilt_from_its_members_decides_as_the_running_one(monkeypatch):
    """Kept members (at most MAX_MEMBERS per proposition, no near-duplicates) follow one rule whether
    a linker runs on or is rebuilt from stored links: splitting a run changes nothing."""
    import numpy as np

    from claimtrail import link

    monkeypatch.setattr(link, "MAX_MEMBERS", 5)
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(4, link.EMBED_DIM))
    vecs = []
    for i in range(120):
        v = centres[i % 4] + rng.normal(scale=0.6 if i % 3 else 0.01, size=link.EMBED_DIM)
        vecs.append(v / np.linalg.norm(v))
    vecs = np.asarray(vecs, dtype=np.float32)
    ids = [f"c{i}" for i in range(len(vecs))]
    keys = [set() for _ in ids]
    running = Linker()
    whole = running.add(ids, vecs, keys)
    first = Linker()
    head = first.add(ids[:60], vecs[:60], keys[:60])
    members = [(pid, v) for pid, v in zip(head, vecs[:60], strict=True)]
    props = [link.Proposition(p.id, p.sum.copy(), p.n, dict(p.keys)) for p in first.props]
    rebuilt = Linker(props, members=members)
    assert head + rebuilt.add(ids[60:], vecs[60:], keys[60:]) == whole
    assert max(len(rows) for rows in rebuilt._kept.values()) <= 5 and len(set(whole)) > 1

    def kept(linker):
        return {linker.props[o].id: sorted(linker._buf[r].tobytes() for r in rows) for o, rows in linker._kept.items()}

    assert kept(rebuilt) == kept(running)


@pytest.mark.parametrize("surface, expected", [
    ("Directeur Sanne Kluivers", ("Sanne Kluivers", "directeur")),
    ("chief executive Pieter Hanegraaf", ("Pieter Hanegraaf", "chief executive")),
    ("Greenpeace campaigner Joris Ameling", ("Joris Ameling", "Greenpeace campaigner")),
    ("Gedeputeerde Anneke van Dalen", ("Anneke van Dalen", "gedeputeerde")),
    ("De Ruyter", ("De Ruyter", None)), ("Bram Visser", ("Bram Visser", None)), ("Zeeuwse Visserijvereniging", ("Zeeuwse Visserijvereniging", None)),
    ("heeft een woordvoerder", None), ("rapport", None), ("Their union", None), ("Meetdienst", None),
    ("Vlaamse minister", None), ("Dutch prosecutors", None), ("Two terminal operators", None),
])
def test_actor_names_are_speakers_with_roles_apart(surface, expected):
    from claimtrail.speakers import split_name

    assert split_name(surface) == expected


def test_story_actors_are_named_speakers_and_contradictions_explain_themselves(example_story):
    from claimtrail.speakers import split_name

    story, _ = example_story
    names = [a.name for a in story.actors]
    assert all(split_name(n) == (n, None) for n in names), names
    assert "Sanne Kluivers" in names and not any(n.startswith("name:") for n in names)
    known = {a.id for a in story.actors}
    assert all(c.actor in known for p in story.propositions for c in p.claims if c.actor)
    pairs = [(x.proposition, frozenset((x.a.actor, x.b.actor))) for x in story.contradictions]
    assert pairs and len(pairs) == len(set(pairs))  # one per proposition and pair of actors, whatever the order
    for x in story.contradictions:
        assert x.a.actor != x.b.actor and x.why
        if x.kind == "numbers":
            assert f"{x.difference} % apart" in x.why and x.difference > 25
        else:
            assert x.a.stance == "deny" and " denied " in x.why


def _story_claim(content: str, language: str, source: str | None = None, stance: str = "assert", quantities=()):
    from claimtrail.model import Claim, Quantity, StoryClaim

    text = f"{content}, zei {source}." if source else content
    start = text.find(source) if source and source in content else None
    claim = Claim(article="a", start=0, end=len(text), text=text, source=source, source_id=None, stance=stance, cue="zeggen",
                  content=content, content_start=0, content_end=len(content), language=language,
                  source_start=start, source_end=start + len(source) if start is not None else None,
                  quantities=[Quantity(**q) for q in quantities])
    return StoryClaim(claim, claim.id)


@pytest.mark.parametrize("content, language, source, label", [
    ("Volgens haar hebben zeker 35 bewoners klachten gemeld bij de provincie", "nl", "haar",
     "Zeker 35 bewoners hebben klachten gemeld bij de provincie"),
    ("Volgens hem kan de schadeclaim oplopen tot 25 miljoen euro", "nl", "hem", "De schadeclaim kan oplopen tot 25 miljoen euro"),
    ('de berekening van Rijkswaterstaat "onjuist en speculatief" en zegt een eigen onderzoek te laten doen', "nl", None,
     'De berekening van Rijkswaterstaat "onjuist en speculatief"'),
    ("on Thursday it had stolen 2 terabytes of data", "en", None, "It had stolen 2 terabytes of data"),
    ("a valve in its wastewater system had failed in late February", "en", None, "A valve in its wastewater system had failed"),
    ("According to the RIVM, the Dutch public health institute, its earlier estimate was too low", "en", "the RIVM",
     "Its earlier estimate was too low"),
])
def test_a_label_is_the_claim_without_speaker_verb_or_time(content, language, source, label):
    from claimtrail.labels import proposition_label

    assert proposition_label([_story_claim(content, language, source)], None, language) == label


def test_a_measured_label_asks_for_the_amount_and_complete_clauses_win():
    from claimtrail.labels import proposition_label

    q = {"value": 120, "unit": "kilo", "approx": False, "text": "120", "start": 7, "end": 10, "measure": "kg"}
    r = dict(q, value=180, text="180", start=14, end=17)
    claims = [_story_claim("minder dan 20 kilo", "nl", quantities=[dict(q, value=20, text="minder dan 20", start=0, end=13)]),
              _story_claim("tussen 120 en 180 kilo PFAS in de Westerschelde terecht is gekomen", "nl", quantities=[q, r]),
              _story_claim("at least 400 kilograms had been released", "en")]
    assert proposition_label(claims, "kg", "nl") == "Hoeveel kilo PFAS in de Westerschelde terecht is gekomen"


def test_few_demo_labels_hold_a_reporting_verb(example_story):
    """Labels say what is claimed: at most 10 % of them hold a reporting verb (lang/<code>/reporting.yaml)."""
    from claimtrail.labels import reporting_verbs

    story, _ = example_story
    with_verb = [p.label for p in story.propositions if reporting_verbs(p.label, p.language)]
    assert len(story.propositions) >= 20
    assert len(with_verb) <= 0.10 * len(story.propositions), with_verb
    assert all(p.label and len(p.label) <= 160 for p in story.propositions)


def test_readme_documents_the_json_layout(example_story):
    """Every field `story --format json` and /api/stories write is named in the README's layout."""
    import re

    from .conftest import ROOT

    story, _ = example_story
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("JSON layout (the same objects in `/api/stories`)"):]
    layout = layout[: layout.index("## How it works")]
    documented = set(re.findall(r'"(\w+)"', layout))
    d = story.as_dict()
    p = d["propositions"][0]
    fields = set(p) | set(p["first_report"]) | {k for s in p["series"] for k in s} | {k for h in p["stances"] for k in h}
    fields |= {k for x in d["contradictions"] for k in x} | {k for a in d["actors"] for k in a}
    fields |= {k for q in d["propositions"] for ch in q["changes"] for k in ch}
    fields |= {"actor", "outlet", "article_title"} & set(p["claims"][0])
    fields |= {k for e in d["events"] for k in e}
    assert fields <= documented, sorted(fields - documented)


def test_a_fragment_content_gives_way_to_what_follows_the_reporting_verb():
    from claimtrail.labels import proposition_label
    from claimtrail.model import Claim, StoryClaim

    text = "minister Hanneke Verbeek said the government would decide within weeks whether to suspend the plant's permit"
    content = "to suspend the plant's permit"
    claim = Claim(article="a", start=0, end=len(text), text=text, source="minister Hanneke Verbeek", source_id=None, stance="assert",
                  cue="say", content=content, content_start=text.index(content), content_end=len(text), language="en",
                  source_start=0, source_end=len("minister Hanneke Verbeek"))
    assert proposition_label([StoryClaim(claim, claim.id)], None, "en") == \
        "The government would decide within weeks whether to suspend the plant's permit"


@pytest.mark.parametrize(
    "content, label",
    [
        ("het waterschap de schade zal vergoeden", "Het waterschap zal de schade vergoeden"),
        ("er gisteren iets was misgegaan", "Er was gisteren iets misgegaan"),
        ("hij de vergunning moet intrekken", "Hij moet de vergunning intrekken"),
        ("de gevolgen groot kunnen zijn als de dijk wordt doorbroken", "De gevolgen groot kunnen zijn als de dijk wordt doorbroken"),
        ("de boeren meer geld krijgen", "De boeren meer geld krijgen"),  # no auxiliary: as written
    ],
)
def test_a_dutch_content_clause_label_puts_its_finite_verb_second(content, label):
    from claimtrail.labels import proposition_label
    from claimtrail.model import Claim, StoryClaim

    text = f"De minister zei dat {content}"
    claim = Claim(article="a", start=0, end=len(text), text=text, source="minister", source_id=None, stance="assert", cue="zei",
                  content=content, content_start=text.index(content), content_end=len(text), language="nl",
                  source_start=3, source_end=11)
    assert proposition_label([StoryClaim(claim, claim.id)], None, "nl") == label


@pytest.mark.slow
def test_linking_with_worker_processes_links_alike(tmp_path):
    """``link --workers 2`` computes the sentence vectors in worker processes; the links are the same."""
    from claimtrail import api
    from claimtrail.options import Options

    links = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        api.Ingest([str(EXAMPLES)], api.open_store(db), options=Options(actor_files=(EXAMPLES / "actors.yaml",))).run()
        assert api.link_claims(db, actors=[EXAMPLES / "actors.yaml"], workers=workers) > 0
        store = SQLiteStore(db)
        links.append(sorted((cid, link.proposition_id) for cid, link in store.links().items()))
        store.close()
    assert links[0] == links[1] and len(links[0]) > 100
