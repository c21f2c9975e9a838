"""`greenstatus sync`: settle the journal's unknown entries from GREEN-API's journal."""

from __future__ import annotations

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..app.options import JsonOpt, ProfileOpt, QuietOpt, RetriesOpt, TimeoutOpt, VerboseOpt


def sync_command(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    profile: ProfileOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = 3,
    verbose: VerboseOpt = False,
) -> None:
    """Settle unknown entries from GREEN-API's journal of sent statuses; nothing is sent.

    One getOutgoingStatuses call for the profile's instance. An unknown entry with exactly
    one matching status there becomes queued with its idMessage; with several it stays
    unknown (ambiguous); with none 25 hours after it was sent it becomes absent (never
    re-sent, and no longer blocks posting it again). Queued entries get their delivery
    state (sent, delivered, read), or become deleted.

    Piped: one 'id<TAB>old state<TAB>new state<TAB>idMessage or -' line per entry whose
    state changed; a summary on stderr. Needs the instance setting outgoingWebhook = yes.

    [bold]Examples[/bold]

      greenstatus sync

      greenstatus sync --json | jq 'map(select(.to == "queued"))'
    """
    from .. import store
    from ..app.context import for_requests
    from ..sending.settle import settle, webhook_off

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        settings, instance, options = for_requests(ctx, profile, timeout, retries, verbose)
        with store.open_journal(settings) as opened:
            opened.settle_stale()
            if (refused := webhook_off(instance, options)) is not None:
                raise refused
            settled = settle(opened, instance, options)
        output.sync_result(settled, as_json=as_json)
