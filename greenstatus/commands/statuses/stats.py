"""`greenstatus stats`: who received and viewed one of your statuses."""

from __future__ import annotations

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.options import JsonOpt, ProfileOpt, TimeoutOpt
from ...i18n import _
from .shared import IdArg, RetriesOpt, VerboseOpt, for_requests, id_message_of


def stats_command(
    ctx: typer.Context,
    id_message: IdArg,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """Show who received and viewed one of your statuses.

    On a terminal, a table and a summary (sent N, delivered N, read N); piped,
    one participant a line: number, state, time (ISO 8601 UTC), TAB-separated.

    [bold]Examples[/bold]

      greenstatus stats BAE5F4886F6F2D05

      greenstatus stats last | grep -c read
    """
    from ... import api
    from ...rules.statuses import stat, summary

    with reporting_errors(as_json):
        settings, instance, options = for_requests(ctx, profile, timeout, retries, verbose)
        ident = id_message_of(settings, id_message)
        items = api.get_status_statistic(instance, ident, **options)
        stats = [stat(item, scrub=output.scrub) for item in items]
        output.status_stats(
            items, stats, summary(stats), title=_("Status {id}", id=ident), as_json=as_json
        )
        if not items:
            output.note(
                _(
                    "no statistics for {id}: not delivered to anyone yet, older than 30 days, "
                    "or statistics are off (they need the instance setting outgoingWebhook = yes)",
                    id=ident,
                )
            )
