"""typer reads a command's string annotations twice; app.framework resolves them once, and the
command built from them must be the one typer would have built."""

from __future__ import annotations

from typing import Annotated

import typer
import typer.main
from click.testing import CliRunner

from greenstatus.app.framework import resolve_annotations


def _command() -> typer.Typer:
    def greet(
        name: Annotated[str, typer.Argument(help="Who.")],
        times: Annotated[int, typer.Option("--times", "-n", min=1, help="How often.")] = 1,
        loud: Annotated[bool, typer.Option("--loud/--quiet", help="Shout.")] = False,
        tags: Annotated[list[str] | None, typer.Option("--tag", metavar="TAG")] = None,
    ) -> None:
        """Greet someone."""

    app = typer.Typer(add_completion=False)
    app.command("greet")(greet)
    return app


def _shape(app: typer.Typer) -> list[tuple[object, ...]]:
    command = typer.main.get_command(app)
    return [
        (p.name, tuple(p.opts), tuple(p.secondary_opts), p.default, repr(p.type), p.multiple)
        for p in command.params
    ]


def test_resolved_annotations_build_the_same_command() -> None:
    plain, resolved = _command(), _command()
    resolve_annotations(resolved)
    (function,) = [info.callback for info in resolved.registered_commands]
    assert function is not None
    assert not any(isinstance(v, str) for v in function.__annotations__.values())
    assert _shape(resolved) == _shape(plain)
    result = CliRunner().invoke(typer.main.get_command(resolved), ["-n", "0", "x"])
    assert result.exit_code == 2 and "--times" in result.output


def test_post_is_built_from_resolved_annotations() -> None:
    from greenstatus.cli import app, run
    from greenstatus.commands.post import post

    run(["post", "--help"])
    assert not any(isinstance(v, str) for v in post.__annotations__.values())
    root = app.registered_callback
    assert root is not None and root.callback is not None
    assert not any(isinstance(v, str) for v in root.callback.__annotations__.values())
