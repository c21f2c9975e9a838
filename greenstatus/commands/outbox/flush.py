"""`greenstatus outbox flush`: send every due entry (for cron)."""

from __future__ import annotations

from typing import Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import config_option, require_profile
from ...app.options import (
    MAX_LIMIT,
    JsonOpt,
    ProfileOpt,
    QuietOpt,
    retries_option,
    timeout_option,
)


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
