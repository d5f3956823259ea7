"""The layering of docs/DECISIONS.md («Layers»), checked over the source with ``ast``.

Nodes of the import graph: each domain package's rules (``registry``), its route files (``registry:routes`` —
api.py, *_api.py, views.py, *_views.py, cli.py, cards.py), the web kit (``web``), the app that
assembles everything (``app``: web/app.py, web/home.py, startup.py, cli.py, launcher.py, models.py,
domains.py) and the core
(``core``: the other top-level modules and the change records of audit/). Route files may use the kit; rules
may not; the kit uses only the core, auth and reference data.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import clusterdesk

PACKAGE = Path(clusterdesk.__file__).resolve().parent
APP_MODULES = {
    "clusterdesk.web.app",
    "clusterdesk.web.home",
    "clusterdesk.startup",
    "clusterdesk.cli",
    "clusterdesk.launcher",
    "clusterdesk.models",
    "clusterdesk.domains",
}
# The kit stands on the core, users and permissions (auth) and reference data, never on a domain.
KIT_MAY_USE = {"core", "web", "auth", "reference"}


def node_of(module: str) -> str:
    """The graph node of a dotted module name."""
    if module in APP_MODULES:
        return "app"
    parts = module.split(".")
    if len(parts) < 2 or not (PACKAGE / parts[1]).is_dir():
        return "core"
    package = parts[1]
    if package == "web":
        return "web"
    name = parts[2] if len(parts) > 2 else ""
    if name in ("api", "views", "cli", "cards") or name.endswith(("_views", "_api")):
        return f"{package}:routes"
    if package == "audit":
        return "core"  # change records: every write service records one; the core's commands name the actor
    return package


def package_of(node: str) -> str:
    return node.split(":")[0]


@dataclass(frozen=True)
class Import:
    source: str  # dotted module
    target: str  # dotted module
    line: int
    in_function: bool
    why: bool  # a «# why:» comment on the line or the line above


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _says_why(lines: list[str], first: int, last: int) -> bool:
    """A «# why:» comment on the import or above it in the same block of imports and comments."""
    if any("# why:" in line for line in lines[first - 1 : last]):
        return True
    number = first - 2
    while number >= 0:
        text = lines[number].strip()
        if "# why:" in text:
            return True
        if not (text.startswith(("import ", "from ", "#")) or text == ""):
            return False
        number -= 1
    return False


def _imports(path: Path) -> list[Import]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom))
    found = []
    source = _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module]
        else:
            continue
        why = _says_why(lines, node.lineno, node.end_lineno or node.lineno)
        for target in targets:
            if target.startswith("clusterdesk."):
                found.append(Import(source, target, node.lineno, id(node) in inside, why))
    return found


def all_imports() -> list[Import]:
    return [
        imp
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
        for imp in _imports(path)
    ]


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in all_imports():
        a, b = node_of(imp.source), node_of(imp.target)
        if a != b:
            edges.setdefault(a, set()).add(b)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, or None (depth-first search with colours)."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if colour.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        colour[node] = 2
        return None

    for start in sorted(edges):
        if colour.get(start) is None:
            found = visit(start)
            if found:
                return found
    return None


def test_the_package_import_graph_has_no_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_rules_do_not_use_the_web_kit_routes_or_the_app() -> None:
    wrong = [
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in all_imports()
        if ":" not in node_of(imp.source)
        and node_of(imp.source) not in ("web", "app")
        and (node_of(imp.target) in ("web", "app") or ":" in node_of(imp.target))
    ]
    assert wrong == []


def test_the_web_kit_imports_only_the_core() -> None:
    wrong = [
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in all_imports()
        if node_of(imp.source) == "web" and package_of(node_of(imp.target)) not in KIT_MAY_USE
    ]
    assert wrong == []


def test_every_function_level_import_across_packages_says_why() -> None:
    hidden = [
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in all_imports()
        if imp.in_function
        and package_of(node_of(imp.source)) != package_of(node_of(imp.target))
        and not imp.why
    ]
    assert hidden == [], "add a «# why:» comment or import at module level"


def test_nodes() -> None:
    assert node_of("clusterdesk.registry.service") == "registry"
    assert node_of("clusterdesk.registry.people_views") == "registry:routes"
    assert node_of("clusterdesk.registry.upkeep_api") == "registry:routes"
    assert node_of("clusterdesk.web.forms") == "web"
    assert node_of("clusterdesk.web.app") == "app"
    assert node_of("clusterdesk.config") == "core"
