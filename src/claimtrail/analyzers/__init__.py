"""Analyzers: what reads an article's sentences beyond the built-in rules (``--analyzer NAME``).

The built-in analyzer (``analyze.py``) always splits sentences and tokens: its offsets are the
contract. An analyzer then adds, per sentence, the words it sees (``Sentence.words``: lemma, part of
speech, dependency head and relation, each with a span into the original text). Each analyzer
says which languages it reads, checks at start-up that it can run (``check``: one clear error
otherwise) and annotates a batch of analyses at once (``batch_size`` articles: a slow start-up
wants larger batches). Extraction, the pipeline and the CLI ask the registry, never a name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ..errors import Code, ConfigError
from .syntax import Syntax  # imports spaCy only when it first parses

if TYPE_CHECKING:
    from ..analyze import Analysis
    from ..model import Sentence

    Wanted = Callable[[Sentence, str], bool]  # (sentence, language) -> whether extraction will read its words

DEFAULT = "builtin"


class Analyzer(Protocol):
    name: str
    languages: tuple[str, ...]  # the languages it adds words for; others keep the rules' analysis only
    batch_size: int  # articles analysed together

    def check(self) -> None:
        """Raise ConfigError (one line: what is missing, how to get it) when the analyzer cannot run."""

    def annotate(self, analyses: list[Analysis], wanted: Wanted | None = None) -> None:
        """Attach ``Sentence.words`` to the sentences of the analyses in its languages (only to those
        ``wanted`` accepts, when given and the analyzer can parse sentence by sentence)."""


class Builtin:
    """The rules alone: sentences, tokens, lemmas (simplemma) and quotations; no parse."""

    name = "builtin"
    languages: tuple[str, ...] = ()
    batch_size = 1  # streaming

    def check(self) -> None:
        return None

    def annotate(self, analyses: list[Analysis], wanted: Wanted | None = None) -> None:
        return None


class Frog:
    """Debian's Frog for Dutch: lemmas, named entities and a dependency parse (see ``frog.py``)."""

    name = "frog"
    languages = ("nl",)
    batch_size = 200  # Frog's models take seconds to load

    def check(self) -> None:
        from ..frog import check

        check()  # runs Frog once: a broken install is one line with Frog's own message and the fix

    def annotate(self, analyses: list[Analysis], wanted: Wanted | None = None) -> None:
        from ..frog import annotate  # Frog reads whole articles: it annotates every sentence

        annotate(analyses)


REGISTRY: dict[str, Analyzer] = {"builtin": Builtin(), "frog": Frog(), "syntax": Syntax()}


def names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def get(name: str) -> Analyzer:
    """The registered analyzer called ``name``; ConfigError E023 names the choices otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ConfigError(Code.E023, name=name, choices=", ".join(REGISTRY)) from None
