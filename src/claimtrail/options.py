"""One typed options object, validated at construction and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .analyzers import names as analyzer_names
from .errors import Code, ConfigError
from .lang import DEFAULT_LANGUAGES, available_languages

FORMATS = ("jsonl", "json", "csv", "table")
DEFAULT_MAX_BYTES = 20_000_000  # a news page above 20 MB is almost surely not an article
DEFAULT_MAX_CHARS = 300_000  # an article's text: the longest long-reads run to about 150,000 characters
DEFAULT_URL_TIMEOUT = 15.0


@dataclass(frozen=True)
class Options:
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS  # longer texts are refused (E028): bounded time per input
    url_timeout: float = DEFAULT_URL_TIMEOUT
    reference_time: datetime | None = None  # "3 hours ago" is resolved against this only
    actor_files: tuple[Path, ...] = field(default_factory=tuple)
    analyzer: str = "builtin"  # a name in analyzers.REGISTRY: "frog" (Dutch), "syntax" (shipped nl/en models)

    def __post_init__(self) -> None:
        known = available_languages()
        for lang in self.languages:
            if lang not in known:
                raise ConfigError(Code.E013, lang=lang, choices=", ".join(known))
        if not self.languages:
            raise ConfigError(Code.E013, lang="", choices=", ".join(known))
        if self.analyzer not in analyzer_names():
            raise ConfigError(Code.E023, name=self.analyzer, choices=", ".join(analyzer_names()))


def check_format(fmt: str, choices: tuple[str, ...] = FORMATS) -> str:
    if fmt not in choices:
        raise ConfigError(Code.E014, fmt=fmt, choices=", ".join(choices))
    return fmt


def parse_languages(value: str) -> tuple[str, ...]:
    return tuple(x.strip().lower() for x in value.split(",") if x.strip())
