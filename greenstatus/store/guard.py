"""Adding an entry: the duplicate guard, the insert and pruning, in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..rules.states import GUARDED, WAITING
from .copies import remove_copies
from .db import Database
from .entries import SELECTED, Added, NewEntry, body_text, read_row
from .times import iso, utcnow

if TYPE_CHECKING:
    from .db import Connection


class Guard(Database):
    """Entries come in through the guard, and old ones leave through pruning."""

    def add(self, new: NewEntry, *, window_minutes: int = 0, keep_days: int | None = None) -> Added:
        """Insert new unless an entry with its fingerprint, in a guarded state, was created
        within window_minutes on the same instance: the look-up and the insert are one
        transaction, so of many identical posts started together exactly one is added."""
        now = utcnow()
        with self._write() as db:
            if window_minutes > 0:
                since = iso(now - timedelta(minutes=window_minutes))
                marks = ",".join("?" * len(GUARDED))
                row = db.execute(
                    f"SELECT {SELECTED} FROM entries WHERE id_instance = ? "
                    f"AND fingerprint = ? AND created >= ? AND state IN ({marks}) "
                    "ORDER BY id DESC LIMIT 1",
                    (new.id_instance, new.fingerprint, since, *GUARDED),
                ).fetchone()
                if row is not None:
                    return Added(None, read_row(row))
            cursor = insert(db, new, now)
            if keep_days:
                self._prune(db, now - timedelta(days=keep_days))
            row = db.execute(
                f"SELECT {SELECTED} FROM entries WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
            return Added(read_row(row), None)

    def prune(self, keep_days: int) -> int:
        """Remove entries created more than keep_days ago (never one still waiting)."""
        with self._write() as db:
            return self._prune(db, utcnow() - timedelta(days=keep_days))

    def _prune(self, db: Connection, before: datetime) -> int:
        marks = ",".join("?" * len(WAITING))
        where = f"created < ? AND state NOT IN ({marks})"
        params = (iso(before), *WAITING)
        copies = db.execute(
            f"SELECT file_copy FROM entries WHERE {where} AND file_copy IS NOT NULL", params
        ).fetchall()
        removed = db.execute(f"DELETE FROM entries WHERE {where}", params).rowcount
        remove_copies(self.path.parent, [copy for (copy,) in copies])
        return int(removed)


def insert(db: Connection, new: NewEntry, now: datetime) -> Any:
    """The one INSERT of a new entry (the caller holds the transaction); the cursor."""
    stamp = iso(now)
    return db.execute(
        "INSERT INTO entries (created, updated, profile, id_instance, kind, method, body, "
        "not_before, state, attempts, timeout, fingerprint, file_sha256, file_name, "
        "url_file, file_copy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        (
            stamp,
            stamp,
            new.profile,
            new.id_instance,
            new.kind,
            new.method,
            body_text(new.body),
            iso(new.not_before or now),
            new.state,
            new.timeout,
            new.fingerprint,
            new.file_sha256,
            new.file_name,
            new.url_file,
            new.file_copy,
        ),
    )
