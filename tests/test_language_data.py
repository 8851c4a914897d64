"""Every word of a language lives in ``lang/<code>/*.yaml``: extraction reads a renamed language alike.

The renamed language is a copy of a language folder whose every word is put through a letter
cipher (case, length, digits, punctuation and regular-expression syntax kept), registered under a
new code. A made-up article put through the same cipher must give the same claims, at the same
offsets, with the same stances and amounts, as the original article in the original language: a
word left in Python (a "volgens" or an "and" the code compares with) would no longer match the
renamed text and change a claim.

What is not ours is mapped, not renamed: the lemmatizer (simplemma), the number-word reader
(text_to_num) and the date parser (dateparser) are libraries keyed by language code. For the
renamed code they read the deciphered word with the original language and give their answer back
through the cipher, so the renamed language has the same lemmas, number words and dates, and what
the test checks is our code only. Names are no words of a language either: the made-up actors the
articles name are registered under both spellings.
"""

from __future__ import annotations

import importlib
import re
import shutil
import string
from pathlib import Path

import pytest
import yaml

import claimtrail.lang as langdata

LANG_ROOT = Path(langdata.__file__).parent
PREFIX = "x"  # the renamed copy of "nl" is the language "xnl" (a code of its own: tables are cached per code)
SHIFT = 7  # a rotation of the alphabet: "volgens" -> "cvsnluz", "according" -> "hjjvykpun"
ENC = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                    string.ascii_lowercase[SHIFT:] + string.ascii_lowercase[:SHIFT]
                    + string.ascii_uppercase[SHIFT:] + string.ascii_uppercase[:SHIFT])
DEC = {v: k for k, v in ENC.items()}
# escapes ("\d", "\b") and group openers ("(?:", "(?i:", "(?P<name>") of a pattern are syntax, not words
REGEX_SYNTAX = re.compile(r"\\.|\(\?(?:P<\w+>|P=\w+\)|<[=!]|[:=!]|[aiLmsux-]+[:)])")

# How a key holds its words (any key not named here: every string in it, keys of mappings too, is a word).
KEYS = "keys"  # a mapping of words to what they mean (a stance, a role key, a number, flags)
VALUES = "values"  # a mapping of kinds (identifiers) to lists of words
SEPARABLE = "separable"  # entries {stem, particle, lemma, then} are words; stance, open, gap are not
NONE = "none"  # no words: separators, flags
SHAPES = {
    "verbs": KEYS, "phrases": KEYS, "passive": KEYS, "agent_passive": KEYS, "roles": KEYS, "anaphors": KEYS,
    "anaphor_nouns": KEYS, "pronouns": KEYS, "months": KEYS, "multipliers": KEYS, "qualifiers": KEYS, "vague": KEYS,
    "nouns": VALUES, "context": VALUES, "units": VALUES,
    "separable": SEPARABLE,
    "thousands_separator": NONE, "decimal_separator": NONE, "subject_after_verb": NONE,
}


def encipher(s: str) -> str:
    out, pos = [], 0
    for m in REGEX_SYNTAX.finditer(s):
        out += [s[pos : m.start()].translate(ENC), m.group(0)]
        pos = m.end()
    return "".join(out) + s[pos:].translate(ENC)


def decipher(s: str) -> str:
    return s.translate(DEC)


def _words(x):
    """Every string in ``x`` enciphered, mapping keys included."""
    if isinstance(x, str):
        return encipher(x)
    if isinstance(x, list):
        return [_words(v) for v in x]
    if isinstance(x, dict):
        return {_words(k): _words(v) for k, v in x.items()}
    return x


def rename(key: str, value):
    shape = SHAPES.get(key)
    if shape == NONE or value is None:
        return value
    if shape == KEYS:
        return {encipher(str(k)): v for k, v in value.items()}
    if shape == VALUES:
        return {k: _words(v) for k, v in value.items()}
    if shape == SEPARABLE:
        return [{k: encipher(str(v)) if k in ("stem", "particle", "lemma", "then") else v for k, v in e.items()} for e in value]
    return _words(value)


