"""`outbox import`'s storing side: checked rows become scheduled entries in one transaction.

Each row goes through the steps `post --at` takes in `deliver`: the same OutgoingStatus, a
kept copy of a local media file (store.keep_file), the same NewEntry. Only the duplicate rule
differs, as the contract says: a plan's repeat is the same status at the same time, whatever
its age (store.plans).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..i18n import _
from .deliver import OutgoingStatus, media_status, new_entry

if TYPE_CHECKING:
    from ..compose.plan import CheckedRow
    from ..config import Settings
    from ..store import NewEntry
    from ..store.plans import Planned


def _outgoing(row: CheckedRow) -> OutgoingStatus:
    if row.is_text:
        return OutgoingStatus("text", row.prepared.body)  # type: ignore[arg-type]
    return media_status(row.prepared)  # type: ignore[arg-type]


def _draft(row: CheckedRow, keep: bool) -> NewEntry:
    from .. import store

    status = _outgoing(row)
    file_copy = None
    if keep and status.local_file:
        # A flush sends it days later, after the file was edited or removed: it sends a copy.
        file_copy = store.keep_file(status.local_file, status.media.get("file_sha256"))
    return new_entry(row.settings, status, row.due, row.settings.timeout(None), file_copy)


def _journal_on(settings: Settings) -> None:
    from .. import store

    if not store.enabled(settings):
        raise UsageError(
            _(
                "outbox import needs the journal, which is off in profile {profile} "
                "(journal = false, or GREENSTATUS_JOURNAL=off)",
                profile=settings.profile,
            )
        )


def schedule(rows: list[CheckedRow], *, dry_run: bool) -> list[Planned]:
    """Store every row as a scheduled entry, all or none, skipping repeats; dry_run looks the
    repeats up and stores nothing. StorageError when the journal cannot be used."""
    from .. import store

    for row in rows:
        _journal_on(row.settings)
    if not rows:
        return []
    drafts = [_draft(row, keep=not dry_run) for row in rows]
    with store.open_journal() as journal:
        return journal.add_plan(drafts, store=not dry_run)
