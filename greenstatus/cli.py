"""The command line: parse options, call the rules and the client, render through output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__, output
from .errors import ExitCode, GreenstatusError, UsageError

if TYPE_CHECKING:
    from .config import Settings

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
        output.err("\ngreenstatus: interrupted")
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


@app.command()
def post(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="Status text; '-' reads stdin.", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            "-F",
            metavar="PATH",
            help="Read the text from a file ('-' is stdin).",
            show_default=False,
        ),
    ] = None,
    color: Annotated[
        str | None,
        typer.Option(
            "--color",
            "-c",
            metavar="COLOR",
            help="Background: #RRGGBB, #RGB, RRGGBB or a CSS name (default #228B22).",
            show_default=False,
        ),
    ] = None,
    font: Annotated[
        str | None,
        typer.Option(
            "--font",
            "-f",
            metavar="FONT",
            help="SERIF, SANS_SERIF, NORICAN_REGULAR, BRYNDAN_WRITE or OSWALD_HEAVY.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            "-t",
            metavar="PHONE",
            help="Recipient; repeat or comma-separate (default: all contacts).",
            show_default=False,
        ),
    ] = None,
    to_file: Annotated[
        str | None,
        typer.Option(
            "--to-file",
            metavar="PATH",
            help="Recipients, one a line; # comments.",
            show_default=False,
        ),
    ] = None,
    truncate: Annotated[
        bool, typer.Option("--truncate", help="Cut text over 500 characters with '…'.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Send a background too light to read.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be sent; send nothing.")
    ] = False,
    as_json: JsonOpt = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing on success; no warnings.")
    ] = False,
    profile: ProfileOpt = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            help="Per-attempt timeout in seconds (default 30).",
            show_default=False,
        ),
    ] = None,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            metavar="N",
            min=0,
            max=10,
            help="Extra attempts for failures that cannot double-post.",
        ),
    ] = 3,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Request summary on stderr.")
    ] = False,
) -> None:
    """Queue a text status. A success means [italic]queued[/italic], not yet seen by anyone.

    The text comes from TEXT, then --file, then a pipe.
    Nothing is sent unless it is valid UTF-8, not empty, and at most 500 characters
    as GREEN-API counts them (an emoji counts 2).

    [bold]Examples[/bold]

      greenstatus post "Open until 8 pm today" --color navy --font SERIF

      uptime | greenstatus post --truncate --quiet

      greenstatus post -F news.txt -t '+7 900 123-45-67' -t 79007654321 --dry-run
    """
    from . import config, status
    from .text import decode, read_source, text_from_stdin

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        settings = config.resolve(config_option(ctx), profile)
        output.register_secret(settings.get("api_token_instance"))
        for warning in settings.warnings:
            output.warn(warning)
        if to_file == "-" and text_from_stdin(text, file):
            raise UsageError("stdin can carry the text or the recipients (--to-file -), not both")
        stdin = getattr(sys.stdin, "buffer", None)
        raw = read_source(text, file, stdin, output.is_terminal(sys.stdin))
        options = status.Options(
            color=color, font=font, to=to or [], truncate=truncate, force=force
        )
        if to_file is not None:
            options.to_file_text = decode(read_source(None, to_file, stdin, False))
        prepared = status.prepare(raw, options, settings)
        for warning in prepared.warnings:
            output.warn(warning)
        if dry_run:
            request, preview = status.describe(prepared, settings)
            output.dry_run(request, preview, as_json=as_json)
            return
        _send(settings, prepared.body, timeout, retries, verbose, as_json)


def _send(
    settings: Settings,
    body: dict[str, Any],
    timeout: float | None,
    retries: int,
    verbose: bool,
    as_json: bool,
) -> None:
    from . import client

    api_url, id_instance, token = settings.credentials()
    instance = client.Instance(api_url, id_instance, token)
    answer = client.send_text_status(
        instance,
        body,
        timeout=timeout if timeout is not None else float(settings.get("timeout")),
        retries=retries,
        log=output.err if verbose else None,
    )
    output.queued(answer, as_json=as_json)


@app.command("fonts")
def fonts_command(as_json: JsonOpt = False) -> None:
    """List the five status fonts with their style; piped, one name a line.

    [bold]Example[/bold]

      greenstatus fonts | fzf
    """
    from .fonts import FONTS

    with reporting_errors(as_json):
        output.fonts(FONTS, as_json=as_json)


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
) -> None:
    """Print a completion script; the same scripts ship in the wheel.

    [bold]Examples[/bold]

      greenstatus completion bash > ~/.local/share/bash-completion/completions/greenstatus

      greenstatus completion fish > ~/.config/fish/completions/greenstatus.fish
    """
    from . import completion as generator

    with reporting_errors():
        output.raw(generator.generate(shell.value, typer.main.get_command(app)))


def _add_config_app() -> None:
    # cli_config imports ProfileOpt, JsonOpt and reporting_errors from here, so it can only
    # be imported once they exist.
    from .cli_config import config_app

    app.add_typer(config_app, name="config")


_add_config_app()


def run(argv: list[str] | None = None) -> int:
    """Run the app as the `greenstatus` command and return its exit code."""
    try:
        app(args=argv, prog_name="greenstatus")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
