"""Language knowledge as data: one folder of YAML files per language.

A new language is a new folder with the same file names (see ``lang/en``); no code changes.
Each file is a mapping; ``load(lang)`` merges them into one ``LangData`` keyed by file stem.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

FILES = ("clutter", "dates", "reporting", "numbers", "roles", "text", "measures")
DEFAULT_LANGUAGES = ("nl", "en")  # what every stage reads unless --lang says otherwise


class LangData:
    def __init__(self, code: str, data: dict[str, dict[str, Any]]) -> None:
        self.code = code
        self._data = data

    def get(self, file: str, key: str, default: Any = None) -> Any:
        value = self._data.get(file, {}).get(key)
        return default if value is None else value

    def words(self, file: str, key: str) -> list[str]:
        """A list of strings, guarded against an empty group (an empty alternation matches everything)."""
        values = [str(v) for v in self.get(file, key, []) if str(v).strip()]
        return values


@cache
def available_languages() -> tuple[str, ...]:
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "reporting.yaml").is_file()))


@cache
def load(code: str) -> LangData:
    root = resources.files(__name__) / code
    data: dict[str, dict[str, Any]] = {}
    for name in FILES:
        f = root / f"{name}.yaml"
        if f.is_file():
            data[name] = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    return LangData(code, data)


@cache
def name_spellings() -> tuple[tuple[str, str], ...]:
    """The replacements (roles.yaml ``name_spellings``, every language's, in order) that make the spellings of
    one foreign name alike across languages: Loekasjenko and Lukashenko both read "lukashenko"."""
    return tuple((str(a), str(b)) for code in available_languages() for a, b in load(code).get("roles", "name_spellings", []) or [])


def respell(name: str) -> str:
    """``name`` (lower case) with ``name_spellings`` applied."""
    for a, b in name_spellings():
        name = name.replace(a, b)
    return name
