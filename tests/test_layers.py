"""The package reads bottom-up: imports only go down the layers, and nowhere in a circle.

Every import counts, at any depth (an import inside a function is still a dependency a
reader has to know about). The layers are the ones `../shared/DESIGN.md` draws.
"""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "nerlab"
MAX_LINES = 450  # past this, a warning: look for a second idea in the module
HARD_LIMIT = 650  # past this, a failure: no reader holds a module this long

# Lowest first. A module may import its own layer and the layers before it.
LAYERS = [
    ("core", ("nerlab", "nerlab.transitions", "nerlab.supervision", "nerlab.oracle", "nerlab.policy", "nerlab.walk")),
    ("bridge", ("nerlab.spacy_bridge", "nerlab.verification")),
    ("data", ("nerlab.data",)),
    ("training", ("nerlab.training", "nerlab.sweep")),
    ("course", ("nerlab.course", "nerlab.exercises")),
    ("interface", ("nerlab.widgets", "nerlab.cli", "nerlab.console", "nerlab.site", "nerlab.jupyter_config")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer of a module: the layer that names it or its package (`nerlab` itself only by name)."""
    best, found = -1, None
    for number, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module.startswith(prefix + ".") and prefix != "nerlab"
            if (module == prefix or inside) and len(prefix) > best:
                best, found = len(prefix), number
    assert found is not None, f"{module} is in no layer: add it to LAYERS (and to DESIGN.md)"
    return found


def imports_of(module: str) -> set[str]:
    """Every nerlab module that `module` imports, at any depth of its code."""
    path = MODULES[module]
    return imports_in(path.read_text(), module, is_package=path.name == "__init__.py")


def imports_in(source: str, module: str, is_package: bool = False) -> set[str]:
    """The nerlab modules that `source` (the code of `module`) imports, however deeply nested."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import nerlab.data.records as r` and the like
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_cycle_anywhere():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_only_go_down_the_layers():
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in GRAPH.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_imports_inside_functions_count():
    """The parser sees an import nested in a method, relative or absolute, as the rule requires."""
    source = (
        "class A:\n"
        "    def f(self):\n"
        "        from .oracle import costs\n"
        "        import nerlab.data.records as r\n"
        "        from .training import loop\n"
    )
    assert imports_in(source, "nerlab.transitions") == {
        "nerlab.oracle",
        "nerlab.data.records",
        "nerlab.training.loop",
    }
    assert imports_in("from . import wordlists", "nerlab.data.synthetic") == {"nerlab.data.wordlists"}


def test_a_long_module_is_a_prompt_to_look():
    """Over MAX_LINES lines is a warning, not a failure: split a module when it holds two
    ideas, not when it passes a count (DESIGN.md)."""
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    if long:
        warnings.warn(f"modules over {MAX_LINES} lines, worth a look for a second idea: {long}", stacklevel=1)
    too_long = {name: n for name, n in long.items() if n > HARD_LIMIT}
    assert too_long == {}, f"modules over {HARD_LIMIT} lines: split them by idea"


def test_one_home_for_spacys_update():
    """One training loop: nothing calls spaCy's `nlp.update` but `training.update.update`."""
    callers = {
        name
        for name, path in MODULES.items()
        for line in path.read_text().splitlines()
        if re.search(r"\bnlp\.update\(", line) and not line.lstrip().startswith(("#", '"', "'"))
    }
    assert callers == {"nerlab.training.update"}
