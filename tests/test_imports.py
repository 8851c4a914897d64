"""The house's layering: no import cycles inside claimtrail, and a store that knows no pipeline stage.

Every ``import`` counts, at module top level and inside functions: a lazy import that goes back up
the graph hides a cycle from Python, not from the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimtrail"
# what a store may not import: the stages that produce or read what it keeps
STAGES = ("clean", "meta", "analyze", "extract", "link", "story", "pipeline", "scale", "ingest")


def modules(root: Path = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def imports_of(name: str, path: Path, is_package: bool, known: dict) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file. ``from . import x`` names
    the submodule ``x`` when there is one (not the package's __init__), else the module it is in;
    importing ``a.b.c`` also imports the package ``a.b``."""
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level + 1] + [node.module or ""]).strip(".") if node.level else node.module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            # importing a.b.c runs a/b/__init__ first: the subpackages on the way count, unless the
            # importing module lies inside them (its package is loaded before it); the root
            # package's __init__ imports nothing when it loads, so it is left out
            parts = t.split(".")
            found.add(t)
            found |= {p for i in range(2, len(parts)) if not (name + ".").startswith((p := ".".join(parts[:i])) + ".")}
    return {t for t in found if t in known and t != name}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, is_package, known) for name, (path, is_package) in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Cycles (a -> ... -> a): in each strongly connected component of more than one module (Tarjan),
    the shortest cycle through each member, each cycle once."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    out: list[list[str]] = []
    seen: set[frozenset] = set()
    for component in components:
        for start in component:
            cycle = _path_back(start, set(component), edges)
            key = frozenset(zip(cycle, cycle[1:], strict=False))
            if key not in seen:
                seen.add(key)
                out.append(cycle)
    return out


def _path_back(start: str, within: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through ``start`` inside its component (breadth first), for the message."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, set()) & within):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if w not in previous:
                previous[w] = v
                queue.append(w)
    return [start]  # pragma: no cover - a component always has a cycle through each member


def test_no_import_cycles():
    found = cycles(graph())
    assert not found, "import cycles (top level and lazy imports):\n" + "\n".join(" -> ".join(c) for c in found)


def test_store_imports_no_stage():
    edges = graph()
    bad = sorted(f"{m} imports {t}" for m, targets in edges.items() if m.startswith("claimtrail.store")
                 for t in targets if t.split(".")[1] in STAGES)
    assert not bad, "the store must not import a pipeline stage:\n" + "\n".join(bad)


def test_the_checks_see_lazy_imports_and_cycles(tmp_path):
    """The checks themselves: a cycle closed by an import inside a function, and one at top level."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub.c import x\n    return x\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("from ..a import thing\n")
    (pkg / "d.py").write_text("import pkg.e\n")
    (pkg / "e.py").write_text("from .d import y\n")
    # a subpackage whose __init__ imports a module that imports a sibling of the subpackage's module
    (pkg / "sub" / "f.py").write_text("from . import g\n")  # inside its own package: no edge to pkg.sub
    (pkg / "sub" / "g.py").write_text("")
    edges = graph(pkg)
    assert edges["pkg.a"] == {"pkg.b"} and edges["pkg.b"] == {"pkg.sub", "pkg.sub.c"} and edges["pkg.sub.c"] == {"pkg.a"}
    assert edges["pkg.sub.f"] == {"pkg.sub.g"}
    assert sorted(cycles(edges)) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"], ["pkg.d", "pkg.e", "pkg.d"]]
    (pkg / "sub" / "__init__.py").write_text("from ..e import z\n")  # pkg.b -> pkg.sub (its __init__) -> pkg.e
    (pkg / "e.py").write_text("from .b import f\n")
    assert ["pkg.b", "pkg.sub", "pkg.e", "pkg.b"] in cycles(graph(pkg))
