"""`greenstatus history`: the local journal of the profile's instance, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..app.context import load_settings
from ..app.options import JsonOpt, ProfileOpt, limit_option, state_option
from ..errors import ConfigError
from ..i18n import _
from ..rules.states import STATES


def history(
    ctx: typer.Context,
    limit: Annotated[int, limit_option("Show at most N entries.")] = 20,
    state: Annotated[
        str | None,
        state_option(STATES, "Only entries in this state (queued, unknown, pending, ...)."),
    ] = None,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
) -> None:
    """Show what greenstatus sent or keeps for the profile's instance, newest first.

    Piped: id, created (UTC), state, idMessage or -, kind and the first line, tab-separated.

    [bold]Examples[/bold]

      greenstatus history

      greenstatus history --state unknown --limit 5

      greenstatus history --json | jq '.[0].id_message'
    """
    from .. import store

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile, secret=False)
        id_instance = settings.get("id_instance")
        if not id_instance:
            raise ConfigError(
                _(
                    "no id_instance for profile {profile} (config file {path}); "
                    "history shows the entries of one instance",
                    profile=repr(settings.profile),
                    path=settings.path,
                )
            )
        with store.open_journal(settings) as opened:
            entries = opened.history(str(id_instance), limit, state)
        output.history(entries, as_json=as_json)