def renamed_folder(base: str, root: Path) -> Path:
    """``root`` holds the package's language folders and ``PREFIX + base``, the renamed copy of ``base``."""
    shutil.copytree(LANG_ROOT, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (root / (PREFIX + base)).mkdir()
    for f in sorted((LANG_ROOT / base).glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        out = {k: rename(k, v) for k, v in data.items()}
        (root / (PREFIX + base) / f.name).write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


class _Files:
    """Stands in for ``importlib.resources`` in ``claimtrail.lang``: the language folders are under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def files(self, _package):
        return self.root


def _clear_caches() -> None:
    """Tables built once over every available language (and per language: a code may now name another)."""
    from claimtrail import measures

    lexicon = importlib.import_module("claimtrail.extract.lexicon")  # the package re-exports a function of that name
    for f in (langdata.available_languages, langdata.load, lexicon.lexicon, lexicon.cue_words, measures._unit_table):
        f.cache_clear()


@pytest.fixture
def renamed(request, monkeypatch, tmp_path):
    """The language ``request.param`` renamed as ``PREFIX + request.param``, with its libraries mapped through the cipher."""
    import dateparser
    import simplemma

    import claimtrail.extract.quantities as quantities

    base = request.param
    code = PREFIX + base
    monkeypatch.setattr(langdata, "resources", _Files(renamed_folder(base, tmp_path / "lang")))
    lemmatize, text2num, parse = simplemma.lemmatize, quantities.text2num, dateparser.parse

    def mapped_lemmatize(token, lang, *args, **kwargs):
        if lang != code:
            return lemmatize(token, lang, *args, **kwargs)
        return encipher(lemmatize(decipher(token), base, *args, **kwargs))

    def mapped_text2num(text, lang, *args, **kwargs):
        return text2num(decipher(text), base, *args, **kwargs) if lang == code else text2num(text, lang, *args, **kwargs)

    def mapped_parse(text, *args, languages=None, **kwargs):
        if languages and code in languages:
            text, languages = decipher(text), sorted({base if c == code else c for c in languages})
        return parse(text, *args, languages=languages, **kwargs)

    monkeypatch.setattr(simplemma, "lemmatize", mapped_lemmatize)
    monkeypatch.setattr(quantities, "text2num", mapped_text2num)
    monkeypatch.setattr(dateparser, "parse", mapped_parse)
    _clear_caches()
    yield base
    monkeypatch.undo()
    _clear_caches()


# Made-up articles (no real event, person or outlet).
ARTICLES = {
    "nl": """Brug in Veendorp dicht na vondst van scheuren

Het college van Veendorp heeft dinsdag de brug over de Vaart gesloten. Volgens wethouder Sanne de Vries zijn er zeker 14 scheuren in de pijlers gevonden.

Wethouder De Vries zei: "We nemen geen enkel risico. De brug blijft dicht tot de inspectie klaar is, en 40 nieuwe monteurs controleren elke pijler."

Ingenieur Jan van der Mol van Stichting Brugwacht ontkende dat de brug gevaarlijk was. Hij noemde de sluiting onzin en zei dat de schade hooguit 2,5 miljoen euro bedraagt.

Een woordvoerder van de provincie liet weten dat er naar schatting 1.200 tot 1.500 auto's per dag omrijden. De provincie wilde niet zeggen wanneer de brug weer opengaat.

Bewoners en winkeliers vrezen dat de winkels in het centrum ruim 30 procent van hun klanten verliezen. Drie winkels zouden hun deuren al hebben gesloten.

De cijfers werden bevestigd door de gemeente. Het college deed de kritiek af als onzin. Duizenden fietsers moeten volgens de politie een omweg van vier kilometer maken.

De wethouder gaf toe dat het onderhoud jarenlang is uitgesteld, maar wees de beschuldigingen van de oppositie van de hand.

Berichten van de oppositie dat de brug kan instorten, zijn volgens het college overdreven. Schattingen van de vereniging dat de omzet met 20 procent daalt, worden niet gedeeld.

Kees Bakker, Anna Smit en Piet Hein zeiden dat de aannemer te laat was. De provincie zei dat de omleiding veilig is en ontkende dat er files ontstaan.

De eerdere berichten over de brug klopten niet, zei de wethouder. Kees Bakker, die zegt dat 300 leden staken, wil overleg. Een nieuwe woordvoerder zei dat de brug in mei opengaat.

Volgens de wethouder stamt de brug uit 1998 en is zij nooit grondig hersteld. Volgens de plaatselijke Stichting Brugwacht is de schade groter. Volgens Veendorpse ingenieurs is de brug al jaren zwak.

De provincie bevestigt de schade en de bond ontkent dat de brug onveilig is.

Kees Bakker en Anna Smit ontkenden dat de aannemer fouten maakte. Volgens Veendorp en Middeldorp is de omleiding te lang. Veel bewoners kregen nieuwe eisen dat de brug veilig moet zijn.

Twee inspecteurs bevestigden de scheuren. Zij zeiden dat de brug dicht moet. Een nieuwe woordvoerder begon dinsdag. Hij zei dat de brug in mei opengaat. De bond zei dat 40 van de 90 leden staken.

De president van Veenland zei dat zijn land hulp stuurt. Een woordvoerder van het Waterschap van de Vaart zei dat het water hoog staat. De oppositie beschuldigde het college van wanbeleid.

Brugwacht: herstel kost minstens zes maanden en meer dan 12 miljoen euro

Naar verluidt is de aannemer al gevraagd een nieuwe brug te ontwerpen.

De kosten van de omleiding lopen op tot tientallen duizenden euro per week, aldus de Veendorper Courant.
""",
    "en": """Footbridge in Millbrook closed after cracks are found

The council of Millbrook closed the footbridge over the canal on Tuesday. According to councillor Dana Wright, at least 14 cracks were found in the piers.

Councillor Wright said: "We are not taking any risks. The bridge stays shut until the inspection is finished, and 40 qualified engineers will check every pier."

Engineer Tom Hale of the Bridgewatch Trust denied that the bridge was dangerous. He called the closure nonsense and said the damage would be no more than 2.5 million pounds.

A spokesman for the county said an estimated 1,200 to 1,500 cars a day now take a detour. The county declined to comment on when the bridge would reopen.

Residents and shop owners fear that stores in the centre will lose more than 30 percent of their customers. Three shops have reportedly closed already.

The figures were confirmed by the council, which called the delay regrettable. Thousands of cyclists must ride a detour of four kilometres, police said.

The councillor admitted that maintenance had been put off for years, but dismissed the accusations of the opposition as baseless.

Reports from the opposition that the bridge could collapse are exaggerated, according to the council. The council ruled out a new vote on the budget. Estimates from the union that turnover will fall by 20 percent are not shared by the council.

Kate Baker, Anna Smith and Peter Hale said the contractor was late. The county said that the detour was safe and denied that it caused traffic jams.

The councillor said the bridge, opened 1998 and never repaired, was weak.

The county confirms the damage and the union denies that the bridge is unsafe.

Kate Baker and Anna Smith denied that the contractor made mistakes. Officials said 40 reports were false. Two reports say the bridge is safe.

Two inspectors confirmed the cracks. They said the bridge must stay shut. The union said 40 of the 90 members would strike.

The president of Veenland said his country would send help. A spokeswoman at the Water Board of the Vale said the water was high. The opposition accused the council of mismanagement.

Bridgewatch: repairs will take at least six months and cost over 12 million pounds

The contractor has allegedly been asked to design a new bridge.

The detour costs tens of thousands of pounds a week, the Millbrook Gazette reported.
""",
}

# Made-up actors. Names are no words of a language: each is given under both spellings (the renamed
# text writes them enciphered), so that the rules that need a registry entry (a role "of" a state or an
# organisation) are read too.
ACTORS = [
    {"id": "brugwacht", "name": "Stichting Brugwacht", "type": "organisation", "aliases": ["Stichting Brugwacht", "Brugwacht"]},
    {"id": "bridgewatch", "name": "Bridgewatch Trust", "type": "organisation", "aliases": ["Bridgewatch Trust", "Bridgewatch"]},
    {"id": "waterschap", "name": "Waterschap van de Vaart", "type": "government", "aliases": ["Waterschap van de Vaart", "Water Board of the Vale"]},
    {"id": "veenland", "name": "Veenland", "type": "state", "country": "QV", "aliases": ["Veenland"]},
    {"id": "piet_veen", "name": "Piet Veen", "type": "person", "country": "QV", "roles": ["president"], "aliases": ["Piet Veen"]},
]


def _actors(folder: Path) -> Path:
    f = folder / "actors.yaml"
    entries = [{**a, "aliases": {"nl": a["aliases"] + [encipher(n) for n in a["aliases"]]}} for a in ACTORS]
    f.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return f


def _claims(text: str, code: str, actors: Path):
    from claimtrail.api import extract_text

    return extract_text(text, lang=code, published="2025-03-11", actors=[actors])


def _shape(claims, cipher=lambda s: s) -> list[tuple]:
    """What must not change when the words do: spans, stance, kind of cue, amounts; words through ``cipher``."""
    def words(s):
        return None if s is None else cipher(s)

    def measure(q):  # a count of an unknown noun measures the noun itself: a word
        return words(q.measure) if q.unit and q.measure == q.unit.lower() else q.measure

    return [(c.start, c.end, c.content_start, c.content_end, c.source_start, c.source_end, words(c.source), c.source_id, words(c.cue),
             c.stance, c.extractor, [(q.start, q.end, q.value, q.low, q.high, q.approx, q.bound, q.percent, q.vague,
                                      words(q.unit), measure(q)) for q in c.quantities])
            for c in claims]


@pytest.mark.parametrize("renamed", sorted(ARTICLES), indirect=True)
def test_renamed_language(renamed, tmp_path):
    """The claims of a renamed article in the renamed language are the original's, through the cipher."""
    base = renamed
    code = PREFIX + base
    assert code in langdata.available_languages()
    assert set(langdata.load(code)._data) == set(langdata.load(base)._data)
    text = ARTICLES[base]
    actors = _actors(tmp_path)
    original = _claims(text, base, actors)
    # the article exercises the rules: every kind of cue the language has, every stance, amounts, registry actors
    assert len(original) >= 30 and len({c.extractor for c in original}) >= 8
    assert {c.stance for c in original} == {"assert", "estimate", "confirm", "deny", "evade", "warn", "accuse"}
    assert sum(len(c.quantities) for c in original) >= 12 and any(c.source_id for c in original)
    got, want = _shape(_claims(encipher(text), code, actors)), _shape(original, encipher)
    by_span = {}
    for side, shapes in (("original", want), ("renamed", got)):
        for x in shapes:
            by_span.setdefault(x[:2], {})[side] = x
    diffs = [f"{text[a:b]!r}\n  original: {v.get('original')}\n  renamed:  {v.get('renamed')}"
             for (a, b), v in sorted(by_span.items()) if v.get("original") != v.get("renamed")]
    assert got == want, "a word left in code? claims that differ:\n" + "\n".join(diffs)


def test_cipher_keeps_patterns():
    """The renamed patterns stay valid regular expressions with the same syntax."""
    assert encipher(r"\d+\s*(?:uur|uren)\s+geleden") == r"\d+\s*(?:bby|bylu)\s+nlslklu"
    assert decipher(encipher("Volgens de VS, 12.000")) == "Volgens de VS, 12.000"
    for f in LANG_ROOT.glob("*/*.yaml"):
        for key in ("evasion", "denial_patterns", "relative_time", "relative"):
            for p in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get(key, []) or []:
                re.compile(encipher(p))
