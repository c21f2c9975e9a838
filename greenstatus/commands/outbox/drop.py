"""`greenstatus outbox drop`: never send these entries."""

from __future__ import annotations

from typing import Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import require_profile
from ...app.options import MAX_ENTRY_ID, ProfileOpt
from ...i18n import _


def drop(
    ctx: typer.Context,
    ids: Annotated[
        list[int],
        typer.Argument(
            metavar="ID...", min=1, max=MAX_ENTRY_ID, help="Outbox entry ids.", show_default=False
        ),
    ],
    profile: ProfileOpt = None,
) -> None:
    """Never send these entries: scheduled or pending entries become dropped.

    Any other id is an error, and then nothing changes.

    [bold]Example[/bold]

      greenstatus outbox drop 12 13
    """
    from ... import store

    output.set_quiet(False)
    with reporting_errors():
        require_profile(ctx, profile)
        with store.open_journal() as opened:
            dropped = opened.drop(list(dict.fromkeys(ids)))
        output.success(_("dropped outbox {ids}", ids=", ".join(str(e.id) for e in dropped)))
