"""Plain text and Markdown files: the text is the article, kept verbatim."""

from __future__ import annotations

from pathlib import Path

from ..model import Article
from .decode import decode


def read_text(path: Path, data: bytes, article_id: str | None = None) -> Article:
    text = decode(data, str(path))
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return Article(id=article_id or path.name, text=text, source=str(path), kind=kind)
