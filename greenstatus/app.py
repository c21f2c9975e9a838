"""The Typer app, the global options, the options commands share, and the one error boundary.

Command modules import this; it imports none of them (greenstatus.cli assembles the two).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from . import __version__, output
from .errors import ExitCode, GreenstatusError

app = typer.Typer(
    name="greenstatus",
    help="Queue WhatsApp text statuses through GREEN-API's sendTextStatus.",
    epilog="Docs and exit codes: README.md. Set GREENSTATUS_DEBUG=1 for tracebacks.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


@contextmanager
def reporting_errors(as_json: bool = False) -> Iterator[None]:
    """The one place errors become messages and exit codes; nothing else catches them."""
    try:
        yield
    except GreenstatusError as exc:
        if as_json:
            output.error_json(int(exc.exit_code), exc.http_status, output.scrub(exc.message))
        output.error(exc.message)
        raise typer.Exit(int(exc.exit_code)) from None
    except (KeyboardInterrupt, typer.Abort):
        # typer.Abort is how a prompt reports Ctrl-C or Ctrl-D.
        # Sending code turns Ctrl-C into its own Interrupted error, which says whether the
        # request may have arrived; a bare KeyboardInterrupt here means none was under way.
        # The blank line only moves past the terminal's echoed ^C; a log gets one line.
        gap = "\n" if output.is_terminal(sys.stderr) else ""
        output.err(f"{gap}greenstatus: interrupted; nothing was sent")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, BrokenPipeError):
        raise
    except Exception as exc:
        if os.environ.get("GREENSTATUS_DEBUG") == "1":
            import traceback

            output.debug_traceback(traceback.format_exc())
        message = f"unexpected error: {type(exc).__name__}: {exc}"
        if as_json:
            output.error_json(int(ExitCode.UNEXPECTED), None, output.scrub(message))
        output.error(message + " (set GREENSTATUS_DEBUG=1 for a traceback)")
        raise typer.Exit(int(ExitCode.UNEXPECTED)) from None


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
    """Queue WhatsApp text statuses through GREEN-API's sendTextStatus.

    Start with [bold]greenstatus post --dry-run "Hello"[/bold] (no account needed), then
    [bold]greenstatus config init[/bold].
    """
    output.set_quiet(False)
    ctx.obj = {"config": config}


def config_option(ctx: typer.Context) -> str | None:
    """The global --config value, from whichever level of the command tree holds it."""
    root_ctx = ctx.find_root()
    return (root_ctx.obj or {}).get("config")


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="Profile to use (default: the file's default_profile).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def run(argv: list[str] | None = None) -> int:
    """Run the app as the `greenstatus` command and return its exit code."""
    try:
        app(args=argv, prog_name="greenstatus")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
