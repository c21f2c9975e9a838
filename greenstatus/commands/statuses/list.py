"""`greenstatus list`: the statuses GREEN-API's status lists hold, sent or received."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.options import JsonOpt, ProfileOpt, TimeoutOpt, state_option
from ...errors import UsageError
from ...i18n import _
from ...rules.states import SENT_STATES
from .shared import RetriesOpt, VerboseOpt, for_requests

if TYPE_CHECKING:
    from ...api import Instance

DEFAULT_MINUTES = 1440
# GREEN-API keeps statuses 30 days: a longer look-back finds nothing more.
MAX_MINUTES = 43_200


def list_command(
    ctx: typer.Context,
    minutes: Annotated[
        int,
        typer.Option(
            "--minutes",
            metavar="N",
            min=1,
            max=MAX_MINUTES,
            help="How far back to look, in minutes, up to 43200 (GREEN-API keeps 30 days).",
        ),
    ] = DEFAULT_MINUTES,
    incoming: Annotated[
        bool,
        typer.Option("--incoming", help="Your contacts' statuses instead of yours."),
    ] = False,
    state: Annotated[
        str | None,
        state_option(
            SENT_STATES, "Only your statuses in this state: pending, sent, delivered or read."
        ),
    ] = None,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """List the statuses GREEN-API keeps: sent ones, or with --incoming, received.

    On a terminal, a table; piped, one status a line with TABs between
    idMessage, time of the last action (ISO 8601 UTC), kind, state (the sender
    with --incoming) and the first line of the text or caption.
    The list of sent statuses needs the instance setting outgoingWebhook = yes.

    [bold]Examples[/bold]

      greenstatus list --minutes 60

      greenstatus list --state read | wc -l

      greenstatus list --incoming --json
    """
    from ... import api
    from ...rules.statuses import describe, in_state

    with reporting_errors(as_json):
        if state is not None and incoming:
            raise UsageError(
                _(
                    "--state filters your own statuses by what became of them; "
                    "--incoming lists your contacts' statuses, which have no state"
                )
            )
        _settings, instance, options = for_requests(ctx, profile, timeout, retries, verbose)
        everything = api.get_statuses(instance, incoming=incoming, minutes=minutes, **options)
        items = everything if state is None else in_state(everything, state)
        rows = [describe(item, incoming=incoming, scrub=output.scrub) for item in items]
        title, none = _words(incoming, state, minutes, instance.id_instance)
        output.status_list(items, rows, incoming=incoming, title=title, as_json=as_json)
        if items:
            return
        if output.is_terminal():
            output.note(none)
        if not incoming and not everything:
            _journal_hint(instance, options)


def _words(incoming: bool, state: str | None, minutes: int, instance: str) -> tuple[str, str]:
    """The table's title and the note for an empty list, one whole sentence each."""
    if incoming:
        return (
            _(
                "Received statuses, last {minutes} minutes (instance {instance})",
                minutes=minutes,
                instance=instance,
            ),
            _("no received statuses in the last {minutes} minutes", minutes=minutes),
        )
    if state is None:
        return (
            _(
                "Sent statuses, last {minutes} minutes (instance {instance})",
                minutes=minutes,
                instance=instance,
            ),
            _("no sent statuses in the last {minutes} minutes", minutes=minutes),
        )
    return (
        _(
            "{State} statuses, last {minutes} minutes (instance {instance})",
            State=state.capitalize(),
            minutes=minutes,
            instance=instance,
        ),
        _("no {state} statuses in the last {minutes} minutes", state=state, minutes=minutes),
    )


def _journal_hint(instance: Instance, options: dict[str, Any]) -> None:
    """One getSettings call: an empty journal is often only a setting that is off."""
    from ... import api
    from ...errors import GreenstatusError
    from ...rules.statuses import clean

    try:
        settings = api.get_settings(instance, **{**options, "retries": 0})
    except GreenstatusError:
        return  # the hint is a courtesy; the list itself succeeded
    value = settings.get("outgoingWebhook")
    if value == "yes":
        return
    shown = f'"{clean(value)}"' if isinstance(value, str) else _("not set")
    output.note(
        _(
            "GREEN-API's list of sent statuses needs the instance setting outgoingWebhook "
            '= "yes" (it is {shown}; console.green-api.com, "Receive notifications about sent '
            'messages statuses", takes up to 5 minutes); statuses sent before it was enabled '
            "never appear",
            shown=shown,
        )
    )
