"""`greenstatus list`, `stats` and `delete`: GREEN-API's own journal of statuses.

GREEN-API's journal is the truth about what went out and who saw it; greenstatus's local
journal only supplies the id behind `last`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import load_settings
from ...app.options import (
    JsonOpt,
    ProfileOpt,
    TimeoutOpt,
    retries_option,
    state_option,
    verbose_option,
)
from ...errors import UsageError
from ...rules.states import SENT_STATES

if TYPE_CHECKING:
    from ...client import Instance
    from ...config import Settings
    from ...store import Entry

LAST = "last"
DEFAULT_MINUTES = 1440
# GREEN-API keeps statuses 30 days: a longer look-back finds nothing more.
MAX_MINUTES = 43_200

IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID|last",
        help="The status's idMessage, or 'last': the newest queued status in the local journal.",
        show_default=False,
    ),
]
RetriesOpt = Annotated[
    int,
    retries_option(
        "Extra attempts after a refused connection, 429, 502 or 503; "
        "delete also retries a lost answer."
    ),
]
VerboseOpt = Annotated[bool, verbose_option("Request summary on stderr, token masked.")]


# --- the local journal: issue 11 builds it on another branch ------------------------------------
def _last_id(settings: Settings) -> str:
    """The idMessage of the entry GREEN-API queued most recently for the profile's instance."""
    from ... import store

    _, id_instance, _ = settings.credentials()
    if not store.enabled(settings):
        raise UsageError(
            "'last' reads the local journal, which is off (journal = false or "
            "GREENSTATUS_JOURNAL=off); give an idMessage ('greenstatus list' shows them)"
        )
    with store.open_journal(settings) as opened:
        entry = opened.last_queued(id_instance)
    if entry is None or not entry.id_message:
        raise UsageError(
            f"no queued status in the journal for instance {id_instance}; give an idMessage "
            "('greenstatus list' shows them)"
        )
    return entry.id_message


def _journal_entry(settings: Settings, id_message: str) -> Entry | None:
    """The journal's entry for a status, to show what is about to be deleted; None when the
    journal is off, cannot be read, or never saw it."""
    from ... import store
    from ...errors import StorageError

    if not store.enabled(settings):
        return None
    _, id_instance, _ = settings.credentials()
    try:
        with store.open_journal(settings) as opened:
            return opened.by_message(id_instance, id_message)
    except StorageError:
        return None


def _journal_deleted(settings: Settings, id_message: str) -> None:
    """Record in the local journal that the status was deleted.

    The deletion already happened at GREEN-API, so a journal that cannot be written is a
    warning, never a failure: a wrapper must not delete again.
    """
    from ... import store
    from ...errors import StorageError

    if not store.enabled(settings):
        return
    _, id_instance, _ = settings.credentials()
    try:
        with store.open_journal(settings) as opened:
            opened.mark_deleted(id_instance, id_message)
    except StorageError as exc:
        output.warn(f"{exc.message}; the deletion is not recorded in the journal")


# --- shared --------------------------------------------------------------------------------------


def _prepare(ctx: typer.Context, profile: str | None) -> tuple[Settings, Instance]:
    from ... import client

    settings = load_settings(ctx, profile)
    api_url, id_instance, token = settings.credentials()
    return settings, client.Instance(api_url, id_instance, token)


def _options(
    settings: Settings, timeout: float | None, retries: int, verbose: bool
) -> dict[str, Any]:
    return {
        "timeout": timeout if timeout is not None else float(settings.get("timeout")),
        "retries": retries,
        "log": output.err if verbose else None,
    }


def _id_message(settings: Settings, given: str) -> str:
    if given == LAST:
        return _last_id(settings)
    ident = given.strip()
    if not ident or any(ch.isspace() or not ch.isprintable() for ch in ident):
        raise UsageError(f"{given!r} is not an idMessage (e.g. BAE5F4886F6F2D05) or 'last'")
    return ident


