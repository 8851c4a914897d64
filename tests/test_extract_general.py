"""General attribution rules found on real news (made-up sentences of the same shapes)."""

from __future__ import annotations

import glob

import pytest
import yaml

from .test_extract import claims_of


def test_language_data_has_no_yaml_booleans():
    """Bare `no`, `on`, `yes` in a YAML list are booleans, not words: quote them."""
    def walk(x, path):
        if isinstance(x, bool):
            yield path
        elif isinstance(x, list):
            for i, v in enumerate(x):
                yield from walk(v, f"{path}[{i}]")
        elif isinstance(x, dict):
            for k, v in x.items():
                if k not in ("approx", "weak", "open", "subject_after_verb"):
                    yield from walk(v, f"{path}.{k}")
    from pathlib import Path

    import claimtrail.lang as lang

    root = Path(lang.__file__).parent
    bad = [p for f in glob.glob(str(root / "*" / "*.yaml")) for p in walk(yaml.safe_load(open(f, encoding="utf-8")), f)]
    assert not bad


@pytest.mark.parametrize(
    "text, source, stance",
    [
        # the subject noun phrase keeps its complement, adverbs and auxiliaries are stepped over
        ("De brandweer van Zwolle bevestigde dat 14 mensen gewond raakten.", "brandweer van Zwolle", "confirm"),
        ("Inspectors have also confirmed 12 cases on the farm.", "Inspectors", "confirm"),
        ("Rangers now say 30 hikers were rescued.", "Rangers", "assert"),
        ("The carrier had earlier confirmed 88 cancellations.", "carrier", "confirm"),
    ],
)
def test_subject_noun_phrase(text, source, stance, pipeline, tmp_path):
    _, cs = claims_of(pipeline, f"Het was een drukke dag. {text}" if " de " in f" {text.lower()} " or "De " in text else f"It was a busy day. {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, stance)]


def test_time_phrase_is_not_a_source(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "It was a busy day. On Sunday, Vos said the bridge would stay closed.", tmp_path)
    assert [c.source for c in cs] == ["Vos"]


def test_quote_continued_in_next_paragraph(pipeline, tmp_path):
    text = ('Het was een drukke dag in de stad.\n\nWethouder Kees Mol zei: "De brug blijft voorlopig dicht voor alle verkeer."\n\n'
            '"We openen hem pas weer als de inspectie klaar is."')
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.extractor.rsplit(":", 1)[1]) for c in cs][-1] == ("Wethouder Kees Mol", "quote")
    assert cs[-1].text.startswith("We openen hem")


def test_quote_after_the_speakers_quote_in_the_same_paragraph(pipeline, tmp_path):
    text = ('Het was een drukke dag in de stad.\n\n"De brug blijft dicht voor alle verkeer", zegt wethouder Kees Mol. '
            '"We openen hem pas weer als de inspectie klaar is."')
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.extractor.rsplit(":", 1)[1]) for c in cs] == [("wethouder Kees Mol", "verb"), ("wethouder Kees Mol", "quote")]
    # someone else named between the two quotations: the second is not the first speaker's
    other = ('Het was een drukke dag in de stad.\n\n"De brug blijft dicht voor alle verkeer", zegt wethouder Kees Mol. '
             'Ook burgemeester Anna Smit sprak. "We openen hem pas weer als de inspectie klaar is."')
    _, cs = claims_of(pipeline, other, tmp_path)
    assert all(c.source != "wethouder Kees Mol" for c in cs if c.text.startswith("We openen"))


@pytest.mark.parametrize(
    "text, source",
    [
        ('Advocaat Joris Bakker van de familie staat de nabestaanden bij: "Zij hebben nooit op een lagere straf gerekend."',
         "Advocaat Joris Bakker"),
        ('Fire chief Dan Harris briefed reporters at the scene: "We have found 14 people alive so far."', "Dan Harris"),
    ],
)
def test_a_clause_that_introduces_a_quotation_after_a_colon(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, f"Het was een drukke dag. {text}" if "Advocaat" in text else f"It was a busy day. {text}", tmp_path)
    assert len(cs) == 1 and source in cs[0].source and cs[0].content.lstrip('"').startswith(("Zij hebben", "We have"))


