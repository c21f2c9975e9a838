"""The package's import graph: layers point one way, and only api.http imports requests."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "greenstatus"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every greenstatus module the file imports, at the top or inside a function."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("greenstatus"))
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            if not prefix.startswith("greenstatus"):
                continue
            for alias in node.names:
                candidate = f"{prefix}.{alias.name}"
                found.add(candidate if candidate in MODULES else prefix)
    return found - {name}


MODULES = {_module_name(p) for p in PACKAGE.rglob("*.py")}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) & MODULES for p in PACKAGE.rglob("*.py")}


def test_no_import_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_commands_never_import_the_command_table() -> None:
    graph = _graph()
    offenders = [
        m for m in graph if m.startswith("greenstatus.commands") and "greenstatus.cli" in graph[m]
    ]
    assert offenders == []


# Stated exceptions: a rule may use another pure rule instead of copying it (audience cleans the
# server's names with statuses.clean, the one cleaner of server text among the rules).
_RULES_USING_RULES = {"greenstatus.rules.audience": {"greenstatus.rules.statuses"}}


def test_rules_import_only_errors() -> None:
    graph = _graph()
    for module, targets in graph.items():
        if module.startswith("greenstatus.rules."):
            allowed = {
                "greenstatus.errors",
                "greenstatus.rules",
                "greenstatus.rules.untrusted",
            } | _RULES_USING_RULES.get(module, set())
            assert targets <= allowed, (module, targets)


def test_only_api_http_imports_requests() -> None:
    importers = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == "requests" or n.startswith(("requests.", "urllib3")) for n in names):
                importers.add(_module_name(path))
    assert importers == {"greenstatus.api.http"}
