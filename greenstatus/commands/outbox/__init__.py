"""`greenstatus outbox`: what waits to be sent, sending what is due, and dropping entries."""

from __future__ import annotations

from typing import Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import config_option, require_profile
from ...app.options import (
    MAX_ENTRY_ID,
    MAX_LIMIT,
    JsonOpt,
    ProfileOpt,
    QuietOpt,
    retries_option,
    timeout_option,
)

outbox_app = typer.Typer(
    help="Scheduled and kept statuses: list them, send what is due, drop some.",
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@outbox_app.callback()
def outbox(ctx: typer.Context, as_json: JsonOpt = False, profile: ProfileOpt = None) -> None:
    """Scheduled and kept statuses; without a subcommand, the same as [bold]outbox list[/bold].

    [bold]Examples[/bold]

      greenstatus outbox

      greenstatus outbox flush -q

      greenstatus outbox drop 12 13
    """
    if ctx.invoked_subcommand is None:
        _list(ctx, as_json, profile)


@outbox_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False, profile: ProfileOpt = None) -> None:
    """The scheduled, pending and sending entries, soonest first.

    Piped: id, due time (UTC), state, profile and the first line, tab-separated.

    [bold]Examples[/bold]

      greenstatus outbox list

      greenstatus outbox list --json
    """
    _list(ctx, as_json, profile)


def _list(ctx: typer.Context, as_json: bool, profile: str | None) -> None:
    from ... import store

    output.set_quiet(False)
    with reporting_errors(as_json):
        require_profile(ctx, profile)
        with store.open_journal() as opened:
            entries = opened.outbox(profile)
        output.outbox_list(entries, as_json=as_json)


@outbox_app.command()
def drop(
    ctx: typer.Context,
    ids: Annotated[
        list[int],
        typer.Argument(
            metavar="ID...", min=1, max=MAX_ENTRY_ID, help="Outbox entry ids.", show_default=False
        ),
    ],
    profile: ProfileOpt = None,
) -> None:
    """Never send these entries: scheduled or pending entries become dropped.

    Any other id is an error, and then nothing changes.

    [bold]Example[/bold]

      greenstatus outbox drop 12 13
    """
    from ... import store

    output.set_quiet(False)
    with reporting_errors():
        require_profile(ctx, profile)
        with store.open_journal() as opened:
            dropped = opened.drop(list(dict.fromkeys(ids)))
        output.success("dropped outbox " + ", ".join(str(e.id) for e in dropped))


@outbox_app.command()
def flush(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-l",
            metavar="N",
            min=1,
            max=MAX_LIMIT,
            help="Send at most N entries.",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
    timeout: Annotated[
        float | None, timeout_option("Per-attempt timeout (default: each profile's timeout).")
    ] = None,
    retries: Annotated[
        int, retries_option("Extra attempts per entry for failures that cannot double-post.")
    ] = 3,
) -> None:
    """Send every due entry, oldest first, at most 5 a second per instance (for cron).

    Each entry is sent with its profile as configured now. A failure that queued nothing
    leaves it pending for the next flush; one that may have queued it makes it unknown,
    never sent again. Piped: one 'id<TAB>idMessage' line per entry queued.

    [bold]Examples[/bold]

      greenstatus outbox flush

      */5 * * * * greenstatus outbox flush -q     (a crontab line)
    """
    from ... import store
    from ...sending.flush import OutboxFlush

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        require_profile(ctx, profile)
        with store.open_journal() as opened:
            flusher = OutboxFlush(opened, config_option(ctx), profile, timeout)
            flusher.as_json, flusher.quiet, flusher.retries = as_json, quiet, retries
            code = flusher.run(limit)
    if code:
        raise typer.Exit(code)
