"""`greenstatus delete`: delete one of your statuses, and record it in the local journal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.options import ProfileOpt, TimeoutOpt
from ...errors import UsageError
from ...i18n import _
from .shared import IdArg, RetriesOpt, VerboseOpt, for_requests, id_message_of

if TYPE_CHECKING:
    from ...config import Settings
    from ...store import Entry


def _journal_entry(settings: Settings, id_message: str) -> Entry | None:
    """The journal's entry for a status, to show what is about to be deleted; None when the
    journal is off, cannot be read, or never saw it."""
    from ... import store
    from ...errors import StorageError

    if not store.enabled(settings):
        return None
    _url, id_instance, _token = settings.credentials()
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
    _url, id_instance, _token = settings.credentials()
    try:
        with store.open_journal(settings) as opened:
            opened.mark_deleted(id_instance, id_message)
    except StorageError as exc:
        output.warn(
            _("{message}; the deletion is not recorded in the journal", message=exc.message)
        )


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
                _(
                    "not deleting {id} without --yes: stdin and stdout are not a terminal, "
                    "so there is no one to ask",
                    id=id_message,
                )
            )
        settings, instance, options = for_requests(ctx, profile, timeout, retries, verbose)
        ident = id_message_of(settings, id_message)
        if ask:
            if not output.confirm(output.delete_prompt(ident, _journal_entry(settings, ident))):
                output.note(_("nothing deleted"))
                return
        from ... import api

        api.delete_status(instance, ident, **options)
        _journal_deleted(settings, ident)
        output.status_deleted(ident)
