"""What greenstatus.app.framework relies on in click and typer, checked so an upgrade fails here.

typer 0.26 vendors click and 0.29 adds pydantic; the help layout, the usage errors and the
lazy command table subclass click's and typer's classes, so every name they use is pinned.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import click
import click.exceptions
import click.formatting
import pytest
import typer
import typer.core
import typer.main

ROOT = Path(__file__).resolve().parents[2]
OWNER = "greenstatus/app/framework/"


def _bounds(package: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The >= and < bounds pyproject.toml declares for package."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    spec = next(d for d in project["dependencies"] if re.match(rf"{package}\b", d))
    low = re.search(r">=\s*([\d.]+)", spec)
    high = re.search(r"<\s*([\d.]+)", spec)
    assert low and high, f"{package} needs both bounds in pyproject.toml ({spec}); {OWNER}"
    return _numbers(low.group(1)), _numbers(high.group(1))


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", ["typer", "click"])
def test_installed_version_is_inside_the_tested_range(package: str) -> None:
    low, high = _bounds(package)
    installed = _numbers(version(package))
    assert low <= installed < high, (
        f"{package} {version(package)} is outside {low}..{high}: {OWNER} subclasses its "
        "internals; check them before widening the range"
    )


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


# (owner, attribute, the parameters app/framework passes or overrides)
SIGNATURES = [
    (click.HelpFormatter, "write_text", ["self", "text"]),
    (click.HelpFormatter, "write_dl", ["self", "rows", "col_max", "col_spacing"]),
    (click.HelpFormatter, "write", ["self", "string"]),
    (click.HelpFormatter, "section", ["self", "name"]),
    (typer.core.TyperGroup, "format_commands", ["self", "ctx", "formatter"]),
    (typer.core.TyperGroup, "make_context", ["self", "info_name", "args", "parent", "extra"]),
    (typer.core.TyperGroup, "invoke", ["self", "ctx"]),
    (typer.core.TyperGroup, "list_commands", ["self", "ctx"]),
    (click.Group, "get_command", ["self", "ctx", "cmd_name"]),
    (click.Command, "get_short_help_str", ["self", "limit"]),
    (click.Command, "collect_usage_pieces", ["self", "ctx"]),
    (click.Option, "get_help_record", ["self", "ctx"]),
]


@pytest.mark.parametrize(("owner", "name", "expected"), SIGNATURES)
def test_every_overridden_or_called_method_keeps_its_signature(
    owner: type, name: str, expected: list[str]
) -> None:
    assert hasattr(owner, name), f"{owner.__qualname__}.{name} is gone; {OWNER} uses it"
    assert _parameters(getattr(owner, name))[: len(expected)] == expected, (
        f"{owner.__qualname__}.{name} changed its signature; {OWNER} overrides or calls it"
    )


def test_the_other_internals_framework_uses_exist() -> None:
    formatter = click.HelpFormatter(width=80)
    for attribute in ("buffer", "width", "current_indent"):
        assert hasattr(formatter, attribute), f"HelpFormatter.{attribute}; {OWNER}"
    wrap = _parameters(click.formatting.wrap_text)
    for parameter in ("width", "initial_indent", "subsequent_indent", "preserve_paragraphs"):
        assert parameter in wrap, f"click.formatting.wrap_text({parameter}=); {OWNER}"
    assert click.Context.formatter_class is click.HelpFormatter, f"Context.formatter_class; {OWNER}"
    context = _parameters(click.Context)
    for parameter in ("terminal_width", "max_content_width", "info_name", "parent"):
        assert parameter in context, f"click.Context({parameter}=); {OWNER}"
    assert issubclass(click.exceptions.NoArgsIsHelpError, click.ClickException), OWNER
    no_such = click.NoSuchOption("--x", possibilities=["--y"])
    assert (no_such.option_name, no_such.possibilities) == ("--x", ["--y"]), OWNER
    assert hasattr(click.ClickException("x"), "format_message"), OWNER
    # app/boundary looks these up (in sys.modules, so post's fast path need not load click).
    assert callable(click.get_current_context), "greenstatus/app/boundary.py"
    assert issubclass(click.exceptions.Exit, RuntimeError), "greenstatus/app/boundary.py"
    assert issubclass(click.exceptions.Abort, RuntimeError), "greenstatus/app/boundary.py"
    app = typer.Typer(add_completion=False)
    assert hasattr(app, "info") and hasattr(app.info, "cls"), f"Typer.info.cls; {OWNER}"
    assert "typer_instance" in _parameters(typer.main.get_command), OWNER


# sys.modules, not -X importtime: importlib.import_module (how the lazy table loads a
# command) does not show in importtime's log, so a lazily loaded module would go unseen.
_LOADED = (
    "import sys; from greenstatus.__main__ import dispatch; code = dispatch(sys.argv[1:]); "
    "print(*sorted(sys.modules), file=sys.stderr); sys.exit(code)"
)


def _loaded_by(*argv: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *argv], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_version_loads_no_command_module_and_no_pydantic() -> None:
    loaded = _loaded_by("--version")
    assert not {m for m in loaded if m.startswith("greenstatus.commands.")}, (
        "--version imported command modules: the command table in greenstatus/cli.py must stay lazy"
    )
    assert not {m for m in loaded if m.split(".")[0] == "pydantic"}, (
        "--version imported pydantic: a typer from 0.29 on; see pyproject.toml"
    )


def test_a_command_loads_its_own_module_only() -> None:
    loaded = _loaded_by("fonts")
    assert {m for m in loaded if m.startswith("greenstatus.commands.")} == {
        "greenstatus.commands.fonts"
    }


def test_no_command_grows_typers_completion_options() -> None:
    # A sub-app built on its own (as the lazy table builds each one) adds --install-completion
    # unless it says add_completion=False.
    from greenstatus.cli import COMMANDS, app

    root = typer.main.get_command(app)
    ctx = click.Context(root)
    pending = [root.get_command(ctx, name) for name in COMMANDS]
    while pending:
        command = pending.pop()
        assert command is not None
        names = {n for p in command.params for n in getattr(p, "opts", [])}
        assert "--install-completion" not in names, command.name
        pending.extend(getattr(command, "commands", {}).values())
