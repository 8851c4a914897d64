"""The learned syntax layer (``--analyzer syntax``): a small spaCy pipeline per language.

The models ship inside the package (``claimtrail/models/<lang>/``, trained by ``train/syntax.py`` on
Universal Dependencies treebanks, CC BY-SA 4.0; see the README there) and load on first use, so no
download ever happens at run time. The pipeline never tokenizes or splits: each of our sentences
becomes one spaCy Doc built from our own tokens, so every word keeps our character offsets, and
the parser cannot join or split sentences. Each word gets a lemma, its UPOS tag (``pos``), its
morphology (``morph``), its head (index in the sentence's words, -1 for the root) and UD relation.
"""

from __future__ import annotations

import logging
import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Code, ConfigError
from ..model import ParsedWord, Sentence

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..analyze import Analysis

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en")
BATCH = 256  # sentences per nlp.pipe batch


def model_dir(lang: str) -> Path:
    return Path(str(resources.files("claimtrail") / "models" / lang))


NO_RULES = "claimtrail.no_rules.v1"


@cache
def _register_tokenizer() -> None:
    """A tokenizer without rules: we never tokenize with spaCy, and loading the Dutch exceptions
    (9,000 special cases) would take seconds."""
    import spacy
    from spacy.tokenizer import Tokenizer

    @spacy.registry.tokenizers(NO_RULES)
    def make():
        return lambda nlp: Tokenizer(nlp.vocab)


@cache
def load(lang: str):
    """The shipped pipeline for ``lang`` (loaded once per process, without its tokenizer)."""
    import spacy

    _register_tokenizer()
    start = time.perf_counter()
    nlp = spacy.load(model_dir(lang), exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": NO_RULES}}})
    log.info("syntax model %s loaded in %.2f s", lang, time.perf_counter() - start)
    return nlp


class Syntax:
    name = "syntax"
    languages = LANGUAGES
    batch_size = 50  # sentences of many articles share one parser batch

    def check(self) -> None:
        try:
            import spacy  # noqa: F401
        except ImportError:
            raise ConfigError(Code.E026, detail="spaCy is not installed (pip install claimtrail)") from None
        for lang in self.languages:
            if not (model_dir(lang) / "config.cfg").exists():
                raise ConfigError(Code.E026, detail=f"the {lang} model is missing from {model_dir(lang)}")

    def annotate(self, analyses: list[Analysis], wanted: Callable[[Sentence, str], bool] | None = None) -> None:
        for lang in self.languages:
            todo = [(s, an.article.text) for an in analyses if an.language == lang for s in an.sentences
                    if s.tokens and (wanted is None or wanted(s, lang))]
            if todo:
                parse(load(lang), todo)


def to_doc(vocab, sentence: Sentence, text: str):
    """A spaCy Doc of our tokens: one sentence, a space after a token where the text has a gap."""
    from spacy.tokens import Doc

    tokens = sentence.tokens
    spaces = [a.end < b.start for a, b in zip(tokens, tokens[1:], strict=False)] + [False]
    words = [t.text if t.text.strip() else text[t.start : t.end] or "_" for t in tokens]
    return Doc(vocab, words=words, spaces=spaces, sent_starts=[i == 0 for i in range(len(tokens))])


def parse(nlp, todo: list[tuple[Sentence, str]]) -> None:
    """Parse each sentence (with the text it lies in) on its own; its ``words`` become the parse."""
    docs = (to_doc(nlp.vocab, sentence, text) for sentence, text in todo)
    for (sentence, _), doc in zip(todo, nlp.pipe(docs, batch_size=BATCH), strict=True):
        sentence.words = [_word(tok, sentence.tokens[tok.i]) for tok in doc]


def _word(tok, ours) -> ParsedWord:
    lemma = tok.lemma_ or tok.text
    if "_" in lemma and "_" not in tok.text:
        lemma = lemma.replace("_", "")  # Dutch UD lemmas mark compound parts: klooster_orde
    head = -1 if tok.head.i == tok.i else tok.head.i
    return ParsedWord(ours.start, ours.end, ours.text, lemma, tok.pos_, "O", head, tok.dep_, str(tok.morph))
