"""Every data file the package reads is shipped: a non-editable install (CI's stock venv) has only what package-data names."""

from __future__ import annotations

import tomllib

from .conftest import ROOT

PKG = ROOT / "src" / "claimtrail"


def test_every_data_file_is_named_in_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["claimtrail"]
    shipped = {p for pattern in patterns for p in PKG.glob(pattern) if p.is_file()}
    data = {p for p in PKG.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    missing = sorted(str(p.relative_to(PKG)) for p in data - shipped)
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
