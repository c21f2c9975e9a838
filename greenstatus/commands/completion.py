"""`greenstatus completion`: print the static completion script for a shell."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .. import output
from ..app.boundary import reporting_errors


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    ctx: typer.Context,
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
) -> None:
    """Print a completion script; the same scripts ship in the wheel.

    [bold]Examples[/bold]

      mkdir -p ~/.local/share/bash-completion/completions
      greenstatus completion bash > ~/.local/share/bash-completion/completions/greenstatus

      mkdir -p ~/.config/fish/completions
      greenstatus completion fish > ~/.config/fish/completions/greenstatus.fish
    """
    from .. import completion as generator

    with reporting_errors():
        output.raw(generator.generate(shell.value, ctx.find_root().command))
