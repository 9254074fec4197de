"""The module map of ARCHITECTURE.md, enforced: a module imports only from lower layers,
readers never import each other, and nothing imports build, serve or cli."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# Lower number = lower layer. A module may import modules of a strictly lower layer.
LAYERS: dict[str, int] = {
    "generator": 0,
    "generator.errors": 0,
    "generator.patterns": 0,
    "generator.report": 1,
    "generator.model": 1,
    "generator.yamlload": 1,
    "generator.dates": 1,
    "generator.ids": 2,
    "generator.config": 2,
    "generator.markup": 2,
    "generator.htmltext": 2,
    "generator.sanitize": 2,
    "generator.theme": 3,
    "generator.registry": 3,
    "generator.sources": 3,
    "generator.statements": 4,
    "generator.importer": 4,
    "generator.scaffold": 4,
    "generator.words": 4,
    "generator.extract": 5,
    "generator.site": 6,
    "generator.export": 7,
    "generator.feeds": 7,
    "generator.publish": 8,
    "generator.check": 10,
    "generator.stamp": 10,
    "generator.render": 9,
    "generator.write": 9,
    "generator.cache": 9,
    "generator.search": 9,
    "generator.build": 11,
    "generator.serve": 12,
    "generator.cli": 13,
    "generator.__main__": 14,
}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(name: str) -> int:
    while name not in LAYERS:
        if "." not in name:
            raise AssertionError(f"{name} has no layer in tests/test_layers.py")
        name = name.rsplit(".", 1)[0]
    return LAYERS[name]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {n for n in found if n.startswith("generator")}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in modules():
        layer_of(module_name(path))


def test_imports_only_go_down() -> None:
    bad = []
    for path in modules():
        name = module_name(path)
        mine = layer_of(name)
        for target in imports_of(path):
            if target == name or target.startswith(name + "."):
                continue  # a package's __init__ importing its own readers
            if name.startswith("generator.sources.") and target.startswith("generator.sources."):
                continue  # inside the sources package; see the readers test below
            if target in LAYERS or any(target.startswith(k + ".") for k in LAYERS):
                theirs = layer_of(target)
                if theirs >= mine and not (
                    name.startswith("generator.sources") and target == "generator.sources"
                ):
                    bad.append(f"{name} (layer {mine}) imports {target} (layer {theirs})")
    assert not bad, "\n".join(bad)


def test_readers_do_not_import_each_other() -> None:
    """Readers (the modules of the reader table) share helpers, never each other."""
    from generator.sources import READERS

    readers = {r.__name__ for r in READERS}
    bad = []
    for path in (PACKAGE / "sources").glob("*.py"):
        name = module_name(path)
        for target in imports_of(path):
            module = ".".join(target.split(".")[:3])
            if name in readers and module in readers and module != name:
                bad.append(f"{name} imports the reader {module}")
            if name not in readers and module in readers and path.name != "__init__.py":
                bad.append(f"the helper {name} imports the reader {module}")
            table = ("READERS", "read_source", "reader_for", "decode")
            if target in {f"generator.sources.{t}" for t in table} and path.name != "__init__.py":
                bad.append(f"{name} imports the reader table")
    assert not bad, "\n".join(bad)


def test_nothing_imports_the_top() -> None:
    for path in modules():
        name = module_name(path)
        for target in imports_of(path):
            for top in ("generator.build", "generator.serve", "generator.cli"):
                if target.startswith(top) and not name.startswith(
                    ("generator.cli", "generator.__main__", "generator.serve")
                ):
                    raise AssertionError(f"{name} imports {target}")