def test_a_colon_after_a_list_opener_is_no_attribution(pipeline, tmp_path):
    _, cs = claims_of(pipeline, 'It was a busy day. These were the words on the banner: "Free the port" and "Stop the spill".', tmp_path)
    assert cs == []


def test_quote_sentences_not_repeated_when_attributed_whole(pipeline, tmp_path):
    text = 'Het was een drukke dag in de stad.\n\n"De brug blijft dicht. We openen hem pas weer na de inspectie", zei wethouder Kees Mol.'
    _, cs = claims_of(pipeline, text, tmp_path)
    assert len(cs) == 1 and cs[0].source == "wethouder Kees Mol"


@pytest.mark.parametrize(
    "text, source, stance",
    [
        ("De brandweer spreekt echter van 31 gewonden.", "brandweer", "assert"),
        ("De gemeente gaat uit van 120 getroffen woningen.", "gemeente", "estimate"),
        ("Ook de wethouder reageerde: \"Dit is een zware dag voor de stad.\"", "wethouder", "assert"),
        ("De rechtbank overwoog dat de verdachte wist wat hij deed.", "rechtbank", "assert"),
        ("Vorige week maakte de bond bekend dat het werk wordt neergelegd.", "bond", "assert"),
        ("De fabrikant liet zaterdag weten de staking te betreuren.", "fabrikant", "assert"),
        ("De ondernemingsraad is ervan overtuigd dat de fabriek sluit.", "ondernemingsraad", "estimate"),
        ("De bond wil dat de medewerkers 5 procent meer krijgen.", "bond", "assert"),
    ],
)
def test_dutch_cues(text, source, stance, pipeline, tmp_path):
    _, cs = claims_of(pipeline, f"Het was een drukke dag in de stad. {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, stance)]


def test_dutch_trailing_separable_keeps_content(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "Het was een drukke dag in de stad. Nieuwe acties worden niet uitgesloten, laat de bond weten.", tmp_path)
    assert [(c.source, c.content) for c in cs] == [("bond", "Nieuwe acties worden niet uitgesloten")]


@pytest.mark.parametrize(
    "text",
    [
        "It was a busy day. Visitors were urged to stay indoors.",  # a passive: no speaker
        "It was a busy day. He was denied access to the building.",
        "It was a busy day. The court heard from the three suspects.",  # a plural noun after a number
    ],
)
def test_english_not_cues(text, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert cs == []


def test_english_participle_adds_a_claim(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "It was a busy day. The mayor said the roads were closed, adding that 20 homes were flooded.", tmp_path)
    assert [(c.source, c.cue) for c in cs] == [("mayor", "said"), ("mayor", "adding")]
    assert cs[1].text == "adding that 20 homes were flooded" and [q.value for q in cs[1].quantities] == [20.0]


@pytest.mark.parametrize(
    "text, stance",
    [
        ("It was a busy day. The council said the contractor was responsible for the collapse.", "accuse"),
        ("It was a busy day. The army claimed that militants were responsible for the blast.", "accuse"),
        ("Het was een drukke dag. De bond zegt dat de directie verantwoordelijk is voor de chaos.", "accuse"),
        ("It was a busy day. The group called the raid \"a massacre\".", "accuse"),
    ],
)
def test_blame_in_content(text, stance, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.stance for c in cs] == [stance]


def test_subject_after_the_last_comma(pipeline, tmp_path):
    text = "It was a busy day. At least 12 Lake Side hikers are missing, along with one guide, Verhoef told reporters."
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == ["Verhoef"]
    assert [(q.value, q.unit) for q in cs[0].quantities] == [(12.0, "hikers")]


def test_title_words_stay_with_the_person(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "It was a busy day. Health Minister Carla Dijk also welcomed the report.", tmp_path)
    assert [c.source for c in cs] == ["Health Minister Carla Dijk"]


@pytest.mark.parametrize(
    "text, unit",
    [
        ("It was a busy day. The agency said 4,000 South Sudanese refugees arrived.", "refugees"),
        ("It was a busy day. The ministry said nine local volunteers were hurt.", "volunteers"),
    ],
)
def test_unit_skips_modifiers(text, unit, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [q.unit for c in cs for q in c.quantities] == [unit]


def test_english_negation_after_the_verb_belongs_to_the_content(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "It was a busy day. Spokeswoman Ella Brand told reporters the inspectors had found no evidence of a leak.", tmp_path)
    assert [c.stance for c in cs] == ["deny"]


def _all_claims(pipeline, text, tmp_path):
    from .conftest import prepare_text

    a = prepare_text(pipeline, text, tmp_path)
    return pipeline.extract(a)


@pytest.mark.parametrize(
    "text, source, stance, values",
    [
        # an attributed headline is a claim like any other sentence
        ("Death toll rises to 40, ministry says\n\nRescue teams worked through the night in the flooded valley.\n", "ministry", "assert", [40]),
        ("Dockworkers union confirms 300 job cuts at terminal\n\nThe terminal has been losing money for years.\n", "Dockworkers union", "confirm", [300]),
        # a source before a colon in a headline, without a verb
        ("Politie: zeker twaalf gewonden bij brand in flat\n\nDe brand brak zaterdagavond uit op de vierde verdieping.\n", "Politie", "assert", [12]),
        ("Fire chief: at least nine hurt in warehouse blaze\n\nThe fire started shortly after midnight.\n", "Fire chief", "assert", [9]),
        # a hedging adverb makes what a neutral cue reports an estimate
        ("Brandweer: waarschijnlijk 30 woningen onbewoonbaar\n\nDe bewoners worden opgevangen in een sporthal.\n", "Brandweer", "estimate", [30]),
        ("No survivors likely after ferry capsized, coastguard says\n\nThe ferry sank in heavy seas.\n", "coastguard", "estimate", []),
    ],
)
def test_headline_claims(text, source, stance, values, pipeline, tmp_path):
    cs = _all_claims(pipeline, text, tmp_path)
    head = [c for c in cs if c.start < text.index("\n")]
    assert [(c.source, c.stance, sorted(q.value for q in c.quantities)) for c in head] == [(source, stance, values)]


@pytest.mark.parametrize(
    "line",
    [
        "Update: de weg is weer vrijgegeven voor alle verkeer",  # a label, not a source
        "Dit is een overzicht van de maatregelen: minder verkeer en meer toezicht.",  # a clause with a verb
        "Read more: how the storm hit the coast last night",
        "De wedstrijd begint om 20:45 uur in het stadion van de club",  # a clock time
        "Het plan had drie doelen: minder uitstoot, minder lawaai en meer groen.",  # a colon in prose, no quotation
    ],
)
def test_colon_without_source(line, pipeline, tmp_path):
    cs = _all_claims(pipeline, f"Het was een rustige dag.\n\n{line}\n", tmp_path)
    assert [c.text for c in cs if c.extractor.endswith(":colon")] == []


def test_colon_before_quotation_and_its_continuation(pipeline, tmp_path):
    text = ("Het was een drukke dag in de haven.\n\nBondsbestuurder Jan de Wit: \u2018Het is voor het eerst in twintig jaar dat hier gestaakt wordt.\n\n"
            "Dat laat zien hoe boos de mensen zijn.\u2019\n\nDe rechtbank: \"Het gaat om een ernstig feit, maar de verdachte heeft spijt getoond.\"\n")
    cs = _all_claims(pipeline, text, tmp_path)
    got = [(c.source, c.extractor.rsplit(":", 1)[1]) for c in cs]
    assert got == [("Bondsbestuurder Jan de Wit", "colon"), ("Bondsbestuurder Jan de Wit", "quote"), ("rechtbank", "colon")]


def test_colon_headline_with_a_second_claim(pipeline, tmp_path):
    text = "Inspectie: 200 kilo afval gedumpt, bedrijf betwist rapport\n\nHet afval lag langs de oever van de rivier.\n"
    cs = _all_claims(pipeline, text, tmp_path)
    assert sorted((c.source, c.stance) for c in cs) == [("Inspectie", "assert"), ("bedrijf", "deny")]


@pytest.mark.parametrize(
    "text, want",
    [
        # a country's name after a capitalised word belongs to an organisation's name
        ("Het was een zware dag. Volgens Sky Brazilië waren er 120 passagiers aan boord.", [("Sky Brazilië", "assert")]),
        ("It was a hard day. Air Canada said 120 passengers were on board.", [("Air Canada", "assert")]),
        ("It was a hard day. Canada said 120 passengers were on board.", [("Canada", "assert")]),
        # the speaker after a quotation, not the subject of the quoted clause
        ('It was a long day in court. They had shown "no respect at all," presiding judge Ann Vos said.', [("Ann Vos", "assert")]),
        ('It was a long day in court. Van Dam, seen as the organiser, "should be punished more severely," the court said.', [("court", "assert")]),
        # a reporting verb that ends its sentence after a comma
        ("It was a long day in court. The guilt of the men was proven beyond doubt, the judges in the court stated.", [("court", "assert")]),
        # "the other suspects", "the men suspected of": nouns and participles, not the verb "suspect"
        ("It was a long day in court. The other suspects are facing up to 21 years in prison.", []),
        ("It was a long day in court. Two men suspected of helping the gang were acquitted.", []),
        # "X said and spoke of": one speaker, two claims
        ('It was a long day in court. "This was cruel," judge Ann Vos said and spoke of "a shocking lack of conscience."',
         [("Ann Vos", "assert"), ("Ann Vos", "assert")]),
    ],
)
def test_sources_round2(text, want, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == want
    if len(cs) == 2:
        assert cs[1].text.startswith("spoke of")  # the second claim starts at its own cue


@pytest.mark.parametrize(
    "text, source",
    [
        # a spokesperson keeps the organisation it speaks for
        ("Het was een zware nacht. Volgens een woordvoerder van het leger werd er een raket afgevuurd.", "woordvoerder van het leger"),
        ("It was a long night. A spokesman for Harbour Watch said the figure was too low.", "spokesman for Harbour Watch"),
    ],
)
def test_spokesperson_keeps_organisation(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == [source]


@pytest.mark.parametrize(
    "text, want",
    [
        # a demand for a sentence or a wage is a claim of its own, no complement needed
        ("Het was een lange zitting. Het OM eiste acht jaar cel tegen de chauffeur.", [("OM", "assert")]),
        ("Het was een lange zitting. Verder eist de bond een hoger loon.", [("bond", "assert")]),
        ("It was a long hearing. Prosecutors demanded eight years in prison for the driver.", [("Prosecutors", "assert")]),
        # ... but a death toll is no claim
        ("Het was een zware dag. De storm eiste drie levens in het zuiden.", []),
        ("It was a hard day. The storm claimed three lives.", []),
        # an auxiliary ends a subject: no source before a passive
        ("Het was een lange zitting. Twee keer werd levenslang geëist, maar dat werd niet opgelegd.", []),
    ],
)
def test_demands(text, want, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == want


@pytest.mark.parametrize(
    "text, source, stance",
    [
        # condemnation without a blame word is an accusation
        ("Wethouder Jan Mol vindt het onacceptabel dat de directie niets heeft gezegd.", "Wethouder Jan Mol", "accuse"),
        ("The agency called the tender “politically motivated.”", "agency", "accuse"),
        # doubt about survival warns; disagreement denies
        ("De bond vraagt zich af of de werf wel kan blijven bestaan.", "bond", "warn"),
        ('"Ik vraag me af of wij hier over een jaar nog werken", zegt Jan Mol.', "Jan Mol", "warn"),
        ('"Wij zijn het daar niet mee eens", zegt de bond.', "bond", "deny"),
        ("The police did not elaborate on the names of the drivers.", "police", "evade"),
        # a blame word outside the claim's predicate does not make it an accusation
        ('De rechtbank: "Het is een gruwelijke misdaad, maar het gaat om een enkele moord."', "rechtbank", "assert"),
        ("Lifeguards had to step in after swimmers were attacked by a seal, according to the coastguard.", "coastguard", "assert"),
        # ...inside the predicate it still is
        ("The coastguard said the crew was responsible for the collision.", "coastguard", "accuse"),
    ],
)
def test_stance_from_predicate(text, source, stance, pipeline, tmp_path):
    lead = "Het was een drukke dag." if any(w in f" {text} " for w in (" de ", " het ", " dat ", "De ", " zegt ")) else "It was a busy day."
    _, cs = claims_of(pipeline, f"{lead} {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, stance)]


def test_evasion_does_not_persist_into_a_new_paragraph(pipeline, tmp_path):
    text = ("It was a busy day.\n\nThe police did not elaborate on the names of the drivers.\n\n"
            "According to the police, about a dozen drivers were fined.")
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == [("police", "evade"), ("police", "assert")]


@pytest.mark.parametrize(
    "text, source",
    [
        ("De twee mannen werden eerder door de rechtbank schuldig bevonden aan fraude.", "rechtbank"),
        ("De verdachte werd door de rechtbank in Utrecht vrijgesproken.", "rechtbank"),
        ("Uit onderzoek van Amnesty International blijkt dat de bommen uit het noorden kwamen.", "Amnesty International"),
        ("De inspectie kwam tot de conclusie dat de brug veilig was.", "inspectie"),
        ("The district court found the two brothers guilty of fraud.", "district court"),
        ("A third suspect, Tom Vos, was declared not guilty by the court.", "court"),
        ("The nurse was acquitted by a jury in Leeds.", "jury"),
    ],
)
def test_court_findings(text, source, pipeline, tmp_path):
    lead = "Het was een drukke dag." if " de " in f" {text.lower()} " else "It was a busy day."
    _, cs = claims_of(pipeline, f"{lead} {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, "assert")]


@pytest.mark.parametrize(
    "text, source",
    [
        # a long apposition gives the name, not a word of the content after "dat"
        ("De burgemeester van Zwolle, Jan Mol, bevestigde dat de brug dicht blijft.", "Jan Mol"),
        # initials belong to the name
        ("De politiecommissaris van Zwolle, K.L. Smit, bevestigde dat de brug dicht blijft.", "K.L. Smit"),
        ("The police chief of Leeds, A.B. Jones, confirmed that the bridge would stay closed.", "A.B. Jones"),
    ],
)
def test_apposition_with_initials(text, source, pipeline, tmp_path):
    lead = "Het was een drukke dag." if " de " in f" {text.lower()} " else "It was a busy day."
    _, cs = claims_of(pipeline, f"{lead} {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, "confirm")]


def test_claim_before_a_comma_when_the_source_has_an_adjunct(pipeline, tmp_path):
    text = "Het was een drukke dag. De groep is verantwoordelijk voor de aanslag, zegt het leger in een reactie."
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == [("leger", "accuse")]
    assert cs[0].content.startswith("De groep is verantwoordelijk")


def test_quotation_before_a_source_with_a_long_title(pipeline, tmp_path):
    text = ('It was a busy day in the city. "Yes, two survivors are confirmed," Mary Jones, secretary of the '
            "regional health department, told AFP.")
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == [("Mary Jones", "confirm")]
    assert "survivors" in cs[0].content


@pytest.mark.parametrize(
    "text, source",
    [
        ("De twee partijen houden elkaar verantwoordelijk voor de explosie.", "twee partijen"),
        ("The union holds the board responsible for the loss of 300 jobs.", "union"),
    ],
)
def test_holding_responsible_is_blame(text, source, pipeline, tmp_path):
    lead = "Het was een drukke dag." if " de " in f" {text.lower()} " else "It was a busy day."
    _, cs = claims_of(pipeline, f"{lead} {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, "accuse")]


@pytest.mark.parametrize(
    "text, source, stance",
    [
        ("De rechtbank ziet dat de verdachte onder druk stond.", "rechtbank", "confirm"),
        ("Er wordt gevreesd dat de dijk het water niet houdt.", None, "warn"),
    ],
)
def test_court_sees_and_impersonal_fear(text, source, stance, pipeline, tmp_path):
    _, cs = claims_of(pipeline, f"Het was een drukke dag. {text}", tmp_path)
    assert [(c.source, c.stance) for c in cs] == [(source, stance)]


def test_seen_as_is_no_claim(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "Het was een drukke dag. Zij werden gezien als de opdrachtgevers van de aanslag.", tmp_path)
    assert cs == []


def test_no_evidence_before_that_after_a_source_preposition(pipeline, tmp_path):
    text = 'It was a busy day. According to the inspectors, there was no evidence that the dam was too low.'
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [(c.source, c.stance) for c in cs] == [("inspectors", "deny")]


@pytest.mark.parametrize(
    "text, source",
    [
        ("Volgens CNV-bestuurder Kees in ’t Hout verdwijnen 300 banen.", "CNV-bestuurder Kees in ’t Hout"),
        ('"Het is een zware dag", zegt Kees op \'t Hof van de bond.', "Kees op 't Hof"),
        # 'in' before a place is no name particle
        ("Volgens Kees in Amsterdam verdwijnen 300 banen.", "Kees"),
    ],
)
def test_name_with_apostrophe_t(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, f"Het was een drukke dag. {text}", tmp_path)
    assert [c.source for c in cs] == [source]


def test_particle_before_an_acronym_is_not_part_of_the_name(pipeline, tmp_path):
    text = 'It was a busy day. "The workers are fed up," Jan van den Berg of FNV said in a statement.'
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == ["Jan van den Berg"]


def test_hedged_sentence_takes_its_stance_from_the_content(pipeline, tmp_path):
    text = ("Het was een drukke dag. Officier van justitie Jan Mol zei dat de zaak rond is. "
            "Er zou genoeg bewijs zijn dat de twee mannen schuldig zijn aan de fraude.")
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.stance for c in cs] == ["assert", "accuse"] and cs[0].source == cs[1].source


def test_blame_in_a_where_clause_is_not_the_claim(pipeline, tmp_path):
    text = ("Het was een drukke dag. Minister Jan Mol zei dat de zaak rond is. "
            "De eerste soldaten zouden al in de stad zijn aangekomen, waar rebellen een wijk bezet houden.")
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.stance for c in cs] == ["assert", "assert"]


def test_who_was_told_is_not_what_was_said(pipeline, tmp_path):
    _, cs = claims_of(pipeline, "It was a busy day. A spokesman told Reuters the terminal would reopen on Friday.", tmp_path)
    assert [(c.source, c.content) for c in cs] == [("spokesman", "the terminal would reopen on Friday")]


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("Rescuers found 12 bodies on the ground.Officials said the search goes on.",
         ["Rescuers found 12 bodies on the ground.", "Officials said the search goes on."]),
        ("Dr. Smith said so. The U.S.Army said it. See nos.nl for more.", ["Dr. Smith said so.", "The U.S.Army said it.", "See nos.nl for more."]),
    ],
)
def test_sentences_split_where_a_page_lost_the_space_after_a_full_stop(text, pieces):
    from claimtrail.analyze import split_sentences

    assert [text[a:b] for a, b in split_sentences(text, 0, len(text), "en")] == pieces


@pytest.mark.parametrize(
    "text, source",
    [
        ('It was a busy day. "The bridge is closed," Vos said.', "Vos"),
        ("It was a busy day. “The bridge is closed,” Vos said.", "Vos"),
        ('Het was een drukke dag. "De brug is dicht," zei Vos.', "Vos"),
    ],
)
def test_a_bare_surname_after_a_quotation_is_its_speaker(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == [source]


@pytest.mark.parametrize(
    "text, source",
    [
        ("It was a busy day. The army, in a statement, said that the bridge would reopen.", "army"),
        ("It was a busy day. Jan Smit, 45, said that the dike had held.", "Jan Smit"),
        ("Het was een drukke dag. De politie, die al dagen zoekt, meldt dat er 12 doden zijn.", "politie"),
        ("It was a busy day. The mayor, who refused to resign, said that the dike had held.", "mayor"),  # a cue inside the aside
    ],
)
def test_an_aside_between_subject_and_verb(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == [source]


@pytest.mark.parametrize(
    "text, source",
    [
        ("Het was een drukke dag. Een woordvoerder van het OM bevestigt dat er twee verdachten zijn.", "OM"),
        ("It was a busy day. A spokesman for Rijkswaterstaat said that the lock would reopen.", "Rijkswaterstaat"),
    ],
)
def test_a_spokesperson_speaks_for_the_registered_organisation(text, source, pipeline, tmp_path):
    _, cs = claims_of(pipeline, text, tmp_path)
    assert [c.source for c in cs] == [source]
