"""Stage 5, extract: attributed claims from an article's body."""

from __future__ import annotations

from ..actors import Registry
from ..model import Article, Claim


class Extractor:
    def __init__(self, registry: Registry, languages: tuple[str, ...]) -> None:
        self.registry = registry
        self.languages = languages

    def extract(self, article: Article) -> list[Claim]:
        return []