# --- list ----------------------------------------------------------------------------------------


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
    """List the statuses GREEN-API's journal holds: sent ones, or with --incoming, received.

    On a terminal, a table; piped, one status a line with TABs between
    idMessage, time of the last action (ISO 8601 UTC), kind, state (the sender
    with --incoming) and the first line of the text or caption.
    The sent-status journal needs the instance setting outgoingWebhook = yes.

    [bold]Examples[/bold]

      greenstatus list --minutes 60

      greenstatus list --state read | wc -l

      greenstatus list --incoming --json
    """
    from ... import client
    from ...rules.statuses import describe, in_state

    with reporting_errors(as_json):
        if state is not None and incoming:
            raise UsageError(
                "--state filters your own statuses by what became of them; "
                "--incoming lists your contacts' statuses, which have no state"
            )
        settings, instance = _prepare(ctx, profile)
        options = _options(settings, timeout, retries, verbose)
        everything = client.get_statuses(instance, incoming=incoming, minutes=minutes, **options)
        items = everything if state is None else in_state(everything, state)
        rows = [describe(item, incoming=incoming, scrub=output.scrub) for item in items]
        which = "Received" if incoming else (state or "sent").capitalize()
        title = f"{which} statuses, last {minutes} minutes (instance {instance.id_instance})"
        output.status_list(items, rows, incoming=incoming, title=title, as_json=as_json)
        if items:
            return
        if output.is_terminal():
            output.note(f"no {which.lower()} statuses in the last {minutes} minutes")
        if not incoming and not everything:
            _journal_hint(instance, options)


def _journal_hint(instance: Instance, options: dict[str, Any]) -> None:
    """One getSettings call: an empty journal is often only a setting that is off."""
    from ... import client
    from ...errors import GreenstatusError
    from ...rules.statuses import clean

    try:
        settings = client.get_settings(instance, **{**options, "retries": 0})
    except GreenstatusError:
        return  # the hint is a courtesy; the list itself succeeded
    value = settings.get("outgoingWebhook")
    if value == "yes":
        return
    shown = f'"{clean(value)}"' if isinstance(value, str) else "not set"
    output.note(
        f"GREEN-API's journal of sent statuses needs the instance setting outgoingWebhook "
        f'= "yes" (it is {shown}; console.green-api.com, "Receive notifications about sent '
        'messages statuses", takes up to 5 minutes); statuses sent before it was enabled '
        "never appear"
    )


# --- stats ---------------------------------------------------------------------------------------


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
    from ... import client
    from ...rules.statuses import stat, summary

    with reporting_errors(as_json):
        settings, instance = _prepare(ctx, profile)
        ident = _id_message(settings, id_message)
        options = _options(settings, timeout, retries, verbose)
        items = client.get_status_statistic(instance, ident, **options)
        stats = [stat(item, scrub=output.scrub) for item in items]
        output.status_stats(items, stats, summary(stats), title=f"Status {ident}", as_json=as_json)
        if not items:
            output.note(
                f"no statistics for {ident}: not delivered to anyone yet, older than 30 days, "
                "or statistics are off (they need the instance setting outgoingWebhook = yes)"
            )


# --- delete --------------------------------------------------------------------------------------


def delete_command(
    ctx: typer.Context,
    id_message: IdArg,
    yes: Annotated[
        bool, typer.Option("--yes", help="Delete without asking (needed off a terminal).")
    ] = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """Delete one of your statuses from WhatsApp.

    On a terminal it asks first unless --yes; anywhere else --yes is required.
    Piped, stdout gets the deleted idMessage.

    [bold]Examples[/bold]

      greenstatus delete BAE5F4886F6F2D05

      greenstatus delete last --yes
    """
    with reporting_errors():
        ask = not yes
        if ask and not output.can_prompt():
            raise UsageError(
                f"not deleting {id_message} without --yes: stdin and stdout are not a terminal, "
                "so there is no one to ask"
            )
        settings, instance = _prepare(ctx, profile)
        ident = _id_message(settings, id_message)
        if ask:
            if not output.confirm(output.delete_prompt(ident, _journal_entry(settings, ident))):
                output.note("nothing deleted")
                return
        from ... import client

        client.delete_status(instance, ident, **_options(settings, timeout, retries, verbose))
        _journal_deleted(settings, ident)
        output.status_deleted(ident)
