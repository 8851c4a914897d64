"""Attribution over dependency trees (extract/trees.py and its use as a source strategy), on hand-built
parses: each test writes the tree a parser should give, so the rules are tested apart from any model."""

from __future__ import annotations

from claimtrail.extract.attribution import Cue, source_for, token_quote_flags
from claimtrail.extract.lexicon import lexicon
from claimtrail.extract.trees import Tree, count_nouns, subject_span
from claimtrail.model import Mention, ParsedWord, Quantity, Sentence, Token


def sentence(rows: str, offset: int = 0) -> Sentence:
    """``rows``: one word per line, "text head relation POS [morph]" (head: 1-based, 0 for the root)."""
    toks, words, pos = [], [], offset
    for line in rows.strip().splitlines():
        parts = line.split()
        text, head, rel, upos = parts[0], int(parts[1]) - 1, parts[2], parts[3]
        morph = parts[4] if len(parts) > 4 else ""
        toks.append(Token(pos, pos + len(text), text, text.lower()))
        words.append(ParsedWord(pos, pos + len(text), text, text.lower(), upos, "O", head, rel, morph))
        pos += len(text) + 1
    return Sentence(offset, pos - 1, " ".join(t.text for t in toks), toks, words=words)


def text_of(sent: Sentence, span) -> str:
    return sent.text[span[0] - sent.start : span[1] - sent.start]


# "Rabobank analyst Anna Berg, who follows the sector, said on Monday that ..."
APPOSITION = """
Rabobank 3 compound PROPN
analyst 3 compound NOUN
Anna 11 nsubj PROPN
Berg 3 flat PROPN
, 3 punct PUNCT
who 7 nsubj PRON PronType=Rel
follows 3 acl:relcl VERB
the 9 det DET
sector 7 obj NOUN
, 3 punct PUNCT
said 0 root VERB
on 13 case ADP
Monday 11 obl PROPN
"""


def test_subject_keeps_titles_and_names_and_drops_the_relative_clause():
    sent = sentence(APPOSITION)
    a, b, how, heads, _ = subject_span(sent, (10,))
    assert text_of(sent, (a, b)) == "Rabobank analyst Anna Berg"
    assert how == "subject" and heads[0].text == "Anna"


def test_a_passive_names_its_agent_and_an_agentless_passive_no_one():
    agent = sentence("""
The 2 det DET
figure 4 nsubj:pass NOUN
was 4 aux:pass AUX
confirmed 0 root VERB VerbForm=Part|Voice=Pass
by 7 case ADP
the 7 det DET
ministry 4 obl:agent NOUN
""")
    a, b, how, _, _ = subject_span(agent, (3,))
    assert text_of(agent, (a, b)) == "the ministry" and how == "agent"
    denied = sentence("""
He 3 nsubj:pass PRON
was 3 aux:pass AUX
denied 0 root VERB VerbForm=Part
access 3 obj NOUN
""")
    assert subject_span(denied, (2,)) is None


def test_a_plain_auxiliary_passive_is_known_by_the_languages_passive_auxiliaries():
    # "Deze weergave is niet bevestigd": Dutch treebanks label "is" a plain auxiliary
    sent = sentence("""
Deze 2 det DET
weergave 5 nsubj NOUN
is 5 aux AUX
niet 5 advmod ADV
bevestigd 0 root VERB VerbForm=Part
""")
    assert subject_span(sent, (4,), lexicon("nl").passive_auxiliaries) is None
    assert subject_span(sent, (4,)) is not None  # without the language's auxiliaries it reads as active


def test_a_coordinated_verb_and_a_verb_complement_share_their_heads_subject():
    sent = sentence("""
Police 2 nsubj NOUN
declined 0 root VERB
to 4 mark PART
confirm 2 xcomp VERB
the 6 det DET
toll 4 obj NOUN
""")
    a, b, how, _, _ = subject_span(sent, (3,))
    assert text_of(sent, (a, b)) == "Police" and how == "shared"


def test_a_relative_clause_subject_is_the_noun_it_hangs_on():
    sent = sentence("""
the 2 det DET
ministry 0 root NOUN
, 5 punct PUNCT
which 5 nsubj PRON PronType=Rel
said 2 acl:relcl VERB
""")
    a, b, _, _, _ = subject_span(sent, (4,))
    assert text_of(sent, (a, b)) == "the ministry"


def test_an_aside_after_a_comma_is_cut_unless_it_is_a_name():
    sent = sentence("""
Halsema 5 nsubj PROPN
, 4 punct PUNCT
800 4 nummod NUM
agenten 1 appos NOUN
zei 0 root VERB
""")
    a, b, _, _, _ = subject_span(sent, (4,))
    assert text_of(sent, (a, b)) == "Halsema"
    named = sentence("""
another 2 det DET
resident 6 nsubj NOUN
, 4 punct PUNCT
Poonam 2 appos PROPN
Patni 4 flat PROPN
told 0 root VERB
""")
    a, b, _, heads, _ = subject_span(named, (5,))
    assert text_of(named, (a, b)) == "another resident , Poonam Patni"
    assert [w.text for w in heads] == ["resident", "Poonam"]


def test_no_parse_or_a_parse_in_another_scheme_gives_nothing():
    sent = sentence(APPOSITION)
    sent.words = []
    assert subject_span(sent, (10,)) is None
    frog_like = sentence(APPOSITION.replace("nsubj", "su").replace("compound", "mod").replace("punct", "x")
                         .replace("flat", "mwp").replace("acl:relcl", "mod").replace("obj", "obj1").replace("obl", "mod")
                         .replace("det", "det").replace("case", "hd").replace("root", "--"))
    assert not Tree(frog_like).ok


def test_the_parse_chooses_the_subject_when_the_rules_take_a_phrase_of_time():
    # "Tuesday the army said that ...": the rules would stop at the nearest phrase; the parse knows the subject
    sent = sentence("""
Tuesday 4 obl:tmod PROPN
the 3 det DET
army 4 nsubj NOUN
said 0 root VERB
that 7 mark SCONJ
troops 7 nsubj NOUN
left 4 ccomp VERB
""")
    lex = lexicon("en")
    army = Mention(sent.tokens[1].start, sent.tokens[2].end, "the army", "registry", "army", "Army", "organisation")
    tuesday = Mention(sent.tokens[0].start, sent.tokens[0].end, "Tuesday", "name", None, None, "person")
    cue = Cue("verb", 3, 3, "assert", "say")
    flags = token_quote_flags(sent, [])
    assert source_for(cue, sent, [tuesday, army], lex, flags, False) == [army]
    sent.words = []  # the token rules alone take the phrase of time for a name
    assert source_for(cue, sent, [tuesday, army], lex, flags, False) == [tuesday]


def test_a_number_counts_the_noun_it_modifies():
    sent = sentence("""
5,000 4 nummod NUM
South 3 compound PROPN
Sudanese 4 amod ADJ
refugees 5 nsubj NOUN
arrived 0 root VERB
""")
    q = Quantity(5000.0, "South", False, "5,000", sent.tokens[0].start, sent.tokens[0].end)
    count_nouns(sent, [q])
    assert q.unit == "refugees" and q.qualifier == "South Sudanese"


def test_a_number_the_parse_does_not_tie_to_a_noun_keeps_its_unit():
    sent = sentence("""
earnings 2 nsubj NOUN
fell 0 root VERB
7 4 nummod NUM
percent 2 obl NOUN
""")
    q = Quantity(7.0, None, False, "7 percent", sent.tokens[2].start, sent.tokens[3].end, percent=True)
    count_nouns(sent, [q])
    assert q.unit is None
