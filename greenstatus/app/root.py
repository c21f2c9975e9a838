"""The Typer app and its global options; greenstatus.cli fills in the command table.

Command modules import the pieces (options, context, boundary); this module imports none of
them but the ones the root needs, so no import runs in a circle.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__, output
from .boundary import exit_code
from .framework import LazyGroup, resolve_annotations

app = typer.Typer(
    cls=LazyGroup,
    name="greenstatus",
    help="Queue WhatsApp statuses through GREEN-API: text, image, video and voice.",
    epilog="Docs and exit codes: README.md. Set GREENSTATUS_DEBUG=1 for tracebacks.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        output.out(f"greenstatus {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="Config file to use instead of $GREENSTATUS_CONFIG or the default.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Queue WhatsApp statuses through GREEN-API: text, image, video and voice.

    Start with [bold]greenstatus post --dry-run "Hello"[/bold] (no account needed), then
    [bold]greenstatus config init[/bold].
    """
    output.set_quiet(False)
    ctx.obj = {"config": config}


def run(argv: list[str] | None = None) -> int:
    """Run the app as the `greenstatus` command and return its exit code."""
    resolve_annotations(app)
    try:
        app(args=argv, prog_name="greenstatus")
    except SystemExit as exc:
        return exit_code(exc)
    return 0
