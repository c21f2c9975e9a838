"""The package's import graph: layers point one way, only api.http imports requests, and
only output imports rich."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "greenstatus"


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


# Below every layer: the exceptions with their exit codes, and the messages people read.
_BASE = {"greenstatus.errors", "greenstatus.i18n"}


def _imports_beyond(package: str, allowed: tuple[str, ...]) -> dict[str, set[str]]:
    """What each module of package imports beyond the package itself, allowed and errors."""
    found = {}
    for module, targets in _graph().items():
        if module == package or module.startswith(package + "."):
            outside = {
                t for t in targets if not t.startswith((package + ".", *allowed)) and t not in _BASE
            }
            if outside:
                found[module] = outside
    return found


def test_compose_imports_only_rules_config_and_errors() -> None:
    """compose builds bodies from the rules and the settings; it never writes, asks or sends."""
    assert _imports_beyond("greenstatus.compose", ("greenstatus.rules", "greenstatus.config")) == {}


def test_a_verb_imports_no_other_command() -> None:
    """A command folder's verbs share only its `shared` module: a rule two verbs need lives
    below both, never in one of them. (post's work, its media branch and its several profiles
    are post's own modules.)"""
    allowed = {
        "greenstatus.commands.post": {
            "greenstatus.commands.post_run",
            "greenstatus.commands.post_several",
        },
        "greenstatus.commands.post_run": {"greenstatus.commands.post_media"},
    }
    graph = _graph()
    for module, targets in graph.items():
        if (
            not module.startswith("greenstatus.commands.")
            or (PACKAGE.parent / module.replace(".", "/")).is_dir()
        ):
            continue
        package = module.rpartition(".")[0]
        others = {
            t
            for t in targets
            if t.startswith("greenstatus.commands")
            and t not in (f"{package}.shared", package, "greenstatus.commands")
        }
        assert others <= allowed.get(module, set()), (module, others)


# Stated exceptions: a rule may use another pure rule instead of copying it (audience cleans the
# server's names with statuses.clean, the one cleaner of server text among the rules; settle
# takes the delivery order from states, which `post --wait` reads without loading settle;
# statuses and settle read typeMessage through states' one KINDS table).
# recipients asks phones whether a --to-file line is a name, which may hold a comma.
_RULES_USING_RULES = {
    "greenstatus.rules.audience": {"greenstatus.rules.statuses"},
    "greenstatus.rules.recipients": {"greenstatus.rules.phones"},
    "greenstatus.rules.settle": {"greenstatus.rules.states"},
    "greenstatus.rules.statuses": {"greenstatus.rules.states"},
}


def test_rules_import_only_errors() -> None:
    graph = _graph()
    for module, targets in graph.items():
        if module.startswith("greenstatus.rules."):
            allowed = {
                *_BASE,
                "greenstatus.rules",
                "greenstatus.rules.untrusted",
            } | _RULES_USING_RULES.get(module, set())
            assert targets <= allowed, (module, targets)


def test_config_imports_only_errors_and_rules() -> None:
    """config sits below output, the API client and the journal, which all read settings."""
    assert _imports_beyond("greenstatus.config", ("greenstatus.rules",)) == {}


def _importers_of(*tops: str, runtime_only: bool = False) -> set[str]:
    """The greenstatus modules that import any of the top-level modules named, anywhere (at the
    top or in a function); with runtime_only, imports for type checkers only are left aside."""
    importers = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if runtime_only
            and isinstance(node, ast.If)
            and ast.unparse(node.test) == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in tops for n in names):
                importers.add(_module_name(path))
    return importers


def test_only_api_http_imports_requests() -> None:
    assert _importers_of("requests", "urllib3") == {"greenstatus.api.http"}


def test_only_store_db_imports_sqlite3() -> None:
    assert _importers_of("sqlite3", "_sqlite3") == {"greenstatus.store.db"}


def test_only_output_imports_rich_and_never_on_the_plain_path() -> None:
    importers = _importers_of("rich")
    assert all(m.startswith("greenstatus.output.") for m in importers), importers
    # What every run loads (the package, the writer, the scrubber) never imports rich.
    plain = {"greenstatus.output", "greenstatus.output.streams", "greenstatus.output.secrets"}
    assert not importers & plain


