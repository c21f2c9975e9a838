"""`greenstatus report`: how many people your recent statuses reached, and how many viewed them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..app.options import (
    JsonOpt,
    ProfileOpt,
    QuietOpt,
    RetriesOpt,
    TimeoutOpt,
    VerboseOpt,
    limit_option,
)


def report_command(
    ctx: typer.Context,
    days: Annotated[
        int,
        typer.Option("--days", "-d", metavar="N", min=1, max=30, help="The last N days (1 to 30)."),
    ] = 7,
    limit: Annotated[int, limit_option("At most N statuses.")] = 30,
    phone: Annotated[
        bool, typer.Option("--all", help="Also the statuses posted from the phone.")
    ] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """Show what your recent statuses reached: reached, delivered and viewed per status.

    Covers the queued statuses in the local journal from the last --days days, newest
    first, with one getStatusStatistic each (GREEN-API allows 1 a second: 30 statuses
    take about 30 s). Piped: idMessage, created (ISO 8601 UTC), kind, reached,
    delivered, viewed and the first line, tab-separated. A status whose statistic fails
    shows '-' and the exit is 75.

    [bold]Examples[/bold]

      greenstatus report

      greenstatus report --days 1 --all

      greenstatus report --json | jq 'map(.viewed) | add'
    """
    from .. import store
    from ..app.context import for_requests
    from ..errors import TemporaryError
    from ..i18n import ngettext
    from ..sending.report import count, statuses

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        settings, instance, options = for_requests(ctx, profile, timeout, retries, verbose)
        with store.open_journal(settings) if store.enabled(settings) else _none() as opened:
            rows = statuses(opened, instance, options, days=days, limit=limit, phone=phone)
        with output.report_progress(len(rows)) as advance:
            failures = count(instance, rows, options, advance)
        error = None
        if failures:
            error = TemporaryError(
                ngettext(
                    "the statistic of {n} status could not be read ({why})",
                    "the statistics of {n} statuses could not be read (first: {why})",
                    len(failures),
                    why=failures[0].message,
                ),
                http_status=failures[0].http_status,
            )
            # --json prints the rows (null where a count failed), not an error object.
            error.result = rows if as_json else None
        if error is None or not as_json:
            output.report(rows, days=days, as_json=as_json)
        if error is not None:
            raise error


def _none() -> Any:
    from contextlib import nullcontext

    return nullcontext(None)
