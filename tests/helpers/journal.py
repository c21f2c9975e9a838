"""The local journal as a test reads and seeds it, behind the back of the installed command."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from greenstatus import store as jn
from helpers.fakeapi import ID_INSTANCE


def rows(state: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(state / "journal.sqlite3")
    try:
        return db.execute(
            "SELECT id, state, id_message, attempts FROM entries ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def seed_due(state: Path, count: int) -> list[int]:
    """Entries due now, as `post --outbox` leaves them after a refused connection."""
    ids = []
    with jn.open_journal(folder=state) as opened:
        for n in range(count):
            body = {"message": f"due {n}", "backgroundColor": "#228B22"}
            draft = jn.NewEntry(
                profile="default",
                id_instance=ID_INSTANCE,
                kind="text",
                body=body,
                fingerprint=jn.fingerprint("text", body),
                state="pending",
                not_before=jn.utcnow() - timedelta(seconds=5),
            )
            added = opened.add(draft)
            assert added.entry is not None
            ids.append(added.entry.id)
    return ids