@pytest.mark.parametrize("package", ["output", "api"])
def test_lazy_names_lead_to_the_module_that_owns_them(package: str) -> None:
    """output and api load a module on the first use of one of its names: the table and the
    type checker's imports name the same things, and each name is its owner's."""
    from importlib import import_module

    lazy = import_module(f"greenstatus.{package}")
    init = PACKAGE / package / "__init__.py"
    declared = {
        alias.asname or alias.name: node.module
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert declared == lazy._HOME
    for name, home in lazy._HOME.items():
        value = getattr(lazy, name)
        owner = getattr(value, "__module__", f"greenstatus.{package}.{home}")
        if not isinstance(value, (int, str, tuple)):
            assert owner == f"greenstatus.{package}.{home}", name


def test_only_the_send_path_sends_and_uploads() -> None:
    """One send-and-record (sending.attempt) and one upload (sending.upload): a command that
    calls the api's send or upload itself would be a second copy of either."""
    callers: dict[str, set[str]] = {"send_status": set(), "upload_file": set()}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in callers
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "api"
            ):
                callers[node.func.attr].add(_module_name(path))
    assert callers == {
        "send_status": {"greenstatus.sending.attempt"},
        "upload_file": {"greenstatus.sending.upload"},
    }


def test_only_the_framework_package_imports_click() -> None:
    # typer 0.26+ vendors click: one package to change when greenstatus follows it.
    assert _importers_of("click", runtime_only=True) == {
        f"greenstatus.app.framework.{job}"
        for job in ("params", "usage", "layout", "groups", "fast")
    }


def test_completion_is_loaded_only_by_its_command_and_the_man_page_entry() -> None:
    """The scripts and the man pages come from one walk (completion.model) that no other command
    pays for; only the man page writer, run by developers, loads the whole command table."""
    graph = _graph()

    def inside(name: str) -> bool:
        return name == "greenstatus.completion" or name.startswith("greenstatus.completion.")

    users = {m for m, targets in graph.items() if not inside(m) and any(map(inside, targets))}
    assert users == {"greenstatus.commands.completion", "greenstatus.manpages"}
    walkers = {m for m, targets in graph.items() if "greenstatus.completion.model" in targets}
    assert walkers <= {
        "greenstatus.completion",
        *(f"greenstatus.completion.{n}" for n in ("bash", "zsh", "fish", "man")),
    }
    table = {m for m, targets in graph.items() if inside(m) and "greenstatus.cli" in targets}
    assert table == {"greenstatus.completion.man"}


def test_compose_names_lead_to_the_module_that_owns_them() -> None:
    """A name that is also a submodule's would be shadowed by that module once it loads."""
    from greenstatus import compose

    submodules = {p.stem for p in (PACKAGE / "compose").glob("*.py")}
    assert not set(compose._HOME) & submodules
    for name, home in compose._HOME.items():
        value = getattr(compose, name)
        assert getattr(value, "__module__", f"greenstatus.compose.{home}") == (
            f"greenstatus.compose.{home}"
        ), name


def test_the_sandbox_stands_alone_and_only_its_command_loads_it() -> None:
    """The sandbox is GREEN-API's stand-in: were it to use greenstatus's own code, a bug there
    would hide in both sides of every test. Only the `sandbox` command loads it, when it runs."""
    graph = _graph()
    inside = {m for m in graph if m.startswith("greenstatus.sandbox")}
    for module in inside:
        assert graph[module] <= inside, (module, graph[module] - inside)
    users = {m for m, targets in graph.items() if targets & inside} - inside
    assert users == {"greenstatus.commands.sandbox"}


TESTS = PACKAGE.parent / "tests"


def _top_level_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.partition(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.partition(".")[0])
    return found


def test_test_files_never_import_each_other() -> None:
    """Fixtures live in conftest.py and shared code in tests/helpers: no test file is a library."""
    found = sorted(
        f"{path.relative_to(TESTS)} imports {name}"
        for path in TESTS.rglob("*.py")
        for name in _top_level_imports(path)
        if name.startswith("test_") or name in ("conftest", "fakeapi")
    )
    assert found == []


def test_every_test_file_lives_in_a_level() -> None:
    """tests/conftest.py marks a test by its folder; a file outside the four is in no level."""
    levels = {"unit", "cli", "e2e", "properties"}
    loose = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("test_*.py")
        if path.relative_to(TESTS).parts[0] not in levels
    )
    assert loose == []


MAX_MODULE_LINES = 400
MAX_BODY_LINES = 60


def test_no_module_is_over_400_lines() -> None:
    """A module that outgrows this holds more than one job: split it (issue 17)."""
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """The lines of a function's body from its first statement after the docstring to its
    last; the signature (Typer's option declarations) does not count."""
    body = function.body
    first = body[0]
    if (
        len(body) > 1
        and isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def test_body_lines_count_the_body_only() -> None:
    source = 'def f(\n    a: int = 1,\n    b: int = 2,\n) -> int:\n    """Doc.\n\n    More."""\n'
    source += "    x = a\n    # why\n    return x + b\n"
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert _body_lines(function) == 3


def test_no_function_body_is_over_60_lines() -> None:
    """A longer body does several things: give each its own function (issue 17)."""
    long = {
        f"{path.relative_to(PACKAGE)}::{node.name}": lines
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (lines := _body_lines(node)) > MAX_BODY_LINES
    }
    assert long == {}
