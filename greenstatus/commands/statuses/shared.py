"""What list, stats and delete share: their options and the id behind `last`.

GREEN-API's status lists are the truth about what went out and who saw it; greenstatus's local
journal only supplies the id behind `last`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ...app.context import for_requests as for_requests
from ...app.options import VerboseOpt as VerboseOpt
from ...app.options import retries_option
from ...errors import UsageError
from ...i18n import _

if TYPE_CHECKING:
    from ...config import Settings

LAST = "last"

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


def _last_id(settings: Settings) -> str:
    """The idMessage of the entry GREEN-API queued most recently for the profile's instance."""
    from ... import store

    _url, id_instance, _token = settings.credentials()
    if not store.enabled(settings):
        raise UsageError(
            _(
                "'last' reads the local journal, which is off (journal = false or "
                "GREENSTATUS_JOURNAL=off); give an idMessage ('greenstatus list' shows them)"
            )
        )
    with store.open_journal(settings) as opened:
        entry = opened.last_queued(id_instance)
    if entry is None or not entry.id_message:
        raise UsageError(
            _(
                "no queued status in the journal for instance {instance}; give an idMessage "
                "('greenstatus list' shows them)",
                instance=id_instance,
            )
        )
    return entry.id_message


def id_message_of(settings: Settings, given: str) -> str:
    """The idMessage an ID|last argument names; UsageError for one that cannot be one."""
    if given == LAST:
        return _last_id(settings)
    ident = given.strip()
    if not ident or any(ch.isspace() or not ch.isprintable() for ch in ident):
        raise UsageError(
            _("{given} is not an idMessage (e.g. BAE5F4886F6F2D05) or 'last'", given=repr(given))
        )
    return ident
