"""`greenstatus contacts`: who can see your statuses, from GetContacts."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..app.context import load_settings, request_options
from ..app.options import JsonOpt, ProfileOpt, RetriesOpt, TimeoutOpt, VerboseOpt
from ..i18n import _


def contacts_command(
    ctx: typer.Context,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Fetch the contacts again, even if a copy is kept."),
    ] = False,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """Show who can see your statuses: the instance's contacts, and why some cannot.

    A contact sees statuses when it is a person (not a group), saved with a contactName,
    and among the first 1024 such contacts. The list is kept for 24 hours (with the
    journal on) and also written, names only, to contacts.txt for TAB completion.

    Piped: number, contact name, WhatsApp name and yes or no, tab-separated.

    [bold]Examples[/bold]

      greenstatus contacts

      greenstatus contacts --refresh

      greenstatus contacts | awk -F'\\t' '$4 == "no"'

      greenstatus contacts --json | jq '[.[] | select(.sees_statuses)] | length'
    """
    from ..sending import contacts

    with reporting_errors(as_json):
        settings = load_settings(ctx, profile)
        id_instance = settings.credentials()[1]
        found = None if refresh else contacts.kept_copy(settings)
        if found is None:
            listed = contacts.fetch(settings, request_options(settings, timeout, retries, verbose))
        else:
            listed, fetched = found
            if output.is_terminal():
                output.note(
                    _(
                        "kept copy from {when}; --refresh fetches it again",
                        when=output.local_time(fetched),
                    )
                )
        title = _("Contacts of instance {id_instance}", id_instance=id_instance)
        output.contact_list(listed, title=title, as_json=as_json)
