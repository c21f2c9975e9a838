"""`greenstatus outbox list`: the scheduled, pending and sending entries."""

from __future__ import annotations

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import require_profile
from ...app.options import JsonOpt, ProfileOpt


def list_(ctx: typer.Context, as_json: JsonOpt = False, profile: ProfileOpt = None) -> None:
    """The scheduled, pending and sending entries, soonest first.

    Piped: id, due time (UTC), state, profile and the first line, tab-separated.

    [bold]Examples[/bold]

      greenstatus outbox list

      greenstatus outbox list --json
    """
    list_entries(ctx, as_json, profile)


def list_entries(ctx: typer.Context, as_json: bool, profile: str | None) -> None:
    from ... import store

    output.set_quiet(False)
    with reporting_errors(as_json):
        require_profile(ctx, profile)
        with store.open_journal() as opened:
            entries = opened.outbox(profile)
        output.outbox_list(entries, as_json=as_json)
