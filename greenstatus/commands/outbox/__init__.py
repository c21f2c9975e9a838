"""`greenstatus outbox`: the sub-app and its verbs (list, drop, flush), one module each."""

from __future__ import annotations

import typer

from ...app.options import JsonOpt, ProfileOpt
from .drop import drop
from .flush import flush
from .import_ import import_plan
from .list import list_, list_entries

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
        list_entries(ctx, as_json, profile)


outbox_app.command("list")(list_)
outbox_app.command()(drop)
outbox_app.command()(flush)
outbox_app.command("import")(import_plan)
