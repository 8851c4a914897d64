"""Plain text and Markdown files: the text is the article, kept verbatim."""

from __future__ import annotations

from pathlib import Path

from ..model import Article
from .decode import decode


def read_text(path: Path, data: bytes) -> Article:
    text = decode(data, str(path))
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return Article(id=path.name, text=text, source=str(path), kind=kind)
