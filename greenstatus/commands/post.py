"""`greenstatus post`: read the text, apply the rules, send it or show what would be sent."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import output
from ..app import JsonOpt, ProfileOpt, config_option, reporting_errors
from ..errors import UsageError


def _finite_timeout(value: float | None) -> float | None:
    # click's range check lets nan through (every comparison with nan is false).
    if value is not None and not 0.1 <= value <= 3600:
        raise typer.BadParameter("give seconds from 0.1 to 3600")
    return value


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
            max=3600,
            callback=_finite_timeout,
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
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="Schedule for WHEN (2026-12-01T09:00[+03:00], 'YYYY-MM-DD HH:MM', HH:MM).",
            show_default=False,
        ),
    ] = None,
    in_: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="DURATION",
            help="Schedule DURATION from now (90s, 15m, 2h, 1d, 1h30m).",
            show_default=False,
        ),
    ] = None,
    outbox: Annotated[
        bool | None,
        typer.Option(
            "--outbox/--no-outbox",
            help="Keep it for 'outbox flush' if sending fails before anything was queued "
            "(default: the profile's outbox key).",
            show_default=False,
        ),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help="Send even if the same status was posted within duplicate_window minutes.",
        ),
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

      greenstatus post "Doors open" --at "2026-12-01 09:00"

      greenstatus post "Back in 15 minutes" --in 15m
    """
    from .. import compose, config
    from ..rules import when
    from ..rules.text import decode, read_source, text_from_stdin

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        settings = config.resolve(config_option(ctx), profile)
        output.register_secret(settings.get("api_token_instance"))
        for warning in settings.warnings:
            output.warn(warning)
        due = when.due_time(at, in_, when.now())
        if to_file == "-" and text_from_stdin(text, file):
            raise UsageError("stdin can carry the text or the recipients (--to-file -), not both")
        stdin = getattr(sys.stdin, "buffer", None)
        raw = read_source(text, file, stdin, output.is_terminal(sys.stdin))
        options = compose.Options(
            color=color, font=font, to=to or [], truncate=truncate, force=force
        )
        if to_file is not None:
            options.to_file_text = decode(read_source(None, to_file, stdin, False))
        prepared = compose.prepare(raw, options, settings)
        for warning in prepared.warnings:
            output.warn(warning)
        if dry_run:
            request, preview = compose.describe(prepared, settings)
            output.dry_run(request, preview, as_json=as_json)
            return
        from ..delivery import How, Request, deliver

        how = How(timeout, retries, verbose, as_json, due, outbox, allow_duplicate)
        deliver(settings, Request("text", prepared.body), how)
